/**
 * The fold: every data row of every input is read, classified into exactly one outcome (included, excluded with a
 * reason, or in error) and added into running totals, as the rows stream past. Only exceptions are kept as rows.
 *
 * Outcome precedence (PRODUCT.md): error → control-total → footer → duplicate → outside-grant-years →
 * not-grant-cost-centre → ineligible-account / ineligible-pay-element → payroll-evidence → included.
 */
import type { GrantConfig } from '../config/grant-config.js';
import { parseDate } from './calendar-date.js';
import { makeChartLookup, type ChartDecision } from './chart.js';
import { DuplicateIndex } from './duplicates.js';
import { parsePeriodCell, resolveFiscalPeriod } from './fiscal.js';
import { formatMoney, formatPence, parseAmount } from './money.js';
import {
  CATEGORIES,
  EXCLUSION_REASONS,
  type Category,
  type ExclusionReason,
  type Pence,
  type RowError,
  type RowErrorCode,
  type SourceRef,
} from './types.js';

/** How many rows and how much money. */
export interface Tally {
  rows: number;
  amount: Pence;
}

/** The check of an export's own total line against the rows above it. */
export interface ControlTotalCheck {
  readonly line: number;
  /** The amount the total line states; undefined when it cannot be read. */
  readonly stated: Pence | undefined;
  /** The sum of every readable amount above it in the amount column. */
  readonly computed: Pence;
  readonly matches: boolean;
}

/** What happened to one input file's rows. */
export interface FileTally {
  readonly file: string;
  readonly profile: string;
  /** Data rows: every row below the header that is not blank. */
  rows: number;
  /** Every readable amount of the file's data rows as read, whatever their outcome (total lines excluded). */
  readTotal: Pence;
  blankLines: number;
  metadataLines: number;
  readonly included: Tally;
  readonly excluded: Tally;
  readonly errors: Tally;
  controlTotal: ControlTotalCheck | undefined;
}

/** Included money of one FY: `amounts[period - 1][category index]`, periods 1..16, categories in CATEGORIES order. */
export interface YearTotals {
  readonly fy: number;
  readonly amounts: Pence[][];
  /** Included rows per period (1..16 at index 0..15). */
  readonly rowCounts: number[];
}

/** A duplicate row and the earlier row it repeats. */
export interface DuplicateRow {
  readonly source: SourceRef;
  readonly duplicateOf: SourceRef;
}

/** The result of the fold over every input: the values every report is computed from. */
export interface Ledger {
  /** Every grant FY, in order, zero-filled. */
  readonly years: readonly YearTotals[];
  /** Every reason, in precedence order (zero where none occurred). */
  readonly exclusions: ReadonlyMap<ExclusionReason, Tally>;
  readonly errors: readonly RowError[];
  readonly duplicates: readonly DuplicateRow[];
  readonly files: readonly FileTally[];
}

/** Where the columns of a GL line export sit in a record (cell indexes). */
export interface GlLayout {
  readonly documentNumber: number;
  readonly line: number;
  readonly postingDate: number;
  readonly costCentre: number;
  readonly account: number;
  readonly net: number;
  readonly period: number | undefined;
  /** Header width: cells beyond it must be empty. */
  readonly width: number;
}

const GL_REQUIRED: readonly [keyof GlLayout, string][] = [
  ['documentNumber', 'Document Number'],
  ['line', 'Line'],
  ['postingDate', 'Posting Date'],
  ['costCentre', 'Cost Centre'],
  ['account', 'Account Code'],
  ['net', 'Net Amount'],
];

/** The fields of a GL row's duplicate content, in the order they are joined. */
const GL_CONTENT_FIELDS = ['key', 'Posting Date', 'financial year', 'period', 'Cost Centre', 'Account Code', 'Net Amount'];
const FIELD_SEPARATOR = '\u001f';

