/**
 * Duplicate and key-conflict detection across input files, as PRODUCT.md defines it:
 * - duplicates are judged across files, never inside one: identical rows inside one export are all kept;
 * - a row of a later file is a duplicate only as many times as the earlier file holding the most copies holds it,
 *   and it names the copy it repeats;
 * - a row whose key an earlier row holds with different content is a conflicting duplicate (inside one file too).
 *
 * Memory stays small however many rows stream past: a row is remembered as a 96-bit hash of its key (rows with a
 * key) or of its content (rows without), a 64-bit fingerprint of its content, its net amount and where it was
 * first seen, in typed arrays, never as strings. Two different rows share 96 bits with odds below 1 in 10^14 at
 * ten million rows.
 */
import { hash128 } from './hash128.js';
import type { Pence, SourceRef } from './types.js';

/** What the index says of one row. */
export type DuplicateVerdict =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate'; readonly of: SourceRef }
  | { readonly kind: 'conflict'; readonly with: SourceRef; readonly theirNet: Pence | undefined };

const EMPTY = 0;
const MAX_LOAD = 0.7;
const NET_UNKNOWN = -(2n ** 63n);

/**
 * An open-addressing table of rows, column by column in typed arrays. Slot s holds the 96-bit hash at
 * h[3s..3s+2]; `used` marks taken slots.
 */
class RowTable {
  capacity: number;
  size = 0;
  used: Uint8Array;
  h: Uint32Array;
  /** Content fingerprint (64 bits) and net amount of the first row of a key, for conflicts (keyed rows only). */
  fp: Uint32Array;
  net: BigInt64Array;
  firstFile: Uint16Array;
  firstLine: Uint32Array;
  /** The most copies any one finished file holds, that file, and the line of its first copy. */
  earlierMax: Uint32Array;
  earlierFile: Uint16Array;
  earlierLine: Uint32Array;
  /** Copies in the file being read: valid when curStamp is that file's number + 1. */
  curStamp: Uint16Array;
  curCount: Uint32Array;
  curLine: Uint32Array;

  constructor(
    capacity: number,
    private readonly keyed: boolean,
  ) {
    this.capacity = capacity;
    this.used = new Uint8Array(capacity);
    this.h = new Uint32Array(capacity * 3);
    this.fp = new Uint32Array(keyed ? capacity * 2 : 0);
    this.net = new BigInt64Array(keyed ? capacity : 0);
    this.firstFile = new Uint16Array(keyed ? capacity : 0);
    this.firstLine = new Uint32Array(keyed ? capacity : 0);
    this.earlierMax = new Uint32Array(capacity);
    this.earlierFile = new Uint16Array(capacity);
    this.earlierLine = new Uint32Array(capacity);
    this.curStamp = new Uint16Array(capacity);
    this.curCount = new Uint32Array(capacity);
    this.curLine = new Uint32Array(capacity);
  }

  /** The slot of hash (a, b, c), or the empty slot where it would go (negative: -(slot + 1)). */
  find(a: number, b: number, c: number): number {
    const mask = this.capacity - 1;
    let s = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      if (this.used[s] === EMPTY) return -(s + 1);
      const i = s * 3;
      if (this.h[i] === a && this.h[i + 1] === b && this.h[i + 2] === c) return s;
      s = (s + 1) & mask;
    }
  }

  /** Takes an empty slot for hash (a, b, c). */
  take(empty: number, a: number, b: number, c: number): number {
    const s = -empty - 1;
    this.used[s] = 1;
    this.h[s * 3] = a;
    this.h[s * 3 + 1] = b;
    this.h[s * 3 + 2] = c;
    this.size++;
    return s;
  }

  /** A table twice the size with every row moved over. */
  grown(): RowTable {
    const next = new RowTable(this.capacity * 2, this.keyed);
    for (let s = 0; s < this.capacity; s++) {
      if (this.used[s] === EMPTY) continue;
      const i = s * 3;
      const t = next.take(next.find(this.h[i] as number, this.h[i + 1] as number, this.h[i + 2] as number), this.h[i] as number, this.h[i + 1] as number, this.h[i + 2] as number);
      if (this.keyed) {
        next.fp[t * 2] = this.fp[s * 2] as number;
        next.fp[t * 2 + 1] = this.fp[s * 2 + 1] as number;
        next.net[t] = this.net[s] as bigint;
        next.firstFile[t] = this.firstFile[s] as number;
        next.firstLine[t] = this.firstLine[s] as number;
      }
      next.earlierMax[t] = this.earlierMax[s] as number;
      next.earlierFile[t] = this.earlierFile[s] as number;
      next.earlierLine[t] = this.earlierLine[s] as number;
      next.curStamp[t] = this.curStamp[s] as number;
      next.curCount[t] = this.curCount[s] as number;
      next.curLine[t] = this.curLine[s] as number;
    }
    return next;
  }
}

/** Remembers every row read so far, compactly, and judges each new row against earlier files. */
export class DuplicateIndex {
  private readonly files: string[] = [];
  private fileNumber = -1;
  private keyed = new RowTable(1024, true);
  private keyless = new RowTable(1024, false);
  /** Slots touched in the file being read, per table, to close the file without a scan. */
  private touchedKeyed: number[] = [];
  private touchedKeyless: number[] = [];
  /** Lines of second and later copies inside one file (rare): per table, by slot. */
  private earlierMore = [new Map<number, number[]>(), new Map<number, number[]>()];
  private currentMore = [new Map<number, number[]>(), new Map<number, number[]>()];
  private readonly scratch = new Uint32Array(4);

