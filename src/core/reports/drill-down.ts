/**
 * Drill-down (`grant-recon rows`): the rows behind a figure. The fold tells an observer every row's outcome as it
 * decides it; a filter keeps the rows that match, and their total equals the figure drilled into because both
 * come from the same outcomes (a reconciliation cell is the included rows of one FY, period and category; an
 * exclusion line is the rows excluded for that reason).
 *
 * Conventions: a filter's parts must all hold, and an absent part matches every row. Rows in error, and an
 * export's own total line and the notes below it, have no FY, period or category, so a filter on any of those
 * never matches them. A month of the FY's March takes P13–P16 with it (their month is March).
 */
import type { GrantIdentity } from '../grant-config.js';
import { fiscalPeriodOfDate, fyLabel, monthOfPeriod, periodLabel, quarterPeriods, throughPeriod } from '../calendar/fiscal.js';
import type { Ledger, ObservedRow, RowObserver } from '../fold/ledger.js';
import { MatchedRows } from './matched-rows.js';
import { buildReportBase, inputOrder, type InputFacts, type InputReport } from './report-base.js';
import { MappedSequence, type Sequence } from '../store/sequence.js';
import { rateLabel, type ApportionmentRule } from '../rules/apportion.js';
import type { Category, Pence, RowOutcome, RowReason } from '../types.js';

/** Which periods of a FY a drill-down looks at. */
export type PeriodSelection =
  | { readonly kind: 'period'; readonly period: number }
  | { readonly kind: 'quarter'; readonly quarter: 1 | 2 | 3 | 4 }
  /** A calendar month `yyyy-mm`; the filter's FY must be the month's. */
  | { readonly kind: 'month'; readonly month: string };

/** What to drill into. */
export interface RowFilter {
  readonly fy?: number;
  readonly periods?: PeriodSelection;
  readonly category?: Category;
  readonly outcome?: RowOutcome;
  readonly reason?: RowReason;
}

/** The periods (first..last, inclusive) a selection covers: a quarter Q4 and the month of March take P13–P16. */
export function periodsOf(selection: PeriodSelection): { readonly first: number; readonly last: number } {
  switch (selection.kind) {
    case 'period':
      return { first: selection.period, last: selection.period };
    case 'quarter':
      return quarterPeriods(selection.quarter);
    case 'month': {
      const { period } = fiscalPeriodOfDate(`${selection.month}-01`);
      return { first: period, last: throughPeriod(period) };
    }
  }
}

/** Builds the predicate of a filter. */
export function rowPredicate(filter: RowFilter): (row: ObservedRow) => boolean {
  const periods = filter.periods ? periodsOf(filter.periods) : undefined;
  return (row) => {
    if (filter.outcome !== undefined && row.outcome !== filter.outcome) return false;
    if (filter.reason !== undefined && (row.reason ?? row.code) !== filter.reason) return false;
    if (filter.category !== undefined && row.category !== filter.category) return false;
    if (filter.fy !== undefined && row.fy !== filter.fy) return false;
    if (periods !== undefined && (row.period === undefined || row.period < periods.first || row.period > periods.last)) return false;
    return true;
  };
}

/**
 * An observer that keeps only the rows matching `filter`, with their detail, so memory grows with the matches, not
 * the inputs: by about 76 bytes a match and the UTF-8 bytes of the texts of their detail (matched-rows.ts).
 */
export function collectMatchingRows(filter: RowFilter): { readonly observer: RowObserver; readonly matches: MatchedRows } {
  const matches = new MatchedRows();
  const matchesFilter = rowPredicate(filter);
  // A row an apportionment split is an included row; `--reason apportioned-out` asks for its excluded part, so it is
  // listed with that part as its amount, and the amounts add up to the apportioned-out exclusion.
  const outPart = filter.reason === 'apportioned-out';
  const observe = (row: ObservedRow): void => {
    const seen = outPart && row.apportioned !== undefined && row.outcome === 'included' ? { ...row, outcome: 'excluded' as const, reason: 'apportioned-out' as const, amount: row.apportioned.excluded } : row;
    if (matchesFilter(seen)) matches.push(seen);
  };
  return { observer: Object.assign(observe, { wantsDetail: true }), matches };
}

