/**
 * The grant's standing across its years, where claims and the register can be misled: earlier grant years missing
 * or in part from the inputs (earlierMonthsNotShown) and the months said to have spent nothing that they contradict
 * (noSpendContradictions), what the grant cap alone keeps back (heldByGrantCapOf), earlier claims
 * that count claims not given (claimsLeftOut), and the register holding each claim's record of the earlier years
 * against the folder's claims of them. Figures worked by hand in each test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { claimable, claimableUnderCaps, earlierMonthsNotShown, heldByGrantCapOf, noSpendContradictions, yearCapsOf } from '../../src/core/reports/cap.js';
import { claimsLeftOut, type PreviousClaim } from '../../src/core/reports/claim-history.js';
import { assembleClaimRegister, type ClaimFile, type RegisterInput } from '../../src/core/reports/claim-register.js';
import type { Pence } from '../../src/core/types.js';

/** A grant of two years, 2023/24 and 2024/25 (caps in pence), with the keys given. */
function grant(caps: readonly bigint[], extra: Partial<GrantConfig> = {}): GrantConfig {
  return { ...PCD_1215, grant: { ...PCD_1215.grant, reference: 'CYB 2024' }, years: caps.map((cap, i) => ({ fy: 2023 + i, cap })), ...extra };
}

// The CYB 2024 grant of fixtures/grants/carried-cap: caps £60,000.00 and £80,000.00, grant cap £125,000.00, carried.
const CYB = grant([6_000_000n, 8_000_000n], { grantCap: 12_500_000n, carryForward: true });

