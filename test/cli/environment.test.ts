/**
 * grant-recon's settings in the environment: a value that cannot be meant, or a setting misspelt, is a usage error
 * (exit 2) before any command runs, never passed over for the default; an empty value is no setting, and a name far
 * from every setting (a pipeline's own) is left alone.
 */
import { describe, expect, it } from 'vitest';
import { environmentProblems, debugging } from '../../src/cli/environment.js';
import { readWorkerSettings } from '../../src/ingest/workers/worker-settings.js';
import { runCli } from '../support/run-cli.js';

const SAMPLE = ['reconcile', 'fixtures/sample/gl/gl-2022-04.csv', '--format', 'json'];
const HINT = '  hint: docs/commands.md#the-environment lists the settings and what each takes\n';

describe('the worker settings', () => {
  it.each([
    [{}, { use: 'by-size', partBytes: undefined, heapMb: undefined }],
    [{ GRANT_RECON_WORKERS: '' }, { use: 'by-size', partBytes: undefined, heapMb: undefined }],
    [{ GRANT_RECON_WORKERS: '0' }, { use: 'never', partBytes: undefined, heapMb: undefined }],
    [{ GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '97', GRANT_RECON_WORKER_HEAP_MB: '1' }, { use: 'always', partBytes: 97, heapMb: 1 }],
    [{ GRANT_RECON_PART_BYTES: '1073741824', GRANT_RECON_WORKER_HEAP_MB: '65536' }, { use: 'by-size', partBytes: 1073741824, heapMb: 65536 }],
  ])('%j reads as %j', (env, settings) => {
    expect(readWorkerSettings(env)).toEqual({ ok: true, settings });
  });

  it.each([
    [{ GRANT_RECON_WORKERS: 'no' }, 'GRANT_RECON_WORKERS is "no": give 0 (read every file in the main thread) or always (worker threads for every file), or unset it (worker threads for large runs)'],
    [{ GRANT_RECON_WORKERS: 'Always' }, 'GRANT_RECON_WORKERS is "Always": give 0'],
    [{ GRANT_RECON_WORKERS: ' 0' }, 'GRANT_RECON_WORKERS is " 0": give 0'],
    [{ GRANT_RECON_PART_BYTES: '4MB' }, 'GRANT_RECON_PART_BYTES is "4MB": give the bytes in each part a large file is cut into as a whole number from 1 to 1073741824 in digits, or unset it'],
    [{ GRANT_RECON_PART_BYTES: '0' }, 'GRANT_RECON_PART_BYTES is "0": give the bytes'],
    [{ GRANT_RECON_PART_BYTES: '1e6' }, 'GRANT_RECON_PART_BYTES is "1e6": give the bytes'],
    [{ GRANT_RECON_PART_BYTES: '1073741825' }, 'GRANT_RECON_PART_BYTES is "1073741825": give the bytes'],
    [{ GRANT_RECON_WORKER_HEAP_MB: '-5' }, 'GRANT_RECON_WORKER_HEAP_MB is "-5": give the MB of a worker thread\'s heap as a whole number from 1 to 65536 in digits, or unset it'],
  ])('%j is refused: %s', (env, problem) => {
    const read = readWorkerSettings(env);
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.problems).toEqual([expect.stringContaining(problem)]);
  });
});

describe('the environment, checked before any command runs', () => {
  it('names each problem in the order of the names, a setting misspelt with the one it is near', () => {
    expect(
      environmentProblems({ GRANT_RECON_WORKER: '0', GRANT_RECON_DEBUG: 'yes', GRANT_RECON_PART_BYTES: 'x', grant_recon_workers: 'always', GRANT_RECON_VERSION: '1.2.0', PATH: '/bin' }),
    ).toEqual([
      'GRANT_RECON_WORKER is not a setting of grant-recon (did you mean GRANT_RECON_WORKERS?): set GRANT_RECON_WORKERS, or unset GRANT_RECON_WORKER',
      'grant_recon_workers is not a setting of grant-recon (did you mean GRANT_RECON_WORKERS?): set GRANT_RECON_WORKERS, or unset grant_recon_workers',
      'GRANT_RECON_PART_BYTES is "x": give the bytes in each part a large file is cut into as a whole number from 1 to 1073741824 in digits, or unset it',
      'GRANT_RECON_DEBUG is "yes": give 1 or true (an internal error writes its stack trace), or 0 or false, or unset it',
    ]);
  });

  it('GRANT_RECON_DEBUG=0 (or false) is off, as it reads; 1 or true is on', () => {
    expect(debugging({ GRANT_RECON_DEBUG: '0' })).toBe(false);
    expect(debugging({ GRANT_RECON_DEBUG: 'false' })).toBe(false);
    expect(debugging({ GRANT_RECON_DEBUG: '1' })).toBe(true);
    expect(debugging({ GRANT_RECON_DEBUG: 'true' })).toBe(true);
    expect(debugging({})).toBe(false);
    expect(environmentProblems({ GRANT_RECON_DEBUG: 'true' })).toEqual([]);
  });

  it.each([
    [{ GRANT_RECON_WORKERS: 'no' }, 'GRANT_RECON_WORKERS is "no"'],
    [{ GRANT_RECON_WORKER: '0' }, 'GRANT_RECON_WORKER is not a setting of grant-recon (did you mean GRANT_RECON_WORKERS?)'],
    [{ GRANT_RECON_PART_BYTES: '4MB' }, 'GRANT_RECON_PART_BYTES is "4MB"'],
  ])('a run with %j is a usage error, exit 2, nothing on stdout', (env, problem) => {
    const run = runCli(SAMPLE, env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^grant-recon: error\\[usage\\]: ${problem.replace(/[()?[\]]/g, '\\$&')}.*\\n${HINT.replace(/[()?[\]]/g, '\\$&')}$`));
  });

  it('--version too is refused under a setting that cannot be meant', () => {
    expect(runCli(['--version'], { GRANT_RECON_WORKERS: 'no' }).code).toBe(2);
  });

  it('an empty setting, a pipeline\'s own GRANT_RECON_ name and the settings well given change nothing', () => {
    const plain = runCli(SAMPLE);
    expect(plain.code, plain.stderr).toBe(0);
    for (const env of [{ GRANT_RECON_WORKERS: '' }, { GRANT_RECON_VERSION: '1.2.0' }, { GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '8192', GRANT_RECON_DEBUG: '0' }]) {
      const run = runCli(SAMPLE, env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(plain.stdout);
    }
  });
});
