/**
 * `reconcile -o FILE.xlsx` (or `--format xlsx`): the reconciliation workbook read back with the library. Every
 * figure is checked against the JSON reconciliation of the same run, and the totals against sums worked here
 * from the months (and, for 2023/24, the README's hand-checked figure).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATE_TIME_FORMAT } from '../../src/render/workbook-cells.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { amountsAsText, count, decimal, money, pence, readWorkbook, rowLabelled, rowsLabelled } from '../support/workbook.js';

interface YearJson {
  year: string;
  cap: string;
  to: string | null;
  ytdActual: string;
  headroom: string;
  overCap: string;
  projectedOutturn: string;
  monthsElapsed: number;
  capPassedIn: string | null;
  projectionPassesCapIn: string | null;
  categories: { category: string; ytdActual: string }[];
  periods: { period: string; month: string; total: string; categories: Record<string, string> }[];
}

interface ReconciliationJson {
  generatedAt: string;
  years: YearJson[];
  rows: { included: number; excluded: number; errors: number };
  exclusions: { reason: string; rows: number; amount: string }[];
  controlTotals: { input: string; included: string; excluded: string; errors: string };
}

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as { files: string[] };
const CATEGORIES = ['staff', 'officers', 'software', 'equipment', 'training', 'comms'];
const COLUMNS = ['C', 'D', 'E', 'F', 'G', 'H'];
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-recon-workbook-'));

/** The reconciliation of `args` as a workbook and as JSON. */
async function reconcileBoth(args: string[], name: string): Promise<{ workbook: ExcelJS.Workbook; json: ReconciliationJson }> {
  const out = join(dir, name);
  const run = runCli(['reconcile', ...args, '-o', out]);
  expect(run.code, run.stderr).toBe(0);
  const json = JSON.parse(runCli(['reconcile', ...args, '--format', 'json']).stdout) as ReconciliationJson;
  return { workbook: await readWorkbook(out), json };
}

/** Checks a year's month table: each month, each month's total and the Year line, as the JSON gives them. */
function expectMonthTable(workbook: ExcelJS.Workbook, y: YearJson, inYear: YearJson['periods']): void {
  const sheet = y.year.replace('/', '-');
  for (const p of inYear) {
    const row = rowLabelled(workbook, sheet, p.period);
    expect(row.getCell(2).value).toBe(p.month);
    CATEGORIES.forEach((c, i) => expect(money(row.getCell(i + 3)), `${sheet} ${p.period} ${c}`).toBe(p.categories[c]));
    // Worked here: the six categories add up to the month's total.
    expect(decimal(CATEGORIES.reduce((s, c) => s + pence(p.categories[c] as string), 0n))).toBe(p.total);
    expect(money(row.getCell(9))).toBe(`=SUM(C${row.number}:H${row.number}) → ${p.total}`);
  }
  const first = rowLabelled(workbook, sheet, inYear[0]?.period as string).number;
  const last = rowLabelled(workbook, sheet, inYear[inYear.length - 1]?.period as string).number;
  expect(last - first).toBe(inYear.length - 1);
  const year = rowLabelled(workbook, sheet, 'Year');
  expect(year.number).toBe(last + 1);
  expect(year.getCell(2).value).toBe(y.to ? `to ${y.to}` : 'all');
  CATEGORIES.forEach((c, i) => {
    const ytd = y.categories.find((k) => k.category === c)?.ytdActual as string;
    expect(decimal(inYear.reduce((s, p) => s + pence(p.categories[c] as string), 0n))).toBe(ytd);
    expect(money(year.getCell(i + 3))).toBe(`=SUM(${COLUMNS[i]}${first}:${COLUMNS[i]}${last}) → ${ytd}`);
  });
  expect(decimal(inYear.reduce((s, p) => s + pence(p.total), 0n))).toBe(y.ytdActual);
  expect(money(year.getCell(9))).toBe(`=SUM(I${first}:I${last}) → ${y.ytdActual}`);
}

/** Checks a year's measures: the numbers of the JSON, not formulas. */
function expectMeasures(workbook: ExcelJS.Workbook, y: YearJson): void {
  const sheet = y.year.replace('/', '-');
  const amount = (label: string): string => money(rowLabelled(workbook, sheet, label).getCell(2));
  expect(amount(y.to ? `Year to date (P01 to ${y.to})` : 'Year to date')).toBe(y.ytdActual);
  expect(amount('Cap')).toBe(y.cap);
  expect(amount('Headroom')).toBe(y.headroom);
  expect(amount('Over cap')).toBe(y.overCap);
  expect(amount(`Projected outturn (run rate over ${y.monthsElapsed} months)`)).toBe(y.projectedOutturn);
}

