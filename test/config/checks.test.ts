/**
 * Configurations that cannot be meant are refused, each problem with its JSON path; every problem of a file in
 * one run.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/schema.js';
import { runCli } from '../support/run-cli.js';

function problems(raw: unknown) {
  const result = validateConfig(raw);
  return result.ok ? [] : result.problems;
}

describe('amounts that cannot be meant', () => {
  it('a cap must be more than 0.00', () => {
    expect(problems({ years: [{ year: '2024/25', cap: '-2755000.00' }] })).toEqual([
      { path: '$.years[0].cap', message: '-2755000.00 is negative: a cap must be more than 0.00' },
    ]);
    expect(problems({ years: [{ year: '2024/25', cap: '0.00' }] })).toEqual([{ path: '$.years[0].cap', message: '0.00 is zero: a cap must be more than 0.00' }]);
    expect(problems({ years: [{ year: '2024/25', cap: 'lots' }] })).toEqual([{ path: '$.years[0].cap', message: 'must be pounds and pence as a string, e.g. "2893452.00"' }]);
    expect(problems({ years: [{ year: '2024/25', cap: '0.01' }, { year: '2025/26', cap: '0010.00' }] })).toEqual([]);
  });

  it('a budget must be 0.00 or more', () => {
    expect(problems({ budgets: [{ year: '2022/23', category: 'staff', budget: '-1300000.00' }] })).toEqual([
      { path: '$.budgets[0].budget', message: '-1300000.00 is negative: a budget must be 0.00 or more' },
    ]);
    expect(problems({ budgets: [{ year: '2022/23', category: 'staff', budget: '-0.00' }] })).toEqual([
      { path: '$.budgets[0].budget', message: '-0.00 has a minus sign: a budget must be 0.00 or more' },
    ]);
    expect(problems({ budgets: [{ year: '2022/23', category: 'staff', budget: '0.00' }] })).toEqual([]);
  });

  it('a financial year is checked for its shape and for its second year following the first', () => {
    expect(problems({ years: [{ year: '2022', cap: '1.00' }, { year: '2022/24', cap: '1.00' }] })).toEqual([
      { path: '$.years[0].year', message: 'must be a financial year, e.g. "2022/23"' },
      { path: '$.years[1].year', message: 'must be a financial year, e.g. "2022/23"' },
    ]);
  });
});

describe('on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-checks-'));
  const hint = '  hint: run `grant-recon config schema` for what the file may hold\n';

  it('a negative cap: exit 2, the message, and no claim written', () => {
    const config = join(dir, 'negative-cap.json');
    writeFileSync(config, JSON.stringify({ years: [{ year: '2022/23', cap: '-2755000.00' }] }));
    const out = join(dir, 'claim.json');
    const run = runCli(['claim', 'fixtures/sample/gl/gl-2022-04.csv', '--config', config, '--year', '2022/23', '--quarter', 'Q1', '-o', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${config}: error[config]: $.years[0].cap: -2755000.00 is negative: a cap must be more than 0.00\n${hint}`);
    expect(existsSync(out)).toBe(false);
  });
});
