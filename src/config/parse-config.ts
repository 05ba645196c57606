/**
 * A configuration file's text to the trusted GrantConfig (pure): JSON, then keys given twice, then the schema and
 * the rules; every problem of the file in one result, each with its JSON path.
 */
import { findDuplicateKeys } from './duplicate-keys.js';
import type { GrantConfig } from './grant-config.js';
import type { ConfigProblem } from './problems.js';
import { normaliseConfig, validateConfig } from './schema.js';

/** Reads a configuration file's text over `defaults` (a leading byte order mark is ignored). */
export function parseConfigText(text: string, defaults: GrantConfig): { ok: true; config: GrantConfig } | { ok: false; problems: ConfigProblem[] } {
  const json = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  if (nestingDepth(raw) > MAX_DEPTH) {
    return { ok: false, problems: [{ path: '$', message: `the JSON is nested more than ${MAX_DEPTH} levels deep, which no configuration is` }] };
  }
  const duplicates = findDuplicateKeys(json);
  const result = validateConfig(raw, defaults);
  const problems = [...duplicates, ...(result.ok ? [] : result.problems)];
  return result.ok && problems.length === 0 ? { ok: true, config: normaliseConfig(result.config, defaults) } : { ok: false, problems };
}

/** The deepest a configuration can be (a profile's columns are five levels down): deeper is not one, and would take the checks' stack. */
const MAX_DEPTH = 32;

/** How deeply arrays and objects nest in a parsed JSON value (a scalar is 0), walked without recursion. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}
