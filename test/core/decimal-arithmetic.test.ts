/**
 * The decimal arithmetic of the core (the run-rate projection, a scaled amount rounded to the penny, a budget
 * variance as a percentage) is decimal.js's. These properties hold it to the integer arithmetic it replaced,
 * copied below as it stood: the same result on every input generated, halves, negative amounts and budgets, and
 * amounts far beyond 2^53 pence among them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { scaleRoundHalfUp } from '../../src/core/money.js';
import { budgetLine } from '../../src/core/reports/budget.js';
import { projectedOutturnOf } from '../../src/core/reports/projection.js';
import type { Pence } from '../../src/core/types.js';

// ── The reference: the integer arithmetic as it was, unchanged. ──

/** p × numerator / denominator, rounded to the penny half away from zero, in bigint arithmetic (the former money.ts). */
function referenceScaleRoundHalfUp(p: Pence, numerator: bigint, denominator: bigint): Pence {
  if (denominator === 0n) throw new RangeError('scaleRoundHalfUp: denominator is 0');
  let dividend = p * numerator;
  let divisor = denominator;
  if (divisor < 0n) {
    dividend = -dividend;
    divisor = -divisor;
  }
  // bigint division truncates toward zero and the remainder takes the dividend's sign.
  const quotient = dividend / divisor;
  const remainder = dividend % divisor;
  const twiceRemainder = remainder < 0n ? -2n * remainder : 2n * remainder;
  if (twiceRemainder < divisor) return quotient;
  return dividend < 0n ? quotient - 1n : quotient + 1n;
}

/** The projection as reconcile and the check of an earlier reconciliation each computed it. */
function referenceProjectedOutturn(ytdActual: Pence, monthsElapsed: number): Pence {
  return monthsElapsed === 0 ? 0n : referenceScaleRoundHalfUp(ytdActual, 12n, BigInt(monthsElapsed));
}

/** numerator / denominator as a percentage with one decimal, half away from zero (the former budget.ts). */
function referencePercent(numerator: Pence, denominator: Pence): string | null {
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const tenths = (n * 2000n + d) / (2n * d); // round(n × 1000 / d), halves up
  const text = `${tenths / 10n}.${tenths % 10n}`;
  return negative && tenths !== 0n ? `-${text}` : text;
}

// ── The inputs. ──

const TWO_53 = 2n ** 53n;
/** Amounts of the edges: zero, a penny, about 2^53 pence either side, ±10^15. */
const edgeAmount = fc.constantFrom(0n, 1n, -1n, 5n, -5n, TWO_53 - 1n, TWO_53, TWO_53 + 1n, -TWO_53 - 1n, 10n ** 15n, -(10n ** 15n));
/** Pence of every size the tool meets: the ordinary range, beyond 2^53, far beyond it, and small amounts where halves are common. */
const amount = fc.oneof(
  fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
  fc.bigInt({ min: -10_000n, max: 10_000n }),
  edgeAmount,
);
const months = fc.integer({ min: 1, max: 12 });
const RUNS = { numRuns: 5000 };

const withBudget = (budget: Pence) => ({ ...PCD_1215, budgets: [{ fy: 2022, category: 'staff' as const, budget }], virementToleranceBasisPoints: 1000 });
/** The variance percentage budget.ts gives for an actual against a budget. */
const variancePercent = (actual: Pence, budget: Pence) => budgetLine(withBudget(budget), 2022, 'staff', actual)?.variancePercent;

describe('the projection equals the integer arithmetic it replaced', () => {
  it('for every year to date and 1 to 12 months elapsed', () => {
    fc.assert(
      fc.property(amount, months, (ytd, n) => {
        expect(projectedOutturnOf(ytd, n)).toBe(referenceProjectedOutturn(ytd, n));
      }),
      RUNS,
    );
  });

  it('is 0.00 when no month has elapsed, whatever the year to date', () => {
    fc.assert(
      fc.property(amount, (ytd) => {
        expect(projectedOutturnOf(ytd, 0)).toBe(0n);
      }),
      { numRuns: 200 },
    );
  });
});

