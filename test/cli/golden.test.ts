/**
 * Golden tests: each folder under fixtures/golden holds a case.json (the arguments) and the expected stdout,
 * stderr and exit code, compared byte for byte. Regenerate on purpose only: UPDATE_GOLDEN=1 npx vitest run golden
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN, goldenCases as cases, readCase } from '../support/golden-cases.js';
import { runCli } from '../support/run-cli.js';

const update = process.env.UPDATE_GOLDEN === '1';

describe('golden outputs', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)('%s', (name) => {
    const dir = join(GOLDEN, name);
    const spec = readCase(name);
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
});
