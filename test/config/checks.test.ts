/**
 * Configurations that cannot be meant are refused, each problem with its JSON path and, where two entries clash,
 * both paths; every problem of a file in one run.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { validateConfig } from '../../src/config/schema.js';
import { runCli } from '../support/run-cli.js';

function problems(raw: unknown) {
  const result = validateConfig(raw, PCD_1215);
  return result.ok ? [] : result.problems;
}

const staff = (name: string, match: object, category = 'staff') => ({ name, ...match, category });

describe('amounts that cannot be meant', () => {
  it('a cap must be more than 0.00', () => {
    expect(problems({ years: [{ year: '2024/25', cap: '-2755000.00' }] })).toEqual([
      { path: '$.years[0].cap', message: '-2755000.00 is negative: a cap must be more than 0.00' },
    ]);
    expect(problems({ years: [{ year: '2024/25', cap: '0.00' }] })).toEqual([{ path: '$.years[0].cap', message: '0.00 is zero: a cap must be more than 0.00' }]);
    expect(problems({ years: [{ year: '2024/25', cap: 'lots' }] })).toEqual([{ path: '$.years[0].cap', message: 'must be pounds and pence, as a string with two decimals ("2893452.00") or a number (2893452.00)' }]);
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

describe('account ranges that hold nothing meant', () => {
  it('from after to', () => {
    expect(problems({ chart: [staff('officers', { from: '59', to: '50' }, 'officers')] })).toEqual([
      { path: '$.chart[0]', message: 'from "59" is after to "50", so the range holds no account: give the lower code as "from"' },
    ]);
  });

  it('ends of two lengths', () => {
    expect(problems({ chart: [staff('staff pay', { from: '5100', to: '51999' })] })).toEqual([
      { path: '$.chart[0]', message: 'from "5100" and to "51999" differ in length: a range holds codes as long as its ends (e.g. from "510000" to "519999")' },
    ]);
  });

  it('a range of one code, and codes compared as the chart compares them (upper case), are fine', () => {
    expect(problems({ chart: [staff('one', { from: '510000', to: '510000' }), staff('letters', { from: 'sw01', to: 'SW99' }, 'software')] })).toEqual([]);
  });
});

describe('entries that clash', () => {
  it('two budgets for one year and category: both paths', () => {
    const budgets = [
      { year: '2022/23', category: 'staff', budget: '1300000.00' },
      { year: '2022/23', category: 'officers', budget: '800000.00' },
      { year: '2023/24', category: 'staff', budget: '1300000.00' },
      { year: '2022-23', category: 'officers', budget: '900000.00' },
    ];
    expect(problems({ budgets })).toEqual([{ path: '$.budgets[3]', message: 'a second budget for 2022/23 officers (the first is $.budgets[1])' }]);
  });

  it('a budget for a year outside the grant: the file\'s years, or the built-in grant\'s', () => {
    const budget = { year: '2024/25', category: 'staff', budget: '1.00' };
    expect(problems({ budgets: [budget] })).toEqual([{ path: '$.budgets[0].year', message: '2024/25 is not a year of the grant (the grant\'s years: 2022/23, 2023/24)' }]);
    expect(problems({ years: [{ year: '2024/25', cap: '2755000.00' }], budgets: [budget] })).toEqual([]);
    expect(problems({ years: [{ year: '2025/26', cap: '2755000.00' }], budgets: [budget] })).toEqual([
      { path: '$.budgets[0].year', message: '2024/25 is not a year of the grant (the grant\'s years: 2025/26)' },
    ]);
  });

  it('a year listed twice', () => {
    expect(problems({ years: [{ year: '2024/25', cap: '2755000.00' }, { year: '2024-25', cap: '1.00' }] })).toEqual([
      { path: '$.years[1]', message: 'a second cap for 2024/25 (the first is $.years[0])' },
    ]);
  });

  it('two chart rules with one name (ignoring case)', () => {
    expect(problems({ chart: [staff('Staff pay', { prefix: '51' }), staff('staff pay', { code: '520000' }, 'training')] })).toEqual([
      { path: '$.chart[1].name', message: 'a second rule named "staff pay" (the first is $.chart[0])' },
    ]);
  });

  it('one match for two categories: same code, same prefix, or same range', () => {
    const chart = [
      staff('hospitality', { code: '510999' }, 'ineligible'),
      staff('staff', { prefix: '51' }),
      staff('officer pay', { from: '500000', to: '509999' }, 'officers'),
      staff('hospitality again', { code: '510999 ' }, 'staff'),
      staff('officers by mistake', { prefix: '51' }, 'officers'),
      staff('comms by mistake', { from: '500000', to: '509999' }, 'comms'),
      staff('everything', { prefix: '' }, 'ineligible'),
      staff('everything else', { prefix: '' }, 'equipment'),
    ];
    expect(problems({ chart })).toEqual([
      { path: '$.chart[3]', message: 'a second rule for account "510999" says staff (the first, $.chart[0], says ineligible)' },
      { path: '$.chart[4]', message: 'a second rule for accounts starting "51" says officers (the first, $.chart[1], says staff)' },
      { path: '$.chart[5]', message: 'a second rule for accounts "500000" to "509999" says comms (the first, $.chart[2], says officers)' },
      { path: '$.chart[7]', message: 'a second rule for every account (prefix "") says equipment (the first, $.chart[6], says ineligible)' },
    ]);
  });

  it('overlapping rules are how a chart is written, and one match repeated for the same category is harmless', () => {
    const chart = [staff('hospitality', { code: '510999' }, 'ineligible'), staff('staff', { prefix: '51' }), staff('staff range', { from: '510000', to: '519999' }), staff('staff again', { prefix: '51' })];
    expect(problems({ chart })).toEqual([]);
  });

  it('a cost centre, a pay element or a key column listed twice (ignoring case where the tool ignores it)', () => {
    expect(
      problems({
        costCentres: ['SMH001', 'SMH002', 'smh001'],
        ineligiblePayElements: ['Redundancy', 'redundancy'],
        profiles: [{ name: 'p', kind: 'gl', columns: {}, key: ['Document Number', 'Document Number'] }],
      }),
    ).toEqual([
      { path: '$.costCentres[2]', message: 'a second cost centre "smh001" (the first is $.costCentres[0])' },
      { path: '$.ineligiblePayElements[1]', message: 'a second pay element "redundancy" (the first is $.ineligiblePayElements[0])' },
      { path: '$.profiles[0].key[1]', message: 'a second key column "Document Number" (the first is $.profiles[0].key[0])' },
    ]);
  });
});

describe('every problem of a file in one run', () => {
  it('clashes are found among the sound entries even when other entries are badly written', () => {
    expect(
      problems({
        years: [
          { year: '2022/23', cap: 'lots' },
          { year: '2022/23', cap: '1.00' },
        ],
        budgets: [
          { year: '2022/23', category: 'staff', budget: '-1.00' },
          { year: '2022/23', category: 'staff', budget: '2.00' },
        ],
        colour: 'blue',
      }),
    ).toEqual([
      { path: '$.years[0].cap', message: 'must be pounds and pence, as a string with two decimals ("2893452.00") or a number (2893452.00)' },
      { path: '$.budgets[0].budget', message: '-1.00 is negative: a budget must be 0.00 or more' },
      { path: '$', message: 'Unrecognized key: "colour"' },
      { path: '$.years[1]', message: 'a second cap for 2022/23 (the first is $.years[0])' },
      { path: '$.budgets[1]', message: 'a second budget for 2022/23 staff (the first is $.budgets[0])' },
    ]);
  });

  it('a year that cannot be read leaves the budget years unjudged rather than judged wrongly', () => {
    expect(problems({ years: [{ year: 'FY22', cap: '1.00' }], budgets: [{ year: '2022/23', category: 'staff', budget: '1.00' }] })).toEqual([
      { path: '$.years[0].year', message: 'must be a financial year, e.g. "2022/23"' },
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

  it('every problem of the file, one message each, exit 2', () => {
    const config = join(dir, 'many.json');
    writeFileSync(
      config,
      JSON.stringify({
        chart: [
          { name: 'staff', prefix: '51', category: 'staff' },
          { name: 'backwards', from: '59', to: '50', category: 'comms' },
          { name: 'staff', code: '520000', category: 'training' },
          { name: 'officers', prefix: '51', category: 'officers' },
        ],
        budgets: [
          { year: '2022/23', category: 'staff', budget: '1300000.00' },
          { year: '2022/23', category: 'staff', budget: '-5.00' },
          { year: '2024/25', category: 'comms', budget: '5.00' },
        ],
      }),
    );
    const run = runCli(['config', 'show', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        '$.budgets[1].budget: -5.00 is negative: a budget must be 0.00 or more',
        '$.chart[1]: from "59" is after to "50", so the range holds no account: give the lower code as "from"',
        '$.chart[2].name: a second rule named "staff" (the first is $.chart[0])',
        '$.chart[3]: a second rule for accounts starting "51" says officers (the first, $.chart[0], says staff)',
        '$.budgets[1]: a second budget for 2022/23 staff (the first is $.budgets[0])',
        '$.budgets[2].year: 2024/25 is not a year of the grant (the grant\'s years: 2022/23, 2023/24)',
      ]
        .map((m) => `${config}: error[config]: ${m}\n${hint}`)
        .join(''),
    );
  });
});

describe('a configuration with many problems', () => {
  it('writes the first 50 on stderr in the file\'s order, then counts the rest', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'grant-recon-many-problems-')), 'many.json');
    // Each of 60 rules names a category that does not exist and is matched by nothing: two problems a rule.
    writeFileSync(file, JSON.stringify({ chart: Array.from({ length: 60 }, (_, i) => ({ name: `r${i}`, prefix: `9${String(i).padStart(2, '0')}`, category: 'nonsense' })) }));
    const expected = problems({ chart: Array.from({ length: 60 }, (_, i) => ({ name: `r${i}`, prefix: `9${String(i).padStart(2, '0')}`, category: 'nonsense' })) });
    expect(expected.length).toBeGreaterThan(50);
    const run = runCli(['validate', 'fixtures/sample/gl/gl-2022-04.csv', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    const diagnostics = lines.filter((line) => line.startsWith(`${file}: error[config]: `));
    expect(diagnostics).toEqual(expected.slice(0, 50).map((p) => `${file}: error[config]: ${p.path}: ${p.message}`));
    expect(lines.at(-1)).toBe(`grant-recon: … and ${expected.length - 50} more problems in ${file}, not listed: correct those above, then run again`);
  });
});
