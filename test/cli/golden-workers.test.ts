/**
 * The golden outputs again, byte for byte, when every file is parsed in worker threads and cut into parts of a
 * few hundred bytes (so that cuts fall inside quoted cells, multi-byte characters' lines and total lines). A file
 * of its own, so that it runs beside golden.test.ts.
 *
 * What the workers do depends on the exports read, the configuration they are folded under, and whether the run
 * observes every row (rows, --with-rows, --against, --previous: the workers only parse) or not (the workers fold
 * the rows too); the rest of a run is the same code with or without them. So one case of each set of exports,
 * configuration and way of reading is enough: the first by name that ends otherwise than in a usage error (one
 * that stops before reading has nothing to parse), else the first. Cases that read no export (help, version,
 * config, claims list) start no worker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN, goldenCases as cases, readCase as specOf } from '../support/golden-cases.js';
import { runCli } from '../support/run-cli.js';

/** Options whose runs observe every row: the workers parse and the main thread folds. */
const OBSERVING = new Set(['--with-rows', '--against', '--previous', '--previous-dir']);

/** What the workers are given in a case: its exports, its configuration and its way of reading; undefined if none. */
function workersSee(name: string): string | undefined {
  const { args } = specOf(name);
  const exports = args.filter((arg) => arg.endsWith('.csv'));
  if (exports.length === 0) return undefined;
  const config = args.indexOf('--config');
  const observed = args[0] === 'rows' || args.some((arg) => OBSERVING.has(arg));
  return JSON.stringify([exports, config >= 0 ? args[config + 1] : null, observed]);
}

const usageError = (name: string): boolean => readFileSync(join(GOLDEN, name, 'stderr.txt'), 'utf8').startsWith('grant-recon: error[usage]');

/** One case of each set of exports, configuration and way of reading: the first by name that is no usage error, else the first. */
const chosen = new Map<string, string>();
for (const name of cases) {
  const key = workersSee(name);
  const before = key === undefined ? undefined : chosen.get(key);
  if (key !== undefined && (before === undefined || (usageError(before) && !usageError(name)))) chosen.set(key, name);
}
const oneEach = [...chosen.values()].sort();

describe('golden outputs, parsed in worker threads in parts', () => {
  it('covers every command that reads exports, each way of reading, and refusals', () => {
    const commands = (names: readonly string[]) => new Set(names.filter((name) => workersSee(name) !== undefined).map((name) => specOf(name).args[0]));
    expect(commands(oneEach)).toEqual(commands(cases));
    expect(new Set(oneEach.map((name) => (JSON.parse(workersSee(name) as string) as unknown[])[2]))).toEqual(new Set([true, false]));
    expect(oneEach.filter((name) => readFileSync(join(GOLDEN, name, 'exit-code.txt'), 'utf8') === '2\n').length).toBeGreaterThan(3);
    expect(oneEach.filter((name) => !usageError(name)).length).toBeGreaterThan(30);
  });

  it.each(oneEach)('%s', (name) => {
    const dir = join(GOLDEN, name);
    const spec = specOf(name);
    const run = runCli(spec.args, { ...spec.env, GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '211' });
    expect(run.stdout, `${name}/stdout`).toBe(readFileSync(join(dir, `stdout.${spec.stdout ?? 'txt'}`), 'utf8'));
    expect(run.stderr, `${name}/stderr`).toBe(readFileSync(join(dir, 'stderr.txt'), 'utf8'));
    expect(`${run.code}\n`, `${name}/exit code`).toBe(readFileSync(join(dir, 'exit-code.txt'), 'utf8'));
  });
});

/** The cases refused for a broken export (exit 2, no usage error): what a worker meets in a file it reads whole. */
const refusals = oneEach.filter((name) => readFileSync(join(GOLDEN, name, 'exit-code.txt'), 'utf8') === '2\n' && !usageError(name));

describe('golden refusals, each file read whole by one worker', () => {
  it('are there to compare', () => {
    expect(refusals.length).toBeGreaterThan(2);
  });

  // A worker that meets a CSV fault has parsed records it never gave (a parcel being folded): the refusal named the
  // line the reader stood on (the unclosed quote of line 4 as line 2) until the rest was parsed again in the main thread.
  it.each(refusals)('%s', (name) => {
    const spec = specOf(name);
    const run = runCli(spec.args, { ...spec.env, GRANT_RECON_WORKERS: 'always' });
    expect(run.stderr, `${name}/stderr`).toBe(readFileSync(join(GOLDEN, name, 'stderr.txt'), 'utf8'));
    expect(`${run.code}\n`, `${name}/exit code`).toBe('2\n');
  });
});
