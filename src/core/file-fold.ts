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
   * For exports that hold personal data: the only cells a diagnostic's offending line may show. Every other cell
   * (employee numbers, names, grades, and any column the profile does not know) is masked. Undefined: show all.
   */
  readonly revealed: readonly number[] | undefined;
  /** When true, messages quote no cell value (payroll rows: PRODUCT.md "Messages"). */
  readonly quoteNoValues: boolean;
}

/** A reason a row cannot be read. */
export interface RowProblem {
  readonly code: RowErrorCode;
  readonly message: string;
  readonly hint: string;
}

/** Folds the rows of one export: the shared part. */
export abstract class FileFold {
  private totalSeen = false;

  constructor(
    protected readonly ledger: LedgerFold,
    readonly tally: FileTally,
    protected readonly shape: RowShape,
  ) {}

  /**
   * Folds one record below the header. False, having done nothing, for the total line or a row below it when the
   * ledger cannot decide those (a part fold: their outcome depends on every row above them).
   */
  accept(line: number, cells: readonly string[]): boolean {
    const first = firstFilled(cells);
    if (first < 0) {
      this.tally.blankLines++;
      return true;
    }
    const total = this.totalSeen || this.isTotalLine(cells, first);
    if (total && !this.ledger.decidesTotals) return false;
    const { tally, shape } = this;
    tally.rows++;
    const amountCell = cellAt(cells, shape.amount);
    if (this.totalSeen) {
      this.acceptBelowTotal(this.sourceAt(line), cells, amountCell);
      return true;
    }
    if (total) {
      this.checkTotalLine(this.sourceAt(line), amountCell, cells);
      return true;
    }
    const amount = amountCell === '' ? undefined : parseAmount(amountCell);
    const pence = amount?.ok ? amount.pence : 0n;
    if (amount?.ok) tally.readTotal += amount.pence;
    const problem = this.columnProblem(cells) ?? this.valueProblem(cells) ?? this.amountProblem(amount);
    if (problem) {
      this.fail(this.sourceAt(line), problem, pence, cells);
      return true;
    }
    this.acceptRow(line, cells, pence);
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
   * The outcomes every profile shares, in PRODUCT.md's precedence: duplicate, outside-grant-years,
   * not-grant-cost-centre; undefined when none of them takes the row.
   */
  protected exclusionBeforeEligibility(verdict: DuplicateVerdict, fy: number, costCentre: string): ExclusionReason | undefined {
    if (verdict.kind === 'duplicate') return 'duplicate';
    if (!this.ledger.isGrantYear(fy)) return 'outside-grant-years';
    if (!this.ledger.isGrantCostCentre(costCentre)) return 'not-grant-cost-centre';
    return undefined;
  }

  /** Records the row as an error. */
  protected fail(source: SourceRef, problem: RowProblem, pence: Pence, cells: readonly string[]): void {
    this.ledger.error(this.tally, { source, ...problem, ...(this.ledger.keepsExcerpt ? { excerpt: this.excerptOf(cells) } : {}) }, pence);
  }

  private acceptBelowTotal(source: SourceRef, cells: readonly string[], amountCell: string): void {
    if (amountCell === '') {
      this.ledger.exclude(this.tally, 'footer', 0n, { source });
      return;
    }
    const amount = parseAmount(amountCell);
    if (amount.ok) this.tally.readTotal += amount.pence;
    const shown = this.shape.quoteNoValues ? '' : ` (${amountCell})`;
    this.fail(
      source,
      { code: 'after-total', message: `an amount${shown} stands below the export's total line`, hint: 'rows after the total line are not part of the export: remove them, or export again' },
      amount.ok ? amount.pence : 0n,
      cells,
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
    this.fail(source, { code: 'control-total-mismatch', message, hint: 'the export is truncated or was edited after it was run: export it again' }, 0n, cells);
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

  /** The offending line for a diagnostic: cells rejoined as CSV, personal data masked, capped in length. */
  private excerptOf(cells: readonly string[]): string {
    let end = cells.length;
    while (end > 0 && (cells[end - 1] as string).trim() === '') end--;
    const line = cells
      .slice(0, end)
      .map((c, i) => (this.shape.revealed && !this.shape.revealed.includes(i) && c.trim() !== '' ? '[masked]' : c))
      .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',');
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
  }
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
