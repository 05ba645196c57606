/**
 * An earlier reconciliation's own figures, checked against the contract's formulas and the grant before any of
 * them is compared with (`--against`): periods of the grant's years, each once and with its own month, each total
 * the sum of its categories, the year to date their sum, headroom and over cap the cap's measures of it. Pure.
 */
import type { GrantConfig } from '../grant-config.js';
import { grantCapOf, headroomOf, overCapOf } from '../reports/cap.js';
import { fyLabel, isAdjustmentPeriod, LAST_MONTH_PERIOD, monthOfPeriod, parseFyLabel, periodLabel, periodOfLabel } from '../calendar/fiscal.js';
import { formatPence } from '../money.js';
import { projectedOutturnOf } from '../reports/projection.js';
import type { YearReport } from '../reports/reconcile.js';
import { categoryIds } from '../rules/categories.js';
import type { Pence } from '../types.js';

/** One FY of a reconciliation file, read into pence but not yet believed: the figures of a YearReport it states. */
export type ReconciliationYearFigures = Pick<YearReport, 'year' | 'cap' | 'to' | 'ytdActual' | 'headroom' | 'overCap' | 'monthsElapsed' | 'projectedOutturn' | 'periods'> & {
  readonly categories: readonly Pick<YearReport['categories'][number], 'category' | 'ytdActual'>[];
};

/** Every way a reconciliation's figures fail the formulas or the grant; empty when they hold together. */
export function checkReconciliationFigures(
  years: readonly ReconciliationYearFigures[],
  controlTotals: { readonly input: Pence; readonly included: Pence; readonly excluded: Pence; readonly errors: Pence } | undefined,
  config: GrantConfig,
): string[] {
  const problems = years.flatMap((y) => yearProblems(y, config));
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
  if (grantCap !== y.cap) problems.push(`${at}: cap ${formatPence(y.cap)} is not the grant's cap for ${y.year}, ${formatPence(grantCap)}`);
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
    ['projectedOutturn', y.projectedOutturn, projectedOutturnOf(y.ytdActual, y.monthsElapsed)],
  ];
  for (const [field, stated, worked] of expected) {
    if (stated !== worked) problems.push(`${at}: ${field} ${formatPence(stated)} is not what its figures give, ${formatPence(worked)}`);
  }
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
