/**
 * Sections that both workbooks write, as document.ts writes them for the other formats: the cost centres with
 * their total, the budget lines against their actuals, the row changes behind a restatement, and the apportioned
 * costs.
 */
import type ExcelJS from 'exceljs';
import type { ApportionmentLine } from '../core/reports/apportioned.js';
import type { BudgetLine } from '../core/reports/budget.js';
import type { CostCentreLine } from '../core/reports/reconcile.js';
import type { RowChange } from '../core/reports/restatement.js';
import { firstOf } from '../core/store/sequence.js';
import type { Category, Pence } from '../core/types.js';
import { titleOf, type CategoryTitles } from './category-titles.js';
import { budgetFlag, describeRowAt, LISTED, listedText, shownIdentity } from './document.js';
import { addHeading, addRow, addText, sumAbove, table, type CellValue } from './workbook-cells.js';

/** The cost centres of the included rows, and their total (`total` labels it) as SUMs of the lines above. */
export function addCostCentreTable(sheet: ExcelJS.Worksheet, lines: readonly CostCentreLine[], total: string): void {
  if (lines.length === 0) return;
  addRow(sheet, []);
  const rows = lines.reduce((n, l) => n + l.rows, 0);
  const amount = lines.reduce((s, l) => s + l.amount, 0n);
  table(sheet, ['Cost centre', 'Included rows', 'Amount'], [...lines.map((l) => [l.costCentre, l.rows, l.amount]), [total, sumAbove(rows), sumAbove(amount)]]);
}

/**
 * Budget against actual per category where the configuration sets budgets: the variance, its percentage, and in
 * the last column what a reader must know of the line (nothing feeds it, or it is overspent beyond the tolerance).
 */
export function addBudgetTable(sheet: ExcelJS.Worksheet, lines: readonly { readonly category: Category; readonly actual: Pence; readonly budget: BudgetLine | null }[], titles: CategoryTitles): void {
  const budgeted = lines.filter((l): l is { category: Category; actual: Pence; budget: BudgetLine } => l.budget !== null);
  if (budgeted.length === 0) return;
  addRow(sheet, []);
  table(
    sheet,
    ['Budget line', 'Budget', 'Actual', 'Variance', 'Variance %', 'Beyond tolerance'],
    budgeted.map(({ category, actual, budget: b }) => [
      titleOf(titles, category),
      b.budget,
      actual,
      b.variance,
      b.variancePercent === null ? null : `${b.variancePercent}%`,
      budgetFlag(b)?.text ?? null,
    ]),
  );
}

/** The rows behind a restatement (the first LISTED of them): what each was, what it is, and its amount. */
export function addRowChangeTable(sheet: ExcelJS.Worksheet, changes: readonly { readonly where: string; readonly category: Category; readonly change: RowChange }[], titles: CategoryTitles): void {
  addRow(sheet, []);
  table(
    sheet,
    ['Rows behind it', 'Category', 'Change', 'Row', 'Then', 'Now', 'Amount'],
    Array.from(firstOf(changes, LISTED), ({ where, category, change }): CellValue[] => [
      where,
      titleOf(titles, category),
      change.change,
      shownIdentity(change.id),
      change.before ? describeRowAt(change.before) : null,
      change.after ? describeRowAt(change.after) : null,
      change.amount,
    ]),
  );
  if (changes.length > LISTED) addText(sheet, listedText(changes.length, ' row changes'), 'dim');
}

/**
 * Each apportionment rule's groups (rule, match, rate, FY, period, rows, total, included, apportioned out), their
 * totals as SUMs of the lines above; nothing when no apportionment is configured.
 */
export function addApportionmentTable(sheet: ExcelJS.Worksheet, lines: readonly ApportionmentLine[] | undefined): void {
  if (lines === undefined) return;
  addRow(sheet, []);
  addHeading(sheet, `Apportioned costs (${lines.length} group${lines.length === 1 ? '' : 's'})`);
  const sum = (pick: (l: ApportionmentLine) => Pence): Pence => lines.reduce((s, l) => s + pick(l), 0n);
  table(
    sheet,
    ['Rule', 'Matches', 'Rate', 'Year', 'Period', 'Month', 'Rows', 'Total', 'Included', 'Apportioned out'],
    [
      ...lines.map((l): CellValue[] => [l.rule, l.match, l.rate, l.year, l.period, l.month, l.rows, l.total, l.included, l.excluded]),
      ['Total', null, null, null, null, null, sumAbove(lines.reduce((n, l) => n + l.rows, 0)), sumAbove(sum((l) => l.total)), sumAbove(sum((l) => l.included)), sumAbove(sum((l) => l.excluded))],
    ],
  );
}