/** Folds every input's rows into a Ledger. Call beginFile for each file in command-line order, then finish. */
export class LedgerFold {
  private readonly years = new Map<number, YearTotals>();
  private readonly exclusions = new Map<ExclusionReason, Tally>(EXCLUSION_REASONS.map((r) => [r, { rows: 0, amount: 0n }]));
  private readonly errors: RowError[] = [];
  private readonly duplicateRows: DuplicateRow[] = [];
  private readonly files: FileTally[] = [];
  private readonly duplicates = new DuplicateIndex();
  readonly chart: (account: string) => ChartDecision;
  private readonly costCentres: ReadonlySet<string> | undefined;

  constructor(readonly config: GrantConfig) {
    for (const year of config.years) {
      this.years.set(year.fy, {
        fy: year.fy,
        amounts: Array.from({ length: 16 }, () => CATEGORIES.map(() => 0n)),
        rowCounts: Array.from({ length: 16 }, () => 0),
      });
    }
    this.chart = makeChartLookup(config.chart);
    this.costCentres = config.costCentres ? new Set(config.costCentres) : undefined;
  }

  /** Starts a GL file; `metadataLines` counts the lines above its header. */
  beginGlFile(file: string, layout: GlLayout, metadataLines: number): GlFileFold {
    const tally: FileTally = {
      file,
      profile: 'gl',
      rows: 0,
      readTotal: 0n,
      blankLines: 0,
      metadataLines,
      included: { rows: 0, amount: 0n },
      excluded: { rows: 0, amount: 0n },
      errors: { rows: 0, amount: 0n },
      controlTotal: undefined,
    };
    this.files.push(tally);
    return new GlFileFold(this, tally, layout);
  }

  /** Ends the fold and returns the ledger. */
  finish(): Ledger {
    return {
      years: [...this.years.values()].sort((a, b) => a.fy - b.fy),
      exclusions: this.exclusions,
      errors: this.errors,
      duplicates: this.duplicateRows,
      files: this.files,
    };
  }

  /** @internal Records a row in error. */
  error(tally: FileTally, source: SourceRef, code: RowErrorCode, message: string, hint: string, amount: Pence, cells: readonly string[]): void {
    tally.errors.rows++;
    tally.errors.amount += amount;
    this.errors.push({ source, code, message, hint, excerpt: excerptOf(cells) });
  }

  /** @internal Records an excluded row. */
  exclude(tally: FileTally, reason: ExclusionReason, amount: Pence): void {
    tally.excluded.rows++;
    tally.excluded.amount += amount;
    const sum = this.exclusions.get(reason) as Tally;
    sum.rows++;
    sum.amount += amount;
  }

  /** @internal Records an included row. */
  include(tally: FileTally, fy: number, period: number, category: Category, amount: Pence): void {
    tally.included.rows++;
    tally.included.amount += amount;
    const year = this.years.get(fy) as YearTotals;
    const row = year.amounts[period - 1] as Pence[];
    const c = CATEGORIES.indexOf(category);
    row[c] = (row[c] as Pence) + amount;
    year.rowCounts[period - 1] = (year.rowCounts[period - 1] as number) + 1;
  }

  /** @internal The duplicate index, shared by every file. */
  get duplicateIndex(): DuplicateIndex {
    return this.duplicates;
  }

  /** @internal Records a duplicate row. */
  duplicate(source: SourceRef, of: SourceRef): void {
    this.duplicateRows.push({ source, duplicateOf: of });
  }

  /** @internal Is the FY one of the grant's? */
  isGrantYear(fy: number): boolean {
    return this.years.has(fy);
  }

  /** @internal Is the (normalised) cost centre one of the grant's? */
  isGrantCostCentre(costCentre: string): boolean {
    return this.costCentres === undefined || this.costCentres.has(costCentre);
  }
}

/** Folds the rows of one GL line export. */
export class GlFileFold {
  private totalSeen = false;

  constructor(
    private readonly ledger: LedgerFold,
    readonly tally: FileTally,
    private readonly layout: GlLayout,
  ) {}

