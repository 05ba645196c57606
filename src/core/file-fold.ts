/**
 * What every export shares, whatever its profile: blank lines, the export's own total line and the notes below
 * it, the running total of every readable amount, the column-count and required-field checks, and diagnostics
 * whose offending line has any personal data masked. A profile supplies how its rows are read and classified.
 */
import type { DuplicateVerdict } from './duplicates.js';
import type { FileTally, LedgerFold } from './ledger.js';
import { formatMoney, parseAmount, type AmountResult } from './money.js';
import type { ExclusionReason, Pence, RowErrorCode, SourceRef } from './types.js';

/** Where a profile's columns sit, as the shared checks need them. */
export interface RowShape {
  /** Header width: cells beyond it must be empty. */
  readonly width: number;
  /** The amount column (the one an export's total line states). */
  readonly amount: number;
  readonly amountName: string;
  /** Required columns: [cell index, column name], in the order they are checked. */
  readonly required: readonly (readonly [number, string])[];
  /**
   * When true, the export holds personal data (payroll): messages quote no cell value, and a diagnostic's
   * offending line shows only the cells that pass shownCell, and none of a row that does not split into the
   * header's columns, or of a total or footer line (PRODUCT.md "Payroll excerpts").
   */
  readonly quoteNoValues: boolean;
  /** What a row of the layout holds, as messages say it: "a Posting Date and a Net Amount". */
  readonly rowSigns: string;
}

/** A reason a row cannot be read. */
export interface RowProblem {
  readonly code: RowErrorCode;
  readonly message: string;
  readonly hint: string;
}

/** What kind of line a diagnostic's offending line is: a row, or the export's total line or a line below it. */
type LineKind = 'row' | 'total' | 'below-total';

/** Rows of the layout found inside a record's quoted cell (see swallowedRows). */
interface SwallowedRows {
  /** The line the quote opened on, counted from the record's first line (0). */
  readonly opened: number;
  /** The lines that read as rows, counted likewise. */
  readonly lines: readonly number[];
  /** The sum of their readable amounts. */
  readonly pence: Pence;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** Folds the rows of one export: the shared part. */
export abstract class FileFold {
  private totalSeen = false;
  /** The header's line (set by header()). */
  private headerLine = 0;

  constructor(
    protected readonly ledger: LedgerFold,
    readonly tally: FileTally,
    protected readonly shape: RowShape,
  ) {}

  /** The header row, on `line`, spanning `breaks` more lines. */
  header(line: number, breaks: number): void {
    this.headerLine = line;
    this.tally.lines.header++;
    this.tally.lines.continuation += breaks;
  }

  /**
   * A record above the header (given once the header is found): a blank line, a metadata line (a report's title,
   * parameters, notes), or a line that reads as a row of this layout, which is a row in error (`row-above-header`),
   * counted with its amount: a row is never filed as metadata.
   */
  aboveHeader(line: number, cells: readonly string[], breaks: number): void {
    const { tally, shape } = this;
    tally.lines.continuation += breaks;
    if (firstFilled(cells) < 0) {
      tally.lines.blank++;
      return;
    }
    if (!this.readsAsRow(cells)) {
      tally.lines.metadata++;
      return;
    }
    tally.rows++;
    tally.lines.data++;
    // A row reads as one only with a readable amount.
    const pence = this.readAmount(cellAt(cells, shape.amount)) ?? 0n;
    const problem: RowProblem = {
      code: 'row-above-header',
      message: `this line stands above the header (line ${this.headerLine}) but reads as a row of this export (${shape.rowSigns} in their columns), so it is not read as data`,
      hint: 'put the header row first and every row below it, then export again; a report title or notes above the header are fine',
    };
    this.fail(this.sourceAt(line), problem, pence, cells, 'row');
  }

