/**
 * The UK fiscal calendar of the grant.
 *
 * Conventions: a financial year (FY) is named by the calendar year it starts in, so FY 2022 is `2022/23` and
 * runs from 1 April 2022 to 31 March 2023, both inclusive. Periods P01 = April … P12 = March; P13–P16 are
 * year-end adjustment periods of the same FY, dated at its 31 March. Quarters Q1 = P01–P03, Q2 = P04–P06,
 * Q3 = P07–P09, Q4 = P10–P16; halves H1 = P01–P06 (April–September), H2 = P07–P16 (October–March).
 */
import { dayNumber, daysInMonth, isoDate, isoToDayNumber } from './calendar-date.js';
import type { FiscalPeriod } from '../types.js';

/** P12 is March, the last calendar month of a FY. */
export const LAST_MONTH_PERIOD = 12;
/** P16 is the last year-end adjustment period. */
export const LAST_PERIOD = 16;
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;

/** The FY and period (1..12) that a calendar date falls in. */
export function fiscalPeriodOfDate(iso: string): FiscalPeriod {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return month >= 4 ? { fy: year, period: month - 3 } : { fy: year - 1, period: month + 9 };
}

/** The label of a FY: 2022 → `2022/23`, 1999 → `1999/00`. */
export function fyLabel(fy: number): string {
  const next = (fy + 1) % 100;
  return `${fy}/${next < 10 ? '0' : ''}${next}`;
}

const FY_LABEL = /^(\d{4})[/-](\d{2}|\d{4})$/;

/** Reads a FY label (`2022/23`, `2022-23`, `2022/2023`; the second year must follow the first) to its start year. */
export function parseFyLabel(text: string): number | undefined {
  const match = FY_LABEL.exec(text.trim());
  if (match === null) return undefined;
  const [, first = '', second = ''] = match;
  const fy = Number(first);
  if (fy < MIN_YEAR || fy > MAX_YEAR) return undefined;
  const expected = second.length === 2 ? (fy + 1) % 100 : fy + 1;
  return Number(second) === expected ? fy : undefined;
}

/** The label of a period: 1 → `P01`, 16 → `P16`. */
export function periodLabel(p: number): string {
  assertPeriod(p);
  return `P${p < 10 ? '0' : ''}${p}`;
}

/** The last period counted when a claim or report runs to period `p`: March (P12) takes P13–P16 with it. */
export function throughPeriod(p: number): number {
  return p === LAST_MONTH_PERIOD ? LAST_PERIOD : p;
}

/** The period a label `P01`…`P16` names (periodLabel's inverse); undefined for any other text. */
export function periodOfLabel(label: string): number | undefined {
  return /^P(0[1-9]|1[0-6])$/.test(label) ? Number(label.slice(1)) : undefined;
}

/** The last period a year to date counts: every period, or to `toPeriod` (March taking P13–P16 with it). */
export function yearToDateThrough(toPeriod: number | undefined): number {
  return toPeriod === undefined ? LAST_PERIOD : throughPeriod(toPeriod);
}

/** The periods of a quarter: Q1 = P01–P03 … Q4 = P10–P16 (March taking P13–P16). */
export function quarterPeriods(quarter: 1 | 2 | 3 | 4): { readonly first: number; readonly last: number } {
  return { first: (quarter - 1) * 3 + 1, last: throughPeriod(quarter * 3) };
}

/** The periods of a half year: H1 = P01–P06 (April–September), H2 = P07–P16 (October–March, taking P13–P16). */
export function halfPeriods(half: 1 | 2): { readonly first: number; readonly last: number } {
  return { first: (half - 1) * 6 + 1, last: throughPeriod(half * 6) };
}

/** Is `p` one of the year-end adjustment periods P13–P16 (which count in March)? */
export function isAdjustmentPeriod(p: number): boolean {
  return p > LAST_MONTH_PERIOD && p <= LAST_PERIOD;
}

/** The month period (1..12) a period counts in: itself, or March (12) for P13–P16. */
export function monthPeriodOf(p: number): number {
  return isAdjustmentPeriod(p) ? LAST_MONTH_PERIOD : p;
}

