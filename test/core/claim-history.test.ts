import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClaimPeriodRange } from '../../src/core/calendar/fiscal.js';
import type { Ledger, YearTotals } from '../../src/core/fold/ledger.js';
import { applyClaimHistory, checkPreviousClaims, claimsMadeWithoutTheirHistory, type PreviousClaim } from '../../src/core/reports/claim-history.js';
import type { RowFingerprint } from '../../src/core/reports/restatement.js';
import { ErrorList } from '../../src/core/store/error-list.js';
import { PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import { EXCLUSION_REASONS, type Category, type Pence } from '../../src/core/types.js';

const CATEGORIES = PCD_1215_CATEGORIES.map((c) => c.id);

const CAP = 289_345_200n; // £2,893,452.00

// Claim periods of 2022/23, written out by hand.
const Q1: ClaimPeriodRange = { label: 'Q1', from: '2022-04-01', to: '2022-06-30', firstPeriod: 1, lastPeriod: 3 };
const Q2: ClaimPeriodRange = { label: 'Q2', from: '2022-07-01', to: '2022-09-30', firstPeriod: 4, lastPeriod: 6 };
const Q3: ClaimPeriodRange = { label: 'Q3', from: '2022-10-01', to: '2022-12-31', firstPeriod: 7, lastPeriod: 9 };
const Q4: ClaimPeriodRange = { label: 'Q4', from: '2023-01-01', to: '2023-03-31', firstPeriod: 10, lastPeriod: 16 };
const FINAL: ClaimPeriodRange = { label: 'final', from: '2022-04-01', to: '2023-03-31', firstPeriod: 1, lastPeriod: 16 };
const MAY: ClaimPeriodRange = { label: '2022-05', from: '2022-05-01', to: '2022-05-31', firstPeriod: 2, lastPeriod: 2 };

/** An earlier claim file of PCD 1215, 2022/23, for a claim period. */
function sent(
  file: string,
  range: ClaimPeriodRange,
  claimDue: Pence,
  more: { sha256?: string; reference?: string; year?: string; cumulativeActual?: [Category, Pence][]; rows?: RowFingerprint[]; previouslyClaimed?: Pence } = {},
): PreviousClaim & { previouslyClaimed?: Pence } {
  return {
    file,
    sha256: more.sha256 ?? `sha-${file}`,
    reference: more.reference ?? 'PCD 1215',
    year: more.year ?? '2022/23',
    period: { label: range.label, from: range.from, to: range.to },
    claimDue,
    cumulativeActual: new Map(more.cumulativeActual ?? []),
    ...(more.rows ? { rows: more.rows } : {}),
    ...(more.previouslyClaimed === undefined ? {} : { previouslyClaimed: more.previouslyClaimed }),
  };
}

const claimOf = (range: ClaimPeriodRange, cap = CAP) => ({ reference: 'PCD 1215', year: '2022/23', range, cap });

/** A ledger whose 2022/23 holds the given included amounts: [period, category, pence]. */
function ledgerOf(entries: readonly (readonly [number, Category, Pence])[]): Ledger {
  const year = (fy: number, of: readonly (readonly [number, Category, Pence])[]): YearTotals => {
    const amounts = Array.from({ length: 16 }, () => CATEGORIES.map(() => 0n));
    const rowCounts = Array.from({ length: 16 }, () => 0);
    for (const [p, category, pence] of of) {
      const row = amounts[p - 1] as Pence[];
      const c = CATEGORIES.indexOf(category);
      row[c] = (row[c] as Pence) + pence;
      rowCounts[p - 1] = (rowCounts[p - 1] as number) + 1;
    }
    return { fy, categories: CATEGORIES, amounts, payroll: Array.from({ length: 16 }, () => CATEGORIES.map(() => 0n)), rowCounts };
  };
  return {
    years: [year(2022, entries), year(2023, [])],
    exclusions: new Map(EXCLUSION_REASONS.map((r) => [r, { rows: 0, amount: 0n }])),
    errors: new ErrorList(),
    duplicates: [],
    files: [],
    payrollDifferences: [],
    costCentres: [],
    warnings: { count: 0, kept: [] },
  };
}

describe('checkPreviousClaims: earlier claims that cannot be right are refused, each with its reason', () => {
  it('accepts claims of the grant and FY that each end before the claim period and add up to between 0.00 and the cap', () => {
    expect(checkPreviousClaims([sent('q1.json', Q1, 100_00n), sent('q2.json', Q2, 200_00n)], claimOf(Q3))).toEqual([]);
    // The bounds themselves: exactly nothing, exactly the cap.
    expect(checkPreviousClaims([sent('q1.json', Q1, 500n), sent('q2.json', Q2, -500n)], claimOf(Q3))).toEqual([]);
    expect(checkPreviousClaims([sent('q1.json', Q1, CAP - 1n), sent('q2.json', Q2, 1n)], claimOf(Q3))).toEqual([]);
  });

  it('refuses claims due that add up to less than nothing or more than the cap', () => {
    expect(checkPreviousClaims([sent('q1.json', Q1, 1n), sent('q2.json', Q2, -2n)], claimOf(Q3))).toEqual([
      "the earlier claims' claim due add up to -0.01, but what was claimed before for a year lies between 0.00 and its cap, 2893452.00: one of them is not what was sent",
    ]);
    expect(checkPreviousClaims([sent('q1.json', Q1, CAP), sent('q2.json', Q2, 1n)], claimOf(Q3))).toEqual([
      "the earlier claims' claim due add up to 2893452.01, but what was claimed before for a year lies between 0.00 and its cap, 2893452.00: one of them is not what was sent",
    ]);
    // Against the claim's own cap.
    expect(checkPreviousClaims([sent('q1.json', Q1, 1_001n)], claimOf(Q2, 1_000n))).toHaveLength(1);
  });

  it('refuses a claim of another grant, or of another FY (the grant said first)', () => {
    expect(
      checkPreviousClaims([sent('a.json', Q1, 1n, { reference: 'PCD 9999' }), sent('b.json', Q2, 1n, { year: '2023/24' }), sent('c.json', Q1, 1n, { reference: 'PCD 9999', year: '2023/24' })], claimOf(Q4)),
    ).toEqual(['a.json is a claim of grant PCD 9999, not PCD 1215', 'b.json is a claim for 2023/24, not 2022/23', 'c.json is a claim of grant PCD 9999, not PCD 1215', 'c.json (Q1) overlaps a.json (Q1): each period may be claimed once']);
  });

  it('refuses a claim that does not end before this claim period begins', () => {
    expect(checkPreviousClaims([sent('q2.json', Q2, 1n)], claimOf(Q2))).toEqual(['q2.json (Q2, 2022-07-01 to 2022-09-30) does not end before this claim period begins (2022-07-01)']);
    // A month claim of May for a Q1 claim: May ends after Q1 begins.
    expect(checkPreviousClaims([sent('may.json', MAY, 1n)], claimOf(Q1))).toEqual(['may.json (2022-05, 2022-05-01 to 2022-05-31) does not end before this claim period begins (2022-04-01)']);
  });

  it('a final claim takes every non-final claim of the year, Q4 included, but no final claim', () => {
    const quarters = [sent('q1.json', Q1, 1n), sent('q2.json', Q2, 1n), sent('q3.json', Q3, 1n), sent('q4.json', Q4, 1n)];
    expect(checkPreviousClaims(quarters, claimOf(FINAL))).toEqual([]);
    expect(checkPreviousClaims([sent('final.json', FINAL, 1n)], claimOf(FINAL))).toEqual(['final.json is a final claim: a final claim takes only the non-final claims of the year']);
  });

  it('refuses the same claim file given twice (by its digest), without calling it an overlap', () => {
    expect(checkPreviousClaims([sent('q1.json', Q1, 1n, { sha256: 'aa' }), sent('copy.json', Q1, 1n, { sha256: 'aa' })], claimOf(Q2))).toEqual(['copy.json is the same claim file as q1.json']);
  });

  it('refuses claims whose periods overlap, whatever order they are given in', () => {
    const expected = ['may.json (2022-05) overlaps q1.json (Q1): each period may be claimed once'];
    expect(checkPreviousClaims([sent('may.json', MAY, 1n), sent('q1.json', Q1, 1n)], claimOf(Q3))).toEqual(expected);
    expect(checkPreviousClaims([sent('q1.json', Q1, 1n), sent('may.json', MAY, 1n)], claimOf(Q3))).toEqual(expected);
  });

  it('refuses a set in which a claim overlaps another that is not next to it in period order', () => {
    // Q1, April, May: sorted by start, April follows Q1 and overlaps it, so the set is refused.
    const april: ClaimPeriodRange = { label: '2022-04', from: '2022-04-01', to: '2022-04-30', firstPeriod: 1, lastPeriod: 1 };
    const problems = checkPreviousClaims([sent('q1.json', Q1, 1n), sent('april.json', april, 1n), sent('may.json', MAY, 1n)], claimOf(Q3));
    expect(problems).toContain('april.json (2022-04) overlaps q1.json (Q1): each period may be claimed once');
  });

  // "Every reason to refuse": May overlaps Q1 too, though April stands between them in period order (and ends
  // before May begins); every overlapping pair is named at once, not only neighbours.
  it('names every claim that overlaps another, not only those next to each other in period order', () => {
    const april: ClaimPeriodRange = { label: '2022-04', from: '2022-04-01', to: '2022-04-30', firstPeriod: 1, lastPeriod: 1 };
    const problems = checkPreviousClaims([sent('q1.json', Q1, 1n), sent('april.json', april, 1n), sent('may.json', MAY, 1n)], claimOf(Q3));
    expect(problems).toContain('may.json (2022-05) overlaps q1.json (Q1): each period may be claimed once');
  });
});

describe('claimsMadeWithoutTheirHistory: earlier claims whose own previously claimed disagrees with the claims before them', () => {
  it('says nothing of claims each made with the claims before it, in whatever order they are given', () => {
    const claims = [sent('q3.json', Q3, 25_00n, { previouslyClaimed: 150_00n }), sent('q1.json', Q1, 100_00n, { previouslyClaimed: 0n }), sent('q2.json', Q2, 50_00n, { previouslyClaimed: 100_00n })];
    expect(claimsMadeWithoutTheirHistory(claims)).toEqual([]);
  });

  it('names each claim made with another previously claimed, and what the claims before it claimed', () => {
    const claims = [
      sent('q1.json', Q1, 100_00n, { previouslyClaimed: 10_00n }),
      sent('q2.json', Q2, 50_00n), // its previously claimed is not known: nothing to say, but its claim due counts
      sent('q3.json', Q3, 25_00n, { previouslyClaimed: 0n }),
    ];
    // Before Q3: 100.00 + 50.00 = 150.00.
    expect(claimsMadeWithoutTheirHistory(claims)).toEqual([
      'q1.json (Q1) was made with previously claimed 10.00, but the earlier claims given before it claimed 0.00',
      'q3.json (Q3) was made with previously claimed 0.00, but the earlier claims given before it claimed 150.00',
    ]);
  });
});

describe('applyClaimHistory: what the earlier claims add to a claim', () => {
  // 2022/23: staff 1,000.00 in April; software 500.00 in May; comms 200.00 in July; staff 300.00 in October;
  // an equipment credit of 50.00 in P13.
  const ledger = ledgerOf([
    [1, 'staff', 100_000n],
    [2, 'software', 50_000n],
    [4, 'comms', 20_000n],
    [7, 'staff', 30_000n],
    [13, 'equipment', -5_000n],
  ]);
  // Q1 was claimed when May's software was 400.00; Q2 claimed July's comms.
  const q1 = sent('q1.json', Q1, 140_000n, { cumulativeActual: [['staff', 100_000n], ['software', 40_000n]] });
  const q2 = sent('q2.json', Q2, 20_000n, { cumulativeActual: [['staff', 100_000n], ['software', 40_000n], ['comms', 20_000n]] });

  it('previously claimed is the sum of their claims due; the adjustment is what the ledger now makes claimable to the latest one\'s end, less that', () => {
    const h = applyClaimHistory(ledger, 2022, CAP, Q3, [q2, q1], '2022-04-01');
    // 140,000 + 20,000 = 160,000 claimed. Now to the end of Q2: 100,000 + 50,000 + 20,000 = 170,000 claimable.
    expect(h.previouslyClaimed).toBe(160_000n);
    expect(h.priorPeriodAdjustment).toBe(10_000n);
    expect(h.claims).toEqual([
      { file: 'q1.json', sha256: 'sha-q1.json', period: 'Q1', from: '2022-04-01', to: '2022-06-30', claimDue: 140_000n },
      { file: 'q2.json', sha256: 'sha-q2.json', period: 'Q2', from: '2022-07-01', to: '2022-09-30', claimDue: 20_000n },
    ]);
    // Per category the latest claim states, in category order: as claimed then, and now.
    expect(h.restatements).toEqual([
      { category: 'staff', claimed: 100_000n, now: 100_000n, restatement: 0n },
      { category: 'software', claimed: 40_000n, now: 50_000n, restatement: 10_000n },
      { category: 'comms', claimed: 20_000n, now: 20_000n, restatement: 0n },
    ]);
    expect(h.gaps).toEqual([]);
    expect('restatementRows' in h).toBe(false);
  });

  it('the adjustment is bounded by the cap: only what is claimable now counts', () => {
    // claimable(170,000, cap 165,000) = 165,000; less 160,000 = 5,000.
    expect(applyClaimHistory(ledger, 2022, 165_000n, Q3, [q1, q2], '2022-04-01').priorPeriodAdjustment).toBe(5_000n);
  });

  it('a latest claim that runs to March takes P13–P16 into what is claimable now', () => {
    const q3 = sent('q3.json', Q3, 30_000n);
    const q4 = sent('q4.json', Q4, 0n);
    const h = applyClaimHistory(ledger, 2022, CAP, FINAL, [q1, q2, q3, q4], '2022-04-01');
    // Claimed 140,000 + 20,000 + 30,000 + 0 = 190,000. Now, P01–P16: 100,000 + 50,000 + 20,000 + 30,000 − 5,000 = 195,000.
    expect([h.previouslyClaimed, h.priorPeriodAdjustment]).toEqual([190_000n, 5_000n]);
    expect(h.gaps).toEqual([]);
  });

  it('a credit that takes the year to date below nothing makes nothing claimable, never less', () => {
    const credit = ledgerOf([[1, 'staff', -1_000n]]);
    const h = applyClaimHistory(credit, 2022, CAP, Q2, [sent('q1.json', Q1, 500n)], '2022-04-01');
    // claimable(−1,000) = 0; 0 − 500 = −500.
    expect(h.priorPeriodAdjustment).toBe(-500n);
  });

  it('without earlier claims: nothing previously claimed, no adjustment, and the whole FY before the claim period a gap', () => {
    expect(applyClaimHistory(ledger, 2022, CAP, Q3, [], '2022-04-01')).toEqual({
      previouslyClaimed: 0n,
      priorPeriodAdjustment: 0n,
      claims: [],
      restatements: [],
      gaps: [{ from: '2022-04-01', to: '2022-09-30' }],
    });
  });

  it('lists the stretches no claim covered: before the first, between claims, and up to the claim period (not after it, for a final claim)', () => {
    expect(applyClaimHistory(ledger, 2022, CAP, Q4, [sent('q3.json', Q3, 0n), sent('q1.json', Q1, 0n)], '2022-04-01').gaps).toEqual([{ from: '2022-07-01', to: '2022-09-30' }]);
    expect(applyClaimHistory(ledger, 2022, CAP, Q4, [sent('q2.json', Q2, 0n)], '2022-04-01').gaps).toEqual([
      { from: '2022-04-01', to: '2022-06-30' },
      { from: '2022-10-01', to: '2022-12-31' },
    ]);
    expect(applyClaimHistory(ledger, 2022, CAP, FINAL, [sent('q2.json', Q2, 0n)], '2022-04-01').gaps).toEqual([{ from: '2022-04-01', to: '2022-06-30' }]);
  });

  it('a gap that ends in February ends on its last day, 29th in a leap year', () => {
    const march2024: ClaimPeriodRange = { label: '2024-03', from: '2024-03-01', to: '2024-03-31', firstPeriod: 12, lastPeriod: 16 };
    const q1of2023 = sent('q1.json', { label: 'Q1', from: '2023-04-01', to: '2023-06-30', firstPeriod: 1, lastPeriod: 3 }, 0n, { year: '2023/24' });
    expect(applyClaimHistory(ledger, 2023, CAP, march2024, [q1of2023], '2023-04-01').gaps).toEqual([{ from: '2023-07-01', to: '2024-02-29' }]);
  });

  it('with rows on both sides, lists the rows that moved behind each restatement, over the FY\'s periods the latest claim covered', () => {
    const fingerprint = (id: string, fy: number, period: number, category: Category, amount: Pence, file: string, line: number): RowFingerprint => ({ id, fy, period, category, amount, file, line });
    const then = [fingerprint('key:A/1', 2022, 2, 'software', 40_000n, 'may.csv', 3), fingerprint('key:S/1', 2022, 1, 'staff', 100_000n, 'may.csv', 2)];
    const now = [
      fingerprint('key:S/1', 2022, 1, 'staff', 100_000n, 'june.csv', 2),
      fingerprint('key:A/1', 2022, 2, 'software', 50_000n, 'june.csv', 3),
      fingerprint('key:B/1', 2022, 7, 'staff', 30_000n, 'june.csv', 4), // after Q2: not compared
      fingerprint('key:C/1', 2023, 1, 'comms', 9n, 'june.csv', 5), // another FY: not compared
    ];
    const latest = sent('q1.json', Q1, 140_000n, { cumulativeActual: [['staff', 100_000n], ['software', 40_000n]], rows: then });
    const h = applyClaimHistory(ledger, 2022, CAP, Q2, [latest], '2022-04-01', now);
    expect(h.restatementRows).toEqual({ listed: true, note: null });
    expect(h.restatements).toEqual([
      { category: 'staff', claimed: 100_000n, now: 100_000n, restatement: 0n, changes: [] },
      {
        category: 'software',
        claimed: 40_000n,
        now: 50_000n,
        restatement: 10_000n,
        changes: [
          {
            change: 'changed',
            id: 'key:A/1',
            before: { file: 'may.csv', line: 3, year: '2022/23', period: 'P02', category: 'software', amount: 40_000n },
            after: { file: 'june.csv', line: 3, year: '2022/23', period: 'P02', category: 'software', amount: 50_000n },
            amount: 10_000n,
          },
        ],
      },
    ]);
  });

  it('with rows asked for but none in the latest claim, says so and compares the figures only', () => {
    const h = applyClaimHistory(ledger, 2022, CAP, Q3, [q1, q2], '2022-04-01', []);
    expect(h.restatementRows).toEqual({
      listed: false,
      note: 'q2.json has no rows, so only the figures are compared: for the rows behind each restatement, write the claims with claim --with-rows --format json',
    });
    expect(h.restatements.every((r) => !('changes' in r))).toBe(true);
  });

  it('refuses a FY the ledger does not hold', () => {
    expect(() => applyClaimHistory(ledger, 2024, CAP, Q1, [], '2024-04-01')).toThrow('FY 2024 is not a year of the grant');
  });
});

describe('claim history over any earlier month claims (property)', () => {
  // The months of 2022/23 by hand: first day and last day, April (period 1) to March (period 12).
  const MONTHS: [string, string][] = [
    ['2022-04-01', '2022-04-30'],
    ['2022-05-01', '2022-05-31'],
    ['2022-06-01', '2022-06-30'],
    ['2022-07-01', '2022-07-31'],
    ['2022-08-01', '2022-08-31'],
    ['2022-09-01', '2022-09-30'],
    ['2022-10-01', '2022-10-31'],
    ['2022-11-01', '2022-11-30'],
    ['2022-12-01', '2022-12-31'],
    ['2023-01-01', '2023-01-31'],
    ['2023-02-01', '2023-02-28'],
    ['2023-03-01', '2023-03-31'],
  ];
  const month = (p: number): ClaimPeriodRange => {
    const [from, to] = MONTHS[p - 1] as [string, string];
    return { label: from.slice(0, 7), from, to, firstPeriod: p, lastPeriod: p === 12 ? 16 : p };
  };

  it('gaps are exactly the runs of months before the claim that no claim covers; the adjustment is claimable now less what was claimed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
        fc.array(fc.bigInt({ min: -5_000_000n, max: 150_000_000n }), { minLength: 16, maxLength: 16 }),
        fc.array(fc.bigInt({ min: -1_000_000n, max: 30_000_000n }), { minLength: 11, maxLength: 11 }),
        (claimMonth, claimedMonths, perPeriod, dues) => {
          const previous = claimedMonths.flatMap((taken, i) => (taken && i + 1 < claimMonth ? [sent(`m${i + 1}.json`, month(i + 1), dues[i] as Pence)] : []));
          const l = ledgerOf(perPeriod.map((pence, i) => [i + 1, 'software', pence] as const));
          const h = applyClaimHistory(l, 2022, CAP, month(claimMonth), [...previous].reverse(), '2022-04-01');
          // Runs of uncovered months before the claim month.
          const gaps: { from: string; to: string }[] = [];
          for (let p = 1; p < claimMonth; p++) {
            if (claimedMonths[p - 1] === true) continue;
            const last = gaps.at(-1);
            if (last !== undefined && last.to === (MONTHS[p - 2] as [string, string])[1]) last.to = (MONTHS[p - 1] as [string, string])[1];
            else gaps.push({ from: (MONTHS[p - 1] as [string, string])[0], to: (MONTHS[p - 1] as [string, string])[1] });
          }
          expect(h.gaps).toEqual(gaps);
          const claimed = previous.reduce((s, p) => s + p.claimDue, 0n);
          expect(h.previouslyClaimed).toBe(claimed);
          expect(h.claims.map((c) => c.period)).toEqual(previous.map((p) => p.period.label));
          // The latest earlier month; its year to date (never P13–P16: a claim of March is never an earlier one here).
          const latest = previous.at(-1);
          if (latest === undefined) {
            expect(h.priorPeriodAdjustment).toBe(0n);
            return;
          }
          const through = Number(latest.file.slice(1, -5));
          const actual = perPeriod.slice(0, through).reduce((s, a) => s + a, 0n);
          const claimableNow = actual < 0n ? 0n : actual > CAP ? CAP : actual;
          expect(h.priorPeriodAdjustment).toBe(claimableNow - claimed);
        },
      ),
      { numRuns: 300 },
    );
  });
});
