/**
 * An earlier reconciliation's own figures, checked against the contract's formulas and the grant before any of
 * them is compared with (`--against`): periods of the grant's years, each once and with its own month, each total
 * the sum of its categories, the year to date their sum, headroom and over cap the cap's measures of it. Pure.
 */
import type { GrantConfig } from '../grant-config.js';
import { grantCapOf, headroomOf, mostCapOf, overCapOf, type GrantStanding } from '../reports/cap.js';
import { fyLabel, isAdjustmentPeriod, LAST_MONTH_PERIOD, monthOfPeriod, parseFyLabel, periodLabel, periodOfLabel } from '../calendar/fiscal.js';
import { formatPence } from '../money.js';
import { monthsOfRunRate, projectedOutturnOf } from '../reports/projection.js';
import { projectionMonthsOf, type YearReport } from '../reports/reconcile.js';
import { categoryIds } from '../rules/categories.js';
import type { Pence } from '../types.js';

/** One FY of a reconciliation file, read into pence but not yet believed: the figures of a YearReport it states. */
export type ReconciliationYearFigures = Pick<YearReport, 'year' | 'cap' | 'capCarriedIn' | 'to' | 'ytdActual' | 'headroom' | 'overCap' | 'monthsElapsed' | 'windowMonths' | 'projectedOutturn' | 'periods'> & {
  readonly categories: readonly Pick<YearReport['categories'][number], 'category' | 'ytdActual'>[];
};

/** Every way a reconciliation's figures fail the formulas or the grant; empty when they hold together. */
export function checkReconciliationFigures(
  years: readonly ReconciliationYearFigures[],
  controlTotals: { readonly input: Pence; readonly included: Pence; readonly excluded: Pence; readonly errors: Pence } | undefined,
  config: GrantConfig,
  wholeGrant?: GrantStanding,
): string[] {
  const problems = years.flatMap((y) => yearProblems(y, config));
  problems.push(...wholeGrantProblems(wholeGrant, config));
  if (years.length === 0) problems.push('it reports no year');
  if (controlTotals && controlTotals.input !== controlTotals.included + controlTotals.excluded + controlTotals.errors) {
    const ct = controlTotals;
    problems.push(`controlTotals.input ${formatPence(ct.input)} is not included ${formatPence(ct.included)} + excluded ${formatPence(ct.excluded)} + errors ${formatPence(ct.errors)}`);
  }
  return problems;
}

function yearProblems(y: ReconciliationYearFigures, config: GrantConfig): string[] {
  const fy = parseFyLabel(y.year);
  if (fy === undefined) return [`years ${y.year}: not a financial year written like 2022/23`];
  const at = `years ${y.year}`;
  const grantCap = grantCapOf(config, fy);
  if (grantCap === undefined) return [`${at}: ${y.year} is not a year of the grant (${config.years.map((g) => fyLabel(g.fy)).join(', ')})`];
  const problems: string[] = [];
  problems.push(...capProblems(y, fy, grantCap, config).map((p) => `${at}: ${p}`));
  const periodIssues = periodListProblems(fy, y);
  if (periodIssues.length > 0) return [...problems, ...periodIssues.map((p) => `${at}: ${p}`)];
  const ids = categoryIds(config);
  for (const p of y.periods) {
    const sum = ids.reduce((s, c) => s + (p.categories[c] ?? 0n), 0n);
    if (sum !== p.total) problems.push(`${at} ${p.period}: total ${formatPence(p.total)} is not the sum of its categories, ${formatPence(sum)}`);
  }
  const listed = y.categories.map((c) => c.category);
  if (listed.join() !== ids.join()) return [...problems, `${at}: categories list ${listed.join(', ') || 'none'}, not ${ids.join(', ')} once each`];
  const inYear = y.periods.filter((p) => y.to === null || p.month <= y.to);
  for (const c of y.categories) {
    const sum = inYear.reduce((s, p) => s + (p.categories[c.category] ?? 0n), 0n);
    if (sum !== c.ytdActual) problems.push(`${at} ${c.category}: ytdActual ${formatPence(c.ytdActual)} is not the sum of its periods in the year to date, ${formatPence(sum)}`);
  }
  const ytd = y.categories.reduce((s, c) => s + c.ytdActual, 0n);
  const expected: [string, Pence, Pence][] = [
    ['ytdActual', y.ytdActual, ytd],
    ['headroom', y.headroom, headroomOf(y.ytdActual, y.cap)],
    ['overCap', y.overCap, overCapOf(y.ytdActual, y.cap)],
    ['projectedOutturn', y.projectedOutturn, projectedOutturnOf(y.ytdActual, y.monthsElapsed, projectionMonthsOf(config, fy))],
  ];
  if (config.window !== undefined) {
    const months = projectionMonthsOf(config, fy);
    const w = y.windowMonths;
    const elapsed = monthsOfRunRate(y.monthsElapsed, months);
    const inWindow = months.last - months.first + 1;
    if (w === undefined || w.elapsed !== elapsed || w.inWindow !== inWindow) {
      problems.push(`${at}: windowMonths ${w === undefined ? 'is missing' : `${w.elapsed} of ${w.inWindow}`}: the grant window gives ${elapsed} of ${inWindow} months for monthsElapsed ${y.monthsElapsed}`);
    }
  }
  for (const [field, stated, worked] of expected) {
    if (stated !== worked) problems.push(`${at}: ${field} ${formatPence(stated)} is not what its figures give, ${formatPence(worked)}`);
  }
  return problems;
}