describe('earlier grant years the inputs do not show in full (earlierMonthsNotShown)', () => {
  const none = (): boolean => false;
  /** Every period of the years given is shown. */
  const only = (...fys: number[]) => (fy: number): boolean => fys.includes(fy);
  /** Only the periods given (`fy|period`) are shown. */
  const periods = (...shown: string[]) => (fy: number, period: number): boolean => shown.includes(`${fy}|${period}`);
  const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

  it('with a grant cap or carry-forward, each earlier grant year without rows is named with all its months', () => {
    expect(earlierMonthsNotShown(CYB, 2024, only(2024))).toEqual([{ fy: 2023, periods: ALL, whole: true }]);
    expect(earlierMonthsNotShown(CYB, 2024, only(2023, 2024))).toEqual([]);
    expect(earlierMonthsNotShown(grant([1n, 2n], { grantCap: 3n }), 2024, none)).toEqual([{ fy: 2023, periods: ALL, whole: true }]);
    expect(earlierMonthsNotShown(grant([1n, 2n], { carryForward: true }), 2024, none)).toEqual([{ fy: 2023, periods: ALL, whole: true }]);
    // The first year depends on no year before it.
    expect(earlierMonthsNotShown(CYB, 2023, none)).toEqual([]);
  });

  it('without either key, a year stands on its own: nothing is named (PCD 1215)', () => {
    expect(earlierMonthsNotShown(PCD_1215, 2023, none)).toEqual([]);
    expect(earlierMonthsNotShown(grant([1n, 2n]), 2024, none)).toEqual([]);
  });

  it('a year the grant window does not reach into cannot hold rows, and is not named; of one it reaches, only its months there', () => {
    const three = { ...grant([1n, 2n, 3n], { grantCap: 6n }), window: { from: '2024-06-01' } };
    // 2023/24 ends before the window starts; 2024/25 is inside it from June (P03) to March (P12).
    expect(earlierMonthsNotShown(three, 2025, none)).toEqual([{ fy: 2024, periods: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12], whole: true }]);
    // A window from the 15th reaches into its first month: a row of June 2024 can be dated in it.
    expect(earlierMonthsNotShown({ ...three, window: { from: '2024-06-15' } }, 2025, periods('2024|4', '2024|5', '2024|6', '2024|7', '2024|8', '2024|9', '2024|10', '2024|11', '2024|12'))).toEqual([{ fy: 2024, periods: [3], whole: false }]);
  });

  it('an earlier year given in part is named with the months missing (H1 of 2023/24 alone: October to March)', () => {
    const h1 = periods('2023|1', '2023|2', '2023|3', '2023|4', '2023|5', '2023|6');
    expect(earlierMonthsNotShown(CYB, 2024, h1)).toEqual([{ fy: 2023, periods: [7, 8, 9, 10, 11, 12], whole: false }]);
  });

  it("March is shown by a row of P12 alone: the year-end's P13–P16, posted in the next year's first export, do not show it", () => {
    const allBut = (...shown: number[]) => periods(...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((p) => `2023|${p}`), ...shown.map((p) => `2023|${p}`));
    expect(earlierMonthsNotShown(CYB, 2024, allBut())).toEqual([{ fy: 2023, periods: [12], whole: false }]);
    expect(earlierMonthsNotShown(CYB, 2024, allBut(12))).toEqual([]);
    for (const p of [13, 14, 15, 16]) expect(earlierMonthsNotShown(CYB, 2024, allBut(p))).toEqual([{ fy: 2023, periods: [12], whole: false }]);
  });

  it('a month or year listed in noSpend stands for its rows: the year whole, or the month alone', () => {
    const h1 = periods('2023|1', '2023|2', '2023|3', '2023|4', '2023|5', '2023|6');
    const rest = [7, 8, 9, 10, 11, 12].map((period) => ({ fy: 2023, period }));
    expect(earlierMonthsNotShown({ ...CYB, noSpend: rest }, 2024, h1)).toEqual([]);
    expect(earlierMonthsNotShown({ ...CYB, noSpend: rest.slice(1) }, 2024, h1)).toEqual([{ fy: 2023, periods: [7], whole: false }]);
    expect(earlierMonthsNotShown({ ...CYB, noSpend: [{ fy: 2023 }] }, 2024, none)).toEqual([]);
    // A year whose every month is listed is not missing whole: the list says it.
    expect(earlierMonthsNotShown({ ...CYB, noSpend: rest }, 2024, none)).toEqual([{ fy: 2023, periods: [1, 2, 3, 4, 5, 6], whole: false }]);
  });

  it('property: the months of every earlier year are each shown, listed or named, and named only when neither', () => {
    const month = fc.integer({ min: 1, max: 12 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 16 }), { maxLength: 16 }), fc.uniqueArray(month, { maxLength: 12 }), (shown, listed) => {
        const config = { ...CYB, noSpend: listed.map((period) => ({ fy: 2023, period })) };
        const named = earlierMonthsNotShown(config, 2024, (fy, p) => fy === 2023 && shown.includes(p))[0]?.periods ?? [];
        for (let p = 1; p <= 12; p++) {
          const isShown = shown.includes(p);
          expect(named.includes(p)).toBe(!isShown && !listed.includes(p));
        }
      }),
    );
  });
});

