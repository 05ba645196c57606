/**
 * The grant window: a grant that starts or ends inside a financial year (configuration `window`), and which rows
 * and months are inside it. The one home of the rule, for the fold that excludes rows outside it
 * (`outside-grant-window`), the projection that runs over the window's months, and the configuration's checks.
 *
 * Conventions: the window's ends are ISO dates, both inclusive; an end left out is open (the grant's years bound
 * it). ISO dates compare as text.
 * - A GL row is inside when its posting date is, except a row of P13–P16: those year-end periods count as March
 *   (fiscal.ts, throughPeriod), so the row is inside when March of its FY is.
 * - A month (a payroll row's Payroll Period, or the March of P13–P16) is inside when every day of it is: an export
 *   gives no day for it, and a month the grant covers only in part is not claimed whole.
 */
import { daysInMonth, isoDate } from './calendar-date.js';
import { isAdjustmentPeriod, LAST_MONTH_PERIOD } from './fiscal.js';

/**
 * The dates a grant runs between, inclusive (ISO `yyyy-mm-dd`), when it starts or ends inside a financial year; an
 * end left out is the edge of the grant's years. The configuration's `window`, checked by src/config.
 */
export interface GrantWindow {
  readonly from?: string;
  readonly to?: string;
}

/** Is the date (ISO) inside the window? */
export function isDateInWindow(window: GrantWindow, iso: string): boolean {
  return (window.from === undefined || iso >= window.from) && (window.to === undefined || iso <= window.to);
}

/** The first and last days (ISO) of the calendar month of period 1..12 of FY `fy`. */
function monthDays(fy: number, period: number): { first: string; last: string } {
  const year = period <= 9 ? fy : fy + 1;
  const month = period <= 9 ? period + 3 : period - 9;
  return { first: isoDate(year, month, 1), last: isoDate(year, month, daysInMonth(year, month)) };
}

/** Is the whole month of period 1..12 of FY `fy` inside the window? */
export function isMonthInWindow(window: GrantWindow, fy: number, period: number): boolean {
  const { first, last } = monthDays(fy, period);
  return isDateInWindow(window, first) && isDateInWindow(window, last);
}

/**
 * Is a row inside the window? A GL row by its posting date (`postingIso`), or for P13–P16 by March of its FY; a
 * payroll row (no posting date: `postingIso` undefined) by its month, `period` of FY `fy`.
 */
export function isRowInWindow(window: GrantWindow, postingIso: string | undefined, fy: number, period: number): boolean {
  if (isAdjustmentPeriod(period)) return isMonthInWindow(window, fy, LAST_MONTH_PERIOD);
  return postingIso === undefined ? isMonthInWindow(window, fy, period) : isDateInWindow(window, postingIso);
}

/**
 * The months (periods 1..12) of FY `fy` that any day of the window falls in: `first` to `last`, the months a run
 * rate is taken over and projected to. Undefined when the window misses the FY altogether.
 */
export function windowMonthsOf(window: GrantWindow | undefined, fy: number): { readonly first: number; readonly last: number } | undefined {
  let first: number | undefined;
  let last: number | undefined;
  for (let p = 1; p <= LAST_MONTH_PERIOD; p++) {
    const { first: day1, last: dayN } = monthDays(fy, p);
    const touches = window === undefined || ((window.from === undefined || dayN >= window.from) && (window.to === undefined || day1 <= window.to));
    if (!touches) continue;
    first ??= p;
    last = p;
  }
  return first === undefined || last === undefined ? undefined : { first, last };
}
