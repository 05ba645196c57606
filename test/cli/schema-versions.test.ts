/**
 * Schema versions of the claim and reconciliation JSON (core/reports/schema-version.ts): `@1` for a grant on the
 * contract's terms, `@2` under any grant-terms key; readers take both, and a `@1` file holding a member only `@2`
 * holds is refused naming it, however its digest was worked out again (a forger relabelling a file's version must not
 * slip past a check). The grant is fixtures/grants/window's exports under configurations made here, one key at a time.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { withDigest } from '../support/forge.js';
import { SIX_CATEGORIES } from '../support/six-categories.js';

const dir = mkdtempSync(join(tmpdir(), 'grant-recon-schema-versions-'));
const W = 'fixtures/grants/window';
const INPUTS = [`${W}/gl.csv`, `${W}/payroll.csv`];
const CHART = [
  { name: 'officers-50', prefix: '50', category: 'officers' },
  { name: 'staff-51', prefix: '51', category: 'staff' },
  { name: 'training-52', prefix: '52', category: 'training' },
  { name: 'software-53', prefix: '53', category: 'software' },
  { name: 'equipment-54', prefix: '54', category: 'equipment' },
  { name: 'comms-55', prefix: '55', category: 'comms' },
];
/** The window grant without any grant-terms key: its years, caps, chart and cost centre. */
const BASE = {
  grant: { reference: 'VRU 2022-07', name: 'Violence Reduction Unit Hub', funder: 'Home Office', recipient: 'Metropolitan Police Service' },
  years: [
    { year: '2022/23', cap: '300000.00' },
    { year: '2023/24', cap: '500000.00' },
    { year: '2024/25', cap: '200000.00' },
  ],
  chart: CHART,
  costCentres: ['SMH001'],
};

/** Writes a configuration of the window grant with `extra` keys; returns its path. */
function configWith(name: string, extra: Record<string, unknown>): string {
  const path = join(dir, `${name}.config.json`);
  writeFileSync(path, JSON.stringify({ ...BASE, ...extra }, null, 2));
  return path;
}
type Json = Record<string, unknown> & { schema: string };
const claimOf = (config: string, ...more: string[]) => runCli(['claim', ...INPUTS, '--config', config, '--year', '2022/23', '--quarter', 'Q4', ...more, '--format', 'json']);
const reconcileOf = (config: string, ...more: string[]) => runCli(['reconcile', ...INPUTS, '--config', config, '--year', '2022/23', ...more, '--format', 'json']);

function forge(text: string, name: string, change: (json: Json) => void): string {
  const json = JSON.parse(text) as Json;
  change(json);
  const path = join(dir, name);
  writeFileSync(path, withDigest(json));
  return path;
}

describe('the version written follows the configuration', () => {
  const cases: [string, Record<string, unknown>, 1 | 2][] = [
    ['no grant-terms key', {}, 1],
    ['budgets, a virement tolerance and a closed month (no member of their own)', { years: [{ year: '2022/23', cap: '300000.00', closedThrough: '2022-12' }, ...BASE.years.slice(1)], budgets: [{ year: '2022/23', category: 'staff', budget: '100000.00' }], virementTolerance: '5%' }, 1],
    ['the six categories written out, titles changed', { categories: SIX_CATEGORIES.map((c) => ({ ...c, title: `${c.title} costs` })) }, 1],
    ['categories of its own', { categories: [...SIX_CATEGORIES.slice(0, 5), { id: 'communications', title: 'Comms' }], chart: CHART.map((r) => (r.category === 'comms' ? { ...r, category: 'communications' } : r)) }, 2],
    ['the six in another order', { categories: [SIX_CATEGORIES[1], SIX_CATEGORIES[0], ...SIX_CATEGORIES.slice(2)] }, 2],
    ['claimPeriods', { claimPeriods: 'quarterly' }, 2],
    ['window', { window: { from: '2022-10-01' } }, 2],
    ['grantCap', { grantCap: '900000.00' }, 2],
    ['carryForward true', { carryForward: true }, 2],
    ['carryForward false', { carryForward: false }, 1],
    ['apportionments', { apportionments: [{ name: 'shared laptops', match: { account: '541000' }, rate: '37.5%', from: '2022-12-01' }] }, 2],
    ['apportionments, none listed', { apportionments: [] }, 1],
  ];

  it.each(cases)('%s: claim and reconciliation @%s', (name, extra, version) => {
    const config = configWith(name.replace(/[^a-z]+/gi, '-'), extra);
    const claim = claimOf(config);
    expect(claim.code, claim.stderr).toBe(0);
    expect((JSON.parse(claim.stdout) as Json).schema).toBe(`grant-recon/claim@${version}`);
    const recon = reconcileOf(config);
    expect(recon.code, recon.stderr).toBe(0);
    expect((JSON.parse(recon.stdout) as Json).schema).toBe(`grant-recon/reconciliation@${version}`);
    // period.frequency is there exactly when claimPeriods is.
    expect('frequency' in ((JSON.parse(claim.stdout) as { period: object }).period)).toBe('claimPeriods' in extra);
  });

  it('the built-in PCD 1215 writes @1', () => {
    const run = runCli(['claim', 'fixtures/against/june/gl-2022-06.csv', '--year', '2022/23', '--month', '2022-06', '--format', 'json']);
    expect((JSON.parse(run.stdout) as Json).schema).toBe('grant-recon/claim@1');
    const recon = runCli(['reconcile', 'fixtures/against/june/gl-2022-06.csv', '--format', 'json']);
    expect((JSON.parse(recon.stdout) as Json).schema).toBe('grant-recon/reconciliation@1');
  });
});

