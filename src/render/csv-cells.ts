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

/** Rows written in one piece: a report with millions of duplicates is written as it is read, never whole. */
const BATCH = 1000;

/** Writes rows as CSV (CRLF, as Excel writes it), every cell made safe, in pieces of a thousand rows. */
export function* writeCsv(header: readonly string[], rows: Iterable<readonly (string | number)[]>): Generator<string> {
  let batch: string[][] = [header.map(safeCell)];
  for (const row of rows) {
    batch.push(row.map((cell) => safeCell(String(cell))));
    if (batch.length === BATCH) {
      yield stringify(batch, { record_delimiter: 'windows' });
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, { record_delimiter: 'windows' });
}
