/**
 * An earlier reconciliation's recorded configuration against the one in force (core/earlier/configuration-checks.ts),
 * and its new members worked out again (core/earlier/reconciliation-checks.ts): capCarriedIn from the file's own
 * earlier years, apportionment groups at their rate. Expected values are worked by hand, or by a model written here
 * in plain bigint arithmetic, sharing no code with the rules it checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { withPeriod } from '../../src/core/calendar/fiscal-keys.js';
import { fyLabel, monthOfPeriod, periodLabel } from '../../src/core/calendar/fiscal.js';
import { configurationDifferences, type RecordedConfiguration } from '../../src/core/earlier/configuration-checks.js';
import { checkReconciliationFigures, type ApportionmentGroupFigures, type ReconciliationYearFigures } from '../../src/core/earlier/reconciliation-checks.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { formatPence } from '../../src/core/money.js';
import { categoryIds } from '../../src/core/rules/categories.js';
import { isSameRate, rateOfLabel } from '../../src/core/rules/apportion.js';

/** A grant of three years from 2022/23 with the caps given (pence). */
function grant(caps: readonly bigint[], extra: Partial<GrantConfig> = {}): GrantConfig {
  return { ...PCD_1215, years: caps.map((cap, i) => ({ fy: 2022 + i, cap })), ...extra };
}

const RECORDED: RecordedConfiguration = {
  window: { from: '2022-10-01', to: '2024-06-30' },
  years: [
    { year: '2022/23', cap: 30000n },
    { year: '2023/24', cap: 50000n },
  ],
  grantCap: 90000n,
  apportionments: [{ rule: 'shared laptops', match: 'account 541000', rate: '37.5%' }],
};
const CONFIG = grant([30000n, 50000n], {
  window: { from: '2022-10-01', to: '2024-06-30' },
  grantCap: 90000n,
  apportionments: [{ name: 'shared laptops', match: { account: '541000' }, rate: '37.5', from: '2022-12-01', to: undefined }],
});

describe('the configuration a reconciliation records, against the one in force', () => {
  it('agrees with the configuration it was written under', () => {
    expect(configurationDifferences(RECORDED, CONFIG)).toEqual([]);
    // The same rate however written.
    expect(configurationDifferences(RECORDED, { ...CONFIG, apportionments: [{ ...(CONFIG.apportionments?.[0] as NonNullable<GrantConfig['apportionments']>[number]), rate: '37.50' }] })).toEqual([]);
  });

  it('names each difference plainly, the window ends open where the file or the configuration has none', () => {
    expect(configurationDifferences({ ...RECORDED, window: { from: null, to: '2024-06-30' } }, CONFIG)).toEqual(['written with window from open; the configuration now says 2022-10-01']);
    expect(configurationDifferences(RECORDED, { ...CONFIG, window: { to: '2024-05-31' } })).toEqual([
      'written with window from 2022-10-01; the configuration now says open',
      'written with window to 2024-06-30; the configuration now says 2024-05-31',
    ]);
    expect(configurationDifferences(RECORDED, { ...CONFIG, grantCap: 95000n, years: [{ fy: 2022, cap: 30000n }, { fy: 2023, cap: 40000n }] })).toEqual([
      'written with a cap of 500.00 for 2023/24; the configuration now says 400.00',
      'written with a grant cap of 900.00; the configuration now says 950.00',
    ]);
  });

  it('reads a member the file lacks as written without its key (the safe reading of a file older than the key)', () => {
    const old: RecordedConfiguration = { window: undefined, years: RECORDED.years, grantCap: undefined, apportionments: undefined };
    expect(configurationDifferences(old, grant([30000n, 50000n]))).toEqual([]);
    expect(configurationDifferences(old, { ...CONFIG, carryForward: true })).toEqual([
      'written without a grant window (every day of its years); the configuration now has a window from 2022-10-01 to 2024-06-30',
      'written without carryForward (no year states capCarriedIn); the configuration now carries unspent cap forward',
      'written without a grant cap (no wholeGrant); the configuration now has a grant cap of 900.00',
      'written without apportionments; the configuration now apportions ("shared laptops" at 37.5%)',
    ]);
  });

  it('takes a year\'s own cap as its cap less what it says carried in', () => {
    const carrying: RecordedConfiguration = { ...RECORDED, years: [{ year: '2022/23', cap: 30000n, capCarriedIn: 0n }, { year: '2023/24', cap: 60000n, capCarriedIn: 10000n }] };
    expect(configurationDifferences(carrying, { ...CONFIG, carryForward: true })).toEqual([]);
    expect(configurationDifferences(carrying, CONFIG)).toEqual(['written with carryForward (capCarriedIn stated for 2022/23, 2023/24); the configuration now carries no unspent cap forward']);
  });
});

