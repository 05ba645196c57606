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
    return stamp(date);
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH "${epoch}" is not a whole number of seconds`);
    return stamp(new Date(Number(epoch) * 1000));
  }
  return stamp(now());
}

function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
