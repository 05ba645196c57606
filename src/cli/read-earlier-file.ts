/**
 * What the readers of files grant-recon wrote before (earlier claims for `--previous` and `claims list`, an earlier
 * reconciliation for `--against`) share: the bytes with their SHA-256, or why the file cannot be read, and the
 * shape of an amount in them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parsePence } from '../core/money.js';

/** An amount as grant-recon writes it in JSON: a string with two decimals. */
export const moneyString = z.string().refine((s) => parsePence(s) !== undefined, { message: 'must be an amount with two decimals, e.g. "1234.50"' });

/** A file's bytes and SHA-256, or what stops it being read (`what` names the file a folder was given for). */
export async function readEarlierFile(path: string, what: string): Promise<{ ok: true; bytes: Buffer; sha256: string } | { ok: false; problem: string }> {
  try {
    const bytes = await readFile(path);
    return { ok: true, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, problem: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? `is a folder, not ${what}` : `cannot be read (${code ?? 'error'})` };
  }
}
