/**
 * A grant with categories of its own (fixtures/grants/fleet): its reconciliation and claim match figures computed
 * independently (fixtures/grants/fleet/oracle.py, written to expected.json), every format follows the configured
 * list and titles, and earlier files of another configuration's categories are refused.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { readWorkbook } from '../support/workbook.js';

const FLEET = 'fixtures/grants/fleet';
const CONFIG = `${FLEET}/config.json`;
const FILES = [`${FLEET}/gl-2023-24.csv`, `${FLEET}/gl-2024-25.csv`, `${FLEET}/payroll-2023-24.csv`];
const IDS = ['vehicles', 'fuel', 'maintenance', 'staff'];

interface Expected {
  rows: { included: number; excluded: number };
  exclusions: { reason: string; rows: number; amount: string }[];
  inputTotal: string;
  includedTotal: string;
  years: { year: string; cap: string; ytdActual: string; headroom: string; overCap: string; categories: { category: string; ytdActual: string }[]; periods: Record<string, Record<string, string>> }[];
  claim2023Q2: { categories: { category: string; periodActual: string; cumulativeActual: string }[]; totals: Record<string, string> };
}
const expected = JSON.parse(readFileSync(resolve(ROOT, FLEET, 'expected.json'), 'utf8')) as Expected;

interface Reconciliation {
  rows: { included: number; excluded: number; errors: number };
  exclusions: { reason: string; rows: number; amount: string }[];
  controlTotals: { input: string; included: string };
  years: { year: string; cap: string; ytdActual: string; headroom: string; overCap: string; categories: { category: string; ytdActual: string }[]; periods: { period: string; categories: Record<string, string> }[] }[];
}
interface Claim {
  categories: { category: string; periodActual: string; cumulativeActual: string }[];
  totals: Record<string, string>;
}

const run = (args: string[], env: Record<string, string> = {}) => runCli([...args, '--config', CONFIG], env);

describe('the fleet grant, against figures worked out independently', () => {
  const reconciliation = run(['reconcile', ...FILES, '--format', 'json']);
  const json = JSON.parse(reconciliation.stdout) as Reconciliation;

  it('reconciles every row to the penny: rows, exclusions and control totals', () => {
    expect(reconciliation.code).toBe(0);
    expect(reconciliation.stderr).toBe('');
    expect(json.rows).toEqual({ ...expected.rows, errors: 0 });
    expect(json.exclusions).toEqual(expected.exclusions);
    expect(json.controlTotals.input).toBe(expected.inputTotal);
    expect(json.controlTotals.included).toBe(expected.includedTotal);
  });

  it('each year: the measures, each category in the configured order, and each month by category', () => {
    expect(json.years.map((y) => ({ year: y.year, cap: y.cap, ytdActual: y.ytdActual, headroom: y.headroom, overCap: y.overCap, categories: y.categories.map((c) => ({ category: c.category, ytdActual: c.ytdActual })) }))).toEqual(
      expected.years.map((y) => ({ year: y.year, cap: y.cap, ytdActual: y.ytdActual, headroom: y.headroom, overCap: y.overCap, categories: y.categories })),
    );
    for (const [i, y] of json.years.entries()) {
      const months = Object.fromEntries(y.periods.filter((p) => p.period <= 'P12').map((p) => [p.period, p.categories]));
      expect(months).toEqual(expected.years[i]?.periods);
      for (const p of y.periods) expect(Object.keys(p.categories)).toEqual(IDS);
    }
  });

  it('the Q2 claim of 2023/24: each category and the totals', () => {
    const claim = run(['claim', ...FILES, '--year', '2023/24', '--quarter', 'Q2', '--format', 'json']);
    expect(claim.code).toBe(0);
    const c = JSON.parse(claim.stdout) as Claim;
    expect(c.categories.map(({ category, periodActual, cumulativeActual }) => ({ category, periodActual, cumulativeActual }))).toEqual(expected.claim2023Q2.categories);
    expect(Object.fromEntries(Object.keys(expected.claim2023Q2.totals).map((k) => [k, c.totals[k]]))).toEqual(expected.claim2023Q2.totals);
  });

  it('is the same when the GL exports are parsed and folded in worker threads, in small parts', () => {
    expect(run(['reconcile', ...FILES, '--format', 'json'], { GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '97' }).stdout).toBe(reconciliation.stdout);
  });
});

describe('every format follows the configured list and titles', () => {
  it('the table and Markdown head their columns with the titles, in order; no built-in category appears', () => {
    for (const format of ['table', 'md']) {
      const text = run(['reconcile', ...FILES, '--year', '2023/24', '--format', format]).stdout;
      expect(text).toMatch(/Period\W+Month\W+Vehicles\W+Fuel & charging\W+Maintenance\W+Fleet staff\W+Total/);
      expect(text).not.toMatch(/Officers|Software|Equipment|Comms/);
    }
  });

  it('the CSV lists each period\'s categories by id in the configured order', () => {
    const csv = run(['reconcile', ...FILES, '--year', '2023/24', '--format', 'csv']).stdout.split(/\r?\n/);
    const p01 = csv.filter((line) => line.startsWith('period,2023/24,P01,') && line.includes(',actual,'));
    expect(p01.map((line) => line.split(',')[4])).toEqual(IDS);
    expect(p01[1]).toBe('period,2023/24,P01,2023-04,fuel,actual,,1234.56,');
  });

  it('the HTML page, its chart and its legend, with each title escaped', () => {
    const html = run(['reconcile', ...FILES, '--year', '2023/24', '--format', 'html']).stdout;
    expect(html).toContain('<li><svg width="18" height="12"><rect width="14" height="12" fill="#1d3557" stroke="#333" stroke-width="0.5"/></svg> Vehicles</li>');
    expect(html).toContain('Fuel &amp; charging');
    expect(html).not.toContain('Fuel & charging');
    expect(html).toContain('data-category="maintenance"');
    // The second category takes the second fill, hatched, as officers did for PCD 1215.
    expect(html).toMatch(/<pattern id="chart-monthly-2023-24-\d+-fuel"/);
  });

  it('the claim workbook has a sheet per category, named by its title', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-fleet-'));
    const file = join(dir, 'claim.xlsx');
    expect(run(['claim', ...FILES, '--year', '2023/24', '--quarter', 'Q2', '-o', file]).code).toBe(0);
    const workbook = await readWorkbook(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Claim', 'Vehicles', 'Fuel & charging', 'Maintenance', 'Fleet staff', 'Inputs']);
    // Fuel's months to the end of Q2, cumulated on the last: P01 1,234.56, P02 645.20, P03 1,310.40, P04 1,402.33 − 85.10,
    // P05 702.90, P06 1,288.01 = 6,498.30 (a workbook cell holds pounds).
    const fuel = workbook.getWorksheet('Fuel & charging');
    expect(fuel?.getRow(9).getCell(1).value).toBe('P06');
    expect(fuel?.getRow(9).getCell(4).value).toBeCloseTo(6498.3, 2);
  });

  it('rows --category takes the configured ids, and names them when given another', () => {
    const rows = run(['rows', ...FILES, '--category', 'fuel', '--outcome', 'included', '--format', 'json']);
    // Ten fuel rows of 2023/24 (the refund among them; not the row of another cost centre) and one of 2024/25.
    expect((JSON.parse(rows.stdout) as { rows: unknown[] }).rows).toHaveLength(11);
    const wrong = run(['rows', ...FILES, '--category', 'software']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('vehicles, fuel, maintenance, staff');
  });
});

describe('payroll staff types and categories nothing feeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-fleet-'));

  it('a staff type no category takes is a row error naming the configured ones, quoting no cell', () => {
    const payroll = join(dir, 'payroll.csv');
    writeFileSync(payroll, 'Payroll Period,Employee Number,Employee Name,Staff Type,Cost Centre,Pay Element,Amount\n2023-05,E9999,Pat Private,Police Officer,FLT001,Basic Pay,100.00\n');
    const r = run(['validate', payroll, '--format', 'json']);
    expect(r.code).toBe(1);
    const errors = (JSON.parse(r.stdout) as { errors: { line: number; code: string; message: string; hint: string }[] }).errors;
    expect(errors).toEqual([{ file: payroll, line: 2, code: 'unknown-staff-type', message: 'Staff Type is not Police Staff', hint: 'the allowed value is Police Staff (staff)' }]);
    expect(r.stdout + r.stderr).not.toMatch(/E9999|Pat Private/);
  });

  it('a category that no chart rule and no staff type feeds is a warning on stderr', () => {
    const config = JSON.parse(readFileSync(resolve(ROOT, CONFIG), 'utf8')) as { categories: object[] };
    config.categories.push({ id: 'tyres', title: 'Tyres' });
    const file = join(dir, 'unfed.json');
    writeFileSync(file, JSON.stringify(config));
    const r = runCli(['reconcile', ...FILES, '--config', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `${file}: warning[config]: $.categories[4]: category "tyres": no chart rule or staff type feeds it, so its actual is always 0.00\n` +
        '  hint: add a chart rule whose category is "tyres" or a staff type to its payrollStaffTypes, or remove the category\n',
    );
    expect((JSON.parse(r.stdout) as Reconciliation).years[0]?.categories.map((c) => [c.category, c.ytdActual]).at(-1)).toEqual(['tyres', '0.00']);
  });
});

describe('earlier files are read against the configuration\'s categories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-fleet-'));
  // The same grant, its fuel category since renamed energy: files written before cannot be read with it.
  const renamed = join(dir, 'renamed.json');
  const config = JSON.parse(readFileSync(resolve(ROOT, CONFIG), 'utf8')) as { categories: { id: string; title: string }[]; chart: { category: string }[]; budgets: { category: string }[] };
  for (const list of [config.categories.map((c) => Object.assign(c, { id: c.id === 'fuel' ? 'energy' : c.id })), config.chart, config.budgets]) {
    for (const entry of list) if ((entry as { category?: string }).category === 'fuel') (entry as { category: string }).category = 'energy';
  }
  writeFileSync(renamed, JSON.stringify(config));
  const claims = join(dir, 'claims');
  const q1 = join(dir, 'q1.json');
  const written = run(['claim', ...FILES, '--year', '2023/24', '--quarter', 'Q1', '-o', q1]);
  const mismatch =
    `categories: its categories (vehicles, fuel, maintenance, staff) are not those of the configuration ${renamed} (vehicles, energy, maintenance, staff): "fuel" is not a category of it, "energy" is missing; it was written with another configuration`;

  it('a claim written with the configuration is read back with it (--previous)', () => {
    expect(written.code).toBe(0);
    const q2 = run(['claim', ...FILES, '--year', '2023/24', '--quarter', 'Q2', '--previous', q1, '--format', 'json']);
    expect(q2.code).toBe(0);
    const q1Due = (JSON.parse(readFileSync(q1, 'utf8')) as Claim).totals.claimDue;
    expect((JSON.parse(q2.stdout) as Claim).totals.previouslyClaimed).toBe(q1Due);
  });

  it('claim --previous refuses a claim of other categories (exit 2), saying which and which configuration', () => {
    const r = runCli(['claim', ...FILES, '--config', renamed, '--year', '2023/24', '--quarter', 'Q2', '--previous', q1]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--previous ${q1}: ${mismatch}`);
  });

  it('claims list and --previous-dir refuse it too (exit 2)', () => {
    mkdirSync(claims);
    cpSync(q1, join(claims, 'q1.json'));
    const list = runCli(['claims', 'list', claims, '--config', renamed]);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(`${join(claims, 'q1.json')}: ${mismatch}`);
    const fromDir = runCli(['claim', ...FILES, '--config', renamed, '--year', '2023/24', '--quarter', 'Q2', '--previous-dir', claims]);
    expect(fromDir.code).toBe(2);
    expect(fromDir.stderr).toContain(`--previous-dir ${claims}: ${join(claims, 'q1.json')}: ${mismatch}`);
  });

  it('the built-in configuration refuses a fleet claim as a claim of another grant, before its other categories', () => {
    const r = runCli(['claim', 'fixtures/sample/gl/gl-2022-04.csv', '--year', '2022/23', '--quarter', 'Q2', '--previous', q1]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--previous ${q1}: a claim of grant FLEET 24, not PCD 1215`);
  });

  it('reconcile --against refuses a reconciliation of other categories (exit 2)', () => {
    const earlier = join(dir, 'reconciliation.json');
    expect(run(['reconcile', ...FILES, '-o', earlier]).code).toBe(0);
    const r = runCli(['reconcile', ...FILES, '--config', renamed, '--against', earlier]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `--against ${earlier}: years 2023/24 categories: its categories (vehicles, fuel, maintenance, staff) are not those of the configuration ${renamed} (vehicles, energy, maintenance, staff): "fuel" is not a category of it, "energy" is missing`,
    );
    // With the configuration it was written with, it is compared: nothing restated.
    const same = run(['reconcile', ...FILES, '--against', earlier, '--format', 'json']);
    expect(same.code).toBe(0);
  });
});
