/**
 * `grant-recon rows`: the rows behind a figure. Each drill's total is checked against the figure it drills into,
 * taken from the independently computed fixtures/sample/expected.json and expected-payroll.json, never from
 * another grant-recon command; and no personal data is ever shown.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cliOnce } from '../support/run-cli.js';
import { everythingWritten } from '../support/everything-written.js';

interface Tally {
  reason: string;
  rows: number;
  amount: string;
}
interface ExpectedYear {
  year: string;
  ytdActual: string;
  categories: { category: string; ytdActual: string }[];
  periods: { period: string; month: string; total: string; categories: Record<string, string> }[];
}
interface ExpectedClaim {
  categories: { category: string; periodActual: string }[];
  totals: { periodActual: string };
}
const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as {
  files: string[];
  rows: { included: number; excluded: number; errors: number };
  exclusions: Tally[];
  inputTotal: string;
  includedTotal: string;
  years: ExpectedYear[];
  claims: Record<string, Record<string, ExpectedClaim>>;
  messy: { files: string[]; exclusions: Tally[]; duplicates: { file: string; line: number; duplicateOf: string }[] };
};
const expectedPayroll = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected-payroll.json'), 'utf8')) as {
  files: string[];
  exclusions: Tally[];
  payrollDifferences: { year: string; period: string; month: string; category: string; gl: string; payroll: string }[];
};
const personal = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/payroll/personal-data.json'), 'utf8')) as Record<string, string[]>;
const payrollErrors = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/payroll/errors/expected.json'), 'utf8')) as { files: { file: string }[] };

interface Row {
  file: string;
  line: number;
  outcome: string;
  reason: string | null;
  category: string | null;
  year: string | null;
  period: string | null;
  month: string | null;
  amount: string | null;
  duplicateOf: string | null;
  documentNumber: string | null;
  documentLine: string | null;
  supplier: string | null;
  description: string | null;
  account: string | null;
  accountName: string | null;
  costCentre: string | null;
  costCentreName: string | null;
  payElement: string | null;
  why: string | null;
}
interface RowsJson {
  schema: string;
  filter: Record<string, string | null>;
  rows: Row[];
  total: { rows: number; amount: string; amountUnreadable: number };
  inputs: { file: string }[];
}

/** Every command here reads fixtures and writes nothing: a command asked twice (by two cases) is run once. */
const once = cliOnce();

