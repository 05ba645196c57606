/**
 * The vocabulary of grant-recon, in one place (after hledger's Types.hs).
 *
 * Conventions at this boundary:
 * - Money is a `bigint` of pence. It never becomes a JS `number` of pounds; see money.ts.
 * - A financial year (FY) is named by the calendar year it starts in: 2022 is 2022/23, which runs from
 *   1 April 2022 (inclusive) to 31 March 2023 (inclusive).
 * - A period is 1..16: 1 = April … 12 = March; 13–16 are year-end adjustment periods of the same FY.
 * - A calendar date is an ISO string `yyyy-mm-dd`.
 */

/** Pence, exact. */
export type Pence = bigint;

/**
 * A cost category's id (a lower-case slug such as `staff` or `vehicles`). The categories, their titles and their
 * reporting order are data of the grant configuration (grant-config.ts, `categories`): PCD 1215's six are built in
 * (config/pcd1215.ts), another grant configures its own.
 */
export type Category = string;

/**
 * The most categories a grant may have. The fold packs a category's index into a few bits of a number (four in
 * fold/folded-batch.ts and fold/ledger.ts, five in reports/matched-rows.ts), so the configuration schema refuses more.
 */
export const MAX_CATEGORIES = 16;

/** Where a row came from: the path as given on the command line, and the 1-based line its record starts on. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** The outcomes a row can end in: every row ends in exactly one. */
export const ROW_OUTCOMES = ['included', 'excluded', 'error'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

/**
 * Exclusion reasons, in the order of PRODUCT.md's outcome precedence (and of every report). The precedence, the
 * first that applies: error → control-total → footer → duplicate → outside-grant-years → outside-grant-window →
 * not-grant-cost-centre → ineligible-account / ineligible-pay-element → payroll-evidence → included. The file folds
 * decide in this order (fold/file-fold.ts, fold/gl-file-fold.ts, fold/payroll-file-fold.ts). `apportioned-out` comes
 * last: it takes only the part of a row otherwise included that an apportionment's rate leaves out
 * (rules/apportion.ts, fold/ledger.ts).
 */
export const EXCLUSION_REASONS = [
  'control-total',
  'footer',
  'duplicate',
  'outside-grant-years',
  'outside-grant-window',
  'not-grant-cost-centre',
  'ineligible-account',
  'ineligible-pay-element',
  'payroll-evidence',
  'apportioned-out',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Codes of rows in error. */
export const ROW_ERROR_CODES = [
  'bad-date',
  'bad-period',
  'bad-amount',
  'missing-field',
  'wrong-column-count',
  'unknown-staff-type',
  'conflicting-duplicate',
  'control-total-mismatch',
  'after-total',
  'suspect-quote',
  'row-above-header',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/** Why a row is not included: an exclusion reason or an error code (the two lists share no word). */
export type RowReason = ExclusionReason | RowErrorCode;

/** Every reason, exclusion reasons first (in precedence order), then error codes. */
export const ROW_REASONS: readonly RowReason[] = [...EXCLUSION_REASONS, ...ROW_ERROR_CODES];

/** The outcome a reason belongs to: exclusion reasons are `excluded`, error codes `error`. */
export function outcomeOfReason(reason: RowReason): RowOutcome {
  return (EXCLUSION_REASONS as readonly string[]).includes(reason) ? 'excluded' : 'error';
}

/** A row that cannot be read, as a value (beancount's habit): reported, never thrown. */
export interface RowError {
  readonly source: SourceRef;
  readonly code: RowErrorCode;
  /** What is wrong, without any personal data. */
  readonly message: string;
  /** What to do about it, with a valid example where one helps. */
  readonly hint?: string;
  /** The offending line as read (cells rejoined), with any personal data masked. */
  readonly excerpt?: string;
}

/** A row read with a caveat (an amount rounded from float noise, where a layout says so): listed, never an error. */
export interface RowWarning {
  readonly source: SourceRef;
  readonly code: 'amount-rounded';
  readonly message: string;
}

/** A fiscal position: FY start year and period 1..16. */
export interface FiscalPeriod {
  readonly fy: number;
  readonly period: number;
}
