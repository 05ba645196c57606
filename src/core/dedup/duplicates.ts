/**
 * Duplicate and key-conflict detection across input files, as PRODUCT.md defines it:
 * - duplicates are judged across files, never inside one: identical rows inside one export are all kept;
 * - a row of a later file is a duplicate only as many times as the earlier file holding the most copies holds it,
 *   and it names the copy it repeats;
 * - a row whose key an earlier row holds with different content is a conflicting duplicate (inside one file too).
 *
 * Memory stays small however many rows stream past: about 30 bytes a row with a key, 22 without. A row is remembered
 * as a 96-bit hash of its key (rows with a key) or of its content (rows without), with a 64-bit fingerprint of its
 * content (keyed rows only): 20 or 12 bytes in pages of typed arrays that are never copied as they grow. Beside it,
 * two bytes say which file last held it and whether more is known of it, a byte gives its line (below), and a
 * 4-byte slot of an open-addressing table kept at most three quarters full finds it. Never as strings. Two
 * different rows share 96 bits with odds below 1 in 10^14 at ten million rows, and a keyed row is a duplicate only
 * when its key's 96 bits and its content's 64 bits both match.
 *
 * What repeats is kept beside the pages, by entry: the line of a row's first copy in a later file, and the copy of
 * a finished file that a later file repeats ("earlier"), in typed maps (entry-map.ts: 8 and 12 bytes an entry in a
 * table at most three quarters full), and the rarer second and later copies in one file in Maps. So memory grows
 * beyond the bytes above only with the rows that repeat, which the report lists anyway.
 *
 * A row's line is kept as its distance from the line of the entry made before it (a byte: rows are mostly on
 * consecutive lines), with the whole line every 32 entries and wherever the distance does not fit a byte.
 */
import { doubled } from '../store/doubled.js';
import { EntryMap } from './entry-map.js';
import { hash128 } from '../store/hash128.js';
import type { SourceRef } from '../types.js';

/** What the index says of one row. */
export type DuplicateVerdict =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate'; readonly of: SourceRef }
  | { readonly kind: 'conflict'; readonly with: SourceRef };

const NEW: DuplicateVerdict = { kind: 'new' };

/** Input files the index can tell apart: a file's number + 1 takes the low 14 bits of an entry's state. */
export const MAX_INPUT_FILES = 0x3ffe;
// An entry's state (16 bits): the number + 1 of the file that last held it, and two flags.
const STAMP = 0x3fff;
/** The file that last held the row holds more than one copy: their lines are in `more`. */
const REPEATED = 0x4000;
/** A finished file's copies of the row are in `earlier`. */
const EARLIER = 0x8000;

const PAGE_BITS = 16;
const PAGE_ENTRIES = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_ENTRIES - 1;
/** A slot holds the entry's number + 1 above TAG_BITS bits of its hash, so most probes never read the entry. */
const TAG_BITS = 5;
const TAG_MASK = (1 << TAG_BITS) - 1;
const MAX_ENTRIES = 2 ** (32 - TAG_BITS) - 2;

/** The line of each entry, in the order entries are made (see the top of this file). */
class LineStore {
  private readonly steps: Uint8Array[] = [];
  private marks = new Uint32Array(1024);
  /** Lines whose step does not fit a byte (FAR), by entry. */
  private readonly far = new Map<number, number>();
  private last = 0;
  private fresh = true;

  /** The next entry is the first of a new file: its line is kept whole. */
  newFile(): void {
    this.fresh = true;
  }

  add(id: number, line: number): void {
    if ((id & PAGE_MASK) === 0) this.steps.push(new Uint8Array(PAGE_ENTRIES));
    const step = line - this.last;
    const page = this.steps[id >>> PAGE_BITS] as Uint8Array;
    if (this.fresh || step < 1 || step >= FAR) {
      page[id & PAGE_MASK] = FAR;
      this.far.set(id, line);
      this.fresh = false;
    } else {
      page[id & PAGE_MASK] = step;
    }
    if ((id & MARK_MASK) === 0) {
      const mark = id >>> MARK_BITS;
      if (mark === this.marks.length) this.marks = doubled(this.marks);
      this.marks[mark] = line;
    }
    this.last = line;
  }

