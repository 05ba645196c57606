/**
 * The monthly reconciliation: per FY, month × category actuals, year to date against the cap, headroom and a
 * full-year projection from the run rate. Pure arithmetic on the ledger's totals.
 */
import type { GrantConfig } from '../grant-config.js';
import { fyLabel, isAdjustmentPeriod, LAST_MONTH_PERIOD, LAST_PERIOD, monthOfPeriod, periodLabel, yearToDateThrough } from '../calendar/fiscal.js';
import { FY, withFy, withPeriod, type FyKeyed, type PeriodKeyed } from '../calendar/fiscal-keys.js';
import { apportionmentLines, termsOf, type ApportionmentLine, type ApportionmentTerm } from './apportioned.js';
import { budgetLine, type BudgetLine } from './budget.js';
import type { CostCentreTotal, Ledger, PayrollDifference, Tally, YearTotals } from '../fold/ledger.js';
import { grantStandingOf, headroomOf, overCapOf, yearCapsOf, type GrantStanding, type YearCap } from './cap.js';
import { windowMonthsOf } from '../calendar/grant-window.js';
import { monthsOfRunRate, projectedOutturnOf, WHOLE_YEAR, type ProjectionMonths } from './projection.js';
import { buildReportBase, type InputFacts, type ReportBase } from './report-base.js';
import { reconciliationSchemaOf, type ReconciliationSchema } from './schema-version.js';
import type { IncludedRowReport, RestatementsReport } from './restatement.js';
import type { Category, Pence } from '../types.js';

/** One period's included money. */
export interface PeriodReport extends PeriodKeyed {
  readonly month: string;
  readonly total: Pence;
  readonly categories: Readonly<Record<Category, Pence>>;
}

/** One FY of the reconciliation. */
export interface YearReport extends FyKeyed {
  /** The year's cap: as configured, with what carried into it (capCarriedIn) where the configuration carries forward. */
  readonly cap: Pence;
  /** Only where the configuration carries forward: the unspent cap of the year before, part of `cap`. */
  readonly capCarriedIn?: Pence;
  /** The last month counted in ytdActual (`--to`), or null for all the FY's data. */
  readonly to: string | null;
  readonly ytdActual: Pence;
  readonly headroom: Pence;
  readonly overCap: Pence;
  /** Months P01 to `--to`, or to the latest month with included rows: the n of the projection. */
  readonly monthsElapsed: number;
  /**
   * Only with a grant window: the months of the year the window touches (`inWindow`, the W the run rate is scaled to)
   * and how many of them have elapsed (`elapsed`, its n).
   */
  readonly windowMonths?: { readonly elapsed: number; readonly inWindow: number };
  readonly projectedOutturn: Pence;
  /** The month in which cumulative actual first passes the cap (all the FY's data), or null. */
  readonly capPassedIn: string | null;
  /**
   * The month in which the run rate (ytdActual / monthsElapsed a month) would take cumulative actual past the cap,
   * or null: when the year is already over its cap, or the run rate stays within it to March.
   */
  readonly projectionPassesCapIn: string | null;
  /** Per category: year to date, and how much of it came from GL and from payroll exports. */
  readonly categories: readonly {
    readonly category: Category;
    readonly ytdActual: Pence;
    readonly gl: Pence;
    readonly payroll: Pence;
    /** The year's budget line against ytdActual, when the configuration sets budgets. */
    readonly budget: BudgetLine | null;
  }[];
  /** The cost centres of the year to date's included rows, by code: together, ytdActual. */
  readonly costCentres: readonly CostCentreLine[];
  /** P01–P12, then P13–P16 where they hold rows (with `--to`, the later ones too: see inYearToDate). */
  readonly periods: readonly PeriodReport[];
}

/** A cost centre's included rows and money over some periods of a FY. */
export interface CostCentreLine {
  readonly costCentre: string;
  readonly rows: number;
  readonly amount: Pence;
}

