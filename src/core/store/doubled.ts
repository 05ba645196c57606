/** Growing the typed arrays that hold rows compactly (duplicate-list.ts, matched-rows.ts, part-ledger.ts, duplicates.ts, text-heap.ts). */

type Growable = Uint8Array | Uint32Array | Float64Array | BigInt64Array;

/** A typed array of twice the length of `array`, holding its values at the start. */
export function doubled<T extends Growable>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  (grown as { set(values: T): void }).set(array);
  return grown;
}
