import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeResult } from '../../src/cli/write-output.js';

describe('writeResult with a result in pieces', () => {
  it('writes every piece, in order, to the -o file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-write-'));
    const out = join(dir, 'report.csv');
    function* pieces(): Generator<string> {
      for (let i = 0; i < 3000; i++) yield `row ${i},£${i}.00\r\n`;
    }
    await writeResult(pieces(), out, false);
    expect(readFileSync(out, 'utf8')).toBe(Array.from({ length: 3000 }, (_, i) => `row ${i},£${i}.00\r\n`).join(''));
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('leaves nothing behind when rendering fails part-way, and passes the failure on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-write-'));
    function* pieces(): Generator<string> {
      yield 'section,year\r\n';
      throw new Error('rendering failed');
    }
    await expect(writeResult(pieces(), join(dir, 'report.csv'), false)).rejects.toThrow('rendering failed');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeResult stopped by a signal', () => {
  /**
   * Runs writeResult in a process of its own whose rendering sends `signal` to itself after the first piece, then
   * goes on rendering; with `again`, the clean-up's unlinkSync first sends the signal once more (Ctrl-C pressed
   * twice, or a CI runner that signals again), as it arrives while the listener runs.
   */
  function stopWhileWriting(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP', again: boolean): { run: ReturnType<typeof spawnSync>; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-write-'));
    const module = pathToFileURL(resolve(import.meta.dirname, '../../dist/cli/write-output.js')).href;
    const script = `
      import fs from 'node:fs';
      import { syncBuiltinESMExports } from 'node:module';
      if (${again}) {
        const unlinkSync = fs.unlinkSync;
        fs.unlinkSync = (path) => {
          process.kill(process.pid, ${JSON.stringify(signal)});
          return unlinkSync(path);
        };
        syncBuiltinESMExports();
      }
      const { writeResult } = await import(${JSON.stringify(module)});
      function* pieces() {
        yield 'section,year\\r\\n';
        process.kill(process.pid, ${JSON.stringify(signal)});
        for (let i = 0; i < 1e6; i++) yield 'row\\r\\n';
      }
      await writeResult(pieces(), ${JSON.stringify(join(dir, 'report.csv'))}, false);
      process.stdout.write('finished');`;
    return { run: spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }), dir };
  }

  // SIGHUP: the terminal of the run was closed, or a CI runner that sends it first.
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('removes the temporary file when %s stops the run mid-way, then ends by that signal', (signal) => {
    const { run, dir } = stopWhileWriting(signal, false);
    expect(run.stdout).toBe('');
    expect(run.signal).toBe(signal);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('removes it too when a second %s comes during the clean-up', (signal) => {
    const { run, dir } = stopWhileWriting(signal, true);
    expect(run.stdout).toBe('');
    expect(run.signal).toBe(signal);
    expect(readdirSync(dir)).toEqual([]);
  });
});
