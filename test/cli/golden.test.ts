/**
 * Golden tests: each folder under fixtures/golden holds a case.json (the arguments) and the expected stdout,
 * stderr and exit code, compared byte for byte. Regenerate on purpose only: UPDATE_GOLDEN=1 npx vitest run golden
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const GOLDEN = resolve(ROOT, 'fixtures/golden');
const update = process.env.UPDATE_GOLDEN === '1';

interface Case {
  readonly args: string[];
  readonly env?: Record<string, string>;
  /** The extension of the stdout file (json, csv, md, txt). */
  readonly stdout?: string;
}

const cases = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('golden outputs', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)('%s', (name) => {
    const dir = join(GOLDEN, name);
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
    const run = runCli(spec.args, spec.env ?? {});
    const outputs: [string, string][] = [
      [`stdout.${spec.stdout ?? 'txt'}`, run.stdout],
      ['stderr.txt', run.stderr],
      ['exit-code.txt', `${run.code}\n`],
    ];
    for (const [file, actual] of outputs) {
      const path = join(dir, file);
      if (update) writeFileSync(path, actual);
      expect(existsSync(path), `${name}/${file} is missing: run with UPDATE_GOLDEN=1 to create it`).toBe(true);
      expect(actual, `${name}/${file}`).toBe(readFileSync(path, 'utf8'));
    }
  });

  // The same outputs, byte for byte, when every file is parsed in worker threads and cut into parts of a few
  // hundred bytes (so that cuts fall inside quoted cells, multi-byte characters' lines and total lines). Parsing
  // does not depend on the output format, so one case of each set of inputs and options is enough.
  const oneFormatEach = [...new Map(cases.map((name) => [inputsOf(name), name])).values()];
  it.each(oneFormatEach)('%s, parsed in worker threads in parts', (name) => {
    const dir = join(GOLDEN, name);
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
    const run = runCli(spec.args, { ...spec.env, GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '211' });
    expect(run.stdout, `${name}/stdout`).toBe(readFileSync(join(dir, `stdout.${spec.stdout ?? 'txt'}`), 'utf8'));
    expect(run.stderr, `${name}/stderr`).toBe(readFileSync(join(dir, 'stderr.txt'), 'utf8'));
    expect(`${run.code}\n`, `${name}/exit code`).toBe(readFileSync(join(dir, 'exit-code.txt'), 'utf8'));
  });
});

/** A case's arguments and environment, less its output format. */
function inputsOf(name: string): string {
  const spec = JSON.parse(readFileSync(join(GOLDEN, name, 'case.json'), 'utf8')) as Case;
  const args = [...spec.args];
  const format = args.indexOf('--format');
  if (format >= 0) args.splice(format, 2);
  return JSON.stringify([args, spec.env ?? {}]);
}
