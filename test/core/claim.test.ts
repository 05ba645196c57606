import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import { claimable } from '../../src/core/reports/cap.js';
import { buildClaim } from '../../src/core/reports/claim.js';
import { claimPeriodRange, type ClaimPeriodSpec } from '../../src/core/calendar/fiscal.js';
import { ErrorList } from '../../src/core/store/error-list.js';
import type { Ledger } from '../../src/core/fold/ledger.js';
import { reconcile } from '../../src/core/reports/reconcile.js';
import { EXCLUSION_REASONS } from '../../src/core/types.js';

const CAP = 289_345_200n;

/** A ledger holding only the given included amounts: amounts[period-1][category] for FY 2022. */
function ledgerOf(amounts: bigint[][]): Ledger {
  const zero = () => Array.from({ length: 16 }, () => [0n, 0n, 0n, 0n, 0n, 0n]);
  return {
    years: [
      { fy: 2022, categories: PCD_1215_CATEGORIES.map((c) => c.id), amounts, payroll: zero(), rowCounts: amounts.map((row) => (row.some((a) => a !== 0n) ? 1 : 0)) },
      { fy: 2023, categories: PCD_1215_CATEGORIES.map((c) => c.id), amounts: zero(), payroll: zero(), rowCounts: Array.from({ length: 16 }, () => 0) },
    ],
    exclusions: new Map(EXCLUSION_REASONS.map((r) => [r, { rows: 0, amount: 0n }])),
    errors: new ErrorList(),
    duplicates: [],
    files: [],
    payrollDifferences: [],
    costCentres: [],
    warnings: { count: 0, kept: [] },
  };
}

function claim(ledger: Ledger, spec: ClaimPeriodSpec) {
  const range = claimPeriodRange(2022, spec);
  if (!range.ok) throw new Error(range.message);
  return buildClaim(ledger, [], PCD_1215, 2022, range.range, '2023-05-01T00:00:00Z');
}

// Per period per category, from a large credit to more than a month's whole cap.
const amount = fc.bigInt({ min: -50_000_000n, max: 200_000_000n });
const year = fc.array(fc.array(amount, { minLength: 6, maxLength: 6 }), { minLength: 16, maxLength: 16 });

describe('claim arithmetic', () => {
  it('claimable is min(max(A, 0), cap)', () => {
    expect(claimable(-1n, CAP)).toBe(0n);
    expect(claimable(CAP + 1n, CAP)).toBe(CAP);
    expect(claimable(12345n, CAP)).toBe(12345n);
  });

  it('quarterly claims due over a year add up to the final claim (property)', () => {
    fc.assert(
      fc.property(year, (amounts) => {
        const ledger = ledgerOf(amounts);
        const quarters = ([1, 2, 3, 4] as const).map((quarter) => claim(ledger, { kind: 'quarter', quarter }).totals.claimDue);
        const final = claim(ledger, { kind: 'final' }).totals;
        expect(quarters.reduce((s, q) => s + q, 0n)).toBe(final.claimDue);
        expect(final.claimDue).toBe(final.cumulativeClaimable);
      }),
    );
  });

  it('monthly claims due add up to the final claim, and never claim past the cap or below zero (property)', () => {
    fc.assert(
      fc.property(year, (amounts) => {
        const ledger = ledgerOf(amounts);
        const months = ['2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03'];
        const claims = months.map((month) => claim(ledger, { kind: 'month', month }).totals);
        const final = claim(ledger, { kind: 'final' }).totals;
        expect(claims.reduce((s, c) => s + c.claimDue, 0n)).toBe(final.claimDue);
        for (const c of claims) {
          expect(c.cumulativeClaimable >= 0n && c.cumulativeClaimable <= CAP).toBe(true);
          expect(c.overCap === 0n || c.headroom === 0n).toBe(true);
          if (c.cumulativeActual >= 0n) {
            expect(c.cumulativeClaimable + c.overCap).toBe(c.cumulativeActual);
            expect(c.headroom).toBe(CAP - c.cumulativeClaimable);
          } else {
            expect(c.cumulativeClaimable).toBe(0n);
            expect(c.headroom).toBe(CAP - c.cumulativeActual);
          }
        }
      }),
    );
  });

  it('a late credit that takes the year below zero makes a repayment', () => {
    const amounts = Array.from({ length: 16 }, () => [0n, 0n, 0n, 0n, 0n, 0n]);
    (amounts[0] as bigint[])[0] = 100_00n; // April: £100 staff
    (amounts[3] as bigint[])[0] = -300_00n; // July: a £300 credit
    const q2 = claim(ledgerOf(amounts), { kind: 'quarter', quarter: 2 }).totals;
    expect(q2).toMatchObject({ cumulativeActual: -200_00n, cumulativeClaimable: 0n, previouslyClaimed: 100_00n, claimDue: -100_00n, headroom: CAP + 200_00n });
  });
});

describe('projection', () => {
  it('is ytd × 12 / n rounded half away from zero, and 0.00 with no months', () => {
    const amounts = Array.from({ length: 16 }, () => [0n, 0n, 0n, 0n, 0n, 0n]);
    (amounts[0] as bigint[])[0] = 1n;
    (amounts[6] as bigint[])[2] = 0n;
    (amounts[2] as bigint[])[1] = 0n;
    // ytd 1p over months P01..P07 (n = 7 with --to 2022-10): 12/7 = 1.714… → 2p
    const r = reconcile(ledgerOf(amounts), [], PCD_1215, { fy: 2022, toPeriod: 7 }, 'x');
    expect(r.years[0]?.projectedOutturn).toBe(2n);
    const none = reconcile(ledgerOf(Array.from({ length: 16 }, () => [0n, 0n, 0n, 0n, 0n, 0n])), [], PCD_1215, { fy: 2022 }, 'x');
    expect(none.years[0]?.projectedOutturn).toBe(0n);
    expect(none.years[0]?.monthsElapsed).toBe(0);
  });

  it('counts P13–P16 in ytdActual but not in n', () => {
    const amounts = Array.from({ length: 16 }, () => [0n, 0n, 0n, 0n, 0n, 0n]);
    (amounts[1] as bigint[])[0] = 600n; // P02
    (amounts[12] as bigint[])[0] = 600n; // P13
    const r = reconcile(ledgerOf(amounts), [], PCD_1215, { fy: 2022 }, 'x').years[0];
    expect(r?.ytdActual).toBe(1200n);
    expect(r?.monthsElapsed).toBe(2);
    expect(r?.projectedOutturn).toBe(7200n);
    expect(r?.periods.map((p) => p.period)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12', 'P13']);
    expect(r?.periods[12]?.month).toBe('2023-03');
  });
});