/** The included rows and money of each cost centre in periods `first..last` of FY `fy`, by code. */
export function costCentreLines(totals: readonly CostCentreTotal[], fy: number, first: number, last: number): CostCentreLine[] {
  const lines = new Map<string, { costCentre: string; rows: number; amount: Pence }>();
  for (const t of totals) {
    if (t.fy !== fy || t.period < first || t.period > last) continue;
    const line = lines.get(t.costCentre) ?? { costCentre: t.costCentre, rows: 0, amount: 0n };
    line.rows += t.rows;
    line.amount += t.amount;
    lines.set(t.costCentre, line);
  }
  return [...lines.values()].sort((a, b) => (a.costCentre < b.costCentre ? -1 : a.costCentre > b.costCentre ? 1 : 0));
}

/** A month and category where payroll evidence and the GL pay postings it supports disagree. */
export interface PayrollDifferenceReport {
  readonly year: string;
  readonly period: string;
  readonly month: string;
  readonly category: Category;
  readonly gl: Pence;
  readonly payroll: Pence;
  /** payroll − gl: positive when payroll shows more pay than the GL journal (a missing posting), negative when less. */
  readonly difference: Pence;
}

/** The reconciliation report value; every format renders this. */
export interface ReconciliationReport extends ReportBase {
  /** `@2` under any grant-terms key of the configuration, else `@1` (schema-version.ts). */
  readonly schema: ReconciliationSchema;
  /** Only with a grant window: its ends (null where open). */
  readonly window?: WindowReport;
  /** Only with apportionments (a `@2` reconciliation): the rules in full, for `--against` to compare (apportioned.ts, termsOf). */
  readonly terms?: { readonly apportionments: readonly ApportionmentTerm[] };
  readonly years: readonly YearReport[];
  /** Only with a grant cap: the whole grant's standing (reports/cap.ts). */
  readonly wholeGrant?: GrantStanding;
  /**
   * Of the included rows of every input: those in the months the report covers (its FYs, to `--to`), counted in
   * its year-to-date figures, and those outside them (another FY, or after `--to`). Together they are the included
   * rows of the row accounting, which is over every input row.
   */
  readonly scope: { readonly inReport: Tally; readonly outside: Tally };
  readonly payrollDifferences: readonly PayrollDifferenceReport[];
  /** Each apportionment rule's groups of the reported FYs (all periods): present only when apportionments are configured. */
  readonly apportionments?: readonly ApportionmentLine[];
  /** With `--against`: what changed in the periods an earlier reconciliation reported (absent without it). */
  readonly restatements?: RestatementsReport;
  /** With `--with-rows`: a fingerprint of every included row of the reported FYs (absent without it). */
  readonly includedRows?: readonly IncludedRowReport[];
}

/** A grant window as reports show it: its ends, null where the window is open. */
export interface WindowReport {
  readonly from: string | null;
  readonly to: string | null;
}

/** The grant window as reports show it; undefined without one. */
export function windowReportOf(config: GrantConfig): WindowReport | undefined {
  return config.window === undefined ? undefined : { from: config.window.from ?? null, to: config.window.to ?? null };
}

/** Each grant FY's eligible actual over all its data (P01–P16): what earlier years carry and claim (reports/cap.ts). */
export function fullYearActualOf(ledger: Ledger): (fy: number) => Pence {
  return (fy) => {
    const year = ledger.years.find((y) => y.fy === fy);
    return year === undefined ? 0n : sumPeriods(year, 1, LAST_PERIOD).reduce((s, a) => s + a, 0n);
  };
}

/** The months of FY `fy` a run rate is taken over: the grant window's there, or the whole year. */
export function projectionMonthsOf(config: GrantConfig, fy: number): ProjectionMonths {
  return config.window === undefined ? WHOLE_YEAR : (windowMonthsOf(config.window, fy) ?? WHOLE_YEAR);
}

/**
 * The whole grant's standing at the end of the report's last year (`years`, in order, the last being the year
 * reported to, or the latest with data): the earlier grant years with all their data, and that year to date.
 */
