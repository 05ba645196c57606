/**
 * Calendar dates as they appear in exports, read strictly into ISO `yyyy-mm-dd`.
 *
 * Day first, always: a UK ledger never writes month first, so `04/13/2022` is an error (there is no month 13),
 * not a guess. Two-digit years are read as 20yy, and only beside a month name, where the order cannot be
 * mistaken. Years run 1900–2099.
 */

/** The result of reading a date cell: the ISO date, or a message that says what is wrong with an example. */
export type DateResult =
  | { readonly ok: true; readonly iso: string }
  | {
      readonly ok: false;
      /** What is wrong, quoting the cell. */
      readonly message: string;
      /** The same without the cell's text, for rows whose values must not be quoted (payroll). */
      readonly redactedMessage: string;
      /** What to do about it, adding to the message: the form to write, or where to correct it. */
      readonly hint: string;
    };

const EXAMPLE = 'write dates as dd/mm/yyyy, e.g. 31/03/2023';
const MAX_QUOTED = 40;
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;

const MONTH_NAMES = [
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
] as const;

/** Month names and their 3-letter abbreviations (plus the common `Sept`), lower case, to month number. */
const MONTH_BY_NAME: ReadonlyMap<string, number> = new Map([
  ...MONTH_NAMES.map((name, i): [string, number] => [name.toLowerCase(), i + 1]),
  ...MONTH_NAMES.map((name, i): [string, number] => [name.slice(0, 3).toLowerCase(), i + 1]),
  ['sept', 9],
]);

// Dates repeat heavily across the rows of an export, so each distinct cell text is judged once. The cache is
// cleared when it grows past the bound, which keeps memory flat on a file of millions of distinct timestamps.
const MEMO_LIMIT = 50_000;
const memo = new Map<string, DateResult>();

/** Reads a date cell (dd/mm/yyyy, yyyy-mm-dd, dd-MMM-yy(yy), dd MMM yy(yy), dd.mm.yyyy; a trailing time is ignored). */
export function parseDate(text: string): DateResult {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const result = parseDateUncached(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, result);
  return result;
}

const ISO_WITH_T = /^(\d{4}-\d{1,2}-\d{1,2})T(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)$/i;
const TRAILING_TIME = /^(.*?) ?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[ap]m)?$/i;
const NUMERIC_DAY_FIRST = /^(\d{1,2})([/.])(\d{1,2})\2(\d+)$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const NAMED_MONTH = /^(\d{1,2})([- ])([a-z]+)\2(\d+)$/i;

function parseDateUncached(text: string): DateResult {
  let s = text.trim().replace(/\s+/g, ' ');
  if (s === '') return dateError(s, 'is empty', EXAMPLE);
  const isoWithT = ISO_WITH_T.exec(s);
  if (isoWithT !== null) {
    s = isoWithT[1] ?? '';
  } else {
    const timed = TRAILING_TIME.exec(s);
    if (timed !== null) {
      const datePart = timed[1] ?? '';
      if (datePart === '') return dateError(s, 'is a time of day with no date', EXAMPLE);
      // A time must stand apart from the date (`31/03/2023 16:59`), never glued to it.
      if (!s.startsWith(`${datePart} `)) return unrecognised(s);
      s = datePart;
    }
  }

  const numeric = NUMERIC_DAY_FIRST.exec(s);
  if (numeric !== null) {
    const [, day = '', , month = '', year = ''] = numeric;
    if (year.length === 2) {
      return dateError(s, 'has a two-digit year', 'write the year in full, e.g. 31/03/2023 (two-digit years are read only with a month name, e.g. 31-Mar-23)');
    }
    if (year.length !== 4) return unrecognised(s);
    return checkDate(s, Number(year), Number(month), Number(day));
  }

  const iso = ISO_DATE.exec(s);
  if (iso !== null) {
    const [, year = '', month = '', day = ''] = iso;
    return checkDate(s, Number(year), Number(month), Number(day));
  }

  const named = NAMED_MONTH.exec(s);
  if (named !== null) {
    const [, day = '', , name = '', year = ''] = named;
    const month = MONTH_BY_NAME.get(name.toLowerCase());
    if (month === undefined) return dateError(s, 'has a month name that is not recognised', 'write the month in English, e.g. 31-Mar-2023 or 31 March 2023');
    if (year.length === 2) return checkDate(s, 2000 + Number(year), month, Number(day));
    if (year.length !== 4) return unrecognised(s);
    return checkDate(s, Number(year), month, Number(day));
  }

  return unrecognised(s);
}

/** Checks the year range, the month and the day against the calendar, and builds the ISO date. */
function checkDate(s: string, year: number, month: number, day: number): DateResult {
  if (year < MIN_YEAR || year > MAX_YEAR) return dateError(s, `has year ${year}, outside ${MIN_YEAR}–${MAX_YEAR}`, EXAMPLE);
  if (month < 1 || month > 12) {
    return dateError(s, `has no month ${month}`, 'dates are read day first (dd/mm/yyyy), e.g. 31/03/2023; a layout of an export written month first says "dateOrder": "month-first"');
  }
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return dateError(s, `does not exist (${MONTH_NAMES[month - 1] ?? ''} ${year} has ${days} days)`, 'no calendar has this day: correct the date in the ledger, then export again');
  }
  return { ok: true, iso: isoDate(year, month, day) };
}

function unrecognised(s: string): DateResult {
  return dateError(s, 'is not in a recognised format', EXAMPLE);
}

/** Builds the failure value, with and without the cell's text. */
function dateError(s: string, problem: string, hint: string): DateResult {
  const quoted = s.length > MAX_QUOTED ? `${s.slice(0, MAX_QUOTED)}…` : s;
  return { ok: false, message: `date "${quoted}" ${problem}`, redactedMessage: `date ${problem}`, hint };
}

/** Is `text` a date written `yyyy-mm-dd` that exists (as grant-recon writes dates in its own files)? */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && dayNumberToIso(isoToDayNumber(text)) === text;
}

/** True for a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in a calendar month (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The ISO `yyyy-mm-dd` text of a calendar date (year 0..9999, month 1..12). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): pure integer arithmetic,
 * so no time zone or daylight saving can shift a day.
 */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Days since 1970-01-01 of an ISO `yyyy-mm-dd` date, for distances between dates. */
export function isoToDayNumber(iso: string): number {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) {
    throw new RangeError(`isoToDayNumber: "${iso}" is not yyyy-mm-dd`);
  }
  return dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** The ISO `yyyy-mm-dd` date of a day number (days since 1970-01-01); the inverse of isoToDayNumber. */
export function dayNumberToIso(days: number): string {
  // Hinnant's civil_from_days, so that the round trip stays in integers.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoDate(year, month, day);
}

const NUMERIC_WITH_SEPARATOR = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(.*)$/s;

/**
 * Reads a date from an export that a configuration says writes numeric dates month first (04/13/2023). Only the
 * numeric forms are swapped; month names and ISO dates read as always. Never a default: a UK export is day first.
 */
export function parseDateMonthFirst(text: string): DateResult {
  const m = NUMERIC_WITH_SEPARATOR.exec(text.trim());
  return parseDate(m ? `${m[3]}${m[2]}${m[1]}${m[2]}${m[4]}${m[5]}` : text);
}