  /**
   * Folds one record below the header, spanning `breaks` more lines. False, having done nothing, for the total line,
   * a row below it or a suspect quote when the ledger does not fold whole files (a part fold: the outcome of the
   * first two depends on every row above, and the third's message names lines the part cannot number).
   */
  accept(line: number, cells: readonly string[], breaks = 0): boolean {
    const { tally, shape } = this;
    const first = firstFilled(cells);
    if (first < 0) {
      tally.lines.blank++;
      tally.lines.continuation += breaks;
      return true;
    }
    const swallowed = breaks > 0 ? this.swallowedRows(cells) : undefined;
    const total = swallowed === undefined && (this.totalSeen || this.isTotalLine(cells, first));
    if ((total || swallowed !== undefined) && !this.ledger.foldsWholeFiles) return false;
    tally.rows++;
    tally.lines.continuation += breaks;
    const amountCell = cellAt(cells, shape.amount);
    if (swallowed !== undefined) {
      // The rows swallowed count with their money, so that the input total is what the file holds.
      tally.lines.data++;
      tally.readTotal += swallowed.pence;
      this.fail(this.sourceAt(line + swallowed.opened), this.suspectQuote(line, swallowed), (this.readAmount(amountCell) ?? 0n) + swallowed.pence, cells, 'row');
      return true;
    }
    if (this.totalSeen) {
      this.acceptBelowTotal(this.sourceAt(line), cells, amountCell);
      return true;
    }
    if (total) {
      tally.lines.total++;
      this.checkTotalLine(this.sourceAt(line), amountCell, cells);
      return true;
    }
    tally.lines.data++;
    const amount = amountCell === '' ? undefined : parseAmount(amountCell);
    if (amount?.ok) tally.readTotal += amount.pence;
    const problem = this.columnProblem(cells) ?? this.valueProblem(cells) ?? this.amountProblem(amount);
    if (problem) {
      this.fail(this.sourceAt(line), problem, amount?.ok ? amount.pence : undefined, cells, 'row');
      return true;
    }
    // No problem: the amount was read (a blank one is a missing field).
    this.acceptRow(line, cells, (amount as { readonly pence: Pence }).pence);
    return true;
  }

  /** Where a row of this file stands. */
  protected sourceAt(line: number): SourceRef {
    return { file: this.tally.file, line };
  }

  /** Ends the file. */
  end(): FileTally {
    this.ledger.duplicateIndex.endFile();
    return this.tally;
  }

  /** Classifies a readable row (its amount already read), on `line`. */
  protected abstract acceptRow(line: number, cells: readonly string[], pence: Pence): void;

  /** The first profile-specific reason the row cannot be read (dates, periods, codes), if any. */
  protected abstract valueProblem(cells: readonly string[]): RowProblem | undefined;

  /** True when the row has no key and no date, so that a lone amount in it can only be a total. */
  protected abstract isKeyless(cells: readonly string[]): boolean;

  /**
   * True when the cells read as a row of this layout: its date (or month) and its amount, each readable in its
   * column. What decides whether a line above the header, or inside a quoted cell, is a row that would be lost.
   */
  protected abstract readsAsRow(cells: readonly string[]): boolean;

  /** Whether a cell may be shown in a diagnostic's offending line of an export with personal data (quoteNoValues). */
  protected shownCell(_index: number, _cell: string): boolean {
    return true;
  }

  /**
   * The outcomes every profile shares, in PRODUCT.md's precedence: duplicate, outside-grant-years,
   * not-grant-cost-centre; undefined when none of them takes the row.
   */
  protected exclusionBeforeEligibility(verdict: DuplicateVerdict, fy: number, costCentre: string): ExclusionReason | undefined {
    if (verdict.kind === 'duplicate') return 'duplicate';
    if (!this.ledger.isGrantYear(fy)) return 'outside-grant-years';
    if (!this.ledger.isGrantCostCentre(costCentre)) return 'not-grant-cost-centre';
    return undefined;
  }

  /** Records the row as an error, with its amount (undefined: it cannot be read). */
  protected fail(source: SourceRef, problem: RowProblem, pence: Pence | undefined, cells: readonly string[], kind: LineKind = 'row'): void {
    this.ledger.error(this.tally, { source, ...problem, ...(this.ledger.keepsExcerpt ? { excerpt: this.excerptOf(cells, kind) } : {}) }, pence);
  }

  /** The pence of a row's amount cell, added to the file's read total; undefined when it cannot be read. */
  private readAmount(amountCell: string): Pence | undefined {
    if (amountCell === '') return undefined;
    const amount = parseAmount(amountCell);
    if (!amount.ok) return undefined;
    this.tally.readTotal += amount.pence;
    return amount.pence;
  }