/** One row of the drill-down, as every format shows it. */
export interface RowReport {
  readonly file: string;
  readonly line: number;
  readonly outcome: RowOutcome;
  /** The exclusion reason or the error code; null for an included row. */
  readonly reason: RowReason | null;
  readonly category: Category | null;
  /** The account chart rule that placed a GL row, by its name. */
  readonly rule: string | null;
  readonly year: string | null;
  readonly period: string | null;
  readonly month: string | null;
  /** Null for a row in error whose amount cannot be read. */
  readonly amount: Pence | null;
  /** For a duplicate, the row it repeats (`file:line`). */
  readonly duplicateOf: string | null;
  /**
   * What the row is: the GL columns a person recognises it by (null where the export has no such column or the
   * cell is empty). A payroll row has only its cost centre (where the configuration names it) and its pay element
   * (a known one, or one the configuration makes ineligible): never an employee number, name or grade.
   */
  readonly documentNumber: string | null;
  readonly documentLine: string | null;
  readonly supplier: string | null;
  readonly description: string | null;
  readonly account: string | null;
  readonly accountName: string | null;
  readonly costCentre: string | null;
  readonly costCentreName: string | null;
  readonly payElement: string | null;
  /**
   * Why the row has its outcome, naming the value that decided it: the chart rule and account, the pay element,
   * the cost centre, the FY, the row a duplicate repeats, an apportionment and its rate, or a row in error's message.
   */
  readonly why: string | null;
  /**
   * How an apportionment split the row (its whole amount, the included and the excluded part; `amount` is the
   * included part, or at 0% the whole row excluded), null for a row none split: present only when apportionments
   * are configured.
   */
  readonly apportionment?: { readonly rule: string; readonly rate: string; readonly amount: Pence; readonly included: Pence; readonly excluded: Pence } | null;
}

/** The drill-down report value; every format renders this. */
export interface RowsReport {
  readonly schema: 'grant-recon/rows@1';
  readonly generatedAt: string;
  readonly grant: GrantIdentity;
  /** The filter as given (null where not given). */
  readonly filter: {
    readonly year: string | null;
    readonly period: string | null;
    readonly quarter: string | null;
    readonly month: string | null;
    readonly category: Category | null;
    readonly outcome: RowOutcome | null;
    readonly reason: RowReason | null;
  };
  /** The matching rows, in input order, then line: read from the matches as the report is rendered. */
  readonly rows: Sequence<RowReport>;
  /**
   * How many rows matched and their amount: the figure drilled into. `amountUnreadable` of the rows (in error) have
   * no amount that could be read, and are in the count but not the amount.
   */
  readonly total: { readonly rows: number; readonly amount: Pence; readonly amountUnreadable: number };
  /** The configured apportionment rules and their rates; absent when none is configured. */
  readonly apportionments?: readonly { readonly rule: string; readonly rate: string }[];
  readonly inputs: readonly InputReport[];
}

/** Builds the drill-down from the matching rows and the ledger they were observed in. */
export function buildRowsReport(
  matches: MatchedRows,
  filter: RowFilter,
  ledger: Ledger,
  facts: readonly InputFacts[],
  grant: GrantIdentity,
  generatedAt: string,
  apportionments: readonly ApportionmentRule[] = [],
): RowsReport {
  const selection = filter.periods;
  const apportioned = apportionments.length > 0;
  return {
    schema: 'grant-recon/rows@1',
    generatedAt,
    grant,
    filter: {
      year: filter.fy === undefined ? null : fyLabel(filter.fy),
      period: selection?.kind === 'period' ? periodLabel(selection.period) : null,
      quarter: selection?.kind === 'quarter' ? `Q${selection.quarter}` : null,
      month: selection?.kind === 'month' ? selection.month : null,
      category: filter.category ?? null,
      outcome: filter.outcome ?? null,
      reason: filter.reason ?? null,
    },
    rows: new MappedSequence(matches.sorted(inputOrder(ledger.files)), (row) => rowReport(row, apportioned)),
    total: { rows: matches.length, amount: matches.amount, amountUnreadable: matches.amountUnreadable },
    ...(apportioned ? { apportionments: apportionments.map((a) => ({ rule: a.name, rate: rateLabel(a.rate) })) } : {}),
    inputs: buildReportBase(ledger, facts, grant, generatedAt).inputs,
  };
}