describe('noSpend entries the inputs contradict (noSpendContradictions)', () => {
  // Included rows and money by FY and period, in pence: 2023/24 October (P07) 1 row of £2,500.00; P13 2 rows of £1,900.00.
  const held = new Map<string, { rows: number; amount: Pence }>([
    ['2023|7', { rows: 1, amount: 250_000n }],
    ['2023|13', { rows: 2, amount: 190_000n }],
  ]);
  const included = (fy: number, period: number) => held.get(`${fy}|${period}`) ?? { rows: 0, amount: 0n };

  it('names each entry whose year or month holds included rows, with the rows and the money', () => {
    const config = { ...CYB, noSpend: [{ fy: 2023, period: 8 }, { fy: 2023, period: 7 }, { fy: 2023, period: 12 }, { fy: 2023 }] };
    expect(noSpendContradictions(config, included)).toEqual([
      { index: 1, entry: { fy: 2023, period: 7 }, rows: 1, amount: 250_000n },
      // March (P12) is not contradicted by the year-end's P13 rows: they are not March's own.
      // The whole year: £2,500.00 + £1,900.00 = £4,400.00 in 3 rows.
      { index: 3, entry: { fy: 2023 }, rows: 3, amount: 440_000n },
    ]);
    expect(noSpendContradictions(CYB, included)).toEqual([]);
    // Without a grant cap or carry-forward the list changes nothing, and nothing contradicts it.
    expect(noSpendContradictions({ ...grant([6_000_000n, 8_000_000n], {}), noSpend: config.noSpend }, included)).toEqual([]);
  });

  it('rows whose money nets to nothing still contradict it: the month held spend', () => {
    const netted = (): { rows: number; amount: Pence } => ({ rows: 2, amount: 0n });
    expect(noSpendContradictions({ ...CYB, noSpend: [{ fy: 2023, period: 5 }] }, netted)).toEqual([{ index: 0, entry: { fy: 2023, period: 5 }, rows: 2, amount: 0n }]);
  });
});

describe('what the grant cap alone keeps back (heldByGrantCapOf)', () => {
  it('the CYB 2024 H1 claim of 2024/25: £77,634.57 against a cap of £89,766.67 and £74,766.67 left by the grant cap', () => {
    // By hand: the year's cap allows all of £77,634.57; the grant cap £74,766.67; £2,867.90 is held back by it.
    expect(heldByGrantCapOf(7_763_457n, { cap: 8_976_667n, grantLeft: 7_476_667n })).toBe(286_790n);
    expect(heldByGrantCapOf(7_763_457n, { cap: 8_976_667n, grantLeft: undefined })).toBe(0n);
    // Over the year's own cap, only the part under it is the grant cap's: £100.00 actual, cap £60.00, left £50.00.
    expect(heldByGrantCapOf(10_000n, { cap: 6_000n, grantLeft: 5_000n })).toBe(1_000n);
  });

  it('property: never negative, and what the year cap allows = what both allow + what the grant cap keeps', () => {
    const pence = fc.bigInt({ min: -1_000_000n, max: 10_000_000n });
    const cap = fc.bigInt({ min: 0n, max: 10_000_000n });
    fc.assert(
      fc.property(pence, cap, fc.option(cap, { nil: undefined }), (actual, yearCap, grantLeft) => {
        const caps = { cap: yearCap, grantLeft };
        const held = heldByGrantCapOf(actual, caps);
        expect(held >= 0n).toBe(true);
        expect(claimableUnderCaps(actual, caps) + held).toBe(claimable(actual, yearCap));
        if (grantLeft === undefined) expect(held).toBe(0n);
      }),
    );
  });

  it('the CYB 2024 caps from its years\' actuals: 2023/24 £50,233.33 carries £9,766.67, and leaves 2024/25 £74,766.67', () => {
    const caps = yearCapsOf(CYB, (fy) => (fy === 2023 ? 5_023_333n : 9_965_679n));
    expect(caps.map((c) => [c.cap, c.carriedIn, c.grantLeft])).toEqual([
      [6_000_000n, 0n, 12_500_000n],
      [8_976_667n, 976_667n, 7_476_667n],
    ]);
    // Were 2023/24 taken as spending nothing, 2024/25 would have £140,000.00 and all of the grant cap: what A1 refuses.
    const blind = yearCapsOf(CYB, (fy) => (fy === 2023 ? 0n : 9_965_679n));
    expect(blind.map((c) => [c.cap, c.grantLeft])).toEqual([
      [6_000_000n, 12_500_000n],
      [14_000_000n, 12_500_000n],
    ]);
  });
});

