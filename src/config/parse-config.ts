/**
 * A configuration file's text to the trusted GrantConfig (pure): JSON, then keys given twice, then the schema and
 * the rules; every problem of the file in one result, each with its JSON path.
 */
import { readAmountNumbers } from './amount-numbers.js';
import { findDuplicateKeys } from './duplicate-keys.js';
import { findFillIns } from './fill-in.js';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';
import { jsonSyntaxProblem } from './json-syntax.js';
import type { GrantConfig } from '../core/grant-config.js';
import type { ConfigProblem } from './problems.js';
import { normaliseConfig, validateConfig } from './schema.js';

/** Reads a configuration file's text over `defaults` (a leading byte order mark is ignored). */
export function parseConfigText(text: string, defaults: GrantConfig): { ok: true; config: GrantConfig } | { ok: false; problems: ConfigProblem[] } {
  const json = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    // JSON.parse says where by a character count; the problem says it by line and column.
    return { ok: false, problems: [jsonSyntaxProblem(json, (error as Error).message)] };
  }
  if (tooDeep(raw)) {
    return { ok: false, problems: [{ path: '$', message: `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep, which no configuration is` }] };
  }
  const duplicates = findDuplicateKeys(json);
  // Caps and budgets written as numbers are read from their text, never as doubles (amount-numbers.ts).
  const amounts = readAmountNumbers(json, raw);
  const result = validateConfig(amounts.raw, defaults);
  // What `grant-recon init` left to fill in is named as such, not as a bad amount or an unknown category.
  const fillIns = findFillIns(raw);
  // A number refused for its decimals or exponent, or a value not yet filled in, is reported once, not again by the schema.
  const reported = new Set([...amounts.problems, ...fillIns].map((p) => p.path));
  const problems = [...duplicates, ...fillIns, ...amounts.problems, ...(result.ok ? [] : result.problems.filter((p) => !reported.has(p.path)))];
  return result.ok && problems.length === 0 ? { ok: true, config: normaliseConfig(result.config, defaults) } : { ok: false, problems };
}
