/**
 * The claim statement for one claim period of one FY (PRODUCT.md "Words"). With A the eligible actual of the FY
 * from P01 to the end of the claim period:
 *   cumulativeClaimable = min(max(A, 0), cap); overCap = max(0, A − cap); headroom = max(0, cap − A);
 *   previouslyClaimed   = with claim history (--previous), the sum of the earlier claims' claimDue; without it,
 *                         cumulativeClaimable at the end of the period before the claim period (0 for Q1, P01
 *                         and the final claim);
 *   priorPeriodAdjustment = cumulativeClaimable now at the end of the latest earlier claim − previouslyClaimed;
 *   claimDue            = cumulativeClaimable − previouslyClaimed (negative: a repayment).
 */
import type { GrantConfig } from '../grant-config.js';
import { budgetLine, type BudgetLine } from './budget.js';
import type { ClaimHistory } from './claim-history.js';
import { fyLabel, type ClaimPeriodRange } from '../calendar/fiscal.js';
import type { Ledger } from '../fold/ledger.js';
import { capOf, claimable, headroomOf, overCapOf } from './cap.js';
import { costCentreLines, periodReports, sumPeriods, type CostCentreLine, type PeriodReport } from './reconcile.js';
import { buildReportBase, type InputFacts, type ReportBase } from './report-base.js';
import type { IncludedRowReport } from './restatement.js';
import type { Category, Pence } from '../types.js';

/** The claim's money. */
export interface ClaimTotals {
  readonly periodActual: Pence;
  readonly cumulativeActual: Pence;
  readonly cumulativeClaimable: Pence;
  readonly previouslyClaimed: Pence;
  readonly priorPeriodAdjustment: Pence;
  readonly claimDue: Pence;
  readonly headroom: Pence;
  readonly overCap: Pence;
}

/** The claim report value; every format renders this. */
export interface ClaimReport extends ReportBase {
  readonly schema: 'grant-recon/claim@1';
  readonly year: string;
  readonly period: { readonly label: string; readonly from: string; readonly to: string };
  readonly cap: Pence;
  readonly categories: readonly {
    readonly category: Category;
    readonly periodActual: Pence;
    readonly cumulativeActual: Pence;
    /** The year's budget line against cumulativeActual, when the configuration sets budgets. */
    readonly budget: BudgetLine | null;
  }[];
  /** The cost centres of the cumulative actual's included rows, by code: together, cumulativeActual. */
  readonly costCentres: readonly CostCentreLine[];
  /** The FY's months P01 to the end of the claim period, per category: what the cumulative actual is made of. */
  readonly periods: readonly PeriodReport[];
  readonly totals: ClaimTotals;
  /** The earlier claims given with --previous, and what the ledger says of their periods now. */
  readonly previousClaims: ClaimHistory['claims'];
  readonly priorPeriodRestatements: ClaimHistory['restatements'];
  /** Whether the restatements list their rows, and why not (absent unless rows were there or asked for). */
  readonly priorPeriodRows?: ClaimHistory['restatementRows'];
  readonly unclaimedGaps: ClaimHistory['gaps'];
  /**
   * What the claim could not take into account (e.g. no earlier claims were given), said on stderr and in every
   * analyst's format. The printable statement, for the funder, leaves these out: its measures say what they cover.
   */
  readonly notes: readonly string[];
  /** With `--with-rows`: a fingerprint of every included row of the FY, P01 to the end of the claim period. */
  readonly includedRows?: readonly IncludedRowReport[];
}

/** Builds the claim for FY `fy` and the claim period `range`. */
export function buildClaim(
  ledger: Ledger,
  facts: readonly InputFacts[],
  config: GrantConfig,
  fy: number,
  range: ClaimPeriodRange,
  generatedAt: string,
  history?: ClaimHistory,
  includedRows?: readonly IncludedRowReport[],
  notes: readonly string[] = [],
): ClaimReport {
  const year = ledger.years.find((y) => y.fy === fy);
  if (!year) throw new Error(`FY ${fy} is not a year of the grant`);
  const cap = capOf(config, fy);
  const inPeriod = sumPeriods(year, range.firstPeriod, range.lastPeriod);
  const cumulative = sumPeriods(year, 1, range.lastPeriod);
  const before = sumPeriods(year, 1, range.firstPeriod - 1);
  const total = (amounts: Pence[]): Pence => amounts.reduce((s, a) => s + a, 0n);
  const cumulativeActual = total(cumulative);
  const cumulativeClaimable = claimable(cumulativeActual, cap);
  // Without claim history: what the ledger shows claimable before this period (nothing, for a final claim).
  const previouslyClaimed = history ? history.previouslyClaimed : range.label === 'final' ? 0n : claimable(total(before), cap);
  const { generatedAt: stamp, grant, ...base } = buildReportBase(ledger, facts, config.grant, generatedAt);
  return {
    // Key order is the order of the JSON document: what is claimed first, then where the rows went.
    schema: 'grant-recon/claim@1',
    generatedAt: stamp,
    grant,
    year: fyLabel(fy),
    period: { label: range.label, from: range.from, to: range.to },
    cap,
    categories: year.categories.map((category, i) => ({
      category,
      periodActual: inPeriod[i] as Pence,
      cumulativeActual: cumulative[i] as Pence,
      budget: budgetLine(config, fy, category, cumulative[i] as Pence),
    })),
    costCentres: costCentreLines(ledger.costCentres, fy, 1, range.lastPeriod),
    periods: periodReports(year, range.lastPeriod),
    totals: {
      periodActual: total(inPeriod),
      cumulativeActual,
      cumulativeClaimable,
      previouslyClaimed,
      priorPeriodAdjustment: history ? history.priorPeriodAdjustment : 0n,
      claimDue: cumulativeClaimable - previouslyClaimed,
      headroom: headroomOf(cumulativeActual, cap),
      overCap: overCapOf(cumulativeActual, cap),
    },
    previousClaims: history?.claims ?? [],
    priorPeriodRestatements: history?.restatements ?? [],
    ...(history?.restatementRows ? { priorPeriodRows: history.restatementRows } : {}),
    unclaimedGaps: history?.gaps ?? [],
    notes,
    ...base,
    ...(includedRows ? { includedRows } : {}),
  };
}
