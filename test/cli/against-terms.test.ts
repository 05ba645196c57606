/**
 * `--against` and the apportionment rules a reconciliation@2 records in full (`terms`): a reconciliation made under
 * other rule dates, or before a rule that takes no row was added, is refused naming the rule and the field, where
 * before it was compared and its figures reported as restatements. The grant is fixtures/grants/shared-post.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { withDigest } from '../support/forge.js';

const F = 'fixtures/grants/shared-post';
const INPUTS = [`${F}/gl-2022-12.csv`, `${F}/gl-2023-01.csv`, `${F}/gl-2023-01b.csv`, `${F}/payroll-2023-03.csv`];
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-against-terms-'));
const CONFIG = JSON.parse(readFileSync(`${F}/config.json`, 'utf8')) as { apportionments: Record<string, unknown>[] } & Record<string, unknown>;
const HINT = 'hint: compare against a reconciliation made under the same configuration, or reconcile again: a change of configuration is not a restatement of the ledger';

function configWith(name: string, apportionments: Record<string, unknown>[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ ...CONFIG, apportionments }));
  return path;
}
const reconcile = (config: string, ...more: string[]) => runCli(['reconcile', ...INPUTS, '--config', config, ...more, '--format', 'json']);

describe('--against compares the apportionment rules in full', () => {
  const earlier = join(dir, 'earlier.json');
  const made = reconcile(`${F}/config.json`);
  writeFileSync(earlier, made.stdout);
  const [post, licence] = CONFIG.apportionments as [Record<string, unknown>, Record<string, unknown>];

  it('records every rule in configuration order, and agrees with the configuration it was made under', () => {
    const json = JSON.parse(made.stdout) as { schema: string; terms: unknown };
    expect(json.schema).toBe('grant-recon/reconciliation@2');
    expect(json.terms).toEqual({
      apportionments: [
        { name: 'shared analyst post', match: { costCentre: 'SMH002' }, rate: '40%', from: '2023-01-01', to: null },
        { name: 'shared licence', match: { account: '531500' }, rate: '33.3333%', from: '2022-10-01', to: '2023-03-31' },
      ],
    });
    const run = reconcile(`${F}/config.json`, '--against', earlier);
    expect(run.code, run.stderr).toBe(0);
  });

  it('a rule\'s from, to, a rule that takes no row, and the order: refused naming each', () => {
    const cases: [string, Record<string, unknown>[], string][] = [
      ['later-from.json', [{ ...post, from: '2023-02-01' }, licence], 'written with the apportionment rule "shared analyst post" from 2023-01-01; the configuration now says 2023-02-01'],
      ['open-to.json', [post, { ...licence, to: undefined }], 'written with the apportionment rule "shared licence" to 2023-03-31; the configuration now says open'],
      [
        'new-rule.json',
        [post, licence, { name: 'on-call cover', match: { payElement: 'On-Call Allowance' }, rate: '50%', from: '2022-04-01' }],
        'written without the apportionment rule "on-call cover"; the configuration now has it (pay element on-call allowance at 50% from 2022-04-01)',
      ],
      ['order.json', [licence, post], 'written with the apportionment rules in the order "shared analyst post", "shared licence"; the configuration now lists them "shared licence", "shared analyst post"'],
    ];
    for (const [name, rules, difference] of cases) {
      const config = configWith(name, rules);
      const run = reconcile(config, '--against', earlier);
      expect(run.code, name).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`--against ${earlier}: it was written under another configuration than the configuration ${config}: `);
      expect(run.stderr).toContain(difference);
      expect(run.stderr).toContain(HINT);
      // The same check guards check --against.
      expect(runCli(['check', ...INPUTS, '--config', config, '--against', earlier]).stderr).toContain(difference);
    }
  });

  it('terms taken out of the file, its digest worked out again, is refused', () => {
    const json = JSON.parse(made.stdout) as Record<string, unknown>;
    delete json.terms;
    const file = join(dir, 'no-terms.json');
    writeFileSync(file, withDigest(json));
    const run = reconcile(`${F}/config.json`, '--against', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--against ${file}: terms is missing, though grant-recon writes it into every grant-recon/reconciliation@2 that holds apportionments: it was changed after it was written`);
  });

  it('terms and apportionment groups both taken out, read under a configuration without apportionments, is refused: its apportioned-out rows remain', () => {
    const json = JSON.parse(made.stdout) as Record<string, unknown>;
    delete json.terms;
    delete json.apportionments;
    const file = join(dir, 'no-apportionments.json');
    writeFileSync(file, withDigest(json));
    const config = configWith('no-rules.json', []);
    const run = reconcile(config, '--against', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `--against ${file}: it holds exclusions apportioned-out (of "apportionments"), which the configuration ${config} does not set: it was written under other grant terms, or changed after it was written`,
    );
    expect(run.stderr).toContain(HINT);
  });
});
