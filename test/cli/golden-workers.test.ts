/**
 * The golden outputs again, byte for byte, when every file is parsed in worker threads and cut into parts of a
 * few hundred bytes (so that cuts fall inside quoted cells, multi-byte characters' lines and total lines). Parsing
 * depends on the files alone, so one case of each command and set of files is enough. A file of its own, so that
 * it runs beside golden.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN, goldenCases as cases, readCase as specOf } from '../support/golden-cases.js';
import { runCli } from '../support/run-cli.js';
/** One case of each command and set of exports read. */
const oneEach = [...new Map(cases.map((name) => [JSON.stringify([specOf(name).args[0], specOf(name).args.filter((arg) => arg.endsWith('.csv'))]), name])).values()];

describe('golden outputs, parsed in worker threads in parts', () => {
  it('covers every command', () => {
    expect(new Set(oneEach.map((name) => specOf(name).args[0]))).toEqual(new Set(cases.map((name) => specOf(name).args[0])));
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
