/**
 * Writes a result to stdout, or to a file given with -o: written whole or not at all (a temporary file beside
 * the target, then renamed into place), and an existing file is never replaced without --force. A result in
 * pieces (render/rendered.ts) is written piece by piece as it is rendered.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Rendered } from '../render/rendered.js';
import { UsageError } from './usage-error.js';

/** Writes `text` (or a binary file's bytes) to stdout, or atomically to `output`. */
export async function writeResult(text: Rendered | Uint8Array, output: string | undefined, force: boolean): Promise<void> {
  const pieces = typeof text === 'string' || text instanceof Uint8Array ? [text] : text;
  if (output === undefined) {
    await writeToStdout(pieces);
    return;
  }
  const temporary = join(dirname(output), `.${basename(output)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let written = false;
  try {
    const file = await open(temporary, 'wx');
    try {
      for (const piece of pieces) await file.writeFile(piece);
      written = true;
    } finally {
      await file.close();
    }
  } catch (error) {
    // A file begun and not finished is removed: nothing is left half written.
    await unlink(temporary).catch(() => undefined);
    if (!written && isSystemError(error)) throw new UsageError(`cannot write ${output}: ${describe(error)}`, 'check that the folder exists and can be written to');
    throw error;
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

/**
 * Writes to stdout until its reader goes away (a pipe closed early, as `| head` closes it): then the rest is not
 * rendered, nothing is printed about it, and the run ends with the exit code it would have had, so that a
 * pipeline under `set -o pipefail` still fails when a check does.
 */
async function writeToStdout(pieces: Iterable<string | Uint8Array>): Promise<void> {
  // A failed write is also emitted as an 'error' event, which would end the process with a stack trace; the
  // failure is dealt with below, from the write's own callback.
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => undefined);
  for (const piece of pieces) {
    try {
      await new Promise<void>((resolve, reject) => process.stdout.write(piece, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      if ((error as { code?: string }).code === 'EPIPE') return;
      throw new UsageError(`cannot write to stdout: ${describe(error)}`);
    }
  }
}

/** An error from the file system (it has a code), not a fault in rendering. */
function isSystemError(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code === 'string';
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String(error);
}