describe('reconcile -o recon.xlsx: every year of the sample', () => {
  let workbook: ExcelJS.Workbook;
  let json: ReconciliationJson;

  beforeAll(async () => {
    ({ workbook, json } = await reconcileBoth(expected.files, 'recon.xlsx'));
  });

  it('has the summary, a sheet per year and the inputs sheet', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', '2022-23', '2023-24', 'Inputs']);
    expect(json.years.map((y) => y.year)).toEqual(['2022/23', '2023/24']);
    expect(workbook.getWorksheet('2022-23')?.getCell('A1').value).toBe('Financial year 2022/23: month by category, P01–P13');
  });

  it('each year: P01–P12 and P13 as lines of their own, each month total and the Year line as SUMs of the exact figures', () => {
    for (const y of json.years) {
      expect(y.periods.map((p) => p.period)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12', 'P13']);
      // P13 is March's: the table shows it with March's month, as the table format does.
      expect(y.periods[12]?.month).toBe(y.periods[11]?.month);
      expectMonthTable(workbook, y, y.periods);
      expectMeasures(workbook, y);
    }
    // Hand-checked: the sample's 2023/24 passes the cap (the README's worked example).
    expect(json.years[1]?.ytdActual).toBe('3011630.43');
    expect(json.years[1]?.overCap).toBe('118178.43');
  });

  it('summary: the generation time as a date cell, and each year with its measures', () => {
    const generated = rowLabelled(workbook, 'Summary', 'Generated').getCell(2);
    expect(generated.value).toEqual(new Date(json.generatedAt));
    expect(generated.numFmt).toBe(DATE_TIME_FORMAT);
    for (const y of json.years) {
      const row = rowLabelled(workbook, 'Summary', y.year);
      expect([3, 4, 5, 6, 7].map((i) => money(row.getCell(i)))).toEqual([y.cap, y.ytdActual, y.headroom, y.overCap, y.projectedOutturn]);
      expect([row.getCell(8).value, row.getCell(9).value]).toEqual([y.capPassedIn, y.projectionPassesCapIn]);
    }
    // The sample's 2023/24 passes its cap in March 2024 (the README's worked example).
    expect(rowLabelled(workbook, 'Summary', '2023/24').getCell(8).value).toBe('2024-03');
  });

  it('inputs: where every row went, the input total the SUM of the outcomes above', () => {
    const included = rowLabelled(workbook, 'Inputs', 'Included');
    expect(money(included.getCell(3))).toBe(json.controlTotals.included);
    expect(included.getCell(2).value).toBe(json.rows.included);
    for (const e of json.exclusions) {
      const row = rowLabelled(workbook, 'Inputs', `Excluded: ${e.reason}`);
      expect([row.getCell(2).value, money(row.getCell(3))]).toEqual([e.rows, e.amount]);
    }
    const inError = rowLabelled(workbook, 'Inputs', 'In error');
    expect(money(inError.getCell(3))).toBe(json.controlTotals.errors);
    const total = rowLabelled(workbook, 'Inputs', 'Input total');
    expect(total.number).toBe(inError.number + 1);
    expect(money(total.getCell(3))).toBe(`=SUM(C${included.number}:C${inError.number}) → ${json.controlTotals.input}`);
    expect(count(total.getCell(2))).toBe(`=SUM(B${included.number}:B${inError.number}) → ${json.rows.included + json.rows.excluded + json.rows.errors}`);
    expect(decimal(pence(json.controlTotals.included) + json.exclusions.reduce((s, e) => s + pence(e.amount), 0n) + pence(json.controlTotals.errors))).toBe(json.controlTotals.input);
  });

  it('writes no amount as text', () => {
    expect(amountsAsText(workbook)).toEqual([]);
  });
});

describe('reconcile --year 2022/23 --to 2022-09 --format xlsx', () => {
  it('sums the year to date P01–P06 only, and shows the later months apart', async () => {
    const { workbook, json } = await reconcileBoth([...expected.files, '--year', '2022/23', '--to', '2022-09', '--format', 'xlsx'], 'to-2022-09.xlsx');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', '2022-23', 'Inputs']);
    const y = json.years[0] as YearJson;
    const inYear = y.periods.filter((p) => p.month <= '2022-09');
    expect(inYear.map((p) => p.period)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06']);
    expectMonthTable(workbook, y, inYear);
    expectMeasures(workbook, y);
    // P07 onwards: in a table of their own, after the Year line, with no total line of their own.
    const p07 = rowLabelled(workbook, '2022-23', 'P07');
    expect(p07.number).toBeGreaterThan(rowLabelled(workbook, '2022-23', 'Year').number);
    expect(rowsLabelled(workbook, '2022-23', 'Year')).toHaveLength(1);
    expect(money(p07.getCell(9))).toBe(`=SUM(C${p07.number}:H${p07.number}) → ${y.periods[6]?.total ?? ''}`);
  });
});

describe('the reconciliation workbook file', () => {
  it('is the same bytes for the same inputs, in any time zone', () => {
    const [first, second] = ['UTC', 'America/New_York'].map((tz, i) => {
      const out = join(dir, `same-${i}.xlsx`);
      expect(runCli(['reconcile', ...expected.files, '-o', out, '--as-of', '2024-04-20T02:30:00Z'], { TZ: tz }).code).toBe(0);
      return readFileSync(out);
    });
    expect(second?.equals(first as Buffer)).toBe(true);
  });

  it('is written by claim and reconcile only', () => {
    const run = runCli(['validate', expected.files[0] as string, '-o', join(dir, 'validate.xlsx')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error[usage]: the xlsx format is written by claim and reconcile only');
  });
});
