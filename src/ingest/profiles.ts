import type { ProfileSpec } from '../core/grant-config.js';

/**
 * Built-in source profiles: which columns an export must have to be read as a GL line export or a payroll
 * export. Header names match after trimming, folding runs of spaces and ignoring case; order does not matter
 * and extra columns are allowed.
 */

/** A column a profile reads. */
export interface ProfileColumn {
  /** The profile's own name for the column (`Net Amount`). */
  readonly name: string;
  /** The header the export gives it, when a configured profile names it otherwise (`NetAmount`). */
  readonly header?: string;
  readonly required: boolean;
  /** Whether the tool reads the column's values (a column it reads must not be named twice). */
  readonly read: boolean;
}

/** A kind of export the tool can read. */
export interface SourceProfile {
  /** What the rows are: GL lines or payroll lines. */
  readonly id: 'gl' | 'payroll';
  readonly label: string;
  readonly columns: readonly ProfileColumn[];
  /** The column whose total an export's own total line states. */
  readonly amountColumn: string;
  /** The columns whose values together identify a row (GL: Document Number + Line); none: its whole content. */
  readonly key: readonly string[];
  /** Numeric dates month first (a configured layout that says so); day first otherwise. */
  readonly monthFirst?: boolean;
  /** Rows searched for this layout's header (a configured layout may ask for more than the default). */
  readonly headerSearchRows?: number;
  /** Amounts that are a spreadsheet's float noise are read to the penny, with a warning (a configured layout that says so). */
  readonly floatNoise?: boolean;
}

const required = (name: string): ProfileColumn => ({ name, required: true, read: true });
const optional = (name: string, read = false): ProfileColumn => ({ name, required: false, read });

/** GL line export: purchase ledger and journals. Row key: Document Number + Line. */
export const GL_PROFILE: SourceProfile = {
  id: 'gl',
  label: 'GL line export',
  columns: [
    required('Document Number'),
    required('Line'),
    required('Posting Date'),
    required('Cost Centre'),
    required('Account Code'),
    required('Net Amount'),
    optional('Period', true),
    optional('Cost Centre Name'),
    optional('Account Name'),
    optional('Supplier'),
    optional('Description'),
    optional('VAT Amount'),
    optional('Gross Amount'),
  ],
  amountColumn: 'Net Amount',
  key: ['Document Number', 'Line'],
};

/**
 * Payroll export: staff and officers, one line per person, pay element and month. No row key. Employee Number,
 * Employee Name and Grade are personal data: read only to tell rows apart, never shown.
 */
export const PAYROLL_PROFILE: SourceProfile = {
  id: 'payroll',
  label: 'payroll export',
  columns: [
    required('Payroll Period'),
    required('Employee Number'),
    required('Staff Type'),
    required('Cost Centre'),
    required('Pay Element'),
    required('Amount'),
    optional('Employee Name'),
    optional('Grade'),
    optional('Pay Date'),
  ],
  amountColumn: 'Amount',
  key: [],
};

/** The profiles tried on every header, in order. */
export const BUILT_IN_PROFILES: readonly SourceProfile[] = [GL_PROFILE, PAYROLL_PROFILE];

/** A header name as compared: trimmed, runs of white space folded to one space, lower case. */
export function normaliseHeaderName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Builds a profile from a configuration's description: the built-in profile of that kind, with the export's
 * own header names. A GL column that is neither required nor in the key (`Line`, for exports without line
 * numbers) becomes optional.
 */
export function profileFromSpec(spec: ProfileSpec): SourceProfile {
  const base = spec.kind === 'gl' ? GL_PROFILE : PAYROLL_PROFILE;
  const key = spec.key ?? base.key;
  return {
    id: base.id,
    label: `${spec.name} export`,
    amountColumn: base.amountColumn,
    key,
    ...(spec.dateOrder === 'month-first' ? { monthFirst: true } : {}),
    ...(spec.headerSearchRows ? { headerSearchRows: spec.headerSearchRows } : {}),
    ...(spec.floatNoise === 'round' ? { floatNoise: true } : {}),
    columns: base.columns.map((column) => {
      const header = spec.columns[column.name];
      // A key column is required, whatever it is: a row cannot be told apart without it.
      const required = (column.required && (column.name !== 'Line' || key.includes('Line'))) || key.includes(column.name);
      return { ...column, required, ...(header === undefined ? {} : { header }) };
    }),
  };
}