describe('a @1 file holding a member only @2 holds is refused, naming it', () => {
  const grantCap = configWith('grant-cap', { grantCap: '900000.00' });
  const plain = configWith('plain', {});

  it('a genuine @2 claim relabelled @1, its digest worked out again: --previous, --previous-dir and claims list', () => {
    const q3 = runCli(['claim', ...INPUTS, '--config', grantCap, '--year', '2022/23', '--quarter', 'Q3', '--format', 'json']);
    expect((JSON.parse(q3.stdout) as Json).schema).toBe('grant-recon/claim@2');
    const file = forge(q3.stdout, 'q3-as-v1.json', (j) => {
      j.schema = 'grant-recon/claim@1';
    });
    const reason = 'schema is "grant-recon/claim@1", but it holds wholeGrant (of "grantCap"), which only "grant-recon/claim@2" holds: it was written under those configuration keys, so it is not a claim of version 1, and its schema was changed after it was written';
    const run = claimOf(grantCap, '--previous', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--previous ${file}: ${reason}`);
    const folder = mkdtempSync(join(dir, 'claims-'));
    copyFileSync(file, join(folder, 'q3.json'));
    expect(claimOf(grantCap, '--previous-dir', folder).stderr).toContain(`${join(folder, 'q3.json')}: ${reason}`);
    const list = runCli(['claims', 'list', folder, '--config', grantCap, '--format', 'json']);
    expect(list.code).toBe(1);
    expect((JSON.parse(list.stdout) as { skipped: { reason: string }[] }).skipped[0]?.reason).toContain(reason);
  });

  it('a @1 claim given a @2 member (a frequency, categories, an exclusion of a window) is refused naming each', () => {
    const q3 = runCli(['claim', ...INPUTS, '--config', plain, '--year', '2022/23', '--quarter', 'Q3', '--format', 'json']);
    expect((JSON.parse(q3.stdout) as Json).schema).toBe('grant-recon/claim@1');
    const cases: [string, (j: Json) => void, string][] = [
      ['frequency', (j) => ((j.period as Record<string, string>).frequency = 'quarterly'), 'period.frequency (of "claimPeriods")'],
      ['categories', (j) => ((j.categories as { category: string }[]).at(-1) as { category: string }).category = 'communications', 'categories other than staff, officers, software, equipment, training, comms (of "categories")'],
      ['exclusion', (j) => (j.exclusions as { reason: string }[]).push({ reason: 'apportioned-out' }), 'exclusions apportioned-out (of "apportionments")'],
    ];
    for (const [name, change, member] of cases) {
      const file = forge(q3.stdout, `v1-${name}.json`, change);
      const run = claimOf(plain, '--previous', file);
      expect(run.code, name).toBe(2);
      expect(run.stderr).toContain(`--previous ${file}: schema is "grant-recon/claim@1", but it holds ${member}, which only "grant-recon/claim@2" holds`);
    }
  });

  it('a genuine @2 reconciliation relabelled @1 is refused by --against, naming its members', () => {
    const config = configWith('window-cap', { window: { from: '2022-10-01' }, grantCap: '900000.00' });
    const recon = reconcileOf(config);
    expect((JSON.parse(recon.stdout) as Json).schema).toBe('grant-recon/reconciliation@2');
    const genuine = join(dir, 'recon.json');
    writeFileSync(genuine, recon.stdout);
    expect(reconcileOf(config, '--against', genuine).code).toBe(0);
    const file = forge(recon.stdout, 'recon-as-v1.json', (j) => {
      j.schema = 'grant-recon/reconciliation@1';
    });
    const run = reconcileOf(config, '--against', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--against ${file}: schema is "grant-recon/reconciliation@1", but it holds window (of "window"), years 2022/23 windowMonths (of "window"), wholeGrant (of "grantCap"), exclusions outside-grant-window (of "window"), which only "grant-recon/reconciliation@2" holds`,
    );
  });

  it('a file of neither version is told the version this grant writes', () => {
    const claim = join(dir, 'a-claim.json');
    writeFileSync(claim, claimOf(grantCap).stdout);
    expect(reconcileOf(grantCap, '--against', claim).stderr).toContain('not a grant-recon reconciliation: schema is "grant-recon/claim@2", not "grant-recon/reconciliation@2"');
    expect(reconcileOf(plain, '--against', claim).stderr).toContain('schema is "grant-recon/claim@2", not "grant-recon/reconciliation@1"');
  });
});