  get(id: number): number {
    const first = id & ~MARK_MASK;
    let line = this.marks[first >>> MARK_BITS] as number;
    for (let at = first + 1; at <= id; at++) {
      const step = (this.steps[at >>> PAGE_BITS] as Uint8Array)[at & PAGE_MASK] as number;
      line = step === FAR ? (this.far.get(at) as number) : line + step;
    }
    return line;
  }
}
const FAR = 255;
const MARK_BITS = 5;
const MARK_MASK = (1 << MARK_BITS) - 1;

/** A finished file's copies of a row: the file and each copy's line. */
interface Copies {
  readonly file: number;
  readonly lines: readonly number[];
}

/**
 * The copies of the finished file that held the most of each row (EARLIER). One copy, the usual case (an export
 * given again), is a file and a line in an EntryMap; two or more are kept in a map of Copies.
 */
class EarlierCopies {
  /** File number, then line. */
  private readonly one = new EntryMap(2);
  private readonly several = new Map<number, Copies>();

  /** How many copies are kept for entry `id` (0: none). */
  held(id: number): number {
    const several = this.several.get(id);
    if (several !== undefined) return several.lines.length;
    return this.one.find(id) < 0 ? 0 : 1;
  }

  /** The file number and line of copy `copy` of entry `id`, or undefined when fewer copies are kept. */
  copyAt(id: number, copy: number): { readonly file: number; readonly line: number } | undefined {
    const several = this.several.get(id);
    if (several !== undefined) return copy < several.lines.length ? { file: several.file, line: several.lines[copy] as number } : undefined;
    const slot = copy === 0 ? this.one.find(id) : -1;
    return slot < 0 ? undefined : { file: this.one.get(slot, 0), line: this.one.get(slot, 1) };
  }

  /** Keeps `lines` of `file` for entry `id`, in place of fewer copies kept before. */
  keep(id: number, file: number, lines: readonly number[]): void {
    if (lines.length > 1) {
      this.several.set(id, { file, lines });
      return;
    }
    const slot = this.one.slot(id);
    this.one.set(slot, 0, file);
    this.one.set(slot, 1, lines[0] as number);
  }
}

/** The entries of one kind (keyed or keyless), the hash table over them, and what is known of each. */
class EntryTable {
  private readonly pages: Uint32Array[] = [];
  private readonly statePages: Uint16Array[] = [];
  /** (Entry number + 1) << TAG_BITS | tag in each slot; 0 is empty. */
  private slots = new Uint32Array(1 << 12);
  size = 0;
  /** The entries the inputs may make (expectRows): the slots' first growth goes straight to their size. */
  expected = 0;
  readonly lines = new LineStore();
  /** The line of the first copy in the file that last held the row, where that is not the file that made the entry. */
  readonly currentLine = new EntryMap(1);
  /** The lines of the second and later copies in the file that last held the row (REPEATED). */
  readonly more = new Map<number, number[]>();
  /** The copies of the finished file that held the most (EARLIER). */
  readonly earlier = new EarlierCopies();

  constructor(readonly words: number) {}

  /** The page holding entry `id`'s words; they start at base(id). */
  page(id: number): Uint32Array {
    return this.pages[id >>> PAGE_BITS] as Uint32Array;
  }

  base(id: number): number {
    return (id & PAGE_MASK) * this.words;
  }

  state(id: number): number {
    return (this.statePages[id >>> PAGE_BITS] as Uint16Array)[id & PAGE_MASK] as number;
  }

  setState(id: number, state: number): void {
    (this.statePages[id >>> PAGE_BITS] as Uint16Array)[id & PAGE_MASK] = state;
  }

  /** The line of the first copy in the file that last held the row. */
  firstLine(id: number): number {
    const slot = this.currentLine.find(id);
    return slot < 0 ? this.lines.get(id) : this.currentLine.get(slot, 0);
  }

