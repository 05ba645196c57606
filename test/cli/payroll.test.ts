/**
 * Payroll exports beside GL exports, against figures computed independently (scripts/fixtures/payroll_oracle.py),
 * and the promise that no personal data leaves the tool, by any command, in any format, on good rows or bad.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { everythingWritten } from '../support/everything-written.js';
import { ROOT, runCli, runJson } from '../support/run-cli.js';

interface Figures {
  files: string[];
  rows: unknown;
  exclusions: unknown;
  inputTotal: string;
  payrollDifferences: unknown[];
}
interface ExpectedPayroll extends Figures {
  years: { year: string; ytdActual: string; periods: unknown[]; categories: { category: string; ytdActual: string }[] }[];
  noGlPay: Figures & { period: { period: string; total: string; categories: Record<string, string> } };
}
const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected-payroll.json'), 'utf8')) as ExpectedPayroll;
const personal = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/payroll/personal-data.json'), 'utf8')) as Record<string, string[]>;
const errorFixtures = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/payroll/errors/expected.json'), 'utf8')) as {
  files: { file: string; errors: { line: number; code: string }[] }[];
};

interface Reconciliation {
  years: { year: string; ytdActual: string; periods: unknown[]; categories: { category: string; ytdActual: string; gl: string; payroll: string }[] }[];
  rows: unknown;
  exclusions: unknown;
  payrollDifferences: unknown[];
  controlTotals: { input: string; balanced: boolean };
  inputs: { file: string; profile: string }[];
}

describe('GL and payroll together: pay counts once', () => {
  const { json, run } = runJson<Reconciliation>(['reconcile', ...expected.files]);

  it('gives the same year figures as the GL alone: payroll is the evidence of the GL pay journals', () => {
    expect(run.code).toBe(0);
    expect(json.years.map((y) => ({ year: y.year, ytdActual: y.ytdActual, periods: y.periods }))).toEqual(
      expected.years.map((y) => ({ year: y.year, ytdActual: y.ytdActual, periods: y.periods })),
    );
    for (const y of json.years) for (const c of y.categories) expect(c.payroll).toBe('0.00');
  });

  it('excludes the payroll lines as payroll-evidence and the levy and exit costs as ineligible-pay-element', () => {
    expect(json.rows).toEqual(expected.rows);
    expect(json.exclusions).toEqual(expected.exclusions);
    expect(json.controlTotals).toMatchObject({ input: expected.inputTotal, balanced: true });
    expect(json.inputs.filter((i) => i.profile === 'payroll')).toHaveLength(24);
  });

  it('shows the one month whose payroll disagrees with the GL pay journal, with both figures', () => {
    expect(json.payrollDifferences).toEqual(expected.payrollDifferences);
  });

  it('check reports the difference as a warning, and as an error with --fail-on payroll', () => {
    const warned = runCli(['check', ...expected.files, '--year', '2023/24', '--fail-on', 'errors', '--format', 'json']);
    const findings = (JSON.parse(warned.stdout) as { findings: { code: string; severity: string; file: string | null; line: number | null; message: string }[] }).findings;
    expect(findings.filter((f) => f.code === 'payroll-difference')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        // The payroll export that is the month's evidence, at its first officers' row: where an annotation can go.
        file: 'fixtures/sample/payroll/payroll-2023-11.csv',
        line: 2,
        message: '2023/24 P08 (2023-11) officers: payroll £96,316.84 against GL pay postings £91,995.75 (difference £4,321.09)',
      }),
    ]);
    expect(runCli(['check', ...expected.files, '--year', '2023/24', '--fail-on', 'payroll']).code).toBe(1);
  });
});

describe('a claim from GL and payroll together counts pay once', () => {
  it('gives the same Q4 2023/24 claim as the GL alone', () => {
    const glOnly = expected.files.filter((f) => f.includes('/gl/'));
    const args = ['--year', '2023/24', '--quarter', 'Q4'];
    const both = runJson<{ totals: unknown; categories: unknown }>(['claim', ...expected.files, ...args]).json;
    const gl = runJson<{ totals: unknown; categories: unknown }>(['claim', ...glOnly, ...args]).json;
    expect(both.totals).toEqual(gl.totals);
    expect(both.categories).toEqual(gl.categories);
  });
});

describe('payroll with no GL pay postings counts as spend', () => {
  it('includes the eligible payroll lines of a month the GL has no pay for', () => {
    const { json } = runJson<Reconciliation>(['reconcile', ...expected.noGlPay.files, '--year', '2022/23']);
    expect(json.rows).toEqual(expected.noGlPay.rows);
    expect(json.exclusions).toEqual(expected.noGlPay.exclusions);
    expect(json.payrollDifferences).toEqual([]);
    const may = (json.years[0]?.periods as { period: string; total: string; categories: Record<string, string> }[])[1];
    expect(may).toMatchObject({ period: 'P02', total: expected.noGlPay.period.total, categories: expected.noGlPay.period.categories });
    const staff = json.years[0]?.categories.find((c) => c.category === 'staff');
    expect(staff).toEqual({ category: 'staff', ytdActual: '20466.34', gl: '0.00', payroll: '20466.34', budget: null });
  });
});

describe('the cost centres of included payroll rows', () => {
  it('are named when a GL row or the configuration names them; the others are listed together, unnamed', () => {
    // The no-gl-pay month's GL (SMH001 and SMH002 rows) beside payroll lines of SMH002 (in the GL), SMH009 (in
    // neither) and a cost centre cell holding text that no ledger holds.
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-payroll-cc-'));
    const payroll = join(dir, 'payroll-2022-05.csv');
    writeFileSync(
      payroll,
      [
        'Payroll Period,Employee Number,Employee Name,Staff Type,Grade,Cost Centre,Pay Element,Amount,Pay Date',
        '2022-05,E1,A,Police Staff,G1,SMH002,Basic Pay,100.00,25/05/2022',
        '2022-05,E2,B,Police Staff,G1,SMH009,Basic Pay,20.00,25/05/2022',
        '2022-05,E3,C,Police Staff,G1,Not A Code,Basic Pay,3.00,25/05/2022',
        '',
      ].join('\n'),
    );
    const costCentres = (config?: string) =>
      runJson<{ years: { costCentres: { costCentre: string; rows: number; amount: string }[] }[] }>(['reconcile', 'fixtures/payroll/no-gl-pay/gl-2022-05.csv', payroll, ...(config ? ['--config', config] : [])]).json.years[0]?.costCentres;
    const gl = runJson<{ years: { costCentres: { costCentre: string; rows: number; amount: string }[] }[] }>(['reconcile', 'fixtures/payroll/no-gl-pay/gl-2022-05.csv']).json.years[0]?.costCentres ?? [];
    const glOf = (cc: string) => gl.find((c) => c.costCentre === cc) as { rows: number; amount: string };
    const plus = (amount: string, pence: bigint) => ((BigInt(amount.replace('.', '')) + pence) / 100n).toString() + '.' + ((BigInt(amount.replace('.', '')) + pence) % 100n).toString().padStart(2, '0');
    expect(costCentres()).toEqual([
      { costCentre: '(payroll cost centres not configured)', rows: 2, amount: '23.00' },
      { costCentre: 'SMH001', rows: glOf('SMH001').rows, amount: glOf('SMH001').amount },
      { costCentre: 'SMH002', rows: glOf('SMH002').rows + 1, amount: plus(glOf('SMH002').amount, 10_000n) },
    ]);
    const config = join(dir, 'grant-recon.config.json');
    writeFileSync(config, JSON.stringify({ costCentres: ['SMH001', 'SMH002', 'SMH009'] }));
    expect(costCentres(config)?.map((c) => [c.costCentre, c.rows])).toEqual([
      ['SMH001', glOf('SMH001').rows],
      ['SMH002', glOf('SMH002').rows + 1],
      ['SMH009', 1],
    ]);
  });
});

describe('payroll rows in error', () => {
  it.each(errorFixtures.files)('$file: its error code and line', ({ file, errors }) => {
    const run = runCli(['validate', `fixtures/payroll/errors/${file}`, '--format', 'json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { errors: { line: number; code: string }[] };
    expect(json.errors.map((e) => ({ line: e.line, code: e.code }))).toEqual(errors);
  });
});

describe('no personal data in any output', () => {
  // Beside the payroll fixtures, hostile rows: names split by an unquoted comma, in the staff type, amount, period,
  // cost centre, element and pay date columns, a row short of its name, a broken quote over a row, a named total
  // line, a named footer, a line below the total, and a sound row whose cost centre is a name (included, with no
  // cost centres configured); the same in a layout the configuration describes.
  const hostile = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/payroll/hostile/personal-data.json'), 'utf8')) as { secrets: string[] };
  const hostileFiles = ['fixtures/payroll/hostile/hostile.csv', 'fixtures/payroll/hostile/hostile-configured.csv'];
  const secrets = [...(personal.employeeNumbers ?? []), ...(personal.names ?? []), ...(personal.grades ?? []), ...hostile.secrets];
  const errorFiles = errorFixtures.files.map((f) => `fixtures/payroll/errors/${f.file}`);
  const inputs = [...expected.files.slice(-3), ...errorFiles, ...hostileFiles, '--config', 'fixtures/payroll/hostile/layout.config.json'];
  const runs: [string, string[]][] = [];
  for (const format of ['table', 'json', 'csv', 'md', 'html']) {
    runs.push([`validate ${format}`, ['validate', ...inputs, '--format', format]]);
    runs.push([`reconcile ${format}`, ['reconcile', ...inputs, '--format', format]]);
    runs.push([`claim ${format}`, ['claim', ...inputs, '--year', '2023/24', '--quarter', 'Q4', '--format', format]]);
    runs.push([`rows ${format}`, ['rows', ...inputs, '--outcome', 'error', '--format', format]]);
    // Every row, with what each is and why: the cost centre, pay element and staff type of a sound row are shown
    // only where they cannot be a name.
    runs.push([`rows of every outcome ${format}`, ['rows', ...inputs, '--format', format]]);
    runs.push([`rows of every outcome, inputs summed up, ${format}`, ['rows', ...inputs, '--no-inputs', '--format', format]]);
  }
  for (const format of ['table', 'json', 'csv', 'md', 'html', 'junit', 'github']) runs.push([`check ${format}`, ['check', ...inputs, '--fail-on', 'all', '--format', format]]);

  it('the fixtures really hold the personal data the test looks for', () => {
    const text = [...expected.files.slice(-3), ...errorFiles, ...hostileFiles].map((f) => readFileSync(resolve(ROOT, f), 'utf8')).join('\n');
    expect(secrets.length).toBeGreaterThan(50);
    expect(secrets.filter((s) => text.includes(s)).length).toBeGreaterThan(20);
    expect(hostile.secrets.filter((s) => !text.includes(s))).toEqual([]);
  });

  it.each(runs)('%s: stdout, stderr and the -o file hold no employee number, name or grade', (_name, args) => {
    const { codes, files, everything } = everythingWritten(args);
    expect(codes).toEqual([1, 1]);
    expect(files).toBe(1);
    expect(everything.length).toBeGreaterThan(500);
    // In any case: a code column upper-cases what it shows, and a name in capitals is still a name.
    const lower = everything.toLowerCase();
    expect(secrets.filter((s) => lower.includes(s.toLowerCase()))).toEqual([]);
  });
});
