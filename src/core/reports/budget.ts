/**
 * Budget lines: per FY and category, the budget against the actual, the variance in pounds and per cent, and
 * whether an overspend goes beyond the virement tolerance (the share of a line's budget that may be moved to
 * another line without approval). Budgets are annual: the actual is compared with the whole year's budget.
 */
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
}

/** The budget line of a category in a FY, or null when the configuration sets no budget for it. */
export function budgetLine(config: GrantConfig, fy: number, category: Category, actual: Pence): BudgetLine | null {
  const line = config.budgets.find((b) => b.fy === fy && b.category === category);
  if (line === undefined) return null;
  const variance = actual - line.budget;
  // Tolerance in basis points: an overspend is beyond it when variance × 10,000 > budget × tolerance.
  const overTolerance = variance > 0n && variance * 10_000n > line.budget * BigInt(config.virementToleranceBasisPoints);
  return { budget: line.budget, variance, variancePercent: percent(variance, line.budget), overTolerance };
}

/** numerator / denominator as a percentage with one decimal, half away from zero; null for a zero denominator. */
function percent(numerator: Pence, denominator: Pence): string | null {
  return denominator === 0n ? null : formatQuotient(numerator * 100n, denominator, 1);
}
