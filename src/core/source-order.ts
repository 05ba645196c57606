/**
 * Reading a compact list (error-list.ts, matched-rows.ts) in the order reports list rows: by the place of each
 * entry's file among the inputs, then by line. Lists are mostly recorded in that order already, and are then read
 * as they are; otherwise a permutation is sorted, never the entries.
 */
import type { Sequence } from './sequence.js';

/**
 * `count` entries read through `at` in source order. `fileOf(i)` is entry i's file number, `places[n]` the place of
 * file n among the inputs, and `lineOf(i)` its line. Entries of one file and line keep the order they came in.
 */
export function inSourceOrder<T>(
  count: number,
  places: readonly number[],
  fileOf: (i: number) => number,
  lineOf: (i: number) => number,
  at: (i: number) => T,
): Sequence<T> {
  // A file's place (under 2^14) above a 32-bit line: exact in a double.
  const keys = new Float64Array(count);
  let inOrder = true;
  for (let i = 0; i < count; i++) {
    keys[i] = (places[fileOf(i)] as number) * 2 ** 32 + lineOf(i);
    if (i > 0 && (keys[i - 1] as number) > (keys[i] as number)) inOrder = false;
  }
  const order = inOrder ? undefined : new Uint32Array(count).map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  return {
    length: count,
    *[Symbol.iterator]() {
      for (let i = 0; i < count; i++) yield at(order === undefined ? i : (order[i] as number));
    },
  };
}
