/**
 * What the readers of files grant-recon wrote before (earlier claims for `--previous` and `claims list`, an earlier
 * reconciliation for `--against`) share: the bytes with their SHA-256, or why the file cannot be read, and the
 * shape of an amount in them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parsePence } from '../../core/money.js';
import { readBoundedFile, type BoundedReadFailure } from '../../files/read-bounded-file.js';
import { repeatedKeyLines, repeatedKeys } from '../../config/duplicate-keys.js';

/**
 * The most bytes an earlier claim or reconciliation may hold: 256 MiB. The largest real one is a `--with-rows`
 * file, about 210 bytes an included row (a reconciliation of 882,646 included rows is 184 MB), so this takes well
 * over a million included rows; reading and checking such a file takes about eight times its size in memory, and
 * one much larger could not even be held as one string.
 */
export const EARLIER_FILE_MAX_BYTES = 256 * 1024 * 1024;

/** An amount as grant-recon writes it in JSON: a string with two decimals. */
export const moneyString = z.string().refine((s) => parsePence(s) !== undefined, { message: 'must be an amount with two decimals, e.g. "1234.50"' });

/** The most characters of a value a message about an earlier file's shape quotes. */
const SHOWN_CHARS = 80;

/**
 * The first thing wrong with an earlier file's shape, in the tool's words: where (`totals.claimDue`, or the file)
 * and what, with the value the file holds and the value it should (`schema is "grant-recon/claim@1", not
 * "grant-recon/reconciliation@1"`), rather than the validation library's own wording.
 */
export function shapeProblem(error: z.ZodError, json: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'the file is not in the shape grant-recon writes';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the file';
  const held = issue.path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), json);
  const written = typeof held === 'object' || held === undefined ? undefined : JSON.stringify(held);
  // A value is quoted as far as it says what it is: a field a forged file filled with megabytes stays one line.
  const quoted = written !== undefined && written.length > SHOWN_CHARS ? `${written.slice(0, SHOWN_CHARS)}…` : written;
  const shown = quoted ?? (held === undefined ? 'missing' : held === null ? 'null' : Array.isArray(held) ? 'a list' : 'an object');
  switch (issue.code) {
    case 'invalid_value':
      return `${where} is ${shown}, not ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_type':
      return held === undefined ? `${where} is missing` : `${where} is ${shown}, not ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    default:
      return `${where} is ${shown}: ${issue.message}`;
  }
}

/**
 * A file's bytes and SHA-256, or what stops it being read, and why: it is not a regular file, it is larger than
 * EARLIER_FILE_MAX_BYTES, or the read failed (`what` names the kind of file expected, e.g. `a claim file`).
 */
export async function readEarlierFile(path: string, what: string): Promise<{ ok: true; bytes: Buffer; sha256: string } | { ok: false; problem: string; failure: BoundedReadFailure }> {
  const read = await readBoundedFile(path, { name: what, maxBytes: EARLIER_FILE_MAX_BYTES });
  if (!read.ok) return read;
  return { ok: true, bytes: read.bytes, sha256: createHash('sha256').update(read.bytes).digest('hex') };
}

/**
 * The first key an earlier file gives twice in one object, as a problem; undefined when it gives none. grant-recon
 * writes each key once, and readers differ on which of the two they take (JSON.parse the last, a person reading down
 * the file the first), so such a file shows two sets of figures: it was changed after it was written. Its digest
 * cannot show it, being worked out from what JSON.parse made of the file.
 */
export function repeatedKeyProblem(text: string): string | undefined {
  const [repeat] = repeatedKeys(text, 1);
  if (repeat === undefined) return undefined;
  return `${repeat.path.map(String).join('.')} is given twice (${repeatedKeyLines(repeat)}), which grant-recon never writes: readers differ on which of the two they take, so the file was changed after it was written`;
}

/**
 * The most values (counted by the commas and brackets that open or part them) an earlier file may hold: a
 * reconciliation of 1,000,000 included rows, written with them, holds about 7,000,000. JSON.parse holds every value
 * as an object of its own, so a file of hundreds of MB of `{},{},…` (well within EARLIER_FILE_MAX_BYTES) ran the
 * process out of memory with a stack trace; counting costs a pass of the bytes with indexOf.
 */
const MAX_VALUES = 12_000_000;

/** Why an earlier file holds too many values to be parsed, if it does (see MAX_VALUES). */
export function tooManyValuesProblem(bytes: Buffer): string | undefined {
  let values = 0;
  for (const mark of [0x2c, 0x7b, 0x5b]) {
    for (let at = bytes.indexOf(mark); at >= 0; at = bytes.indexOf(mark, at + 1)) {
      if (++values > MAX_VALUES) {
        return `it holds more than ${MAX_VALUES.toLocaleString('en-GB')} values (commas and brackets), more than any file grant-recon writes (a reconciliation of 1,000,000 included rows holds about 7,000,000), and would exhaust memory to read`;
      }
    }
  }
  return undefined;
}
