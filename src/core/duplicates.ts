/**
 * Duplicate and key-conflict detection across input files, as PRODUCT.md defines it:
 * - duplicates are judged across files, never inside one: identical rows inside one export are all kept;
 * - a row of a later file is a duplicate only as many times as the earlier file holding the most copies holds it,
 *   and it names the copy it repeats;
 * - a row whose key an earlier row holds with different content is a conflicting duplicate (inside one file too).
 *
 * Memory stays small however many rows stream past. A row is remembered as a 96-bit hash of its key (rows with a
 * key) or of its content (rows without), with a 64-bit fingerprint of its content and its net amount (keyed rows
 * only), and the lines it was seen on: 48 bytes an entry with a key, 32 without, in pages of typed arrays that are
 * never copied as they grow, plus a 4-byte slot in an open-addressing table kept at most half full. Never as
 * strings. Two different rows share 96 bits with odds below 1 in 10^14 at ten million rows, and a keyed row is a
 * duplicate only when its key's 96 bits and its content's 64 bits both match.
 */
import { hash128 } from './hash128.js';
import type { Pence, SourceRef } from './types.js';

/** What the index says of one row. */
export type DuplicateVerdict =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate'; readonly of: SourceRef }
  | { readonly kind: 'conflict'; readonly with: SourceRef; readonly theirNet: Pence | undefined };

const NEW: DuplicateVerdict = { kind: 'new' };

// Words of an entry. Every entry: its hash, the line of its first copy in the file that last held it ("current")
// and how many copies that file held, and the same for the finished file holding the most copies ("earlier").
const H = 0;
const CUR_LINE = 3;
const CUR_COUNT = 4;
const EARLIER_LINE = 5;
const EARLIER_MAX = 6;
/** The current file's number + 1 (low 16 bits) and the earlier file's number (high 16 bits). */
const FILES = 7;
// Keyed entries only: the content fingerprint and the net amount (high and low 32 bits of a safe integer).
const FP = 8;
const NET_HIGH = 10;
const NET_LOW = 11;
const KEYLESS_WORDS = 8;
const KEYED_WORDS = 12;
/** NET_HIGH for a net amount beyond 2^53 pence, which the table does not hold. */
const NET_UNKNOWN = 0x80000000;
const PAGE_BITS = 16;
const PAGE_ENTRIES = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_ENTRIES - 1;
const TWO_32 = 2 ** 32;

/** The entries of one kind (keyed or keyless) and the hash table over them. */
class EntryTable {
  private readonly pages: Uint32Array[] = [];
  /** Entry number + 1 in each slot; 0 is empty. */
  private slots = new Int32Array(1 << 12);
  size = 0;

  constructor(readonly words: number) {}

  /** The page holding entry `id`; its words start at base(id). */
  page(id: number): Uint32Array {
    return this.pages[id >>> PAGE_BITS] as Uint32Array;
  }

  base(id: number): number {
    return (id & PAGE_MASK) * this.words;
  }

  /** The entry of hash (a, b, c), or -1. */
  find(a: number, b: number, c: number): number {
    const { slots } = this;
    const mask = slots.length - 1;
    for (let s = spread(a, b) & mask; ; s = (s + 1) & mask) {
      const id = (slots[s] as number) - 1;
      if (id < 0) return -1;
      const page = this.page(id);
      const at = this.base(id);
      if (page[at + H] === a && page[at + H + 1] === b && page[at + H + 2] === c) return id;
    }
  }

  /** A new, zeroed entry for hash (a, b, c), which find() has just not found. */
  add(a: number, b: number, c: number): number {
    if ((this.size + 1) * 2 > this.slots.length) this.growSlots();
    const id = this.size++;
    if ((id & PAGE_MASK) === 0) this.pages.push(new Uint32Array(PAGE_ENTRIES * this.words));
    const page = this.page(id);
    const at = this.base(id);
    page[at + H] = a;
    page[at + H + 1] = b;
    page[at + H + 2] = c;
    this.place(this.slots, id, a, b);
    return id;
  }

  private place(slots: Int32Array, id: number, a: number, b: number): void {
    const mask = slots.length - 1;
    let s = spread(a, b) & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = id + 1;
  }

  /** Twice the slots; entries stay where they are, so entry numbers held elsewhere stay valid. */
  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.size; id++) {
      const page = this.page(id);
      const at = this.base(id);
      this.place(slots, id, page[at + H] as number, page[at + H + 1] as number);
    }
    this.slots = slots;
  }
}

function spread(a: number, b: number): number {
  return a ^ Math.imul(b, 0x9e3779b1);
}

/** What the file folds ask of a duplicate index. */
export type DuplicateJudge = Pick<DuplicateIndex, 'beginFile' | 'endFile' | 'judgeContent' | 'judgeKeyless' | 'judgeKeyed'>;

/** Remembers every row read so far, compactly, and judges each new row against earlier files. */
export class DuplicateIndex {
  private readonly files: string[] = [];
  /** Files read to their end: only their copies count as "earlier" for the files after them. */
  private readonly finished: boolean[] = [];
  private fileNumber = -1;
  private readonly keyed = new EntryTable(KEYED_WORDS);
  private readonly keyless = new EntryTable(KEYLESS_WORDS);
  /**
   * Lines of the second and later copies of a row inside one file (rare), per table by entry: in the file that
   * last held it, and in the earlier file holding the most copies.
   */
  private readonly currentMore = [new Map<number, number[]>(), new Map<number, number[]>()] as const;
  private readonly earlierMore = [new Map<number, number[]>(), new Map<number, number[]>()] as const;
  private readonly scratch = new Uint32Array(4);

