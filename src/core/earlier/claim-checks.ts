/**
 * An earlier claim's own figures, checked against the contract's formulas (PRODUCT.md "Words") before any of them
 * is believed: a claim file edited by hand, or forged, cannot hold together. Pure: the claim's figures and the
 * grant configuration in, every problem out, each naming the field and the figures.
 */
import type { GrantConfig } from '../grant-config.js';
import { isIsoDate } from '../calendar/calendar-date.js';
import { claimableUnderCaps, grantCapOf, headroomOf, heldByGrantCapOf, mostCapOf, overCapOf } from '../reports/cap.js';
import { claimPeriodRange, fyDateRange, fyLabel, monthOfPeriod, monthPeriodOf, parseFyLabel, periodLabel, periodOfLabel, type ClaimPeriodRange, type ClaimPeriodResult, type ClaimPeriodSpec } from '../calendar/fiscal.js';
import { claimedHow, claimKindAllowed, claimSpecOfLabel, type ClaimFrequency } from '../calendar/claim-periods.js';
import { formatPence } from '../money.js';
import { categoryIds } from '../rules/categories.js';
import type { Category, Pence } from '../types.js';

/** The money of a claim's totals, as its file states them. */
export interface ClaimTotalsFigures {
  readonly periodActual: Pence;
  readonly cumulativeActual: Pence;
  readonly cumulativeClaimable: Pence;
  readonly previouslyClaimed: Pence;
  readonly claimDue: Pence;
  readonly headroom: Pence;
  readonly overCap: Pence;
}

/** What a claim file states, read into pence but not yet believed. */
export interface ClaimFigures {
  readonly year: string;
  /** `frequency`: how often the grant was claimed, as a `grant-recon/claim@2` file says; absent in `@1`. */
  readonly period: { readonly label: string; readonly frequency?: ClaimFrequency | undefined; readonly from: string; readonly to: string };
  readonly cap: Pence;
  /** The unspent cap of the year before, part of `cap`, when the file states it (a grant that carries forward). */
  readonly capCarriedIn?: Pence;
  readonly categories: readonly { readonly category: Category; readonly periodActual: Pence; readonly cumulativeActual: Pence }[];
  /** The FY's months to the end of the claim period, when the file has them. */
  readonly periods?: readonly { readonly period: string; readonly month: string; readonly total: Pence; readonly categories: Readonly<Record<Category, Pence>> }[];
  readonly totals: ClaimTotalsFigures;
  /** The whole grant against its grant cap, when the file states it (a grant with a grant cap). */
  readonly wholeGrant?: { readonly cap: Pence; readonly claimedBefore: Pence; readonly left: Pence; readonly heldByGrantCap: Pence; readonly actual: Pence; readonly headroom: Pence; readonly overCap: Pence };
  /** Its control totals, when the file has them. */
  readonly controlTotals?: { readonly input: Pence; readonly included: Pence; readonly excluded: Pence; readonly errors: Pence };
}

/** Every way a claim's figures fail the contract's formulas or the grant; empty when they hold together. */
export function checkClaimFigures(claim: ClaimFigures, config: GrantConfig): string[] {
  const problems: string[] = [];
  const fy = parseFyLabel(claim.year);
  if (fy === undefined) return [`year "${claim.year}" is not a financial year written like 2022/23`];
  const periodWrong = periodProblems(fy, claim.period);
  problems.push(...periodWrong);
  problems.push(...capProblems(claim, fy, config));
  problems.push(...wholeGrantProblems(claim, config));
  problems.push(...categoryProblems(claim, categoryIds(config)));
  problems.push(...totalsProblems(claim, fy));
  if (claim.periods) {
    problems.push(...monthProblems(claim, categoryIds(config)));
    const range = periodWrong.length === 0 ? claimPeriodOfLabel(fy, claim.period.label, claim.period.frequency) : undefined;
    if (range?.ok) problems.push(...monthListProblems(claim, fy, range.range));
  }
  const ct = claim.controlTotals;
  if (ct && ct.input !== ct.included + ct.excluded + ct.errors) {
    problems.push(`controlTotals.input ${formatPence(ct.input)} is not included ${formatPence(ct.included)} + excluded ${formatPence(ct.excluded)} + errors ${formatPence(ct.errors)}`);
  }
  return problems;
}

/**
 * The year's cap: the grant's for the year, and where the grant carries forward, that and the `capCarriedIn` the
 * file states (0.00 or more, and no more than the earlier years' caps could leave: mostCapOf).
 */
