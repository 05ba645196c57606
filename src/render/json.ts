/**
 * JSON: the report value itself. Every bigint in a report is money in pence, so one replacer turns each into a
 * string with exactly two decimals (`"2893452.00"`, `"-12.50"`); nothing else needs converting.
 *
 * The text is given in pieces, and every list, an array or a Sequence (core/store/sequence.ts: a report's duplicates,
 * read from the ledger as they are written), item by item, so a report with millions of duplicates or errors is
 * never one string, and its duplicates never one array.
 * The bytes are those of `JSON.stringify(report, replacer, 2)` and a newline, with DEL and the C1 controls, which
 * JSON.stringify leaves raw, escaped as `\u00HH` (visible.ts): the value read back is the same.
 */
import { createHash } from 'node:crypto';
import { formatPence } from '../core/money.js';
import { MappedSequence } from '../core/store/sequence.js';
import { visibleInJson } from './visible.js';

const replacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? formatPence(value) : value);

/** Pieces of at least this many characters (the last may be shorter). */
const PIECE = 1 << 16;

/** Renders any report value as pretty JSON with amounts as two-decimal strings, ending in a newline, in pieces. */
export function* renderJson(report: object, escape: (json: string) => string = visibleInJson): Generator<string> {
  let buffer = '';
  for (const piece of value(report, '')) {
    buffer += escape(piece);
    if (buffer.length >= PIECE) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n`;
}

/** The member that carries a document's digest, last in the document. */
export const DIGEST_KEY = 'digest';

/**
 * Renders a report as renderJson does, with a last member `"digest": "sha256:…"`: the SHA-256 of the document as
 * renderJson writes it without that member. A file read back proves that its content is as it was written
 * (jsonDigest), however its white space has been changed since; an edited figure does not.
 */
export function* renderJsonWithDigest(report: object): Generator<string> {
  const hash = createHash('sha256');
  let held: string | undefined;
  for (const piece of renderJson(report)) {
    if (held !== undefined) {
      hash.update(held);
      yield held;
    }
    held = piece;
  }
  const last = held ?? '';
  hash.update(last);
  // The document ends "\n}\n": it closes with the digest member instead.
  yield `${last.slice(0, -3)},\n  ${JSON.stringify(DIGEST_KEY)}: "sha256:${hash.digest('hex')}"\n}\n`;
}

/**
 * The digest of a document (without its digest member): `sha256:` and the SHA-256 of its JSON as renderJson writes
 * it, or (`escape`) as an earlier version wrote it.
 */
export function jsonDigest(document: object, escape: (json: string) => string = visibleInJson): string {
  const hash = createHash('sha256');
  for (const piece of renderJson(document, escape)) hash.update(piece);
  return `sha256:${hash.digest('hex')}`;
}

/** The JSON of `v` at an indent. */
function* value(v: unknown, indent: string): Generator<string> {
  if (isList(v)) yield* items(v, indent);
  else if (isPlainObject(v)) yield* members(v, indent);
  else yield whole(v, indent) ?? 'null';
}

function* members(object: object, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const [key, raw] of Object.entries(object)) {
    const v = prepared(key, raw);
    const streamed = isList(v) || isPlainObject(v);
    // What JSON.stringify leaves out of an object (undefined, a function, a symbol) is left out here too.
    const text = streamed ? undefined : whole(v, inner);
    if (!streamed && text === undefined) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    if (text === undefined) yield* value(v, inner);
    else yield text;
  }
  yield first ? '{}' : `\n${indent}}`;
}

function* items(sequence: Iterable<unknown>, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let index = 0;
  for (const item of sequence) {
    yield `${index === 0 ? '[' : ','}\n${inner}${whole(prepared(String(index), item), inner) ?? 'null'}`;
    index++;
  }
  yield index === 0 ? '[]' : `\n${indent}]`;
}

/**
 * JSON.stringify of one value, its lines indented to sit at `indent` (a JSON string holds no raw line break);
 * undefined for what JSON.stringify gives none (undefined, a function, a symbol).
 */
function whole(v: unknown, indent: string): string | undefined {
  const text = JSON.stringify(v, replacer, 2) as string | undefined;
  if (text === undefined || indent === '') return text;
  return text.replaceAll('\n', `\n${indent}`);
}

/** What JSON.stringify writes for `raw` under `key`: its toJSON(key) if it has one (a list is streamed), then the replacer. */
function prepared(key: string, raw: unknown): unknown {
  const toJSON = typeof raw === 'object' && raw !== null && !isList(raw) ? (raw as { toJSON?: unknown }).toJSON : undefined;
  return replacer(key, typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(raw, key) : raw);
}

/** An array or a MappedSequence: written item by item (an array of 300,000 errors stringified whole took 400 MB). */
function isList(v: unknown): v is Iterable<unknown> {
  return Array.isArray(v) || v instanceof MappedSequence;
}

function isPlainObject(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || 'toJSON' in v) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
