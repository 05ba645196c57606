import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { budgetLine, isCategoryFed, unfedBudgets } from '../../src/core/reports/budget.js';

const config = { ...PCD_1215, budgets: [{ fy: 2022, category: 'staff' as const, budget: 100_000_00n }, { fy: 2022, category: 'comms' as const, budget: 0n }], virementToleranceBasisPoints: 1000 };

describe('budget lines', () => {
  it('is null where no budget is set', () => {
    expect(budgetLine(config, 2022, 'officers', 5n)).toBeNull();
    expect(budgetLine(config, 2023, 'staff', 5n)).toBeNull();
  });

  it.each([
    // actual, variance, percent, beyond a 10% tolerance
    [90_000_00n, -10_000_00n, '-10.0', false],
    [110_000_00n, 10_000_00n, '10.0', false],
    [110_000_01n, 10_000_01n, '10.0', true],
    [112_345_67n, 12_345_67n, '12.3', true],
    [100_050_00n, 50_00n, '0.1', false],
    [100_000_00n, 0n, '0.0', false],
  ])('actual %s gives variance %s (%s%%), beyond tolerance %s', (actual, variance, percent, beyond) => {
    expect(budgetLine(config, 2022, 'staff', actual)).toEqual({ budget: 100_000_00n, variance, variancePercent: percent, overTolerance: beyond });
  });

  it('rounds the percentage half away from zero, and has none for a zero budget', () => {
    expect(budgetLine(config, 2022, 'staff', 100_000_00n + 25_000n)?.variancePercent).toBe('0.3');
    expect(budgetLine(config, 2022, 'staff', 100_000_00n - 25_000n)?.variancePercent).toBe('-0.3');
    expect(budgetLine(config, 2022, 'comms', 1n)).toEqual({ budget: 0n, variance: 1n, variancePercent: null, overTolerance: true });
  });

  it('warns of a line that no chart rule or staff type feeds, and only of it', () => {
    const chart = [{ name: 'software', match: { prefix: '53' }, category: 'software' as const }, { name: 'out', match: { code: '520001' }, category: 'ineligible' as const }];
    const budgets = [
      { fy: 2022, category: 'software' as const, budget: 5_00n },
      { fy: 2022, category: 'training' as const, budget: 7_00n },
      { fy: 2022, category: 'staff' as const, budget: 9_00n },
      { fy: 2023, category: 'comms' as const, budget: 0n },
    ];
    const narrow = { ...config, chart, budgets };
    // An ineligible rule feeds no category; payroll's staff types feed staff and officers whatever the chart says.
    expect((['staff', 'officers', 'software', 'equipment', 'training', 'comms'] as const).filter((c) => isCategoryFed(narrow, c))).toEqual(['staff', 'officers', 'software']);
    expect(budgetLine(narrow, 2022, 'training', 0n)).toEqual({ budget: 7_00n, variance: -7_00n, variancePercent: '-100.0', overTolerance: false, warning: 'no chart rule or staff type feeds training, so its actual is always 0.00' });
    expect(budgetLine(narrow, 2022, 'software', 0n)).toEqual({ budget: 5_00n, variance: -5_00n, variancePercent: '-100.0', overTolerance: false });
    expect(unfedBudgets(narrow)).toEqual([
      { index: 1, fy: 2022, category: 'training', message: 'budget for 2022/23 training: no chart rule or staff type feeds it, so its actual is always 0.00', hint: 'add a chart rule whose category is "training", or remove the budget' },
      { index: 3, fy: 2023, category: 'comms', message: 'budget for 2023/24 comms: no chart rule or staff type feeds it, so its actual is always 0.00', hint: 'add a chart rule whose category is "comms", or remove the budget' },
    ]);
    expect(unfedBudgets(config)).toEqual([]);
  });
});