function capProblems(claim: ClaimFigures, fy: number, config: GrantConfig): string[] {
  const grantCap = grantCapOf(config, fy);
  if (grantCap === undefined) return [];
  const carried = claim.capCarriedIn;
  if (config.carryForward !== true) {
    if (carried !== undefined) return [`capCarriedIn ${formatPence(carried)} is stated, but the grant carries no unspent cap forward`];
    return grantCap === claim.cap ? [] : [`cap ${formatPence(claim.cap)} is not the grant's cap for ${fyLabel(fy)}, ${formatPence(grantCap)}`];
  }
  if (carried === undefined) return [`capCarriedIn is missing: the grant carries unspent cap forward, so a claim states what carried into ${fyLabel(fy)}`];
  const most = mostCapOf(config, fy) - grantCap;
  if (carried < 0n || carried > most) return [`capCarriedIn ${formatPence(carried)} is not between 0.00 and ${formatPence(most)}, what the earlier years' caps could leave`];
  const expected = grantCap + carried;
  return expected === claim.cap ? [] : [`cap ${formatPence(claim.cap)} is not the grant's cap for ${fyLabel(fy)}, ${formatPence(grantCap)}, + capCarriedIn ${formatPence(carried)} = ${formatPence(expected)}`];
}

/**
 * The whole grant, present exactly when the grant has a grant cap: that cap, what the earlier years claimed of it
 * (0.00 to the cap), what it leaves (the cap less that), what that keeps back of the year's cumulative actual
 * (heldByGrantCapOf, of the claim's own cap and `left`), and the cap's measures of the whole grant's actual.
 */
function wholeGrantProblems(claim: ClaimFigures, config: GrantConfig): string[] {
  const g = claim.wholeGrant;
  if (config.grantCap === undefined) return g === undefined ? [] : ['wholeGrant is stated, but the grant has no grant cap'];
  if (g === undefined) return [`wholeGrant is missing: the grant has a grant cap of ${formatPence(config.grantCap)}, which every claim is held to`];
  const problems: string[] = [];
  if (g.cap !== config.grantCap) problems.push(`wholeGrant.cap ${formatPence(g.cap)} is not the grant cap, ${formatPence(config.grantCap)}`);
  if (g.claimedBefore < 0n || g.claimedBefore > g.cap) problems.push(`wholeGrant.claimedBefore ${formatPence(g.claimedBefore)} is not between 0.00 and the grant cap ${formatPence(g.cap)}`);
  const expected: [string, Pence, Pence, string][] = [
    ['left', g.left, g.cap - g.claimedBefore, `cap ${formatPence(g.cap)} − claimedBefore ${formatPence(g.claimedBefore)}`],
    [
      'heldByGrantCap',
      g.heldByGrantCap,
      heldByGrantCapOf(claim.totals.cumulativeActual, { cap: claim.cap, grantLeft: g.left }),
      `min(max(totals.cumulativeActual ${formatPence(claim.totals.cumulativeActual)}, 0), cap ${formatPence(claim.cap)}) less what wholeGrant.left ${formatPence(g.left)} allows of that`,
    ],
    ['headroom', g.headroom, headroomOf(g.actual, g.cap), `max(0, cap ${formatPence(g.cap)} − actual ${formatPence(g.actual)})`],
    ['overCap', g.overCap, overCapOf(g.actual, g.cap), `max(0, actual ${formatPence(g.actual)} − cap ${formatPence(g.cap)})`],
  ];
  for (const [field, stated, worked, formula] of expected) {
    if (stated !== worked) problems.push(`wholeGrant.${field} ${formatPence(stated)} is not ${formula} = ${formatPence(worked)}`);
  }
  return problems;
}

/** The claim period: real dates, in order, inside the FY, and the dates of its label. */
function periodProblems(fy: number, period: ClaimFigures['period']): string[] {
  const problems: string[] = [];
  for (const [field, date] of [['period.from', period.from], ['period.to', period.to]] as const) {
    if (!isIsoDate(date)) problems.push(`${field} "${date}" is not a date written yyyy-mm-dd that exists`);
  }
  if (problems.length > 0) return problems;
  if (period.from > period.to) return [`period.from ${period.from} is after period.to ${period.to}`];
  const range = claimPeriodOfLabel(fy, period.label, period.frequency);
  if (!range.ok) return [`period.label "${period.label}" is not a claim period of ${fyLabel(fy)} (${range.message})`];
  if (range.range.from !== period.from || range.range.to !== period.to) {
    return [`period ${period.label} of ${fyLabel(fy)} runs from ${range.range.from} to ${range.range.to}, not from ${period.from} to ${period.to}`];
  }
  return [];
}

