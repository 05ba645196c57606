/**
 * A list read in order whose length is known, and which need not be held as an array: a report's duplicates run
 * to millions, so the report reads them from the ledger's compact list as it is rendered (render/json.ts and
 * render/csv.ts stream it; an array is a Sequence too).
 */

/** A list read in order, whose length is known. */
export interface Sequence<T> extends Iterable<T> {
  readonly length: number;
}

/**
 * `source` seen through `f`, item by item as it is read: nothing is held. JSON.stringify sees it as the array it
 * stands for (render/json.ts streams it instead).
 */
export function mapSequence<T, U>(source: Sequence<T>, f: (item: T) => U): Sequence<U> & { toJSON(): U[] } {
  return {
    get length() {
      return source.length;
    },
    *[Symbol.iterator]() {
      for (const item of source) yield f(item);
    },
    toJSON() {
      return Array.from(source, f);
    },
  };
}

/** Is `value` a Sequence that is not an array (one to stream rather than stringify whole)? */
export function isStreamedSequence(value: unknown): value is Sequence<unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Symbol.iterator in value && typeof (value as { length?: unknown }).length === 'number';
}