describe('earlier claims that count claims not given (claimsLeftOut)', () => {
  const H1 = { label: 'H1', from: '2024-04-01', to: '2024-09-30' };
  const H2 = { label: 'H2', from: '2024-10-01', to: '2025-03-31' };
  const sent = (file: string, period: PreviousClaim['period'], claimDue: Pence, previouslyClaimed: Pence): PreviousClaim & { previouslyClaimed: Pence } => ({
    file,
    sha256: file,
    reference: 'CYB 2024',
    year: '2024/25',
    period,
    claimDue,
    cumulativeActual: new Map(),
    previouslyClaimed,
  });

  it('H2 alone, made after an H1 of £74,766.67: the H1 claim is missing, and its dates would be claimed again', () => {
    const problems = claimsLeftOut([sent('h2.json', H2, 0n, 7_476_667n)], '2024-04-01');
    expect(problems).toEqual([
      'h2.json (H2) records previously claimed 74766.67, but the earlier claims given before it claimed 0.00 and none of them covers 2024-04-01 to 2024-09-30: the claims of those dates are missing, and this claim would claim 74766.67 of them again',
    ]);
  });

  it('H1 and H2 together leave nothing out; nor does a first claim with nothing claimed before it', () => {
    expect(claimsLeftOut([sent('h2.json', H2, 0n, 7_476_667n), sent('h1.json', H1, 7_476_667n, 0n)], '2024-04-01')).toEqual([]);
    expect(claimsLeftOut([sent('h1.json', H1, 7_476_667n, 0n)], '2024-04-01')).toEqual([]);
  });

  it('a claim that covers every date before it but records another previously claimed is a restatement, not a claim left out', () => {
    // H1 claimed £100.00; H2 was made saying £120.00 (e.g. made without --previous after a restated month): no gap.
    expect(claimsLeftOut([sent('h1.json', H1, 10_000n, 0n), sent('h2.json', H2, 500n, 12_000n)], '2024-04-01')).toEqual([]);
  });
});

