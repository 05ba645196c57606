/**
 * What a report says of its own scope and caveats: the months `--to` leaves out of the year to date, the month the
 * run rate passes the cap, rows in error whose amount cannot be read (never £0.00 of money), and `-o` files whose
 * extension no format writes. Figures are the sample's independent ones (fixtures/sample/expected.json).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as { files: string[]; inputTotal: string };
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-report-scope-'));

/** The lines of a table that come after its header line, up to a blank line. */
function tableAfter(text: string, headerStart: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(headerStart));
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('reconcile --to', () => {
  const table = runCli(['reconcile', ...expected.files, '--to', '2022-09']).stdout;

  it('lists the year to date in the month table, and the later periods apart, outside it', () => {
    const months = tableAfter(table, 'Period  Month');
    expect(months.map((l) => l.split(/\s+/)[0])).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'Year', 'After']);
    expect(months[6]).toMatch(/^Year\s+to 2022-09 .* £1,391,542\.52$/);
    expect(months[7]).toBe('After 2022-09: outside the year to date, and in none of the figures below.');
    const after = tableAfter(table.slice(table.indexOf('After 2022-09')), 'Period  Month');
    expect(after.map((l) => l.split(/\s+/)[0])).toEqual(['P07', 'P08', 'P09', 'P10', 'P11', 'P12', 'P13']);
  });

  it('says what of the included money lies in the report\'s months and what outside, over every input row', () => {
    const json = JSON.parse(runCli(['reconcile', ...expected.files, '--to', '2022-09', '--format', 'json']).stdout) as {
      scope: { inReport: { rows: number; amount: string }; outside: { rows: number; amount: string } };
      rows: { included: number };
      controlTotals: { included: string };
    };
    // 2022/23 P01–P06 (the Q2 claim's cumulative actual) and the rest of the sample's £5,700,119.28.
    expect(json.scope).toEqual({ inReport: { rows: 224, amount: '1391542.52' }, outside: { rows: 618, amount: '4308576.76' } });
    expect(json.scope.inReport.rows + json.scope.outside.rows).toBe(json.rows.included);
    expect(json.controlTotals.included).toBe('5700119.28');
    expect(table).toContain("The report's months (2022/23 up to 2022-09) hold £1,391,542.52 of the included money (224 rows); the other £4,308,576.76 (618 rows) lies in months or years outside them.");
  });
});

describe('a projection over the cap', () => {
  it.each(['table', 'md', 'html', 'csv', 'json'])('is said in %s, with the month the run rate passes the cap', (format) => {
    // 2023/24 to June: £754,622.28 in three months, a run rate that passes £2,893,452.00 in March 2024 (12 × 754,622.28 / 3 > cap only at k = 12).
    const run = runCli(['reconcile', ...expected.files, '--to', '2023-06', '--format', format]);
    expect(run.code).toBe(0);
    if (format === 'json') expect((JSON.parse(run.stdout) as { years: { projectionPassesCapIn: string | null }[] }).years[0]?.projectionPassesCapIn).toBe('2024-03');
    else if (format === 'csv') expect(run.stdout).toContain('year,2023/24,,2023-06,,projectionPassesCapIn,,,2024-03');
    else expect(run.stdout).toContain('At the run rate the year passes its cap in 2024-03: projected outturn £3,018,489.12 against the cap of £2,893,452.00.');
  });

  it('is not said of a year whose run rate stays within the cap', () => {
    expect(runCli(['reconcile', ...expected.files, '--to', '2023-09']).stdout).not.toContain('At the run rate');
  });
});

describe('rows in error whose amount cannot be read', () => {
  const file = join(dir, 'unreadable.csv');
  writeFileSync(
    file,
    [
      'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount',
      '1,1,01/05/2022,SMH001,511000,515.9000000000001',
      '2,1,01/05/2022,SMH001,511000,see note',
      '3,1,31/02/2022,SMH001,511000,10.00',
      '4,1,01/05/2022,SMH001,511000,20.00',
      '',
    ].join('\n'),
  );

  it('are counted apart, with no amount, never as £0.00 of money', () => {
    const run = runCli(['validate', file]);
    expect(run.code).toBe(1);
    const outcomes = tableAfter(run.stdout, 'Outcome');
    expect(outcomes).toEqual([
      'Included                        1     £20.00',
      'In error                        1     £10.00',
      'In error, amount unreadable     2  no amount',
      'Input total                     4     £30.00',
      'Control totals agree: input £30.00 = included £20.00 + excluded £0.00 + in error £10.00; 2 more rows in error hold no amount that could be read, so their money is in none of these figures.',
    ]);
  });

  it('are counted in the JSON and CSV, per input and in all', () => {
    const json = JSON.parse(runCli(['validate', file, '--format', 'json']).stdout) as { controlTotals: { errors: string; errorsAmountUnreadable: number }; inputs: { errors: unknown }[] };
    expect(json.controlTotals).toMatchObject({ errors: '10.00', errorsAmountUnreadable: 2 });
    expect(json.inputs[0]?.errors).toEqual({ rows: 3, amount: '10.00', amountUnreadable: 2 });
    expect(runCli(['validate', file, '--format', 'csv']).stdout).toContain('control,,,,,errorsAmountUnreadable,2,,rows in error whose amount could not be read: no money');
  });
});

