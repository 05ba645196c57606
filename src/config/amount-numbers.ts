/**
 * Caps (of a year, and of the whole grant) and budgets written as JSON numbers (`"budget": 120000.50`), read from the file's own text. JSON.parse turns
 * a number into a binary double, which cannot hold most amounts of pence exactly (0.1 + 0.2, 123456789012345678.01),
 * so the text of each such number is taken as written and becomes the amount string the schema reads ("120000.50").
 * A number with more than two decimals or with an exponent is not pounds and pence as an analyst writes them: it is
 * refused, never rounded. jsonc-parser's tree gives each value's place in the text.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { jsonPath, type ConfigProblem } from './problems.js';

/** The amounts of a configuration: each list, and the key of its entries that holds an amount. */
const AMOUNT_PLACES: readonly (readonly [list: string, key: string])[] = [
  ['years', 'cap'],
  ['budgets', 'budget'],
];

/** The amounts that stand at the top of a configuration. */
const TOP_AMOUNTS: readonly string[] = ['grantCap'];

/** A JSON number's text (the JSON grammar): sign, whole part, decimals, exponent. */
const JSON_NUMBER = /^(-?)(\d+)(?:\.(\d+))?([eE][+-]?\d+)?$/;

/**
 * `raw` (the value JSON.parse made of `text`) with each cap and budget written as a number replaced by its exact
 * amount string, and a problem for each such number that is not pounds and pence. `raw` itself is not changed.
 */
export function readAmountNumbers(text: string, raw: unknown): { raw: unknown; problems: ConfigProblem[] } {
  if (!isRecord(raw)) return { raw, problems: [] };
  const tree = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (tree === undefined) return { raw, problems: [] };
  const problems: ConfigProblem[] = [];
  const file: Record<string, unknown> = { ...raw };
  for (const key of TOP_AMOUNTS) {
    if (typeof file[key] !== 'number') continue;
    const node = findNodeAtLocation(tree, [key]);
    if (node?.type !== 'number') continue;
    const read = amountOfNumberText(text.slice(node.offset, node.offset + node.length));
    if (typeof read === 'string') file[key] = read;
    else problems.push({ path: jsonPath([key]), message: read.problem });
  }
  for (const [list, key] of AMOUNT_PLACES) {
    const entries = file[list];
    if (!Array.isArray(entries)) continue;
    file[list] = entries.map((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry[key] !== 'number') return entry;
      const node = findNodeAtLocation(tree, [list, index, key]);
      if (node?.type !== 'number') return entry;
      const read = amountOfNumberText(text.slice(node.offset, node.offset + node.length));
      if (typeof read === 'string') return { ...entry, [key]: read };
      problems.push({ path: jsonPath([list, index, key]), message: read.problem });
      return entry;
    });
  }
  return { raw: file, problems };
}

/**
 * A JSON number's text as an amount string with two decimals (`120000.5` → `"120000.50"`, `-3` → `"-3.00"`), or
 * why it is not one. Only the digits are moved: no double is ever made of it.
 */
export function amountOfNumberText(numberText: string): string | { problem: string } {
  const match = JSON_NUMBER.exec(numberText);
  if (match === null) return { problem: `${numberText} is not a number` };
  const [, sign = '', whole = '', decimals = '', exponent] = match;
  const example = 'e.g. 120000.50 or "120000.50"';
  if (exponent !== undefined) return { problem: `${numberText} is written with an exponent: write the amount in pounds and pence, ${example}` };
  if (decimals.length > 2) return { problem: `${numberText} has more than two decimals: an amount is pounds and pence, ${example}` };
  return `${sign}${whole}.${decimals.padEnd(2, '0')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
