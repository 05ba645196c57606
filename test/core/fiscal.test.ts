import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dayNumber, dayNumberToIso, isoToDayNumber } from '../../src/core/calendar/calendar-date.js';
import {
  claimPeriodRange,
  fiscalPeriodOfDate,
  fyDateRange,
  fyLabel,
  monthOfPeriod,
  parseFyLabel,
  parseMonth,
  parsePeriodCell,
  parseQuarter,
  periodLabel,
  quarterPeriods,
  resolveFiscalPeriod,
  type ClaimPeriodRange,
  type ClaimPeriodSpec,
} from '../../src/core/calendar/fiscal.js';

/** The quarter of each period P01…P16, written out: P13–P16 are Q4's. */
const QUARTER_OF_PERIOD = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4];

/** The range of a claim period that must fit, failing the test with the message otherwise. */
function range(fy: number, spec: ClaimPeriodSpec): ClaimPeriodRange {
  const r = claimPeriodRange(fy, spec);
  if (!r.ok) throw new Error(r.message);
  return r.range;
}

describe('fiscalPeriodOfDate', () => {
  it.each([
    ['2022-04-01', 2022, 1],
    ['2022-04-30', 2022, 1],
    ['2022-09-30', 2022, 6],
    ['2022-12-31', 2022, 9],
    ['2023-01-01', 2022, 10],
    ['2023-03-31', 2022, 12],
    ['2023-04-01', 2023, 1],
    ['1900-01-01', 1899, 10],
    ['2099-12-31', 2099, 9],
  ])('%s → FY %s P%s', (date, fy, period) => {
    expect(fiscalPeriodOfDate(date)).toEqual({ fy, period });
  });
});

describe('labels', () => {
  it('writes FY labels', () => {
    expect(fyLabel(2022)).toBe('2022/23');
    expect(fyLabel(2023)).toBe('2023/24');
    expect(fyLabel(1999)).toBe('1999/00');
    expect(fyLabel(2099)).toBe('2099/00');
    expect(fyLabel(2008)).toBe('2008/09');
  });

  it.each([
    ['2022/23', 2022],
    ['2022-23', 2022],
    ['2022/2023', 2022],
    ['2022-2023', 2022],
    [' 2023/24 ', 2023],
    ['1999/00', 1999],
    ['1999/2000', 1999],
    ['2099/00', 2099],
  ])('reads FY label %j', (text, fy) => {
    expect(parseFyLabel(text)).toBe(fy);
  });

  it.each(['2022/24', '2022/22', '2022', '22/23', '2022/2024', '2022 23', '2022/3', '2022/023', 'FY2022/23', '', '1899/00', '2022/23x'])(
    'refuses FY label %j',
    (text) => {
      expect(parseFyLabel(text)).toBeUndefined();
    },
  );

  it('round-trips FY labels', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2099 }), (fy) => {
      expect(parseFyLabel(fyLabel(fy))).toBe(fy);
    }));
  });

  it('writes period labels', () => {
    expect(periodLabel(1)).toBe('P01');
    expect(periodLabel(9)).toBe('P09');
    expect(periodLabel(12)).toBe('P12');
    expect(periodLabel(16)).toBe('P16');
    expect(() => periodLabel(0)).toThrow(RangeError);
    expect(() => periodLabel(17)).toThrow(RangeError);
    expect(() => periodLabel(1.5)).toThrow(RangeError);
  });
});

describe('periods, months and quarters', () => {
  it('maps a period to its calendar month', () => {
    expect(monthOfPeriod(2022, 1)).toBe('2022-04');
    expect(monthOfPeriod(2022, 6)).toBe('2022-09');
    expect(monthOfPeriod(2022, 9)).toBe('2022-12');
    expect(monthOfPeriod(2022, 10)).toBe('2023-01');
    expect(monthOfPeriod(2022, 12)).toBe('2023-03');
    for (const p of [13, 14, 15, 16]) expect(monthOfPeriod(2022, p)).toBe('2023-03');
  });

  it('gives each quarter its periods, Q4 taking P13–P16', () => {
    expect(([1, 2, 3, 4] as const).map((q) => quarterPeriods(q))).toEqual([
      { first: 1, last: 3 },
      { first: 4, last: 6 },
      { first: 7, last: 9 },
      { first: 10, last: 16 },
    ]);
  });
});

