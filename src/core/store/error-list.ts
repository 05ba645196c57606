/**
 * The rows in error a run finds, held compactly. An export whose date column changed format puts every row in
 * error, so this list can run to millions, and the JSON report lists them all: each entry is five 32-bit numbers
 * (its file, line, code, message and hint), files and texts by number in tables of their own (a message repeats
 * wherever the same bad value does). A row in error had taken a few hundred bytes as objects and strings.
 *
 * Only the first EXCERPTS_KEPT entries keep their excerpt (the line as read): only the diagnostics show it, and they
 * show the first rows only.
 */
import { doubled } from './doubled.js';
import { lineOf, Names } from './names.js';
import type { Sequence } from './sequence.js';
import { inSourceOrder } from './source-order.js';
import { ROW_ERROR_CODES, type RowError } from '../types.js';

/** Rows in error that keep their excerpt; the rest are listed without it. */
export const EXCERPTS_KEPT = 1000;

const FILE = 0;
const LINE = 1;
const CODE = 2;
const MESSAGE = 3;
/** The hint's number + 1; 0 when the error has none. */
const HINT = 4;
const FIELDS = 5;

/** Every row in error, in the order recorded. */
export class ErrorList implements Sequence<RowError> {
  private readonly files: Names;
  private readonly texts: Names;
  private cells: Uint32Array;
  private count: number;
  private readonly excerpts: Map<number, string>;
  /** Messages given in place of the ones recorded (withMessages), in a list that is then read only. */
  private readonly replaced: ReadonlyMap<number, string> | undefined;

  constructor(from?: { list: ErrorList; replaced: ReadonlyMap<number, string> }) {
    this.files = from?.list.files ?? new Names();
    this.texts = from?.list.texts ?? new Names();
    this.cells = from?.list.cells ?? new Uint32Array(FIELDS * 64);
    this.count = from?.list.count ?? 0;
    this.excerpts = from?.list.excerpts ?? new Map<number, string>();
    this.replaced = from?.replaced;
  }

  get length(): number {
    return this.count;
  }

  /** Does the next error recorded keep its excerpt? */
  get keepsExcerpt(): boolean {
    return this.count < EXCERPTS_KEPT;
  }

  /** Records `error`: its excerpt only while keepsExcerpt. */
  push(error: RowError): void {
    if (this.replaced !== undefined) throw new Error('a list with replaced messages shares its entries, and is read only');
    if ((this.count + 1) * FIELDS > this.cells.length) this.cells = doubled(this.cells);
    const at = this.count * FIELDS;
    const cells = this.cells;
    cells[at + FILE] = this.files.number(error.source.file);
    cells[at + LINE] = lineOf(error.source);
    cells[at + CODE] = ROW_ERROR_CODES.indexOf(error.code);
    cells[at + MESSAGE] = this.texts.number(error.message);
    cells[at + HINT] = error.hint === undefined ? 0 : this.texts.number(error.hint) + 1;
    if (error.excerpt !== undefined && this.keepsExcerpt) this.excerpts.set(this.count, error.excerpt);
    this.count++;
  }

  /** The code of entry `index` (0 ≤ index < length). */
  code(index: number): RowError['code'] {
    this.check(index);
    return this.codeAt(index);
  }

  /** Entry `index` (0 ≤ index < length). */
  at(index: number): RowError {
    this.check(index);
    const at = index * FIELDS;
    const cells = this.cells;
    const hint = cells[at + HINT] as number;
    const excerpt = this.excerpts.get(index);
    return {
      source: { file: this.files.name(cells[at + FILE] as number), line: cells[at + LINE] as number },
      code: this.codeAt(index),
      message: this.replaced?.get(index) ?? this.texts.name(cells[at + MESSAGE] as number),
      ...(hint === 0 ? {} : { hint: this.texts.name(hint - 1) }),
      ...(excerpt === undefined ? {} : { excerpt }),
    };
  }

  *[Symbol.iterator](): Iterator<RowError> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  /**
   * This list with the messages of some entries replaced (`messages`: by index). It shares what this list holds,
   * so it is made once the fold that records errors is finished, and is itself read only.
   */
  withMessages(messages: ReadonlyMap<number, string>): ErrorList {
    if (this.replaced !== undefined) throw new Error('messages are replaced once, in the list the fold recorded');
    return new ErrorList({ list: this, replaced: messages });
  }

  /**
   * The entries in the order of their files (`fileOrder`: a file's place among the inputs), then of their lines,
   * made one by one as the sequence is read. Entries of one file and line keep the order they were recorded in.
   */
  sorted(fileOrder: ReadonlyMap<string, number>): Sequence<RowError> {
    return inSourceOrder({ count: this.count, numbers: this.cells, width: FIELDS, file: FILE, line: LINE }, this.files, fileOrder, (i) => this.at(i));
  }

  private codeAt(index: number): RowError['code'] {
    return ROW_ERROR_CODES[this.cells[index * FIELDS + CODE] as number] as RowError['code'];
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no row in error ${index} of ${this.count}`);
  }
}