/** The calendar month `yyyy-mm` of a period of a FY; P13–P16 belong to the FY's March. */
export function monthOfPeriod(fy: number, period: number): string {
  const { year, month } = calendarMonthOfPeriod(fy, period);
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

/** The calendar year and month (1..12) of a period of a FY; P13–P16 give the FY's March. */
function calendarMonthOfPeriod(fy: number, period: number): { year: number; month: number } {
  assertPeriod(period);
  if (period <= 9) return { year: fy, month: period + 3 };
  if (period <= LAST_MONTH_PERIOD) return { year: fy + 1, month: period - 9 };
  return { year: fy + 1, month: 3 };
}

/** Periods come from validated cells and arguments; anything else reaching here is a bug. */
function assertPeriod(p: number): void {
  if (!Number.isInteger(p) || p < 1 || p > LAST_PERIOD) throw new RangeError(`period ${p} is not 1..16`);
}

/** The result of reading a Period cell: the period, or undefined when blank (the posting date decides). */
export type PeriodCellResult =
  | { readonly ok: true; readonly period: number | undefined }
  | { readonly ok: false; readonly message: string };

const PERIOD_CELL = /^(?:p(?:eriod)?\s*)?(\d{1,3})$/i;
const MEMO_LIMIT = 50_000;
const periodMemo = new Map<string, PeriodCellResult>();
const BLANK_PERIOD: PeriodCellResult = { ok: true, period: undefined };

/** Reads a Period cell: `P13`, `p13`, `13`, `013`, `Period 13`, `P 13`; blank means the posting date decides. */
export function parsePeriodCell(text: string): PeriodCellResult {
  const known = periodMemo.get(text);
  if (known !== undefined) return known;
  const result = parsePeriodCellUncached(text);
  if (periodMemo.size >= MEMO_LIMIT) periodMemo.clear();
  periodMemo.set(text, result);
  return result;
}

function parsePeriodCellUncached(text: string): PeriodCellResult {
  const s = text.trim();
  if (s === '') return BLANK_PERIOD;
  const quoted = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  const match = PERIOD_CELL.exec(s);
  if (match === null) {
    return { ok: false, message: `period "${quoted}" is not recognised; write e.g. P01 for April or P13 for year-end` };
  }
  const period = Number(match[1]);
  if (period < 1 || period > LAST_PERIOD) {
    return {
      ok: false,
      message: `period "${quoted}" is outside 1–16; P01–P12 are April to March and P13–P16 are year-end adjustments`,
    };
  }
  return { ok: true, period };
}

// One cache per period, keyed by posting date: no key string is built per row.
const resolveMemo: Map<string, FiscalPeriod>[] = Array.from(
  { length: LAST_PERIOD + 1 },
  () => new Map<string, FiscalPeriod>(),
);

/**
 * The FY and period a row belongs to. Without a period, the posting date decides. With one, the row is in that
 * period of the FY that puts the period nearest the posting date (PRODUCT.md): the distance is in days from the
 * posting date to the nearest day of the period's month in that FY (0 inside it), P13–P16 sitting at the FY's
 * 31 March; the candidates are the date's own FY and the ones either side, and a tie goes to the earlier FY.
 */
export function resolveFiscalPeriod(postingIso: string, period: number | undefined): FiscalPeriod {
  if (period === undefined) return fiscalPeriodOfDate(postingIso);
  assertPeriod(period);
  const memo = resolveMemo[period];
  const known = memo?.get(postingIso);
  if (known !== undefined) return known;
  const posted = isoToDayNumber(postingIso);
  const ownFy = fiscalPeriodOfDate(postingIso).fy;
  let best: FiscalPeriod = { fy: ownFy - 1, period };
  let bestDistance = Infinity;
  // Ascending, replacing only on a strictly smaller distance, so that a tie keeps the earlier FY.
  for (let fy = ownFy - 1; fy <= ownFy + 1; fy++) {
    const { from, to } = periodDayRange(fy, period);
    const distance = posted < from ? from - posted : posted > to ? posted - to : 0;
    if (distance < bestDistance) {
      best = { fy, period };
      bestDistance = distance;
    }
  }
  if (memo !== undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(postingIso, best);
  }
  return best;
}

/** The first and last day numbers of a period of a FY: its calendar month, or 31 March for P13–P16. */
function periodDayRange(fy: number, period: number): { from: number; to: number } {
  if (period > LAST_MONTH_PERIOD) {
    const yearEnd = dayNumber(fy + 1, 3, 31);
    return { from: yearEnd, to: yearEnd };
  }
  const { year, month } = calendarMonthOfPeriod(fy, period);
  return { from: dayNumber(year, month, 1), to: dayNumber(year, month, daysInMonth(year, month)) };
}

/** The first and last calendar dates (ISO, inclusive) of a FY: 1 April to 31 March. */
export function fyDateRange(fy: number): { from: string; to: string } {
  return { from: isoDate(fy, 4, 1), to: isoDate(fy + 1, 3, 31) };
}

/** What a claim covers: one quarter, one half year, one calendar month of the FY, or the whole FY (the final claim). */
export type ClaimPeriodSpec =
  | { readonly kind: 'quarter'; readonly quarter: 1 | 2 | 3 | 4 }
  | { readonly kind: 'half'; readonly half: 1 | 2 }
  | { readonly kind: 'month'; readonly month: string /* yyyy-mm */ }
  | { readonly kind: 'final' };

/** A claim period of a FY: its label (`Q2`, `H1`, `2022-09`, `final`), its dates (ISO, inclusive) and its periods. */
export interface ClaimPeriodRange {
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly firstPeriod: number;
  readonly lastPeriod: number;
}

/** A claim period, or a usage message when it does not fit the FY. */
export type ClaimPeriodResult =
  | { readonly ok: true; readonly range: ClaimPeriodRange }
  | { readonly ok: false; readonly message: string };

/** The dates and periods of a claim period of a FY; March (and Q4, H2 and the final claim) takes in P13–P16. */
export function claimPeriodRange(fy: number, spec: ClaimPeriodSpec): ClaimPeriodResult {
  switch (spec.kind) {
    case 'final': {
      const { from, to } = fyDateRange(fy);
      return { ok: true, range: { label: 'final', from, to, firstPeriod: 1, lastPeriod: LAST_PERIOD } };
    }
    case 'quarter': {
      const q: number = spec.quarter;
      if (q !== 1 && q !== 2 && q !== 3 && q !== 4) {
        return { ok: false, message: `quarter ${q} does not exist; use Q1, Q2, Q3 or Q4` };
      }
      return { ok: true, range: rangeOfPeriods(fy, `Q${q}`, quarterPeriods(q)) };
    }
    case 'half': {
      const h: number = spec.half;
      if (h !== 1 && h !== 2) return { ok: false, message: `half ${h} does not exist; use H1 or H2` };
      return { ok: true, range: rangeOfPeriods(fy, `H${h}`, halfPeriods(h)) };
    }
    case 'month': {
      const parsed = parseMonth(spec.month);
      if (!parsed.ok) return parsed;
      const { year, monthNumber } = parsed;
      const { fy: monthFy, period } = fiscalPeriodOfDate(isoDate(year, monthNumber, 1));
      if (monthFy !== fy) {
        const range = fyDateRange(fy);
        return {
          ok: false,
          message: `month ${parsed.month} is not in ${fyLabel(fy)} (${range.from} to ${range.to}); use a month from ${monthOfPeriod(fy, 1)} to ${monthOfPeriod(fy, LAST_MONTH_PERIOD)}`,
        };
      }
      return {
        ok: true,
        range: {
          label: parsed.month,
          from: isoDate(year, monthNumber, 1),
          to: isoDate(year, monthNumber, daysInMonth(year, monthNumber)),
          firstPeriod: period,
          lastPeriod: throughPeriod(period),
        },
      };
    }
  }
}

/** A run of whole months of a FY as a claim period: from the first day of its first month to the last of its last. */
function rangeOfPeriods(fy: number, label: string, periods: { readonly first: number; readonly last: number }): ClaimPeriodRange {
  const first = calendarMonthOfPeriod(fy, periods.first);
  const last = calendarMonthOfPeriod(fy, monthPeriodOf(periods.last));
  return {
    label,
    from: isoDate(first.year, first.month, 1),
    to: isoDate(last.year, last.month, daysInMonth(last.year, last.month)),
    firstPeriod: periods.first,
    lastPeriod: periods.last,
  };
}

/** The result of reading a `yyyy-mm` month. */
export type MonthResult =
  | { readonly ok: true; readonly month: string; readonly year: number; readonly monthNumber: number }
  | { readonly ok: false; readonly message: string };

const MONTH = /^(\d{4})-(\d{2})$/;

/** Reads a calendar month written `yyyy-mm` (e.g. `2022-09`), strictly: two-digit month 01–12, year 1900–2099. */
export function parseMonth(text: string): MonthResult {
  const s = text.trim();
  const quoted = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  const match = MONTH.exec(s);
  if (match === null) return { ok: false, message: `month "${quoted}" is not yyyy-mm; write e.g. 2022-09` };
  const year = Number(match[1]);
  const monthNumber = Number(match[2]);
  if (monthNumber < 1 || monthNumber > 12) {
    return { ok: false, message: `month "${quoted}" has no month ${monthNumber}; write yyyy-mm, e.g. 2022-09` };
  }
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, message: `month "${quoted}" has year ${year}, outside ${MIN_YEAR}–${MAX_YEAR}; write e.g. 2022-09` };
  }
  return { ok: true, month: s, year, monthNumber };
}

const QUARTER = /^q([1-4])$/i;

/** Reads a quarter written `Q1`…`Q4` (any case). */
export function parseQuarter(text: string): { ok: true; quarter: 1 | 2 | 3 | 4 } | { ok: false; message: string } {
  const match = QUARTER.exec(text.trim());
  const q = Number(match?.[1]);
  if (q === 1 || q === 2 || q === 3 || q === 4) return { ok: true, quarter: q };
  return { ok: false, message: `quarter "${text.trim()}" is not one of Q1, Q2, Q3, Q4; write e.g. Q2` };
}

const HALF = /^h([12])$/i;

/** Reads a half year written `H1` (April–September) or `H2` (October–March), any case. */
export function parseHalf(text: string): { ok: true; half: 1 | 2 } | { ok: false; message: string } {
  const match = HALF.exec(text.trim());
  const h = Number(match?.[1]);
  if (h === 1 || h === 2) return { ok: true, half: h };
  const s = text.trim();
  const quoted = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return { ok: false, message: `half "${quoted}" is not one of H1 (April–September) or H2 (October–March); write e.g. H1` };
}
