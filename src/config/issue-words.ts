/**
 * The schema library's own findings in plain words. A check of schema.ts that says nothing of its own (a key left
 * out, a value of the wrong kind, an empty name or list, a list too long, a value not among those allowed) would
 * otherwise be reported in the library's words ("Invalid input: expected string, received undefined"); here each kind
 * of finding is said once, for every key, with the value found and, as the hint, what the published JSON Schema says
 * the key holds. A check with a message of its own keeps it: the parse asks for these words only where the schema
 * gives none (UNSAID marks them, schema.ts validateConfig).
 */
import type { z } from 'zod';
import type { ConfigProblem } from './problems.js';
import { jsonPath } from './problems.js';

/** The message the parse gives a finding the schema says nothing of, to be put in words here. */
export const UNSAID = '\u0000unsaid';

/** The kinds of finding put in words here; any other keeps the library's message (an unknown key is said well already). */
const WORDED: ReadonlySet<string> = new Set(['invalid_type', 'too_small', 'too_big', 'invalid_value', 'invalid_union']);

/** The parse's error option: UNSAID for the kinds worded here, else the library's own message. */
export function unsaidIssue(issue: { readonly code?: string | undefined }): string | undefined {
  return issue.code !== undefined && WORDED.has(issue.code) ? UNSAID : undefined;
}

/** One item of each list of the configuration, in words, and several: for "at least one category". */
const ITEM_NOUNS: Readonly<Record<string, readonly [string, string]>> = {
  categories: ['category', 'categories'],
  years: ['year', 'years'],
  chart: ['chart rule', 'chart rules'],
  costCentres: ['cost centre', 'cost centres'],
  ineligiblePayElements: ['pay element', 'pay elements'],
  payrollStaffTypes: ['staff type', 'staff types'],
  budgets: ['budget line', 'budget lines'],
  apportionments: ['apportionment rule', 'apportionment rules'],
  profiles: ['layout', 'layouts'],
  key: ['key column', 'key columns'],
};

