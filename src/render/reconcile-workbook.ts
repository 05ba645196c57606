/**
 * The reconciliation as an Excel workbook: a Summary sheet with each year's measures, a sheet per financial year
 * with the sections of the reconciliation document for that year (document.ts reconciliationDocument: the month ×
 * category table, P01–P12 then P13–P16 as lines of their own, its Year line the sum of the lines above; the
 * periods after --to apart; the measures; cost centres, budgets and where the money came from), the payroll
 * differences and the restatements since an earlier reconciliation where there are any, and the Inputs sheet
 * (workbook-inputs.ts). Cells: workbook-cells.ts.
 */
import type ExcelJS from 'exceljs';
import { formatCount, formatMoney } from '../core/money.js';
import { inYearToDate, type ReconciliationReport, type YearReport } from '../core/reports/reconcile.js';
import type { RestatementsReport } from '../core/reports/restatement.js';
import { titleOf, type CategoryTitles } from './category-titles.js';
import { projectionWords, windowWords } from './document.js';
import { addInputsSheet } from './workbook-inputs.js';
import { addApportionmentTable, addBudgetTable, addCostCentreTable, addRowChangeTable } from './workbook-sections.js';
import { addHeading, addRow, addText, dateOf, dateOrText, details, newWorkbook, sumAbove, sumAcross, table, workbookBytes, type CellValue } from './workbook-cells.js';

/** The reconciliation workbook's bytes; throws AmountBeyondWorkbookError for an amount a cell cannot hold to the penny. */
export async function renderReconciliationWorkbook(report: ReconciliationReport, titles: CategoryTitles): Promise<Uint8Array> {
  const workbook = newWorkbook(report.generatedAt);
  addSummarySheet(workbook, report);
  for (const year of report.years) addYearSheet(workbook, report, year, titles);
  if (report.payrollDifferences.length > 0) addPayrollSheet(workbook, report, titles);
  if (report.restatements) addRestatedSheet(workbook, report.restatements, titles);
  addInputsSheet(workbook, report);
  return workbookBytes(workbook, report.generatedAt);
}

/** A year's sheet name: the year with a hyphen (a sheet name cannot hold `/`). */
function yearSheetName(year: string): string {
  return year.replace('/', '-');
}

/** `Year to date (P01 to 2022-09)`, or `Year to date` over all the year's data. */
const yearToDate = (y: YearReport): string => `Year to date${y.to ? ` (P01 to ${y.to})` : ''}`;

function addSummarySheet(workbook: ExcelJS.Workbook, report: ReconciliationReport): void {
  const sheet = workbook.addWorksheet('Summary');
  sheet.columns = [{ width: 40 }, { width: 18 }, { width: 18 }, { width: 18 }, { width: 18 }, { width: 20 }, { width: 20 }, { width: 22 }, { width: 22 }];
  addHeading(sheet, `Grant reconciliation: ${report.grant.reference} ${report.grant.name}`, 1);
  details(sheet, [
    ['Funder', report.grant.funder],
    ['Recipient', report.grant.recipient],
    ['Generated', dateOf(report.generatedAt)],
  ]);
  addRow(sheet, []);
  table(
    sheet,
    ['Financial year', 'Year to date to', 'Cap', 'Year to date', 'Headroom', 'Over cap', 'Projected outturn', 'Actual passes cap in', 'Projection passes cap in'],
    report.years.map((y) => [y.year, y.to ?? 'all', y.cap, y.ytdActual, y.headroom, y.overCap, y.projectedOutturn, y.capPassedIn, y.projectionPassesCapIn]),
  );
  addText(sheet, 'Each year has a sheet of its own with its months; where every row went and the inputs are on the Inputs sheet.', 'dim');
  addApportionmentTable(sheet, report.apportionments);
  if (report.window) addText(sheet, windowWords(report.window));
  const g = report.wholeGrant;
  if (g) {
    addRow(sheet, []);
    table(sheet, ['Whole grant', 'Amount'], [
      ['Grant cap', g.cap],
      ['Actual to date', g.actual],
      ['Headroom', g.headroom],
      ['Over grant cap', g.overCap],
      ['Projected outturn', g.projectedOutturn],
    ]);
  }
  const { inReport, outside } = report.scope;
  if (outside.rows !== 0 || outside.amount !== 0n) {
    const rows = (n: number): string => `${formatCount(n)} row${n === 1 ? '' : 's'}`;
    const months = report.years.map((y) => `${y.year}${y.to ? ` up to ${y.to}` : ''}`).join(' and ');
    addText(sheet, `The report's months (${months}) hold ${formatMoney(inReport.amount)} of the included money (${rows(inReport.rows)}); the other ${formatMoney(outside.amount)} (${rows(outside.rows)}) lies in months or years outside them.`);
  }
}

