/**
 * Texts held as UTF-8 bytes in one growing buffer, each found by the number where it starts: for lists of millions
 * of rows whose texts are mostly their own (a description a row), where a JS string and a Map entry each would
 * cost several times the text (matched-rows.ts). A text seen lately is held once: a bounded cache of recent texts
 * gives it the number it had, so a supplier, an account or a cost centre repeated over many rows costs nothing
 * more, while a million distinct descriptions cost their bytes and no more than the cache.
 */
import { doubled } from './doubled.js';

/** How many texts the cache of recent texts holds before it starts again. */
const RECENT = 65_536;
/** The bytes a text's length takes before it: 32 bits, little-endian. */
const LENGTH = 4;
/** The most bytes the buffer holds: a text's number must fit 32 bits, and one more (matched-rows.ts adds 1). */
const MOST = 0xffff_0000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Texts by number (where their length starts in the buffer). */
export class TextHeap {
  private bytes = new Uint8Array(4096);
  private used = 0;
  private readonly recent = new Map<string, number>();

  /** The bytes held. */
  get size(): number {
    return this.used;
  }

  /** The number of `text`, holding it unless it is among the recent texts. */
  number(text: string): number {
    const known = this.recent.get(text);
    if (known !== undefined) return known;
    // At most 3 bytes a UTF-16 unit.
    const room = text.length * 3 + LENGTH;
    if (this.used + room > MOST) throw new RangeError('the texts of the rows listed pass 4 GiB');
    while (this.bytes.length - this.used < room) this.bytes = doubled(this.bytes);
    const at = this.used;
    const { written } = encoder.encodeInto(text, this.bytes.subarray(at + LENGTH));
    for (let i = 0, n = written; i < LENGTH; i++, n >>>= 8) this.bytes[at + i] = n & 0xff;
    this.used = at + LENGTH + written;
    if (this.recent.size >= RECENT) this.recent.clear();
    this.recent.set(text, at);
    return at;
  }

  /** The text of `number`. */
  text(number: number): string {
    let length = 0;
    for (let i = LENGTH - 1; i >= 0; i--) length = length * 256 + (this.bytes[number + i] as number);
    return decoder.decode(this.bytes.subarray(number + LENGTH, number + LENGTH + length));
  }
}