describe('both versions of one grant in one folder', () => {
  it('claims list and --previous-dir read a @1 claim made before the grant set claimPeriods beside a @2 made after', () => {
    const before = configWith('before', {});
    const after = configWith('after', { claimPeriods: 'quarterly' });
    const folder = mkdtempSync(join(dir, 'both-'));
    const q2 = runCli(['claim', ...INPUTS, '--config', before, '--year', '2022/23', '--quarter', 'Q2', '--format', 'json']);
    writeFileSync(join(folder, 'q2.json'), q2.stdout);
    const q3 = runCli(['claim', ...INPUTS, '--config', after, '--year', '2022/23', '--quarter', 'Q3', '--previous-dir', folder, '--format', 'json']);
    expect(q3.code, q3.stderr).toBe(0);
    writeFileSync(join(folder, 'q3.json'), q3.stdout);
    expect([(JSON.parse(q2.stdout) as Json).schema, (JSON.parse(q3.stdout) as Json).schema]).toEqual(['grant-recon/claim@1', 'grant-recon/claim@2']);
    const list = runCli(['claims', 'list', folder, '--config', after, '--format', 'json']);
    expect(list.code, list.stderr).toBe(0);
    const register = JSON.parse(list.stdout) as { years: { claims: { period: string }[] }[]; skipped: unknown[] };
    expect(register.skipped).toEqual([]);
    expect(register.years[0]?.claims.map((c) => c.period)).toEqual(['Q2', 'Q3']);
    const q4 = claimOf(after, '--previous-dir', folder);
    expect(q4.code, q4.stderr).toBe(0);
    // By hand: previously claimed is Q2's claim due and Q3's, read from both versions.
    const due = (text: string): bigint => BigInt((JSON.parse(text) as { totals: { claimDue: string } }).totals.claimDue.replace('.', ''));
    const previously = BigInt((JSON.parse(q4.stdout) as { totals: { previouslyClaimed: string } }).totals.previouslyClaimed.replace('.', ''));
    expect(previously).toBe(due(q2.stdout) + due(q3.stdout));
  });
});

describe('an earlier claim is held to the configuration\'s grant terms, not only read in its version', () => {
  it('its window changed, taken out, or of another configuration: --previous refuses it, naming the difference', () => {
    const config = configWith('window-only', { window: { from: '2022-10-01' } });
    const other = configWith('window-later', { window: { from: '2022-11-01' } });
    const q3 = (c: string) => runCli(['claim', ...INPUTS, '--config', c, '--year', '2022/23', '--quarter', 'Q3', '--format', 'json']);
    const genuine = q3(config).stdout;
    const cases: [string, string, string][] = [
      [forge(genuine, 'q3-window-to.json', (j) => { j.window = { from: '2022-10-01', to: '2099-06-30' }; }), 'written with window to 2099-06-30; the configuration now says open', ''],
      [forge(genuine, 'q3-no-window.json', (j) => { delete j.window; }), 'written without a grant window (every day of its years); the configuration now has a window from 2022-10-01 to open', ''],
      [join(dir, 'q3-other-window.json'), 'written with window from 2022-11-01; the configuration now says 2022-10-01', q3(other).stdout],
    ];
    for (const [file, difference, text] of cases) {
      if (text !== '') writeFileSync(file, text);
      const run = claimOf(config, '--previous', file);
      expect(run.code, file).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`--previous ${file}: it was made under other grant terms than the configuration ${config}, or changed after it was written: ${difference}`);
    }
    const previous = join(dir, 'q3-genuine.json');
    writeFileSync(previous, genuine);
    expect(claimOf(config, '--previous', previous).code).toBe(0);
  });
});
