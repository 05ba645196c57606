import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import type ExcelJS from 'exceljs';
import { money, readWorkbook, rowsLabelled } from '../support/workbook.js';

const files = (JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as { files: string[] }).files;

describe('budget lines in reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-budget-'));
  const config = join(dir, 'budgets.json');
  writeFileSync(
    config,
    JSON.stringify({
      budgets: [
        { year: '2022/23', category: 'staff', budget: '1300000.00' },
        { year: '2022/23', category: 'officers', budget: '800000.00' },
      ],
      virementTolerance: '10%',
    }),
  );

  it('reconcile shows budget, actual and variance, and flags the line overspent beyond the tolerance', () => {
    // Sample 2022/23 actuals (fixtures/sample/expected.json): staff 1,369,966.21, officers 934,000.35.
    const run = runCli(['reconcile', ...files, '--year', '2022/23', '--config', config, '--format', 'json']);
    const year = (JSON.parse(run.stdout) as { years: { categories: { category: string; budget: unknown }[] }[] }).years[0];
    expect(year?.categories.slice(0, 3).map((c) => [c.category, c.budget])).toEqual([
      ['staff', { budget: '1300000.00', variance: '69966.21', variancePercent: '5.4', overTolerance: false }],
      ['officers', { budget: '800000.00', variance: '134000.35', variancePercent: '16.8', overTolerance: true }],
      ['software', null],
    ]);
    const table = runCli(['reconcile', ...files, '--year', '2022/23', '--config', config]).stdout;
    expect(table).toMatch(/Officers\s+£800,000\.00\s+£934,000\.35\s+£134,000\.35\s+16\.8%\s+overspent beyond the virement tolerance/);
    expect(table).toMatch(/Staff\s+£1,300,000\.00\s+£1,369,966\.21\s+£69,966\.21\s+5\.4%\n/);
  });

  it('the claim compares the cumulative actual with the budget', () => {
    const run = runCli(['claim', ...files, '--year', '2022/23', '--quarter', 'Q2', '--config', config, '--format', 'json']);
    const claim = JSON.parse(run.stdout) as { categories: { category: string; budget: { variance: string } | null }[] };
    // Q2 cumulative staff actual 686,694.46 against 1,300,000.00.
    expect(claim.categories[0]?.budget?.variance).toBe('-613305.54');
  });

  it('a budget written as a JSON number is read exactly, as its string would be', () => {
    const numbers = join(dir, 'numbers.json');
    writeFileSync(numbers, '{ "budgets": [ { "year": "2022/23", "category": "officers", "budget": 800000.5 } ] }');
    const run = runCli(['reconcile', ...files, '--year', '2022/23', '--config', numbers, '--format', 'json']);
    const year = (JSON.parse(run.stdout) as { years: { categories: { category: string; budget: unknown }[] }[] }).years[0];
    expect(year?.categories[1]?.budget).toEqual({ budget: '800000.50', variance: '133999.85', variancePercent: '16.7', overTolerance: true });
    writeFileSync(numbers, '{ "budgets": [ { "year": "2022/23", "category": "officers", "budget": 8e5 } ] }');
    const refused = runCli(['reconcile', files[0] as string, '--config', numbers]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[config]: $.budgets[0].budget: 8e5 is written with an exponent: write the amount in pounds and pence, e.g. 120000.50 or "120000.50"\n');
  });

  it('a budget line that nothing feeds is a warning on stderr and in the report, not a silent -100.0%', async () => {
    const unfed = join(dir, 'unfed.json');
    writeFileSync(
      unfed,
      JSON.stringify({
        chart: [{ name: 'software', prefix: '53', category: 'software' }],
        budgets: [
          { year: '2022/23', category: 'software', budget: '150000.00' },
          { year: '2022/23', category: 'training', budget: '40000.00' },
        ],
      }),
    );
    const run = runCli(['reconcile', ...files, '--year', '2022/23', '--config', unfed, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `${unfed}: warning[config]: $.budgets[1]: budget for 2022/23 training: no chart rule or staff type feeds it, so its actual is always 0.00\n` +
        '  hint: add a chart rule whose category is "training", or remove the budget\n',
    );
    const year = (JSON.parse(run.stdout) as { years: { categories: { category: string; budget: unknown }[] }[] }).years[0];
    expect(year?.categories[4]).toMatchObject({ category: 'training', budget: { budget: '40000.00', variance: '-40000.00', variancePercent: '-100.0', overTolerance: false, warning: 'no chart rule or staff type feeds training, so its actual is always 0.00' } });
    expect(year?.categories[2]?.budget).toEqual({ budget: '150000.00', variance: '49023.08', variancePercent: '32.7', overTolerance: true });
    const table = runCli(['reconcile', ...files, '--year', '2022/23', '--config', unfed]).stdout;
    expect(table).toMatch(/Training\s+£40,000\.00\s+£0\.00\s+-£40,000\.00\s+-100\.0%\s+no chart rule or staff type feeds training, so its actual is always 0\.00\n/);
    const csv = runCli(['claim', ...files, '--year', '2022/23', '--quarter', 'Q4', '--config', unfed, '--format', 'csv']).stdout;
    // The detail begins with a minus, so the CSV writer keeps a spreadsheet from reading it as a formula.
    expect(csv).toContain('budget,2022/23,Q4,,training,variance,,-40000.00,"\'-100.0% no chart rule or staff type feeds training, so its actual is always 0.00"\r\n');
    // Both workbooks say it on the line, where the table says it.
    for (const [command, sheet, period] of [['claim', 'Claim', ['--quarter', 'Q4']], ['reconcile', '2022-23', []]] as const) {
      const out = join(dir, `unfed-${command}.xlsx`);
      expect(runCli([command, ...files, '--year', '2022/23', ...period, '--config', unfed, '-o', out]).code).toBe(0);
      // The last Training line of the sheet is its budget line (the claim sheet lists the category above it too).
      const line = rowsLabelled(await readWorkbook(out), sheet, 'Training').at(-1) as ExcelJS.Row;
      expect([money(line.getCell(2)), money(line.getCell(3)), money(line.getCell(4)), line.getCell(5).value, line.getCell(6).value]).toEqual([
        '40000.00',
        '0.00',
        '-40000.00',
        '-100.0%',
        'no chart rule or staff type feeds training, so its actual is always 0.00',
      ]);
    }
  });

  it('a bad tolerance or budget is a path-by-path configuration error', () => {
    writeFileSync(config, JSON.stringify({ budgets: [{ year: '2022/23', category: 'staf', budget: '1' }], virementTolerance: '10' }));
    const run = runCli(['reconcile', files[0] as string, '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('$.budgets[0].category');
    expect(run.stderr).toContain('$.budgets[0].budget: must be pounds and pence');
    expect(run.stderr).toContain('$.virementTolerance: must be a percentage, e.g. "10%"');
  });
});

describe('grant-recon.config.json in the working folder', () => {
  it('is read when --config is not given, and --config wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-cwd-'));
    writeFileSync(join(dir, 'grant-recon.config.json'), JSON.stringify({ years: [{ year: '2024/25', cap: '2755000.00' }] }));
    const shown = JSON.parse(runCli(['config', 'show'], {}, dir).stdout) as { years: unknown };
    expect(shown.years).toEqual([{ year: '2024/25', cap: '2755000.00' }]);
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ years: [{ year: '2022/23', cap: '1.00' }] }));
    const other = JSON.parse(runCli(['config', 'show', '--config', 'other.json'], {}, dir).stdout) as { years: unknown };
    expect(other.years).toEqual([{ year: '2022/23', cap: '1.00' }]);
  });
});
