import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { fyDateRange } from '../../src/core/calendar/fiscal.js';
import { LedgerFold, type Ledger } from '../../src/core/fold/ledger.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { claimable, claimableUnderCaps, grantStandingOf, headroomOf, heldByGrantCapOf, mostCapOf, overCapOf, yearCapsOf } from '../../src/core/reports/cap.js';
import { buildClaim } from '../../src/core/reports/claim.js';
import { checkClaimFigures, type ClaimFigures } from '../../src/core/earlier/claim-checks.js';
import { monthsOfRunRate, projectedOutturnOf } from '../../src/core/reports/projection.js';
import { claimPeriodRange, type ClaimPeriodRange } from '../../src/core/calendar/fiscal.js';
import { GL_TEST_LAYOUT } from '../support/gl-layout.js';

/** A grant of three years, 2022/23 to 2024/25, with the caps given (pence), and optionally a grant cap and carry-forward. */
function grant(caps: readonly bigint[], extra: Partial<GrantConfig> = {}): GrantConfig {
  return { ...PCD_1215, years: caps.map((cap, i) => ({ fy: 2022 + i, cap })), ...extra };
}

const actualOf = (actuals: readonly bigint[]) => (fy: number): bigint => actuals[fy - 2022] ?? 0n;

const pence = fc.bigInt({ min: -5_000_000n, max: 50_000_000n });
const positive = fc.bigInt({ min: 1n, max: 30_000_000n });

describe('the caps of each year (reports/cap.ts, yearCapsOf)', () => {
  it('without a grant cap or carry-forward, each year has its own cap and nothing else', () => {
    const caps = yearCapsOf(grant([300n, 500n, 200n]), actualOf([100n, 900n, 0n]));
    expect(caps).toEqual([
      { fy: 2022, cap: 300n, carriedIn: 0n, grantLeft: undefined },
      { fy: 2023, cap: 500n, carriedIn: 0n, grantLeft: undefined },
      { fy: 2024, cap: 200n, carriedIn: 0n, grantLeft: undefined },
    ]);
  });

  it('a grant cap leaves each year what the earlier years did not claim (worked by hand)', () => {
    // Caps 300, 500, 200; grant cap 900. 2022/23 spends 324 (claims 300), 2023/24 480 (claims 480): 2024/25 is left
    // 900 − 780 = 120, though its own cap is 200.
    const config = grant([300n, 500n, 200n], { grantCap: 900n });
    const caps = yearCapsOf(config, actualOf([324n, 480n, 154n]));
    expect(caps.map((c) => c.grantLeft)).toEqual([900n, 600n, 120n]);
    expect(claimableUnderCaps(154n, caps[2] as (typeof caps)[number])).toBe(120n);
    expect(claimableUnderCaps(100n, caps[2] as (typeof caps)[number])).toBe(100n);
  });

  it('carry-forward adds a year\'s unspent cap to the next, down the years (worked by hand)', () => {
    // 2022/23: cap 300, spends 250: 50 unspent. 2023/24: cap 500 + 50 = 550, spends 600 (claims 550): nothing
    // unspent. 2024/25: cap 200 + 0.
    const config = grant([300n, 500n, 200n], { carryForward: true });
    const caps = yearCapsOf(config, actualOf([250n, 600n, 10n]));
    expect(caps.map((c) => [c.cap, c.carriedIn])).toEqual([
      [300n, 0n],
      [550n, 50n],
      [200n, 0n],
    ]);
    // A year that spends less than nothing leaves its whole cap unspent, never more.
    expect(yearCapsOf(config, actualOf([-40n, 0n, 0n])).map((c) => c.carriedIn)).toEqual([0n, 300n, 800n]);
    // The most a year's cap can be: its own and every earlier year's.
    expect([mostCapOf(config, 2022), mostCapOf(config, 2023), mostCapOf(config, 2024)]).toEqual([300n, 800n, 1000n]);
  });

  it('property: what is claimable never passes either cap, and is never negative', () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 4 }), fc.array(pence, { minLength: 4, maxLength: 4 }), fc.option(positive, { nil: undefined }), fc.boolean(), (caps, actuals, grantCap, carryForward) => {
        const config = grant(caps, { ...(grantCap === undefined ? {} : { grantCap }), carryForward });
        const yearCaps = yearCapsOf(config, actualOf(actuals));
        let claimed = 0n;
        for (const [i, yc] of yearCaps.entries()) {
          const a = actuals[i] as bigint;
          const c = claimableUnderCaps(a, yc);
          expect(c >= 0n).toBe(true);
          expect(c <= yc.cap).toBe(true);
          if (yc.grantLeft !== undefined) {
            expect(c <= yc.grantLeft).toBe(true);
            // What the grant cap leaves is exactly what the years before it did not claim.
            expect(yc.grantLeft).toBe((grantCap as bigint) - claimed);
          }
          claimed += c;
        }
        if (grantCap !== undefined) expect(claimed <= grantCap).toBe(true);
      }),
    );
  });

  it('property: carry-forward happens only when allowed, and then is the unspent cap of the year before', () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 2, maxLength: 4 }), fc.array(pence, { minLength: 4, maxLength: 4 }), fc.boolean(), (caps, actuals, carryForward) => {
        const yearCaps = yearCapsOf(grant(caps, { carryForward }), actualOf(actuals));
        // Worked independently: the cap of year k is its own plus (cap of k−1 − min(max(A, 0), cap of k−1)).
        let carried = 0n;
        for (const [i, yc] of yearCaps.entries()) {
          const own = caps[i] as bigint;
          expect(yc.carriedIn).toBe(carryForward ? carried : 0n);
          expect(yc.cap).toBe(own + (carryForward ? carried : 0n));
          const a = actuals[i] as bigint;
          const used = a < 0n ? 0n : a > yc.cap ? yc.cap : a;
          carried = yc.cap - used;
        }
      }),
    );
  });

  it('property: headroom + actual = cap when not over, and over cap + cap = actual when over; the same for the grant', () => {
    fc.assert(
      fc.property(pence, positive, (actual, cap) => {
        if (actual >= 0n && actual <= cap) {
          expect(headroomOf(actual, cap) + actual).toBe(cap);
          expect(overCapOf(actual, cap)).toBe(0n);
          expect(claimable(actual, cap)).toBe(actual);
        }
        if (actual > cap) {
          expect(overCapOf(actual, cap) + cap).toBe(actual);
          expect(headroomOf(actual, cap)).toBe(0n);
        }
        const standing = grantStandingOf(cap, '2022/23', actual, actual);
        expect([standing.headroom, standing.overCap]).toEqual([headroomOf(actual, cap), overCapOf(actual, cap)]);
      }),
    );
  });
});

