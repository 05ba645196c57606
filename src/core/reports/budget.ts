/**
 * Budget lines: per FY and category, the budget against the actual, the variance in pounds and per cent, and
 * whether an overspend goes beyond the virement tolerance (the share of a line's budget that may be moved to
 * another line without approval). Budgets are annual: the actual is compared with the whole year's budget.
 */
import { fyLabel } from '../calendar/fiscal.js';
import type { GrantConfig } from '../grant-config.js';
import { formatQuotient } from '../money.js';
import type { Category, Pence } from '../types.js';

/** A category's budget line. */
export interface BudgetLine {
  readonly budget: Pence;
  /** actual − budget: positive is an overspend. */
  readonly variance: Pence;
  /** The variance as a percentage of the budget, one decimal, rounded half away from zero (`"12.5"`); null for a zero budget. */
  readonly variancePercent: string | null;
  /** True when the overspend is more than the virement tolerance allows. */
  readonly overTolerance: boolean;
  /** Only on a line that nothing can feed (unfedWarning): its actual is always 0.00, whatever was spent. */
  readonly warning?: string;
}

/** The budget line of a category in a FY, or null when the configuration sets no budget for it. */
export function budgetLine(config: GrantConfig, fy: number, category: Category, actual: Pence): BudgetLine | null {
  const line = config.budgets.find((b) => b.fy === fy && b.category === category);
  if (line === undefined) return null;
  const variance = actual - line.budget;
  // Tolerance in basis points: an overspend is beyond it when variance × 10,000 > budget × tolerance.
  const overTolerance = variance > 0n && variance * 10_000n > line.budget * BigInt(config.virementToleranceBasisPoints);
  const warning = isCategoryFed(config, category) ? undefined : unfedWarning(category);
  return { budget: line.budget, variance, variancePercent: percent(variance, line.budget), overTolerance, ...(warning === undefined ? {} : { warning }) };
}

/**
 * Whether any row can ever be counted in `category`: a chart rule places accounts in it, or a payroll staff type
 * does (a category's payrollStaffTypes; PCD 1215: Police Staff → staff, Police Officer → officers). A budget for a category that nothing feeds shows an
 * actual of 0.00 and a variance of −100.0% however much was spent: most likely a chart rule is missing.
 */
export function isCategoryFed(config: GrantConfig, category: Category): boolean {
  return config.chart.some((rule) => rule.category === category) || config.categories.some((c) => c.id === category && c.payrollStaffTypes.length > 0);
}

/** A category of the configuration that nothing feeds (isCategoryFed): its place in `config.categories` and what to say of it. */
export interface UnfedCategory {
  readonly index: number;
  readonly category: Category;
  readonly message: string;
  readonly hint: string;
}

/**
 * The configuration's categories that no chart rule or staff type feeds, in its order: each would show 0.00 in
 * every report however much was spent.
 */
export function unfedCategories(config: GrantConfig): UnfedCategory[] {
  return config.categories.flatMap((c, index) =>
    isCategoryFed(config, c.id)
      ? []
      : [
          {
            index,
            category: c.id,
            message: `category "${c.id}": ${unfedWarning(c.id, 'it')}`,
            hint: `add a chart rule whose category is "${c.id}" or a staff type to its payrollStaffTypes, or remove the category`,
          },
        ],
  );
}

/** What is said of a budget line that nothing feeds (named as `named`: the category on its line, "it" after it). */
function unfedWarning(category: Category, named: string = category): string {
  return `no chart rule or staff type feeds ${named}, so its actual is always 0.00`;
}

/** A budget of the configuration that nothing feeds: its place in `config.budgets` and what to say of it. */
export interface UnfedBudget {
  readonly index: number;
  readonly fy: number;
  readonly category: Category;
  readonly message: string;
  readonly hint: string;
}

/** The configuration's budgets that no chart rule or staff type feeds, in the order the configuration gives them. */
export function unfedBudgets(config: GrantConfig): UnfedBudget[] {
  return config.budgets.flatMap((b, index) =>
    isCategoryFed(config, b.category)
      ? []
      : [
          {
            index,
            fy: b.fy,
            category: b.category,
            message: `budget for ${fyLabel(b.fy)} ${b.category}: ${unfedWarning(b.category, 'it')}`,
            hint: `add a chart rule whose category is "${b.category}", or remove the budget`,
          },
        ],
  );
}

/** numerator / denominator as a percentage with one decimal, half away from zero; null for a zero denominator. */
function percent(numerator: Pence, denominator: Pence): string | null {
  return denominator === 0n ? null : formatQuotient(numerator * 100n, denominator, 1);
}
