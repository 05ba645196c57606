/**
 * Apportionment rules that could never split a row, and caps that contradict each other. A rule whose dates lie
 * wholly outside the grant's days, or whose account the chart never places in a category, is refused with its JSON
 * path, as a rule for a cost centre that is not the grant's is; a year's own cap above the grant cap is valid (the
 * lower cap binds) but can hardly be meant, and is said as a warning.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsAboveGrantCap } from '../../src/cli/config-warnings.js';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import type { ConfigProblem } from '../../src/config/problems.js';
import { runCli } from '../support/run-cli.js';

const problemsOf = (config: unknown): ConfigProblem[] => {
  const result = parseConfigText(JSON.stringify(config), PCD_1215);
  return result.ok ? [] : result.problems;
};

const YEARS = [
  { year: '2023/24', cap: '60000.00' },
  { year: '2024/25', cap: '80000.00' },
];
const CHART = [
  { name: 'hospitality', code: '511900', category: 'ineligible' },
  { name: 'staff-51', prefix: '51', category: 'staff' },
  { name: 'software-531000', code: '531000', category: 'software' },
];
const grant = (apportionments: object[], extra: object = {}) => ({ years: YEARS, chart: CHART, apportionments, ...extra });
const post = { name: 'shared post', match: { account: '511000' }, rate: '40%' };

describe("an apportionment whose dates miss the grant's days", () => {
  it('a "from" after the window\'s "to" is refused at its path', () => {
    // The window ends 2025-01-31: a rule from 2030-01-01 could meet only rows posted after it, which are outside the window.
    expect(problemsOf(grant([{ ...post, from: '2030-01-01' }], { window: { from: '2023-08-01', to: '2025-01-31' } }))).toEqual([
      {
        path: '$.apportionments[0].from',
        message: '2030-01-01 is after the grant\'s last day, 2025-01-31 (the window\'s "to"), so the rule could take only rows dated after the grant ends',
        hint: "give dates that meet the grant's, from 2023-08-01 to 2025-01-31, or remove the rule",
      },
    ]);
  });

  it('without a window, a "from" after 31 March of the last year, and a "to" before 1 April of the first, are refused', () => {
    expect(problemsOf(grant([{ ...post, from: '2025-04-01' }, { ...post, name: 'old rate', from: '2022-01-01', to: '2023-03-31' }]))).toEqual([
      {
        path: '$.apportionments[0].from',
        message: "2025-04-01 is after the grant's last day, 2025-03-31 (the end of 2024/25), so the rule could take only rows dated after the grant ends",
        hint: "give dates that meet the grant's, from 2023-04-01 to 2025-03-31, or remove the rule",
      },
      {
        path: '$.apportionments[1].to',
        message: "2023-03-31 is before the grant's first day, 2023-04-01 (the start of 2023/24), so the rule could take only rows dated before the grant begins",
        hint: "give dates that meet the grant's, from 2023-04-01 to 2025-03-31, or remove the rule",
      },
    ]);
  });

  it('a "to" before the window\'s "from" is refused; a rule that meets the grant on one day at either end is not', () => {
    const window = { from: '2023-08-01', to: '2025-01-31' };
    expect(problemsOf(grant([{ ...post, from: '2023-04-01', to: '2023-07-31' }], { window })).map((p) => [p.path, p.message])).toEqual([
      ['$.apportionments[0].to', '2023-07-31 is before the grant\'s first day, 2023-08-01 (the window\'s "from"), so the rule could take only rows dated before the grant begins'],
    ]);
    expect(problemsOf(grant([{ ...post, from: '2023-04-01', to: '2023-08-01' }, { ...post, name: 'late', from: '2025-01-31' }], { window }))).toEqual([]);
    // A rule that starts before the grant and runs on into it applies from the grant's first day: allowed.
    expect(problemsOf(grant([{ ...post, from: '2020-01-01' }], { window }))).toEqual([]);
  });

  it('a "to" before its own "from" is said once, as before', () => {
    expect(problemsOf(grant([{ ...post, from: '2024-06-01', to: '2020-05-31' }])).map((p) => p.path)).toEqual(['$.apportionments[0].to']);
  });
});

describe('an apportionment of an account the chart never places in a category', () => {
  it('an account no chart rule covers is refused, as a cost centre that is not the grant\'s is', () => {
    expect(problemsOf(grant([{ ...post, match: { account: '999999' }, from: '2024-01-01' }]))).toEqual([
      {
        path: '$.apportionments[0].match',
        message: 'account 999999: no chart rule covers it, so its rows are excluded as ineligible-account before any rate applies',
        hint: 'place the account in a category with a chart rule (e.g. { "name": "shared-999999", "code": "999999", "category": "…" } before any rule that covers it), or remove the apportionment',
      },
    ]);
  });

  it('an account a chart rule makes ineligible is refused, naming the rule; an account compared as the fold compares it (case, spaces) is placed', () => {
    expect(problemsOf(grant([{ ...post, match: { account: '511900' }, from: '2024-01-01' }])).map((p) => p.message)).toEqual([
      'account 511900: chart rule "hospitality" makes it ineligible, so its rows are excluded as ineligible-account before any rate applies',
    ]);
    expect(problemsOf(grant([{ ...post, match: { account: ' 531000 ' }, from: '2024-01-01' }]))).toEqual([]);
  });

  it('without a chart of its own, the built-in chart decides (51… staff; 601000 placed by no rule)', () => {
    const pcd = (account: string) => ({ apportionments: [{ ...post, match: { account }, from: '2023-01-01' }] });
    expect(problemsOf(pcd('511000'))).toEqual([]);
    expect(problemsOf(pcd('601000')).map((p) => [p.path, p.message])).toEqual([
      ['$.apportionments[0].match', 'account 601000: no chart rule covers it, so its rows are excluded as ineligible-account before any rate applies'],
    ]);
  });

  it('a chart with a rule that cannot be read is not judged (the bad rule is reported, once)', () => {
    const chart = [{ name: 'staff', prefix: '51', category: 'staff' }, { name: 'bad', category: 'staff' }];
    expect(problemsOf({ years: YEARS, chart, apportionments: [{ ...post, match: { account: '999999' }, from: '2024-01-01' }] }).map((p) => p.path)).toEqual(['$.chart[1]']);
  });
});

describe("a year's own cap above the grant cap", () => {
  const configOf = (extra: object) => {
    const result = parseConfigText(JSON.stringify({ years: YEARS, chart: CHART, ...extra }), PCD_1215);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.config;
  };

  it('is a warning at $.grantCap naming each such year and its cap; a cap equal to the grant cap, or none of its own, is not', () => {
    expect(capsAboveGrantCap(configOf({ grantCap: '50000.00' }))).toEqual([
      {
        path: '$.grantCap',
        message: "£50,000.00 is less than the own caps of 2023/24 (£60,000.00) and 2024/25 (£80,000.00): the grant cap is reached first, so those years' own caps can never be",
        hint: 'check both caps against the grant\'s terms: lower those caps to the grant cap or less, raise the grant cap, or leave their "cap" out so that the grant cap alone caps them',
      },
    ]);
    expect(capsAboveGrantCap(configOf({ grantCap: '70000.00' })).map((p) => p.message)).toEqual([
      "£70,000.00 is less than the own cap of 2024/25 (£80,000.00): the grant cap is reached first, so that year's own cap can never be",
    ]);
    expect(capsAboveGrantCap(configOf({ grantCap: '80000.00' }))).toEqual([]);
    expect(capsAboveGrantCap(configOf({ years: [{ year: '2023/24' }, { year: '2024/25' }], grantCap: '50000.00' }))).toEqual([]);
    expect(capsAboveGrantCap(configOf({}))).toEqual([]);
  });

  it('is said on stderr whenever the configuration is read, and the run goes on (exit 0)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-caps-'));
    const file = join(dir, 'grant.json');
    writeFileSync(file, JSON.stringify({ years: [{ year: '2023/24', cap: '200000.00' }], grantCap: '125000.00', chart: CHART }));
    const run = runCli(['config', 'show', '--config', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `${file}: warning[config]: $.grantCap: £125,000.00 is less than the own cap of 2023/24 (£200,000.00): the grant cap is reached first, so that year's own cap can never be\n` +
        '  hint: check both caps against the grant\'s terms: lower the year\'s cap to the grant cap or less, raise the grant cap, or leave the year\'s "cap" out so that the grant cap alone caps it\n',
    );
  });
});
