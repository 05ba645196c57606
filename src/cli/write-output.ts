/**
 * Writes a result to stdout, or to a file given with -o: written whole or not at all (a temporary file beside
 * the target, then renamed into place), and an existing file is never replaced without --force. Only a regular
 * file is ever replaced: a target that is a device, a named pipe, a socket, a folder or a symbolic link is refused
 * before anything is written (as root, renaming over /dev/null would replace the device itself, and renaming over
 * a link replaces the link, not the file it leads to). A result in pieces (render/rendered.ts) is written piece by
 * piece as it is rendered.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { kindOfEntry } from '../files/kind-of-entry.js';
import type { Rendered } from '../render/rendered.js';
import { UsageError } from './usage-error.js';

/** The signals that stop a run (Ctrl-C, a CI job cancelled, a terminal closed): each removes the temporary file first. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Writes `text` (or a binary file's bytes) to stdout, or atomically to `output`. */
export async function writeResult(text: Rendered | Uint8Array, output: string | undefined, force: boolean): Promise<void> {
  const pieces = typeof text === 'string' || text instanceof Uint8Array ? [text] : text;
  if (output === undefined) {
    await writeToStdout(pieces);
    return;
  }
  await refuseUnlessFileOrAbsent(output);
  const temporary = join(dirname(output), `.${basename(output)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // The report is rendered while the temporary file is written: a run stopped meanwhile (Ctrl-C, a CI job
  // cancelled) removes it, then ends by that signal, as it would have without this. The listeners stay until the
  // file is gone: a listener removed first (`once`) lets a second signal, which often follows, end the run at once.
  const stopped = (signal: NodeJS.Signals): void => {
    try {
      unlinkSync(temporary);
    } catch {
      // Not made yet, or already renamed.
    }
    for (const s of STOP_SIGNALS) process.off(s, stopped);
    process.kill(process.pid, signal);
  };
  for (const s of STOP_SIGNALS) process.on(s, stopped);
  try {
    await writeTemporary(temporary, pieces, output);
    await putInPlace(temporary, output, force);
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, stopped);
  }
}

/**
 * Throws a UsageError when `output` exists and is not a regular file (lstat: a symbolic link is not followed).
 * A missing folder is left to the write, which says so.
 */
async function refuseUnlessFileOrAbsent(output: string): Promise<void> {
  const stats = await lstat(output).catch(() => undefined);
  if (stats === undefined || stats.isFile()) return;
  throw new UsageError(
    `cannot write ${output}: it is ${kindOfEntry(stats)}, not a regular file; nothing was written`,
    '-o only ever replaces a regular file: give the path of a file (for a link, of the file it leads to), or leave out -o to write to stdout',
  );
}

/** Moves the finished temporary file to `output`: replacing it only with `force`. */
async function putInPlace(temporary: string, output: string, force: boolean): Promise<void> {
  try {
    if (force) {
      // Looked at again: the target may have changed while the report was written.
      await refuseUnlessFileOrAbsent(output);
      await rename(temporary, output);
    } else {
      // link() refuses to replace an existing file, so no other writer can slip in between a check and the write.
      await link(temporary, output);
      await unlink(temporary);
    }
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if (error instanceof UsageError) throw error;
    if ((error as { code?: string }).code === 'EEXIST') {
      throw new UsageError(`${output} already exists; nothing was written`, 'use --force to replace it, or choose another -o file');
    }
    // No hint: the folder exists (the temporary file is in it); the target itself, such as a folder, is refused.
    throw new UsageError(`cannot write ${output}: ${describe(error)}`);
  }
}

/** Opening, writing or closing the temporary file failed: the folder is missing or cannot be written to. */
function cannotWrite(output: string, error: unknown): UsageError {
  return new UsageError(`cannot write ${output}: ${describe(error)}`, 'check that the folder exists and can be written to');
}

/**
 * Writes the pieces to a new temporary file, removed again on any failure. A failure of the file system (opening,
 * writing, closing) is a clear message; a failure in rendering is passed on as it is.
 */
async function writeTemporary(temporary: string, pieces: Iterable<string | Uint8Array>, output: string): Promise<void> {
  const file = await open(temporary, 'wx').catch((error: unknown) => {
    throw cannotWrite(output, error);
  });
  let failure: unknown;
  try {
    for (const piece of pieces) {
      try {
        await file.writeFile(piece);
      } catch (error) {
        throw cannotWrite(output, error);
      }
    }
  } catch (error) {
    failure = error;
  }
  try {
    await file.close();
  } catch (error) {
    failure ??= cannotWrite(output, error);
  }
  if (failure !== undefined) {
    // A file begun and not finished is removed: nothing is left half written.
    await unlink(temporary).catch(() => undefined);
    throw failure as Error;
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

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String(error);
}
