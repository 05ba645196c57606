/**
 * An earlier claim's months against its own period (core/earlier/claim-checks.ts): a claim whose figures are worked
 * out here from its months holds together; the same claim relabelled as an earlier period of its year, with its
 * dates made right and its claim due as a first claim would be, but its months kept, never does. And a claim's kind
 * of claim period against the grant's (claimPeriodKindProblem). Figures by the formulas of PRODUCT.md, in bigint
 * pence, written out here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClaimFigures, claimPeriodKindProblem, type ClaimFigures } from '../../src/core/earlier/claim-checks.js';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import type { Category } from '../../src/core/types.js';

const IDS: Category[] = PCD_1215_CATEGORIES.map((c) => c.id);
const CAP = 289345200n;
/** Q1–Q4 of 2022/23: first and last period, dates. */
const QUARTERS = [
  { label: 'Q1', first: 1, last: 3, from: '2022-04-01', to: '2022-06-30' },
  { label: 'Q2', first: 4, last: 6, from: '2022-07-01', to: '2022-09-30' },
  { label: 'Q3', first: 7, last: 9, from: '2022-10-01', to: '2022-12-31' },
  { label: 'Q4', first: 10, last: 16, from: '2023-01-01', to: '2023-03-31' },
] as const;
const MONTHS = ['2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03'];
const label = (n: number): string => `P${String(n).padStart(2, '0')}`;

/** A claim of quarter `q` with `amounts[period − 1][category]`, each figure worked out from the months by the formulas. */
function claimOf(q: (typeof QUARTERS)[number], amounts: bigint[][]): ClaimFigures {
  const months = amounts.slice(0, q.last).map((row, i) => ({
    period: label(i + 1),
    month: MONTHS[Math.min(i, 11)] as string,
    total: row.reduce((s, a) => s + a, 0n),
    categories: Object.fromEntries(IDS.map((c, j) => [c, row[j] as bigint])),
  }));
  const sum = (from: number, j: number): bigint => amounts.slice(from - 1, q.last).reduce((s, row) => s + (row[j] as bigint), 0n);
  const categories = IDS.map((category, j) => ({ category, periodActual: sum(q.first, j), cumulativeActual: sum(1, j) }));
  const cumulativeActual = categories.reduce((s, c) => s + c.cumulativeActual, 0n);
  const claimable = cumulativeActual < 0n ? 0n : cumulativeActual > CAP ? CAP : cumulativeActual;
  return {
    year: '2022/23',
    period: { label: q.label, from: q.from, to: q.to },
    cap: CAP,
    categories,
    periods: months,
    totals: {
      periodActual: categories.reduce((s, c) => s + c.periodActual, 0n),
      cumulativeActual,
      cumulativeClaimable: claimable,
      previouslyClaimed: 0n,
      claimDue: claimable,
      headroom: CAP > cumulativeActual ? CAP - cumulativeActual : 0n,
      overCap: cumulativeActual > CAP ? cumulativeActual - CAP : 0n,
    },
  };
}

const amountsArb = fc.array(fc.array(fc.bigInt({ min: -100_000n, max: 50_000_000n }), { minLength: IDS.length, maxLength: IDS.length }), { minLength: 16, maxLength: 16 });

