/**
 * `claim --format xlsx`: the workbook read back with the library, every amount a numeric cell in the pounds
 * format, each checked against the JSON claim of the same run and against the independent oracle's figures.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATE_FORMAT, DATE_TIME_FORMAT, POUNDS_FORMAT } from '../../src/render/workbook-cells.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { amountsAsText, count, decimal, money, pence, readWorkbook, rowLabelled } from '../support/workbook.js';

interface ClaimJson {
  generatedAt: string;
  year: string;
  period: { label: string; from: string; to: string };
  cap: string;
  categories: { category: string; periodActual: string; cumulativeActual: string }[];
  periods: { period: string; month: string; total: string; categories: Record<string, string> }[];
  totals: Record<string, string>;
  rows: { included: number; excluded: number; errors: number };
  exclusions: { reason: string; rows: number; amount: string }[];
  controlTotals: { input: string; included: string; excluded: string; errors: string };
  inputs: { file: string; sha256: string; rows: number; total: string; included: { amount: string }; excluded: { amount: string }; errors: { amount: string } }[];
  costCentres: { costCentre: string; rows: number; amount: string }[];
}

interface Expected {
  files: string[];
  claims: Record<string, Record<string, { categories: { category: string; periodActual: string; cumulativeActual: string }[]; totals: Record<string, string> }>>;
}

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as Expected;
const TITLES: Record<string, string> = { staff: 'Staff', officers: 'Officers', software: 'Software', equipment: 'Equipment', training: 'Training', comms: 'Comms' };
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-workbook-'));
const claimArgs = ['claim', ...expected.files, '--year', '2023/24', '--quarter', 'Q4'];


describe('claim --format xlsx', () => {
  let json: ClaimJson;
  let workbook: ExcelJS.Workbook;
  /** Every cell in the pounds format, by sheet!address; each test that checks one deletes it. */
  const unchecked = new Map<string, ExcelJS.Cell>();

  beforeAll(async () => {
    const out = join(dir, 'claim.xlsx');
    const written = runCli([...claimArgs, '-o', out]);
    expect(written.code, written.stderr).toBe(0);
    json = JSON.parse(runCli([...claimArgs, '--format', 'json']).stdout) as ClaimJson;
    workbook = await readWorkbook(out);
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.numFmt === POUNDS_FORMAT) unchecked.set(`${sheet.name}!${cell.address}`, cell);
        }),
      ),
    );
  });

  /**
   * The cell in column `column` of the row whose first cell is `label`: checks it is the number `amount`, or with
   * `sum` the formula `SUM(sum)` whose cached value is `amount`.
   */
  function expectAmount(sheetName: string, label: string, column: number, amount: string, sum?: string): void {
    const cell = rowLabelled(workbook, sheetName, label).getCell(column);
    if (sum === undefined) {
      expect(cell.type, `${sheetName} ${cell.address} is a number`).toBe(ExcelJS.ValueType.Number);
      expect(cell.value).toBe(Number(amount));
    }
    expect(money(cell), `${sheetName} ${cell.address}`).toBe(sum === undefined ? amount : `=SUM(${sum}) → ${amount}`);
    unchecked.delete(`${sheetName}!${cell.address}`);
  }

  /** The sheet row number of the row whose first cell is `label`. */
  const rowOf = (sheetName: string, label: string): number => rowLabelled(workbook, sheetName, label).number;

  it('has the claim sheet, a sheet per category and the inputs sheet', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Claim', 'Staff', 'Officers', 'Software', 'Equipment', 'Training', 'Comms', 'Inputs']);
  });

  it('claim sheet: the totals and the cap equal the JSON claim and the oracle', () => {
    const oracle = expected.claims['2023/24']?.Q4;
    expect(oracle).toBeDefined();
    const t = json.totals;
    expectAmount('Claim', 'Cap for the year', 3, json.cap);
    expectAmount('Claim', 'Cumulative actual', 3, t.cumulativeActual as string);
    expectAmount('Claim', 'Cumulative claimable', 3, t.cumulativeClaimable as string);
    expectAmount('Claim', 'Previously claimed', 3, t.previouslyClaimed as string);
    expectAmount('Claim', 'Prior-period adjustment (included in the claim due)', 3, t.priorPeriodAdjustment as string);
    expectAmount('Claim', 'Claim due from Home Office', 3, t.claimDue as string);
    expectAmount('Claim', 'Headroom', 3, t.headroom as string);
    expectAmount('Claim', 'Over cap (not claimable)', 3, t.overCap as string);
    // Each measure says what it covers, between its label and its amount.
    expect(rowLabelled(workbook, 'Claim', 'Claim due from Home Office').getCell(2).value).toBe('Q4 (2024-01-01 to 2024-03-31)');
    expect(rowLabelled(workbook, 'Claim', 'Cumulative actual').getCell(2).value).toBe('2023-04-01 to 2024-03-31');
    for (const key of ['cumulativeActual', 'cumulativeClaimable', 'previouslyClaimed', 'claimDue', 'headroom', 'overCap']) expect(t[key]).toBe(oracle?.totals[key]);
    // Hand-checked: the sample's 2023/24 passes the cap in March 2024 (the README's worked example).
    expect(t.cumulativeActual).toBe('3011630.43');
    expect(t.overCap).toBe('118178.43');
  });

  it('claim sheet: each category, and the total as the SUM of the six above with the exact total cached', () => {
    for (const c of json.categories) {
      expectAmount('Claim', TITLES[c.category] as string, 2, c.periodActual);
      expectAmount('Claim', TITLES[c.category] as string, 3, c.cumulativeActual);
      const oracle = expected.claims['2023/24']?.Q4?.categories.find((o) => o.category === c.category);
      expect([c.periodActual, c.cumulativeActual]).toEqual([oracle?.periodActual, oracle?.cumulativeActual]);
    }
    const [staff, comms] = [rowOf('Claim', 'Staff'), rowOf('Claim', 'Comms')];
    expect(comms - staff).toBe(5);
    expectAmount('Claim', 'Total', 2, json.totals.periodActual as string, `B${staff}:B${comms}`);
    expectAmount('Claim', 'Total', 3, json.totals.cumulativeActual as string, `C${staff}:C${comms}`);
    // Hand-checked: the six Q4 period actuals of the oracle add up to the cached total.
    const oracle = expected.claims['2023/24']?.Q4?.categories ?? [];
    expect(decimal(oracle.reduce((s, c) => s + pence(c.periodActual), 0n))).toBe(json.totals.periodActual);
  });

  it('claim sheet: the cost centres, their total rows and amount as SUMs', () => {
    expect(json.costCentres.length).toBeGreaterThan(1);
    for (const l of json.costCentres) {
      expectAmount('Claim', l.costCentre, 3, l.amount);
      expect(rowLabelled(workbook, 'Claim', l.costCentre).getCell(2).value).toBe(l.rows);
    }
    const first = rowOf('Claim', json.costCentres[0]?.costCentre as string);
    const last = first + json.costCentres.length - 1;
    // The cost centres' total is the year to date the category table's second column also shows.
    const totalRow = rowLabelled(workbook, 'Claim', 'Year to date, 2023-04-01 to 2024-03-31 with P13–P16');
    expect(totalRow.number).toBe(last + 1);
    expect(money(totalRow.getCell(3))).toBe(`=SUM(C${first}:C${last}) → ${json.totals.cumulativeActual}`);
    expect(count(totalRow.getCell(2))).toBe(`=SUM(B${first}:B${last}) → ${json.costCentres.reduce((n, l) => n + l.rows, 0)}`);
    unchecked.delete(`Claim!${totalRow.getCell(3).address}`);
  });

  it('claim sheet: the claim period and the generation time are date cells, in UTC', () => {
    const date = (label: string): ExcelJS.Cell => rowLabelled(workbook, 'Claim', label).getCell(2);
    expect([date('From').value, date('From').numFmt]).toEqual([new Date(Date.UTC(2024, 0, 1)), DATE_FORMAT]);
    expect([date('To').value, date('To').numFmt]).toEqual([new Date(Date.UTC(2024, 2, 31)), DATE_FORMAT]);
    expect(date('Generated').value).toEqual(new Date(json.generatedAt));
    expect(date('Generated').numFmt).toBe(DATE_TIME_FORMAT);
  });

  it('category sheets: a title that says what the months are, every month, its running total, and the claim period and year as SUMs', () => {
    expect(json.periods.map((p) => p.period)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12', 'P13']);
    for (const c of json.categories) {
      const title = TITLES[c.category] as string;
      expect(workbook.getWorksheet(title)?.getCell('A1').value).toBe(`${title}: 2023/24 P01–P13, months to the end of the claim period (Q4, 2024-01-01 to 2024-03-31)`);
      let running = 0n;
      let q4 = 0n;
      for (const p of json.periods) {
        const amount = p.categories[c.category] as string;
        running += pence(amount);
        if (p.month >= '2024-01') q4 += pence(amount);
        expectAmount(title, p.period, 3, amount);
        expectAmount(title, p.period, 4, decimal(running));
      }
      expect(decimal(running)).toBe(c.cumulativeActual);
      expect(decimal(q4)).toBe(c.periodActual);
      // Q4 is P10 (January) to P13 (March's adjustments); the year to date P01 to P13.
      expectAmount(title, 'Claim period', 3, c.periodActual, `C${rowOf(title, 'P10')}:C${rowOf(title, 'P13')}`);
      expectAmount(title, 'Year to date', 3, c.cumulativeActual, `C${rowOf(title, 'P01')}:C${rowOf(title, 'P13')}`);
    }
  });

  it('inputs sheet: every file with its figures and SHA-256, then where every row went', () => {
    const sheet = workbook.getWorksheet('Inputs');
    for (const input of json.inputs) {
      let row: ExcelJS.Row | undefined;
      sheet?.eachRow((r) => {
        if (!row && r.getCell(1).value === input.file) row = r;
      });
      expect(row, input.file).toBeDefined();
      expect(row?.getCell(2).value).toBe(input.rows);
      expect(row?.getCell(10).value).toBe(input.sha256);
      expectAmount('Inputs', input.file, 3, input.total);
      expectAmount('Inputs', input.file, 4, input.included.amount);
      expectAmount('Inputs', input.file, 5, input.excluded.amount);
      expectAmount('Inputs', input.file, 6, input.errors.amount);
    }
    expectAmount('Inputs', 'Included', 3, json.controlTotals.included);
    for (const e of json.exclusions) expectAmount('Inputs', `Excluded: ${e.reason}`, 3, e.amount);
    expectAmount('Inputs', 'In error', 3, json.controlTotals.errors);
    // Included, the exclusions and in error, added up: the input total.
    const included = rowOf('Inputs', 'Included');
    const inError = rowOf('Inputs', 'In error');
    expect(inError - included).toBe(json.exclusions.length + 1);
    expectAmount('Inputs', 'Input total', 3, json.controlTotals.input, `C${included}:C${inError}`);
    expect(count(rowLabelled(workbook, 'Inputs', 'Input total').getCell(2))).toBe(`=SUM(B${included}:B${inError}) → ${json.rows.included + json.rows.excluded + json.rows.errors}`);
    expect(decimal(pence(json.controlTotals.included) + json.exclusions.reduce((s, e) => s + pence(e.amount), 0n) + pence(json.controlTotals.errors))).toBe(json.controlTotals.input);
  });

  it('every amount in the workbook was checked above, and none is written as text', () => {
    expect([...unchecked.keys()]).toEqual([]);
    expect(amountsAsText(workbook)).toEqual([]);
  });

  it('leaves the certification for the Chief Finance Officer blank', () => {
    const sheet = workbook.getWorksheet('Claim');
    const fields = new Map<string, unknown>();
    sheet?.eachRow((row) => {
      const label = row.getCell(1).value;
      if (typeof label === 'string' && ['Name', 'Role', 'Signature', 'Date'].includes(label)) fields.set(label, row.getCell(2).value);
    });
    expect([...fields.keys()]).toEqual(['Name', 'Role', 'Signature', 'Date']);
    expect([...fields.values()].every((v) => v === '' || v === null)).toBe(true);
  });
});