function rowReport(row: ObservedRow, apportioned: boolean): RowReport {
  const d = row.detail;
  const a = row.apportioned;
  return {
    file: row.source.file,
    line: row.source.line,
    outcome: row.outcome,
    reason: row.reason ?? row.code ?? null,
    category: row.category ?? null,
    rule: row.rule ?? null,
    year: row.fy === undefined ? null : fyLabel(row.fy),
    period: row.period === undefined ? null : periodLabel(row.period),
    month: row.fy !== undefined && row.period !== undefined ? monthOfPeriod(row.fy, row.period) : null,
    amount: row.amountUnreadable ? null : row.amount,
    duplicateOf: row.duplicateOf ? `${row.duplicateOf.file}:${row.duplicateOf.line}` : null,
    documentNumber: d?.documentNumber ?? null,
    documentLine: d?.documentLine ?? null,
    supplier: d?.supplier ?? null,
    description: d?.description ?? null,
    account: d?.account ?? null,
    accountName: d?.accountName ?? null,
    costCentre: d?.costCentre ?? null,
    costCentreName: d?.costCentreName ?? null,
    payElement: d?.payElement ?? null,
    why: whyOf(row),
    ...(apportioned ? { apportionment: a === undefined ? null : { rule: a.rule, rate: rateLabel(a.rate), amount: a.amount, included: a.included, excluded: a.excluded } } : {}),
  };
}

/** Why a row has its outcome, in words that name the deciding value; null where there is nothing to add. */
export function whyOf(row: ObservedRow): string | null {
  const d = row.detail;
  const account = d?.account === undefined ? 'its account' : `account ${d.account}`;
  if (row.outcome === 'error') return d?.message ?? null;
  if (row.apportioned !== undefined) return `apportioned ${rateLabel(row.apportioned.rate)} (${row.apportioned.rule})`;
  if (row.outcome === 'included') {
    if (row.profile === 'payroll') return d?.payElement === undefined ? null : `pay element ${d.payElement}`;
    return row.rule === undefined ? null : `chart rule ${row.rule}`;
  }
  switch (row.reason) {
    case 'duplicate':
      return row.duplicateOf ? `repeats ${row.duplicateOf.file}:${row.duplicateOf.line}` : null;
    case 'outside-grant-years':
      return row.fy === undefined ? null : `${fyLabel(row.fy)} is not a year of the grant`;
    case 'outside-grant-window':
      if (row.fy === undefined || row.period === undefined) return null;
      // P13–P16 and payroll months are inside only when the whole month is (calendar/grant-window.ts).
      return row.profile === 'payroll' || row.period > 12
        ? `${periodLabel(row.period)} (${monthOfPeriod(row.fy, row.period)}) is not wholly inside the grant window`
        : 'its posting date is outside the grant window';
    case 'not-grant-cost-centre':
      return d?.costCentre === undefined ? 'its cost centre is not one of the grant\'s' : `cost centre ${d.costCentre} is not one of the grant's`;
    case 'ineligible-account':
      return row.rule === undefined ? `no chart rule covers ${account}` : `chart rule ${row.rule} makes ${account} ineligible`;
    case 'ineligible-pay-element':
      return d?.payElement === undefined ? 'its pay element is not eligible' : `pay element ${d.payElement} is not eligible`;
    case 'payroll-evidence':
      return row.fy === undefined || row.period === undefined || row.category === undefined
        ? null
        : `evidence for the GL ${row.category} pay postings of ${monthOfPeriod(row.fy, row.period)}`;
    case 'control-total':
      return "the export's own total line";
    case 'footer':
      return "a note below the export's total line";
    case 'apportioned-out':
      return 'the part an apportionment leaves out';
    default:
      return null;
  }
}