describe('an earlier claim\'s months stop at its own period\'s end', () => {
  it('a claim worked out from its months holds together; relabelled as an earlier quarter, it never does', () => {
    fc.assert(
      fc.property(amountsArb, fc.integer({ min: 1, max: 3 }), fc.nat({ max: 2 }), (amounts, later, earlierPick) => {
        const q = QUARTERS[later] as (typeof QUARTERS)[number];
        const genuine = claimOf(q, amounts);
        expect(checkClaimFigures(genuine, PCD_1215)).toEqual([]);
        const to = QUARTERS[earlierPick % later] as (typeof QUARTERS)[number];
        // The forger makes the label, the dates and the claim due right, and the period actual that of the months inside it.
        const periodActual = (j: number): bigint => amounts.slice(to.first - 1, to.last).reduce((s, row) => s + (row[j] as bigint), 0n);
        const categories = genuine.categories.map((c, j) => ({ ...c, periodActual: periodActual(j) }));
        const forged: ClaimFigures = {
          ...genuine,
          period: { label: to.label, from: to.from, to: to.to },
          categories,
          totals: { ...genuine.totals, periodActual: categories.reduce((s, c) => s + c.periodActual, 0n) },
        };
        const problems = checkClaimFigures(forged, PCD_1215);
        expect(problems).toContain(
          `periods runs to ${label(q.last)} (${MONTHS[Math.min(q.last, 12) - 1] as string}), past the end of its own claim period ${to.label} (period.to ${to.to}, ${label(to.last)}): a claim's months stop at its period's end`,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('a period actual that is not the sum of its months inside the period is refused, by the difference', () => {
    fc.assert(
      fc.property(amountsArb, fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 1n, max: 10_000_000n }), (amounts, i, moved) => {
        const genuine = claimOf(QUARTERS[i] as (typeof QUARTERS)[number], amounts);
        const staff = genuine.categories[0] as ClaimFigures['categories'][number];
        const forged: ClaimFigures = {
          ...genuine,
          categories: [{ ...staff, periodActual: staff.periodActual - moved }, ...genuine.categories.slice(1)],
          totals: { ...genuine.totals, periodActual: genuine.totals.periodActual - moved },
        };
        expect(checkClaimFigures(forged, PCD_1215).some((p) => p.startsWith('categories staff periodActual '))).toBe(true);
      }),
    );
  });

  it('months out of order, twice, or of another calendar month are refused', () => {
    const genuine = claimOf(QUARTERS[1], Array.from({ length: 16 }, () => IDS.map(() => 100n)));
    const months = genuine.periods ?? [];
    const swapped = { ...genuine, periods: [months[1], months[0], ...months.slice(2)] as typeof months };
    expect(checkClaimFigures(swapped, PCD_1215)).toContain('periods P01 comes after P02: a claim lists its months once each, in order');
    const early = { ...genuine, periods: [{ ...(months[0] as (typeof months)[number]), month: '2022-03' }, ...months.slice(1)] };
    expect(checkClaimFigures(early, PCD_1215)).toContain('periods P01 month 2022-03 is not P01 of 2022/23, 2022-04');
  });
});

describe('an earlier claim\'s kind of claim period against the grant\'s', () => {
  it('a final claim stands whatever its frequency; another frequency or kind is named with the grant\'s', () => {
    expect(claimPeriodKindProblem({ label: 'final', frequency: 'monthly', from: '2022-04-01', to: '2023-03-31' }, 'half-yearly')).toBeUndefined();
    expect(claimPeriodKindProblem({ label: 'H1', frequency: 'half-yearly', from: '2022-04-01', to: '2022-09-30' }, 'half-yearly')).toBeUndefined();
    expect(claimPeriodKindProblem({ label: 'Q2', from: '2022-07-01', to: '2022-09-30' }, 'quarterly')).toBeUndefined();
    expect(claimPeriodKindProblem({ label: '2022-09', from: '2022-09-01', to: '2022-09-30' }, undefined)).toBeUndefined();
    expect(claimPeriodKindProblem({ label: '2022-09', from: '2022-09-01', to: '2022-09-30' }, 'quarterly')).toBe(
      'its period 2022-09 is a month, but this grant is claimed quarterly (claimPeriods "quarterly"): it was made with another configuration',
    );
    expect(claimPeriodKindProblem({ label: 'Q2', frequency: 'quarterly', from: '2022-07-01', to: '2022-09-30' }, undefined)).toBe(
      'its period Q2 is of a grant claimed quarterly (period.frequency "quarterly"), but this grant sets no claimPeriods, so it is claimed in quarters or months: it was made with another configuration',
    );
    expect(claimPeriodKindProblem({ label: 'final', frequency: 'annual', from: '2022-04-01', to: '2023-03-31' }, 'monthly')).toBeUndefined();
    expect(claimPeriodKindProblem({ label: '2022-09', frequency: 'monthly', from: '2022-09-01', to: '2022-09-30' }, 'annual')).toBe(
      'its period 2022-09 is of a grant claimed monthly (period.frequency "monthly"), but this grant is claimed annually (claimPeriods "annual"): it was made with another configuration',
    );
  });
});