describe('the register against the earlier years\' claims in the folder', () => {
  const claim = (file: string, year: string, label: string, from: string, to: string, claimDue: bigint, more: Partial<ClaimFile> = {}): RegisterInput => ({
    file,
    claim: { file, sha256: file, reference: 'CYB 2024', year, period: { label, from, to }, claimDue, cumulativeActual: new Map(), previouslyClaimed: 0n, ...more },
  });
  const h1of2324 = claim('c-2324-H1.json', '2023/24', 'H1', '2023-04-01', '2023-09-30', 2_300_000n, { capCarriedIn: 0n, claimedBefore: 0n });
  const h2of2324 = claim('c-2324-H2.json', '2023/24', 'H2', '2023-10-01', '2024-03-31', 2_723_333n, { previouslyClaimed: 2_300_000n, capCarriedIn: 0n, claimedBefore: 0n });
  const genuine = claim('c-2425-H1.json', '2024/25', 'H1', '2024-04-01', '2024-09-30', 7_476_667n, { capCarriedIn: 976_667n, claimedBefore: 5_023_333n });
  const register = (...inputs: RegisterInput[]) => assembleClaimRegister(inputs, CYB, 'claims', '2025-01-01T00:00:00Z');

  it('the genuine claims: 2024/25 has £89,766.67 (£9,766.67 carried), the grant cap leaves it £74,766.67, all claimed', () => {
    const r = register(h1of2324, h2of2324, genuine);
    expect(r.years.map((y) => [y.year, y.claimed, y.capCarriedIn, y.grantLeft, y.remaining, y.capChecks])).toEqual([
      ['2023/24', 5_023_333n, 0n, 12_500_000n, 976_667n, []],
      ['2024/25', 7_476_667n, 976_667n, 7_476_667n, 0n, []],
    ]);
  });

  it('a folder holding only the 2024/25 claim: still claimable is what the claim records the grant cap leaves, £0.00, not £5,233.33', () => {
    const r = register(genuine);
    // By hand: £125,000.00 − £50,233.33 (its wholeGrant.claimedBefore) − £74,766.67 = £0.00; the folder alone would say
    // £125,000.00 − £74,766.67 = £50,233.33 against the year cap's £89,766.67 − £74,766.67 = £15,000.00.
    expect(r.years[0]).toMatchObject({ year: '2024/25', grantLeft: 7_476_667n, remaining: 0n, capChecks: [] });
  });

  it('a claim saying the earlier years claimed nothing, beside their claims of £50,233.33, is contradicted, and passing the cap is flagged', () => {
    const forged = claim('forged.json', '2024/25', 'H1', '2024-04-01', '2024-09-30', 7_763_457n, { capCarriedIn: 976_667n, claimedBefore: 0n });
    const y = register(h1of2324, h2of2324, forged).years[1];
    // By hand: £125,000.00 − £50,233.33 − £77,634.57 = −£2,867.90.
    expect(y?.remaining).toBe(-286_790n);
    expect(y?.capChecks?.map((c) => c.message)).toEqual([
      "H1 (forged.json) records that the grant's earlier years claimed £0.00 of the grant cap (wholeGrant.claimedBefore), but their claims in this folder claimed £50,233.33: it was made without them or from a ledger that restated them since, or is not what was sent",
      'H1 (forged.json) brings what 2024/25 claimed to £77,634.57, £2,867.90 more than its caps allow',
    ]);
  });

  it('a claim carrying more cap than the earlier year\'s claims leave is contradicted, and the smaller carry is taken', () => {
    const carried = claim('carried.json', '2024/25', 'H1', '2024-04-01', '2024-09-30', 100_000n, { capCarriedIn: 6_000_000n, claimedBefore: 5_023_333n });
    const y = register(h1of2324, h2of2324, carried).years[1];
    expect(y?.capCarriedIn).toBe(976_667n);
    expect(y?.capChecks?.map((c) => c.message)).toEqual(['H1 (carried.json) records £60,000.00 carried from 2023/24 (capCarriedIn), but the claims of 2023/24 in this folder leave £9,766.67 of its cap']);
  });

  it('property: with claims of both years in the folder, still claimable is never more than either cap allows after them', () => {
    const amount = fc.bigInt({ min: 0n, max: 9_000_000n });
    fc.assert(
      fc.property(amount, amount, amount, amount, (first, second, recordedBefore, recordedCarry) => {
        const a = claim('a.json', '2023/24', 'final', '2023-04-01', '2024-03-31', first, { capCarriedIn: 0n, claimedBefore: 0n });
        const b = claim('b.json', '2024/25', 'H1', '2024-04-01', '2024-09-30', second, { capCarriedIn: recordedCarry, claimedBefore: recordedBefore });
        const y = register(a, b).years[1];
        const remaining = y?.remaining as bigint;
        expect(remaining <= 12_500_000n - first - second).toBe(true);
        expect(remaining <= 12_500_000n - recordedBefore - second).toBe(true);
        expect(remaining <= 8_000_000n + (6_000_000n - first > 0n ? 6_000_000n - first : 0n) - second).toBe(true);
        // Below zero is never silent.
        if (remaining < 0n) expect(y?.capChecks?.length).toBeGreaterThan(0);
      }),
    );
  });

  it('PCD 1215 (no grant cap, no carry-forward): the register adds none of these members', () => {
    const pcd = assembleClaimRegister(
      [{ file: 'q1.json', claim: { file: 'q1.json', sha256: 'q1', reference: 'PCD 1215', year: '2022/23', period: { label: 'Q1', from: '2022-04-01', to: '2022-06-30' }, claimDue: 100n, cumulativeActual: new Map(), previouslyClaimed: 0n } }],
      PCD_1215,
      'claims',
      '2023-01-01T00:00:00Z',
    );
    expect(Object.keys(pcd.years[0] ?? {})).toEqual(['year', 'cap', 'claims', 'claimed', 'remaining', 'gaps', 'overlaps']);
  });
});