function addYearSheet(workbook: ExcelJS.Workbook, report: ReconciliationReport, y: YearReport, titles: CategoryTitles): void {
  const sheet = workbook.addWorksheet(yearSheetName(y.year));
  const ids = y.categories.map((c) => c.category);
  sheet.columns = [{ width: 44 }, { width: 12 }, ...ids.map(() => ({ width: 16 })), { width: 18 }];
  const inYear = y.periods.filter((p) => inYearToDate(y, p));
  const after = y.periods.filter((p) => !inYearToDate(y, p));
  const last = inYear[inYear.length - 1]?.period;
  addHeading(sheet, `Financial year ${y.year}: month by category, ${last ? `P01–${last}` : 'no months'}${y.to ? ` (year to date to ${y.to})` : ''}`, 1);
  addRow(sheet, []);
  // Columns: period, month, the categories (PCD 1215's six: C–H), then the total. Each period's total adds its categories; the Year
  // line adds the periods above it (P13–P16 are periods of March, in the year to date with it).
  const header = ['Period', 'Month', ...ids.map((c) => titleOf(titles, c)), 'Total'];
  const monthRow = (p: YearReport['periods'][number]): CellValue[] => [p.period, p.month, ...ids.map((c) => p.categories[c] ?? 0n), sumAcross(p.total, 2, 1 + ids.length)];
  table(sheet, header, [
    ...inYear.map(monthRow),
    ['Year', y.to ? `to ${y.to}` : 'all', ...y.categories.map((c) => sumAbove(c.ytdActual)), sumAbove(y.ytdActual)],
  ]);
  if (after.length > 0) {
    addText(sheet, `After ${y.to ?? ''}: outside the year to date, and in none of the figures below.`, 'dim');
    table(sheet, header, after.map(monthRow));
  }
  addRow(sheet, []);
  // The measures follow from the year to date by the cap's rules and the run rate, not by adding cells.
  table(sheet, ['Measure', 'Amount'], [
    [yearToDate(y), y.ytdActual],
    ['Cap', y.cap],
    ...(y.capCarriedIn === undefined ? [] : [['Of which carried from the year before', y.capCarriedIn]]),
    ['Headroom', y.headroom],
    ['Over cap', y.overCap],
    [projectionWords(y), y.projectedOutturn],
  ]);
  if (y.capPassedIn) addText(sheet, `Cumulative actual passes the cap in ${y.capPassedIn}.`, 'warn');
  if (y.projectionPassesCapIn) {
    addText(sheet, `At the run rate the year passes its cap in ${y.projectionPassesCapIn}: projected outturn ${formatMoney(y.projectedOutturn)} against the cap of ${formatMoney(y.cap)}.`, 'warn');
  }
  addCostCentreTable(sheet, y.costCentres, yearToDate(y));
  addBudgetTable(sheet, y.categories.map((c) => ({ category: c.category, actual: c.ytdActual, budget: c.budget })), titles);
  if (report.inputs.some((f) => f.profile === 'payroll')) {
    addRow(sheet, []);
    table(sheet, ['Where the money came from', 'GL', 'Payroll', 'Total'], y.categories.map((c) => [titleOf(titles, c.category), c.gl, c.payroll, sumAcross(c.ytdActual, 1, 2)]));
  }
}

function addPayrollSheet(workbook: ExcelJS.Workbook, report: ReconciliationReport, titles: CategoryTitles): void {
  const sheet = workbook.addWorksheet('Payroll');
  sheet.columns = [{ width: 12 }, { width: 10 }, { width: 10 }, { width: 14 }, { width: 18 }, { width: 18 }, { width: 18 }];
  addHeading(sheet, `Payroll against GL pay postings (${report.payrollDifferences.length})`, 1);
  addText(sheet, 'Where the GL has pay postings for a month and category, the payroll lines are its evidence (excluded as payroll-evidence). These disagree:');
  table(
    sheet,
    ['Year', 'Period', 'Month', 'Category', 'GL pay postings', 'Payroll', 'Difference'],
    report.payrollDifferences.map((d) => [d.year, d.period, d.month, titleOf(titles, d.category), d.gl, d.payroll, d.difference]),
  );
}

function addRestatedSheet(workbook: ExcelJS.Workbook, r: RestatementsReport, titles: CategoryTitles): void {
  const sheet = workbook.addWorksheet('Restated');
  sheet.columns = [{ width: 12 }, { width: 10 }, { width: 10 }, { width: 16 }, { width: 40 }, { width: 40 }, { width: 16 }];
  addHeading(sheet, `Restated since ${r.against.file}`, 1);
  // As the earlier file gives it: text read from a file, not a time this run made.
  if (r.against.generatedAt) details(sheet, [['Generated then', dateOrText(r.against.generatedAt)]]);
  if (r.note) addText(sheet, `Figures only: ${r.note}.`, 'warn');
  if (r.years.length === 0) addText(sheet, 'The earlier file reports none of the financial years of this reconciliation: nothing to compare.', 'warn');
  for (const y of r.years) {
    const through = y.reportedThrough === null ? 'it reported no period of the year' : `the periods it reported, P01 to ${y.reportedThrough}`;
    addRow(sheet, []);
    if (y.periods.length === 0) {
      addText(sheet, `${y.year}: nothing changed in ${through}.`);
      continue;
    }
    addText(sheet, `${y.year}: restated by ${formatMoney(y.restatement)} in ${through}.`, 'warn');
    // Each period's total line adds the category lines just above it.
    const rows: CellValue[][] = [];
    for (const p of y.periods) {
      const first = rows.length;
      for (const c of p.categories) rows.push([y.year, p.period, p.month, titleOf(titles, c.category), c.earlier, c.now, c.restatement]);
      const lastLine = rows.length - 1;
      rows.push([y.year, p.period, p.month, 'Period total', sumAbove(p.earlier, first, lastLine), sumAbove(p.now, first, lastLine), sumAbove(p.restatement, first, lastLine)]);
    }
    table(sheet, ['Year', 'Period', 'Month', 'Category', 'Then', 'Now', 'Restatement'], rows);
    if (!r.rowLevel) continue;
    const changes = y.periods.flatMap((p) => p.categories.flatMap((c) => c.changes.map((change) => ({ where: `${y.year} ${p.period}`, category: c.category, change }))));
    if (changes.length > 0) addRowChangeTable(sheet, changes, titles);
  }
}
