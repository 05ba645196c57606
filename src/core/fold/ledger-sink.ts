/**
 * What the file folds (file-fold.ts, gl-file-fold.ts, payroll-file-fold.ts, folded-batch.ts) see of the ledger
 * fold they report to: the tallies they keep of a file, the place and outcome of a row, and LedgerSink, the
 * narrow set of questions and records they give the ledger. The ledger fold (ledger.ts) implements it, and the
 * file folds depend on it alone, not on the class that makes them.
 */
import type { ApportionedRowKey } from '../rules/apportion.js';
import type { ChartDecision } from '../rules/chart.js';
import type { LineTally } from '../line-tally.js';
import type { DuplicateJudge } from '../dedup/duplicates.js';
import type { Category, ExclusionReason, Pence, RowError, RowErrorCode, RowOutcome, RowWarning, SourceRef } from '../types.js';

/** How many rows and how much money. */
export interface Tally {
  rows: number;
  amount: Pence;
}

/** The check of an export's own total line against the rows above it. */
export interface ControlTotalCheck {
  readonly line: number;
  /** The amount the total line states; undefined when it cannot be read. */
  readonly stated: Pence | undefined;
  /** The sum of every readable amount above it in the amount column. */
  readonly computed: Pence;
  readonly matches: boolean;
}


/** What happened to one input file's rows. */
export interface FileTally {
  readonly file: string;
  readonly profile: 'gl' | 'payroll';
  /** Rows with an outcome: data rows, the total line and footer lines (lines.data + lines.total + lines.footer). */
  rows: number;
  /** Every readable amount of the file's data rows as read, whatever their outcome (total lines excluded). */
  readTotal: Pence;
  readonly lines: LineTally;
  readonly included: Tally;
  readonly excluded: Tally;
  readonly errors: Tally;
  /** Rows in error whose amount could not be read: counted in `errors.rows`, with no money. */
  amountUnreadable: number;
  controlTotal: ControlTotalCheck | undefined;
}

/** A conflicting duplicate: its error (by index in the ledger's errors), the earlier row it disagrees with, and its net amount. */
export interface ConflictingRow {
  readonly error: number;
  readonly with: SourceRef;
  readonly net: Pence;
}

/** Where a row stands, as far as it is known when its outcome is decided. */
export interface RowPlace {
  readonly source: SourceRef;
  readonly fy?: number;
  readonly period?: number;
  readonly category?: Category;
  /** The chart rule that placed a GL row's account (none for payroll rows, or an account no rule matched). */
  readonly rule?: string;
  /**
   * What identifies an included row from one export to the next (given only to an observer that wants it): `key:` and the row
   * key where the layout has one, else `hash:` and a hash of the row's content without its amount (never of
   * personal data). See row-identity.ts.
   */
  readonly identity?: string;
  /** What the row is, beyond where it stands (given only to an observer that wants it: RowObserver.wantsDetail). */
  readonly detail?: RowDetail;
}

/**
 * What a row is: the columns a person recognises it by, and the value that decided its outcome. Never a payroll
 * row's personal data: of a payroll row only its cost centre (where the configuration names it) and its pay
 * element (where it is a known one or one the configuration makes ineligible), since either cell could hold a
 * name. A column the export's layout lacks, or a cell left empty, is absent.
 */
export interface RowDetail {
  /** GL: Document Number and Line, as codes are compared (trimmed, upper case). */
  readonly documentNumber?: string;
  readonly documentLine?: string;
  /** GL: Supplier, Description, Account Name and Cost Centre Name, trimmed, as written. */
  readonly supplier?: string;
  readonly description?: string;
  /** GL: the account code, as the chart compares it. */
  readonly account?: string;
  readonly accountName?: string;
  /** The cost centre code, as compared with the grant's (of a payroll row, only one the configuration names). */
  readonly costCentre?: string;
  readonly costCentreName?: string;
  /** Payroll: the pay element, runs of white space folded (only a known one, or one the configuration makes ineligible). */
  readonly payElement?: string;
  /** A row in error: its message, which never quotes a payroll cell. */
  readonly message?: string;
}

/** One row's outcome, for a caller that asks to see every row (the `rows` drill-down). */
export interface ObservedRow extends RowPlace {
  readonly profile: FileTally['profile'];
  readonly outcome: RowOutcome;
  readonly reason?: ExclusionReason;
  readonly code?: RowErrorCode;
  /** The row's amount; 0 for a row in error whose amount cannot be read (amountUnreadable). */
  readonly amount: Pence;
  /** A row in error with no amount that could be read: its 0 is no money, and is shown as none. */
  readonly amountUnreadable?: true;
  readonly duplicateOf?: SourceRef;
  /**
   * A row an apportionment rule split (rules/apportion.ts): the rule's name and rate (without its sign), the row's
   * whole amount and its two parts. The row's `amount` is then its included part (0% rate: its whole amount, excluded).
   */
  readonly apportioned?: ApportionedParts;
}

/** How an apportionment split a row. */
export interface ApportionedParts {
  readonly rule: string;
  readonly rate: string;
  readonly amount: Pence;
  readonly included: Pence;
  readonly excluded: Pence;
}

