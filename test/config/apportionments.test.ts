/**
 * The `apportionments` key: what the zod schema and the published JSON Schema both refuse (an editor flags it),
 * what only the tool can refuse (one value against another), each with its JSON path, and what the core is given.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import { configJsonSchema, describeConfig, normaliseConfig, validateConfig, type RawConfig } from '../../src/config/schema.js';
import { ROOT, runCli } from '../support/run-cli.js';

const validate = new Ajv2020({ allErrors: true }).compile(configJsonSchema());

const post = { name: 'shared analyst post', match: { costCentre: 'SMH002' }, rate: '40%', from: '2023-01-01' };
const with_ = (...rules: object[]) => ({ apportionments: rules });

function problems(raw: unknown) {
  const result = validateConfig(raw, PCD_1215);
  return result.ok ? [] : result.problems;
}

describe('apportionments: refused by the JSON Schema and the tool', () => {
  const refused: [string, unknown, string, string][] = [
    ['a rate without its sign', with_({ ...post, rate: '40' }), '$.apportionments[0].rate', '"40" is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"'],
    ['a rate over 100%', with_({ ...post, rate: '100.5%' }), '$.apportionments[0].rate', '"100.5%" is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"'],
    ['a rate with 5 decimals', with_({ ...post, rate: '33.33333%' }), '$.apportionments[0].rate', '"33.33333%" is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"'],
    ['a negative rate', with_({ ...post, rate: '-5%' }), '$.apportionments[0].rate', '"-5%" is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"'],
    ['a rate as a number', with_({ ...post, rate: 0.4 }), '$.apportionments[0].rate', '0.4 is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"'],
    ['two matches', with_({ ...post, match: { costCentre: 'SMH002', account: '511000' } }), '$.apportionments[0].match', 'give exactly one of "costCentre", "account" or "payElement"'],
    ['no match', with_({ ...post, match: {} }), '$.apportionments[0].match', 'give exactly one of "costCentre", "account" or "payElement"'],
    ['a date written day first', with_({ ...post, from: '01/01/2023' }), '$.apportionments[0].from', 'must be a date written yyyy-mm-dd, e.g. "2023-01-01"'],
    ['no from', with_({ name: 'x', match: { account: '511000' }, rate: '10%' }), '$.apportionments[0].from', 'is missing'],
    ['an unknown key in a rule', with_({ ...post, percent: '40%' }), '$.apportionments[0]', 'Unrecognized key: "percent"'],
    ['an unknown key in a match', with_({ ...post, match: { costCenter: 'SMH002' } }), '$.apportionments[0].match', 'Unrecognized key: "costCenter" (did you mean "costCentre"?)'],
  ];
  it.each(refused)('%s', (_name, config, path, message) => {
    expect(validate(config)).toBe(false);
    // Compared by path and message: a key left out also gets a hint (what the key holds), pinned in plain-words.test.ts.
    expect(problems(config).map((p) => ({ path: p.path, message: p.message }))).toContainEqual({ path, message });
  });
});

describe('apportionments: refused by the tool alone (JSON Schema cannot compare values)', () => {
  const refused: [string, unknown, { path: string; message: string }[]][] = [
    ['a day that does not exist', with_({ ...post, from: '2023-02-30' }), [{ path: '$.apportionments[0].from', message: '2023-02-30 is not a day of the calendar: give a date that exists, e.g. "2023-01-01"' }]],
    ['to before from', with_({ ...post, to: '2022-12-31' }), [{ path: '$.apportionments[0].to', message: '2022-12-31 is before from 2023-01-01, so the rule covers no day: give the later date as "to"' }]],
    [
      'two rules of one name',
      with_(post, { ...post, name: 'Shared Analyst Post', match: { account: '511000' } }),
      [{ path: '$.apportionments[1].name', message: 'a second apportionment named "Shared Analyst Post" (the first is $.apportionments[0])' }],
    ],
    [
      'two rates for one cost centre on one day (matched in any case)',
      with_({ ...post, to: '2023-06-30' }, { ...post, name: 'later', match: { costCentre: 'smh002' }, rate: '50%', from: '2023-06-30' }),
      [
        {
          path: '$.apportionments[1]',
          message: 'a second rate for cost centre SMH002 on days the first covers (the first, $.apportionments[0], charges 40% from 2023-01-01 to 2023-06-30): end the first with "to" the day before this one\'s "from"',
        },
      ],
    ],
    [
      'a cost centre that is not the grant\'s',
      { costCentres: ['SMH001'], ...with_(post) },
      [{ path: '$.apportionments[0].match', message: "cost centre SMH002 is not one of the grant's costCentres, so its rows are excluded before any rate applies: add it to \"costCentres\", or remove the rule" }],
    ],
    [
      'an ineligible pay element (the built-in list)',
      with_({ ...post, match: { payElement: ' Redundancy ' } }),
      [{ path: '$.apportionments[0].match', message: 'pay element "redundancy" is in "ineligiblePayElements", so its rows are excluded before any rate applies: remove one of the two' }],
    ],
  ];
  it.each(refused)('%s', (_name, config, expected) => {
    expect(validate(config)).toBe(true);
    expect(problems(config)).toEqual(expected);
  });

  it('says every problem of the file in one run, through the file reader too', () => {
    const text = JSON.stringify(with_({ ...post, rate: '140%' }, { ...post, to: '2022-01-01' }));
    const read = parseConfigText(text, PCD_1215);
    expect(read.ok).toBe(false);
    // The first rule's rate is refused, so the second's name clashes with no sound rule: two problems, not three.
    expect(read.ok ? [] : read.problems.map((p) => p.path)).toEqual(['$.apportionments[0].rate', '$.apportionments[1].to']);
  });
});

describe('apportionments: accepted', () => {
  const accepted: [string, unknown][] = [
    ['the example of the docs', with_(post)],
    ['0% and 100%, 4 decimals', with_({ ...post, rate: '0%' }, { ...post, name: 'b', match: { account: '531000' }, rate: '100.0000%' }, { ...post, name: 'c', match: { payElement: 'Overtime' }, rate: '33.3333%', to: '2023-03-31' })],
    ['one cost centre at two rates on days that do not overlap', with_({ ...post, to: '2023-06-30' }, { ...post, name: 'later', rate: '50%', from: '2023-07-01' })],
    ['a cost centre rule and an account rule that may meet one row (the first wins)', with_(post, { ...post, name: 'acct', match: { account: '511000' }, rate: '10%' })],
    ['an empty list', with_()],
  ];
  it.each(accepted)('%s', (_name, config) => {
    expect(validate(config)).toBe(true);
    expect(problems(config)).toEqual([]);
  });

  it('gives the core codes as the fold compares them and the rate without its sign; config show writes it back', () => {
    const raw = with_({ ...post, match: { costCentre: ' smh002 ' } }, { name: 'ot', match: { payElement: ' Over   Time ' }, rate: '12.5%', from: '2022-04-01', to: '2023-03-31' });
    const result = validateConfig(raw, PCD_1215);
    expect(result.ok).toBe(true);
    const config = normaliseConfig((result as { config: RawConfig }).config, PCD_1215);
    expect(config.apportionments).toEqual([
      { name: 'shared analyst post', match: { costCentre: 'SMH002' }, rate: '40', from: '2023-01-01', to: undefined },
      { name: 'ot', match: { payElement: 'over time' }, rate: '12.5', from: '2022-04-01', to: '2023-03-31' },
    ]);
    expect(describeConfig(config).apportionments).toEqual([
      { name: 'shared analyst post', match: { costCentre: 'SMH002' }, rate: '40%', from: '2023-01-01' },
      { name: 'ot', match: { payElement: 'over time' }, rate: '12.5%', from: '2022-04-01', to: '2023-03-31' },
    ]);
  });

  it('without the key, the built-in configuration has none and `config show` says nothing of them', () => {
    expect(PCD_1215.apportionments).toBeUndefined();
    expect(describeConfig(PCD_1215)).not.toHaveProperty('apportionments');
    expect(normaliseConfig({}, PCD_1215)).not.toHaveProperty('apportionments');
  });
});

describe('apportionments: from the command line', () => {
  it('the worked example\'s configuration passes the published schema and the tool', () => {
    const text = readFileSync(join(ROOT, 'fixtures/grants/shared-post/config.json'), 'utf8');
    expect(validate(JSON.parse(text))).toBe(true);
    expect(parseConfigText(text, PCD_1215).ok).toBe(true);
  });

  it('a configuration that cannot be meant is refused (exit 2) with each path and the hint, before any export is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-apportion-config-'));
    const path = join(dir, 'grant.json');
    writeFileSync(path, JSON.stringify(with_({ ...post, rate: '40' }, { ...post, name: 'b', to: '2022-01-01' })));
    const run = runCli(['reconcile', 'fixtures/grants/shared-post/gl-2023-01.csv', '--config', path]);
    rmSync(dir, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `${path}: error[config]: $.apportionments[0].rate: "40" is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"`,
        '  hint: run `grant-recon config schema` for what the file may hold',
        `${path}: error[config]: $.apportionments[1].to: 2022-01-01 is before from 2023-01-01, so the rule covers no day: give the later date as "to"`,
        '  hint: run `grant-recon config schema` for what the file may hold',
        '',
      ].join('\n'),
    );
  });
});