/** The claim period a label names (`Q2`, `2022-09`, `final`; with a frequency, a period of it, such as `H1`, or `final`). */
function claimPeriodOfLabel(fy: number, label: string, frequency: ClaimFrequency | undefined): ClaimPeriodResult {
  const spec = claimSpecOfLabel(label, frequency);
  if (spec !== undefined) return claimPeriodRange(fy, spec);
  return { ok: false, message: frequency === undefined ? 'a claim period is Q1 to Q4, a month yyyy-mm, or final' : `a grant claimed ${claimedHow(frequency)} claims ${LABELS_OF[frequency]}` };
}

/** The labels of each frequency's claim periods, in words. */
const LABELS_OF: Readonly<Record<ClaimFrequency, string>> = {
  monthly: 'a month yyyy-mm, or final',
  quarterly: 'Q1 to Q4, or final',
  'half-yearly': 'H1 or H2, or final',
  annual: 'final',
};

/** Every category of the configuration once, in its order, adding up to the totals. */
function categoryProblems(claim: ClaimFigures, ids: readonly Category[]): string[] {
  const listed = claim.categories.map((c) => c.category);
  if (listed.join() !== ids.join()) return [`categories list ${listed.join(', ') || 'none'}, not ${ids.join(', ')} once each`];
  const problems: string[] = [];
  for (const field of ['periodActual', 'cumulativeActual'] as const) {
    const sum = claim.categories.reduce((s, c) => s + c[field], 0n);
    if (sum !== claim.totals[field]) problems.push(`totals.${field} ${formatPence(claim.totals[field])} is not the sum of the categories' ${field}, ${formatPence(sum)}`);
  }
  return problems;
}

/** The totals against the formulas: claimable, headroom, over cap, claim due; previously claimed within the cap. */
function totalsProblems(claim: ClaimFigures, fy: number): string[] {
  const t = claim.totals;
  const { cap } = claim;
  // With a grant cap, what it leaves the year bounds the claimable too (reports/cap.ts, claimableUnderCaps).
  const left = claim.wholeGrant?.left;
  const leftWords = left === undefined ? '' : `, wholeGrant.left ${formatPence(left)}`;
  const expected: [keyof ClaimTotalsFigures, Pence, string][] = [
    ['cumulativeClaimable', claimableUnderCaps(t.cumulativeActual, { cap, grantLeft: left }), `min(max(cumulativeActual ${formatPence(t.cumulativeActual)}, 0), cap ${formatPence(cap)}${leftWords})`],
    ['headroom', headroomOf(t.cumulativeActual, cap), `max(0, cap ${formatPence(cap)} − cumulativeActual ${formatPence(t.cumulativeActual)})`],
    ['overCap', overCapOf(t.cumulativeActual, cap), `max(0, cumulativeActual ${formatPence(t.cumulativeActual)} − cap ${formatPence(cap)})`],
    ['claimDue', t.cumulativeClaimable - t.previouslyClaimed, `cumulativeClaimable ${formatPence(t.cumulativeClaimable)} − previouslyClaimed ${formatPence(t.previouslyClaimed)}`],
  ];
  const problems = expected.filter(([field, value]) => t[field] !== value).map(([field, value, formula]) => `totals.${field} ${formatPence(t[field])} is not ${formula} = ${formatPence(value)}`);
  if (t.previouslyClaimed < 0n || t.previouslyClaimed > cap) {
    problems.push(`totals.previouslyClaimed ${formatPence(t.previouslyClaimed)} is not between 0.00 and the cap ${formatPence(cap)}: what was claimed before never passes the cap`);
  } else if (left !== undefined && t.previouslyClaimed > left) {
    problems.push(`totals.previouslyClaimed ${formatPence(t.previouslyClaimed)} is more than wholeGrant.left ${formatPence(left)}: what was claimed before never passes the grant cap`);
  } else if (t.previouslyClaimed !== 0n && claim.period.label !== 'final' && claim.period.from === fyDateRange(fy).from) {
    problems.push(`totals.previouslyClaimed ${formatPence(t.previouslyClaimed)} is not 0.00: nothing of ${fyLabel(fy)} can be claimed before ${claim.period.label}, its first period`);
  }
  return problems;
}

/**
 * The months a claim lists are its FY's, in order, each once and of its own calendar month, and none after the end
 * of its own claim period (P13–P16 only with March); each category's periodActual is the sum of its months inside the
 * claim period (and its cumulativeActual the sum of them all: monthProblems). A claim relabelled as an earlier
 * period, its months left as they were, fails here: its figures run past its own period.to.
 */
