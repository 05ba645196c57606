/**
 * Keys given twice in one object of a JSON text. JSON.parse keeps the last of them without a word, so a file
 * with two "cap" keys in one year would be read as whichever comes last, while another reader (or a person reading
 * down the file) takes the first: the configuration, and every file grant-recon wrote before, is refused instead.
 * jsonc-parser's visitor walks the text with line numbers (the text must already be valid JSON).
 */
import { visit } from 'jsonc-parser';
import { jsonPath, type ConfigProblem } from './problems.js';

/** A key an object gives again: where (the object's path, then the key), and the lines of its first and of this one (1-based). */
export interface RepeatedKey {
  readonly path: readonly (string | number)[];
  readonly key: string;
  readonly first: number;
  readonly line: number;
}

/** Every key that an object of `text` gives again, in the order of the text; at most `limit` of them. */
export function repeatedKeys(text: string, limit = Number.POSITIVE_INFINITY): RepeatedKey[] {
  const repeats: RepeatedKey[] = [];
  /** For each object open at this point of the walk: the line of each key it has given so far. */
  const open: Map<string, number>[] = [];
  const enough = new Error('enough repeated keys');
  try {
    visit(
      text,
      {
        onObjectBegin: () => {
          open.push(new Map());
        },
        onObjectEnd: () => {
          open.pop();
        },
        onObjectProperty: (key, _offset, _length, startLine, _startCharacter, pathSupplier) => {
          const keys = open.at(-1);
          if (keys === undefined) return;
          const line = startLine + 1;
          const first = keys.get(key);
          if (first === undefined) {
            keys.set(key, line);
            return;
          }
          repeats.push({ path: [...pathSupplier(), key], key, first, line });
          if (repeats.length >= limit) throw enough;
        },
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch (error) {
    if (error !== enough) throw error;
  }
  return repeats;
}

/** Where a repeated key stands, as a message says it: "at lines 4 and 5", or "on line 1". */
export function repeatedKeyLines(repeat: RepeatedKey): string {
  return repeat.first === repeat.line ? `on line ${repeat.line}` : `at lines ${repeat.first} and ${repeat.line}`;
}

/** One problem per key that an object of `text` gives again, at the path of the key, with both lines (1-based). */
export function findDuplicateKeys(text: string): ConfigProblem[] {
  return repeatedKeys(text).map((repeat) => ({ path: jsonPath(repeat.path), message: `the key "${repeat.key}" is given twice, ${repeatedKeyLines(repeat)}; give it once` }));
}
