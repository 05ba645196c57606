/**
 * Names by number, for lists held in typed arrays (duplicate-list.ts, matched-rows.ts, error-list.ts): a file, a
 * chart rule or a message is stored as its number, and its name once. Also the check that a line fits the 32 bits
 * such lists give it.
 */
import type { SourceRef } from '../types.js';

/** Names by number, in the order first given. */
export class Names {
  private readonly list: string[] = [];
  private readonly numbers = new Map<string, number>();

  /**
   * `remembered`: how many names are looked up by name. Past it a new name is given a number of its own even if it
   * came before: a Map holds at most 2^24 entries (V8 refuses more), and a broken export can have more distinct
   * messages than that. Numbers stay right; only the saving of a repeated name is lost.
   */
  constructor(private readonly remembered = 2 ** 24 - 1) {}

  /** Every name, by number. */
  get names(): readonly string[] {
    return this.list;
  }

  /** The number of `name`, given it if it had none. */
  number(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) {
      number = this.list.length;
      this.list.push(name);
      if (this.numbers.size < this.remembered) this.numbers.set(name, number);
    }
    return number;
  }

  name(number: number): string {
    return this.list[number] as string;
  }
}

/** The line of `ref`, refused where it would not fit 32 bits, rather than held wrong. */
export function lineOf(ref: SourceRef): number {
  if (!Number.isInteger(ref.line) || ref.line < 1 || ref.line > 0xffff_ffff) throw new RangeError(`line ${ref.line} of ${ref.file} cannot be listed`);
  return ref.line;
}
