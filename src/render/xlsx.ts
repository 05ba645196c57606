/**
 * The claim as an Excel workbook (exceljs): the claim sheet, a sheet per category with its monthly figures, and
 * an inputs sheet with the control totals. Every amount is a numeric cell in a pounds format, never text.
 *
 * A spreadsheet number is an IEEE double by the file format's own definition. Each one is written from the exact
 * two-decimal string of the JSON (`Number("1234.56")`, the double nearest that decimal); no arithmetic is done on
 * them. An amount the cell cannot hold and show to the penny is refused whole (fitsWorkbookCell): a workbook is
 * never written with one figure off.
 *
 * The same report gives the same bytes: the document properties and every zip entry carry the report's
 * generation time, not the clock.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { ClaimReport } from '../core/reports/claim.js';
import { formatPence } from '../core/money.js';
import { CATEGORIES, type Pence } from '../core/types.js';
import { CATEGORY_TITLES } from './category-titles.js';
import { CERTIFICATION_BY, CERTIFICATION_FIELDS, certificationPlaceholder, claimMeasures } from './claim-words.js';
import { visibleInXml } from './visible.js';

/** Excel number format of every amount: pounds with thousands separators and pence, negatives with a minus. */
export const POUNDS_FORMAT = '"£"#,##0.00;-"£"#,##0.00';

type Value = string | number | null;

/** The claim workbook's bytes. */
export async function renderClaimWorkbook(report: ClaimReport): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const stamp = new Date(report.generatedAt);
  workbook.creator = 'grant-recon';
  workbook.lastModifiedBy = 'grant-recon';
  workbook.created = stamp;
  workbook.modified = stamp;
  addClaimSheet(workbook, report);
  for (const category of CATEGORIES) addCategorySheet(workbook, report, category);
  addInputsSheet(workbook, report);
  const bytes = await workbook.xlsx.writeBuffer();
  return stampZipEntries(new Uint8Array(bytes), stamp);
}

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

/** An amount of the claim that a workbook cell cannot hold to the penny, and where it would have gone. */
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

function addClaimSheet(workbook: ExcelJS.Workbook, report: ClaimReport): void {
  const sheet = workbook.addWorksheet('Claim', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 48 }, { width: 18 }, { width: 18 }, { width: 16 }, { width: 16 }, { width: 28 }];
  const t = report.totals;
  addRow(sheet, [`Grant claim: ${report.grant.reference} ${report.grant.name}`]).font = { bold: true, size: 14 };
  details(sheet, [
    ['Funder', report.grant.funder],
    ['Recipient', report.grant.recipient],
    ['Financial year', report.year],
    ['Claim period', report.period.label],
    ['From', report.period.from],
    ['To', report.period.to],
    ['Generated', report.generatedAt],
  ]);
  addRow(sheet, []);
  table(sheet, ['Claim', 'Amount'], claimMeasures(report).map((m) => [m.label, m.amount]));
  addRow(sheet, []);
  const budgeted = report.categories.some((c) => c.budget !== null);
  table(
    sheet,
    ['Category', 'Period actual', 'Cumulative actual', ...(budgeted ? ['Budget', 'Variance'] : [])],
    [
      ...report.categories.map((c) => [CATEGORY_TITLES[c.category], c.periodActual, c.cumulativeActual, ...(budgeted ? [c.budget?.budget ?? null, c.budget?.variance ?? null] : [])]),
      ['Total', t.periodActual, t.cumulativeActual, ...(budgeted ? [null, null] : [])],
    ],
  );
  if (report.previousClaims.length > 0) {
    addRow(sheet, []);
    table(sheet, ['Earlier claim', 'Claim due', 'From', 'To', '', 'File'], [
      ...report.previousClaims.map((c) => [c.period, c.claimDue, c.from, c.to, null, c.file]),
      ['Previously claimed', t.previouslyClaimed],
    ]);
  }
  if (report.priorPeriodRestatements.length > 0) {
    addRow(sheet, []);
    table(
      sheet,
      ['Restated since the latest earlier claim', 'Claimed then', 'Ledger now', 'Restatement'],
      report.priorPeriodRestatements.map((r) => [CATEGORY_TITLES[r.category], r.claimed, r.now, r.restatement]),
    );
  }
  addRow(sheet, []);
  addRow(sheet, ['Certification']).font = { bold: true, size: 12 };
  addRow(sheet, [certificationPlaceholder(report)]);
  addRow(sheet, [CERTIFICATION_BY]).font = { italic: true };
  for (const label of CERTIFICATION_FIELDS) {
    const row = addRow(sheet, [label, '']);
    row.height = 24;
    row.getCell(1).font = { bold: true };
    sheet.mergeCells(row.number, 2, row.number, 4);
    row.getCell(2).border = { bottom: { style: 'thin' } };
  }
}

