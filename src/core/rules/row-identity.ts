/**
 * What identifies an included row from one export to the next, so that a later reconciliation or claim can say
 * which rows were added, removed or changed since an earlier one (`--with-rows`, `--against`).
 *
 * - A layout with a row key (the GL export: Document Number + Line) names a row by its key, normalised as the
 *   duplicate check compares it (trimmed, upper case): `key:5190000601/1`.
 * - A layout without one (payroll, some configured layouts) names a row by a 128-bit hash of its content without
 *   its amount: `hash:` and 32 hex digits. Two rows are then the same row when their hash and amount agree, and
 *   a row whose amount alone changed is found as one changed row.
 *
 * A payroll row's hash is taken over the columns that identify nobody (the month, staff type, cost centre and pay
 * element), never the employee number: a hash of an employee number can be reversed by trying every number, so
 * it would be personal data. Two people's identical pay lines are then one identity held twice, which is how
 * they are compared (as many times as each side holds them).
 */
import { hash128 } from '../store/hash128.js';

/** Joins the fields of a row's content, for the duplicate check and for identities: a character no export holds in a cell. */
export const FIELD_SEPARATOR = '\u001f';
const words = new Uint32Array(4);

/** The identity of a row of a layout with a key (the key's cells, normalised, joined with `/`). */
export function keyIdentity(key: string): string {
  return `key:${key}`;
}

/** The identity of a row of a layout without a key: a hash of the given content (which must not include the amount). */
export function contentIdentity(parts: readonly (string | number)[]): string {
  return contentIdentityOf(parts.join(FIELD_SEPARATOR));
}

/** The same, of content already joined with the unit separator (as the duplicate check joins it). */
export function contentIdentityOf(joined: string): string {
  hash128(joined, words);
  let hex = 'hash:';
  for (const word of words) hex += word.toString(16).padStart(8, '0');
  return hex;
}
