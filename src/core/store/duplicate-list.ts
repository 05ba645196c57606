/**
 * The duplicates a run finds, held compactly. An export given twice makes every row of the second copy a
 * duplicate, so this list can run to millions: each entry is four 32-bit numbers (the file and line of the
 * duplicate, the file and line of the row it repeats), files by number in a table of their names. A million
 * duplicates take 16 MB, where an object and two positions each took over a hundred bytes a row.
 */
import { doubled } from './doubled.js';
import { lineOf, Names } from './names.js';
import type { Sequence } from './sequence.js';
import type { SourceRef } from '../types.js';

/** A duplicate row and the earlier row it repeats. */
export interface DuplicateRow {
  readonly source: SourceRef;
  readonly duplicateOf: SourceRef;
}

const FIELDS = 4;

/** Every duplicate, in the order found. */
export class DuplicateList implements Sequence<DuplicateRow> {
  private readonly files = new Names();
  private cells = new Uint32Array(FIELDS * 64);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(source: SourceRef, duplicateOf: SourceRef): void {
    if ((this.count + 1) * FIELDS > this.cells.length) this.cells = doubled(this.cells);
    const at = this.count * FIELDS;
    this.cells[at] = this.files.number(source.file);
    this.cells[at + 1] = lineOf(source);
    this.cells[at + 2] = this.files.number(duplicateOf.file);
    this.cells[at + 3] = lineOf(duplicateOf);
    this.count++;
  }

  /** The entry at `index` (0 ≤ index < length). */
  at(index: number): DuplicateRow {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no duplicate ${index} of ${this.count}`);
    const at = index * FIELDS;
    const cells = this.cells;
    return {
      source: { file: this.files.name(cells[at] as number), line: cells[at + 1] as number },
      duplicateOf: { file: this.files.name(cells[at + 2] as number), line: cells[at + 3] as number },
    };
  }

  *[Symbol.iterator](): Iterator<DuplicateRow> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }
}
