/**
 * Reading a small file whole (a configuration, an earlier claim or reconciliation): the one home of the rule that
 * such a file is a regular file of bounded size. A device (`/dev/zero`), a named pipe, a socket or a folder is
 * refused before a byte is read, and so is a file larger than its kind may be; the read itself stops one byte past
 * the limit, so a file that grows while it is read cannot take more memory than that either.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { kindOfEntry } from './kind-of-entry.js';

/** A kind of file read whole: what messages call it (`a claim file`) and the most bytes it may hold. */
export interface BoundedFileKind {
  readonly name: string;
  readonly maxBytes: number;
}

/**
 * Why a file cannot be read whole: `not-a-file` (a folder, a device, a named pipe, a socket), `too-large` (more bytes
 * than its kind may hold), `failed` (it is missing, or the read was refused or failed).
 */
export type BoundedReadFailure = 'not-a-file' | 'too-large' | 'failed';

/** The bytes of a file, or what stops it being used (a phrase to follow its path, e.g. `is a folder, not a claim file`) and why. */
export type BoundedRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly problem: string; readonly failure: BoundedReadFailure };

// Opening a named pipe for reading waits for a writer, and a device can have a side effect on open: both are
// refused on stat before the file is opened; O_NONBLOCK keeps a pipe swapped in meanwhile from blocking the open,
// and the opened handle is checked again. (Windows has no O_NONBLOCK, and no named pipes in its file system.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads the whole of `path` (a symlink is followed), if it is a regular file of at most `kind.maxBytes` bytes. */
export async function readBoundedFile(path: string, kind: BoundedFileKind): Promise<BoundedRead> {
  let handle: FileHandle | undefined;
  try {
    const before = notUsable(await stat(path), kind);
    if (before !== undefined) return { ok: false, ...before };
    handle = await open(path, OPEN_FLAGS);
    // Checked again on the handle: the path may name another file now than when it was looked at.
    const opened = await handle.stat();
    const after = notUsable(opened, kind);
    if (after !== undefined) return { ok: false, ...after };
    const bytes = await readAtMost(handle, opened.size, kind.maxBytes);
    if (bytes === undefined) return { ok: false, problem: `holds more than the ${sizeText(kind.maxBytes)} ${kind.name} may be (more than its size when it was opened)`, failure: 'too-large' };
    return { ok: true, bytes };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, problem: readFailure(error, kind), failure: code === 'EISDIR' ? 'not-a-file' : 'failed' };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Why a file with these stats cannot be read whole, or undefined when it can. */
function notUsable(stats: Stats, kind: BoundedFileKind): { problem: string; failure: BoundedReadFailure } | undefined {
  if (!stats.isFile()) return { problem: `is ${kindOfEntry(stats)}, not ${kind.name}`, failure: 'not-a-file' };
  if (stats.size > kind.maxBytes) return { problem: `is ${sizeText(stats.size)}, more than the ${sizeText(kind.maxBytes)} ${kind.name} may be`, failure: 'too-large' };
  return undefined;
}

/**
 * The file's bytes from the start, or undefined when there are more than `maxBytes`: at most `maxBytes` + 1 bytes
 * are ever read, whatever the file's size was when it was opened.
 */
async function readAtMost(handle: FileHandle, size: number, maxBytes: number): Promise<Buffer | undefined> {
  // One byte more than the size as opened, so that the end of the file is seen without growing the buffer.
  let buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (filled > maxBytes) return undefined;
      const grown = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) return buffer.subarray(0, filled);
    filled += bytesRead;
  }
}

/** A size as a person reads it: bytes, or KiB or MiB rounded up to a tenth, so that a size over a limit never reads as the limit. */
export function sizeText(bytes: number): string {
  const [unit, scale] = bytes >= 1 << 20 ? ['MiB', 1 << 20] : bytes >= 1 << 10 ? ['KiB', 1 << 10] : ['bytes', 1];
  if (scale === 1) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const tenths = Math.ceil((bytes * 10) / scale);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} ${unit}`;
}

/** The words of the ledger reader (ingest/) for the same failures, so that one path reads the same in every message. */
function readFailure(error: unknown, kind: BoundedFileKind): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return `is a folder, not ${kind.name}`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: the file cannot be read';
  return `cannot be read (${code ?? 'error'})`;
}