function addCategorySheet(workbook: ExcelJS.Workbook, report: ClaimReport, category: (typeof CATEGORIES)[number]): void {
  const sheet = workbook.addWorksheet(CATEGORY_TITLES[category]);
  sheet.columns = [{ width: 10 }, { width: 12 }, { width: 18 }, { width: 20 }];
  addRow(sheet, [`${CATEGORY_TITLES[category]}: ${report.year}, P01 to the end of ${report.period.label}`]).font = { bold: true };
  addRow(sheet, []);
  let cumulative = 0n;
  const rows = report.periods.map((p) => {
    cumulative += p.categories[category];
    return [p.period, p.month, p.categories[category], cumulative];
  });
  const entry = report.categories.find((c) => c.category === category);
  table(sheet, ['Period', 'Month', 'Actual', 'Cumulative actual'], [
    ...rows,
    ['Claim period', report.period.label, entry?.periodActual ?? 0n, null],
    ['Year to date', `to ${report.period.to}`, entry?.cumulativeActual ?? 0n, null],
  ]);
}

function addInputsSheet(workbook: ExcelJS.Workbook, report: ClaimReport): void {
  const sheet = workbook.addWorksheet('Inputs');
  sheet.columns = [{ width: 40 }, { width: 10 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 18 }, { width: 12 }, { width: 12 }, { width: 68 }];
  table(
    sheet,
    ['File', 'Rows', 'Total', 'Included', 'Excluded', 'In error', 'Own total line', 'Encoding', 'Profile', 'SHA-256'],
    report.inputs.map((f) => [
      f.file,
      f.rows,
      f.total,
      f.included.amount,
      f.excluded.amount,
      f.errors.amount,
      f.controlTotal === null ? 'none' : `line ${f.controlTotal.line}: ${f.controlTotal.matches ? 'agrees' : 'MISMATCH'}`,
      f.encoding,
      f.profile,
      f.sha256,
    ]),
  );
  addRow(sheet, []);
  const ct = report.controlTotals;
  table(sheet, ['Where every row went', 'Rows', 'Amount'], [
    ['Included', report.rows.included, ct.included],
    ...report.exclusions.map((e) => [`Excluded: ${e.reason}`, e.rows, e.amount]),
    ['In error', report.rows.errors, ct.errors],
    ['Input total', report.rows.included + report.rows.excluded + report.rows.errors, ct.input],
  ]);
  addRow(sheet, [ct.balanced ? 'Control totals agree: input = included + excluded + in error.' : 'CONTROL TOTALS DO NOT AGREE.']);
}

/**
 * Adds a row, every text cell with its control characters (and the characters XML 1.0 forbids) shown as text
 * (visible.ts): a file name or a configured name must not carry them into the workbook, where exceljs would drop
 * some and write the C1 controls raw.
 */
function addRow(sheet: ExcelJS.Worksheet, values: readonly Value[]): ExcelJS.Row {
  return sheet.addRow(values.map((v) => (typeof v === 'string' ? visibleInXml(v) : v)));
}

/** Label and value lines, labels bold. */
function details(sheet: ExcelJS.Worksheet, lines: readonly (readonly [string, string])[]): void {
  for (const [label, value] of lines) addRow(sheet, [label, value]).getCell(1).font = { bold: true };
}

/** A header row, then rows: amounts (bigint pence) become numeric cells in the pounds format. */
function table(sheet: ExcelJS.Worksheet, header: readonly string[], rows: readonly (readonly (Value | Pence)[])[]): void {
  const head = addRow(sheet, [...header]);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECF2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const values of rows) {
    const where = (column: number) => (): string => `the ${header[column] ?? 'amount'} of "${String(values[0])}" on the ${sheet.name} sheet`;
    const row = addRow(sheet, values.map((v, i) => (typeof v === 'bigint' ? amount(v, where(i)) : v)));
    values.forEach((v, i) => {
      if (typeof v === 'bigint') row.getCell(i + 1).numFmt = POUNDS_FORMAT;
    });
  }
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
