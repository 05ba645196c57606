/**
 * A map from entry numbers (0 ≤ n < 2^31 − 1) to a fixed number of 32-bit values each, in typed arrays: no object
 * and no boxed number by entry: 4 bytes a key and 4 a value, in a table kept at most three quarters full, where a
 * Map of numbers takes 30 bytes or more an entry.
 * Entries are never removed. The duplicate index (duplicates.ts) keeps what it knows of repeated rows in these, so
 * that an export given twice, a million rows repeated, costs it tens of megabytes rather than a hundred or more.
 */
export class EntryMap {
  /** Entry number + 1 in each slot; 0 is empty. */
  private keys = new Int32Array(1 << 8);
  private values: Uint32Array;
  private shift = 32 - 8;
  private count = 0;

  constructor(private readonly width: number) {
    this.values = new Uint32Array(this.keys.length * width);
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding `id`'s values, or -1. */
  find(id: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let s = home(id, this.shift); ; s = (s + 1) & mask) {
      const key = keys[s] as number;
      if (key === id + 1) return s;
      if (key === 0) return -1;
    }
  }

  /** The slot holding `id`'s values, made (values zero) if it had none. A slot moves when the map grows. */
  slot(id: number): number {
    const found = this.find(id);
    if (found >= 0) return found;
    if ((this.count + 1) * 4 > this.keys.length * 3) this.grow();
    this.count++;
    return this.place(this.keys, id);
  }

  get(slot: number, value: number): number {
    return this.values[slot * this.width + value] as number;
  }

  set(slot: number, value: number, to: number): void {
    this.values[slot * this.width + value] = to;
  }

  private place(keys: Int32Array, id: number): number {
    const mask = keys.length - 1;
    let s = home(id, this.shift);
    while (keys[s] !== 0) s = (s + 1) & mask;
    keys[s] = id + 1;
    return s;
  }

  /** Twice the slots; `shift` follows the table's size before entries are placed in it. */
  private grow(): void {
    const keys = new Int32Array(this.keys.length * 2);
    const values = new Uint32Array(keys.length * this.width);
    this.shift = 32 - Math.log2(keys.length);
    const { width } = this;
    for (let s = 0; s < this.keys.length; s++) {
      const key = this.keys[s] as number;
      if (key === 0) continue;
      const to = this.place(keys, key - 1);
      values.set(this.values.subarray(s * width, s * width + width), to * width);
    }
    this.keys = keys;
    this.values = values;
  }
}

/** Fibonacci hashing: the top bits of id × 2^32/φ, so that entries made in runs do not crowd one stretch. */
function home(id: number, shift: number): number {
  return Math.imul(id + 1, 0x9e3779b1) >>> shift;
}
