/**
 * The trusted, normalised grant configuration that the core works from. Raw configuration files are validated
 * against the zod schema (schema.ts) and normalised into this shape once, at the edge.
 */
import type { ClaimFrequency } from './calendar/claim-periods.js';
import type { ApportionmentRule } from './rules/apportion.js';
import type { GrantWindow } from './calendar/grant-window.js';
import type { Category, Pence } from './types.js';

export type { GrantWindow } from './calendar/grant-window.js';

/** Who gives the grant to whom, for what. */
export interface GrantIdentity {
  readonly reference: string;
  readonly name: string;
  readonly funder: string;
  readonly recipient: string;
}

/**
 * A cost category of the grant: its id (a lower-case slug, never `ineligible`), its title as every report, chart
 * and workbook shows it, and the payroll staff types whose pay it holds (as written, trimmed; compared with a Staff
 * Type cell trimmed and ignoring case; each staff type in at most one category). The list's order is the reporting
 * order.
 */
export interface GrantCategory {
  readonly id: Category;
  readonly title: string;
  readonly payrollStaffTypes: readonly string[];
}

/** A financial year of the grant and the most that can be claimed for it. */
export interface GrantYear {
  /** FY start year: 2022 is 2022/23. */
  readonly fy: number;
  /**
   * The most that can be claimed for the year as configured (without what carries into it). A year the file gives no
   * cap of its own (allowed only beside a grant cap) takes the grant cap: nothing of one year can pass the whole grant's.
   */
  readonly cap: Pence;
  /** True when the configuration gave the year no cap of its own, so that `cap` is the grant cap. */
  readonly capFromGrant?: true;
  /**
   * The last period closed (1..12; March, 12, closes P13–P16 too): figures of a closed period must not change
   * once reported, and `check --against` finds any that did. Undefined: no period of the year is closed.
   */
  readonly closedThrough?: number;
}

/**
 * A grant year, or a month of one, that the configuration says truly had no rows for the grant (`noSpend`): with a
 * grant cap or carry-forward, what stands in for the exports of an earlier year's month that spent nothing
 * (reports/cap.ts, earlierMonthsNotShown).
 */
export interface NoSpendEntry {
  readonly fy: number;
  /** The month (period 1..12; March, 12, takes P13–P16 with it); undefined: the whole year. */
  readonly period?: number;
}

/** How an account code is matched by a chart rule; codes are compared trimmed and upper-cased. */
export type AccountMatch =
  | { readonly code: string }
  | { readonly prefix: string }
  | { readonly from: string; readonly to: string };

/** One named rule of the account chart: the first rule that matches an account decides its category. */
export interface ChartRule {
  readonly name: string;
  readonly match: AccountMatch;
  /** The category, or `ineligible` for accounts that the grant never pays for. */
  readonly category: Category;
}

/** A profile for another export layout, as a configuration file describes it. */
export interface ProfileSpec {
  readonly name: string;
  readonly kind: 'gl' | 'payroll';
  /** The export's header for each profile column that it names otherwise. */
  readonly columns: Readonly<Record<string, string>>;
  /** Key columns (profile names); default the built-in profile's. An empty list: rows are identified by content. */
  readonly key?: readonly string[];
  /** Numeric dates day first (dd/mm/yyyy, the default) or month first (mm/dd/yyyy). */
  readonly dateOrder?: 'day-first' | 'month-first';
  /** How many rows from the top are searched for the header; default 50. */
  readonly headerSearchRows?: number;
  /** `round`: amounts that are a spreadsheet's float noise on a penny-exact amount are read as it, with a warning. */
  readonly floatNoise?: 'round';
}

/** Everything the core needs to classify rows and compute claims. */
export interface GrantConfig {
  readonly grant: GrantIdentity;
  /** The cost categories, in reporting order (at most MAX_CATEGORIES); chart rules, staff types and budgets name them by id. */
  readonly categories: readonly GrantCategory[];
  /** In FY order. */
  readonly years: readonly GrantYear[];
  /** The most that can be claimed over the whole grant, all its years together; undefined: only the years' caps. */
  readonly grantCap?: Pence;
  /** Does the unspent cap of a year add to the next year's cap (reports/cap.ts)? Undefined or false: never. */
  readonly carryForward?: boolean;
  /** The grant's window inside its years; undefined: the whole of every grant year. */
  readonly window?: GrantWindow;
  /** The grant years and months that truly had no rows for the grant, as the file lists them; undefined: none. */
  readonly noSpend?: readonly NoSpendEntry[];
  readonly chart: readonly ChartRule[];
  /** Grant cost centres, trimmed and upper-cased; undefined means any cost centre is the grant's. */
  readonly costCentres: readonly string[] | undefined;
  /** Payroll pay elements that are not eligible, trimmed and lower-cased (a deny-list: others are eligible). */
  readonly ineligiblePayElements: readonly string[];
  /** Export layouts besides the built-in ones, tried first. */
  readonly profiles: readonly ProfileSpec[];
  /** Annual budgets per FY and category (none by default: PCD 1215 published no breakdown). */
  readonly budgets: readonly { readonly fy: number; readonly category: Category; readonly budget: Pence }[];
  /** The share of a budget line that may be overspent before it is flagged, in basis points (1,000 = 10%). */
  readonly virementToleranceBasisPoints: number;
  /**
   * How often the grant is claimed (monthly, quarterly, half-yearly or annual): `claim` takes only a period of that
   * kind (or the final claim), and gaps are named in those periods. Undefined: as the contract has it (a quarter, a
   * month or the final claim; gaps given as dates).
   */
  readonly claimPeriods?: ClaimFrequency;
  /**
   * Costs charged to the grant at a rate (rules/apportion.ts), first match wins; absent or empty: every included
   * row is included whole (PCD 1215 has none).
   */
  readonly apportionments?: readonly ApportionmentRule[];
  /** Where the configuration was read from (a file's path as given); undefined for the built-in PCD 1215 alone. */
  readonly source?: string;
}
