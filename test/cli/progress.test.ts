/** The progress line: when it shows, what it says, and that it is gone when reading ends. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatProgress, startProgress, wantsProgress } from '../../src/cli/progress.js';
import { ROOT } from '../support/run-cli.js';

describe('formatProgress', () => {
  it('names the file and gives bytes, share, rows and rate', () => {
    expect(formatProgress({ file: '/data/exports/gl-2022-04.csv', bytes: 45_200_000, rows: 350_123 }, 129_000_000, 1_500)).toBe(
      'grant-recon: reading gl-2022-04.csv · 45.2 MB of 129.0 MB (35%) · 350,123 rows · 233,415 rows/s',
    );
  });

  it('shows control characters in a file name as \\xHH, and copes with an unknown size', () => {
    expect(formatProgress({ file: 'a\u001b[2Jb.csv', bytes: 1_000, rows: 0 }, 0, 0)).toBe('grant-recon: reading a\\x1b[2Jb.csv · 0.0 MB · 0 rows');
  });
});

describe('wantsProgress', () => {
  it.each([
    [true, {}, true],
    [true, { CI: 'true' }, false],
    [true, { CI: '1' }, false],
    [true, { CI: 'false' }, true],
    [false, {}, false],
    [undefined, {}, false],
  ])('isTTY %s with %j: %s', (isTTY, env, shows) => {
    expect(wantsProgress({ stream: { isTTY, write: () => true }, env })).toBe(shows);
  });
});

describe('startProgress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function run(isTTY: boolean, env: NodeJS.ProcessEnv, readFor: number): string {
    vi.useFakeTimers();
    let written = '';
    const line = startProgress(2_000_000, { stream: { isTTY, write: (t: string) => (written += t) }, env, now: () => Date.now() });
    line.progress.file = 'gl.csv';
    for (let t = 0; t < readFor; t += 250) {
      line.progress.bytes += 50_000;
      line.progress.rows += 400;
      vi.advanceTimersByTime(250);
    }
    line.stop();
    return written;
  }

  it('says nothing for a read under a second', () => {
    expect(run(true, {}, 750)).toBe('');
  });

  it('rewrites one line after a second, then clears it', () => {
    const written = run(true, {}, 1_500);
    const updates = written.split('\r\u001b[2K');
    expect(updates[0]).toBe('');
    expect(updates.slice(1, -1)).toEqual([
      'grant-recon: reading gl.csv · 0.2 MB of 2.0 MB (10%) · 1,600 rows · 1,600 rows/s',
      'grant-recon: reading gl.csv · 0.3 MB of 2.0 MB (12%) · 2,000 rows · 1,600 rows/s',
      'grant-recon: reading gl.csv · 0.3 MB of 2.0 MB (15%) · 2,400 rows · 1,600 rows/s',
    ]);
    // Cleared at the end: the last thing written leaves an empty line.
    expect(updates.at(-1)).toBe('');
  });

  it('says nothing when piped or under CI, however long it reads', () => {
    expect(run(false, {}, 5_000)).toBe('');
    expect(run(true, { CI: 'true' }, 5_000)).toBe('');
  });
});

// A long run in a real terminal (util-linux `script` gives the command a pseudo-terminal).
const HAVE_SCRIPT = existsSync('/usr/bin/script');
describe.skipIf(!HAVE_SCRIPT)('a long run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-progress-'));
  const big = join(dir, 'gl-250k.csv');
  const reconcile = ['bin/grant-recon.js', 'reconcile', big, '--format', 'json', '-o', join(dir, 'out.json'), '--force'];
  const env = { PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1700000000' };

  beforeAll(() => {
    const made = spawnSync(process.execPath, [resolve(ROOT, 'scripts/bench/generate.mjs'), '--rows', '250000', '--seed', '7', '--out', big], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
  }, 60_000);

  it('shows the progress line on a terminal, and clears it', () => {
    const command = [process.execPath, ...reconcile].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env });
    expect(tty.status, tty.stdout).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(tty.stdout).toMatch(/\r\u001b\[2Kgrant-recon: reading gl-250k\.csv · [\d.]+ MB of [\d.]+ MB \(\d+%\) · [\d,]+ rows · [\d,]+ rows\/s/);
    expect(tty.stdout.endsWith('\r\u001b[2K')).toBe(true);
  }, 120_000);

  it('writes nothing of it when stderr is piped', () => {
    const piped = spawnSync(process.execPath, reconcile, { cwd: ROOT, encoding: 'utf8', env });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  }, 120_000);
});
