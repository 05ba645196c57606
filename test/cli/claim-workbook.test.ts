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
import { POUNDS_FORMAT } from '../../src/render/xlsx.js';
import { ROOT, runCli } from '../support/run-cli.js';

interface ClaimJson {
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
}

interface Expected {
  files: string[];
  claims: Record<string, Record<string, { categories: { category: string; periodActual: string; cumulativeActual: string }[]; totals: Record<string, string> }>>;
}

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as Expected;
const TITLES: Record<string, string> = { staff: 'Staff', officers: 'Officers', software: 'Software', equipment: 'Equipment', training: 'Training', comms: 'Comms' };
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-workbook-'));
const claimArgs = ['claim', ...expected.files, '--year', '2023/24', '--quarter', 'Q4'];

/** Pence of a two-decimal string, exactly. */
const pence = (amount: string): bigint => BigInt(amount.replace('.', ''));
const decimal = (p: bigint): string => {
  const abs = p < 0n ? -p : p;
  return `${p < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

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
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.numFmt === POUNDS_FORMAT) unchecked.set(`${sheet.name}!${cell.address}`, cell);
        }),
      ),
    );
  });

  /** The numeric cell in column `column` of the row whose first cell is `label`; checks it equals `amount`. */
  function expectAmount(sheetName: string, label: string, column: number, amount: string): void {
    const sheet = workbook.getWorksheet(sheetName);
    let found: ExcelJS.Cell | undefined;
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === label) found = row.getCell(column);
    });
    expect(found, `${sheetName}: a row "${label}"`).toBeDefined();
    const cell = found as ExcelJS.Cell;
    expect(cell.type, `${sheetName} ${cell.address} is a number`).toBe(ExcelJS.ValueType.Number);
    expect(cell.numFmt).toBe(POUNDS_FORMAT);
    expect((cell.value as number).toFixed(2), `${sheetName} ${cell.address}`).toBe(amount);
    expect(cell.value).toBe(Number(amount));
    unchecked.delete(`${sheetName}!${cell.address}`);
  }

  it('has the claim sheet, a sheet per category and the inputs sheet', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Claim', 'Staff', 'Officers', 'Software', 'Equipment', 'Training', 'Comms', 'Inputs']);
  });

  it('claim sheet: the totals and the cap equal the JSON claim and the oracle', () => {
    const oracle = expected.claims['2023/24']?.Q4;
    expect(oracle).toBeDefined();
    const t = json.totals;
    expectAmount('Claim', 'Cap for the year', 2, json.cap);
    expectAmount('Claim', 'Cumulative actual', 2, t.cumulativeActual as string);
    expectAmount('Claim', 'Cumulative claimable', 2, t.cumulativeClaimable as string);
    expectAmount('Claim', 'Previously claimed', 2, t.previouslyClaimed as string);
    expectAmount('Claim', 'Prior-period adjustment (included in the claim due)', 2, t.priorPeriodAdjustment as string);
    expectAmount('Claim', 'Claim due from Home Office', 2, t.claimDue as string);
    expectAmount('Claim', 'Headroom', 2, t.headroom as string);
    expectAmount('Claim', 'Over cap (not claimable)', 2, t.overCap as string);
    for (const key of ['cumulativeActual', 'cumulativeClaimable', 'previouslyClaimed', 'claimDue', 'headroom', 'overCap']) expect(t[key]).toBe(oracle?.totals[key]);
    // Hand-checked: the sample's 2023/24 passes the cap in March 2024 (the README's worked example).
    expect(t.cumulativeActual).toBe('3011630.43');
    expect(t.overCap).toBe('118178.43');
  });

  it('claim sheet: each category and the total, period and cumulative', () => {
    for (const c of json.categories) {
      expectAmount('Claim', TITLES[c.category] as string, 2, c.periodActual);
      expectAmount('Claim', TITLES[c.category] as string, 3, c.cumulativeActual);
      const oracle = expected.claims['2023/24']?.Q4?.categories.find((o) => o.category === c.category);
      expect([c.periodActual, c.cumulativeActual]).toEqual([oracle?.periodActual, oracle?.cumulativeActual]);
    }
    expectAmount('Claim', 'Total', 2, json.totals.periodActual as string);
    expectAmount('Claim', 'Total', 3, json.totals.cumulativeActual as string);
  });

  it('category sheets: every month, its running total, the claim period and the year to date', () => {
    expect(json.periods.map((p) => p.period)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12', 'P13']);
    for (const c of json.categories) {
      const title = TITLES[c.category] as string;
      let running = 0n;
      for (const p of json.periods) {
        const amount = p.categories[c.category] as string;
        running += pence(amount);
        expectAmount(title, p.period, 3, amount);
        expectAmount(title, p.period, 4, decimal(running));
      }
      expect(decimal(running)).toBe(c.cumulativeActual);
      expectAmount(title, 'Claim period', 3, c.periodActual);
      expectAmount(title, 'Year to date', 3, c.cumulativeActual);
    }
  });

  it('inputs sheet: every file with its figures and SHA-256, then where every row went', () => {
    const sheet = workbook.getWorksheet('Inputs');
    for (const input of json.inputs) {
      let row: ExcelJS.Row | undefined;
      sheet?.eachRow((r) => {
        if (r.getCell(1).value === input.file) row = r;
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
    expectAmount('Inputs', 'Input total', 3, json.controlTotals.input);
  });

  it('every amount in the workbook was checked above, and none is written as text', () => {
    expect([...unchecked.keys()]).toEqual([]);
    const textAmounts: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && /^-?£?[\d,]+\.\d\d$/.test(cell.value)) textAmounts.push(`${sheet.name}!${cell.address}`);
        }),
      ),
    );
    expect(textAmounts).toEqual([]);
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
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
  });

  /** The cells of the first row of `sheet` whose first cell is `label`, numbers as two-decimal strings. */
  function row(sheet: string, label: string): (string | null)[] {
    let found: (string | null)[] | undefined;
    workbook.getWorksheet(sheet)?.eachRow((r) => {
      if (found || r.getCell(1).value !== label) return;
      found = [];
      for (let i = 2; i <= 6; i++) {
        const cell = r.getCell(i);
        found.push(typeof cell.value === 'number' ? (cell.numFmt === POUNDS_FORMAT ? cell.value.toFixed(2) : `unformatted ${cell.value}`) : cell.value === null ? null : cell.text);
      }
    });
    expect(found, `${sheet}: a row "${label}"`).toBeDefined();
    return found ?? [];
  }

  it('shows the earlier claim, the restatement and the adjustment as numbers', () => {
    expect(row('Claim', 'Previously claimed')[0]).toBe('725281.12');
    expect(row('Claim', 'Prior-period adjustment (included in the claim due)')[0]).toBe('-12345.67');
    // 1,379,196.85 claimable − 725,281.12 claimed in Q1.
    expect(row('Claim', 'Claim due from Home Office')[0]).toBe('653915.73');
    expect(row('Claim', 'Q1').slice(0, 3)).toEqual(['725281.12', '2022-04-01', '2022-06-30']);
    // Staff: Q2's own months are untouched (the credit is May's, in Q1); the cumulative is 686,694.46 less the
    // credit; the variance is that against the 1,300,000.00 budget.
    expect(row('Claim', 'Staff').slice(0, 4)).toEqual(['342360.69', '674348.79', '1300000.00', '-625651.21']);
  });

  it('shows budget and variance beside the actuals', () => {
    // Officers: Q2 cumulative 466,902.91 against 800,000.00.
    expect(row('Claim', 'Officers').slice(1, 4)).toEqual(['466902.91', '800000.00', '-333097.09']);
    expect(row('Claim', 'Software').slice(2, 4)).toEqual([null, null]);
  });

  it('lists the restated category with what was claimed and what the ledger says now', () => {
    let restated: (string | null)[] | undefined;
    workbook.getWorksheet('Claim')?.eachRow((r) => {
      if (r.getCell(1).value === 'Restated since the latest earlier claim') restated = [];
      else if (restated && restated.length === 0 && r.getCell(1).value === 'Staff') restated = [2, 3, 4].map((i) => (r.getCell(i).value as number).toFixed(2));
    });
    expect(restated).toEqual(['344333.77', '331988.10', '-12345.67']);
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

  it('is written by claim only', () => {
    const run = runCli(['reconcile', expected.files[0] as string, '-o', join(dir, 'reconcile.xlsx')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error[usage]: the xlsx format is written by claim only');
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
      stderr: `grant-recon: error[usage]: cannot write the claim as a workbook: the Amount of "Cumulative actual" on the Claim sheet is ${amount}, more than the 15 significant digits a workbook cell holds and shows to the penny; nothing was written\n  hint: write this claim as json, csv, md or html (--format or the -o extension), which carry every amount exactly\n`,
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
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    let cumulative: ExcelJS.CellValue;
    book.getWorksheet('Claim')?.eachRow((row) => {
      if (row.getCell(1).value === 'Cumulative actual') cumulative = row.getCell(2).value;
    });
    expect((cumulative as number).toFixed(2)).toBe('9999999999999.99');
  });
});