/** A row an apportionment rule takes, held until finish() splits its group (one rule's rows of one FY and period). */
export interface ApportionedRow {
  readonly line: number;
  readonly fy: number;
  readonly period: number;
  /** The category's index in the grant's categories (GrantConfig.categories). */
  readonly c: number;
  /** The cost centre's number in the fold (costCentreId). */
  readonly costCentre: number;
  readonly amount: Pence;
  /** Where the row stands, for an observer (given only when one watches). */
  readonly place?: RowPlace;
}

/**
 * Called with each row's outcome; payroll rows, decided last, come at finish(). An observer that sets
 * `wantsIdentity` is given each included row's identity too (it costs a hash per row, so only when asked for);
 * one that sets `wantsDetail`, each row's detail (it costs reading and keeping more cells of every row).
 */
export type RowObserver = ((row: ObservedRow) => void) & { readonly wantsIdentity?: boolean; readonly wantsDetail?: boolean };

/** The tally of a file before any of its lines is read. */
export function emptyTally(file: string, profile: FileTally['profile']): FileTally {
  return {
    file,
    profile,
    rows: 0,
    readTotal: 0n,
    lines: { header: 0, metadata: 0, data: 0, total: 0, footer: 0, blank: 0, continuation: 0 },
    included: { rows: 0, amount: 0n },
    excluded: { rows: 0, amount: 0n },
    errors: { rows: 0, amount: 0n },
    amountUnreadable: 0,
    controlTotal: undefined,
  };
}

/** What a file fold asks and tells the ledger fold it belongs to: every row's outcome goes through here. */
export interface LedgerSink {
  /** The chart of accounts: the category and rule of an account code, or why it is not the grant's. */
  readonly chart: (account: string) => ChartDecision;
  /** Staff types (trimmed, lower-cased) and the category each one's pay goes to (core/rules/staff-types.ts). */
  readonly staffTypes: ReadonlyMap<string, Category>;
  /** What is said of a payroll row whose staff type is none of them. */
  readonly unknownStaffType: { readonly message: string; readonly hint: string };
  /** The index of a category of the configuration in its reporting order. */
  indexOf(category: Category): number;
  /** Judges each row against the rows before it (a part fold's judge leaves that to the main thread). */
  readonly duplicateIndex: DuplicateJudge;
  /** Does an observer want row identities? They are worked out only then. */
  readonly identifying: boolean;
  /** Is every row's outcome watched? Rows are then described in full; otherwise they are only counted. */
  readonly observed: boolean;
  /** Does an observer want each row's detail (RowDetail)? It is read from the cells only then. */
  readonly describing: boolean;
  /** Does the fold read whole files (the total line, the rows below it, the lines a suspect quote swallowed)? */
  readonly foldsWholeFiles: boolean;
  /** Does the next row in error keep its excerpt? */
  readonly keepsExcerpt: boolean;
  /** The penny-exact amount a cell's float noise stands for; undefined where it cannot be told. */
  roundFloatNoise(cell: string): Pence | undefined;
  /** Records a warning about a row. */
  warn(warning: RowWarning): void;
  /** Records a row in error with its amount, or undefined when the amount cannot be read. */
  error(tally: FileTally, error: RowError, amount: Pence | undefined): void;
  /** Notes that the error just recorded is a conflicting duplicate of `withRow`. */
  conflicting(withRow: SourceRef, net: Pence): void;
  /** Records an excluded row; a duplicate names the row it repeats. */
  exclude(tally: FileTally, reason: ExclusionReason, amount: Pence, place: RowPlace, duplicateOf?: SourceRef): void;
  /** Counts excluded rows that name no other row, when no observer watches. */
  countExcluded(tally: FileTally, reason: ExclusionReason, amount: Pence, rows?: number): void;
  /** Counts excluded rows dated in a period of a FY (what shows the month), besides their money (countExcluded). */
  countExcludedAt(fy: number, period: number, rows?: number): void;
  /** Records an included GL row. */
  includeGl(tally: FileTally, place: RowPlace & { readonly fy: number; readonly period: number; readonly category: Category; readonly costCentre: string }, amount: Pence): void;
  /** Counts included GL rows of the category at index `c` and cost centre number `costCentre`, when no observer watches. */
  countGl(tally: FileTally, fy: number, period: number, c: number, costCentre: number, amount: Pence, rows?: number): void;
  /** Holds an eligible payroll row until every GL file has been read; `apportionment` is the rule that takes it, or -1. */
  holdPayroll(tally: FileTally, source: SourceRef, fy: number, period: number, category: Category, costCentre: string, amount: Pence, identity?: string, detail?: RowDetail, apportionment?: number): void;
  /** The apportionment rule (its index in the configuration) that takes a row otherwise included, or -1. */
  apportionment(row: ApportionedRowKey): number;
  /** Holds a GL row that apportionment rule `rule` takes, until finish() splits its group. */
  holdApportioned(tally: FileTally, rule: number, row: ApportionedRow): void;
  isGrantYear(fy: number): boolean;
  /** Is a row of a grant FY inside the grant window (calendar/grant-window.ts)? Always, without a window. */
  isInGrantWindow(postingIso: string | undefined, fy: number, period: number): boolean;
  isGrantCostCentre(costCentre: string): boolean;
  isConfiguredCostCentre(costCentre: string): boolean;
  isIneligiblePayElement(element: string): boolean;
  /** The number that stands for a (normalised) cost centre in this fold. */
  costCentreId(costCentre: string): number;
}
