/**
 * Keys given twice in one object of a JSON text. JSON.parse keeps the last of them without a word, so a file
 * with two "cap" keys in one year would be read as whichever comes last; the configuration refuses it instead.
 * jsonc-parser's visitor walks the text with line numbers (the text must already be valid JSON).
 */
import { visit } from 'jsonc-parser';
import { jsonPath, type ConfigProblem } from './problems.js';

/** One problem per key that an object of `text` gives again, at the path of the key, with both lines (1-based). */
export function findDuplicateKeys(text: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  /** For each object open at this point of the walk: the line of each key it has given so far. */
  const open: Map<string, number>[] = [];
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
        if (first === undefined) keys.set(key, line);
        else problems.push({ path: jsonPath([...pathSupplier(), key]), message: `the key "${key}" is given twice, ${first === line ? `on line ${line}` : `at lines ${first} and ${line}`}; give it once` });
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return problems;
}
