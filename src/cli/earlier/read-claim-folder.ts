/**
 * Reads a folder of claim files (the claims sent: `claims list DIR`, `claim --previous-dir DIR`), every `*.json`
 * file of it in name order, not its subfolders; each claim checked before it is believed (read-claim-file.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GrantConfig } from '../../core/grant-config.js';
import { UnusableFileError } from '../../ingest/unusable-file.js';
import { readClaimFile, type ClaimFileRead } from './read-claim-file.js';

/** Each JSON file of the folder, read. */
export async function readClaimFolder(folder: string, config: GrantConfig): Promise<{ readonly file: string; readonly read: ClaimFileRead }[]> {
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) throw new UnusableFileError(folder, 'is a file, not a folder of claim files', 'name the folder that holds the claim files, e.g. claims/2022-23');
    names = await readdir(folder);
  } catch (error) {
    if (error instanceof UnusableFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new UnusableFileError(folder, code === 'ENOENT' ? 'no such folder' : `the folder cannot be read (${code ?? 'error'})`, 'check the path and that the folder can be read');
  }
  const files: { file: string; read: ClaimFileRead }[] = [];
  for (const name of names.filter((n) => n.toLowerCase().endsWith('.json')).sort()) {
    const file = join(folder, name);
    files.push({ file, read: await readClaimFile(file, config) });
  }
  return files;
}
