/**
 * The claim as an Excel workbook: the Claim sheet holds the statement's sections in the order of the printable
 * statement (document.ts claimDocument: categories, the claim, cost centres, budgets, earlier claims, the
 * restatements and the rows behind them, then the certification); a sheet per category holds its months; the
 * Inputs sheet holds where every row went and the inputs (workbook-inputs.ts). Cells: workbook-cells.ts.
 */
import type ExcelJS from 'exceljs';
import type { ClaimReport } from '../core/reports/claim.js';
import type { Category } from '../core/types.js';
import { titleOf, type CategoryTitles } from './category-titles.js';
import { CERTIFICATION_BY, CERTIFICATION_FIELDS, certificationPlaceholder, certificationStatement, claimColumnTitles, claimMeasures, claimScopeWords, finalClaimWords, gapWords } from './claim-words.js';
import { windowWords } from './document.js';
import { addInputsSheet } from './workbook-inputs.js';
import { addApportionmentTable, addBudgetTable, addCostCentreTable, addRowChangeTable } from './workbook-sections.js';
import { addHeading, addRow, addText, dateOf, details, newWorkbook, sumAbove, table, workbookBytes, type CellValue } from './workbook-cells.js';

/** The claim workbook's bytes; throws AmountBeyondWorkbookError for an amount a cell cannot hold to the penny. */
export async function renderClaimWorkbook(report: ClaimReport, titles: CategoryTitles): Promise<Uint8Array> {
  const workbook = newWorkbook(report.generatedAt);
  addClaimSheet(workbook, report, titles);
  const ids = report.categories.map((c) => c.category);
  const names = categorySheetNames(ids.map((id) => titleOf(titles, id)), ['Claim', 'Inputs', 'History']);
  ids.forEach((category, i) => addCategorySheet(workbook, report, category, titleOf(titles, category), names[i] as string));
  addInputsSheet(workbook, report, claimScopeWords(report));
  return workbookBytes(workbook, report.generatedAt);
}

/**
 * The sheet name of each category: its title as a sheet can be named (at most 31 characters, none of \ / ? * [ ] :,
 * no apostrophe at either end), made unique ignoring case against the others and the workbook's own sheets (and History, a name Excel keeps) by a
 * number after it (`Fuel (2)`). PCD 1215's titles are sheet names as they are.
 */
export function categorySheetNames(titles: readonly string[], taken: readonly string[]): string[] {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  return titles.map((title) => {
    const base = title.replace(/[\\/?*[\]:]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '').trim() || 'Category';
    let name = base.slice(0, 31).trim();
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length).trim()} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

function addClaimSheet(workbook: ExcelJS.Workbook, report: ClaimReport, categoryTitles: CategoryTitles): void {
  const sheet = workbook.addWorksheet('Claim', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 48 }, { width: 18 }, { width: 18 }, { width: 18 }, { width: 16 }, { width: 40 }, { width: 16 }];
  const t = report.totals;
  addHeading(sheet, `Grant claim: ${report.grant.reference} ${report.grant.name}`, 1);
  details(sheet, [
    ['Funder', report.grant.funder],
    ['Recipient', report.grant.recipient],
    ['Financial year', report.year],
    ['Claim period', report.period.label],
    ['From', dateOf(report.period.from)],
    ['To', dateOf(report.period.to)],
    ['Generated', dateOf(report.generatedAt)],
  ]);
  if (report.window) addText(sheet, windowWords(report.window));
  addRow(sheet, []);
  const titles = claimColumnTitles(report);
  const final = finalClaimWords(report);
  if (final !== null) addText(sheet, final);
  table(sheet, ['Category', titles.period, titles.cumulative], [
    ...report.categories.map((c) => [titleOf(categoryTitles, c.category), c.periodActual, c.cumulativeActual]),
    ['Total', sumAbove(t.periodActual), sumAbove(t.cumulativeActual)],
  ]);
  addRow(sheet, []);
  // The measures follow from one another by the claim's rules (claimable, capped), not by adding the lines above.
  table(sheet, ['Claim', 'Covers', 'Amount'], claimMeasures(report).map((m) => [m.label, m.covers, m.amount]));
  // The notes on the options the claim was made with are the analyst's (stderr, table, Markdown, JSON): the workbook
  // is filed with the statement, and its measures say what they cover.
  addCostCentreTable(sheet, report.costCentres, titles.cumulative);
  addApportionmentTable(sheet, report.apportionments);
  addBudgetTable(sheet, report.categories.map((c) => ({ category: c.category, actual: c.cumulativeActual, budget: c.budget })), categoryTitles);
  addClaimHistory(sheet, report, categoryTitles);
  addRow(sheet, []);
  addHeading(sheet, 'Certification');
  addRow(sheet, [certificationPlaceholder(report)]);
  addRow(sheet, [certificationStatement(report)]);
  addRow(sheet, [CERTIFICATION_BY]).font = { italic: true };
  for (const label of CERTIFICATION_FIELDS) {
    const row = addRow(sheet, [label, '']);
    row.height = 24;
    row.getCell(1).font = { bold: true };
    sheet.mergeCells(row.number, 2, row.number, 4);
    row.getCell(2).border = { bottom: { style: 'thin' } };
  }
}

