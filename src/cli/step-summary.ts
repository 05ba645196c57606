/**
 * Appending `check --format github`'s job summary to the file named by $GITHUB_STEP_SUMMARY. The summary is an
 * extra: a path that cannot take it (a folder, a missing folder, a named pipe, a full disk) is a warning on stderr,
 * and the run's exit code stays the one its findings decide.
 */
import { appendFile, stat } from 'node:fs/promises';
import { kindOfEntry } from '../files/kind-of-entry.js';
import { diagnostic } from '../core/diagnostic.js';
import { writeDiagnostic } from './diagnostics.js';

/** Appends `summary` to `path`; on failure writes a `warning[step-summary]` diagnostic instead of throwing. */
export async function appendStepSummary(path: string, summary: string): Promise<void> {
  const problem = await appendOrSayWhy(path, summary);
  if (problem === undefined) return;
  writeDiagnostic(
    diagnostic({
      severity: 'warning',
    code: 'step-summary',
    message: `cannot append the job summary to $GITHUB_STEP_SUMMARY (${path}): ${problem}`,
      hint: 'the findings are in the annotations; set GITHUB_STEP_SUMMARY to a file that can be written, or unset it',
    }),
  );
}

async function appendOrSayWhy(path: string, summary: string): Promise<string | undefined> {
  try {
    const found = await stat(path).catch(() => undefined);
    // Opening a named pipe waits for a reader, and a folder or socket cannot be written: none is opened. A device
    // is written as a file is (/dev/stderr shows the summary; /dev/full says the disk is full).
    if (found !== undefined && (found.isDirectory() || found.isFIFO() || found.isSocket())) return `it is ${kindOfEntry(found)}`;
    await appendFile(path, summary);
    return undefined;
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return code ?? String(error);
}