/** A year whose figures hold together: its whole actual in P01's first category, every month elapsed. */
function yearOf(fy: number, cap: bigint, actual: bigint, capCarriedIn?: bigint): ReconciliationYearFigures {
  const ids = categoryIds(PCD_1215);
  const first = ids[0] as string;
  const periods = Array.from({ length: 12 }, (_, i) => {
    const amount = i === 0 ? actual : 0n;
    return withPeriod({ period: periodLabel(i + 1), month: monthOfPeriod(fy, i + 1), total: amount, categories: Object.fromEntries(ids.map((c) => [c, c === first ? amount : 0n])) }, i + 1);
  });
  return {
    year: fyLabel(fy),
    cap,
    ...(capCarriedIn === undefined ? {} : { capCarriedIn }),
    to: null,
    ytdActual: actual,
    headroom: actual >= cap ? 0n : cap - actual,
    overCap: actual > cap ? actual - cap : 0n,
    monthsElapsed: 12,
    projectedOutturn: actual,
    categories: ids.map((c) => ({ category: c, ytdActual: c === first ? actual : 0n })),
    periods,
  };
}

describe('capCarriedIn worked out again from the file\'s own earlier years (property, against a model)', () => {
  const amount = fc.bigInt({ min: -2_000_000n, max: 20_000_000n });
  const cap = fc.bigInt({ min: 0n, max: 10_000_000n });

  it('a file carrying what its years left passes; one year carrying a penny or more otherwise is refused, naming it', () => {
    fc.assert(
      fc.property(fc.tuple(cap, cap, cap), fc.tuple(amount, amount, amount), fc.integer({ min: 0, max: 2 }), fc.bigInt({ min: 1n, max: 5_000_000n }), (caps, actuals, forgedYear, extra) => {
        const config = grant(caps, { carryForward: true });
        // The model: a year's cap is its own and what carried in; what it leaves is its cap less what it can claim.
        const carried: bigint[] = [];
        let carry = 0n;
        for (let i = 0; i < 3; i++) {
          carried.push(carry);
          const total = (caps[i] as bigint) + carry;
          const a = actuals[i] as bigint;
          const claimed = a < 0n ? 0n : a > total ? total : a;
          carry = total - claimed;
        }
        const years = caps.map((c, i) => yearOf(2022 + i, c + (carried[i] as bigint), actuals[i] as bigint, carried[i]));
        expect(checkReconciliationFigures(years, undefined, config)).toEqual([]);
        const i = forgedYear;
        const wrong = (carried[i] as bigint) + extra;
        const edited = years.map((y, j) => (j === i ? yearOf(2022 + i, (caps[i] as bigint) + wrong, actuals[i] as bigint, wrong) : y));
        const problems = checkReconciliationFigures(edited, undefined, config);
        expect(problems.some((p) => p.startsWith(`years ${fyLabel(2022 + i)}: capCarriedIn ${formatPence(wrong)} is not what the file's earlier years leave unspent, ${formatPence(carried[i] as bigint)}`))).toBe(true);
      }),
    );
  });
});

describe('an apportionment group\'s split worked out again (property, against a model)', () => {
  /** The model: rate (in ten-thousandths of a percent) × total, rounded half away from zero, in bigint alone. */
  function includedOf(total: bigint, rateMillionths: bigint): bigint {
    const n = total * rateMillionths;
    const abs = n < 0n ? -n : n;
    let q = abs / 1_000_000n;
    if ((abs % 1_000_000n) * 2n >= 1_000_000n) q += 1n;
    return n < 0n ? -q : q;
  }
  const rateText = (millionths: bigint): string => {
    const whole = millionths / 10_000n;
    const decimals = (millionths % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
    return `${whole}${decimals === '' ? '' : `.${decimals}`}%`;
  };
  const YEAR = yearOf(2022, 10_000_000n, 0n);
  const group = (total: bigint, rate: string, included: bigint, excluded: bigint): ApportionmentGroupFigures => ({
    rule: 'shared post',
    rate,
    year: '2022/23',
    period: 'P10',
    month: '2023-01',
    rows: 2,
    total,
    included,
    excluded,
  });
  const groupProblems = (g: ApportionmentGroupFigures): string[] => checkReconciliationFigures([YEAR], undefined, PCD_1215, undefined, [g]).filter((p) => p.startsWith('apportionments'));

  it('reads a rate back as reports write it, and knows one rate written two ways', () => {
    expect(['40%', '33.3333%', '100%', '0%', '100.5%', '40', '1e2%', '33.33333%', ' 40%'].map(rateOfLabel)).toEqual(['40', '33.3333', '100', '0', undefined, undefined, undefined, undefined, undefined]);
    expect([isSameRate('37.5', '37.50'), isSameRate('40', '40.0001')]).toEqual([true, false]);
  });

  it('by hand: 40% of 3,750.00 is 1,500.00, not the whole', () => {
    expect(groupProblems(group(375000n, '40%', 150000n, 225000n))).toEqual([]);
    expect(groupProblems(group(375000n, '40%', 375000n, 0n))).toEqual(['apportionments[0] ("shared post" 2022/23 P10): included 3750.00 is not 40% of total 3750.00, rounded half away from zero: 1500.00']);
    expect(groupProblems({ ...group(375000n, '40%', 150000n, 225000n), month: '2023-02', rows: 0 })).toEqual([
      'apportionments[0] ("shared post" 2022/23 P10): month "2023-02" is not 2023-01, the month of P10 in 2022/23',
      'apportionments[0] ("shared post" 2022/23 P10): a group holds at least one row, not 0',
    ]);
    expect(groupProblems({ ...group(375000n, '40%', 150000n, 225000n), year: '2023/24' })).toEqual(['apportionments[0] ("shared post" 2023/24 P10): 2023/24 P10 is not a period of a year the file reports']);
  });

  it('a group split by the rule passes; one penny moved between its parts, or out of them, is refused', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -100_000_000_000n, max: 100_000_000_000n }), fc.bigInt({ min: 0n, max: 1_000_000n }), fc.constantFrom(-1n, 1n), (total, millionths, penny) => {
        const rate = rateText(millionths);
        const included = includedOf(total, millionths);
        expect(groupProblems(group(total, rate, included, total - included))).toEqual([]);
        const at = `apportionments[0] ("shared post" 2022/23 P10): `;
        expect(groupProblems(group(total, rate, included + penny, total - included - penny))).toEqual([
          `${at}included ${formatPence(included + penny)} is not ${rate} of total ${formatPence(total)}, rounded half away from zero: ${formatPence(included)}`,
        ]);
        expect(groupProblems(group(total, rate, included, total - included + penny))).toEqual([
          `${at}included ${formatPence(included)} + excluded ${formatPence(total - included + penny)} is not total ${formatPence(total)}`,
        ]);
      }),
    );
  });
});

