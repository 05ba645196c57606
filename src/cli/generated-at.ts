/**
 * The generation time stamped on every report: `--as-of` (a date or an ISO date-time), else SOURCE_DATE_EPOCH
 * (seconds since 1970, the reproducible-builds convention), else now. It sets nothing but that stamp.
 * A date or date-time without an offset is read as UTC, so the stamp never depends on the machine's time zone.
 */
// The two functions by their own paths: the package's index loads all of date-fns (about 17 MiB, and a tenth of
// a second, on every run).
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { UsageError } from './usage-error.js';

const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * The latest generation time, 9999-12-31T23:59:59Z, in seconds since 1970: a stamp is an ISO date-time with a
 * four-digit year, which a later time does not have (JavaScript writes `+010000-01-01`), and past 8.64e15 ms a
 * Date is not a time at all. The earliest is 1970-01-01T00:00:00Z, SOURCE_DATE_EPOCH's own start.
 */
const LATEST_SECONDS = 253402300799;
const RANGE = '1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z';

/** Resolves the generation time as an ISO date-time in UTC, to the second. */
export function resolveGeneratedAt(asOf: string | undefined, env: NodeJS.ProcessEnv, now: () => Date): string {
  if (asOf !== undefined) {
    const text = asOf.trim();
    const isoShape = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i.test(text);
    const utc = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : HAS_OFFSET.test(text) ? text : `${text}Z`;
    const date = parseISO(utc.replace(' ', 'T'));
    if (!isoShape || !isValid(date)) {
      throw new UsageError(`--as-of "${asOf}" is not a date or an ISO date-time`, 'e.g. --as-of 2023-04-30 or --as-of 2023-04-30T17:00:00Z');
    }
    // An offset can carry a date of year 9999 past the end of it, and a date before 1970 stamps no real report.
    if (!inRange(date.getTime() / 1000)) {
      throw new UsageError(`--as-of "${asOf}" is out of range: the generation time must be from ${RANGE} (UTC)`, 'e.g. --as-of 2023-04-30 or --as-of 2023-04-30T17:00:00Z');
    }
    return stamp(date);
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    const hint = 'e.g. SOURCE_DATE_EPOCH=1700000000 (2023-11-14T22:13:20Z)';
    if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH "${epoch}" is not a whole number of seconds`, hint);
    // Compared as an integer of any size: Number() of a long string of digits is only near it.
    if (BigInt(epoch) > BigInt(LATEST_SECONDS)) throw new UsageError(`SOURCE_DATE_EPOCH "${epoch}" is out of range: it must be a whole number of seconds from 0 to ${LATEST_SECONDS} (${RANGE})`, hint);
    return stamp(new Date(Number(epoch) * 1000));
  }
  return stamp(now());
}

/** Whether a time in seconds since 1970 can be stamped on a report. */
function inRange(seconds: number): boolean {
  return seconds >= 0 && seconds < LATEST_SECONDS + 1;
}

function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