  /** Starts the next file; rows are then judged against the files before it. */
  beginFile(file: string): void {
    // A file left unfinished (refused part-way) leaves nothing behind for the files after it.
    this.touchedKeyed = [];
    this.touchedKeyless = [];
    for (const more of this.currentMore) more.clear();
    this.files.push(file);
    this.fileNumber = this.files.length - 1;
    if (this.fileNumber > 0xfffe) throw new Error('more than 65,534 input files');
  }

  /**
   * Judges a row of the current file and remembers it. Rows with a key are identified by the key and compared by
   * content; rows without one (`key` undefined) by their whole content.
   */
  judge(content: string, key: string | undefined, source: SourceRef, net: Pence): DuplicateVerdict {
    if (this.fileNumber < 0) this.beginFile(source.file);
    const hashes = this.scratch;
    const keyedRow = key !== undefined;
    hash128(keyedRow ? key : content, hashes);
    const [a, b, c] = [hashes[0] as number, hashes[1] as number, hashes[2] as number];
    let fpA = 0;
    let fpB = 0;
    if (keyedRow) {
      hash128(content, hashes, 0, 0x5bd1e995);
      fpA = hashes[0] as number;
      fpB = hashes[1] as number;
    }
    let table = keyedRow ? this.keyed : this.keyless;
    let slot = table.find(a, b, c);
    if (slot < 0) {
      if ((table.size + 1) / table.capacity > MAX_LOAD) {
        table = this.grow(keyedRow);
        slot = table.find(a, b, c);
      }
      slot = table.take(slot, a, b, c);
      if (keyedRow) {
        table.fp[slot * 2] = fpA;
        table.fp[slot * 2 + 1] = fpB;
        table.net[slot] = fitsInt64(net) ? net : NET_UNKNOWN;
        table.firstFile[slot] = this.fileNumber;
        table.firstLine[slot] = source.line;
      }
    } else if (keyedRow && (table.fp[slot * 2] !== fpA || table.fp[slot * 2 + 1] !== fpB)) {
      const theirNet = table.net[slot] as bigint;
      return {
        kind: 'conflict',
        with: { file: this.files[table.firstFile[slot] as number] as string, line: table.firstLine[slot] as number },
        theirNet: theirNet === NET_UNKNOWN ? undefined : theirNet,
      };
    }
    return this.count(table, keyedRow ? 0 : 1, slot, source.line);
  }

  /** Closes the current file: its copies become "earlier" for the files that follow. */
  endFile(): void {
    this.close(this.keyed, 0, this.touchedKeyed);
    this.close(this.keyless, 1, this.touchedKeyless);
    this.touchedKeyed = [];
    this.touchedKeyless = [];
    this.fileNumber = -1;
  }

  private count(table: RowTable, which: 0 | 1, slot: number, line: number): DuplicateVerdict {
    const stamp = this.fileNumber + 1;
    let copy: number;
    if (table.curStamp[slot] !== stamp) {
      table.curStamp[slot] = stamp;
      table.curCount[slot] = 1;
      table.curLine[slot] = line;
      (which === 0 ? this.touchedKeyed : this.touchedKeyless).push(slot);
      copy = 0;
    } else {
      copy = table.curCount[slot] as number;
      table.curCount[slot] = copy + 1;
      const more = this.currentMore[which] as Map<number, number[]>;
      const lines = more.get(slot);
      if (lines) lines.push(line);
      else more.set(slot, [line]);
    }
    if (copy < (table.earlierMax[slot] as number)) {
      const file = this.files[table.earlierFile[slot] as number] as string;
      const repeated = copy === 0 ? (table.earlierLine[slot] as number) : ((this.earlierMore[which] as Map<number, number[]>).get(slot)?.[copy - 1] as number);
      return { kind: 'duplicate', of: { file, line: repeated } };
    }
    return { kind: 'new' };
  }

  private close(table: RowTable, which: 0 | 1, touched: readonly number[]): void {
    const earlierMore = this.earlierMore[which] as Map<number, number[]>;
    const currentMore = this.currentMore[which] as Map<number, number[]>;
    for (const slot of touched) {
      const count = table.curCount[slot] as number;
      if (count > (table.earlierMax[slot] as number)) {
        table.earlierMax[slot] = count;
        table.earlierFile[slot] = this.fileNumber;
        table.earlierLine[slot] = table.curLine[slot] as number;
        const more = currentMore.get(slot);
        if (more) earlierMore.set(slot, more);
        else earlierMore.delete(slot);
      }
    }
    currentMore.clear();
  }

  private grow(keyedRow: boolean): RowTable {
    const which = keyedRow ? 0 : 1;
    const old = keyedRow ? this.keyed : this.keyless;
    const table = old.grown();
    // Only the few slots remembered outside the table need their new place: found again by their hash.
    const moved = (s: number): number => table.find(old.h[s * 3] as number, old.h[s * 3 + 1] as number, old.h[s * 3 + 2] as number);
    const remap = (list: number[]): number[] => list.map(moved);
    const remapKeys = (map: Map<number, number[]>): Map<number, number[]> => new Map([...map].map(([s, v]) => [moved(s), v]));
    this.earlierMore[which] = remapKeys(this.earlierMore[which] as Map<number, number[]>);
    this.currentMore[which] = remapKeys(this.currentMore[which] as Map<number, number[]>);
    if (keyedRow) {
      this.keyed = table;
      this.touchedKeyed = remap(this.touchedKeyed);
    } else {
      this.keyless = table;
      this.touchedKeyless = remap(this.touchedKeyless);
    }
    return table;
  }
}

function fitsInt64(p: Pence): boolean {
  return p > NET_UNKNOWN && p < 2n ** 63n;
}

