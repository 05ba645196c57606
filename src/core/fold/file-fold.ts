/**
 * What every export shares, whatever its profile: blank lines, the export's own total line and the notes below
 * it, the running total of every readable amount, the column-count and required-field checks, and diagnostics
 * whose offending line has any personal data masked. A profile supplies how its rows are read and classified.
 */
import type { DuplicateVerdict } from '../dedup/duplicates.js';
import type { FileTally, LedgerSink } from './ledger-sink.js';
import { formatMoney, formatPence, parseAmount, type AmountResult } from '../money.js';
import type { ExclusionReason, Pence, RowErrorCode, SourceRef } from '../types.js';

/** Where a profile's columns sit, as the shared checks need them. */
export interface RowShape {
  /** Header width: cells beyond it must be empty. */
  readonly width: number;
  /**
   * The header line's cells, its empty ones after the last name too (an export whose every line ends in empty
   * cells): a row with more, even empty, has a cell that moved (see columnProblem).
   */
  readonly cells: number;
  /** The amount column (the one an export's total line states). */
  readonly amount: number;
  readonly amountName: string;
  /** Required columns: [cell index, column name], in the order they are checked. */
  readonly required: readonly (readonly [number, string])[];
  /**
   * The cells whose values are codes, dates, periods or amounts, which never run over lines: a line break in one is
   * a quote opened or closed in the wrong place (see swallowedRows).
   */
  readonly singleLine: readonly number[];
  /**
   * What a row longer than its header line and the file's first row shows, where the layout reads such a row as one
   * whose cells moved (payroll: a name with an unquoted comma moves the employee number into the Amount); undefined
   * where PRODUCT.md's reading of trailing empty cells as nothing stands (see movedCells).
   */
  readonly longRowMoved: string | undefined;
  /**
   * When true, the export holds personal data (payroll): messages quote no cell value, and a diagnostic's
   * offending line shows only the cells that pass shownCell, and none of a row that does not split into the
   * header's columns, or of a total or footer line (PRODUCT.md "Payroll excerpts").
   */
  readonly quoteNoValues: boolean;
  /** What a row of the layout holds, as messages say it: "a Posting Date and a Net Amount". */
  readonly rowSigns: string;
  /** Amounts that are a spreadsheet's float noise on a penny-exact amount are read as it, with a warning. */
  readonly floatNoise: boolean;
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
  /** The lines inside the quote that look like rows, counted likewise. */
  readonly lines: readonly number[];
  /** The money of every row the record holds, where it can be read (see swallowedRows). */
  readonly pence: Pence;
  /** Lines that look like rows whose amount cannot be read (they do not split into the header's columns). */
  readonly unreadable: readonly number[];
}

const LINE_BREAK = /\r\n|\r|\n/;
/** An amount written with more than two decimals: float noise, perhaps, where a layout reads it so. */
const MANY_DECIMALS = /\.\d{3,}/;

/** Folds the rows of one export: the shared part. */
export abstract class FileFold {
  private totalSeen = false;
  /** The cells of the file's first row below the header (see rowCells). */
  private firstRowCells: number | undefined;
  /** The header's line (set by header()). */
  private headerLine = 0;