describe('parsePeriodCell', () => {
  it.each([
    ['P13', 13],
    ['p13', 13],
    ['13', 13],
    ['013', 13],
    ['Period 13', 13],
    ['period 13', 13],
    ['PERIOD 13', 13],
    ['Period13', 13],
    ['P 13', 13],
    ['P1', 1],
    ['P01', 1],
    ['1', 1],
    ['001', 1],
    ['16', 16],
    [' P12 ', 12],
  ])('%j → %s', (text, period) => {
    expect(parsePeriodCell(text)).toEqual({ ok: true, period });
  });

  it('reads a blank cell as "the posting date decides"', () => {
    expect(parsePeriodCell('')).toEqual({ ok: true, period: undefined });
    expect(parsePeriodCell('   ')).toEqual({ ok: true, period: undefined });
  });

  it.each(['0', 'P00', '17', 'P17', '000', '99', 'Period 0'])('refuses %j as outside 1–16', (text) => {
    const r = parsePeriodCell(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('outside 1–16');
  });

  it.each(['P13a', 'Q1', 'Per 13', 'P-13', '13.0', '1,3', 'P', 'Period', 'Month 1', '0013', '-1', '+1', 'P 1 3'])(
    'refuses %j as unrecognised',
    (text) => {
      const r = parsePeriodCell(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('not recognised');
    },
  );

  it('pins its messages', () => {
    expect(parsePeriodCell('17')).toEqual({
      ok: false,
      message: 'period "17" is outside 1–16; P01–P12 are April to March and P13–P16 are year-end adjustments',
    });
    expect(parsePeriodCell('Q1')).toEqual({
      ok: false,
      message: 'period "Q1" is not recognised; write e.g. P01 for April or P13 for year-end',
    });
  });
});

describe('resolveFiscalPeriod', () => {
  it('follows the posting date without a period', () => {
    expect(resolveFiscalPeriod('2023-04-15', undefined)).toEqual({ fy: 2023, period: 1 });
    expect(resolveFiscalPeriod('2023-03-31', undefined)).toEqual({ fy: 2022, period: 12 });
  });

  it('puts the period nearest its posting date (the contract examples)', () => {
    expect(resolveFiscalPeriod('2023-04-15', 13)).toEqual({ fy: 2022, period: 13 });
    expect(resolveFiscalPeriod('2023-04-02', 12)).toEqual({ fy: 2022, period: 12 });
    expect(resolveFiscalPeriod('2023-03-28', 1)).toEqual({ fy: 2023, period: 1 });
  });

  it('places P13–P16 at 31 March and breaks ties towards the earlier FY', () => {
    expect(resolveFiscalPeriod('2023-03-31', 16)).toEqual({ fy: 2022, period: 16 });
    expect(resolveFiscalPeriod('2023-09-29', 13)).toEqual({ fy: 2022, period: 13 }); // 182 days after
    expect(resolveFiscalPeriod('2023-09-30', 13)).toEqual({ fy: 2022, period: 13 }); // 183 after, 183 before: tie
    expect(resolveFiscalPeriod('2023-10-01', 13)).toEqual({ fy: 2023, period: 13 }); // 184 after, 182 before
    // P07 is October: 2023-04-16 is 167 days after October 2022 and 168 before October 2023.
    expect(resolveFiscalPeriod('2023-04-16', 7)).toEqual({ fy: 2022, period: 7 });
    expect(resolveFiscalPeriod('2023-04-17', 7)).toEqual({ fy: 2023, period: 7 });
  });

  it('gives the date its own FY when the period is the date\'s own', () => {
    fc.assert(
      fc.property(anyIsoDate, (date) => {
        const own = fiscalPeriodOfDate(date);
        expect(resolveFiscalPeriod(date, own.period)).toEqual(own);
      }),
    );
  });

  it('picks the nearest of a wide set of candidate FYs, ties to the earlier', () => {
    fc.assert(
      fc.property(anyIsoDate, fc.integer({ min: 1, max: 16 }), (date, period) => {
        const posted = isoToDayNumber(date);
        const distance = (fy: number): number => {
          const month = monthOfPeriod(fy, period);
          const y = Number(month.slice(0, 4));
          const m = Number(month.slice(5, 7));
          const from = period > 12 ? dayNumber(fy + 1, 3, 31) : dayNumber(y, m, 1);
          const to = period > 12 ? from : dayNumber(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - 1;
          return posted < from ? from - posted : posted > to ? posted - to : 0;
        };
        const own = fiscalPeriodOfDate(date).fy;
        let best = own - 3;
        for (let fy = own - 3; fy <= own + 3; fy++) if (distance(fy) < distance(best)) best = fy;
        expect(resolveFiscalPeriod(date, period)).toEqual({ fy: best, period });
      }),
    );
  });
});

const anyIsoDate = fc.integer({ min: dayNumber(1900, 1, 1), max: dayNumber(2099, 12, 31) }).map(dayNumberToIso);

describe('every date falls in exactly one FY and period', () => {
  it('is inside its FY range and its period is its month', () => {
    fc.assert(
      fc.property(anyIsoDate, (date) => {
        const { fy, period } = fiscalPeriodOfDate(date);
        expect(period).toBeGreaterThanOrEqual(1);
        expect(period).toBeLessThanOrEqual(12);
        const own = fyDateRange(fy);
        expect(own.from <= date && date <= own.to).toBe(true);
        for (const other of [fy - 1, fy + 1]) {
          const r = fyDateRange(other);
          expect(r.from <= date && date <= r.to).toBe(false);
        }
        expect(monthOfPeriod(fy, period)).toBe(date.slice(0, 7));
      }),
    );
  });

  it('has FY ranges of 1 April to 31 March that follow on without a gap', () => {
    expect(fyDateRange(2022)).toEqual({ from: '2022-04-01', to: '2023-03-31' });
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2098 }), (fy) => {
        expect(isoToDayNumber(fyDateRange(fy + 1).from) - isoToDayNumber(fyDateRange(fy).to)).toBe(1);
      }),
    );
  });
});