describe('the projection over a grant window (reports/projection.ts)', () => {
  it('without a window it is ytd × 12 / n, as before', () => {
    fc.assert(
      fc.property(pence, fc.integer({ min: 0, max: 12 }), (ytd, n) => {
        expect(monthsOfRunRate(n)).toBe(n);
        expect(projectedOutturnOf(ytd, n)).toBe(projectedOutturnOf(ytd, n, { first: 1, last: 12 }));
      }),
    );
  });

  it('with a window it scales the run rate of the window\'s elapsed months to its months in the year (worked by hand)', () => {
    // Window months October (P07) to March (P12): 6. To December (P09): 3 elapsed. £300.00 × 6 / 3 = £600.00.
    expect(projectedOutturnOf(30000n, 9, { first: 7, last: 12 })).toBe(60000n);
    // Before the window opens, nothing has elapsed: 0.00.
    expect(projectedOutturnOf(30000n, 6, { first: 7, last: 12 })).toBe(0n);
    // A window ending in June (P01–P03), elapsed to August: 3 of 3. £100.01 stays £100.01.
    expect(projectedOutturnOf(10001n, 5, { first: 1, last: 3 })).toBe(10001n);
    // Half-up: £1.00 × 3 / 2 = £1.50; £0.01 × 3 / 2 = 0.015 → £0.02.
    expect(projectedOutturnOf(1n, 2, { first: 1, last: 3 })).toBe(2n);
    expect(projectedOutturnOf(-1n, 2, { first: 1, last: 3 })).toBe(-2n);
  });
});

/** Folds GL rows of software (account 53) of given months: [iso date, pence]. */
function ledgerOf(config: GrantConfig, rows: readonly (readonly [string, bigint])[]): Ledger {
  const fold = new LedgerFold(config);
  const f = fold.beginGlFile('gl.csv', GL_TEST_LAYOUT);
  f.header(1, 0);
  rows.forEach(([iso, amount], i) => {
    const [y, m, d] = iso.split('-');
    const sign = amount < 0n ? '-' : '';
    const abs = amount < 0n ? -amount : amount;
    f.accept(i + 2, [`D${i}`, '1', `${d}/${m}/${y}`, '', 'SMH001', '531000', `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`]);
  });
  f.end();
  return fold.finish();
}