/** The year's cap: the grant's, and with carry-forward that and the capCarriedIn stated (0.00 up to what could carry). */
function capProblems(y: ReconciliationYearFigures, fy: number, grantCap: Pence, config: GrantConfig): string[] {
  const carried = y.capCarriedIn;
  if (config.carryForward !== true) {
    if (carried !== undefined) return [`capCarriedIn ${formatPence(carried)} is stated, but the grant carries no unspent cap forward`];
    return grantCap === y.cap ? [] : [`cap ${formatPence(y.cap)} is not the grant's cap for ${y.year}, ${formatPence(grantCap)}`];
  }
  if (carried === undefined) return [`capCarriedIn is missing: the grant carries unspent cap forward`];
  const most = mostCapOf(config, fy) - grantCap;
  if (carried < 0n || carried > most) return [`capCarriedIn ${formatPence(carried)} is not between 0.00 and ${formatPence(most)}, what the earlier years' caps could leave`];
  return grantCap + carried === y.cap ? [] : [`cap ${formatPence(y.cap)} is not the grant's cap for ${y.year}, ${formatPence(grantCap)}, + capCarriedIn ${formatPence(carried)}`];
}

/** The whole grant, present exactly when the grant has a grant cap: that cap, and its measures of the actual. */
function wholeGrantProblems(g: GrantStanding | undefined, config: GrantConfig): string[] {
  if (config.grantCap === undefined) return g === undefined ? [] : ['wholeGrant is stated, but the grant has no grant cap'];
  if (g === undefined) return [`wholeGrant is missing: the grant has a grant cap of ${formatPence(config.grantCap)}`];
  const problems: string[] = [];
  if (g.cap !== config.grantCap) problems.push(`wholeGrant.cap ${formatPence(g.cap)} is not the grant cap, ${formatPence(config.grantCap)}`);
  if (g.headroom !== headroomOf(g.actual, g.cap)) problems.push(`wholeGrant.headroom ${formatPence(g.headroom)} is not what its figures give, ${formatPence(headroomOf(g.actual, g.cap))}`);
  if (g.overCap !== overCapOf(g.actual, g.cap)) problems.push(`wholeGrant.overCap ${formatPence(g.overCap)} is not what its figures give, ${formatPence(overCapOf(g.actual, g.cap))}`);
  return problems;
}

/** The periods: P01–P12 once each in order, then any of P13–P16 once each, every one with its own month. */
function periodListProblems(fy: number, y: ReconciliationYearFigures): string[] {
  const expected = y.periods.map((_, i) => (i < LAST_MONTH_PERIOD ? periodLabel(i + 1) : undefined));
  for (const [i, p] of y.periods.entries()) {
    const n = periodOfLabel(p.period);
    if (n === undefined) return [`period "${p.period}" is not one of P01 to P16`];
    if (i < LAST_MONTH_PERIOD && p.period !== expected[i]) return [`period ${p.period} stands where ${expected[i] ?? ''} should: the periods are P01 to P12 in order, then P13 to P16 that hold rows`];
    if (i >= LAST_MONTH_PERIOD && (!isAdjustmentPeriod(n) || (periodOfLabel(y.periods[i - 1]?.period ?? '') ?? 0) >= n)) return [`period ${p.period} is repeated or out of order`];
    if (p.month !== monthOfPeriod(fy, n)) return [`${p.period}: month "${p.month}" is not ${monthOfPeriod(fy, n)}, the month of ${p.period} in ${y.year}`];
  }
  if (y.periods.length < 12) return [`it lists ${y.periods.length} of the periods P01 to P12: a reconciliation lists them all`];
  return [];
}