  /** Folds one record below the header. */
  accept(line: number, cells: readonly string[]): void {
    if (isBlank(cells)) {
      this.tally.blankLines++;
      return;
    }
    const { ledger, tally, layout } = this;
    const source: SourceRef = { file: tally.file, line };
    tally.rows++;
    const amountCell = cellAt(cells, layout.net);

    if (this.totalSeen) {
      if (amountCell === '') {
        ledger.exclude(tally, 'footer', 0n);
      } else {
        const amount = parseAmount(amountCell);
        if (amount.ok) tally.readTotal += amount.pence;
        ledger.error(
          tally,
          source,
          'after-total',
          `an amount (${amountCell}) stands below the export's total line`,
          'rows after the total line are not part of the export: remove them, or export again',
          amount.ok ? amount.pence : 0n,
          cells,
        );
      }
      return;
    }
    if (this.isTotalLine(cells)) {
      this.checkTotalLine(source, amountCell, cells);
      return;
    }

    const amount = amountCell === '' ? undefined : parseAmount(amountCell);
    const pence = amount?.ok ? amount.pence : 0n;
    if (amount?.ok) tally.readTotal += amount.pence;

    const problem = this.readProblem(cells, amount);
    if (problem) {
      ledger.error(tally, source, problem.code, problem.message, problem.hint, pence, cells);
      return;
    }

    const date = parseDate(cellAt(cells, layout.postingDate));
    const periodCell = layout.period === undefined ? undefined : parsePeriodCell(cellAt(cells, layout.period));
    if (!date.ok || (periodCell && !periodCell.ok) || !amount?.ok) throw new Error('readProblem missed a bad value');
    const { fy, period } = resolveFiscalPeriod(date.iso, periodCell?.ok ? periodCell.period : undefined);
    const costCentre = normaliseCode(cellAt(cells, layout.costCentre));
    const account = normaliseCode(cellAt(cells, layout.account));
    const key = `${normaliseCode(cellAt(cells, layout.documentNumber))}/${normaliseCode(cellAt(cells, layout.line))}`;
    const content = [key, date.iso, fy, period, costCentre, account, pence].join(FIELD_SEPARATOR);

    const verdict = ledger.duplicateIndex.judge(content, key, source);
    if (verdict.kind === 'conflict') {
      ledger.error(
        tally,
        source,
        'conflicting-duplicate',
        `Document Number + Line ${key} was already read at ${verdict.with.file}:${verdict.with.line} with different content (${describeDifference(verdict.theirContent, content)})`,
        'two exports disagree about one ledger line: keep only the corrected export, or ask for a fresh one',
        pence,
        cells,
      );
      return;
    }
    if (verdict.kind === 'duplicate') {
      ledger.duplicate(source, verdict.of);
      ledger.exclude(tally, 'duplicate', pence);
      return;
    }
    if (!ledger.isGrantYear(fy)) {
      ledger.exclude(tally, 'outside-grant-years', pence);
      return;
    }
    if (!ledger.isGrantCostCentre(costCentre)) {
      ledger.exclude(tally, 'not-grant-cost-centre', pence);
      return;
    }
    const { category } = ledger.chart(account);
    if (category === 'ineligible') {
      ledger.exclude(tally, 'ineligible-account', pence);
      return;
    }
    ledger.include(tally, fy, period, category, pence);
  }

  /** Ends the file. */
  end(): FileTally {
    this.ledger.duplicateIndex.endFile();
    return this.tally;
  }

  /**
   * A total line: its first non-empty cell starts with `Total` or `Grand Total`, or it has no key and no date
   * and its only filled cell is an amount.
   */
  private isTotalLine(cells: readonly string[]): boolean {
    const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
    if (/^(grand\s+)?total/i.test(filled[0] ?? '')) return true;
    const { layout } = this;
    const keyless =
      cellAt(cells, layout.documentNumber) === '' && cellAt(cells, layout.line) === '' && cellAt(cells, layout.postingDate) === '';
    return keyless && filled.length === 1 && parseAmount(filled[0] as string).ok;
  }