const range = (fy: number, quarter: 1 | 2 | 3 | 4): ClaimPeriodRange => {
  const r = claimPeriodRange(fy, { kind: 'quarter', quarter });
  if (!r.ok) throw new Error(r.message);
  return r.range;
};

describe('claims under both caps (reports/claim.ts)', () => {
  const months = ['05-15', '08-15', '11-15', '02-15'] as const;
  const rowsOf = (amounts: readonly bigint[]): [string, bigint][] =>
    amounts.map((a, i) => {
      const fy = 2022 + Math.floor(i / 4);
      const md = months[i % 4] as string;
      return [`${md.startsWith('02') ? fy + 1 : fy}-${md}`, a];
    });

  it('property: quarterly claims due add up to what the year can claim, and the claims of all years never pass the grant cap', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -2_000_000n, max: 40_000_000n }), { minLength: 12, maxLength: 12 }), positive, positive, positive, positive, (amounts, c1, c2, c3, grantCap) => {
        const config = grant([c1, c2, c3], { grantCap });
        const ledger = ledgerOf(config, rowsOf(amounts));
        let claimedOverGrant = 0n;
        for (const fy of [2022, 2023, 2024]) {
          let claimed = 0n;
          for (const q of [1, 2, 3, 4] as const) {
            const claim = buildClaim(ledger, [{ sha256: '', bytes: 0, encoding: 'utf-8', lines: 0 }], config, fy, range(fy, q), '2025-01-01T00:00:00Z');
            claimed += claim.totals.claimDue;
            // Every claim's own figures hold, checked as an earlier claim file is.
            expect(checkClaimFigures(claim as unknown as ClaimFigures, config)).toEqual([]);
            // The cumulative claimed never passes what the grant cap leaves the year, nor the year's cap.
            expect(claim.totals.cumulativeClaimable <= (claim.wholeGrant?.left ?? 0n)).toBe(true);
            expect(claim.totals.cumulativeClaimable <= claim.cap).toBe(true);
          }
          const yearActual = amounts.slice((fy - 2022) * 4, (fy - 2022) * 4 + 4).reduce((s, a) => s + a, 0n);
          const ofYear = claimable(yearActual, [c1, c2, c3][fy - 2022] as bigint);
          const left = grantCap - claimedOverGrant > 0n ? grantCap - claimedOverGrant : 0n;
          expect(claimed).toBe(ofYear < left ? ofYear : left);
          claimedOverGrant += claimed;
        }
        expect(claimedOverGrant <= grantCap).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('an earlier claim is held to the caps it states (core/earlier/claim-checks.ts)', () => {
  const config = grant([30000000n, 50000000n, 20000000n], { grantCap: 90000000n });
  // A claim of 2024/25 Q1 from the grant-window example: A 154,000.00, year cap 200,000.00, grant left 120,000.00.
  const claim: ClaimFigures = {
    year: '2024/25',
    period: { label: 'Q1', from: '2024-04-01', to: '2024-06-30' },
    cap: 20000000n,
    categories: [
      { category: 'staff', periodActual: 6000000n, cumulativeActual: 6000000n },
      { category: 'officers', periodActual: 400000n, cumulativeActual: 400000n },
      { category: 'software', periodActual: 4000000n, cumulativeActual: 4000000n },
      { category: 'equipment', periodActual: 5000000n, cumulativeActual: 5000000n },
      { category: 'training', periodActual: 0n, cumulativeActual: 0n },
      { category: 'comms', periodActual: 0n, cumulativeActual: 0n },
    ],
    totals: { periodActual: 15400000n, cumulativeActual: 15400000n, cumulativeClaimable: 12000000n, previouslyClaimed: 0n, claimDue: 12000000n, headroom: 4600000n, overCap: 0n },
    // By hand: the year's own cap allows 154,000.00 of it; the grant cap leaves 120,000.00, so it holds back 34,000.00.
    wholeGrant: { cap: 90000000n, claimedBefore: 78000000n, left: 12000000n, heldByGrantCap: 3400000n, actual: 95800075n, headroom: 0n, overCap: 5800075n },
  };

  it('accepts the claim as made', () => {
    expect(fyDateRange(2024).from).toBe(claim.period.from);
    expect(checkClaimFigures(claim, config)).toEqual([]);
  });

  it('refuses a claimable that passes what the grant cap leaves, naming the field and the formula', () => {
    const edited = { ...claim, totals: { ...claim.totals, cumulativeClaimable: 15400000n, claimDue: 15400000n } };
    expect(checkClaimFigures(edited, config)).toEqual([
      'totals.cumulativeClaimable 154000.00 is not min(max(cumulativeActual 154000.00, 0), cap 200000.00, wholeGrant.left 120000.00) = 120000.00',
    ]);
  });

  it('refuses a left that is not the grant cap less what was claimed before, and a grant cap not the grant\'s', () => {
    const edited = { ...claim, wholeGrant: { ...(claim.wholeGrant as NonNullable<ClaimFigures['wholeGrant']>), cap: 100000000n, left: 12000000n } };
    expect(checkClaimFigures(edited, config)).toEqual([
      'wholeGrant.cap 1000000.00 is not the grant cap, 900000.00',
      'wholeGrant.left 120000.00 is not cap 1000000.00 − claimedBefore 780000.00 = 220000.00',
      'wholeGrant.headroom 0.00 is not max(0, cap 1000000.00 − actual 958000.75) = 41999.25',
      'wholeGrant.overCap 58000.75 is not max(0, actual 958000.75 − cap 1000000.00) = 0.00',
    ]);
  });

  it('refuses a forged heldByGrantCap, naming the field and the formula', () => {
    const forged = { ...claim, wholeGrant: { ...(claim.wholeGrant as NonNullable<ClaimFigures['wholeGrant']>), heldByGrantCap: 0n } };
    expect(checkClaimFigures(forged, config)).toEqual([
      'wholeGrant.heldByGrantCap 0.00 is not min(max(totals.cumulativeActual 154000.00, 0), cap 200000.00) less what wholeGrant.left 120000.00 allows of that = 34000.00',
    ]);
  });

  it('heldByGrantCap: what the year\'s own cap allows less what both allow, the claimable and it adding up to min(max(A, 0), cap)', () => {
    fc.assert(
      fc.property(pence, positive, fc.bigInt({ min: 0n, max: 30_000_000n }), (actual, cap, left) => {
        const held = heldByGrantCapOf(actual, { cap, grantLeft: left });
        // Worked out independently: the year's cap allows a = min(max(A, 0), cap); the grant cap keeps what a passes left by.
        const a = actual < 0n ? 0n : actual > cap ? cap : actual;
        expect(held).toBe(a > left ? a - left : 0n);
        expect(held + claimableUnderCaps(actual, { cap, grantLeft: left })).toBe(claimable(actual, cap));
        expect(heldByGrantCapOf(actual, { cap, grantLeft: undefined })).toBe(0n);
      }),
    );
  });

  it('refuses a claim made without the grant cap, and one stating a grant cap the grant does not have', () => {
    const without: ClaimFigures = { ...claim };
    delete (without as { wholeGrant?: unknown }).wholeGrant;
    expect(checkClaimFigures({ ...without, totals: { ...claim.totals, cumulativeClaimable: 15400000n, claimDue: 15400000n } }, config)).toEqual([
      'wholeGrant is missing: the grant has a grant cap of 900000.00, which every claim is held to',
    ]);
    const noGrantCap: GrantConfig = { ...config };
    delete (noGrantCap as { grantCap?: unknown }).grantCap;
    expect(checkClaimFigures(claim, noGrantCap)).toContain('wholeGrant is stated, but the grant has no grant cap');
  });

  it('holds a carried-forward cap to the grant\'s cap plus what carried in, within what could carry', () => {
    const carrying = grant([30000000n, 50000000n, 20000000n], { carryForward: true });
    const base = { ...claim, cap: 22000000n, capCarriedIn: 2000000n, totals: { ...claim.totals, cumulativeClaimable: 15400000n, claimDue: 15400000n, headroom: 6600000n } };
    const carried: ClaimFigures = { ...base };
    delete (carried as { wholeGrant?: unknown }).wholeGrant;
    expect(checkClaimFigures(carried, carrying)).toEqual([]);
    expect(checkClaimFigures({ ...carried, capCarriedIn: 3000000n }, carrying)).toEqual(['cap 220000.00 is not the grant\'s cap for 2024/25, 200000.00, + capCarriedIn 30000.00 = 230000.00']);
    expect(checkClaimFigures({ ...carried, capCarriedIn: 90000000n, cap: 110000000n }, carrying)[0]).toBe("capCarriedIn 900000.00 is not between 0.00 and 800000.00, what the earlier years' caps could leave");
    const notStated: ClaimFigures = { ...carried };
    delete (notStated as { capCarriedIn?: unknown }).capCarriedIn;
    expect(checkClaimFigures(notStated, carrying)[0]).toBe('capCarriedIn is missing: the grant carries unspent cap forward, so a claim states what carried into 2024/25');
  });
});