  /**
   * Rows of this layout inside a record's quoted cells: each line of a cell after its first (the quote that hid
   * the line breaks took no characters of the lines it swallowed) read as a row would be. Only a cell's own text is
   * read so: the record's other cells are its own. Undefined when no line reads as a row: a description that runs
   * over lines is a cell like any other.
   */
  private swallowedRows(cells: readonly string[]): SwallowedRows | undefined {
    let opened: number | undefined;
    const found: number[] = [];
    let pence = 0n;
    // The line each cell begins on, counted from the record's first line.
    let at = 0;
    for (const cell of cells) {
      if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
      const lines = cell.split(LINE_BREAK);
      for (let i = 1; i < lines.length; i++) {
        const row = (lines[i] as string).split(',');
        if (!this.readsAsRow(row)) continue;
        opened ??= at;
        found.push(at + i);
        const amount = parseAmount(cellAt(row, this.shape.amount));
        if (amount.ok) pence += amount.pence;
      }
      at += lines.length - 1;
    }
    return opened === undefined ? undefined : { opened, lines: found, pence };
  }

  /** The `suspect-quote` error of a record on `line` whose quoted cell swallowed rows. */
  private suspectQuote(line: number, swallowed: SwallowedRows): RowProblem {
    const { shape } = this;
    const which = lineList(swallowed.lines.map((offset) => line + offset));
    const money = shape.quoteNoValues ? '' : `, ${formatMoney(swallowed.pence)} between them, counted in error with this row`;
    return {
      code: 'suspect-quote',
      message: `a quoted cell opens here and runs on over ${which}, which read${swallowed.lines.length === 1 ? 's' : ''} as ${swallowed.lines.length === 1 ? 'a row' : 'rows'} of this export (${shape.rowSigns} in their columns${money}): a quote is missing or one too many, and those rows would be lost inside one cell`,
      hint: `correct the quotes on line ${line + swallowed.opened} (a quoted cell must close before the next row begins), or export the file again`,
    };
  }

  private acceptBelowTotal(source: SourceRef, cells: readonly string[], amountCell: string): void {
    if (amountCell === '') {
      this.tally.lines.footer++;
      this.ledger.exclude(this.tally, 'footer', 0n, { source });
      return;
    }
    this.tally.lines.data++;
    const shown = this.shape.quoteNoValues ? '' : ` (${amountCell})`;
    this.fail(
      source,
      { code: 'after-total', message: `an amount${shown} stands below the export's total line`, hint: 'rows after the total line are not part of the export: remove them, or export again' },
      this.readAmount(amountCell),
      cells,
      'below-total',
    );
  }

  /**
   * A total line: its first non-empty cell starts with `Total` or `Grand Total`, or it has no key and no date
   * and its only filled cell is an amount.
   */
  private isTotalLine(cells: readonly string[], first: number): boolean {
    const head = (cells[first] as string).trim();
    const lead = head.charCodeAt(0) | 0x20;
    if ((lead === 0x74 /* t */ || lead === 0x67) /* g */ && /^(grand\s+)?total/i.test(head)) return true;
    for (let i = first + 1; i < cells.length; i++) if ((cells[i] as string).trim() !== '') return false;
    return this.isKeyless(cells) && parseAmount(head).ok;
  }

  private checkTotalLine(source: SourceRef, amountCell: string, cells: readonly string[]): void {
    const { ledger, tally, shape } = this;
    this.totalSeen = true;
    // The total is checked against every readable amount above it, whatever those rows' outcome.
    const stated = amountCell === '' ? undefined : parseAmount(amountCell);
    const statedPence = stated?.ok ? stated.pence : undefined;
    const matches = statedPence === tally.readTotal;
    tally.controlTotal = { line: source.line, stated: statedPence, computed: tally.readTotal, matches };
    if (matches) {
      ledger.exclude(tally, 'control-total', 0n, { source });
      return;
    }
    const shown = amountCell === '' ? 'blank' : shape.quoteNoValues ? 'not an amount' : `"${amountCell}"`;
    const message =
      statedPence === undefined
        ? `the export's total line has no readable amount in ${shape.amountName} (${shown}); the rows above it sum to ${formatMoney(tally.readTotal)}`
        : `the export's total line states ${formatMoney(statedPence)} but the rows above it sum to ${formatMoney(tally.readTotal)} (difference ${formatMoney(statedPence - tally.readTotal)})`;
    this.fail(source, { code: 'control-total-mismatch', message, hint: 'the export is truncated or was edited after it was run: export it again' }, 0n, cells, 'total');
  }

