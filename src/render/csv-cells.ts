/**
 * CSV writing for outputs that open cleanly in Excel: csv-stringify does the quoting; a cell that a spreadsheet
 * would run as a formula (it begins with =, +, -, @, tab or carriage return and is not a number) gets a leading
 * apostrophe, so it shows as text and never runs.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Neutralises a cell that a spreadsheet would treat as a formula. */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

/** Writes rows as CSV (CRLF, as Excel writes it), every cell made safe. */
export function writeCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return stringify([header, ...rows].map((row) => row.map((cell) => safeCell(String(cell)))), { record_delimiter: 'windows' });
}
