/**
 * An earlier reconciliation's own figures, checked against the contract's formulas and the grant before any of
 * them is compared with (`--against`): periods of the grant's years, each once and with its own month, each total
 * the sum of its categories, the year to date their sum, headroom and over cap the cap's measures of it. Pure.
 */
import type { GrantConfig } from '../grant-config.js';
import { grantCapOf, grantStandingOf, headroomOf, mostCapOf, overCapOf, yearCapsOf, type GrantStanding } from '../reports/cap.js';
import { fyLabel, isAdjustmentPeriod, LAST_MONTH_PERIOD, monthOfPeriod, parseFyLabel, periodLabel, periodOfLabel } from '../calendar/fiscal.js';
import { formatPence } from '../money.js';
import { monthsOfRunRate, projectedOutturnOf } from '../reports/projection.js';
import { projectionMonthsOf, type YearReport } from '../reports/reconcile.js';
import { categoryIds } from '../rules/categories.js';
import { rateOfLabel, splitApportioned } from '../rules/apportion.js';
import type { Pence } from '../types.js';
import type { ApportionmentLine } from '../reports/apportioned.js';

/** One FY of a reconciliation file, read into pence but not yet believed: the figures of a YearReport it states. */
export type ReconciliationYearFigures = Pick<YearReport, 'year' | 'cap' | 'capCarriedIn' | 'to' | 'ytdActual' | 'headroom' | 'overCap' | 'monthsElapsed' | 'windowMonths' | 'projectedOutturn' | 'periods'> & {
  readonly categories: readonly Pick<YearReport['categories'][number], 'category' | 'ytdActual'>[];
};

/**
 * One apportionment group as a reconciliation states it (reports/apportioned.ts ApportionmentLine), read into pence
 * but not yet believed.
 */
export type ApportionmentGroupFigures = Omit<ApportionmentLine, 'match'>;

/**
 * Every way a reconciliation's figures fail the formulas or the grant; empty when they hold together. The caller has
 * found the file written under this configuration as far as it records one (configuration-checks.ts), so the
 * configuration's caps, window and rates are the file's own.
 */
