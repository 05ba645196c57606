/**
 * Claim periods per grant (core/calendar/claim-periods.ts): the periods of each frequency tile a FY's P01–P16,
 * which kinds of claim each frequency takes, labels read back, and gaps named in the grant's periods.
 * The expected dates and periods are written out here by hand from PRODUCT.md's calendar.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLAIM_FREQUENCIES,
  claimKindAllowed,
  claimPeriodsMeeting,
  claimPeriodsOfYear,
  claimSpecOfLabel,
  nameClaimGaps,
  type ClaimFrequency,
} from '../../src/core/calendar/claim-periods.js';
import { claimPeriodRange, fyDateRange, halfPeriods, parseHalf } from '../../src/core/calendar/fiscal.js';
import { shiftDays } from '../../src/core/calendar/uncovered.js';
import { checkClaimFigures, type ClaimFigures } from '../../src/core/earlier/claim-checks.js';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';

const frequency = fc.constantFrom(...CLAIM_FREQUENCIES);
const anyFy = fc.integer({ min: 1900, max: 2098 });

describe('the claim periods of a year', () => {
  it('tile P01–P16 exactly, each period in one claim period, for every frequency and year', () => {
    fc.assert(
      fc.property(frequency, anyFy, (f, fy) => {
        const periods = claimPeriodsOfYear(fy, f);
        const covered: number[] = [];
        for (const p of periods) for (let n = p.firstPeriod; n <= p.lastPeriod; n++) covered.push(n);
        // Every period once, in order: no overlap, no gap, nothing outside P01–P16.
        expect(covered).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      }),
    );
  });

  it('tile the year\'s dates, 1 April to 31 March, each day in one claim period', () => {
    fc.assert(
      fc.property(frequency, anyFy, (f, fy) => {
        const periods = claimPeriodsOfYear(fy, f);
        const year = fyDateRange(fy);
        expect(periods[0]?.from).toBe(year.from);
        expect(periods[periods.length - 1]?.to).toBe(year.to);
        for (let i = 1; i < periods.length; i++) expect(periods[i]?.from).toBe(shiftDays(periods[i - 1]?.to as string, 1));
      }),
    );
  });

  it('are twelve months, four quarters, two halves or the whole year', () => {
    const labels = (f: ClaimFrequency) => claimPeriodsOfYear(2022, f).map((p) => `${p.label} ${p.from}..${p.to} P${p.firstPeriod}-P${p.lastPeriod}`);
    expect(labels('half-yearly')).toEqual(['H1 2022-04-01..2022-09-30 P1-P6', 'H2 2022-10-01..2023-03-31 P7-P16']);
    expect(labels('annual')).toEqual(['final 2022-04-01..2023-03-31 P1-P16']);
    expect(labels('quarterly')).toEqual(['Q1 2022-04-01..2022-06-30 P1-P3', 'Q2 2022-07-01..2022-09-30 P4-P6', 'Q3 2022-10-01..2022-12-31 P7-P9', 'Q4 2023-01-01..2023-03-31 P10-P16']);
    const monthly = labels('monthly');
    expect(monthly).toHaveLength(12);
    expect(monthly[0]).toBe('2022-04 2022-04-01..2022-04-30 P1-P1');
    expect(monthly[10]).toBe('2023-02 2023-02-01..2023-02-28 P11-P11');
    expect(monthly[11]).toBe('2023-03 2023-03-01..2023-03-31 P12-P16');
    expect(claimPeriodsOfYear(2023, 'monthly')[10]?.to).toBe('2024-02-29');
  });

  it('halves: H1 April–September, H2 October–March taking P13–P16', () => {
    expect(halfPeriods(1)).toEqual({ first: 1, last: 6 });
    expect(halfPeriods(2)).toEqual({ first: 7, last: 16 });
    expect(claimPeriodRange(2023, { kind: 'half', half: 2 })).toEqual({ ok: true, range: { label: 'H2', from: '2023-10-01', to: '2024-03-31', firstPeriod: 7, lastPeriod: 16 } });
    expect(parseHalf(' h2 ')).toEqual({ ok: true, half: 2 });
    expect(parseHalf('H3')).toEqual({ ok: false, message: 'half "H3" is not one of H1 (April–September) or H2 (October–March); write e.g. H1' });
  });
});

describe('which claims a grant takes', () => {
  it('its own kind of period, or the final claim; without a frequency, a quarter, a month or the final claim', () => {
    const table = (f: ClaimFrequency | undefined) => (['month', 'quarter', 'half', 'final'] as const).filter((k) => claimKindAllowed(f, k));
    expect(table('monthly')).toEqual(['month', 'final']);
    expect(table('quarterly')).toEqual(['quarter', 'final']);
    expect(table('half-yearly')).toEqual(['half', 'final']);
    expect(table('annual')).toEqual(['final']);
    expect(table(undefined)).toEqual(['month', 'quarter', 'final']);
  });

  it('reads a claim file\'s label back, only as written and only of its frequency', () => {
    expect(claimSpecOfLabel('H1', 'half-yearly')).toEqual({ kind: 'half', half: 1 });
    expect(claimSpecOfLabel('final', 'half-yearly')).toEqual({ kind: 'final' });
    expect(claimSpecOfLabel('Q1', 'half-yearly')).toBeUndefined();
    expect(claimSpecOfLabel('h1', 'half-yearly')).toBeUndefined();
    expect(claimSpecOfLabel('H1')).toBeUndefined();
    expect(claimSpecOfLabel('2022-09', 'monthly')).toEqual({ kind: 'month', month: '2022-09' });
    expect(claimSpecOfLabel('2022-09')).toEqual({ kind: 'month', month: '2022-09' });
    expect(claimSpecOfLabel('Q4')).toEqual({ kind: 'quarter', quarter: 4 });
  });
});

describe('gaps named in the grant\'s claim periods', () => {
  it('names each claim period a gap meets, and those it meets only in part', () => {
    expect(claimPeriodsMeeting(2022, 'monthly', { from: '2022-06-01', to: '2022-07-31' })).toEqual(['2022-06', '2022-07']);
    expect(claimPeriodsMeeting(2022, 'quarterly', { from: '2022-06-01', to: '2022-09-30' })).toEqual(['part of Q1', 'Q2']);
    expect(claimPeriodsMeeting(2022, 'half-yearly', { from: '2022-04-01', to: '2022-09-30' })).toEqual(['H1']);
    expect(nameClaimGaps(2022, 'half-yearly', [{ from: '2022-07-01', to: '2022-12-31' }])).toEqual([{ from: '2022-07-01', to: '2022-12-31', claimPeriods: ['part of H1', 'part of H2'] }]);
    // Without a frequency, a gap stays as its dates (the register and claim JSON of such a grant do not change).
    expect(nameClaimGaps(2022, undefined, [{ from: '2022-07-01', to: '2022-09-30' }])).toEqual([{ from: '2022-07-01', to: '2022-09-30' }]);
  });
});

describe('an earlier claim of a grant with a claim frequency', () => {
  const claim = (period: ClaimFigures['period']): ClaimFigures => ({
    year: '2022/23',
    period,
    cap: 289345200n,
    categories: PCD_1215_CATEGORIES.map(({ id: category }) => ({ category, periodActual: 0n, cumulativeActual: 0n })),
    periods: [],
    totals: { periodActual: 0n, cumulativeActual: 0n, cumulativeClaimable: 0n, previouslyClaimed: 0n, claimDue: 0n, headroom: 289345200n, overCap: 0n },
  });

  it('holds together when its label is a period of its frequency with that period\'s dates', () => {
    expect(checkClaimFigures(claim({ label: 'H1', frequency: 'half-yearly', from: '2022-04-01', to: '2022-09-30' }), PCD_1215)).toEqual([]);
    expect(checkClaimFigures(claim({ label: 'final', frequency: 'monthly', from: '2022-04-01', to: '2023-03-31' }), PCD_1215)).toEqual([]);
  });

  it('does not when the label is of another frequency, or when a claim@1 file says H1', () => {
    expect(checkClaimFigures(claim({ label: 'Q1', frequency: 'monthly', from: '2022-04-01', to: '2022-06-30' }), PCD_1215)).toEqual([
      'period.label "Q1" is not a claim period of 2022/23 (a grant claimed monthly claims a month yyyy-mm, or final)',
    ]);
    expect(checkClaimFigures(claim({ label: 'H1', from: '2022-04-01', to: '2022-09-30' }), PCD_1215)).toEqual([
      'period.label "H1" is not a claim period of 2022/23 (a claim period is Q1 to Q4, a month yyyy-mm, or final)',
    ]);
    expect(checkClaimFigures(claim({ label: 'H1', frequency: 'half-yearly', from: '2022-04-01', to: '2022-06-30' }), PCD_1215)).toEqual([
      'period H1 of 2022/23 runs from 2022-04-01 to 2022-09-30, not from 2022-04-01 to 2022-06-30',
    ]);
  });
});
