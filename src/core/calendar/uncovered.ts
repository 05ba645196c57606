/**
 * The stretches of a financial year that no claim covers (PRODUCT.md: gaps between claims). One rule, for a claim
 * made with its earlier claims (claim history) and for a folder of claims sent (the claim register). Pure.
 */
import { dayNumberToIso, isoToDayNumber } from './calendar-date.js';

/** A stretch of days, `from` and `to` both inclusive, ISO dates. */
export interface DateStretch {
  readonly from: string;
  readonly to: string;
}

/**
 * The stretches from `start` that the periods leave uncovered, up to the latest period's end, or up to `until`
 * (exclusive) when given: the days between claims, and before the first.
 */
export function uncoveredStretches(periods: readonly DateStretch[], start: string, until?: string): DateStretch[] {
  const stretches: DateStretch[] = [];
  let cursor = start;
  for (const p of [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    if (p.from > cursor) stretches.push({ from: cursor, to: shiftDays(p.from, -1) });
    const next = shiftDays(p.to, 1);
    if (next > cursor) cursor = next;
  }
  if (until !== undefined && until > cursor) stretches.push({ from: cursor, to: shiftDays(until, -1) });
  return stretches;
}

/** An ISO date `days` days later (earlier when negative). */
export function shiftDays(iso: string, days: number): string {
  return dayNumberToIso(isoToDayNumber(iso) + days);
}
