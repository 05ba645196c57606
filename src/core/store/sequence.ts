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
 * stands for; render/json.ts streams it instead (it streams a MappedSequence, and nothing else that merely has a
 * length and an iterator, such as a typed array, which JSON.stringify writes as an object).
 */
export class MappedSequence<T, U> implements Sequence<U> {
  constructor(
    private readonly source: Sequence<T>,
    private readonly f: (item: T) => U,
  ) {}

  get length(): number {
    return this.source.length;
  }

  *[Symbol.iterator](): Iterator<U> {
    for (const item of this.source) yield this.f(item);
  }

  toJSON(): U[] {
    return Array.from(this.source, this.f);
  }
}

/** The items of `parts`, one part after another, as they are read: render/json.ts and JSON.stringify see one array. */
export function joined<T>(parts: readonly Sequence<T>[]): MappedSequence<T, T> {
  const whole: Sequence<T> = {
    length: parts.reduce((n, part) => n + part.length, 0),
    [Symbol.iterator]: () => chain(...parts),
  };
  return new MappedSequence(whole, (item) => item);
}

/** The first `n` items, read no further. */
export function* firstOf<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken === n) return;
  }
}

/** The items of `lists`, one list after another. */
export function* chain<T>(...lists: Iterable<T>[]): Generator<T> {
  for (const list of lists) yield* list;
}