  /** The entry of hash (a, b, c), or -1. */
  find(a: number, b: number, c: number): number {
    const { slots } = this;
    const mask = slots.length - 1;
    const tag = b & TAG_MASK;
    for (let s = spread(a, b) & mask; ; s = (s + 1) & mask) {
      const slot = slots[s] as number;
      if (slot === 0) return -1;
      if ((slot & TAG_MASK) !== tag) continue;
      const id = (slot >>> TAG_BITS) - 1;
      const page = this.page(id);
      const at = this.base(id);
      if (page[at] === a && page[at + 1] === b && page[at + 2] === c) return id;
    }
  }

  /** A new entry for hash (a, b, c), which find() has just not found, made on `line`; its other words are zero. */
  add(a: number, b: number, c: number, line: number): number {
    if (this.size === MAX_ENTRIES) throw new Error(`more than ${MAX_ENTRIES} distinct rows`);
    if ((this.size + 1) * 4 > this.slots.length * 3) this.growSlots();
    const id = this.size++;
    if ((id & PAGE_MASK) === 0) {
      this.pages.push(new Uint32Array(PAGE_ENTRIES * this.words));
      this.statePages.push(new Uint16Array(PAGE_ENTRIES));
    }
    const page = this.page(id);
    const at = this.base(id);
    page[at] = a;
    page[at + 1] = b;
    page[at + 2] = c;
    this.lines.add(id, line);
    this.place(this.slots, id, a, b);
    return id;
  }

  private place(slots: Uint32Array, id: number, a: number, b: number): void {
    const mask = slots.length - 1;
    let s = spread(a, b) & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = (((id + 1) << TAG_BITS) | (b & TAG_MASK)) >>> 0;
  }

  /**
   * Twice the slots, or at once as many as the expected entries need (each doubling places every entry again: a fifth
   * of the main thread's work at a million rows); entries stay where they are, so entry numbers held elsewhere stay valid.
   */
  private growSlots(): void {
    const slots = new Uint32Array(Math.max(this.slots.length * 2, slotsFor(this.expected)));
    for (let id = 0; id < this.size; id++) {
      const page = this.page(id);
      const at = this.base(id);
      this.place(slots, id, page[at] as number, page[at + 1] as number);
    }
    this.slots = slots;
  }
}

/** The most slots an estimate may take at once (64 MiB, ten million entries); beyond, the table doubles as it fills. */
const MAX_EXPECTED_SLOTS = 1 << 24;

/** The slots that keep `entries` at most three quarters full: a power of two, at most MAX_EXPECTED_SLOTS. */
function slotsFor(entries: number): number {
  let slots = 1 << 12;
  while (slots < MAX_EXPECTED_SLOTS && entries * 4 > slots * 3) slots *= 2;
  return slots;
}

function spread(a: number, b: number): number {
  return a ^ Math.imul(b, 0x9e3779b1);
}

/** What the file folds ask of a duplicate index. */
export type DuplicateJudge = Pick<DuplicateIndex, 'expectRows' | 'beginFile' | 'endFile' | 'judgeContent' | 'judgeKeyless' | 'judgeKeyed'>;

/** Remembers every row read so far, compactly, and judges each new row against earlier files. */
export class DuplicateIndex {
  private readonly files: string[] = [];
  /** Files read to their end: only their copies count as "earlier" for the files after them. */
  private readonly finished: boolean[] = [];
  private fileNumber = -1;
  /** Keyed entries: the key's hash, then the content's fingerprint (FP). */
  private readonly keyed = new EntryTable(5);
  private readonly keyless = new EntryTable(3);
  private readonly scratch = new Uint32Array(4);

  /**
   * About how many rows the inputs hold (an estimate from their size, which may be wrong either way): a table that
   * outgrows its first slots takes enough for them at once. Memory is taken only by a table that is used.
   */
  expectRows(rows: number): void {
    this.keyed.expected = rows;
    this.keyless.expected = rows;
  }

