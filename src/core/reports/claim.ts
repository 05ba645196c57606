/**
 * The claim statement for one claim period of one FY (PRODUCT.md "Words"). With A the eligible actual of the FY
 * from P01 to the end of the claim period:
 *   cumulativeClaimable = min(max(A, 0), cap), and with a grant cap never above what it leaves the year
 *                         (reports/cap.ts, claimableUnderCaps); overCap = max(0, A − cap); headroom = max(0, cap − A);
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
import { FY, withFy, type FyKeyed } from '../calendar/fiscal-keys.js';
import type { ClaimFrequency } from '../calendar/claim-periods.js';
import type { Ledger } from '../fold/ledger.js';
import { claimableUnderCaps, claimedBeforeOf, headroomOf, heldByGrantCapOf, overCapOf, yearCapOf, type GrantStanding } from './cap.js';
import { costCentreLines, fullYearActualOf, periodReports, projectionMonthsOf, sumPeriods, wholeGrantOf, windowReportOf, withApportionments, type CostCentreLine, type PeriodReport, type WindowReport } from './reconcile.js';
import { apportionmentLines, type ApportionmentLine } from './apportioned.js';
import { projectedOutturnOf } from './projection.js';
import { monthPeriodOf } from '../calendar/fiscal.js';
import { buildReportBase, type InputFacts, type ReportBase } from './report-base.js';
import { claimSchemaOf, type ClaimSchema } from './schema-version.js';
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

/**
 * The claim report value; every format renders this. A grant whose configuration sets any of the grant-terms keys
 * writes `grant-recon/claim@2` (schema-version.ts); without them, `grant-recon/claim@1` as before, byte for byte.
 * With `claimPeriods`, the period says the frequency (and the gaps name the claim periods they meet).
 */
export interface ClaimReport extends ReportBase, FyKeyed {
  readonly schema: ClaimSchema;
  readonly period: { readonly label: string; readonly frequency?: ClaimFrequency; readonly from: string; readonly to: string };
  /** Only with a grant window: its ends (null where open). */
  readonly window?: WindowReport;
  /** The year's cap, with what carried into it where the configuration carries forward (capCarriedIn). */
  readonly cap: Pence;
  /** Only where the configuration carries forward: the unspent cap of the year before, part of `cap`. */
  readonly capCarriedIn?: Pence;
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
  /**
   * Each apportionment rule's groups of the FY, P01 to the end of the claim period (what cumulativeActual holds of
   * them): present only when apportionments are configured.
   */
  readonly apportionments?: readonly ApportionmentLine[];
  /**
   * Only with a grant cap: the whole grant at the end of the claim period (its actual: the earlier grant years with
   * all their data and this year to the end of the period), what the earlier years can claim of the grant cap
   * (`claimedBefore`), what that leaves this year (`left`, which cumulativeClaimable never passes), and what the grant
   * cap alone keeps back of the cumulative actual (`heldByGrantCap`: "Over the grant cap left for the year").
   */
  readonly wholeGrant?: GrantStanding & { readonly claimedBefore: Pence; readonly left: Pence; readonly heldByGrantCap: Pence };
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
  const caps = yearCapOf(config, fullYearActualOf(ledger), fy);
  const { cap } = caps;
  const inPeriod = sumPeriods(year, range.firstPeriod, range.lastPeriod);
  const cumulative = sumPeriods(year, 1, range.lastPeriod);
  const before = sumPeriods(year, 1, range.firstPeriod - 1);
  const total = (amounts: Pence[]): Pence => amounts.reduce((s, a) => s + a, 0n);
  const cumulativeActual = total(cumulative);
  const cumulativeClaimable = claimableUnderCaps(cumulativeActual, caps);
  // Without claim history: what the ledger shows claimable before this period (nothing, for a final claim).
  const previouslyClaimed = history ? history.previouslyClaimed : range.label === 'final' ? 0n : claimableUnderCaps(total(before), caps);
  const frequency = config.claimPeriods;
  const window = windowReportOf(config);
  const projection = projectedOutturnOf(cumulativeActual, monthPeriodOf(range.lastPeriod), projectionMonthsOf(config, fy));
  const standing = wholeGrantOf(ledger, config, { [FY]: fy, ytdActual: cumulativeActual, projectedOutturn: projection });
  const left = caps.grantLeft ?? 0n;
  // Key order is the JSON's: the cap, what the earlier years took of it, what it leaves and what that keeps back of
  // this year's cumulative actual, then the standing.
  const wholeGrant =
    standing === undefined
      ? undefined
      : {
          cap: standing.cap,
          claimedBefore: claimedBeforeOf(standing.cap, caps),
          left,
          heldByGrantCap: heldByGrantCapOf(cumulativeActual, caps),
          through: standing.through,
          actual: standing.actual,
          headroom: standing.headroom,
          overCap: standing.overCap,
          projectedOutturn: standing.projectedOutturn,
        };
  const { generatedAt: stamp, grant, ...base } = buildReportBase(ledger, facts, config.grant, generatedAt);
  const report = {
    // Key order is the order of the JSON document: what is claimed first, then where the rows went.
    schema: claimSchemaOf(config),
    generatedAt: stamp,
    grant,
    year: fyLabel(fy),
    period: { label: range.label, ...(frequency === undefined ? {} : { frequency }), from: range.from, to: range.to },
    ...(window ? { window } : {}),
    cap,
    ...(config.carryForward === true ? { capCarriedIn: caps.carriedIn } : {}),
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
    ...withApportionments(apportionmentLines(ledger, config, fy, range.lastPeriod)),
    ...(wholeGrant ? { wholeGrant } : {}),
    previousClaims: history?.claims ?? [],
    priorPeriodRestatements: history?.restatements ?? [],
    ...(history?.restatementRows ? { priorPeriodRows: history.restatementRows } : {}),
    unclaimedGaps: history?.gaps ?? [],
    notes,
    ...base,
    ...(includedRows ? { includedRows } : {}),
  } as const;
  return withFy(report, fy);
}