  constructor(
    protected readonly ledger: LedgerSink,
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
    if (!this.looksLikeRow(cells)) {
      tally.lines.metadata++;
      return;
    }
    tally.rows++;
    tally.lines.data++;
    const problem: RowProblem = {
      code: 'row-above-header',
      message: `this line stands above the header (line ${this.headerLine}) but looks like a row of this export (${shape.rowSigns} in their columns, or one of them), so it is not read as data`,
      hint: 'put the header row first and every row below it, then export again; a report title or notes above the header are fine',
    };
    this.fail(this.sourceAt(line), problem, this.amountInColumns(cells), cells, 'row');
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
    const amountCell = cellAt(cells, shape.amount);
    // An amount that may be float noise is read in the main thread, which keeps the warnings in order.
    const noisy = shape.floatNoise && MANY_DECIMALS.test(amountCell);
    if ((total || swallowed !== undefined || noisy) && !this.ledger.foldsWholeFiles) return false;
    tally.rows++;
    tally.lines.continuation += breaks;
    if (swallowed !== undefined) {
      // The rows swallowed count with their money, so that the input total is what the file holds.
      tally.lines.data++;
      tally.readTotal += swallowed.pence;
      this.fail(this.sourceAt(line + swallowed.opened), this.suspectQuote(line, swallowed), swallowed.pence, cells, 'row');
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
    this.firstRowCells ??= cells.length;
    const columns = this.columnProblem(cells);
    if (columns?.code === 'wrong-column-count') {
      // A row that does not split into the header's columns has no cell that is surely its amount: a shifted cell
      // (a payroll row's employee number, say) is never read as money.
      this.fail(this.sourceAt(line), columns, undefined, cells, 'row');
      return true;
    }
    const amount = amountCell === '' ? undefined : noisy ? this.readNoisyAmount(this.sourceAt(line), amountCell) : parseAmount(amountCell);
    if (amount?.ok) tally.readTotal += amount.pence;
    const problem = columns ?? this.valueProblem(cells) ?? this.amountProblem(amount);
    if (problem) {
      this.fail(this.sourceAt(line), problem, amount?.ok ? amount.pence : undefined, cells, 'row');
      return true;
    }
    // No problem: the amount was read (a blank one is a missing field).
    this.acceptRow(line, cells, (amount as { readonly pence: Pence }).pence);
    return true;
  }

  /** The header's width: the cells up to its last name. */
  get width(): number {
    return this.shape.width;
  }

  /**
   * Does a file's last line, which ends without a line break, look like a row of this layout cut in its amount or
   * before it: it stops at or before the amount column, short of the header's columns, with its date or amount
   * readable? A row that runs past its amount and only lacks empty columns after it, and a total line or a note
   * below the rows, do not look so.
   */
  cutShort(cells: readonly string[]): boolean {
    return cells.length < this.shape.width && cells.length <= this.shape.amount + 1 && this.looksLikeRow(cells);
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

  /** True when the layout's date (a payroll export's month) is readable in its column. */
  protected abstract readsDate(cells: readonly string[]): boolean;

  /**
   * Does a line look like a row of this layout, however broken: as many filled cells as a row has, less one, and
   * its date or its amount readable in its column? What decides whether a line above the header, inside a quoted
   * cell or below the total line is a row (which is never filed silently as metadata, cell text or a note).
   */
  protected looksLikeRow(cells: readonly string[]): boolean {
    return this.hasFilledCellsOfRow(cells) && (this.readsDate(cells) || parseAmount(cellAt(cells, this.shape.amount)).ok);
  }

  /** As many filled cells as a row of the layout has (its required columns), less one. */
  private hasFilledCellsOfRow(cells: readonly string[]): boolean {
    let filled = 0;
    for (const cell of cells) if (cell.trim() !== '') filled++;
    return filled >= this.shape.required.length - 1;
  }

  /** The amount of a line that splits into the header's columns; undefined when it does not (or cannot be read). */
  private amountInColumns(cells: readonly string[]): Pence | undefined {
    return this.splitsIntoColumns(cells) ? this.readAmount(cellAt(cells, this.shape.amount)) : undefined;
  }

  /** Whether a cell may be shown in a diagnostic's offending line of an export with personal data (quoteNoValues). */
  protected shownCell(_index: number, _cell: string): boolean {
    return true;
  }

  /**
   * The outcomes every profile shares, in PRODUCT.md's precedence: duplicate, outside-grant-years,
   * outside-grant-window, not-grant-cost-centre; undefined when none of them takes the row. `postingIso` is a GL
   * row's posting date; a payroll row has none (its month decides: calendar/grant-window.ts).
   */
  protected exclusionBeforeEligibility(verdict: DuplicateVerdict, fy: number, costCentre: string, period: number, postingIso: string | undefined): ExclusionReason | undefined {
    if (verdict.kind === 'duplicate') return 'duplicate';
    if (!this.ledger.isGrantYear(fy)) return 'outside-grant-years';
    if (!this.ledger.isInGrantWindow(postingIso, fy, period)) return 'outside-grant-window';
    if (!this.ledger.isGrantCostCentre(costCentre)) return 'not-grant-cost-centre';
    return undefined;
  }

  /** Records the row as an error, with its amount (undefined: it cannot be read). */
  protected fail(source: SourceRef, problem: RowProblem, pence: Pence | undefined, cells: readonly string[], kind: LineKind = 'row'): void {
    this.ledger.error(this.tally, { source, ...problem, ...(this.ledger.keepsExcerpt ? { excerpt: this.excerptOf(cells, kind) } : {}) }, pence);
  }

  /**
   * An amount with more than two decimals, in a layout that reads a spreadsheet's float noise to the penny: read as
   * the penny-exact amount it is within a millionth of a penny of, with a warning; anything else as parseAmount says.
   */
  private readNoisyAmount(source: SourceRef, cell: string): AmountResult {
    const pence = this.ledger.roundFloatNoise(cell);
    if (pence === undefined) return parseAmount(cell);
    const { shape } = this;
    const message = shape.quoteNoValues
      ? `${shape.amountName} has decimals beyond the penny that are a spreadsheet's float noise: read to the nearest penny`
      : `${shape.amountName} "${cell}" is a spreadsheet's float noise on ${formatPence(pence)}: read as ${formatPence(pence)}`;
    this.ledger.warn({ source, code: 'amount-rounded', message });
    return { ok: true, pence };
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
   * Rows of this layout inside a record's quoted cells. The record's physical lines are told apart by joining its
   * cells with commas and cutting at each line break (the quote that hid the breaks took no characters of the lines
   * it swallowed, so each line splits into its own columns again). A line after the first was swallowed when what
   * stands on it inside the quoted cell (the record's own cells may follow) has the filled cells of a row and a date
   * or an amount in its columns, or the same filled cells when the first line is a whole row by itself.
   * Undefined when none was: a description that runs over lines is a cell like any other.
   *
   * The money of a record that swallowed rows is that of each of its lines that splits into the header's columns
   * (the first line, from before the quote opened, among them), and the record's own amount where the line it stands
   * on does not split so; a swallowed line that does not split has no amount that can be read, and is named.
   */
  private swallowedRows(cells: readonly string[]): SwallowedRows | undefined {
    const { shape } = this;
    // A quote that a line's own cell opened or closed stays in the text (csv-parse keeps a stray one as it reads
    // it): it is not part of the value.
    const lines = cells.join(',').split(LINE_BREAK).map((text) => text.split(',').map(unquoted));
    // The line each cell begins on, counted from the record's first line; and for each later line, how many of its
    // fields come from inside the quoted cell that runs on to it (the record's own cells may follow them).
    const starts: number[] = [];
    const inside: number[] = [];
    let at = 0;
    for (const cell of cells) {
      starts.push(at);
      const parts = cell.split(LINE_BREAK);
      for (let j = 1; j < parts.length; j++) inside[at + j] = (parts[j] as string).split(',').length;
      at += parts.length - 1;
    }
    const ownAmountLine = starts[shape.amount];
    const firstIsRow = this.splitsIntoColumns(lines[0] as string[]) && this.looksLikeRow(lines[0] as string[]);
    const found: number[] = [];
    for (let i = 1; i < lines.length; i++) {
      const fields = lines[i] as string[];
      // Only what stands inside the quoted cell counts, not the record's own cells after it.
      const within = fields.slice(0, inside[i] ?? fields.length);
      if (!this.hasFilledCellsOfRow(within)) continue;
      const date = this.dateColumn() < within.length && this.readsDate(within);
      const amount = shape.amount < within.length && parseAmount(cellAt(within, shape.amount)).ok;
      if (date || amount || firstIsRow) found.push(i);
    }
    // Text on a later line of a cell of a code, date, period or amount: no such value runs over lines, so the quote
    // around it opened or closed in the wrong place, however few cells of the next row it holds (a quote opened in a
    // row's Line and closed in the next row's merges the two, the first row's amount lost, in the header's cells).
    // Asked only where the first line is a whole row and the record splits into the header's columns, as two rows run
    // together do (a record that does not is in error without its amount already, and a single row with a line
    // break in a value is in error for that value); a cell ending in a line break alone holds nothing of the next.
    for (const index of firstIsRow && this.splitsIntoColumns(cells) ? shape.singleLine : []) {
      const parts = (cells[index] ?? '').split(LINE_BREAK);
      if (parts.slice(1).every((part) => part.trim() === '')) continue;
      const from = starts[index] as number;
      for (let i = from + 1; i < from + parts.length; i++) if (!found.includes(i)) found.push(i);
    }
    found.sort((a, b) => a - b);
    const firstFound = found[0];
    if (firstFound === undefined) return undefined;
    let pence = 0n;
    const unreadable: number[] = [];
    for (const [i, fields] of lines.entries()) {
      if (this.splitsIntoColumns(fields)) {
        pence += parseAmountOrZero(cellAt(fields, shape.amount));
      } else if (i === ownAmountLine) {
        pence += parseAmountOrZero(cellAt(cells, shape.amount));
      } else if (found.includes(i) || (i === 0 && this.looksLikeRow(fields))) {
        unreadable.push(i);
      }
    }
    // The quote opened on the line where the cell holding the first swallowed line began.
    let opened = 0;
    for (const start of starts) if (start < firstFound) opened = start;
    return { opened, lines: found, pence, unreadable };
  }

  /** The `suspect-quote` error of a record on `line` whose quoted cell swallowed rows. */
  private suspectQuote(line: number, swallowed: SwallowedRows): RowProblem {
    const { shape } = this;
    const which = lineList(swallowed.lines.map((offset) => line + offset));
    const money = shape.quoteNoValues ? '' : `; ${formatMoney(swallowed.pence)} in all is counted in error here`;
    const lost = swallowed.unreadable.length === 0 ? '' : `; the amount of ${lineList(swallowed.unreadable.map((offset) => line + offset))} cannot be read (${swallowed.unreadable.length === 1 ? 'it does' : 'they do'} not split into the header's columns)`;
    const one = swallowed.lines.length === 1;
    return {
      code: 'suspect-quote',
      message: `a quoted cell opens here and runs on over ${which}, which look${one ? 's' : ''} like ${one ? 'a row' : 'rows'} of this export (${shape.rowSigns} in their columns, or one of them): a quote is missing or one too many, and those rows would be lost inside one cell${money}${lost}`,
      hint: `correct the quotes on line ${line + swallowed.opened} (a quoted cell must close before the next row begins), or export the file again`,
    };
  }

  private acceptBelowTotal(source: SourceRef, cells: readonly string[], amountCell: string): void {
    // A note below the total line has no amount; a line there that looks like a row is one, whatever its cells.
    if (amountCell === '' && !this.looksLikeRow(cells)) {
      this.tally.lines.footer++;
      this.ledger.exclude(this.tally, 'footer', 0n, { source });
      return;
    }
    this.tally.lines.data++;
    const shown = this.shape.quoteNoValues || amountCell === '' ? '' : ` (${amountCell})`;
    this.fail(
      source,
      { code: 'after-total', message: `${amountCell === '' ? 'a row' : `an amount${shown}`} stands below the export's total line`, hint: 'rows after the total line are not part of the export: remove them, or export again' },
      this.amountInColumns(cells),
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
    // `Total` as a word, on a line with no date: a supplier called TotalEnergies, or Total Gas & Power, heads rows.
    if ((lead === 0x74 /* t */ || lead === 0x67) /* g */ && /^(grand\s+)?total\b/i.test(head)) return !this.readsDate(cells);
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
    if (cells.length > shape.width && splitAmount(cells, shape.amount)) {
      return {
        code: 'wrong-column-count',
        message: `the row has more cells than the header names, and its ${shape.amountName} reads as the first part of an amount split at a thousands comma: every cell after it has moved`,
        hint: 'a value holding a comma must be quoted ("1,234.56", "Smith, J"); check the row was not split or merged',
      };
    }
    const moved = this.movedCells(cells);
    if (moved !== undefined) {
      return {
        code: 'wrong-column-count',
        message: `the row has ${cells.length} cells, more than the header line and the first row have (${this.rowCells}), and ${moved}: a value holding a comma was not quoted, so every cell after it has moved and none is surely its ${shape.amountName}`,
        hint: 'a value holding a comma must be quoted ("Smith, J"); check the row was not split or merged',
      };
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

  /** The cell index of the layout's date (a payroll export's month). */
  protected abstract dateColumn(): number;

  /**
   * Why a row with more cells than its header line and the file's first row, those past the header's columns empty,
   * is read as one whose cells a value with an unquoted comma moved (RowShape.longRowMoved); undefined when it is not,
   * or the row is no longer. PRODUCT.md reads such trailing empty cells as nothing, as an export that ends some lines
   * in empty cells writes them.
   */
  private movedCells(cells: readonly string[]): string | undefined {
    return cells.length > this.rowCells ? this.shape.longRowMoved : undefined;
  }

  /**
   * The cells a row may have: as many as the header line has, or as the file's first row has where it has more (an
   * exporter that ends every row, not its header, with an empty cell).
   */
  private get rowCells(): number {
    return Math.max(this.shape.cells, this.firstRowCells ?? 0);
  }

  /** Does the row have the header's columns: no fewer cells, none filled beyond them, and none moved (movedCells)? */
  private splitsIntoColumns(cells: readonly string[]): boolean {
    const { width } = this.shape;
    if (cells.length < width || this.movedCells(cells) !== undefined) return false;
    for (let i = width; i < cells.length; i++) if ((cells[i] as string).trim() !== '') return false;
    return true;
  }
}

/**
 * Does the amount cell hold the first part of an amount split at its thousands comma (`1` then `234.56`)? Asked
 * only of a row with more cells than the header names, whose cells past the names are blank: unquoted, 1,234.56
 * reads as £1.00 beside blank last columns, with nothing else to show it.
 */
function splitAmount(cells: readonly string[], amount: number): boolean {
  return /^\s*[-(]?£?\d{1,3}\s*$/.test(cellAt(cells, amount)) && /^\s*\d{3}(?:,\d{3})*(?:\.\d{1,2})?\s*(?:-|\)|CR)?\s*$/i.test(cellAt(cells, amount + 1));
}

/** A field of a line told apart inside a record, without the quotes that opened or closed a cell around it. */
function unquoted(field: string): string {
  return field.replace(/^\s*"|"\s*$/g, '');
}

/** The pence of an amount cell, or 0 when it is blank or not an amount. */
function parseAmountOrZero(cell: string): Pence {
  const amount = parseAmount(cell);
  return amount.ok ? amount.pence : 0n;
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