describe('scaleRoundHalfUp equals the integer arithmetic it replaced', () => {
  it('for every amount, numerator and non-zero denominator, of either sign', () => {
    const factor = fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }));
    const divisor = factor.filter((d) => d !== 0n);
    fc.assert(
      fc.property(amount, factor, divisor, (p, numerator, denominator) => {
        expect(scaleRoundHalfUp(p, numerator, denominator)).toBe(referenceScaleRoundHalfUp(p, numerator, denominator));
      }),
      RUNS,
    );
  });

  it('on exact halves of either sign', () => {
    // (2k + 1) / 2 is a half for every k: both ways round it away from zero.
    fc.assert(
      fc.property(amount, fc.constantFrom(1n, -1n), (k, sign) => {
        const p = sign * (2n * k + 1n);
        expect(scaleRoundHalfUp(p, 1n, 2n)).toBe(referenceScaleRoundHalfUp(p, 1n, 2n));
        expect(scaleRoundHalfUp(p, 6n, 4n)).toBe(referenceScaleRoundHalfUp(p, 6n, 4n));
      }),
      RUNS,
    );
  });

  it('throws on a zero denominator, as it did', () => {
    expect(() => scaleRoundHalfUp(1n, 12n, 0n)).toThrow(RangeError);
  });
});

describe('the variance percentage equals the integer arithmetic it replaced', () => {
  it('for every actual against every budget, zero and negative budgets among them', () => {
    const budget = fc.oneof(amount, fc.constant(0n), fc.bigInt({ min: -100n, max: 100n }));
    fc.assert(
      fc.property(amount, budget, (actual, b) => {
        expect(variancePercent(actual, b)).toBe(referencePercent(actual - b, b));
      }),
      RUNS,
    );
  });

  it('where the variance is a whole number of twentieths of a per cent of the budget (halves of a tenth)', () => {
    // variance = budget × (2k + 1) / 2000 is exactly (2k + 1) / 20 per cent: a half of a tenth, to round away from zero.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).filter((u) => u !== 0n), fc.bigInt({ min: -5000n, max: 5000n }), (unit, k) => {
        const b = 2000n * unit;
        const actual = b + (2n * k + 1n) * unit;
        expect(variancePercent(actual, b)).toBe(referencePercent(actual - b, b));
      }),
      RUNS,
    );
  });

  it('where both are small, so that most results round and many are zero', () => {
    const small = fc.bigInt({ min: -3000n, max: 3000n });
    fc.assert(
      fc.property(small, small, (actual, b) => {
        expect(variancePercent(actual, b)).toBe(referencePercent(actual - b, b));
      }),
      RUNS,
    );
  });
});

describe('worked figures', () => {
  it('projects £100.00 over 7 months to £171.43 (1200 ÷ 7 = 171.428…)', () => {
    expect(projectedOutturnOf(100_00n, 7)).toBe(171_43n);
  });

  it('projects £1,000.00 over 5 months to £2,400.00, and over 12 months to itself', () => {
    expect(projectedOutturnOf(1_000_00n, 5)).toBe(2_400_00n);
    expect(projectedOutturnOf(1_000_00n, 12)).toBe(1_000_00n);
  });

  it('rounds a half penny away from zero: -£0.01 × 12 ÷ 8 = -1.5p is -£0.02, and £0.01 the same way up', () => {
    expect(projectedOutturnOf(-1n, 8)).toBe(-2n);
    expect(projectedOutturnOf(1n, 8)).toBe(2n);
    // -£0.03 × 12 ÷ 8 = -4.5p
    expect(projectedOutturnOf(-3n, 8)).toBe(-5n);
  });

  it('keeps every penny of an amount beyond 2^53 pence', () => {
    // 2^53 + 1 = 9007199254740993 pence; × 12 ÷ 9 = 12009599006321324 exactly.
    expect(projectedOutturnOf(TWO_53 + 1n, 9)).toBe(12_009_599_006_321_324n);
  });

  it('writes the variance percentage with one decimal, halves away from zero, and no -0.0', () => {
    expect(variancePercent(112_345_67n, 100_000_00n)).toBe('12.3');
    // 1p over a £20.00 budget is 0.05%: a half of a tenth, up; 1p under, down.
    expect(variancePercent(20_01n, 20_00n)).toBe('0.1');
    expect(variancePercent(19_99n, 20_00n)).toBe('-0.1');
    // 1p under a £1,000.00 budget is -0.001%: rounds to nothing, written without a sign.
    expect(variancePercent(999_99n, 1_000_00n)).toBe('0.0');
    expect(variancePercent(5n, 0n)).toBeNull();
  });
});
