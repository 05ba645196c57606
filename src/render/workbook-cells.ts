/**
 * The cells every workbook is made of (exceljs), and the making of its bytes: the claim workbook and the
 * reconciliation workbook both write through here, so an amount, a date, a total and a text cell mean the same in
 * each.
 *
 * An amount is a numeric cell in a pounds format, never text. A spreadsheet number is an IEEE double by the file
 * format's own definition. Each one is written from the exact two-decimal string of the report
 * (`Number("1234.56")`, the double nearest that decimal); an amount the cell cannot hold and show to the penny is
 * refused whole (fitsWorkbookCell): a workbook is never written with one figure off.
 *
 * A total that is the sum of cells beside it is a SUM formula whose cached value is the report's exact figure, so
 * a reader that does not recalculate shows the same number; the formula is written only when the cells it sums
 * add up to that figure exactly (a total that is not their sum is written as its number, never as a formula that
 * would recalculate to something else).
 *
 * A date is a date cell (a day number shown as yyyy-mm-dd) taken as UTC, so the bytes do not depend on the
 * machine's time zone. The same report gives the same bytes: the document properties and every zip entry carry
 * the report's generation time, not the clock.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { formatPence } from '../core/money.js';
import type { Pence } from '../core/types.js';
import { visibleInXml } from './visible.js';

/** Excel number format of every amount: pounds with thousands separators and pence, negatives with a minus. */
export const POUNDS_FORMAT = '"£"#,##0.00;-"£"#,##0.00';

/** Excel number format of a date. */
export const DATE_FORMAT = 'yyyy-mm-dd';

/** Excel number format of a time (the generation time), in UTC as the reports give it. */
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"';

/** A date (yyyy-mm-dd) or an instant (an ISO date-time in UTC), written as a date cell. */
export interface DateValue {
  readonly date: string;
}

/**
 * A total written as a SUM formula over cells of its table, with `total` as its cached value: the rows above it
 * in its column (all of them, or the data rows `first`..`last` counted from 0), or the columns `first`..`last`
 * (counted from 0) of its own row.
 */
export interface SumValue {
  readonly total: Pence | number;
  readonly over: 'rows' | 'columns';
  readonly first?: number;
  readonly last?: number;
}

/** What a table cell holds: text, a count, an amount (bigint pence), a date, a total, or nothing. */
export type CellValue = string | number | null | Pence | DateValue | SumValue;

/** A date cell of `date` (yyyy-mm-dd, or an ISO date-time in UTC for the generation time). */
export const dateOf = (date: string): DateValue => ({ date });

/**
 * A date cell when `text` is a UTC date-time as the tool writes them (`2022-06-03T00:00:00Z`), else the text as it
 * stands: an earlier file's own stamp is read, not trusted, and a cell is never written with a date it does not hold.
 */
export function dateOrText(text: string): DateValue | string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text) && !Number.isNaN(Date.parse(text)) && new Date(text).toISOString().slice(0, 19) === text.slice(0, 19) ? dateOf(text) : text;
}

/** The sum of the data rows above in the column (or rows `first`..`last`, counted from 0), cached as `total`. */
export const sumAbove = (total: Pence | number, first?: number, last?: number): SumValue => ({ total, over: 'rows', ...(first === undefined ? {} : { first }), ...(last === undefined ? {} : { last }) });

/** The sum of columns `first`..`last` (counted from 0) of the same row, cached as `total`. */
export const sumAcross = (total: Pence | number, first: number, last: number): SumValue => ({ total, over: 'columns', first, last });

/**
 * The most pence a workbook cell is trusted with: 15 significant digits, £9,999,999,999,999.99. Excel keeps and
 * shows 15 significant digits of a number, and a decimal of at most 15 significant digits is read back from its
 * nearest double as itself; past that, Excel shows other pence, and past £90 trillion the double itself is another
 * amount (10009007199254740993.07 is stored as 10009007199254740992).
 */
const WORKBOOK_MAX_PENCE = 10n ** 15n - 1n;

/**
 * Whether a numeric cell holds `p` exactly to the penny: within 15 significant digits, and the two-decimal string
 * read back from the double the cell stores is the amount's own (the second follows from the first, and says why).
 */