  /** Starts the next file; rows are then judged against the files before it. */
  beginFile(file: string): void {
    this.files.push(file);
    this.finished.push(false);
    this.fileNumber = this.files.length - 1;
    if (this.fileNumber > 0xfffe) throw new Error('more than 65,534 input files');
  }

  /** Judges a row without a key by its whole content (joined text), and remembers it. */
  judgeContent(content: string, line: number): DuplicateVerdict {
    const hashes = this.scratch;
    hash128(content, hashes);
    return this.judgeKeyless(hashes[0] as number, hashes[1] as number, hashes[2] as number, line);
  }

  /** Closes the current file: its copies become "earlier" for the files that follow. */
  endFile(): void {
    if (this.fileNumber >= 0) this.finished[this.fileNumber] = true;
    this.fileNumber = -1;
  }

  /** Judges a row without a key by the 96-bit hash (a, b, c) of its whole content. */
  judgeKeyless(a: number, b: number, c: number, line: number): DuplicateVerdict {
    const table = this.keyless;
    let id = table.find(a, b, c);
    if (id < 0) id = table.add(a, b, c);
    return this.count(table, 1, id, line);
  }

  /**
   * Judges a row by the 96-bit hash (a, b, c) of its key and the 64-bit fingerprint (fpA, fpB) of its content.
   * `net` is its net amount in pence, NaN beyond 2^53 (a conflict's message then quotes no amount of it).
   */
  judgeKeyed(a: number, b: number, c: number, fpA: number, fpB: number, line: number, net: number): DuplicateVerdict {
    const table = this.keyed;
    let id = table.find(a, b, c);
    if (id < 0) {
      id = table.add(a, b, c);
      const page = table.page(id);
      const at = table.base(id);
      page[at + FP] = fpA;
      page[at + FP + 1] = fpB;
      if (Number.isNaN(net)) {
        page[at + NET_HIGH] = NET_UNKNOWN;
      } else {
        const high = Math.floor(net / TWO_32);
        page[at + NET_HIGH] = high;
        page[at + NET_LOW] = net - high * TWO_32;
      }
    } else {
      const page = table.page(id);
      const at = table.base(id);
      if (page[at + FP] !== fpA || page[at + FP + 1] !== fpB) {
        this.settle(table, 0, id);
        // Cite the earlier file holding the key, or else the first copy in the file being read.
        const earlier = (page[at + EARLIER_MAX] as number) > 0;
        const file = earlier ? (page[at + FILES] as number) >>> 16 : ((page[at + FILES] as number) & 0xffff) - 1;
        const high = page[at + NET_HIGH] as number;
        return {
          kind: 'conflict',
          with: { file: this.files[file] as string, line: page[at + (earlier ? EARLIER_LINE : CUR_LINE)] as number },
          theirNet: high === NET_UNKNOWN ? undefined : BigInt((high | 0) * TWO_32 + (page[at + NET_LOW] as number)),
        };
      }
    }
    return this.count(table, 0, id, line);
  }

  /**
   * A finished file's copies count as earlier once it is closed. Closing is done for each entry when it is next
   * touched, so that a file's end costs nothing however many rows it held.
   */
  private settle(table: EntryTable, which: 0 | 1, id: number): void {
    const page = table.page(id);
    const at = table.base(id);
    const files = page[at + FILES] as number;
    const stamp = files & 0xffff;
    if (stamp === 0 || stamp === this.fileNumber + 1 || !this.finished[stamp - 1]) return;
    const count = page[at + CUR_COUNT] as number;
    const more = this.currentMore[which].get(id);
    if (more) this.currentMore[which].delete(id);
    if (count > (page[at + EARLIER_MAX] as number)) {
      page[at + EARLIER_MAX] = count;
      page[at + EARLIER_LINE] = page[at + CUR_LINE] as number;
      page[at + FILES] = (((stamp - 1) << 16) | stamp) >>> 0;
      if (more) this.earlierMore[which].set(id, more);
      else this.earlierMore[which].delete(id);
    }
  }

  private count(table: EntryTable, which: 0 | 1, id: number, line: number): DuplicateVerdict {
    this.settle(table, which, id);
    const page = table.page(id);
    const at = table.base(id);
    const stamp = this.fileNumber + 1;
    const files = page[at + FILES] as number;
    let copy: number;
    if ((files & 0xffff) !== stamp) {
      page[at + FILES] = ((files & 0xffff0000) | stamp) >>> 0;
      page[at + CUR_COUNT] = 1;
      page[at + CUR_LINE] = line;
      this.currentMore[which].delete(id);
      copy = 0;
    } else {
      copy = page[at + CUR_COUNT] as number;
      page[at + CUR_COUNT] = copy + 1;
      const lines = this.currentMore[which].get(id);
      if (lines) lines.push(line);
      else this.currentMore[which].set(id, [line]);
    }
    if (copy < (page[at + EARLIER_MAX] as number)) {
      const file = this.files[(page[at + FILES] as number) >>> 16] as string;
      const repeated = copy === 0 ? (page[at + EARLIER_LINE] as number) : (this.earlierMore[which].get(id)?.[copy - 1] as number);
      return { kind: 'duplicate', of: { file, line: repeated } };
    }
    return NEW;
  }
}
