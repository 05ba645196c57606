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
  const h = STATE;
  h.fill(seed | 0);
  const n = text.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    mixBlock(
      h,
      text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16),
      text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16),
      text.charCodeAt(i + 4) | (text.charCodeAt(i + 5) << 16),
      text.charCodeAt(i + 6) | (text.charCodeAt(i + 7) << 16),
    );
  }
  // The tail: up to seven code units, two to a word, into k1..k4 as MurmurHash3 does its tail bytes.
  const unit = (j: number): number => (i + j < n ? text.charCodeAt(i + j) : 0);
  mixTail(h, Math.ceil((n - i) / 2), unit(0) | (unit(1) << 16), unit(2) | (unit(3) << 16), unit(4) | (unit(5) << 16), unit(6));
  finish(h, n * 2, out, at);
}

const STATE = new Int32Array(4);

/** One block of four words into the state h1..h4 (MurmurHash3 x86_128's body). */
function mixBlock(h: Int32Array, k1: number, k2: number, k3: number, k4: number): void {
  let h1 = h[0] as number;
  let h2 = h[1] as number;
  let h3 = h[2] as number;
  let h4 = h[3] as number;
  h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);
  h1 = (Math.imul((rotl(h1, 19) + h2) | 0, 5) + 0x561ccd1b) | 0;
  h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
  h2 = (Math.imul((rotl(h2, 17) + h3) | 0, 5) + 0x0bcaa747) | 0;
  h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
  h3 = (Math.imul((rotl(h3, 15) + h4) | 0, 5) + 0x96cd1c35) | 0;
  h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
  h4 = (Math.imul((rotl(h4, 13) + h1) | 0, 5) + 0x32ac3b17) | 0;
  h[0] = h1;
  h[1] = h2;
  h[2] = h3;
  h[3] = h4;
}

/** The last `words` (0–4) words, short of a block, into the state. */
function mixTail(h: Int32Array, words: number, k1: number, k2: number, k3: number, k4: number): void {
  if (words > 3) h[3] = (h[3] as number) ^ Math.imul(rotl(Math.imul(k4, C4), 18), C1);
  if (words > 2) h[2] = (h[2] as number) ^ Math.imul(rotl(Math.imul(k3, C3), 17), C4);
  if (words > 1) h[1] = (h[1] as number) ^ Math.imul(rotl(Math.imul(k2, C2), 16), C3);
  if (words > 0) h[0] = (h[0] as number) ^ Math.imul(rotl(Math.imul(k1, C1), 15), C2);
}

/** Mixes in the length (in bytes) and writes the four words of the hash. */
function finish(h: Int32Array, length: number, out: Uint32Array, at: number): void {
  let h1 = (h[0] as number) ^ length;
  let h2 = (h[1] as number) ^ length;
  let h3 = (h[2] as number) ^ length;
  let h4 = (h[3] as number) ^ length;
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
  private readonly h = new Int32Array(4);
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  /** Words fed since the last full block (0–3), and in all. */
  private pending = 0;
  private words = 0;

  reset(seed: number): this {
    this.h.fill(seed | 0);
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
        mixBlock(this.h, this.k1, this.k2, this.k3, k);
        this.pending = 0;
        return this;
    }
  }

  /** Writes the hash into `out[at..at+3]`. */
  digest(out: Uint32Array, at = 0): void {
    mixTail(this.h, this.pending, this.k1, this.k2, this.k3, 0);
    finish(this.h, this.words * 4, out, at);
  }
}