describe('the apportionment rules a @2 reconciliation records in full (terms)', () => {
  const laptops = { name: 'shared laptops', match: { account: '541000' }, rate: '37.5', from: '2022-12-01', to: '2023-03-31' };
  const coordinator = { name: 'hub coordinator', match: { account: '511000' }, rate: '90', from: '2024-04-01', to: undefined };
  const config = grant([30000n, 50000n], { ...CONFIG, apportionments: [laptops, coordinator] });
  // The coordinator's rule took no row (only its laptops groups are written): only terms record it.
  const recorded = (terms: RecordedConfiguration['terms']): RecordedConfiguration => ({ ...RECORDED, terms });
  const TERMS = [
    { name: 'shared laptops', match: { account: '541000' }, rate: '37.5%', from: '2022-12-01', to: '2023-03-31' },
    { name: 'hub coordinator', match: { account: '511000' }, rate: '90%', from: '2024-04-01', to: null },
  ];

  it('agrees with the rules it was written under, a rate written otherwise the same', () => {
    expect(configurationDifferences(recorded(TERMS), config)).toEqual([]);
    expect(configurationDifferences(recorded([{ ...(TERMS[0] as (typeof TERMS)[number]), rate: '37.50%' }, TERMS[1] as (typeof TERMS)[number]]), config)).toEqual([]);
  });

  it('names a rule\'s first or last day changed, a rule that took no row added or taken out, and the order', () => {
    const later = { ...config, apportionments: [{ ...laptops, from: '2023-01-01', to: undefined }, coordinator] };
    expect(configurationDifferences(recorded(TERMS), later)).toEqual([
      'written with the apportionment rule "shared laptops" from 2022-12-01; the configuration now says 2023-01-01',
      'written with the apportionment rule "shared laptops" to 2023-03-31; the configuration now says open',
    ]);
    expect(configurationDifferences(recorded(TERMS.slice(0, 1)), config)).toEqual([
      'written without the apportionment rule "hub coordinator"; the configuration now has it (account 511000 at 90% from 2024-04-01)',
    ]);
    expect(configurationDifferences(recorded(TERMS), { ...config, apportionments: [laptops] })).toEqual([
      'written with the apportionment rule "hub coordinator" (account 511000 at 90%); the configuration now has no rule of that name',
    ]);
    expect(configurationDifferences(recorded(TERMS), { ...config, apportionments: [coordinator, laptops] })).toEqual([
      'written with the apportionment rules in the order "shared laptops", "hub coordinator"; the configuration now lists them "hub coordinator", "shared laptops" (the first rule that matches a row takes it)',
    ]);
  });

  it('names a match or rate changed once, though the groups say it too', () => {
    const other = { ...config, apportionments: [{ ...laptops, match: { account: '541100' }, rate: '40' }, coordinator] };
    expect(configurationDifferences(recorded(TERMS), other)).toEqual([
      'written with the apportionment rule "shared laptops" taking account 541000; the configuration now says account 541100',
      'written with the apportionment rule "shared laptops" at 37.5%; the configuration now says 40%',
    ]);
  });
});
