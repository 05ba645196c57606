/**
 * Restatements: what changed, in periods an earlier report already showed, between that report and the ledger as
 * it stands now. Pure: a function of the earlier report's figures (and, when it was written with `--with-rows`,
 * its row fingerprints) and of the current ledger's totals and rows.
 *
 * The identity this module keeps: for every cell (FY × period × category) it lists, the restatement (now − then)
 * equals the sum of the `amount` of its row changes, whenever both sides have rows. It holds because each side's
 * rows add up to its figures (the reader of an earlier file checks that; the current rows are the fold's own) and
 * every row is either matched with an equal row (no change), or listed in the cells it leaves and enters.
 *
 * Matching: rows are grouped by identity (row-identity.ts); within a group, rows equal in FY, period, category and
 * amount are matched first, as many times as both sides hold them; the rest are paired in order as changed rows,
 * and what is left over was removed (earlier side) or added (current side).
 */
import { withFy, withPeriod, type FyKeyed, type PeriodKeyed } from '../calendar/fiscal-keys.js';
import { fyLabel, isAdjustmentPeriod, monthOfPeriod, periodLabel, throughPeriod } from '../calendar/fiscal.js';
import type { ObservedRow, RowObserver, YearTotals } from '../fold/ledger.js';
import type { Category, Pence } from '../types.js';
import { inputOrder } from './report-base.js';

/** One included row as a fingerprint: what identifies it, where it counts, its amount and its position. */
export interface RowFingerprint {
  readonly id: string;
  readonly fy: number;
  readonly period: number;
  readonly category: Category;
  readonly amount: Pence;
  readonly file: string;
  readonly line: number;
}

/** An earlier FY's figures as a report showed them: `[period - 1][category index]`, and the periods it reported. */
export interface EarlierYear {
  readonly fy: number;
  readonly amounts: readonly (readonly Pence[])[];
  /** The periods (1..16) the earlier report had shown: see reportedPeriods(). */
  readonly reported: ReadonlySet<number>;
}

/** A row as one side had it. */
export interface RowAt {
  readonly file: string;
  readonly line: number;
  readonly year: string;
  readonly period: string;
  readonly category: Category;
  readonly amount: Pence;
}

/** One row change, as it bears on one cell. */
export interface RowChange {
  readonly change: 'added' | 'removed' | 'changed';
  /** The row's identity (`key:…` or `hash:…`). */
  readonly id: string;
  /** The row then (null for an added row). */
  readonly before: RowAt | null;
  /** The row now (null for a removed row). */
  readonly after: RowAt | null;
  /** What the change does to this cell's figure; a row that moved cells is listed in both, −before and +after. */
  readonly amount: Pence;
}

/** A category of a period whose figure or rows changed. */
export interface CategoryRestatement {
  readonly category: Category;
  readonly earlier: Pence;
  readonly now: Pence;
  readonly restatement: Pence;
  /** The row changes behind it (empty when the rows are not known). */
  readonly changes: readonly RowChange[];
}

/** A period with at least one category restated. */
export interface PeriodRestatement extends PeriodKeyed {
  readonly month: string;
  readonly earlier: Pence;
  readonly now: Pence;
  readonly restatement: Pence;
  readonly categories: readonly CategoryRestatement[];
}

/** A FY's restatements. */
export interface YearRestatement extends FyKeyed {
  /** The last period the earlier report had shown (P01…P16), or null when it showed none of this FY. */
  readonly reportedThrough: string | null;
  readonly restatement: Pence;
  readonly periods: readonly PeriodRestatement[];
}

/**
 * The periods an earlier reconciliation reported for a FY: P01 to its `--to` month (March takes P13–P16 with
 * it); without `--to`, P01 to the latest month holding rows (or, without rows, a non-zero figure), and each of
 * P13–P16 that it listed. A month inside that range that then held nothing was reported as nothing.
 */
export function reportedPeriods(toPeriod: number | null, monthsWithData: readonly number[], listedAdjustmentPeriods: readonly number[]): Set<number> {
  const reported = new Set<number>();
  if (toPeriod !== null) {
    const last = throughPeriod(toPeriod);
    for (let p = 1; p <= last; p++) reported.add(p);
    return reported;
  }
  // A loop, not Math.max(...months): an earlier report with rows gives a month for each, more than a call can take.
  const latest = monthsWithData.reduce((max, p) => (p >= 1 && !isAdjustmentPeriod(p) && p > max ? p : max), 0);
  for (let p = 1; p <= latest; p++) reported.add(p);
  for (const p of listedAdjustmentPeriods) if (isAdjustmentPeriod(p)) reported.add(p);
  return reported;
}

/** A cell's key: FY, period and category. */
type CellKey = string;
const cellKey = (fy: number, period: number, category: Category): CellKey => `${fy}|${period}|${category}`;

/**
 * Matches two sets of rows and lists each change in the cells it bears on (`cellOf` names a row's cell, or
 * undefined when its cell is not compared). Returns the changes per cell, in a deterministic order: changed rows,
 * then removed, then added, each in the order of its side's rows.
 */
