/**
 * Reading a compact list (error-list.ts, matched-rows.ts) in the order reports list rows: by the place of each
 * entry's file among the inputs, then by line. Lists are mostly recorded in that order already, and are then read
 * as they are; otherwise a permutation is sorted, never the entries.
 */
import type { Names } from './names.js';
import type { Sequence } from './sequence.js';

/** Entries held as `width` 32-bit numbers each in `numbers`, the file's number at `file` and the line at `line`. */
export interface HeldEntries {
  readonly count: number;
  readonly numbers: Uint32Array;
  readonly width: number;
  readonly file: number;
  readonly line: number;
}

/**
 * `held` entries read through `at` in source order: by the place of each entry's file (`files`, by number) in
 * `fileOrder`, then by line. Entries of one file and line keep the order they came in. The numbers are read when
 * the sequence is first read, so it is made once the list is complete.
 */
export function inSourceOrder<T>(held: HeldEntries, files: Names, fileOrder: ReadonlyMap<string, number>, at: (i: number) => T): Sequence<T> {
  const { count } = held;
  // Worked out when the list is first read: a report that never lists the entries pays nothing for their order.
  let order: Uint32Array | null | undefined;
  return {
    length: count,
    *[Symbol.iterator]() {
      if (order === undefined) order = permutation(held, files, fileOrder);
      for (let i = 0; i < count; i++) yield at(order === null ? i : (order[i] as number));
    },
  };
}

/** The entries' indices in source order, or null when they are in that order already. */
function permutation(held: HeldEntries, files: Names, fileOrder: ReadonlyMap<string, number>): Uint32Array | null {
  const { count, numbers, width } = held;
  const places = files.names.map((name) => fileOrder.get(name) ?? 0);
  // A file's place (under 2^14) above a 32-bit line: exact in a double.
  const keys = new Float64Array(count);
  let inOrder = true;
  for (let i = 0; i < count; i++) {
    keys[i] = (places[numbers[i * width + held.file] as number] as number) * 2 ** 32 + (numbers[i * width + held.line] as number);
    if (i > 0 && (keys[i - 1] as number) > (keys[i] as number)) inOrder = false;
  }
  return inOrder ? null : new Uint32Array(count).map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
}
