import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  dayNumber,
  dayNumberToIso,
  daysInMonth,
  isLeapYear,
  isoDate,
  isoToDayNumber,
  parseDate,
} from '../../src/core/calendar/calendar-date.js';

/** The ISO date of an accepted date, failing the test with the message otherwise. */
function iso(text: string): string {
  const r = parseDate(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse: ${r.message}`);
  return r.iso;
}

/** The message of a rejected date, failing the test if it parses. */
function rejection(text: string): string {
  const r = parseDate(text);
  if (r.ok) throw new Error(`expected "${text}" to be rejected, got ${r.iso}`);
  return `${r.message} | hint: ${r.hint}`;
}

describe('parseDate accepts the export forms', () => {
  it.each([
    ['31/03/2023', '2023-03-31'],
    ['1/4/2022', '2022-04-01'],
    ['01/04/2022', '2022-04-01'],
    ['2022-04-01', '2022-04-01'],
    ['2022-4-1', '2022-04-01'],
    ['15-Apr-23', '2023-04-15'],
    ['15-APR-2023', '2023-04-15'],
    ['5-sep-22', '2022-09-05'],
    ['05-Sept-2022', '2022-09-05'],
    ['5 September 2022', '2022-09-05'],
    ['5 SEPTEMBER 22', '2022-09-05'],
    ['30 Jun 2023', '2023-06-30'],
    ['30 jun 23', '2023-06-30'],
    ['1-January-2000', '2000-01-01'],
    ['31-dec-99', '2099-12-31'],
    ['1 Jan 00', '2000-01-01'],
    ['31.03.2023', '2023-03-31'],
    ['1.4.2022', '2022-04-01'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2000', '2000-02-29'],
    ['01/01/1900', '1900-01-01'],
    ['31/12/2099', '2099-12-31'],
    ['  31/03/2023  ', '2023-03-31'],
    ['5   Sep    2022', '2022-09-05'],
    ['5\tSep 2022', '2022-09-05'],
  ])('%j → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['02/07/2012 16:59:18', '2012-07-02'],
    ['02/07/2012 16:59', '2012-07-02'],
    ['02/07/2012  16:59', '2012-07-02'],
    ['2/7/2012 4:59 PM', '2012-07-02'],
    ['2023-04-15T10:00:00', '2023-04-15'],
    ['2023-04-15T10:00', '2023-04-15'],
    ['2023-04-15 10:00:00', '2023-04-15'],
    ['2023-04-15T10:00:00Z', '2023-04-15'],
    ['2023-04-15T10:00:00.123Z', '2023-04-15'],
    ['2023-04-15T10:00:00+01:00', '2023-04-15'],
    ['2023-04-15T10:00:00-0500', '2023-04-15'],
    ['2023-04-15 00:00:00.000', '2023-04-15'],
    ['15-Apr-2023 00:00:00', '2023-04-15'],
    ['15 Apr 2023 10:00', '2023-04-15'],
    ['15.04.2023 10:00:00', '2023-04-15'],
  ])('ignores the time of day: %j → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });
});

describe('parseDate rejects everything else', () => {
  it.each([
    '',
    '   ',
    '00:00:00',
    '10:00',
    '04/13/2022',
    '31/02/2023',
    '29/02/2023',
    '29/02/1900',
    '00/01/2023',
    '31/04/2023',
    '32/01/2023',
    '1/4/22',
    '01.04.22',
    '01/04/022',
    '01/04/20222',
    '15-Apr-023',
    '2023-02-29',
    '2023-13-01',
    '2023-00-10',
    '23-04-15',
    '2023/04/15',
    '15-04-2023',
    '15/Apr/2023',
    '15-Apr 2023',
    '15 Foo 2023',
    '15-Ap-2023',
    'Apr 15 2023',
    'April 15, 2023',
    '15th April 2023',
    '31/12/1899',
    '01/01/2100',
    '1-Jan-1899',
    'yesterday',
    '2023-04-15T',
    '2023-04-15T25',
    '2023-04-15Tnoon',
    '02/07/201216:59',
    '02/07/2012 16',
    '02/07/2012 16:5',
    '02/07/2012 garbage',
    '45000',
    '123/04/2023',
    '1/004/2023',
  ])('%j', (text) => {
    expect(parseDate(text).ok).toBe(false);
  });

  it('says what is wrong, and in a hint what to do about it (never the same words twice)', () => {
    const notADay = 'hint: no calendar has this day: correct the date in the ledger, then export again';
    const format = 'hint: write dates as dd/mm/yyyy, e.g. 31/03/2023';
    expect(rejection('31/02/2023')).toBe(`date "31/02/2023" does not exist (February 2023 has 28 days) | ${notADay}`);
    expect(rejection('29/02/2023')).toBe(`date "29/02/2023" does not exist (February 2023 has 28 days) | ${notADay}`);
    expect(rejection('00/01/2023')).toBe(`date "00/01/2023" does not exist (January 2023 has 31 days) | ${notADay}`);
    expect(rejection('31-Apr-23')).toBe(`date "31-Apr-23" does not exist (April 2023 has 30 days) | ${notADay}`);
    expect(rejection('yesterday')).toBe(`date "yesterday" is not in a recognised format | ${format}`);
    expect(rejection('04/13/2022')).toBe(
      'date "04/13/2022" has no month 13 | hint: dates are read day first (dd/mm/yyyy), e.g. 31/03/2023; a layout of an export written month first says "dateOrder": "month-first"',
    );
    expect(rejection('1/4/22')).toBe(
      'date "1/4/22" has a two-digit year | hint: write the year in full, e.g. 31/03/2023 (two-digit years are read only with a month name, e.g. 31-Mar-23)',
    );
    expect(rejection('31/12/1899')).toBe(`date "31/12/1899" has year 1899, outside 1900–2099 | ${format}`);
    expect(rejection('00:00:00')).toBe(`date "00:00:00" is a time of day with no date | ${format}`);
    expect(rejection('')).toBe(`date "" is empty | ${format}`);
    expect(rejection('15 Foo 2023')).toBe('date "15 Foo 2023" has a month name that is not recognised | hint: write the month in English, e.g. 31-Mar-2023 or 31 March 2023');
  });

  it('offers the message without the cell text, for payroll rows', () => {
    expect(parseDate('31/02/2023')).toEqual({
      ok: false,
      message: 'date "31/02/2023" does not exist (February 2023 has 28 days)',
      redactedMessage: 'date does not exist (February 2023 has 28 days)',
      hint: 'no calendar has this day: correct the date in the ledger, then export again',
    });
  });

  it('gives the same answer from its memo as the first time', () => {
    const first = parseDate('07/08/2022');
    const again = parseDate('07/08/2022');
    expect(again).toEqual({ ok: true, iso: '2022-08-07' });
    expect(again).toBe(first);
  });

  it('stays correct when the memo is cleared past its bound', () => {
    for (let i = 0; i < 60_000; i++) parseDate(`${i}`);
    expect(parseDate('31/03/2023')).toEqual({ ok: true, iso: '2023-03-31' });
    expect(parseDate('1')).toMatchObject({ ok: false });
  });
});

describe('the calendar', () => {
  it('knows leap years and month lengths', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });

  it('counts days from 1970-01-01', () => {
    expect(isoToDayNumber('1970-01-01')).toBe(0);
    expect(isoToDayNumber('1970-01-02')).toBe(1);
    expect(isoToDayNumber('1969-12-31')).toBe(-1);
    expect(isoToDayNumber('2000-03-01')).toBe(11017);
    expect(isoToDayNumber('2023-04-15') - isoToDayNumber('2023-03-31')).toBe(15);
    expect(isoToDayNumber('1900-01-01')).toBe(-25567);
    expect(dayNumberToIso(0)).toBe('1970-01-01');
    expect(dayNumberToIso(-25567)).toBe('1900-01-01');
    expect(isoDate(2022, 4, 1)).toBe('2022-04-01');
  });

  it('throws on text that is not yyyy-mm-dd (a bug, not data)', () => {
    expect(() => isoToDayNumber('1/4/2022')).toThrow(RangeError);
  });

  it('agrees with Date.UTC and round-trips, 1900–2099', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(1900, 1, 1), max: dayNumber(2099, 12, 31) }), (n) => {
        const text = dayNumberToIso(n);
        expect(text).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
        expect(isoToDayNumber(text)).toBe(n);
      }),
    );
  });
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Every accepted way of writing one date, some spelled in several cases and paddings. */
interface DateStyle {
  readonly format: 'dmy-slash' | 'iso' | 'dmy-dot' | 'named-dash' | 'named-space';
  readonly pad: boolean;
  readonly twoDigitYear: boolean;
  readonly monthName: 'abbr' | 'full' | 'sept';
  readonly letterCase: 'upper' | 'lower' | 'title';
  readonly time: '' | ' 16:59' | ' 16:59:18' | 'T10:00:00' | 'T10:00:00Z' | ' 10:00:00';
  readonly spaces: number;
}

const dateStyle: fc.Arbitrary<DateStyle> = fc.record({
  format: fc.constantFrom<DateStyle['format']>('dmy-slash', 'iso', 'dmy-dot', 'named-dash', 'named-space'),
  pad: fc.boolean(),
  twoDigitYear: fc.boolean(),
  monthName: fc.constantFrom<DateStyle['monthName']>('abbr', 'full', 'sept'),
  letterCase: fc.constantFrom<DateStyle['letterCase']>('upper', 'lower', 'title'),
  time: fc.constantFrom<DateStyle['time']>('', ' 16:59', ' 16:59:18', 'T10:00:00', 'T10:00:00Z', ' 10:00:00'),
  spaces: fc.integer({ min: 1, max: 3 }),
});

/** Writes an ISO date in a style. */
function writeDate(isoText: string, style: DateStyle): string {
  const y = isoText.slice(0, 4);
  const m = Number(isoText.slice(5, 7));
  const d = Number(isoText.slice(8, 10));
  const two = (n: number): string => (style.pad ? String(n).padStart(2, '0') : String(n));
  const sep = ' '.repeat(style.spaces);
  // A T before the time belongs to ISO dates only; elsewhere the time follows a space.
  const time = style.time.startsWith('T') && style.format !== 'iso' ? ` ${style.time.slice(1, 9)}` : style.time;
  let name = MONTHS[m - 1] ?? '';
  if (style.monthName === 'abbr' || (style.monthName === 'sept' && m !== 9)) name = name.slice(0, 3);
  if (style.monthName === 'sept' && m === 9) name = 'Sept';
  name = style.letterCase === 'upper' ? name.toUpperCase() : style.letterCase === 'lower' ? name.toLowerCase() : name;
  // Two-digit years mean 20yy, so only years 2000–2099 can be written that way.
  const year = style.twoDigitYear && y.startsWith('20') ? y.slice(2) : y;
  switch (style.format) {
    case 'dmy-slash':
      return `${two(d)}/${two(m)}/${y}${time}`;
    case 'dmy-dot':
      return `${two(d)}.${two(m)}.${y}${time}`;
    case 'iso':
      return `${y}-${two(m)}-${two(d)}${time}`;
    case 'named-dash':
      return `${two(d)}-${name}-${year}${time}`;
    case 'named-space':
      return `${two(d)}${sep}${name}${sep}${year}${time}`;
  }
}

const anyIsoDate = fc.integer({ min: dayNumber(1900, 1, 1), max: dayNumber(2099, 12, 31) }).map(dayNumberToIso);

describe('every generated date in an accepted format reads back to itself', () => {
  it('parses to the same ISO date', () => {
    fc.assert(
      fc.property(anyIsoDate, dateStyle, (date, style) => {
        expect(iso(writeDate(date, style))).toBe(date);
      }),
    );
  });

  it('rejects a day one past the end of its month', () => {
    fc.assert(
      fc.property(anyIsoDate, (date) => {
        const y = Number(date.slice(0, 4));
        const m = Number(date.slice(5, 7));
        const past = daysInMonth(y, m) + 1;
        expect(parseDate(`${past}/${m}/${y}`).ok).toBe(false);
        expect(parseDate(`${y}-${m}-${past}`).ok).toBe(false);
      }),
    );
  });

  it('never reads month-first: swapping day and month either fails or gives a different date', () => {
    fc.assert(
      fc.property(anyIsoDate, (date) => {
        const y = date.slice(0, 4);
        const m = Number(date.slice(5, 7));
        const d = Number(date.slice(8, 10));
        const swapped = parseDate(`${m}/${d}/${y}`);
        if (d > 12) expect(swapped.ok).toBe(false);
        else if (d !== m) expect(swapped).toEqual({ ok: true, iso: isoDate(Number(y), d, m) });
      }),
    );
  });

  it('rejects two-digit years with a numeric month', () => {
    fc.assert(
      fc.property(anyIsoDate, (date) => {
        const yy = date.slice(2, 4);
        expect(parseDate(`${date.slice(8, 10)}/${date.slice(5, 7)}/${yy}`).ok).toBe(false);
        expect(parseDate(`${date.slice(8, 10)}.${date.slice(5, 7)}.${yy}`).ok).toBe(false);
      }),
    );
  });
});