describe('a claim with history and budgets', () => {
  // The README's worked example: a £12,345.67 staff credit for May reached the ledger in September, and the Q2
  // claim recovers it from the Q1 claim; with staff and officer budgets in the configuration.
  const config = join(dir, 'budgets.json');
  const args = [
    'claim',
    ...['04', '05', '06', '07', '08', '09'].map((m) => `fixtures/sample/gl/gl-2022-${m}.csv`),
    'fixtures/history/late-credit-2022-09.csv',
    '--year',
    '2022/23',
    '--quarter',
    'Q2',
    '--previous',
    'fixtures/history/claim-2022-23-Q1.json',
    '--config',
    config,
  ];
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    writeFileSync(config, JSON.stringify({ budgets: [{ year: '2022/23', category: 'staff', budget: '1300000.00' }, { year: '2022/23', category: 'officers', budget: '800000.00' }] }));
    const out = join(dir, 'history.xlsx');
    const run = runCli([...args, '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    workbook = await readWorkbook(out);
  });

  /** Cells 2–7 of the `nth` row of the Claim sheet labelled `label`: amounts via money(), dates as yyyy-mm-dd, text as it is. */
  function row(label: string, nth = 0): (string | null)[] {
    const r = rowLabelled(workbook, 'Claim', label, nth);
    return [2, 3, 4, 5, 6, 7].map((i) => {
      const cell = r.getCell(i);
      if (cell.value === null || cell.value === '') return null;
      if (cell.value instanceof Date) {
        expect(cell.numFmt).toBe(DATE_FORMAT);
        return `date ${cell.value.toISOString().slice(0, 10)}`;
      }
      return typeof cell.value === 'string' ? cell.value : money(cell);
    });
  }

  it('shows the earlier claim with real dates, in the columns of the table format, and the adjustment', () => {
    expect(row('Previously claimed')[1]).toBe('725281.12');
    expect(row('Prior-period adjustment (included in the claim due)')[1]).toBe('-12345.67');
    // 1,379,196.85 claimable − 725,281.12 claimed in Q1.
    expect(row('Claim due from Home Office')[1]).toBe('653915.73');
    const header = rowLabelled(workbook, 'Claim', 'Claim', 1);
    expect([1, 2, 3, 4, 5, 6].map((i) => header.getCell(i).value)).toEqual(['Claim', 'From', 'To', 'Claim due', 'File', null]);
    expect(row('Q1')).toEqual(['date 2022-04-01', 'date 2022-06-30', '725281.12', 'fixtures/history/claim-2022-23-Q1.json', null, null]);
    // The second "Previously claimed" line is the earlier claims' total: the SUM of their claim due.
    const q1 = rowLabelled(workbook, 'Claim', 'Q1').number;
    expect(row('Previously claimed', 1)).toEqual([null, null, `=SUM(D${q1}:D${q1}) → 725281.12`, null, null, null]);
  });

  it('shows each category, then budget and variance in a table of their own', () => {
    // Staff: Q2's own months are untouched (the credit is May's, in Q1); the cumulative is 686,694.46 less the
    // credit; the variance is that against the 1,300,000.00 budget.
    expect(row('Staff').slice(0, 2)).toEqual(['342360.69', '674348.79']);
    // -625,651.21 / 1,300,000.00 = -48.127…%, given to one decimal as every format gives it.
    expect(row('Staff', 1).slice(0, 4)).toEqual(['1300000.00', '674348.79', '-625651.21', '-48.1%']);
    // Officers: Q2 cumulative 466,902.91 against 800,000.00.
    expect(row('Officers', 1).slice(0, 3)).toEqual(['800000.00', '466902.91', '-333097.09']);
    expect(rowLabelled(workbook, 'Claim', 'Budget line').getCell(6).value).toBe('Beyond tolerance');
  });

  it('lists the restated category with what was claimed and what the ledger says now', () => {
    const header = rowLabelled(workbook, 'Claim', 'Restated since the latest earlier claim').number;
    const staff = rowLabelled(workbook, 'Claim', 'Staff', 2);
    expect(staff.number).toBe(header + 1);
    expect(row('Staff', 2).slice(0, 3)).toEqual(['344333.77', '331988.10', '-12345.67']);
  });
});

