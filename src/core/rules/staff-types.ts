/**
 * A payroll row's category comes from its Staff Type, not from the chart: each configured category lists the staff
 * types whose pay it holds (PCD 1215: Police Officer → officers, Police Staff → staff). Staff types are compared
 * trimmed and ignoring case.
 */
import type { GrantCategory } from '../grant-config.js';
import type { Category } from '../types.js';

/** A Staff Type cell (or a configured staff type) as staff types are compared: trimmed and lower-cased. */
export function staffTypeKey(cell: string): string {
  return cell.trim().toLowerCase();
}

/** Staff types (staffTypeKey) and the category each one's pay belongs to. */
export function staffTypesOf(categories: readonly GrantCategory[]): ReadonlyMap<string, Category> {
  return new Map(categories.flatMap((c) => c.payrollStaffTypes.map((type): [string, Category] => [staffTypeKey(type), c.id])));
}

/**
 * What is said of a payroll row whose Staff Type no category takes (no cell value is quoted: the message names the
 * configured staff types only), and the hint: `Staff Type is neither Police Officer nor Police Staff`.
 */
export function unknownStaffTypeWords(categories: readonly GrantCategory[]): { readonly message: string; readonly hint: string } {
  const types = categories
    .flatMap((c) => c.payrollStaffTypes.map((type) => ({ type, category: c.id })))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  if (types.length === 0) {
    return { message: 'Staff Type: no category of the configuration takes payroll rows', hint: 'list the staff types each category holds in the configuration, e.g. "payrollStaffTypes": ["Police Staff"]' };
  }
  const names = types.map((t) => t.type);
  const message =
    names.length === 1 ? `Staff Type is not ${names[0] ?? ''}` : names.length === 2 ? `Staff Type is neither ${names[0] ?? ''} nor ${names[1] ?? ''}` : `Staff Type is none of ${names.join(', ')}`;
  const allowed = types.map((t) => `${t.type} (${t.category})`);
  const hint = allowed.length === 1 ? `the allowed value is ${allowed[0] ?? ''}` : `the allowed values are ${allowed.slice(0, -1).join(', ')} and ${allowed[allowed.length - 1] ?? ''}`;
  return { message, hint };
}