export function fitsWorkbookCell(p: Pence): boolean {
  const text = formatPence(p);
  return (p < 0n ? -p : p) <= WORKBOOK_MAX_PENCE && Number(text).toFixed(2) === text;
}

/** An amount of a report that a workbook cell cannot hold to the penny, and where it would have gone. */
export class AmountBeyondWorkbookError extends Error {
  constructor(
    readonly amount: string,
    readonly where: string,
  ) {
    super(`${where} is ${amount}, more than a workbook cell holds to the penny`);
    this.name = 'AmountBeyondWorkbookError';
  }
}

/** An amount as the number a numeric cell holds; throws AmountBeyondWorkbookError when the cell cannot hold it. */
function amount(p: Pence, where: () => string): number {
  if (!fitsWorkbookCell(p)) throw new AmountBeyondWorkbookError(formatPence(p), where());
  return Number(formatPence(p));
}

/**
 * Whether a spreadsheet that recalculates a SUM of `count` amounts, whose running sums never pass `largest` pence,
 * shows the same pence as the exact total. Each double addition is off by at most half a unit in the last place
 * of its result (2⁻⁵³ of it), and each amount's own double by as much of itself: while 2 × count × largest stays
 * under 2⁵² pence, all those errors together stay under half a penny (2⁵³ × 2⁻⁵³ × ½ p), so the two-decimal
 * display is the exact total's. Past that (totals in the tens of trillions) the total is written as its number.
 */
function recalculatesToThePenny(count: number, largest: Pence): boolean {
  return 2n * BigInt(count) * largest < 2n ** 52n;
}

/**
 * Adds a row, every text cell with its control characters (and the characters XML 1.0 forbids) shown as text
 * (visible.ts): a file name or a configured name must not carry them into the workbook, where exceljs would drop
 * some and write the C1 controls raw.
 */
export function addRow(sheet: ExcelJS.Worksheet, values: readonly (string | number | null)[]): ExcelJS.Row {
  return sheet.addRow(values.map((v) => (typeof v === 'string' ? visibleInXml(v) : v)));
}

/** A heading line: bold, larger for a sheet's title (level 1). */
export function addHeading(sheet: ExcelJS.Worksheet, text: string, level: 1 | 2 = 2): ExcelJS.Row {
  const row = addRow(sheet, [text]);
  row.font = { bold: true, size: level === 1 ? 14 : 12 };
  return row;
}

/** A line of text; `dim` for a remark that only points elsewhere, `warn` for one that needs reading. */
export function addText(sheet: ExcelJS.Worksheet, text: string, tone: 'plain' | 'dim' | 'warn' = 'plain'): ExcelJS.Row {
  const row = addRow(sheet, [text]);
  if (tone === 'dim') row.font = { color: { argb: 'FF555555' } };
  if (tone === 'warn') row.font = { italic: true, color: { argb: 'FF8A4B00' } };
  return row;
}

/** Label and value lines, labels bold; a value may be a date. */
export function details(sheet: ExcelJS.Worksheet, lines: readonly (readonly [string, string | DateValue])[]): void {
  for (const [label, value] of lines) {
    const row = addRow(sheet, [label, null]);
    row.getCell(1).font = { bold: true };
    if (typeof value === 'string') row.getCell(2).value = visibleInXml(value);
    else writeDate(row.getCell(2), value);
    row.getCell(2).alignment = { horizontal: 'left' };
  }
}

/**
 * A header row, then rows: amounts (bigint pence) become numeric cells in the pounds format, dates date cells,
 * totals SUM formulas over the cells they add up (checked to add up to them exactly). Returns the sheet row
 * numbers of the data rows.
 */
export function table(sheet: ExcelJS.Worksheet, header: readonly string[], rows: readonly (readonly CellValue[])[]): { readonly first: number; readonly last: number } {
  const head = addRow(sheet, [...header]);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECF2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const firstRow = head.number + 1;
  rows.forEach((values, r) => {
    const label = typeof values[0] === 'string' ? values[0] : String(r + 1);
    const where = (column: number) => (): string => `the ${header[column] ?? 'amount'} of "${label}" on the ${sheet.name} sheet`;
    const row = addRow(sheet, values.map((v) => (typeof v === 'string' || typeof v === 'number' || v === null ? v : null)));
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      if (typeof v === 'bigint') {
        cell.value = amount(v, where(c));
        cell.numFmt = POUNDS_FORMAT;
      } else if (v !== null && typeof v === 'object' && 'date' in v) {
        writeDate(cell, v);
      } else if (v !== null && typeof v === 'object') {
        writeSum(cell, v, addends(rows, r, c, v), firstRow, r, c, where(c));
      }
    });
  });
  return { first: firstRow, last: firstRow + rows.length - 1 };
}

