/** The claim statement's own words, the same in every format that writes them (document, page and workbook). */
import type { ClaimReport } from '../core/reports/claim.js';
import { fyDateRange } from '../core/calendar/fiscal.js';
import { FY } from '../core/calendar/fiscal-keys.js';
import { shiftDays } from '../core/calendar/uncovered.js';
import { claimedHow, type ClaimGap } from '../core/calendar/claim-periods.js';
import type { Pence } from '../core/types.js';
import { formatMoney } from '../core/money.js';

/** One measure of the claim: which it is, its label, the period it covers (in words) and its amount. */
export interface ClaimMeasure {
  readonly measure: 'cap' | 'capCarriedIn' | keyof Omit<ClaimReport['totals'], 'periodActual'> | 'heldByGrantCap' | 'grantCap' | 'grantClaimedBefore' | 'grantLeft' | 'grantActual' | 'grantHeadroom' | 'grantOverCap' | 'grantProjectedOutturn';
  readonly label: string;
  readonly covers: string;
  readonly amount: Pence;
}

/** The claim's measures in statement order, each saying which part of the year it covers. */
export function claimMeasures(report: ClaimReport): ClaimMeasure[] {
  const t = report.totals;
  const due = t.claimDue < 0n ? `Repayment due to ${report.grant.funder}` : `Claim due from ${report.grant.funder}`;
  const toDate = `${yearDates(report).from} to ${report.period.to}`;
  const earlier = earlierCover(report);
  // With a grant cap, the year's headroom and over cap are of its own cap: the grant cap's line follows them.
  const ofOwnCap = report.wholeGrant === undefined ? '' : ", the year's cap";
  const carried: ClaimMeasure[] = report.capCarriedIn === undefined ? [] : [{ measure: 'capCarriedIn', label: 'Of which carried from the year before', covers: report.year, amount: report.capCarriedIn }];
  return [
    { measure: 'cap', label: 'Cap for the year', covers: report.year, amount: report.cap },
    ...carried,
    { measure: 'cumulativeActual', label: 'Cumulative actual', covers: toDate, amount: t.cumulativeActual },
    { measure: 'cumulativeClaimable', label: 'Cumulative claimable', covers: toDate, amount: t.cumulativeClaimable },
    { measure: 'previouslyClaimed', label: 'Previously claimed', covers: earlier, amount: t.previouslyClaimed },
    { measure: 'priorPeriodAdjustment', label: 'Prior-period adjustment (included in the claim due)', covers: report.previousClaims.length > 0 ? `${earlier}, as restated since` : 'no earlier claim given', amount: t.priorPeriodAdjustment },
    { measure: 'claimDue', label: due, covers: dueCover(report), amount: t.claimDue },
    { measure: 'headroom', label: 'Headroom', covers: `${report.year}, to ${report.period.to}${ofOwnCap}`, amount: t.headroom },
    { measure: 'overCap', label: 'Over cap (not claimable)', covers: `${report.year}, to ${report.period.to}${ofOwnCap}`, amount: t.overCap },
    ...heldByGrantCap(report),
    ...wholeGrantMeasures(report),
  ];
}

/**
 * With a grant cap, what it keeps from the year's cumulative actual though the year's own cap has room for it
 * (the claim's `wholeGrant.heldByGrantCap`, reports/cap.ts heldByGrantCapOf): its cap lines say it, so that an "Over cap" of 0.00 is not read as all claimable.
 */
function heldByGrantCap(report: ClaimReport): ClaimMeasure[] {
  const g = report.wholeGrant;
  if (g === undefined) return [];
  return [{ measure: 'heldByGrantCap', label: 'Over the grant cap left for the year (not claimable)', covers: `${report.year}, to ${report.period.to}, of ${formatMoney(g.left)} left`, amount: g.heldByGrantCap }];
}

/** The whole grant against its grant cap, where the configuration sets one: what it leaves this year, and its standing. */
function wholeGrantMeasures(report: ClaimReport): ClaimMeasure[] {
  const g = report.wholeGrant;
  if (g === undefined) return [];
  const toDate = `the grant's years to ${report.period.to}`;
  return [
    { measure: 'grantCap', label: 'Grant cap (whole grant)', covers: "all the grant's years", amount: g.cap },
    { measure: 'grantClaimedBefore', label: "Claimable in the grant's earlier years", covers: `the grant's years before ${report.year}`, amount: g.claimedBefore },
    { measure: 'grantLeft', label: 'Grant cap left for the year (cumulative claimable never passes it)', covers: report.year, amount: g.left },
    { measure: 'grantActual', label: 'Whole-grant actual to date', covers: toDate, amount: g.actual },
    { measure: 'grantHeadroom', label: 'Whole-grant headroom', covers: toDate, amount: g.headroom },
    { measure: 'grantOverCap', label: 'Over grant cap (not claimable)', covers: toDate, amount: g.overCap },
    { measure: 'grantProjectedOutturn', label: 'Whole-grant projected outturn', covers: `the earlier years' actual and ${report.year}'s run rate`, amount: g.projectedOutturn },
  ];
}