export function diffRows(
  earlier: readonly RowFingerprint[],
  current: readonly RowFingerprint[],
  cellOf: (row: RowFingerprint) => string | undefined,
): Map<string, RowChange[]> {
  const groups = new Map<string, { then: number[]; now: number[] }>();
  const group = (id: string): { then: number[]; now: number[] } => {
    let g = groups.get(id);
    if (!g) {
      g = { then: [], now: [] };
      groups.set(id, g);
    }
    return g;
  };
  earlier.forEach((row, i) => group(row.id).then.push(i));
  current.forEach((row, i) => group(row.id).now.push(i));

  const found: { rank: number; order: number; cell: string; change: RowChange }[] = [];
  const list = (rank: number, order: number, row: RowFingerprint, change: RowChange): void => {
    const cell = cellOf(row);
    if (cell !== undefined) found.push({ rank, order, cell, change });
  };
  for (const [id, { then, now }] of groups) {
    // Equal rows first: the same row, unchanged, as many times as both sides hold it (in the order each holds it).
    const waiting = new Map<string, number[]>();
    for (const j of now) {
      const key = placeAndAmount(current[j] as RowFingerprint);
      const queue = waiting.get(key);
      if (queue) queue.push(j);
      else waiting.set(key, [j]);
    }
    const matchedNow = new Set<number>();
    const unmatchedThen: number[] = [];
    for (const i of then) {
      const j = waiting.get(placeAndAmount(earlier[i] as RowFingerprint))?.shift();
      if (j === undefined) unmatchedThen.push(i);
      else matchedNow.add(j);
    }
    const unmatchedNow = now.filter((j) => !matchedNow.has(j));
    const paired = Math.min(unmatchedThen.length, unmatchedNow.length);
    for (let n = 0; n < paired; n++) {
      const i = unmatchedThen[n] as number;
      const a = earlier[i] as RowFingerprint;
      const b = current[unmatchedNow[n] as number] as RowFingerprint;
      const before = rowAt(a);
      const after = rowAt(b);
      if (cellOf(a) !== undefined && cellOf(a) === cellOf(b)) {
        list(0, i, a, { change: 'changed', id, before, after, amount: b.amount - a.amount });
      } else {
        list(0, i, a, { change: 'changed', id, before, after, amount: -a.amount });
        list(0, i, b, { change: 'changed', id, before, after, amount: b.amount });
      }
    }
    for (const i of unmatchedThen.slice(paired)) {
      const a = earlier[i] as RowFingerprint;
      list(1, i, a, { change: 'removed', id, before: rowAt(a), after: null, amount: -a.amount });
    }
    for (const j of unmatchedNow.slice(paired)) {
      const b = current[j] as RowFingerprint;
      list(2, j, b, { change: 'added', id, before: null, after: rowAt(b), amount: b.amount });
    }
  }
  found.sort((x, y) => x.rank - y.rank || x.order - y.order);
  const byCell = new Map<string, RowChange[]>();
  for (const f of found) {
    const changes = byCell.get(f.cell);
    if (changes) changes.push(f.change);
    else byCell.set(f.cell, [f.change]);
  }
  return byCell;
}

/**
 * The restatements of each earlier FY against the current totals: per period the earlier report showed, each
 * category whose figure or rows changed. `rows` gives both sides' rows for a row-level diff; without it, only the
 * figures are compared. FYs the ledger does not hold are left out.
 */
export function restateYears(
  earlierYears: readonly EarlierYear[],
  currentYears: readonly YearTotals[],
  rows?: { readonly earlier: readonly RowFingerprint[]; readonly current: readonly RowFingerprint[] },
): YearRestatement[] {
  const earlierByFy = new Map(earlierYears.map((y) => [y.fy, y]));
  const changes = rows
    ? diffRows(rows.earlier, rows.current, (row) => {
        const y = earlierByFy.get(row.fy);
        return y && y.reported.has(row.period) ? cellKey(row.fy, row.period, row.category) : undefined;
      })
    : new Map<string, RowChange[]>();
  const result: YearRestatement[] = [];
  for (const then of [...earlierYears].sort((a, b) => a.fy - b.fy)) {
    const now = currentYears.find((y) => y.fy === then.fy);
    if (!now) continue;
    const periods: PeriodRestatement[] = [];
    for (const p of [...then.reported].sort((a, b) => a - b)) {
      const categories: CategoryRestatement[] = [];
      let earlierTotal = 0n;
      let nowTotal = 0n;
      now.categories.forEach((category, c) => {
        const before = then.amounts[p - 1]?.[c] ?? 0n;
        const after = now.amounts[p - 1]?.[c] ?? 0n;
        earlierTotal += before;
        nowTotal += after;
        const cellChanges = changes.get(cellKey(then.fy, p, category)) ?? [];
        if (before !== after || cellChanges.length > 0) {
          categories.push({ category, earlier: before, now: after, restatement: after - before, changes: cellChanges });
        }
      });
      if (categories.length > 0) {
        periods.push(withPeriod({ period: periodLabel(p), month: monthOfPeriod(then.fy, p), earlier: earlierTotal, now: nowTotal, restatement: nowTotal - earlierTotal, categories }, p));
      }
    }
    const last = Math.max(0, ...then.reported);
    result.push(
      withFy(
        {
          year: fyLabel(then.fy),
          reportedThrough: last === 0 ? null : periodLabel(last),
          restatement: periods.reduce((s, p) => s + p.restatement, 0n),
          periods,
        },
        then.fy,
      ),
    );
  }
  return result;
}