describe('claimPeriodRange', () => {
  it('covers quarters', () => {
    expect(range(2022, { kind: 'quarter', quarter: 1 })).toEqual({
      label: 'Q1',
      from: '2022-04-01',
      to: '2022-06-30',
      firstPeriod: 1,
      lastPeriod: 3,
    });
    expect(range(2022, { kind: 'quarter', quarter: 2 })).toEqual({
      label: 'Q2',
      from: '2022-07-01',
      to: '2022-09-30',
      firstPeriod: 4,
      lastPeriod: 6,
    });
    expect(range(2022, { kind: 'quarter', quarter: 3 })).toEqual({
      label: 'Q3',
      from: '2022-10-01',
      to: '2022-12-31',
      firstPeriod: 7,
      lastPeriod: 9,
    });
    expect(range(2022, { kind: 'quarter', quarter: 4 })).toEqual({
      label: 'Q4',
      from: '2023-01-01',
      to: '2023-03-31',
      firstPeriod: 10,
      lastPeriod: 16,
    });
  });

  it('covers months, March taking in P13–P16', () => {
    expect(range(2022, { kind: 'month', month: '2022-09' })).toEqual({
      label: '2022-09',
      from: '2022-09-01',
      to: '2022-09-30',
      firstPeriod: 6,
      lastPeriod: 6,
    });
    expect(range(2022, { kind: 'month', month: '2023-03' })).toEqual({
      label: '2023-03',
      from: '2023-03-01',
      to: '2023-03-31',
      firstPeriod: 12,
      lastPeriod: 16,
    });
    expect(range(2023, { kind: 'month', month: '2024-02' })).toEqual({
      label: '2024-02',
      from: '2024-02-01',
      to: '2024-02-29',
      firstPeriod: 11,
      lastPeriod: 11,
    });
  });

  it('covers the whole FY for the final claim', () => {
    expect(range(2022, { kind: 'final' })).toEqual({
      label: 'final',
      from: '2022-04-01',
      to: '2023-03-31',
      firstPeriod: 1,
      lastPeriod: 16,
    });
  });

  it('refuses a month outside the FY or not written yyyy-mm', () => {
    expect(claimPeriodRange(2022, { kind: 'month', month: '2023-04' })).toEqual({
      ok: false,
      message: 'month 2023-04 is not in 2022/23 (2022-04-01 to 2023-03-31); use a month from 2022-04 to 2023-03',
    });
    expect(claimPeriodRange(2022, { kind: 'month', month: '2022-03' }).ok).toBe(false);
    expect(claimPeriodRange(2022, { kind: 'month', month: '2022-9' })).toEqual({
      ok: false,
      message: 'month "2022-9" is not yyyy-mm; write e.g. 2022-09',
    });
  });

  it('tiles P01–P16 and the FY with its quarters, without overlap or gap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2098 }), (fy) => {
        const quarters = ([1, 2, 3, 4] as const).map((quarter) => range(fy, { kind: 'quarter', quarter }));
        const fyRange = fyDateRange(fy);
        expect(quarters[0]?.firstPeriod).toBe(1);
        expect(quarters[0]?.from).toBe(fyRange.from);
        expect(quarters[3]?.lastPeriod).toBe(16);
        expect(quarters[3]?.to).toBe(fyRange.to);
        for (let i = 1; i < 4; i++) {
          const before = quarters[i - 1];
          const after = quarters[i];
          expect(after?.firstPeriod).toBe((before?.lastPeriod ?? 0) + 1);
          expect(isoToDayNumber(after?.from ?? '') - isoToDayNumber(before?.to ?? '')).toBe(1);
        }
        for (let p = 1; p <= 16; p++) {
          const holding = quarters.filter((q) => q.firstPeriod <= p && p <= q.lastPeriod);
          expect(holding.map((q) => q.label)).toEqual([`Q${QUARTER_OF_PERIOD[p - 1]}`]);
        }
      }),
    );
  });

  it('tiles the FY with its twelve months, each one period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2098 }), (fy) => {
        const months = Array.from({ length: 12 }, (_, i) => range(fy, { kind: 'month', month: monthOfPeriod(fy, i + 1) }));
        expect(months.map((m) => m.firstPeriod)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(months.map((m) => m.lastPeriod)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16]);
        expect(months[0]?.from).toBe(fyDateRange(fy).from);
        expect(months[11]?.to).toBe(fyDateRange(fy).to);
        for (let i = 1; i < 12; i++) {
          expect(isoToDayNumber(months[i]?.from ?? '') - isoToDayNumber(months[i - 1]?.to ?? '')).toBe(1);
        }
      }),
    );
  });
});