  private checkTotalLine(source: SourceRef, amountCell: string, cells: readonly string[]): void {
    const { ledger, tally } = this;
    this.totalSeen = true;
    // The total is checked against every readable amount above it, whatever those rows' outcome.
    const stated = amountCell === '' ? undefined : parseAmount(amountCell);
    const statedPence = stated?.ok ? stated.pence : undefined;
    const matches = statedPence === tally.readTotal;
    tally.controlTotal = { line: source.line, stated: statedPence, computed: tally.readTotal, matches };
    if (matches) {
      ledger.exclude(tally, 'control-total', 0n);
      return;
    }
    const message =
      statedPence === undefined
        ? `the export's total line has no readable amount in Net Amount (${amountCell === '' ? 'blank' : `"${amountCell}"`}); the rows above it sum to ${formatMoney(tally.readTotal)}`
        : `the export's total line states ${formatMoney(statedPence)} but the rows above it sum to ${formatMoney(tally.readTotal)} (difference ${formatMoney(statedPence - tally.readTotal)})`;
    ledger.error(tally, source, 'control-total-mismatch', message, 'the export is truncated or was edited after it was run: export it again', 0n, cells);
  }

  /** The first reason the row cannot be read, if any. */
  private readProblem(
    cells: readonly string[],
    amount: ReturnType<typeof parseAmount> | undefined,
  ): { code: RowErrorCode; message: string; hint: string } | undefined {
    const { layout } = this;
    for (let i = layout.width; i < cells.length; i++) {
      if ((cells[i] as string).trim() !== '') {
        return {
          code: 'wrong-column-count',
          message: `the row has a value in column ${i + 1}, beyond the header's ${layout.width} columns`,
          hint: 'a value holding a comma must be quoted ("Smith, J"); check the row was not split or merged',
        };
      }
    }
    for (const [field, name] of GL_REQUIRED) {
      const index = layout[field] as number;
      if (index >= cells.length) {
        return {
          code: 'wrong-column-count',
          message: `the row has ${cells.length} cells and stops before the required column ${name} (column ${index + 1})`,
          hint: 'the row is cut short: check the export was not truncated or edited',
        };
      }
    }
    for (const [field, name] of GL_REQUIRED) {
      if (cellAt(cells, layout[field] as number) === '') {
        return {
          code: 'missing-field',
          message: `required field ${name} is blank`,
          hint: 'every ledger line needs Document Number, Line, Posting Date, Cost Centre, Account Code and Net Amount',
        };
      }
    }
    const date = parseDate(cellAt(cells, layout.postingDate));
    if (!date.ok) return { code: 'bad-date', message: `Posting Date: ${date.message}`, hint: 'write dates as dd/mm/yyyy, e.g. 31/03/2023' };
    if (layout.period !== undefined) {
      const period = parsePeriodCell(cellAt(cells, layout.period));
      if (!period.ok) {
        return { code: 'bad-period', message: `Period: ${period.message}`, hint: 'write periods as P01 to P16, or leave the cell blank' };
      }
    }
    if (amount && !amount.ok) {
      return { code: 'bad-amount', message: `Net Amount: ${amount.message}`, hint: 'write amounts as 1234.56, 1,234.56 or -1,234.56' };
    }
    return undefined;
  }
}

function cellAt(cells: readonly string[], index: number): string {
  return (cells[index] ?? '').trim();
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

/** Codes (cost centres, accounts, keys) compare trimmed and case-insensitively. */
export function normaliseCode(text: string): string {
  return text.trim().toUpperCase();
}

/** Names the fields in which two rows of one key differ, with both values. */
function describeDifference(theirs: string, ours: string): string {
  const a = theirs.split(FIELD_SEPARATOR);
  const b = ours.split(FIELD_SEPARATOR);
  const differences: string[] = [];
  GL_CONTENT_FIELDS.forEach((name, i) => {
    if (a[i] !== b[i]) {
      const show = (v: string | undefined): string => (name === 'Net Amount' && v !== undefined ? formatPence(BigInt(v)) : (v ?? ''));
      differences.push(`${name} ${show(a[i])} there, ${show(b[i])} here`);
    }
  });
  return differences.join('; ');
}

/** The offending line for a diagnostic: cells rejoined as CSV, trailing empty cells dropped, capped in length. */
function excerptOf(cells: readonly string[]): string {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] as string).trim() === '') end--;
  const line = cells
    .slice(0, end)
    .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
    .join(',');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
