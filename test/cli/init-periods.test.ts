/**
 * `grant-recon init` counts a GL sample's rows by year with the rule every report uses (fiscal.ts,
 * resolveFiscalPeriod): with a Period column, a row is in the year its period puts it in, so a P13 posted in April
 * is its year-end's, as reconcile puts it; without one, the posting date decides, as before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const HEADER = 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Account Name,Net Amount';
// By hand: D1 (P13 posted 15/04/2023) and D2 (P12 posted 02/04/2023) are 2022/23's; D3 (P01 posted 28/03/2023), D4
// (no period, posted in May) and D5 (P02) are 2023/24's; D6's period cannot be read (a row error to every report).
// By posting date alone it would have been 2022/23 (1 row: D3) and 2023/24 (4 rows: D1, D2, D4, D5).
const ROWS = [
  'D1,1,15/04/2023,P13,SMH001,511000,Police Staff Pay,100.00',
  'D2,1,02/04/2023,P12,SMH001,511000,Police Staff Pay,200.00',
  'D3,1,28/03/2023,P01,SMH001,511000,Police Staff Pay,300.00',
  'D4,1,10/05/2023,,SMH001,511000,Police Staff Pay,400.00',
  'D5,1,10/05/2023,2,SMH001,511000,Police Staff Pay,500.00',
  'D6,1,15/04/2023,P99,SMH001,511000,Police Staff Pay,600.00',
];

describe('init counts years as the reports do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-periods-'));
  const sample = join(dir, 'gl-with-periods.csv');
  writeFileSync(sample, `${[HEADER, ...ROWS].join('\n')}\n`);

  it('with a Period column, by the year each period puts its row in, and says so', () => {
    const run = runCli(['init', sample, '-o', join(dir, 'starter.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('  rows read: 5 rows (and 1 row left out: a total line, or no readable date, period or amount)\n');
    expect(run.stderr).toContain(
      "  years (each row in the year its Period puts it in, as every report counts it: a P13 posted in April is its year-end's): 2022/23 (2 rows), 2023/24 (3 rows); give each its cap, and remove a year that is not the grant's\n",
    );
  });

  it('the same years as rows gives each row of the sample', () => {
    const run = runCli(['rows', sample, '--format', 'json']);
    const report = JSON.parse(run.stdout) as { rows: { year: string | null; outcome: string }[] };
    const byYear = new Map<string, number>();
    for (const row of report.rows) if (row.year !== null) byYear.set(row.year, (byYear.get(row.year) ?? 0) + 1);
    expect(Object.fromEntries(byYear)).toEqual({ '2022/23': 2, '2023/24': 3 });
    expect(report.rows.filter((r) => r.outcome === 'error')).toHaveLength(1);
  });

  it('without a Period column, by posting date, in the words it always used', () => {
    const plain = join(dir, 'gl-without-periods.csv');
    writeFileSync(plain, `${HEADER.replace(',Period', '')}\n${ROWS.slice(0, 5).map((r) => r.replace(/,(P\d+|\d*),SMH/, ',SMH')).join('\n')}\n`);
    const run = runCli(['init', plain, '-o', join(dir, 'plain.json')]);
    expect(run.stderr).toContain("  years: 2022/23 (1 row), 2023/24 (4 rows); give each its cap, and remove a year that is not the grant's\n");
  });
});