/** Sums rows per cell (FY × period × category), for checking that a file's rows add up to its figures. */
export function sumRowsByCell(rows: readonly RowFingerprint[]): Map<string, Pence> {
  const sums = new Map<string, Pence>();
  for (const row of rows) {
    const key = cellKey(row.fy, row.period, row.category);
    sums.set(key, (sums.get(key) ?? 0n) + row.amount);
  }
  return sums;
}

/** The key sumRowsByCell() uses for a cell. */
export { cellKey };

/** Rows of one identity are the same row, unchanged, when these agree. */
function placeAndAmount(row: RowFingerprint): string {
  return `${row.fy}|${row.period}|${row.category}|${row.amount}`;
}

function rowAt(row: RowFingerprint): RowAt {
  return { file: row.file, line: row.line, year: fyLabel(row.fy), period: periodLabel(row.period), category: row.category, amount: row.amount };
}

/** An earlier report (a reconciliation, or a claim) as read from its file. */
export interface EarlierReport {
  readonly file: string;
  readonly sha256: string;
  readonly generatedAt: string | null;
  readonly years: readonly EarlierYear[];
  /** Its included rows, when it was written with `--with-rows`; null otherwise. */
  readonly rows: readonly RowFingerprint[] | null;
}

/** The restatements section of a reconciliation made `--against` an earlier one. */
export interface RestatementsReport {
  readonly against: { readonly file: string; readonly sha256: string; readonly generatedAt: string | null };
  /** True when both sides have rows, so each restatement lists the rows behind it. */
  readonly rowLevel: boolean;
  /** Why the rows are not listed, when they are not. */
  readonly note: string | null;
  readonly years: readonly YearRestatement[];
}

/** Says why a comparison is of figures only: the earlier file has no rows. */
export const NO_EARLIER_ROWS_NOTE = 'the earlier file has no rows, so only the figures are compared: for the rows behind each restatement, write the earlier reconciliation with reconcile --with-rows --format json';

/** Compares the ledger with an earlier reconciliation, for the FYs `fys` (every FY both have, when undefined). */
export function buildRestatements(
  earlier: EarlierReport,
  currentYears: readonly YearTotals[],
  currentRows: readonly RowFingerprint[] | null,
  fys?: readonly number[],
): RestatementsReport {
  const years = earlier.years.filter((y) => fys === undefined || fys.includes(y.fy));
  const rows = earlier.rows !== null && currentRows !== null ? { earlier: earlier.rows, current: currentRows } : undefined;
  return {
    against: { file: earlier.file, sha256: earlier.sha256, generatedAt: earlier.generatedAt },
    rowLevel: rows !== undefined,
    note: rows === undefined ? NO_EARLIER_ROWS_NOTE : null,
    years: restateYears(years, currentYears, rows),
  };
}

/** A fingerprint as reports write it (JSON `includedRows`). */
export interface IncludedRowReport {
  readonly id: string;
  readonly year: string;
  readonly period: string;
  readonly category: Category;
  readonly amount: Pence;
  readonly file: string;
  readonly line: number;
}

/** Fingerprints as reports write them. */
export function includedRowsReport(rows: readonly RowFingerprint[]): IncludedRowReport[] {
  return rows.map((r) => ({ id: r.id, year: fyLabel(r.fy), period: periodLabel(r.period), category: r.category, amount: r.amount, file: r.file, line: r.line }));
}

/**
 * An observer that keeps a fingerprint of every included row (of the FYs `keep` accepts), for `--with-rows` and
 * `--against`. Memory grows with the included rows: these options are asked for, never the default.
 */
export function collectIncludedRows(keep: (fy: number, period: number) => boolean = () => true): { readonly observer: RowObserver; readonly rows: RowFingerprint[] } {
  const rows: RowFingerprint[] = [];
  const observe = (row: ObservedRow): void => {
    if (row.outcome !== 'included' || row.fy === undefined || row.period === undefined || row.category === undefined) return;
    if (!keep(row.fy, row.period)) return;
    rows.push({ id: row.identity ?? '', fy: row.fy, period: row.period, category: row.category, amount: row.amount, file: row.source.file, line: row.source.line });
  };
  return { observer: Object.assign(observe, { wantsIdentity: true }), rows };
}

/** Puts fingerprints in input order, then line (payroll rows are decided last, after every GL file). */
export function inInputOrder(rows: readonly RowFingerprint[], files: readonly { readonly file: string }[]): RowFingerprint[] {
  const order = inputOrder(files);
  return [...rows].sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
}
