/** Saying what a file system entry is, in the words of every message about a path that is not a regular file. */
import type { Stats } from 'node:fs';

/** What a file system entry that is not a regular file is, in words (`a character device`); stats from lstat may say `a symbolic link`. */
export function kindOfEntry(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'something other than a regular file';
}
