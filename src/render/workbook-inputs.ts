/**
 * The Inputs sheet that every workbook ends with: what the report's document says of its inputs (document.ts
 * baseBlocks), in the same order: where every row went with the control totals, the rows in error, the warnings
 * and duplicates, each input with its SHA-256, and where each physical line went.
 */
import { formatCount } from '../core/money.js';
import type ExcelJS from 'exceljs';
import { firstOf } from '../core/store/sequence.js';
import type { ReportBase } from '../core/reports/report-base.js';
import { controlTotalsLine, LISTED, listedText } from './document.js';
import { addHeading, addRow, addText, sumAbove, table, type CellValue } from './workbook-cells.js';

/**
 * Adds the Inputs sheet of `report`, with `about` (what the row accounting covers) under its heading. A workbook is
 * filed and read, not run: it carries none of the command hints of the terminal and Markdown formats.
 */
export function addInputsSheet(workbook: ExcelJS.Workbook, report: ReportBase, about?: string): void {
  const sheet = workbook.addWorksheet('Inputs');
  sheet.columns = [{ width: 40 }, { width: 12 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 18 }, { width: 12 }, { width: 12 }, { width: 68 }];
  addHeading(sheet, 'Where every row went', 1);
  if (about !== undefined) addText(sheet, about);
  const ct = report.controlTotals;
  const unreadable = ct.errorsAmountUnreadable;
  const read = report.rows.errors - unreadable;
  const outcomes: CellValue[][] = [
    ['Included', report.rows.included, ct.included],
    ...report.exclusions.map((e): CellValue[] => [`Excluded: ${e.reason}`, e.rows, e.amount]),
    // Rows in error whose amount could not be read have no money: their amount cell is empty, never £0.00.
    ...(read > 0 || unreadable === 0 ? [['In error', read, ct.errors]] : []),
    ...(unreadable > 0 ? [['In error, amount unreadable', unreadable, null]] : []),
  ];
  const totalRows = report.rows.included + report.rows.excluded + report.rows.errors;
  // The input total is the sum of the lines above only when the control totals agree.
  table(sheet, ['Outcome', 'Rows', 'Amount'], [...outcomes, ['Input total', sumAbove(totalRows), ct.balanced ? sumAbove(ct.input) : ct.input]]);
  const agreement = controlTotalsLine(ct);
  addText(sheet, agreement.text, agreement.tone === 'bad' ? 'warn' : 'plain');
  if (report.errors.length > 0) {
    addRow(sheet, []);
    addHeading(sheet, `Rows in error (${report.errors.length})`);
    table(sheet, ['Position', 'Code', 'Problem'], Array.from(firstOf(report.errors, LISTED), (e) => [`${e.file}:${e.line}`, e.code, e.message]));
    if (report.errors.length > LISTED) addText(sheet, listedText(report.errors.length), 'dim');
  }
  if (report.warnings.count > 0) {
    const { count, listed } = report.warnings;
    addRow(sheet, []);
    addHeading(sheet, `Rows read with a warning (${count})`);
    table(sheet, ['Position', 'Code', 'Warning'], listed.map((w) => [`${w.file}:${w.line}`, w.code, w.message]));
    if (count > listed.length) addText(sheet, `… and ${formatCount(count - listed.length)} more, not listed.`, 'dim');
  }
  if (report.duplicates.length > 0) {
    addRow(sheet, []);
    addHeading(sheet, `Duplicates (${report.duplicates.length})`);
    table(sheet, ['Position', 'Repeats'], Array.from(firstOf(report.duplicates, LISTED), (d) => [`${d.file}:${d.line}`, d.duplicateOf]));
    if (report.duplicates.length > LISTED) addText(sheet, listedText(report.duplicates.length), 'dim');
  }
  addRow(sheet, []);
  addHeading(sheet, 'Inputs');
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
  addHeading(sheet, 'Lines');
  table(
    sheet,
    ['File', 'Lines', 'Header', 'Above header', 'Data rows', 'Total line', 'Footer', 'Blank', 'In quoted cells'],
    report.inputs.map((f) => {
      const l = f.lines;
      return [f.file, l.physical, l.header, l.metadata, l.data, l.total, l.footer, l.blank, l.continuation];
    }),
  );
}
