/** The claim statement's own words, the same in every format that writes them (document, page and workbook). */
import type { ClaimReport } from '../core/reports/claim.js';
import type { Pence } from '../core/types.js';

/** One measure of the claim: which it is, its label and its amount. */
export interface ClaimMeasure {
  readonly measure: 'cap' | keyof Omit<ClaimReport['totals'], 'periodActual'>;
  readonly label: string;
  readonly amount: Pence;
}

/** The claim's measures in statement order. */
export function claimMeasures(report: ClaimReport): ClaimMeasure[] {
  const t = report.totals;
  const due = t.claimDue < 0n ? `Repayment due to ${report.grant.funder}` : `Claim due from ${report.grant.funder}`;
  return [
    { measure: 'cap', label: 'Cap for the year', amount: report.cap },
    { measure: 'cumulativeActual', label: 'Cumulative actual', amount: t.cumulativeActual },
    { measure: 'cumulativeClaimable', label: 'Cumulative claimable', amount: t.cumulativeClaimable },
    { measure: 'previouslyClaimed', label: 'Previously claimed', amount: t.previouslyClaimed },
    { measure: 'priorPeriodAdjustment', label: 'Prior-period adjustment (included in the claim due)', amount: t.priorPeriodAdjustment },
    { measure: 'claimDue', label: due, amount: t.claimDue },
    { measure: 'headroom', label: 'Headroom', amount: t.headroom },
    { measure: 'overCap', label: 'Over cap (not claimable)', amount: t.overCap },
  ];
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
