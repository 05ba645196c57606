import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessGlLayout } from '../../src/ingest/guess-layout.js';
import { ROOT, runCli } from '../support/run-cli.js';

const CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'spend');

describe('guessing a layout', () => {
  it('maps names and checks values', () => {
    const guess = guessGlLayout(
      ['Trans No', 'Paid Date', 'Service Area', 'Expenditure Code', 'Amount', 'Supplier'],
      [['A1', '11/10/2016', 'Housing', 'K9534', '1,500.00', 'ACME'], ['A2', '12/10/2016', 'Parks', 'J8810', '-12.50', 'X']],
    );
    expect(guess.columns).toEqual({ 'Posting Date': 'Paid Date', 'Net Amount': 'Amount', 'Document Number': 'Trans No', 'Account Code': 'Expenditure Code', 'Cost Centre': 'Service Area' });
    expect(guess.undecided).toEqual([]);
    expect(guess.unused).toEqual(['Supplier']);
  });

  it('knows the other names UK spend and ERP exports give the columns: Payment Date, references, ledger accounts', () => {
    const guess = guessGlLayout(
      ['Payment Reference', 'Payment Date', 'Department', 'Account', 'Amount'],
      [['PR-1', '11/10/2016', 'Housing', '511000', '1,500.00'], ['PR-2', '12/10/2016', 'Parks', '531000', '-12.50']],
    );
    expect(guess.columns).toEqual({ 'Posting Date': 'Payment Date', 'Net Amount': 'Amount', 'Document Number': 'Payment Reference', 'Account Code': 'Account', 'Cost Centre': 'Department' });
    expect(guessGlLayout(['Journal No', 'Pay Date', 'Cost Centre', 'Ledger Code', 'Net Amount'], [['J1', '2016-10-11', 'C1', 'L1', '1.00']]).undecided).toEqual([]);
    expect(guessGlLayout(['Reference', 'Date', 'Cost Centre', 'Subjective', 'Value'], [['R1', '11/10/2016', 'C1', 'S1', '1.00']]).columns).toMatchObject({ 'Document Number': 'Reference', 'Account Code': 'Subjective' });
  });

  it('says what it could not decide, and why, instead of guessing', () => {
    const guess = guessGlLayout(['Date', 'Amount', 'Doc No'], [['00:00:00', 'n/a', 'X1']]);
    expect(guess.undecided).toEqual([
      { role: 'Posting Date', why: '"Date" looked likely by name, but their values do not fit' },
      { role: 'Net Amount', why: '"Amount" looked likely by name, but their values do not fit' },
      { role: 'Account Code', why: 'no column name looks like it' },
      { role: 'Cost Centre', why: 'no column name looks like it' },
    ]);
  });
});

describe('grant-recon init', () => {
  it('writes a starter configuration that reads the sample it was made from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const sample = join(dir, 'export.csv');
    writeFileSync(sample, 'Trans No,Paid Date,Service Area,Expenditure Code,Amount\nT1,11/10/2016,Housing,K9534,"1,500.00"\nT2,12/10/2016,Parks,J8810,-12.50\n');
    const run = runCli(['init', sample], {}, dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no Line column: rows are identified by their whole content');
    const config = JSON.parse(readFileSync(join(dir, 'grant-recon.config.json'), 'utf8')) as { profiles: { columns: Record<string, string>; key: string[] }[] };
    expect(config.profiles[0]).toMatchObject({ kind: 'gl', key: [], columns: { 'Document Number': 'Trans No', 'Net Amount': 'Amount' } });
    // Read from the same folder, the configuration is found without --config.
    const read = runCli(['validate', 'export.csv', '--format', 'json'], {}, dir);
    expect(read.code).toBe(0);
    expect((JSON.parse(read.stdout) as { controlTotals: { input: string } }).controlTotals.input).toBe('1487.50');
    // An existing configuration is not replaced without --force.
    expect(runCli(['init', sample], {}, dir).code).toBe(2);
  });

  it.skipIf(!existsSync(CORPUS))('on a GLA report with a preamble, marks the column it could not find (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const run = runCli(['init', join(CORPUS, 'gla/gla-2011-12-P13-500.csv'), '-o', join(dir, 'gla.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cost Centre: not decided (no column name looks like it); edit the FILL IN value');
    const config = JSON.parse(readFileSync(join(dir, 'gla.json'), 'utf8')) as { profiles: { columns: Record<string, string> }[] };
    expect(config.profiles[0]?.columns).toEqual({
      'Posting Date': 'Clearing Date',
      'Net Amount': 'Amount',
      'Document Number': 'Document No',
      'Account Code': 'Cost Element',
      'Cost Centre': 'FILL IN: the column that holds the Cost Centre',
    });
  });
});