  private columnProblem(cells: readonly string[]): RowProblem | undefined {
    const { shape } = this;
    for (let i = shape.width; i < cells.length; i++) {
      if ((cells[i] as string).trim() !== '') {
        return {
          code: 'wrong-column-count',
          message: `the row has a value in column ${i + 1}, beyond the header's ${shape.width} columns`,
          hint: 'a value holding a comma must be quoted ("Smith, J"); check the row was not split or merged',
        };
      }
    }
    const { required } = shape;
    for (let r = 0; r < required.length; r++) {
      const [index, name] = required[r] as readonly [number, string];
      if (index >= cells.length) {
        return {
          code: 'wrong-column-count',
          message: `the row has ${cells.length} cells and stops before the required column ${name} (column ${index + 1})`,
          hint: 'the row is cut short: check the export was not truncated or edited',
        };
      }
    }
    for (let r = 0; r < required.length; r++) {
      const [index, name] = required[r] as readonly [number, string];
      if (cellAt(cells, index) === '') {
        return {
          code: 'missing-field',
          message: `required field ${name} is blank`,
          hint: `every row needs ${shape.required.map(([, n]) => n).join(', ')}`,
        };
      }
    }
    return undefined;
  }

  private amountProblem(amount: AmountResult | undefined): RowProblem | undefined {
    if (!amount || amount.ok) return undefined;
    return {
      code: 'bad-amount',
      message: `${this.shape.amountName}: ${this.shape.quoteNoValues ? amount.redactedMessage : amount.message}`,
      hint: 'write amounts as 1234.56, 1,234.56 or -1,234.56',
    };
  }

  /**
   * The offending line for a diagnostic: cells rejoined as CSV, capped in length. Of an export with personal data,
   * only the cells that pass their own check (shownCell), and no cell at all of a row that does not split into the
   * header's columns (a name with a comma shifts every cell after it) or of a total or footer line.
   */
  private excerptOf(cells: readonly string[], kind: LineKind): string {
    let end = cells.length;
    while (end > 0 && (cells[end - 1] as string).trim() === '') end--;
    const { shape } = this;
    if (shape.quoteNoValues) {
      const count = `${end} cell${end === 1 ? '' : 's'}`;
      if (kind === 'total') return `[the total line, ${count}: not shown]`;
      if (kind === 'below-total') return `[a line below the total line, ${count}: not shown]`;
      if (!this.splitsIntoColumns(cells)) return `[${count}, not shown: the row does not split into the header's ${shape.width} columns]`;
    }
    const line = cells
      .slice(0, end)
      .map((c, i) => (shape.quoteNoValues && c.trim() !== '' && !this.shownCell(i, c.trim()) ? '[masked]' : c))
      .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',');
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
  }

  /** Does the row have the header's columns: no fewer cells, and none filled beyond them? */
  private splitsIntoColumns(cells: readonly string[]): boolean {
    const { width } = this.shape;
    if (cells.length < width) return false;
    for (let i = width; i < cells.length; i++) if ((cells[i] as string).trim() !== '') return false;
    return true;
  }
}

/** Line numbers as a reader takes them in: runs as ranges ("lines 3–4, 9"), the first few of many. */
function lineList(lines: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && (lines[j + 1] as number) === (lines[j] as number) + 1) j++;
    runs.push(i === j ? String(lines[i]) : `${lines[i]}–${lines[j]}`);
    i = j + 1;
  }
  const shown = runs.length > 5 ? [...runs.slice(0, 5), `${runs.length - 5} more`] : runs;
  return `${lines.length === 1 ? 'line' : 'lines'} ${shown.join(', ')}`;
}

/** A cell, trimmed; blank when the row is short of it. */
export function cellAt(cells: readonly string[], index: number): string {
  return (cells[index] ?? '').trim();
}

/** The first cell with more than white space in it, or -1 for a blank row. */
function firstFilled(cells: readonly string[]): number {
  for (let i = 0; i < cells.length; i++) if ((cells[i] as string).trim() !== '') return i;
  return -1;
}
