/**
 * Which profiles an export may match, and where a matched header puts a profile's columns: read alike by the
 * main thread and by the worker threads that fold parts of a file.
 */
import type { GrantConfig } from '../core/grant-config.js';
import type { GlLayout, PayrollLayout } from '../core/fold/ledger.js';
import { HEADER_SEARCH_ROWS, isHeaderMatch, matchHeader, type HeaderMatch, type HeaderMiss } from './header.js';
import { BUILT_IN_PROFILES, profileFromSpec, type SourceProfile } from './profiles.js';

/** The profiles an export is matched against: configured layouts first, so that one the analyst described wins. */
export function inputProfiles(config: GrantConfig): SourceProfile[] {
  return [...config.profiles.map(profileFromSpec), ...BUILT_IN_PROFILES];
}

/**
 * The search for an export's header, record by record from the top, as far as the profiles allow: the same in
 * the main thread and in a worker that folds the first part of a file, so that both find the same header.
 */
export class HeaderSearch {
  private missed = 0;
  private readonly limit: number;

  constructor(readonly profiles: readonly SourceProfile[]) {
    this.limit = searchRows(profiles);
  }

  /** Matches the next record from the top. */
  look(cells: readonly string[]): HeaderMatch | HeaderMiss {
    const match = matchHeader(cells, this.profiles);
    if (!isHeaderMatch(match)) this.missed++;
    return match;
  }

  /** Has the search missed on every record it may look at? */
  get exhausted(): boolean {
    return this.missed >= this.limit;
  }
}

/** How many rows are searched for a header: the default, or more where a configured layout asks for it. */
export function searchRows(profiles: readonly SourceProfile[]): number {
  return Math.max(HEADER_SEARCH_ROWS, ...profiles.map((p) => p.headerSearchRows ?? 0));
}

export function requiredColumns(profile: SourceProfile): string[] {
  return profile.columns.filter((c) => c.required).map((c) => c.header ?? c.name);
}

function columnIndex(match: HeaderMatch): (name: string) => number {
  return (name) => {
    const index = match.columns.get(name);
    if (index === undefined) throw new Error(`profile column ${name} not mapped`);
    return index;
  };
}

export function payrollLayout(match: HeaderMatch): PayrollLayout {
  const at = columnIndex(match);
  return {
    payrollPeriod: at('Payroll Period'),
    employeeNumber: at('Employee Number'),
    staffType: at('Staff Type'),
    costCentre: at('Cost Centre'),
    payElement: at('Pay Element'),
    amount: at('Amount'),
    payDate: match.columns.get('Pay Date'),
    width: match.width,
    cells: match.cells,
    ...(match.profile.monthFirst ? { monthFirst: true } : {}),
    ...(match.profile.floatNoise ? { floatNoise: true } : {}),
  };
}

export function glLayout(match: HeaderMatch): GlLayout {
  const at = columnIndex(match);
  return {
    documentNumber: at('Document Number'),
    line: match.columns.get('Line'),
    key: match.profile.key.map((name) => [name, at(name)] as const),
    postingDate: at('Posting Date'),
    costCentre: at('Cost Centre'),
    account: at('Account Code'),
    net: at('Net Amount'),
    period: match.columns.get('Period'),
    supplier: match.columns.get('Supplier'),
    description: match.columns.get('Description'),
    accountName: match.columns.get('Account Name'),
    costCentreName: match.columns.get('Cost Centre Name'),
    width: match.width,
    cells: match.cells,
    ...(match.profile.monthFirst ? { monthFirst: true } : {}),
    ...(match.profile.floatNoise ? { floatNoise: true } : {}),
  };
}
