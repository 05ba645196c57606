/**
 * CSV writing for outputs that open cleanly in Excel: csv-stringify does the quoting; a cell that a spreadsheet
 * would run as a formula (it begins with =, +, -, @, tab or carriage return and is not a number) gets a leading
 * apostrophe, so it shows as text and never runs; and control characters are shown as `\xHH` (visible.ts), so a
 * CSV catted to a terminal cannot drive it. Tab and line breaks stay: CSV quoting holds them.
 */
import { stringify } from 'csv-stringify/sync';
import { visible } from './visible.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Shows a cell's control characters, and neutralises a cell that a spreadsheet would treat as a formula. */
export function safeCell(value: string): string {
  const shown = visible(value);
  return FORMULA_START.test(shown) && !NUMBER.test(shown) ? `'${shown}` : shown;
}

/**
 * CRLF between records, as Excel writes them; and a cell holding a line break of any kind is quoted (csv-stringify
 * quotes on its own only the record delimiter, so a lone LF in a file name split a record in two).
 */
const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** Rows written in one piece: a report with millions of duplicates is written as it is read, never whole. */
const BATCH = 1000;

/** Writes rows as CSV (CRLF, as Excel writes it), every cell made safe, in pieces of a thousand rows. */
export function* writeCsv(header: readonly string[], rows: Iterable<readonly (string | number)[]>): Generator<string> {
  let batch: string[][] = [header.map(safeCell)];
  for (const row of rows) {
    batch.push(row.map((cell) => safeCell(String(cell))));
    if (batch.length === BATCH) {
      yield stringify(batch, CSV_OPTIONS);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, CSV_OPTIONS);
}
