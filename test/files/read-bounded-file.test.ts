/**
 * readBoundedFile: the one reader of whole small files (configurations, earlier claims and reconciliations) reads
 * regular files only, of at most their kind's size, and never more than one byte past that size, even from a file
 * whose size on opening said less than it holds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBoundedFile, sizeText } from '../../src/files/read-bounded-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => path.join(dir, name);
const CLAIM = { name: 'a claim file', maxBytes: 100 };

describe('readBoundedFile', () => {
  it('reads a regular file whole, up to its limit, and through a symbolic link', async () => {
    writeFileSync(at('full.json'), 'x'.repeat(100));
    symlinkSync('full.json', at('link.json'));
    for (const name of ['full.json', 'link.json']) {
      const read = await readBoundedFile(at(name), CLAIM);
      expect(read.ok && read.bytes.toString()).toBe('x'.repeat(100));
    }
    writeFileSync(at('empty.json'), '');
    const empty = await readBoundedFile(at('empty.json'), CLAIM);
    expect(empty.ok && empty.bytes.length).toBe(0);
  });

  it('refuses a file one byte over the limit, saying its size and the limit', async () => {
    writeFileSync(at('over.json'), 'x'.repeat(101));
    expect(await readBoundedFile(at('over.json'), CLAIM)).toEqual({ ok: false, problem: 'is 101 bytes, more than the 100 bytes a claim file may be', failure: 'too-large' });
    // A sparse file: as large as it says, without the disk space.
    writeFileSync(at('big.json'), '');
    truncateSync(at('big.json'), 300 * 1024 * 1024);
    expect(await readBoundedFile(at('big.json'), { name: 'a claim file', maxBytes: 256 * 1024 * 1024 })).toEqual({
      ok: false,
      problem: 'is 300 MiB, more than the 256 MiB a claim file may be',
      failure: 'too-large',
    });
  });

  // /proc files say they are empty and hold more: the read itself must stop, not trust the size it was told.
  it.skipIf(!existsSync('/proc/self/maps'))('reads no more than the limit and one byte from a file larger than its size on opening', async () => {
    expect(await readBoundedFile('/proc/self/maps', CLAIM)).toEqual({ ok: false, problem: 'holds more than the 100 bytes a claim file may be (more than its size when it was opened)', failure: 'too-large' });
    const read = await readBoundedFile('/proc/self/maps', { name: 'a claim file', maxBytes: 64 * 1024 * 1024 });
    expect(read.ok && read.bytes.length).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync('/dev/zero'))('refuses a device, directly or through a link, before reading it', async () => {
    symlinkSync('/dev/zero', at('zero.json'));
    for (const name of ['/dev/zero', at('zero.json')]) {
      expect(await readBoundedFile(name, CLAIM)).toEqual({ ok: false, problem: 'is a character device, not a claim file', failure: 'not-a-file' });
    }
  });

  it('refuses a named pipe at once, never waiting for a writer', async () => {
    if (spawnSync('mkfifo', [at('pipe.json')]).status !== 0) return; // no mkfifo here: nothing to test
    expect(await readBoundedFile(at('pipe.json'), CLAIM)).toEqual({ ok: false, problem: 'is a named pipe (FIFO), not a claim file', failure: 'not-a-file' });
  });

  it('says what else stops a read: a folder, a missing file, a dangling link, a link loop', async () => {
    mkdirSync(at('folder.json'));
    symlinkSync('nowhere.json', at('dangling.json'));
    symlinkSync('loop.json', at('loop.json'));
    expect(await readBoundedFile(at('folder.json'), CLAIM)).toEqual({ ok: false, problem: 'is a folder, not a claim file', failure: 'not-a-file' });
    expect(await readBoundedFile(at('missing.json'), CLAIM)).toEqual({ ok: false, problem: 'no such file', failure: 'failed' });
    expect(await readBoundedFile(at('dangling.json'), CLAIM)).toEqual({ ok: false, problem: 'no such file', failure: 'failed' });
    expect(await readBoundedFile(at('loop.json'), CLAIM)).toEqual({ ok: false, problem: 'cannot be read (ELOOP)', failure: 'failed' });
  });
});

describe('sizeText', () => {
  it('rounds up, so that a size over a limit never reads as the limit', () => {
    expect([1, 100, 1024, 1025, 4 * 1024 * 1024, 256 * 1024 * 1024 + 1, 300 * 1024 * 1024].map(sizeText)).toEqual([
      '1 byte',
      '100 bytes',
      '1 KiB',
      '1.1 KiB',
      '4 MiB',
      '256.1 MiB',
      '300 MiB',
    ]);
  });
});