  /** Starts the next file; rows are then judged against the files before it. */
  beginFile(file: string): void {
    if (this.files.length === MAX_INPUT_FILES) throw new Error(`more than ${MAX_INPUT_FILES} input files`);
    this.files.push(file);
    this.finished.push(false);
    this.fileNumber = this.files.length - 1;
    this.keyed.lines.newFile();
    this.keyless.lines.newFile();
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
    const id = table.find(a, b, c);
    if (id < 0) return this.first(table, table.add(a, b, c, line));
    return this.count(table, id, line);
  }

  /** Judges a row by the 96-bit hash (a, b, c) of its key and the 64-bit fingerprint (fpA, fpB) of its content. */
  judgeKeyed(a: number, b: number, c: number, fpA: number, fpB: number, line: number): DuplicateVerdict {
    const table = this.keyed;
    const id = table.find(a, b, c);
    if (id < 0) {
      const made = table.add(a, b, c, line);
      const page = table.page(made);
      const at = table.base(made);
      page[at + 3] = fpA;
      page[at + 4] = fpB;
      return this.first(table, made);
    }
    const page = table.page(id);
    const at = table.base(id);
    if (page[at + 3] !== fpA || page[at + 4] !== fpB) {
      this.settle(table, id);
      // Cite the earlier file holding the key, or else the first copy in the file that last held it.
      const earlier = table.earlier.copyAt(id, 0);
      const cited =
        earlier === undefined
          ? { file: this.files[(table.state(id) & STAMP) - 1] as string, line: table.firstLine(id) }
          : { file: this.files[earlier.file] as string, line: earlier.line };
      return { kind: 'conflict', with: cited };
    }
    return this.count(table, id, line);
  }

  /** A row never seen before: new, held once by this file, its line kept with the entry. */
  private first(table: EntryTable, id: number): DuplicateVerdict {
    table.setState(id, this.fileNumber + 1);
    return NEW;
  }

  /**
   * A finished file's copies count as earlier once it is closed. Closing is done for each entry when it is next
   * touched, so that a file's end costs nothing however many rows it held.
   */
  private settle(table: EntryTable, id: number): void {
    const state = table.state(id);
    const stamp = state & STAMP;
    if (stamp === this.fileNumber + 1 || !this.finished[stamp - 1]) return;
    const more = state & REPEATED ? (table.more.get(id) as number[]) : [];
    // Nothing is held for an entry without EARLIER: no lookup needed for the usual row, seen in one file before.
    const held = state & EARLIER ? table.earlier.held(id) : 0;
    if (1 + more.length > held) {
      table.earlier.keep(id, stamp - 1, [table.firstLine(id), ...more]);
      table.setState(id, stamp | EARLIER);
    } else {
      table.setState(id, state & ~REPEATED);
    }
    table.more.delete(id);
  }

  /** A row seen before: counts this copy, a duplicate while the earlier file holds more copies than this one. */
  private count(table: EntryTable, id: number, line: number): DuplicateVerdict {
    this.settle(table, id);
    const state = table.state(id);
    const stamp = this.fileNumber + 1;
    let copy: number;
    if ((state & STAMP) !== stamp) {
      // The copies of a file that was never finished (refused part-way) are forgotten.
      if (state & REPEATED) table.more.delete(id);
      table.setState(id, (state & EARLIER) | stamp);
      table.currentLine.set(table.currentLine.slot(id), 0, line);
      copy = 0;
    } else {
      const more = table.more.get(id);
      if (more === undefined) {
        table.more.set(id, [line]);
        table.setState(id, state | REPEATED);
        copy = 1;
      } else {
        copy = 1 + more.length;
        more.push(line);
      }
    }
    if (state & EARLIER) {
      const earlier = table.earlier.copyAt(id, copy);
      if (earlier !== undefined) return { kind: 'duplicate', of: { file: this.files[earlier.file] as string, line: earlier.line } };
    }
    return NEW;
  }
}
