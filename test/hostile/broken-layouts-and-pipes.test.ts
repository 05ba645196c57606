/**
 * Shapes found by trying the tool as an attacker would, each pinned: an earlier claim saved with a byte-order mark,
 * a layout whose key names a column it does not map, a configuration nested without end, two columns of a layout
 * read by one header, a file name holding a line break in CSV output, and a stderr whose reader has gone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'grant-recon-broken-layouts-'));
const Q2 = ['04', '05', '06', '07', '08', '09'].map((m) => `fixtures/sample/gl/gl-2022-${m}.csv`);

describe('an earlier claim saved with a byte-order mark (Notepad does)', () => {
  it('is read as the claim it is', () => {
    const file = join(dir, 'claim-q1-bom.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(resolve(ROOT, 'fixtures/claims/2022-23/claim-2022-23-Q1.json'))]));
    const run = runCli(['claim', ...Q2, '--year', '2022/23', '--quarter', 'Q2', '--previous', file, '--format', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { totals: { claimDue: string } }).totals.claimDue).toBe('666261.40');
  });
});

describe('configured layouts', () => {
  it('a key column the export lacks is named as missing, not an internal error', () => {
    const config = join(dir, 'key.json');
    writeFileSync(config, JSON.stringify({ profiles: [{ name: 'ledger', kind: 'gl', columns: { 'Document Number': 'Ref', 'Posting Date': 'Date', 'Cost Centre': 'CC', 'Account Code': 'Acct', 'Net Amount': 'Amount' }, key: ['Supplier'] }] }));
    const csv = join(dir, 'ledger.csv');
    writeFileSync(csv, 'Ref,Date,CC,Acct,Amount\n1001,05/05/2022,SMH001,511000,100.00\n');
    const run = runCli(['validate', csv, '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('looks like a ledger export but lacks Supplier');
    expect(run.stderr).not.toContain('internal error');
  });

  it.each([
    ['arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
  ])('a configuration of %s nested without end is refused with its reason', (_what, text) => {
    const config = join(dir, `deep-${_what}.json`);
    writeFileSync(config, text);
    expect(runCli(['config', 'show', '--config', config])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${config}: error[config]: $: the JSON is nested more than 32 levels deep, which no configuration is\n  hint: run \`grant-recon config schema\` for what the file may hold\n`,
    });
  });

  it.each([
    [{ 'Net Amount': 'Amount', 'Gross Amount': 'Amount' }, 'Gross Amount and Net Amount are both read by the header "Amount"'],
    [{ 'Account Code': 'Net Amount' }, 'Net Amount and Account Code are both read by the header "Net Amount"'],
  ])('two columns that decide money or category read by one header are refused (%j)', (columns, message) => {
    const config = join(dir, `shared-${Object.keys(columns).length}.json`);
    writeFileSync(config, JSON.stringify({ profiles: [{ name: 'x', kind: 'gl', columns }] }));
    const run = runCli(['config', 'show', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`$.profiles[0].columns: ${message}: give each its own column of the export`);
  });
});

describe('CSV output', () => {
  it('keeps a record whole when a file name holds a line break', () => {
    const name = join(dir, 'gl-2022-05\nrevised.csv');
    writeFileSync(name, readFileSync(resolve(ROOT, 'fixtures/sample/gl/gl-2022-05.csv')));
    const run = runCli(['validate', name, '--format', 'csv']);
    const records: string[][] = parse(run.stdout);
    const input = records.filter((r) => r[0] === 'input');
    expect(input).toHaveLength(1);
    expect(input[0]?.[5]).toBe(name);
  });
});

describe('a stderr whose reader has gone', () => {
  it.each([
    ['a passing check', ['check', 'fixtures/sample/gl/gl-2022-04.csv', '--config', 'fixtures/sample/grant.config.json', '--format', 'github'], 0],
    ['rows in error', ['validate', 'fixtures/errors/bad-date.csv'], 1],
    ['an unusable file', ['validate', 'fixtures/errors/workbook.csv'], 2],
  ])('%s ends with the exit code its findings decide', (_what, args, code) => {
    // stdout and stderr both into a pipe whose reader leaves at once, as `2>&1 | head` does in a CI step.
    const bash = spawnSync('bash', ['-c', `"${process.execPath}" bin/grant-recon.js ${args.join(' ')} 2>&1 | head -c 0; exit \${PIPESTATUS[0]}`], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1' } });
    expect(bash.status).toBe(code);
  });
});
