/**
 * Writes a result to stdout, or to a file given with -o: written whole or not at all (a temporary file beside
 * the target, then renamed into place), and an existing file is never replaced without --force.
 */
import { randomBytes } from 'node:crypto';
import { link, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage-error.js';

/** Writes `text` (or a binary file's bytes) to stdout, or atomically to `output`. */
export async function writeResult(text: string | Uint8Array, output: string | undefined, force: boolean): Promise<void> {
  if (output === undefined) {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
    return;
  }
  const temporary = join(dirname(output), `.${basename(output)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${describe(error)}`, 'check that the folder exists and can be written to');
  }
  try {
    if (force) {
      await rename(temporary, output);
    } else {
      // link() refuses to replace an existing file, so no other writer can slip in between a check and the write.
      await link(temporary, output);
      await unlink(temporary);
    }
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if ((error as { code?: string }).code === 'EEXIST') {
      throw new UsageError(`${output} already exists; nothing was written`, 'use --force to replace it, or choose another -o file');
    }
    throw new UsageError(`cannot write ${output}: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String(error);
}
