/**
 * A 128-bit hash after MurmurHash3 x86_128 (Austin Appleby's public-domain design), over a string's UTF-16 code
 * units, two to a 32-bit block (so its values differ from byte-wise MurmurHash3; only its mixing matters here).
 * The duplicate index keeps 96 bits of it instead of the row itself, so that millions of rows fit in a few bytes
 * each; two different rows among ten million share 96 bits with odds below 1 in 10^14.
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes `text` into four 32-bit words written at `out[at..at+3]`. */
export function hash128(text: string, out: Uint32Array, at = 0, seed = 0): void {
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;
  const n = text.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    let k1 = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    let k2 = text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16);
    let k3 = text.charCodeAt(i + 4) | (text.charCodeAt(i + 5) << 16);
    let k4 = text.charCodeAt(i + 6) | (text.charCodeAt(i + 7) << 16);
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul((rotl(h1, 19) + h2) | 0, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul((rotl(h2, 17) + h3) | 0, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul((rotl(h3, 15) + h4) | 0, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul((rotl(h4, 13) + h1) | 0, 5) + 0x32ac3b17) | 0;
  }
  // The tail: up to seven code units, two to a word, into k1..k4 as MurmurHash3 does its tail bytes.
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  let k4 = 0;
  const unit = (j: number): number => (i + j < n ? text.charCodeAt(i + j) : 0);
  const rest = n - i;
  if (rest > 6) k4 = unit(6);
  if (rest > 4) k3 = unit(4) | (unit(5) << 16);
  if (rest > 2) k2 = unit(2) | (unit(3) << 16);
  if (rest > 0) k1 = unit(0) | (unit(1) << 16);
  if (rest > 6) h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
  if (rest > 4) h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
  if (rest > 2) h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
  if (rest > 0) h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);

  const length = n * 2;
  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  out[at] = h1 >>> 0;
  out[at + 1] = h2 >>> 0;
  out[at + 2] = h3 >>> 0;
  out[at + 3] = h4 >>> 0;
}

/**
 * The same mixing, fed field by field instead of over one joined string, so that a row's hash costs no string
 * building: each text is fed as its code units two to a word and then its length (so that fields cannot run
 * into each other), each number as a word. `reset`, feed, then `digest` into four words.
 */
export class FieldHasher {
  private h1 = 0;
  private h2 = 0;
  private h3 = 0;
  private h4 = 0;
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  /** Words fed since the last full block (0–3), and in all. */
  private pending = 0;
  private words = 0;

  reset(seed: number): this {
    this.h1 = this.h2 = this.h3 = this.h4 = seed | 0;
    this.k1 = this.k2 = this.k3 = 0;
    this.pending = 0;
    this.words = 0;
    return this;
  }

  /** Feeds a text and its length. */
  text(s: string): this {
    const n = s.length;
    let i = 0;
    for (; i + 1 < n; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.word(s.charCodeAt(i) | 0x10000);
    return this.word(n ^ 0x5f3759df);
  }

  /** Feeds an integer of up to 53 bits (as two words). */
  integer(value: number): this {
    const high = Math.floor(value / 4294967296);
    return this.word(value - high * 4294967296).word(high);
  }

  /** Feeds one 32-bit word. */
  word(k: number): this {
    this.words++;
    switch (this.pending) {
      case 0:
        this.k1 = k;
        this.pending = 1;
        return this;
      case 1:
        this.k2 = k;
        this.pending = 2;
        return this;
      case 2:
        this.k3 = k;
        this.pending = 3;
        return this;
      default:
        this.block(this.k1, this.k2, this.k3, k);
        this.pending = 0;
        return this;
    }
  }

  /** Writes the hash into `out[at..at+3]`. */
  digest(out: Uint32Array, at = 0): void {
    let { h1, h2, h3, h4 } = this;
    const rest = this.pending;
    if (rest > 2) h3 ^= Math.imul(rotl(Math.imul(this.k3, C3), 17), C4);
    if (rest > 1) h2 ^= Math.imul(rotl(Math.imul(this.k2, C2), 16), C3);
    if (rest > 0) h1 ^= Math.imul(rotl(Math.imul(this.k1, C1), 15), C2);
    const length = this.words * 4;
    h1 ^= length;
    h2 ^= length;
    h3 ^= length;
    h4 ^= length;
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h3 = fmix(h3);
    h4 = fmix(h4);
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    out[at] = h1 >>> 0;
    out[at + 1] = h2 >>> 0;
    out[at + 2] = h3 >>> 0;
    out[at + 3] = h4 >>> 0;
  }

  private block(k1: number, k2: number, k3: number, k4: number): void {
    let { h1, h2, h3, h4 } = this;
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul((rotl(h1, 19) + h2) | 0, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul((rotl(h2, 17) + h3) | 0, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul((rotl(h3, 15) + h4) | 0, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul((rotl(h4, 13) + h1) | 0, 5) + 0x32ac3b17) | 0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }
}