const pence = (s: string): bigint => BigInt(s.replace('.', ''));
const pounds = (p: bigint): string => {
  const abs = p < 0n ? -p : p;
  return `${p < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

/** Runs `rows FILES… ARGS --format json`, and checks that the listed rows add up to the total line. */
function drill(files: readonly string[], args: readonly string[]): RowsJson & { code: number; stderr: string } {
  const run = once(['rows', ...files, ...args, '--format', 'json']);
  expect(run.code, run.stderr).not.toBe(2);
  const json = JSON.parse(run.stdout) as RowsJson;
  expect(json.total.rows).toBe(json.rows.length);
  expect(json.total.amount).toBe(pounds(json.rows.reduce((s, r) => s + (r.amount === null ? 0n : pence(r.amount)), 0n)));
  expect(json.total.amountUnreadable).toBe(json.rows.filter((r) => r.amount === null).length);
  return { ...json, code: run.code, stderr: run.stderr };
}

/** Line `line` (1-based) of a fixture CSV with no quoted cells, as its cells. */
function fixtureCells(file: string, line: number): string[] {
  const text = readFileSync(resolve(ROOT, file), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[line - 1] as string;
  expect(text).not.toContain('"');
  return text.split(',');
}
// Document Number, Line, Posting Date, Period, Cost Centre, Cost Centre Name, Account Code, Account Name, Supplier, Description, Net Amount…
const messyLine2 = fixtureCells('fixtures/messy/gl-2022-08-reexport.csv', 2);

const y2022 = expected.years[0] as ExpectedYear;
const y2023 = expected.years[1] as ExpectedYear;
const periodOf = (year: ExpectedYear, period: string) => year.periods.find((p) => p.period === period) as ExpectedYear['periods'][number];

describe('a drill totals exactly the reconciliation figure it drills into', () => {
  it('a month and category: the staff figure of August 2022 (P05)', () => {
    const json = drill(expected.files, ['--year', '2022/23', '--month', '2022-08', '--category', 'staff', '--outcome', 'included']);
    expect(json.total.amount).toBe(periodOf(y2022, 'P05').categories.staff);
    expect(json.code).toBe(0);
    expect(json.filter).toEqual({ year: '2022/23', period: null, quarter: null, month: '2022-08', category: 'staff', outcome: 'included', reason: null });
    for (const r of json.rows) expect(r).toMatchObject({ outcome: 'included', reason: null, category: 'staff', year: '2022/23', period: 'P05', month: '2022-08', duplicateOf: null });
  });

  it.each([
    ['2022/23', 'P01', 'officers'],
    ['2022/23', 'P12', 'software'],
    ['2022/23', 'P13', 'staff'],
    ['2023/24', 'P08', 'comms'],
  ])('%s %s %s, by --period', (year, period, category) => {
    const json = drill(expected.files, ['--year', year, '--period', period, '--category', category, '--outcome', 'included']);
    expect(json.total.amount).toBe(periodOf(year === '2022/23' ? y2022 : y2023, period).categories[category]);
  });

  it('a whole period, every category: the period total', () => {
    expect(drill(expected.files, ['--year', '2023/24', '--period', 'P13', '--outcome', 'included']).total.amount).toBe(periodOf(y2023, 'P13').total);
  });

  it("a year and category: the category's year to date", () => {
    const json = drill(expected.files, ['--year', '2023/24', '--category', 'software', '--outcome', 'included']);
    expect(json.total.amount).toBe(y2023.categories.find((c) => c.category === 'software')?.ytdActual);
  });

  it("a quarter: the claim's period actual; March (as a month) takes P13 with it", () => {
    const q2 = expected.claims['2022/23']?.Q2 as ExpectedClaim;
    expect(drill(expected.files, ['--year', '2022/23', '--quarter', 'Q2', '--outcome', 'included']).total.amount).toBe(q2.totals.periodActual);
    const march = expected.claims['2022/23']?.['2023-03'] as ExpectedClaim;
    const json = drill(expected.files, ['--month', '2023-03', '--category', 'staff', '--outcome', 'included']);
    expect(json.total.amount).toBe(march.categories.find((c) => c.category === 'staff')?.periodActual);
    expect(new Set(json.rows.map((r) => r.period))).toEqual(new Set(['P12', 'P13']));
    expect(new Set(json.rows.map((r) => r.month))).toEqual(new Set(['2023-03']));
  });

  it('an exclusion reason: the exclusion line, rows and amount', () => {
    const ineligible = expected.exclusions.find((e) => e.reason === 'ineligible-account') as Tally;
    const json = drill(expected.files, ['--reason', 'ineligible-account']);
    expect(json.total).toEqual({ rows: ineligible.rows, amount: ineligible.amount, amountUnreadable: 0 });
    for (const r of json.rows) expect(r).toMatchObject({ outcome: 'excluded', reason: 'ineligible-account', category: null });
  });

  it('every row, and every included row: the control totals', () => {
    const all = drill(expected.files, []);
    expect(all.total).toEqual({ rows: expected.rows.included + expected.rows.excluded + expected.rows.errors, amount: expected.inputTotal, amountUnreadable: 0 });
    expect(all.inputs.map((i) => i.file)).toEqual(expected.files);
    const included = drill(expected.files, ['--outcome', 'included']);
    expect(included.total).toEqual({ rows: expected.rows.included, amount: expected.includedTotal, amountUnreadable: 0 });
  });

  it('lists the rows in input order, then line', () => {
    const json = drill(expected.files, ['--outcome', 'excluded']);
    const order = json.rows.map((r) => [expected.files.indexOf(r.file), r.line] as const);
    expect(order.every(([f]) => f >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    const excluded = expected.exclusions.reduce((s, e) => s + pence(e.amount), 0n);
    expect(json.total).toEqual({ rows: expected.rows.excluded, amount: pounds(excluded), amountUnreadable: 0 });
  });
});

describe('payroll: the evidence behind the GL pay journals, and the ineligible pay elements', () => {
  it.each(['payroll-evidence', 'ineligible-pay-element'])('--reason %s totals the exclusion', (reason) => {
    const exclusion = expectedPayroll.exclusions.find((e) => e.reason === reason) as Tally;
    const json = drill(expectedPayroll.files, ['--reason', reason]);
    expect(json.total).toEqual({ rows: exclusion.rows, amount: exclusion.amount, amountUnreadable: 0 });
    expect(json.rows.every((r) => r.file.startsWith('fixtures/sample/payroll/'))).toBe(true);
    const order = json.rows.map((r) => [expectedPayroll.files.indexOf(r.file), r.line] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it("one month's payroll evidence totals the payroll side of its difference", () => {
    const d = expectedPayroll.payrollDifferences[0] as (typeof expectedPayroll.payrollDifferences)[number];
    const json = drill(expectedPayroll.files, ['--month', d.month, '--category', d.category, '--reason', 'payroll-evidence']);
    expect(json.total.amount).toBe(d.payroll);
    const gl = drill(expectedPayroll.files, ['--month', d.month, '--category', d.category, '--outcome', 'included']);
    expect(gl.total.amount).toBe(d.gl);
  });
});

describe('duplicates name the row they repeat', () => {
  it('the messy run: every duplicate with its duplicateOf, totalling the exclusion', () => {
    const duplicate = expected.messy.exclusions.find((e) => e.reason === 'duplicate') as Tally;
    const json = drill(expected.messy.files, ['--reason', 'duplicate']);
    expect(json.total).toEqual({ rows: duplicate.rows, amount: duplicate.amount, amountUnreadable: 0 });
    expect(json.rows.map((r) => ({ file: r.file, line: r.line, duplicateOf: r.duplicateOf }))).toEqual(expected.messy.duplicates);
  });

  it('csv and table carry the same rows and total', () => {
    const args = ['rows', ...expected.messy.files, '--reason', 'duplicate'];
    const csv = once([...args, '--format', 'csv']).stdout.split('\r\n');
    expect(csv[0]).toBe('section,file,line,outcome,reason,category,year,period,month,rows,amount,detail,documentNumber,documentLine,supplier,description,account,accountName,costCentre,costCentreName,payElement,why');
    expect(csv[1]).toBe(
      'row,fixtures/messy/gl-2022-08-reexport.csv,2,excluded,duplicate,officers,2022/23,P05,2022-08,1,2197.03,fixtures/messy/gl-2022-08-bom.csv:28,' +
        `${messyLine2.slice(0, 2).join(',')},${messyLine2[8]},${messyLine2[9]},${messyLine2[6]},${messyLine2[7]},${messyLine2[4]},${messyLine2[5]},,repeats fixtures/messy/gl-2022-08-bom.csv:28`,
    );
    expect(csv).toContain('total,,,,,,,,,18,82160.48,,,,,,,,,,,');
    const table = once(args).stdout;
    expect(table).toContain('Total (18 rows)');
    expect(table).toContain('£82,160.48');
    for (const d of expected.messy.duplicates) expect(table).toContain(`${d.file}:${d.line}`);
  });
});

describe('what each row is, and why it has its outcome', () => {
  it('a GL row shows its document, supplier, description, account and cost centre, as the export has them', () => {
    const json = drill(expected.files, ['--month', '2022-09', '--category', 'software', '--outcome', 'included']);
    const row = json.rows.find((r) => r.file === 'fixtures/sample/gl/gl-2022-09.csv' && r.line === 13) as Row;
    const [doc, line, , , cc, ccName, account, accountName, supplier, description, net] = fixtureCells('fixtures/sample/gl/gl-2022-09.csv', 13);
    expect(row).toMatchObject({ documentNumber: doc, documentLine: line, supplier, description, account, accountName, costCentre: cc, costCentreName: ccName, payElement: null, amount: net, rule: 'software-53', why: 'chart rule software-53' });
  });

  it('an ineligible-account row names its account, and says no chart rule covers it', () => {
    const json = drill(expected.files, ['--reason', 'ineligible-account']);
    expect(json.rows.length).toBeGreaterThan(0);
    for (const r of json.rows) {
      const cells = fixtureCells(r.file, r.line);
      expect(r).toMatchObject({ account: cells[6], accountName: cells[7], rule: null, why: `no chart rule covers account ${cells[6]}` });
    }
  });

  it('an ineligible-pay-element row names the element; a payroll row shows nothing of the person', () => {
    const json = drill(expectedPayroll.files, ['--reason', 'ineligible-pay-element']);
    expect(json.rows.length).toBeGreaterThan(0);
    for (const r of json.rows) {
      // Payroll Period, Employee Number, Employee Name, Staff Type, Grade, Cost Centre, Pay Element, Amount, Pay Date
      const element = fixtureCells(r.file, r.line)[6] as string;
      expect(r).toMatchObject({ payElement: element, why: `pay element ${element} is not eligible`, documentNumber: null, supplier: null, description: null, account: null });
      // No configuration names the cost centres: a payroll row's cell is not shown.
      expect(r.costCentre).toBeNull();
    }
    const configured = drill([...expectedPayroll.files, '--config', 'fixtures/sample/grant.config.json'], ['--reason', 'ineligible-pay-element']);
    for (const r of configured.rows) expect(r.costCentre).toBe(fixtureCells(r.file, r.line)[5]);
  });

  it('a description is cut with … in a table and Markdown, and whole in JSON, CSV and HTML', () => {
    const args = ['rows', ...expected.files, '--month', '2022-09', '--category', 'software', '--outcome', 'included'];
    const description = fixtureCells('fixtures/sample/gl/gl-2022-09.csv', 13)[9] as string;
    expect(description.length).toBeGreaterThan(40);
    const cut = `${description.slice(0, 39).trimEnd()}…`;
    const table = once(args).stdout;
    expect(table).toContain(cut);
    expect(table).not.toContain(description);
    expect(once([...args, '--format', 'md']).stdout).toContain(cut);
    expect(once([...args, '--format', 'html']).stdout).toContain(description);
    expect(once([...args, '--format', 'csv']).stdout).toContain(`,${description},`);
  });
});

describe('--no-inputs', () => {
  const args = ['rows', ...expected.files, '--month', '2022-09', '--category', 'software', '--outcome', 'included'];
  const rows = expected.rows.included + expected.rows.excluded + expected.rows.errors;
  const summary = `Inputs: ${expected.files.length} files, ${rows} rows, £${Number(expected.inputTotal).toLocaleString('en-GB', { minimumFractionDigits: 2 })} read; no export has its own total line; all `;

  it.each(['table', 'md', 'html'])('%s: one line sums up the inputs instead of their table', (format) => {
    const full = once([...args, '--format', format]).stdout;
    const short = once([...args, '--format', format, '--no-inputs']).stdout;
    expect(full).toContain('SHA-256');
    expect(short).not.toContain('SHA-256');
    expect(short).not.toMatch(/#+ Inputs|<h2>Inputs/);
    expect(short).toContain(summary);
  });

  it('json and csv keep their inputs', () => {
    for (const format of ['json', 'csv']) expect(once([...args, '--format', format, '--no-inputs']).stdout).toBe(once([...args, '--format', format]).stdout);
  });

  it('says where own total lines or lines disagree', () => {
    const run = once(['rows', 'fixtures/errors/control-total-mismatch.csv', '--no-inputs']);
    expect(run.stdout).toContain('Inputs: 1 file, ');
    expect(run.stdout).toContain('OWN TOTAL LINE MISMATCH in fixtures/errors/control-total-mismatch.csv');
  });
});

describe('rows in error', () => {
  it('are listed with their code, and end the run with exit 1 after the report is written', () => {
    const files = ['bad-date', 'bad-amount', 'control-total-mismatch'].map((f) => `fixtures/errors/${f}.csv`);
    const json = drill(files, ['--outcome', 'error']);
    expect(json.code).toBe(1);
    expect(json.rows.map((r) => [r.file, r.line, r.reason, r.year])).toEqual([
      ['fixtures/errors/bad-date.csv', 4, 'bad-date', null],
      ['fixtures/errors/bad-amount.csv', 4, 'bad-amount', null],
      ['fixtures/errors/control-total-mismatch.csv', 6, 'control-total-mismatch', null],
    ]);
    expect(json.stderr).toContain('3 rows in error; the report was written in full (exit 1)');
  });

  it('a row whose amount cannot be read shows no amount, never £0.00, in every format', () => {
    const files = ['fixtures/errors/bad-date.csv', 'fixtures/errors/bad-amount.csv'];
    const json = drill(files, ['--outcome', 'error']);
    // The bad date's row holds £1,980.40; the bad amount (1.005) has no amount that can be read.
    expect(json.rows.map((r) => [r.line, r.reason, r.amount])).toEqual([
      [4, 'bad-date', '1980.40'],
      [4, 'bad-amount', null],
    ]);
    expect(json.total).toEqual({ rows: 2, amount: '1980.40', amountUnreadable: 1 });
    const table = once(['rows', ...files, '--outcome', 'error']).stdout;
    expect(table).toMatch(/fixtures\/errors\/bad-amount\.csv:4 +error +bad-amount +no amount {2}Net Amount: amount "1\.005" has more than two decimal places/);
    expect(table).toContain('2 rows matched, £1,980.40 in all; 1 of them is a row in error with no amount that could be read, so its money is not in it.');
    const csv = once(['rows', ...files, '--outcome', 'error', '--format', 'csv']).stdout.split('\r\n');
    // The cell 1.005 of the fixture's line 4, quoted in the row's message (its why).
    expect(csv).toContain('row,fixtures/errors/bad-amount.csv,4,error,bad-amount,,,,,1,,no amount that could be read,,,,,,,,,,"Net Amount: amount ""1.005"" has more than two decimal places; write pounds and pence, e.g. 1234.56"');
    expect(csv).toContain('total,,,,,,,,,2,1980.40,1 of the rows with no amount that could be read,,,,,,,,,,');
  });

  it('--reason takes an error code too', () => {
    const json = drill(['fixtures/errors/bad-date.csv', 'fixtures/errors/bad-period.csv'], ['--reason', 'bad-period']);
    expect(json.rows).toMatchObject([{ file: 'fixtures/errors/bad-period.csv', line: 4, outcome: 'error', reason: 'bad-period' }]);
  });

  it('an unusable file is refused with exit 2 and nothing on stdout', () => {
    const run = once(['rows', 'fixtures/errors/no-such-file.csv']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });
});

describe('option values are checked: a usage error (exit 2) that names the allowed values', () => {
  const usage = (args: string[], ...messages: string[]) => {
    const run = once(['rows', 'fixtures/sample/gl/gl-2022-04.csv', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    for (const m of messages) expect(run.stderr).toContain(m);
  };

  it('an unknown category', () => usage(['--category', 'salaries'], '--category "salaries"', 'staff, officers, software, equipment, training, comms'));
  it('an unknown outcome', () => usage(['--outcome', 'kept'], '--outcome "kept"', 'included, excluded, error'));
  it('an unknown reason', () => usage(['--reason', 'dupe'], '--reason "dupe"', 'duplicate', 'payroll-evidence', 'bad-date', 'conflicting-duplicate'));
  it('a reason of another outcome', () => usage(['--reason', 'duplicate', '--outcome', 'included'], 'a reason of excluded rows'));
  it('two period selectors', () => usage(['--period', 'P05', '--quarter', 'Q2'], 'at most one of --period, --month and --quarter'));
  it('a month of another year', () => usage(['--year', '2022/23', '--month', '2023-08'], '--month 2023-08 is not a month of 2022/23'));
  it('a bad period, quarter, month or year', () => {
    usage(['--period', 'P17'], '--period');
    usage(['--quarter', 'Q5'], '--quarter');
    usage(['--month', '2022-13'], '--month');
    usage(['--year', '2022'], '--year "2022" is not a financial year');
  });

  it('values are read in any case; a year outside the grant finds its outside-grant-years rows', () => {
    const before = drill(expected.files, ['--year', '2021/22', '--reason', 'OUTSIDE-GRANT-YEARS']);
    const after = drill(expected.files, ['--year', '2024/25', '--outcome', 'Excluded']);
    expect(before.stderr).toContain('2021/22 is not a year of the grant');
    const outside = expected.exclusions.find((e) => e.reason === 'outside-grant-years') as Tally;
    expect(before.total.rows + after.total.rows).toBe(outside.rows);
    expect(pounds(pence(before.total.amount) + pence(after.total.amount))).toBe(outside.amount);
    expect([...before.rows, ...after.rows].every((r) => r.reason === 'outside-grant-years')).toBe(true);
  });
});

describe('no personal data in any format', () => {
  const secrets = [...(personal.employeeNumbers ?? []), ...(personal.names ?? []), ...(personal.grades ?? [])];
  const inputs = [...expectedPayroll.files.slice(-3), ...payrollErrors.files.map((f) => `fixtures/payroll/errors/${f.file}`)];

  it('the inputs really hold the personal data the test looks for', () => {
    const text = inputs.map((f) => readFileSync(resolve(ROOT, f), 'utf8')).join('\n');
    expect(secrets.filter((s) => text.includes(s)).length).toBeGreaterThan(20);
  });

  it.each(['table', 'json', 'csv', 'md', 'html'])('%s: stdout, stderr and the -o file hold no employee number, name or grade', (format) => {
    const { codes, files, everything } = everythingWritten(['rows', ...inputs, '--format', format]);
    expect(codes).toEqual([1, 1]);
    expect(files).toBe(1);
    expect(everything).toContain('fixtures/payroll/errors/');
    const lower = everything.toLowerCase();
    expect(secrets.filter((s) => lower.includes(s.toLowerCase()))).toEqual([]);
  });
});
