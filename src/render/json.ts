/**
 * JSON: the report value itself. Every bigint in a report is money in pence, so one replacer turns each into a
 * string with exactly two decimals (`"2893452.00"`, `"-12.50"`); nothing else needs converting.
 */
import { formatPence } from '../core/money.js';

/** Renders any report value as pretty JSON with amounts as two-decimal strings, ending in a newline. */
export function renderJson(report: object): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? formatPence(value) : value), 2)}\n`;
}