export function checkReconciliationFigures(
  years: readonly ReconciliationYearFigures[],
  controlTotals: { readonly input: Pence; readonly included: Pence; readonly excluded: Pence; readonly errors: Pence } | undefined,
  config: GrantConfig,
  wholeGrant?: GrantStanding,
  apportionments: readonly ApportionmentGroupFigures[] = [],
): string[] {
  const problems = years.flatMap((y) => yearProblems(y, config));
  problems.push(...carriedInProblems(years, config));
  problems.push(...wholeGrantProblems(wholeGrant, config));
  problems.push(...wholeGrantActualProblems(wholeGrant, years, config));
  problems.push(...apportionmentProblems(apportionments, years));
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
  if (config.window === undefined && y.windowMonths !== undefined) {
    problems.push(`${at}: windowMonths ${y.windowMonths.elapsed} of ${y.windowMonths.inWindow} is stated, but the file has no grant window`);
  }
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

/**
 * A year's full data as the file states it: every period it lists (P01–P12, and P13–P16 where they held rows), so
 * its whole-year actual whatever its `to`. Each period's total has been checked against its categories.
 */
function fullYearActualOf(y: ReconciliationYearFigures): Pence {
  return y.periods.reduce((s, p) => s + p.total, 0n);
}

/**
 * The years of the grant the file holds whose every earlier grant year it holds too, with the whole-year actuals
 * of those earlier years: what the caps carried forward and the whole grant's actual can be worked out from.
 */
function heldFromTheStart(years: readonly ReconciliationYearFigures[], config: GrantConfig): { readonly fy: number; readonly y: ReconciliationYearFigures }[] {
  const held = new Map<number, ReconciliationYearFigures>();
  for (const y of years) {
    const fy = parseFyLabel(y.year);
    if (fy !== undefined) held.set(fy, y);
  }
  const out: { fy: number; y: ReconciliationYearFigures }[] = [];
  for (const g of config.years) {
    const y = held.get(g.fy);
    if (y === undefined) break;
    out.push({ fy: g.fy, y });
  }
  return out;
}

/**
 * With carry-forward, each year's capCarriedIn worked out by the cap's own rule (reports/cap.ts yearCapsOf) from the
 * file's own earlier years (their caps as configured, which the file's agree with, and their whole-year actuals),
 * where the file holds every earlier grant year; a file of one year (`--year`) is held to the bounds (capProblems).
 */
function carriedInProblems(years: readonly ReconciliationYearFigures[], config: GrantConfig): string[] {
  if (config.carryForward !== true) return [];
  const held = heldFromTheStart(years, config);
  const actuals = new Map(held.map(({ fy, y }) => [fy, fullYearActualOf(y)]));
  const caps = yearCapsOf(config, (fy) => actuals.get(fy) ?? 0n);
  const problems: string[] = [];
  for (const { fy, y } of held) {
    const worked = caps.find((c) => c.fy === fy);
    if (worked === undefined || y.capCarriedIn === undefined || y.capCarriedIn === worked.carriedIn) continue;
    const before = held.filter((h) => h.fy < fy).map((h) => `${h.y.year} actual ${formatPence(actuals.get(h.fy) ?? 0n)} against cap ${formatPence(h.y.cap)}`);
    problems.push(
      `years ${y.year}: capCarriedIn ${formatPence(y.capCarriedIn)} is not what the file's earlier years leave unspent, ${formatPence(worked.carriedIn)}${before.length > 0 ? ` (${before.join('; ')})` : ' (the grant\'s first year carries nothing in)'}`,
    );
  }
  return problems;
}

/**
 * The whole grant's actual and projection, worked out by the rule's own home (reports/cap.ts grantStandingOf) from
 * the file's years: `through` is a year the file reports, no later year of it holds a figure, and where the file
 * holds every grant year up to `through`, the actual is their whole-year actuals and that year's year to date.
 */
function wholeGrantActualProblems(g: GrantStanding | undefined, years: readonly ReconciliationYearFigures[], config: GrantConfig): string[] {
  if (g === undefined || config.grantCap === undefined) return [];
  const through = parseFyLabel(g.through);
  const last = years.find((y) => parseFyLabel(y.year) === through);
  if (through === undefined || last === undefined) return [`wholeGrant.through ${g.through} is not a year the file reports (${years.map((y) => y.year).join(', ')})`];
  const later = years.find((y) => (parseFyLabel(y.year) ?? 0) > through && y.periods.some((p) => p.total !== 0n || Object.values(p.categories).some((a) => a !== 0n)));
  if (later !== undefined) return [`wholeGrant.through ${g.through} is not the latest year holding figures: ${later.year} holds some`];
  const held = heldFromTheStart(years, config);
  if (!held.some((h) => h.fy === through)) return [];
  const before = held.filter((h) => h.fy < through).reduce((s, h) => s + fullYearActualOf(h.y), 0n);
  const worked = grantStandingOf(config.grantCap, g.through, before + last.ytdActual, before + last.projectedOutturn);
  const problems: string[] = [];
  const earlier = held.filter((h) => h.fy < through).map((h) => h.y.year);
  const sum = earlier.length === 0 ? `${last.year} ytdActual` : `the whole years ${earlier.join(', ')} and ${last.year} ytdActual`;
  if (g.actual !== worked.actual) problems.push(`wholeGrant.actual ${formatPence(g.actual)} is not the sum of ${sum}, ${formatPence(worked.actual)}`);
  if (g.projectedOutturn !== worked.projectedOutturn) problems.push(`wholeGrant.projectedOutturn ${formatPence(g.projectedOutturn)} is not ${earlier.length === 0 ? '' : `the whole years ${earlier.join(', ')} and `}${last.year} projectedOutturn, ${formatPence(worked.projectedOutturn)}`);
  return problems;
}

/**
 * Each apportionment group: of a year the file reports, its month that of its period, each of rule, year and period
 * once, at least one row, and its split the rule's own (rules/apportion.ts splitApportioned: the rate applied to
 * the group's total, rounded half away from zero), included and apportioned-out adding up to the total.
 */
function apportionmentProblems(groups: readonly ApportionmentGroupFigures[], years: readonly ReconciliationYearFigures[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, g] of groups.entries()) {
    const at = `apportionments[${i}] ("${g.rule}" ${g.year} ${g.period})`;
    const fy = parseFyLabel(g.year);
    const period = periodOfLabel(g.period);
    if (fy === undefined || period === undefined || !years.some((y) => y.year === g.year)) {
      problems.push(`${at}: ${g.year} ${g.period} is not a period of a year the file reports`);
      continue;
    }
    if (g.month !== monthOfPeriod(fy, period)) problems.push(`${at}: month "${g.month}" is not ${monthOfPeriod(fy, period)}, the month of ${g.period} in ${g.year}`);
    const key = `${g.rule}|${g.year}|${g.period}`;
    if (seen.has(key)) problems.push(`${at}: the rule's group of ${g.year} ${g.period} is listed twice`);
    seen.add(key);
    if (g.rows < 1) problems.push(`${at}: a group holds at least one row, not ${g.rows}`);
    const rate = rateOfLabel(g.rate);
    if (rate === undefined) {
      problems.push(`${at}: rate "${g.rate}" is not a percentage from 0% to 100%`);
      continue;
    }
    const split = splitApportioned([g.total], rate);
    if (g.included !== split.included) problems.push(`${at}: included ${formatPence(g.included)} is not ${g.rate} of total ${formatPence(g.total)}, rounded half away from zero: ${formatPence(split.included)}`);
    if (g.included + g.excluded !== g.total) problems.push(`${at}: included ${formatPence(g.included)} + excluded ${formatPence(g.excluded)} is not total ${formatPence(g.total)}`);
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