function monthListProblems(claim: ClaimFigures, fy: number, range: ClaimPeriodRange): string[] {
  const months = claim.periods ?? [];
  const problems: string[] = [];
  let before = 0;
  for (const m of months) {
    const n = periodOfLabel(m.period);
    if (n === undefined) return [`periods ${m.period} is not a period P01 to P16`];
    if (n <= before) return [`periods ${m.period} comes after ${periodLabel(before)}: a claim lists its months once each, in order`];
    before = n;
    const month = monthOfPeriod(fy, n);
    if (m.month !== month) problems.push(`periods ${m.period} month ${m.month} is not ${m.period} of ${fyLabel(fy)}, ${month}`);
  }
  const after = months.filter((m) => (periodOfLabel(m.period) as number) > range.lastPeriod);
  if (after.length > 0) {
    const last = after[after.length - 1] as (typeof months)[number];
    problems.push(
      `periods runs to ${last.period} (${last.month}), past the end of its own claim period ${claim.period.label} (period.to ${claim.period.to}, ${periodLabel(monthPeriodOf(range.lastPeriod))}): a claim's months stop at its period's end`,
    );
    return problems;
  }
  for (const c of claim.categories) {
    const sum = months.reduce((s, m) => {
      const n = periodOfLabel(m.period) as number;
      return n >= range.firstPeriod && n <= range.lastPeriod ? s + (m.categories[c.category] ?? 0n) : s;
    }, 0n);
    if (sum !== c.periodActual) {
      problems.push(`categories ${c.category} periodActual ${formatPence(c.periodActual)} is not the sum of its months of ${claim.period.label} (${periodLabel(range.firstPeriod)} to ${periodLabel(range.lastPeriod)}), ${formatPence(sum)}`);
    }
  }
  return problems;
}

/**
 * Why a claim of this grant cannot be an earlier claim of it by its kind of claim period, if it cannot: a grant is
 * claimed in the periods of its `claimPeriods` (or, without one, in quarters or months), and a claim file of another
 * kind (another frequency stated in `period.frequency`, or a label of another kind) was made for another
 * configuration. A final claim (the whole year) stands whatever the frequency. Undefined when it fits.
 */
export function claimPeriodKindProblem(period: ClaimFigures['period'], configured: ClaimFrequency | undefined): string | undefined {
  if (period.label === 'final') return undefined;
  const grantWords = configured === undefined ? 'this grant sets no claimPeriods, so it is claimed in quarters or months' : `this grant is claimed ${claimedHow(configured)} (claimPeriods "${configured}")`;
  if (period.frequency !== undefined && period.frequency !== configured) {
    return `its period ${period.label} is of a grant claimed ${claimedHow(period.frequency)} (period.frequency "${period.frequency}"), but ${grantWords}: it was made with another configuration`;
  }
  const spec = claimSpecOfLabel(period.label, period.frequency);
  if (spec !== undefined && !claimKindAllowed(configured, spec.kind)) {
    return `its period ${period.label} is a ${KIND_WORDS[spec.kind]}, but ${grantWords}: it was made with another configuration`;
  }
  return undefined;
}

/** Each kind of claim period in words. */
const KIND_WORDS: Readonly<Record<ClaimPeriodSpec['kind'], string>> = { month: 'month', quarter: 'quarter', half: 'half year', final: 'final claim' };

/** The months: each total the sum of its categories, together the cumulative actual, category by category. */
function monthProblems(claim: ClaimFigures, ids: readonly Category[]): string[] {
  const problems: string[] = [];
  const byCategory = new Map<Category, Pence>(ids.map((c) => [c, 0n]));
  for (const p of claim.periods ?? []) {
    const sum = ids.reduce((s, c) => s + (p.categories[c] ?? 0n), 0n);
    if (sum !== p.total) problems.push(`periods ${p.period} total ${formatPence(p.total)} is not the sum of its categories, ${formatPence(sum)}`);
    for (const c of ids) byCategory.set(c, (byCategory.get(c) as Pence) + (p.categories[c] ?? 0n));
  }
  for (const c of claim.categories) {
    const sum = byCategory.get(c.category) ?? 0n;
    if (sum !== c.cumulativeActual) problems.push(`categories ${c.category} cumulativeActual ${formatPence(c.cumulativeActual)} is not the sum of its months, ${formatPence(sum)}`);
  }
  return problems;
}