/** What a JSON Schema node says of the place it describes, as far as the words need it. */
interface Place {
  readonly description: string | undefined;
  /** The keys an object there may hold. */
  readonly keys: readonly string[];
  /** Whether the key may be left out (a list item never may). */
  readonly optional: boolean;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A node and the alternatives it allows (a union is `anyOf` or `oneOf`). */
const alternatives = (node: Node): Node[] => [node, ...[node.anyOf, node.oneOf].flatMap((list) => (Array.isArray(list) ? list.filter(isNode) : []))];

/** The nodes of a JSON Schema at a path of a document (list items by their index), every alternative of each. */
export function schemaNodesAt(schema: object, path: readonly PropertyKey[]): Node[] {
  let nodes: Node[] = [schema as Node];
  for (const segment of path) {
    nodes = nodes.flatMap(alternatives).flatMap((node) => {
      const next = typeof segment === 'number' ? node.items : isNode(node.properties) ? node.properties[String(segment)] : undefined;
      return isNode(next) ? [next] : [];
    });
  }
  return nodes.flatMap(alternatives);
}

function placeAt(schema: object, path: readonly PropertyKey[]): Place {
  const nodes = schemaNodesAt(schema, path);
  const last = path.at(-1);
  const parents = path.length === 0 ? [] : schemaNodesAt(schema, path.slice(0, -1));
  const required = parents.some((p) => Array.isArray(p.required) && (p.required as unknown[]).includes(last));
  // An item of a list is described by its list where it has no description of its own.
  const own = nodes.map((n) => n.description).find((d): d is string => typeof d === 'string');
  const ofList = typeof last === 'number' ? parents.map((n) => n.description).find((d): d is string => typeof d === 'string') : undefined;
  return {
    description: own ?? ofList,
    keys: [...new Set(nodes.flatMap((n) => (isNode(n.properties) ? Object.keys(n.properties) : [])))],
    optional: typeof last === 'string' && !required,
  };
}

/** A value found, in words: `the text "true"`, `the number 12`, `null`, `a list`. */
function valueWords(input: unknown): string {
  if (input === null) return 'null';
  if (typeof input === 'string') return `the text ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'number') return `the number ${String(input)}`;
  if (typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : 'nothing';
}

/** A kind of value the schema expects, in words. */
function kindWords(expected: string, place: Place): string {
  switch (expected) {
    case 'string':
      return 'text in double quotes';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list ([ … ])';
    case 'object':
      return place.keys.length > 0 ? `an object ({ ${place.keys.filter((k) => k !== '$schema').map((k) => `"${k}": …`).join(', ')} })` : 'an object ({ … })';
    default:
      return expected;
  }
}

/** The values allowed, in words: `"gl" or "payroll"`; one value alone is the value. */
function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v) ?? String(v));
  return shown.length === 1 ? (shown[0] as string) : `one of ${shown.slice(0, -1).join(', ')} or ${shown.at(-1) as string}`;
}

/** The hint: what the JSON Schema says the key holds, else where to find out. */
function holds(place: Place, path: readonly PropertyKey[]): string {
  // A list item's hint names its list, whose description it takes.
  const key = path.filter((p): p is string => typeof p === 'string').at(-1);
  if (place.description === undefined) return 'run `grant-recon config schema` for what the file may hold';
  return key === undefined ? place.description : `"${key}": ${place.description}`;
}

/** Left out: said where the key may be left out. */
const orLeaveOut = (place: Place, path: readonly PropertyKey[]): string => (place.optional ? `, or leave "${String(path.at(-1))}" out` : '');

/** A finding of the schema that it says nothing of, in plain words, with its path and a hint. */
export function issueProblem(issue: z.core.$ZodIssue, schema: object): ConfigProblem {
  const path = issue.path;
  const place = placeAt(schema, path);
  const problem = (message: string, hint = holds(place, path)): ConfigProblem => ({ path: jsonPath(path), message, hint });
  const input = issue.input;
  const listKey = path.filter((p): p is string => typeof p === 'string').at(-1) ?? '';
  const [one, many] = ITEM_NOUNS[listKey] ?? ['item', 'items'];
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return problem('is missing', holds(place, path));
      const quoted = typeof input === 'string' && ((issue.expected === 'boolean' && /^(true|false)$/i.test(input.trim())) || ((issue.expected === 'number' || issue.expected === 'int') && /^-?\d+(\.\d+)?$/.test(input.trim())));
      const message = input === null ? `is null: give ${kindWords(issue.expected, place)}${orLeaveOut(place, path)}` : `must be ${kindWords(issue.expected, place)}, not ${valueWords(input)}`;
      return problem(message, quoted ? `write ${input.trim().toLowerCase()} without the quotes` : holds(place, path));
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return problem(min <= 1 ? 'is empty' : `is shorter than ${min} characters`);
      if (issue.origin === 'array') {
        return problem(min <= 1 ? `is an empty list: at least one ${one} is needed${orLeaveOut(place, path)}` : `lists fewer than ${min} ${many}`);
      }
      return problem(`${valueWords(input)} is less than ${issue.inclusive ? min : `or equal to ${min}`}: give ${issue.inclusive ? `${min} or more` : `more than ${min}`}`);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return problem(`is longer than ${max} characters${typeof input === 'string' ? ` (${input.length})` : ''}`);
      if (issue.origin === 'array') {
        const count = Array.isArray(input) ? `lists ${input.length} ${input.length === 1 ? one : many}` : 'is too long';
        return problem(`${count}: at most ${max} ${max === 1 ? one : many} ${max === 1 ? 'is' : 'are'} allowed`);
      }
      return problem(`${valueWords(input)} is more than ${max}: give ${issue.inclusive ? `${max} or less` : `less than ${max}`}`);
    }
    case 'invalid_value':
      return problem(`must be ${oneOf(issue.values)}, not ${valueWords(input)}`);
    case 'invalid_union': {
      // A list of layouts tells them by one key ("kind"): the issue names the key and the values it takes.
      const { discriminator, options } = issue as { discriminator?: unknown; options?: unknown };
      if (typeof discriminator === 'string' && Array.isArray(options)) {
        const found = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : undefined;
        // Each value's own description, where the schema gives one: `"gl": The rows are GL lines; "payroll": …`.
        const each = schemaNodesAt(schema, path).flatMap((n) => (n.const !== undefined && typeof n.description === 'string' ? [`${JSON.stringify(n.const)}: ${n.description}`] : []));
        const hint = each.length > 0 ? `"${discriminator}" says which: ${each.join('; ')}` : holds(place, path);
        return problem(found === undefined ? `is missing: give ${oneOf(options)}` : `must be ${oneOf(options)}, not ${valueWords(found)}`, hint);
      }
      return problem(`matches none of the forms this key takes (${valueWords(input)})`);
    }
    default:
      return problem(issue.message);
  }
}
