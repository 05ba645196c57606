/**
 * Built-in source profiles: which columns an export must have to be read as a GL line export or a payroll
 * export. Header names match after trimming, folding runs of spaces and ignoring case; order does not matter
 * and extra columns are allowed.
 */

/** A column a profile reads. */
export interface ProfileColumn {
  readonly name: string;
  readonly required: boolean;
  /** Whether the tool reads the column's values (a column it reads must not be named twice). */
  readonly read: boolean;
}

/** A kind of export the tool can read. */
export interface SourceProfile {
  readonly id: 'gl' | 'payroll';
  readonly label: string;
  readonly columns: readonly ProfileColumn[];
  /** The column whose total an export's own total line states. */
  readonly amountColumn: string;
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
};

/** The profiles tried on every header, in order. */
export const BUILT_IN_PROFILES: readonly SourceProfile[] = [GL_PROFILE, PAYROLL_PROFILE];

/** A header name as compared: trimmed, runs of white space folded to one space, lower case. */
export function normaliseHeaderName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
