/**
 * The apportionment split (src/core/rules/apportion.ts): properties over random groups of amounts (positive,
 * negative, zero, beyond 2^53 pence) and rates, held to a reference in integer arithmetic written here, and worked
 * examples computed by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionmentDateOf, findApportionment, splitApportioned, type ApportionmentRule } from '../../src/core/rules/apportion.js';
import type { Pence } from '../../src/core/types.js';

/** A rate of at most 4 decimals of a percent as millionths (of 1): "40" → 400000, "33.3333" → 333333. */
function millionths(rate: string): bigint {
  const [whole = '0', fraction = ''] = rate.split('.');
  return BigInt(whole) * 10000n + BigInt(fraction.padEnd(4, '0'));
}

/** floor(n / d) for d > 0, in bigint (whose division truncates toward zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/** n / d rounded half away from zero, d > 0. */
function roundHalfAway(n: bigint, d: bigint): bigint {
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return n < 0n ? -magnitude : magnitude;
}

/** The split as the contract states it, in bigint: shares floored, pence left to the largest remainders, ties earlier. */
function referenceSplit(amounts: readonly Pence[], rate: string): { included: Pence; parts: Pence[] } {
  const r = millionths(rate);
  const total = amounts.reduce((s, a) => s + a, 0n);
  const included = roundHalfAway(total * r, 1_000_000n);
  const floors = amounts.map((a) => floorDiv(a * r, 1_000_000n));
  const remainders = amounts.map((a, i) => a * r - (floors[i] as bigint) * 1_000_000n);
  let left = included - floors.reduce((s, f) => s + f, 0n);
  const order = amounts.map((_, i) => i).sort((i, j) => ((remainders[j] as bigint) > (remainders[i] as bigint) ? 1 : (remainders[j] as bigint) < (remainders[i] as bigint) ? -1 : i - j));
  const parts = [...floors];
  for (const i of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left--;
  }
  return { included, parts };
}

const rateArb = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4 }))
  .map(([whole, fraction, places]) => {
    if (whole === 100 || places === 0) return String(whole);
    return `${whole}.${String(fraction).padStart(4, '0').slice(0, places)}`;
  });
const amountArb = fc.oneof(
  fc.bigInt({ min: -100_000n, max: 100_000n }),
  fc.constantFrom(0n, 1n, -1n, 2n, -2n),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
);

describe('splitApportioned', () => {
  it('parts add up to the rounded group total, and every row to its amount (property)', () => {
    fc.assert(
      fc.property(fc.array(amountArb, { minLength: 1, maxLength: 30 }), rateArb, (amounts, rate) => {
        const split = splitApportioned(amounts, rate);
        const reference = referenceSplit(amounts, rate);
        const total = amounts.reduce((s, a) => s + a, 0n);
        expect(split.total).toBe(total);
        expect(split.included).toBe(reference.included);
        expect(split.parts.reduce((s, p) => s + p, 0n)).toBe(split.included);
        expect(split.included + split.excluded).toBe(total);
        expect(split.parts).toEqual(reference.parts);
        amounts.forEach((a, i) => {
          const part = split.parts[i] as Pence;
          const excluded = a - part;
          expect(part + excluded).toBe(a);
          // Never more than the row, never of the other sign.
          if (a >= 0n) expect(part >= 0n && part <= a).toBe(true);
          else expect(part <= 0n && part >= a).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('100% includes every row whole and 0% none', () => {
    fc.assert(
      fc.property(fc.array(amountArb, { minLength: 1, maxLength: 10 }), (amounts) => {
        expect(splitApportioned(amounts, '100').parts).toEqual(amounts);
        expect(splitApportioned(amounts, '0').parts).toEqual(amounts.map(() => 0n));
      }),
    );
  });

  it('worked by hand: 40% of 100.01, 100.01, 50.00, -20.03', () => {
    // Total 229.99 × 40% = 91.996 → 92.00. Shares: 40.004, 40.004, 20.000, -8.012 → floors 40.00, 40.00, 20.00,
    // -8.02 = 91.98; 2p left over; remainders .4, .4, 0, .8 (in pence): -20.03's row first, then the first 100.01's
    // (a tie with the second, which the earlier row wins).
    const split = splitApportioned([10001n, 10001n, 5000n, -2003n], '40');
    expect(split.included).toBe(9200n);
    expect(split.parts).toEqual([4001n, 4000n, 2000n, -801n]);
    expect(split.excluded).toBe(13799n);
  });

  it('worked by hand: a half rounds away from zero, for a credit too', () => {
    // 50% of 0.03 is 1.5p → 2p; of -0.03, -1.5p → -2p.
    expect(splitApportioned([3n], '50').parts).toEqual([2n]);
    expect(splitApportioned([-3n], '50').parts).toEqual([-2n]);
    // 33.3333% of three rows of 0.01: 0.99999p → 1p, to the first row (three equal remainders).
    expect(splitApportioned([1n, 1n, 1n], '33.3333').parts).toEqual([1n, 0n, 0n]);
  });
});

describe('findApportionment', () => {
  const rules: ApportionmentRule[] = [
    { name: 'post', match: { costCentre: 'SMH002' }, rate: '40', from: '2023-01-01', to: '2023-03-31' },
    { name: 'licence', match: { account: '531000' }, rate: '50', from: '2022-04-01', to: undefined },
    { name: 'pay', match: { payElement: 'overtime' }, rate: '25', from: '2022-04-01', to: undefined },
  ];
  const row = { costCentre: 'SMH002', account: '511000', date: '2023-01-01', fy: 2022, period: 10 };

  it('takes the first rule that matches on the date, from and to inclusive', () => {
    expect(findApportionment(rules, row)).toBe(0);
    expect(findApportionment(rules, { ...row, date: '2022-12-31', period: 9 })).toBe(-1);
    expect(findApportionment(rules, { ...row, date: '2023-03-31', period: 12 })).toBe(0);
    expect(findApportionment(rules, { ...row, date: '2023-04-01', fy: 2023, period: 1 })).toBe(-1);
    expect(findApportionment(rules, { ...row, account: '531000' })).toBe(0);
    expect(findApportionment(rules, { ...row, costCentre: 'SMH001', account: '531000' })).toBe(1);
    expect(findApportionment(rules, { costCentre: 'X', payElement: 'overtime', date: '2022-05-01', fy: 2022, period: 2 })).toBe(2);
  });

  it('dates a row of P13–P16 at its FY\'s 31 March, whatever its posting date', () => {
    expect(apportionmentDateOf('2023-04-15', 2022, 13)).toBe('2023-03-31');
    expect(findApportionment(rules, { ...row, date: '2023-04-15', period: 13 })).toBe(0);
    expect(findApportionment(rules, { ...row, date: '2023-04-02', period: 1, fy: 2023 })).toBe(-1);
  });
});