describe('parseMonth and parseQuarter', () => {
  it('reads yyyy-mm strictly', () => {
    expect(parseMonth('2022-09')).toEqual({ ok: true, month: '2022-09', year: 2022, monthNumber: 9 });
    expect(parseMonth(' 2023-03 ')).toEqual({ ok: true, month: '2023-03', year: 2023, monthNumber: 3 });
    for (const bad of ['2022-9', '2022-13', '2022-00', '22-09', '2022/09', '2022-09-01', 'Sep 2022', '', '1899-12']) {
      expect(parseMonth(bad).ok).toBe(false);
    }
    expect(parseMonth('2022-13')).toEqual({ ok: false, message: 'month "2022-13" has no month 13; write yyyy-mm, e.g. 2022-09' });
  });

  it('reads Q1–Q4', () => {
    expect(parseQuarter('Q2')).toEqual({ ok: true, quarter: 2 });
    expect(parseQuarter('q4')).toEqual({ ok: true, quarter: 4 });
    for (const bad of ['Q0', 'Q5', '2', 'Q', 'Q22', 'quarter 2']) expect(parseQuarter(bad).ok).toBe(false);
    expect(parseQuarter('Q5')).toEqual({ ok: false, message: 'quarter "Q5" is not one of Q1, Q2, Q3, Q4; write e.g. Q2' });
  });
});