export function wholeGrantOf(ledger: Ledger, config: GrantConfig, last: (Pick<YearReport, 'ytdActual' | 'projectedOutturn'> & { readonly [FY]: number }) | undefined): GrantStanding | undefined {
  if (config.grantCap === undefined) return undefined;
  const fyOfLast = last?.[FY];
  const actualOf = fullYearActualOf(ledger);
  const before = config.years.filter((y) => fyOfLast === undefined || y.fy < fyOfLast).reduce((s, y) => s + actualOf(y.fy), 0n);
  const through = fyLabel(fyOfLast ?? (config.years[config.years.length - 1] as GrantConfig['years'][number]).fy);
  return grantStandingOf(config.grantCap, through, before + (last?.ytdActual ?? 0n), before + (last?.projectedOutturn ?? 0n));
}

/** Whether the ledger holds included rows of FY `fy` (of any period). */
export function holdsIncludedRows(ledger: Ledger): (fy: number) => boolean {
  return (fy) => ledger.years.some((t) => t.fy === fy && t.rowCounts.some((n) => n > 0));
}

/**
 * Whether the ledger holds a row of period `period` (1..16) of FY `fy` that is included or excluded (a row in error
 * shows nothing): what shows the month of an earlier grant year in the inputs (cap.ts, earlierMonthsNotShown).
 */
export function showsPeriod(ledger: Ledger): (fy: number, period: number) => boolean {
  return (fy, period) => ledger.years.some((t) => t.fy === fy && ((t.rowCounts[period - 1] ?? 0) > 0 || (t.excludedRows?.[period - 1] ?? 0) > 0));
}

/** The included rows and money of period `period` (1..16) of FY `fy` (cap.ts, noSpendContradictions). */
export function includedInPeriod(ledger: Ledger): (fy: number, period: number) => { readonly rows: number; readonly amount: Pence } {
  return (fy, period) => {
    const year = ledger.years.find((t) => t.fy === fy);
    return year === undefined ? { rows: 0, amount: 0n } : { rows: year.rowCounts[period - 1] ?? 0, amount: (year.amounts[period - 1] ?? []).reduce((s, a) => s + a, 0n) };
  };
}

/** The year a whole-grant standing runs to: the one asked for, or the latest grant year holding included rows (else the last). */
export function standingYear(ledger: Ledger, years: readonly YearReport[]): YearReport | undefined {
  const holds = holdsIncludedRows(ledger);
  const withRows = years.filter((y) => holds(y[FY]));
  return withRows[withRows.length - 1] ?? years[years.length - 1];
}

/** What to reconcile: one FY (or all), and optionally up to a month (`yyyy-mm`, a month of that FY). */
export interface ReconcileOptions {
  readonly fy?: number;
  /** Last period counted in year-to-date figures (12 for March, which takes P13–P16 with it). */
  readonly toPeriod?: number;
}

/** Builds the reconciliation from the ledger. */
export function reconcile(
  ledger: Ledger,
  facts: readonly InputFacts[],
  config: GrantConfig,
  options: ReconcileOptions,
  generatedAt: string,
  extras: { readonly restatements?: RestatementsReport; readonly includedRows?: readonly IncludedRowReport[] } = {},
): ReconciliationReport {
  const { generatedAt: stamp, grant, ...base } = buildReportBase(ledger, facts, config.grant, generatedAt);
  const years = reconcileYears(ledger, config, options);
  const window = windowReportOf(config);
  const wholeGrant = wholeGrantOf(ledger, config, standingYear(ledger, years));
  const terms = termsOf(config);
  // Key order is the order of the JSON document; the rows, when asked for, come last.
  return {
    schema: reconciliationSchemaOf(config),
    generatedAt: stamp,
    grant,
    ...(window ? { window } : {}),
    ...(terms ? { terms } : {}),
    years,
    ...(wholeGrant ? { wholeGrant } : {}),
    scope: scopeOf(ledger, options, { rows: base.rows.included, amount: base.controlTotals.included }),
    payrollDifferences: payrollDifferences(ledger, options.fy),
    ...withApportionments(apportionmentLines(ledger, config, options.fy)),
    ...(extras.restatements ? { restatements: extras.restatements } : {}),
    ...base,
    ...(extras.includedRows ? { includedRows: extras.includedRows } : {}),
  };
}