describe('-o with an extension no format writes', () => {
  it.each([
    ['claim.pdf', ['claim', ...expected.files.slice(0, 1), '--year', '2022/23', '--quarter', 'Q1'], '.txt (table), .json (json), .csv (csv), .md (md), .html (html), .htm (html), .xlsx (xlsx)'],
    ['claim.xls', ['claim', ...expected.files.slice(0, 1), '--year', '2022/23', '--quarter', 'Q1'], '.txt (table), .json (json), .csv (csv), .md (md), .html (html), .htm (html), .xlsx (xlsx)'],
    ['check.log', ['check', ...expected.files.slice(0, 1)], '.txt (table), .json (json), .csv (csv), .md (md), .html (html), .htm (html), .xml (junit), .sarif (sarif)'],
  ])('-o %s is a usage error listing the formats, and nothing is written', (name, args, known) => {
    const out = join(dir, name);
    const run = runCli([...args, '-o', out]);
    const extension = name.slice(name.lastIndexOf('.'));
    expect(run).toEqual({ code: 2, stdout: '', stderr: `grant-recon: error[usage]: -o ${out}: no format of this command is written as ${extension}\n  hint: name the file with one of ${known}, or give --format\n` });
    expect(existsSync(out)).toBe(false);
  });

  it('is written when --format says what to write', () => {
    const out = join(dir, 'claim-table.pdf');
    const run = runCli(['claim', ...expected.files.slice(0, 1), '--year', '2022/23', '--quarter', 'Q1', '--format', 'table', '-o', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^Grant claim: PCD 1215/);
  });
});

describe('the cost centres a report counted', () => {
  it('are listed per year with their money, adding up to the year to date, and each claim lists its own', () => {
    const json = JSON.parse(runCli(['reconcile', ...expected.files, '--format', 'json']).stdout) as { years: { year: string; ytdActual: string; costCentres: { costCentre: string; rows: number; amount: string }[] }[] };
    const pence = (s: string) => BigInt(s.replace('.', ''));
    for (const y of json.years) expect(y.costCentres.reduce((s, c) => s + pence(c.amount), 0n)).toBe(pence(y.ytdActual));
    expect(json.years[0]?.costCentres.map((c) => [c.costCentre, c.amount])).toEqual([
      ['SMH001', '1571200.20'],
      ['SMH002', '1117288.65'],
    ]);
    const claim = JSON.parse(runCli(['claim', ...expected.files, '--year', '2022/23', '--final', '--format', 'json']).stdout) as { totals: { cumulativeActual: string }; costCentres: { amount: string }[] };
    expect(claim.costCentres.reduce((s, c) => s + pence(c.amount), 0n)).toBe(pence(claim.totals.cumulativeActual));
  });

  it('an export of another unit\'s cost centre is listed, and check warns that every cost centre counts unless they are named', () => {
    const other = join(dir, 'cyber.csv');
    writeFileSync(other, 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\n7000000001,1,12/05/2022,CYB001,531000,999.99\n');
    const table = runCli(['reconcile', other, '--year', '2022/23']).stdout;
    expect(table).toMatch(/^CYB001\s+1\s+£999\.99$/m);
    const check = runCli(['check', other, '--format', 'json']);
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout) as { findings: { code: string; severity: string; message: string }[] }).findings).toEqual([
      expect.objectContaining({ code: 'every-cost-centre', severity: 'warning', message: "no grant cost centres are configured, so the rows of every cost centre count as the grant's: CYB001 £999.99 included" }),
    ]);
    expect(runCli(['check', other, '--fail-on', 'cost-centres']).code).toBe(1);
    const named = runCli(['reconcile', other, '--config', 'fixtures/sample/grant.config.json', '--format', 'json']);
    expect((JSON.parse(named.stdout) as { exclusions: unknown[] }).exclusions).toEqual([{ reason: 'not-grant-cost-centre', rows: 1, amount: '999.99' }]);
  });
});

describe('amounts that are a spreadsheet\'s float noise', () => {
  const file = join(dir, 'float-noise.csv');
  writeFileSync(
    file,
    [
      'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount',
      '1,1,01/05/2022,SMH001,511000,515.9000000000001',
      '2,1,01/05/2022,SMH001,511000,1234.5599999999999',
      '3,1,01/05/2022,SMH001,511000,12.345',
      '',
    ].join('\n'),
  );
  const config = join(dir, 'float-noise.config.json');
  writeFileSync(config, JSON.stringify({ profiles: [{ name: 'spreadsheet ledger', kind: 'gl', columns: {}, floatNoise: 'round' }] }));

  it('are errors by default', () => {
    const json = JSON.parse(runCli(['validate', file, '--format', 'json']).stdout) as { errors: { line: number; code: string }[] };
    expect(json.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'bad-amount'],
      [3, 'bad-amount'],
      [4, 'bad-amount'],
    ]);
  });

  it('are read to the penny, each listed as a warning, where a layout says so; three real decimals stay an error', () => {
    const run = runCli(['validate', file, '--config', config, '--format', 'json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { errors: { line: number; code: string }[]; controlTotals: { included: string }; warnings: { count: number; listed: { line: number; code: string; message: string }[] } };
    expect(json.errors.map((e) => [e.line, e.code])).toEqual([[4, 'bad-amount']]);
    expect(json.controlTotals.included).toBe('1750.46');
    expect(json.warnings.count).toBe(2);
    expect(json.warnings.listed.map((w) => [w.line, w.code, w.message])).toEqual([
      [2, 'amount-rounded', 'Net Amount "515.9000000000001" is a spreadsheet\'s float noise on 515.90: read as 515.90'],
      [3, 'amount-rounded', 'Net Amount "1234.5599999999999" is a spreadsheet\'s float noise on 1234.56: read as 1234.56'],
    ]);
    expect(run.stderr).toContain('grant-recon: 2 rows read with a warning (amounts rounded from float noise), listed in the report\n');
  });
});