/** The earlier claims of the year, what they claimed, what has been restated since and the rows behind it. */
function addClaimHistory(sheet: ExcelJS.Worksheet, report: ClaimReport, titles: CategoryTitles): void {
  if (report.previousClaims.length === 0) return;
  addRow(sheet, []);
  addHeading(sheet, 'Earlier claims of the year');
  // The columns of the table format: claim, from, to, claim due, file.
  table(sheet, ['Claim', 'From', 'To', 'Claim due', 'File'], [
    ...report.previousClaims.map((c) => [c.period, dateOf(c.from), dateOf(c.to), c.claimDue, c.file]),
    ['Previously claimed', null, null, sumAbove(report.totals.previouslyClaimed), null],
  ]);
  for (const gap of report.unclaimedGaps) addText(sheet, `No earlier claim covers ${gapWords(gap)}: this claim's due takes it in.`, 'warn');
  if (report.priorPeriodRestatements.length > 0) {
    addRow(sheet, []);
    table(
      sheet,
      ['Restated since the latest earlier claim', 'Claimed then', 'Ledger now', 'Restatement'],
      report.priorPeriodRestatements.map((r) => [titleOf(titles, r.category), r.claimed, r.now, r.restatement]),
    );
  }
  const rows = report.priorPeriodRows;
  if (rows?.note) addText(sheet, `Figures only: ${rows.note}.`, 'warn');
  if (!rows?.listed) return;
  const changes = report.priorPeriodRestatements.flatMap((r) => (r.changes ?? []).map((change) => ({ where: report.year, category: r.category, change })));
  if (changes.length === 0) {
    addText(sheet, 'No row has moved since the latest earlier claim.');
    return;
  }
  addRowChangeTable(sheet, changes, titles);
}

/** The claim period's words in a title: `the claim period (Q2, 2022-07-01 to 2022-09-30)`. */
function claimPeriodWords(report: ClaimReport): string {
  const { label, from, to } = report.period;
  return label === 'final' ? `the final claim (${from} to ${to})` : `the claim period (${label}, ${from} to ${to})`;
}

function addCategorySheet(workbook: ExcelJS.Workbook, report: ClaimReport, category: Category, title: string, sheetName: string): void {
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = [{ width: 14 }, { width: 12 }, { width: 18 }, { width: 20 }];
  const periods = report.periods;
  const span = periods.length > 0 ? ` ${periods[0]?.period ?? ''}–${periods[periods.length - 1]?.period ?? ''}` : '';
  addHeading(sheet, `${title}: ${report.year}${span}, months to the end of ${claimPeriodWords(report)}`, 1);
  addRow(sheet, []);
  let cumulative = 0n;
  const rows: CellValue[][] = periods.map((p) => {
    const amount = p.categories[category] ?? 0n;
    cumulative += amount;
    return [p.period, p.month, amount, cumulative];
  });
  // The claim period's months are the last of the list (P13–P16 carry March, the last month of Q4 and of a final
  // claim); the claim period's line adds up their rows.
  const first = periods.findIndex((p) => p.month >= report.period.from.slice(0, 7));
  const entry = report.categories.find((c) => c.category === category);
  const periodActual = entry?.periodActual ?? 0n;
  table(sheet, ['Period', 'Month', 'Actual', 'Cumulative actual'], [
    ...rows,
    ['Claim period', report.period.label, first < 0 ? periodActual : sumAbove(periodActual, first, periods.length - 1), null],
    ['Year to date', `to ${report.period.to}`, periods.length === 0 ? (entry?.cumulativeActual ?? 0n) : sumAbove(entry?.cumulativeActual ?? 0n, 0, periods.length - 1), null],
  ]);
}