/** The apportionment section as a member of a report: none at all without apportionments. */
export function withApportionments(lines: readonly ApportionmentLine[] | undefined): { readonly apportionments?: readonly ApportionmentLine[] } {
  return lines === undefined ? {} : { apportionments: lines };
}

/** The included rows in the months the report covers, and the rest of the `included` ones. */
function scopeOf(ledger: Ledger, options: ReconcileOptions, included: Tally): ReconciliationReport['scope'] {
  const last = yearToDateThrough(options.toPeriod);
  const inReport = { rows: 0, amount: 0n };
  for (const year of ledger.years) {
    if (options.fy !== undefined && year.fy !== options.fy) continue;
    for (let p = 1; p <= last; p++) {
      inReport.rows += year.rowCounts[p - 1] as number;
      inReport.amount += (year.amounts[p - 1] as Pence[]).reduce((s, a) => s + a, 0n);
    }
  }
  return { inReport, outside: { rows: included.rows - inReport.rows, amount: included.amount - inReport.amount } };
}

/** The ledger's payroll-to-GL differences, for every FY or the one asked for. */
export function payrollDifferencesOf(ledger: Ledger, fy: number | undefined): PayrollDifference[] {
  return ledger.payrollDifferences.filter((d) => fy === undefined || d.fy === fy);
}

/** The payroll-to-GL differences as reports show them, for every FY or the one asked for. */
export function payrollDifferences(ledger: Ledger, fy: number | undefined): PayrollDifferenceReport[] {
  return payrollDifferencesOf(ledger, fy).map(payrollDifferenceReport);
}

/** One payroll-to-GL difference as reports show it: labelled, with the difference. */
export function payrollDifferenceReport(d: PayrollDifference): PayrollDifferenceReport {
  return {
    year: fyLabel(d.fy),
    period: periodLabel(d.period),
    month: monthOfPeriod(d.fy, d.period),
    category: d.category,
    gl: d.gl,
    payroll: d.payroll,
    difference: d.payroll - d.gl,
  };
}

/** The FY sections of the reconciliation: every grant FY, or the one asked for. */
export function reconcileYears(ledger: Ledger, config: GrantConfig, options: ReconcileOptions): YearReport[] {
  const caps = yearCapsOf(config, fullYearActualOf(ledger));
  return ledger.years
    .filter((y) => options.fy === undefined || y.fy === options.fy)
    .map((y) => yearReport(y, caps.find((c) => c.fy === y.fy) as YearCap, options.toPeriod, config, ledger.costCentres));
}

/** Included money of periods `first..last` (1..16), per category (of `amounts`, or of another matrix like it). */
export function sumPeriods(year: YearTotals, first: number, last: number, matrix: Pence[][] = year.amounts): Pence[] {
  const sums = year.categories.map(() => 0n);
  for (let p = first; p <= last; p++) {
    const row = matrix[p - 1] as Pence[];
    for (let c = 0; c < sums.length; c++) sums[c] = (sums[c] as Pence) + (row[c] as Pence);
  }
  return sums;
}

