/**
 * fitsWorkbookCell: the rule for which amounts a claim workbook may hold. Every amount it accepts reads back from
 * the double the cell stores as its own two-decimal string, and it accepts every amount of up to 15 significant
 * digits (all that Excel shows); it refuses every larger one, among them amounts the double cannot even store.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPence } from '../../src/core/money.js';
import { fitsWorkbookCell } from '../../src/render/workbook-cells.js';

/** The largest amount of 15 significant digits, in pence: £9,999,999,999,999.99. */
const LIMIT = 10n ** 15n - 1n;
const readsBack = (p: bigint): boolean => Number(formatPence(p)).toFixed(2) === formatPence(p);

describe('fitsWorkbookCell', () => {
  it('accepts exactly the amounts of up to 15 significant digits, near the limit on either side and of either sign', () => {
    const nearLimit = fc.bigInt({ min: LIMIT - 10n ** 6n, max: LIMIT + 10n ** 6n });
    fc.assert(
      fc.property(nearLimit, fc.boolean(), (magnitude, negative) => {
        const p = negative ? -magnitude : magnitude;
        expect(fitsWorkbookCell(p)).toBe(magnitude <= LIMIT);
      }),
      { numRuns: 5000 },
    );
  });

  it('every amount it accepts reads back from the stored double to the penny', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -LIMIT, max: LIMIT }), (p) => {
        expect(fitsWorkbookCell(p)).toBe(true);
        expect(readsBack(p)).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('refuses every larger amount, those the double cannot store among them', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: LIMIT + 1n, max: 10n ** 24n }), fc.boolean(), (magnitude, negative) => {
        expect(fitsWorkbookCell(negative ? -magnitude : magnitude)).toBe(false);
      }),
      { numRuns: 5000 },
    );
    expect(readsBack(1000900719925474099307n)).toBe(false);
    expect(fitsWorkbookCell(1000900719925474099307n)).toBe(false);
    expect([0n, 1n, -1n, 289345200n, LIMIT, -LIMIT].map(fitsWorkbookCell)).toEqual([true, true, true, true, true, true]);
    expect([LIMIT + 1n, -(LIMIT + 1n)].map(fitsWorkbookCell)).toEqual([false, false]);
  });
});