/**
 * The titles of the category table's two columns, each with the dates it covers; a claim to the end of March says
 * that it takes the year-end adjustment periods P13–P16 with it, whose postings may be dated after March.
 */
export function claimColumnTitles(report: ClaimReport): { readonly period: string; readonly cumulative: string } {
  const adjustments = report.period.to === yearDates(report).to ? ' with P13–P16' : '';
  return {
    period: `${report.period.label === 'final' ? 'Final claim' : report.period.label} actual, ${report.period.from} to ${report.period.to}${adjustments}`,
    cumulative: `Year to date, ${yearDates(report).from} to ${report.period.to}${adjustments}`,
  };
}

/**
 * What the row accounting of a claim covers: every row of the inputs, of any year and month, where the claim's
 * figures are the included rows of its year to the end of the claim period.
 */
export function claimScopeWords(report: ClaimReport): string {
  const { cumulative } = claimColumnTitles(report);
  return `Where every row went is over every row of the inputs, of every year and month; the claim's figures are the included rows of ${report.year}, ${cumulative.replace('Year to date, ', '')}.`;
}

/**
 * What the claim due covers: the claim period, and any stretch before it that no earlier claim covered (the claim
 * due takes it in, as the claim-history rules say).
 */
function dueCover(report: ClaimReport): string {
  const gaps = report.unclaimedGaps.map(gapWords);
  return gaps.length === 0 ? claimPeriodWords(report) : `${claimPeriodWords(report)}, and ${gaps.join(', ')} that no earlier claim covered`;
}

/** How often the grant is claimed, said after the claim period when the configuration sets it: `, claimed monthly`. */
export function frequencyWords(report: ClaimReport): string {
  const f = report.period.frequency;
  return f === undefined ? '' : `, of a grant claimed ${claimedHow(f)}`;
}

/**
 * A stretch no claim covers, in words: its dates, and the grant's claim periods it meets when the grant's
 * frequency is configured (`2022-07-01 to 2022-08-31 (2022-07, 2022-08)`, `2022-05-01 to 2022-06-30 (part of Q1)`).
 */
export function gapWords(gap: ClaimGap): string {
  const dates = `${gap.from} to ${gap.to}`;
  return gap.claimPeriods === undefined || gap.claimPeriods.length === 0 ? dates : `${dates} (${gap.claimPeriods.join(', ')})`;
}

/**
 * What a final claim is, said beside it: its period is the whole year, so its period actual is the year's, and
 * what it claims is the year's claimable less the earlier claims. Nothing for any other claim.
 */
export function finalClaimWords(report: ClaimReport): string | null {
  if (report.period.label === 'final' && report.period.frequency === 'annual') {
    return `${report.grant.reference} is claimed annually: this claim covers the whole of ${report.year}, its actual is the year's, and its claim due is the year's claimable less anything claimed before for the year.`;
  }
  return report.period.label === 'final'
    ? `A final claim covers the whole of ${report.year}: its actual is the year's, and its claim due is the year's claimable less what the earlier claims claimed.`
    : null;
}

/** The claim period in words: `Q2 (2022-07-01 to 2022-09-30)`, or `final claim (…)`. */
function claimPeriodWords(report: ClaimReport): string {
  return `${report.period.label === 'final' ? 'final claim' : report.period.label} (${report.period.from} to ${report.period.to})`;
}

/** What "previously claimed" covers: the earlier claims given, or the ledger before the claim period. */
function earlierCover(report: ClaimReport): string {
  const claims = report.previousClaims;
  const first = claims[0];
  const last = claims[claims.length - 1];
  if (first !== undefined && last !== undefined) return `${claims.map((c) => c.period).join(', ')} (${first.from} to ${last.to})`;
  const start = yearDates(report).from;
  if (report.period.from === start) return 'no earlier claim';
  return `${start} to ${shiftDays(report.period.from, -1)}, from the ledger now`;
}

/** The first and last days of the claim's FY. */
function yearDates(report: ClaimReport): { readonly from: string; readonly to: string } {
  return fyDateRange(report[FY]);
}

/** The certification's placeholder: the Home Office's own wording is not known to the project. */
export function certificationPlaceholder(report: ClaimReport): string {
  return `[Certification wording to be agreed with the ${report.grant.funder}.]`;
}

/** The statement the Chief Finance Officer certifies, as plain text. */
export function certificationStatement(report: ClaimReport): string {
  return `I certify that the expenditure in this claim for ${report.grant.reference} ${report.grant.name}, financial year ${report.year}, claim period ${report.period.label} (${report.period.from} to ${report.period.to}), was incurred for the purposes of the grant and in accordance with its conditions.`;
}

/** Who completes the certification, and the fields left blank for them. */
export const CERTIFICATION_BY = 'To be completed by the Chief Finance Officer.';
export const CERTIFICATION_FIELDS = ['Name', 'Role', 'Signature', 'Date'] as const;