describe('a Q3 claim with the rows behind its prior-period adjustment', () => {
  // As in claim-history.test.ts: Q1 and Q2 claimed with their rows from the clean ledger; the £12,345.67 May
  // staff credit reaches the ledger in October, after the Q2 claim went.
  const month = (ym: string): string => `fixtures/sample/gl/gl-${ym}.csv`;
  const q1Files = ['2022-04', '2022-05', '2022-06'].map(month);
  const q2Files = [...q1Files, ...['2022-07', '2022-08', '2022-09'].map(month)];
  const q3Files = [...q2Files, ...['2022-10', '2022-11', '2022-12'].map(month)];
  let workbook: ExcelJS.Workbook;
  let credit: string;

  beforeAll(async () => {
    credit = join(dir, 'late-credit-oct.csv');
    writeFileSync(credit, 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Net Amount\n9990002,1,03/10/2022,P02,SMH001,511000,-12345.67\n');
    const claim = (files: string[], quarter: string, previous: string[], out: string): void => {
      const run = runCli(['claim', ...files, '--year', '2022/23', '--quarter', quarter, ...previous.flatMap((p) => ['--previous', join(dir, p)]), '-o', join(dir, out), '--force', ...(out.endsWith('.json') ? ['--with-rows'] : [])]);
      expect(run.code, run.stderr).toBe(0);
    };
    claim(q1Files, 'Q1', [], 'rows-q1.json');
    claim(q2Files, 'Q2', ['rows-q1.json'], 'rows-q2.json');
    claim([...q3Files, credit], 'Q3', ['rows-q1.json', 'rows-q2.json'], 'rows-q3.xlsx');
    workbook = await readWorkbook(join(dir, 'rows-q3.xlsx'));
  });

  it('lists both earlier claims, their total, the restatement and the row that moved, with its amount', () => {
    const q1 = rowLabelled(workbook, 'Claim', 'Q1');
    const q2 = rowLabelled(workbook, 'Claim', 'Q2');
    expect(q2.number).toBe(q1.number + 1);
    expect([q1.getCell(2).value, q1.getCell(3).value, q2.getCell(2).value, q2.getCell(3).value]).toEqual(
      [Date.UTC(2022, 3, 1), Date.UTC(2022, 5, 30), Date.UTC(2022, 6, 1), Date.UTC(2022, 8, 30)].map((t) => new Date(t)),
    );
    // Q1 and Q2 were claimed in full (under the cap): together the sample's clean Q2 cumulative.
    const q2Cumulative = (expected.claims['2022/23'] as Record<string, { totals: Record<string, string> }>).Q2?.totals.cumulativeActual as string;
    expect(decimal(pence(money(q1.getCell(4))) + pence(money(q2.getCell(4))))).toBe(q2Cumulative);
    expect(money(rowLabelled(workbook, 'Claim', 'Previously claimed', 1).getCell(4))).toBe(`=SUM(D${q1.number}:D${q2.number}) → ${q2Cumulative}`);
    expect(money(rowLabelled(workbook, 'Claim', 'Prior-period adjustment (included in the claim due)').getCell(3))).toBe('-12345.67');
    const header = rowLabelled(workbook, 'Claim', 'Rows behind it');
    expect([1, 2, 3, 4, 5, 6, 7].map((i) => header.getCell(i).value)).toEqual(['Rows behind it', 'Category', 'Change', 'Row', 'Then', 'Now', 'Amount']);
    const moved = workbook.getWorksheet('Claim')?.getRow(header.number + 1) as ExcelJS.Row;
    expect([1, 2, 3, 4, 5, 6].map((i) => moved.getCell(i).value)).toEqual(['2022/23', 'Staff', 'added', '9990002/1', null, `${credit}:2 -£12,345.67 (P02 staff)`]);
    expect(money(moved.getCell(7))).toBe('-12345.67');
  });
});

describe('the workbook file', () => {
  it('is the same bytes for the same inputs, whatever the time zone or the clock', () => {
    const [first, second] = ['UTC', 'Pacific/Auckland'].map((tz, i) => {
      const out = join(dir, `same-${i}.xlsx`);
      expect(runCli([...claimArgs, '-o', out], { TZ: tz }).code).toBe(0);
      return readFileSync(out);
    });
    expect(second?.equals(first as Buffer)).toBe(true);
  });

  it('is dated by the report, not the clock, in its properties and in every zip entry', async () => {
    const out = join(dir, 'dated.xlsx');
    expect(runCli([...claimArgs, '-o', out, '--as-of', '2024-04-20T09:30:00Z']).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const entries = Object.values(zip.files).filter((f) => !f.dir);
    expect(entries.length).toBeGreaterThan(10);
    // Zip dates are stored to two seconds, in the writer's UTC fields.
    expect(new Set(entries.map((f) => f.date.toISOString()))).toEqual(new Set(['2024-04-20T09:30:00.000Z']));
    const core = await zip.file('docProps/core.xml')?.async('string');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-04-20T09:30:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-04-20T09:30:00Z</dcterms:modified>');
  });

  it('dates its zip entries 1980-01-01, the earliest a zip can hold, when the report is older', async () => {
    const out = join(dir, 'epoch.xlsx');
    expect(runCli([...claimArgs, '-o', out], { SOURCE_DATE_EPOCH: '0' }).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(new Set(Object.values(zip.files).map((f) => f.date.toISOString()))).toEqual(new Set(['1980-01-01T00:00:00.000Z']));
  });

  it('holds no employee number, name or grade', async () => {
    const payroll = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected-payroll.json'), 'utf8')) as { files: string[] };
    const personal = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/payroll/personal-data.json'), 'utf8')) as Record<string, string[]>;
    const secrets = [...(personal.employeeNumbers ?? []), ...(personal.names ?? []), ...(personal.grades ?? [])];
    const out = join(dir, 'payroll.xlsx');
    expect(runCli(['claim', ...payroll.files, '--year', '2023/24', '--quarter', 'Q4', '-o', out]).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const text = (await Promise.all(Object.values(zip.files).map((f) => f.async('string')))).join('\n');
    expect(text.length).toBeGreaterThan(10_000);
    expect(secrets.length).toBeGreaterThan(50);
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });

  it('is written as UTC dates whatever the time zone: New York gives the same bytes as UTC', () => {
    const [utc, newYork] = ['UTC', 'America/New_York'].map((tz, i) => {
      const out = join(dir, `tz-${i}.xlsx`);
      expect(runCli([...claimArgs, '-o', out, '--as-of', '2024-04-20T02:30:00Z'], { TZ: tz }).code).toBe(0);
      return readFileSync(out);
    });
    expect(newYork?.equals(utc as Buffer)).toBe(true);
  });
});

/**
 * A workbook cell is a double, shown by Excel to 15 significant digits: an amount it cannot hold to the penny is
 * refused for xlsx (exit 2, nothing written), naming the figure and where it would go; other formats carry it.
 */
describe('an amount a workbook cell cannot hold to the penny', () => {
  const HEADER = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount';
  const exportOf = (name: string, amount: string): string => {
    const file = join(dir, name);
    writeFileSync(file, `${HEADER}\nD1,1,12/05/2022,SMH001,531100,${amount}\n`);
    return file;
  };

  it.each([
    ['10009007199254740993.07', 'stored as 10009007199254740992'],
    ['10000000000000.00', 'the first amount of 16 significant digits'],
    ['-10000000000000.01', 'a credit of 16 significant digits'],
  ])('%s (%s) is refused for xlsx, with the figure, and carried exactly by json and csv', (amount) => {
    const file = exportOf(`huge-${amount}.csv`, amount);
    const out = join(dir, `huge-${amount}.xlsx`);
    const args = ['claim', file, '--year', '2022/23', '--quarter', 'Q1'];
    const run = runCli([...args, '-o', out]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `grant-recon: error[usage]: cannot write the claim as a workbook: the Q1 actual, 2022-04-01 to 2022-06-30 of "Software" on the Claim sheet is ${amount}, more than the 15 significant digits a workbook cell holds and shows to the penny; nothing was written\n  hint: write this claim as json, csv, md or html (--format or the -o extension), which carry every amount exactly\n`,
    });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(`huge-${amount}.xlsx`))).toEqual([]);
    const json = JSON.parse(runCli([...args, '--format', 'json']).stdout) as ClaimJson;
    expect(json.totals.cumulativeActual).toBe(amount);
    expect(runCli([...args, '--format', 'csv']).stdout).toContain(`claim,2022/23,Q1,,,cumulativeActual,,${amount},`);
  });

  it('9999999999999.99, the largest of 15 significant digits, is written and read back to the penny', async () => {
    const file = exportOf('largest.csv', '9999999999999.99');
    const out = join(dir, 'largest.xlsx');
    const run = runCli(['claim', file, '--year', '2022/23', '--quarter', 'Q1', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    const book = await readWorkbook(out);
    expect(money(rowLabelled(book, 'Claim', 'Cumulative actual').getCell(3))).toBe('9999999999999.99');
    // Too large for a recalculated SUM to keep the penny: the totals are their numbers, not formulas.
    expect(money(rowLabelled(book, 'Claim', 'Total').getCell(3))).toBe('9999999999999.99');
  });
});
