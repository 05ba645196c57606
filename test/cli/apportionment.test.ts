/**
 * Apportioned costs from the command line: the shared-post example (fixtures/grants/shared-post) against the
 * figures its oracle (oracle.py beside it, Python's csv and decimal modules, no shared code) computed; every row and
 * every penny accounted for; the same figures when the exports are folded in worker threads in parts; and the
 * built-in PCD 1215 untouched (its goldens are compared byte for byte by golden.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const DIR = 'fixtures/grants/shared-post';
const FILES = ['gl-2022-12.csv', 'gl-2023-01.csv', 'gl-2023-01b.csv', 'payroll-2023-03.csv'].map((f) => `${DIR}/${f}`);
const CONFIG = ['--config', `${DIR}/config.json`];

interface Expected {
  groups: { rule: string; rate: string; year: string; period: string; rows: number; total: string; included: string; excluded: string }[];
  rows: { file: string; line: number; rule: string; amount: string; included: string; excluded: string }[];
  periods: { year: string; period: string; category: string; amount: string }[];
  rowsCount: { included: number; excluded: number; errors: number };
  exclusions: { reason: string; rows: number; amount: string }[];
  controlTotals: { input: string; included: string; excluded: string };
}
const expected = JSON.parse(readFileSync(join(ROOT, DIR, 'expected.json'), 'utf8')) as Expected;

interface Reconciliation {
  years: { year: string; periods: { period: string; categories: Record<string, string> }[] }[];
  apportionments: { rule: string; match: string; rate: string; year: string; period: string; month: string; rows: number; total: string; included: string; excluded: string }[];
  rows: { included: number; excluded: number; errors: number };
  exclusions: { reason: string; rows: number; amount: string }[];
  controlTotals: { input: string; included: string; excluded: string; errors: string; balanced: boolean };
  inputs: { file: string; rows: number; total: string; included: { rows: number; amount: string }; excluded: { rows: number; amount: string }; errors: { rows: number; amount: string } }[];
}

function reconcileJson(args: readonly string[], env: Record<string, string> = {}): Reconciliation {
  const run = runCli(['reconcile', ...args, '--format', 'json'], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Reconciliation;
}

const pence = (text: string): bigint => BigInt(text.replace('.', ''));

describe('the shared-post example against its oracle', () => {
  const report = reconcileJson([...FILES, ...CONFIG]);

  it('splits each rule\'s groups as the oracle does: rate, rows, total, included, apportioned out', () => {
    expect(report.apportionments.map(({ rule, rate, year, period, rows, total, included, excluded }) => ({ rule, rate, year, period, rows, total, included, excluded }))).toEqual(expected.groups);
    for (const g of report.apportionments) expect(pence(g.included) + pence(g.excluded)).toBe(pence(g.total));
  });

  it('puts each split row\'s included part in its period and category', () => {
    const actual = report.years.flatMap((y) =>
      y.periods.flatMap((p) => Object.entries(p.categories).filter(([, amount]) => amount !== '0.00').map(([category, amount]) => ({ year: y.year, period: p.period, category, amount }))),
    );
    expect(actual).toEqual(expected.periods);
  });

  it('counts each row once and every penny: included + excluded + errors = input, in total and for every file', () => {
    expect(report.rows).toEqual(expected.rowsCount);
    expect(report.exclusions).toEqual(expected.exclusions);
    expect(report.controlTotals).toMatchObject({ ...expected.controlTotals, errors: '0.00', balanced: true });
    // 18 data rows: each in exactly one outcome (a split row is an included row; its excluded part counts no row).
    expect(report.rows.included + report.rows.excluded + report.rows.errors).toBe(18);
    for (const input of report.inputs) {
      expect(input.included.rows + input.excluded.rows + input.errors.rows).toBe(input.rows);
      expect(pence(input.included.amount) + pence(input.excluded.amount) + pence(input.errors.amount)).toBe(pence(input.total));
    }
  });

  it('`rows` lists every split row with its parts, the rate and the rule, as the oracle splits it', () => {
    const run = runCli(['rows', ...FILES, ...CONFIG, '--outcome', 'included', '--format', 'json']);
    expect(run.code).toBe(0);
    const rows = (JSON.parse(run.stdout) as { rows: { file: string; line: number; amount: string; why: string; apportionment: { rule: string; rate: string; amount: string; included: string; excluded: string } | null }[] }).rows;
    const split = rows.filter((r) => r.apportionment !== null);
    expect(split.map((r) => ({ file: r.file, line: r.line, rule: r.apportionment?.rule, amount: r.apportionment?.amount, included: r.apportionment?.included, excluded: r.apportionment?.excluded }))).toEqual(
      [...expected.rows].sort((a, b) => FILES.indexOf(a.file) - FILES.indexOf(b.file) || a.line - b.line),
    );
    for (const r of split) {
      expect(r.amount).toBe(r.apportionment?.included);
      expect(r.why).toBe(`apportioned ${r.apportionment?.rate ?? ''} (${r.apportionment?.rule ?? ''})`);
    }
    // A tie on remainders goes to the earlier row: 333.33, 0.03 and the later file's 0.03 each leave 0.2p at 40%,
    // and the one penny left over goes to 333.33 (gl-2023-01.csv line 3).
    expect(split.find((r) => r.file.endsWith('gl-2023-01.csv') && r.line === 3)?.apportionment?.included).toBe('133.34');
    expect(split.find((r) => r.file.endsWith('gl-2023-01.csv') && r.line === 8)?.apportionment?.included).toBe('0.01');
    expect(split.find((r) => r.file.endsWith('gl-2023-01b.csv') && r.line === 2)?.apportionment?.included).toBe('0.01');
    // The credit's parts are both credits.
    expect(split.find((r) => r.apportionment?.amount === '-120.05')?.apportionment).toMatchObject({ included: '-48.02', excluded: '-72.03' });
  });

  it('`rows --reason apportioned-out` lists the split rows with their excluded parts, which add up to the exclusion', () => {
    const run = runCli(['rows', ...FILES, ...CONFIG, '--reason', 'apportioned-out', '--format', 'json']);
    const report2 = JSON.parse(run.stdout) as { rows: { outcome: string; reason: string; amount: string }[]; total: { rows: number; amount: string } };
    expect(report2.rows.every((r) => r.outcome === 'excluded' && r.reason === 'apportioned-out')).toBe(true);
    expect(report2.total.amount).toBe(expected.exclusions.find((e) => e.reason === 'apportioned-out')?.amount);
    expect(report2.total.rows).toBe(expected.rows.length);
  });

  it('the claim shows the groups of its year to the end of its period, and its cumulative actual holds their included parts', () => {
    const run = runCli(['claim', ...FILES, ...CONFIG, '--year', '2022/23', '--quarter', 'Q3', '--format', 'json']);
    expect(run.code).toBe(0);
    const claim = JSON.parse(run.stdout) as { apportionments: { period: string; included: string }[]; totals: { cumulativeActual: string } };
    expect(claim.apportionments.map((g) => g.period)).toEqual(['P09']);
    const q3 = expected.periods.filter((p) => p.year === '2022/23' && Number(p.period.slice(1)) <= 9).reduce((s, p) => s + pence(p.amount), 0n);
    expect(pence(claim.totals.cumulativeActual)).toBe(q3);
  });
});

describe('folded in worker threads', () => {
  it('gives the example\'s figures, cut into parts of a few hundred bytes', () => {
    const single = runCli(['reconcile', ...FILES, ...CONFIG, '--format', 'json'], { GRANT_RECON_WORKERS: '0' });
    const workers = runCli(['reconcile', ...FILES, ...CONFIG, '--format', 'json'], { GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '97' });
    expect(workers.stdout).toBe(single.stdout);
  });

  it('gives the single-threaded figures on generated exports of many apportioned rows in several files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-apportion-'));
    // A small deterministic generator: amounts positive, negative and zero, over three cost centres and two accounts.
    let seed = 20230101;
    // mulberry32: every bit of it varies, so small ranges are evenly used.
    const next = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const files: string[] = [];
    for (let f = 0; f < 3; f++) {
      const lines = ['Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Net Amount'];
      for (let i = 0; i < 4000; i++) {
        const month = 1 + next(12);
        const day = 1 + next(28);
        const year = month >= 4 ? 2022 : 2023;
        const pennies = next(500000) - (next(5) === 0 ? 250000 : 0);
        const amount = `${pennies < 0 ? '-' : ''}${Math.floor(Math.abs(pennies) / 100)}.${String(Math.abs(pennies) % 100).padStart(2, '0')}`;
        const cc = ['SMH001', 'SMH002', 'SMH002'][next(3)] as string;
        const account = ['511000', '531500'][next(2)] as string;
        lines.push(`D${f}${i},1,${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year},,${cc},${account},${amount}`);
      }
      const path = join(dir, `gl-${f}.csv`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      files.push(path);
    }
    const single = runCli(['reconcile', ...files, ...CONFIG, '--format', 'json'], { GRANT_RECON_WORKERS: '0' });
    const workers = runCli(['reconcile', ...files, ...CONFIG, '--format', 'json'], { GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '8192' });
    rmSync(dir, { recursive: true, force: true });
    expect(single.code).toBe(0);
    expect(workers.stdout).toBe(single.stdout);
    const report = JSON.parse(single.stdout) as Reconciliation;
    // The post (40% from January 2023): P10–P12; the licence (October 2022 to March 2023): P07–P12.
    expect(report.apportionments.length).toBe(9);
    expect(report.controlTotals.balanced).toBe(true);
    expect(report.rows.included + report.rows.excluded + report.rows.errors).toBe(12000);
  });
});

describe('without apportionments', () => {
  it('no report has an apportionment section or member', () => {
    const run = runCli(['reconcile', ...FILES.slice(0, 2), '--format', 'json']);
    expect(run.stdout).not.toContain('apportion');
    const rows = runCli(['rows', ...FILES.slice(0, 2), '--format', 'csv']);
    expect(rows.stdout.split('\n')[0]).not.toContain('rowAmount');
  });
});