/** The cells a total adds up, as its table's values. */
function addends(rows: readonly (readonly CellValue[])[], r: number, c: number, sum: SumValue): CellValue[] {
  if (sum.over === 'columns') return (rows[r] ?? []).slice(sum.first, (sum.last ?? -1) + 1);
  return rows.slice(sum.first ?? 0, (sum.last ?? r - 1) + 1).map((row) => row[c] ?? null);
}

/** What a cell adds to a SUM: its amount, count or cached total (blank and text count nothing, as in a spreadsheet). */
function valueOf(v: CellValue): Pence | number {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'total' in v) return v.total;
  return 0;
}

function writeSum(cell: ExcelJS.Cell, sum: SumValue, cells: readonly CellValue[], firstRow: number, r: number, c: number, where: () => string): void {
  const total = sum.total;
  const pence = typeof total === 'bigint';
  const result = typeof total === 'bigint' ? amount(total, where) : total;
  if (pence) cell.numFmt = POUNDS_FORMAT;
  // The exact sum of what the formula would add, and the largest running sum on the way.
  const abs = (a: bigint): bigint => (a < 0n ? -a : a);
  let exact = 0n;
  let largest = 0n;
  for (const v of cells) {
    const x = BigInt(valueOf(v));
    exact += x;
    for (const a of [abs(x), abs(exact)]) if (a > largest) largest = a;
  }
  const wanted = BigInt(total);
  if (exact !== wanted || cells.length === 0 || (pence && !recalculatesToThePenny(cells.length, largest))) {
    cell.value = result;
    return;
  }
  const row = firstRow + r;
  const range =
    sum.over === 'columns'
      ? `${column((sum.first ?? 0) + 1)}${row}:${column((sum.last ?? 0) + 1)}${row}`
      : `${column(c + 1)}${firstRow + (sum.first ?? 0)}:${column(c + 1)}${firstRow + (sum.last ?? r - 1)}`;
  cell.value = { formula: `SUM(${range})`, result };
}

/** A column's letters (1 → A, 27 → AA). */
function column(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}

/** Writes a date cell: the day number of the UTC date or instant (exceljs counts from the UTC epoch, not local time). */
function writeDate(cell: ExcelJS.Cell, value: DateValue): void {
  const day = value.date.length === 10;
  cell.value = new Date(day ? `${value.date}T00:00:00Z` : value.date);
  cell.numFmt = day ? DATE_FORMAT : DATE_TIME_FORMAT;
}

/** A new workbook dated by the report's generation time. */
export function newWorkbook(generatedAt: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const stamp = new Date(generatedAt);
  workbook.creator = 'grant-recon';
  workbook.lastModifiedBy = 'grant-recon';
  workbook.created = stamp;
  workbook.modified = stamp;
  return workbook;
}

/** The workbook's bytes, every zip entry dated by the report's generation time. */
export async function workbookBytes(workbook: ExcelJS.Workbook, generatedAt: string): Promise<Uint8Array> {
  const bytes = await workbook.xlsx.writeBuffer();
  return stampZipEntries(new Uint8Array(bytes), new Date(generatedAt));
}

/** Zip dates cannot go before 1980: an earlier stamp (SOURCE_DATE_EPOCH=0) dates the entries 1980-01-01. */
const EARLIEST_ZIP_DATE = Date.UTC(1980, 0, 1);

/** Rewrites the zip with every entry dated `stamp`, so that the bytes depend on the report alone. */
async function stampZipEntries(bytes: Uint8Array, generatedAt: Date): Promise<Uint8Array> {
  const stamp = new Date(Math.max(generatedAt.getTime(), EARLIEST_ZIP_DATE));
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  // In the order exceljs wrote them ([Content_Types].xml first, as readers expect).
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    out.file(entry.name, await entry.async('uint8array'), { date: stamp, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