function yearReport(year: YearTotals, yearCap: YearCap, toPeriod: number | undefined, config: GrantConfig, costCentres: readonly CostCentreTotal[]): YearReport {
  const { cap } = yearCap;
  const last = yearToDateThrough(toPeriod);
  const months = projectionMonthsOf(config, year.fy);
  const byCategory = sumPeriods(year, 1, last);
  const fromPayroll = sumPeriods(year, 1, last, year.payroll);
  const ytdActual = byCategory.reduce((s, a) => s + a, 0n);
  const monthsElapsed = toPeriod ?? latestMonthWithRows(year);
  const periods = periodReports(year, LAST_PERIOD);
  const headroom = headroomOf(ytdActual, cap);
  const overCap = overCapOf(ytdActual, cap);
  const projectedOutturn = projectedOutturnOf(ytdActual, monthsElapsed, months);
  return withFy({
    year: fyLabel(year.fy),
    cap,
    ...(config.carryForward === true ? { capCarriedIn: yearCap.carriedIn } : {}),
    to: toPeriod === undefined ? null : monthOfPeriod(year.fy, toPeriod),
    ytdActual,
    headroom,
    overCap,
    monthsElapsed,
    ...(config.window === undefined ? {} : { windowMonths: { elapsed: monthsOfRunRate(monthsElapsed, months), inWindow: months.last - months.first + 1 } }),
    projectedOutturn,
    capPassedIn: capPassedIn(year, cap),
    projectionPassesCapIn: overCap > 0n ? null : projectionPassesCapIn(year.fy, ytdActual, cap, monthsElapsed, months),
    categories: year.categories.map((category, i) => {
      const ytdActual = byCategory[i] as Pence;
      const payroll = fromPayroll[i] as Pence;
      return { category, ytdActual, gl: ytdActual - payroll, payroll, budget: budgetLine(config, year.fy, category, ytdActual) };
    }),
    costCentres: costCentreLines(costCentres, year.fy, 1, last),
    periods,
  }, year.fy);
}

/** Included money per period P01..`last` by category; P13–P16 only where they hold rows. */
export function periodReports(year: YearTotals, last: number): PeriodReport[] {
  const periods: PeriodReport[] = [];
  for (let p = 1; p <= last; p++) {
    if (isAdjustmentPeriod(p) && year.rowCounts[p - 1] === 0) continue;
    const amounts = year.amounts[p - 1] as Pence[];
    periods.push(withPeriod({
      period: periodLabel(p),
      month: monthOfPeriod(year.fy, p),
      total: amounts.reduce((s, a) => s + a, 0n),
      categories: Object.fromEntries(year.categories.map((c, i) => [c, amounts[i] as Pence])),
    }, p));
  }
  return periods;
}

/**
 * Is a period of the year inside its year to date? Every period without `--to`; with it, those whose month is
 * that month or before (P13–P16 have March as their month, so March takes them with it).
 */
export function inYearToDate(year: Pick<YearReport, 'to'>, period: Pick<PeriodReport, 'month'>): boolean {
  return year.to === null || period.month <= year.to;
}

/**
 * The first month k after the months elapsed in which the run rate A/n would take cumulative actual past the cap:
 * the smallest k with A × k / n > cap, compared exactly as A × k > cap × n, k and n counted among the months of
 * the run rate (all twelve, or the grant window's). Null when there is none to the last of them.
 */
function projectionPassesCapIn(fy: number, ytdActual: Pence, cap: Pence, monthsElapsed: number, months: ProjectionMonths): string | null {
  const n = BigInt(monthsOfRunRate(monthsElapsed, months));
  if (n === 0n || ytdActual <= 0n) return null;
  for (let p = Math.max(monthsElapsed, months.first - 1) + 1; p <= months.last; p++) {
    if (ytdActual * BigInt(monthsOfRunRate(p, months)) > cap * n) return monthOfPeriod(fy, p);
  }
  return null;
}

/** The latest month (period 1..12) holding included rows; 0 when none (P13–P16 count in ytdActual, not in n). */
function latestMonthWithRows(year: YearTotals): number {
  for (let p = LAST_MONTH_PERIOD; p >= 1; p--) if ((year.rowCounts[p - 1] as number) > 0) return p;
  return 0;
}

/** The month in which cumulative actual first exceeds the cap, if it does. */
function capPassedIn(year: YearTotals, cap: Pence): string | null {
  let cumulative = 0n;
  for (let p = 1; p <= LAST_PERIOD; p++) {
    cumulative += (year.amounts[p - 1] as Pence[]).reduce((s, a) => s + a, 0n);
    if (cumulative > cap) return monthOfPeriod(year.fy, p);
  }
  return null;
}
