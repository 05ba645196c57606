/**
 * The printable claim statement (claim --format html) is what the funder reads: it holds the claim and its
 * evidence, never a command to run next; the analyst's formats keep those hints. Each measure says what it covers.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { readWorkbook } from '../support/workbook.js';

const SAMPLE = Array.from({ length: 12 }, (_, i) => `fixtures/sample/gl/gl-${i < 9 ? 2022 : 2023}-${String(((i + 3) % 12) + 1).padStart(2, '0')}.csv`);
const Q2 = ['claim', ...SAMPLE, 'fixtures/history/late-credit-2022-09.csv', '--year', '2022/23', '--quarter', 'Q2', '--previous', 'fixtures/history/claim-2022-23-Q1-with-rows.json'];

/** The text of a page without its tags. */
const textOf = (html: string): string => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');

describe('the printable claim statement', () => {
  it('holds no command hint, where the table format of the same claim does', () => {
    const table = runCli([...Q2, '--format', 'table']);
    expect(table.stdout).toContain('The rows behind an exclusion: grant-recon rows FILES… --reason outside-grant-years (any reason above).');
    const html = runCli([...Q2, '--format', 'html']);
    expect(html.code).toBe(0);
    expect(textOf(html.stdout)).not.toMatch(/grant-recon (rows|validate)|FILES…|--reason|--outcome|--previous/);
    // The evidence stays: where every row went (gl-2022-04.csv:2, dated 28/03/2022, is the one row of 2021/22),
    // and the row behind the prior-period adjustment.
    expect(html.stdout).toContain('<td>Excluded: outside-grant-years</td><td class="num">1</td><td class="num">£2,145.60</td>');
    expect(html.stdout).toContain('<td class="path">fixtures/history/late-credit-2022-09.csv:2 -£12,345.67 (P02 staff)</td>');
  });

  it('says what period each measure covers, a final claim what it is', () => {
    const html = runCli([...Q2, '--format', 'html']).stdout;
    // Q1 claimed 2022-04-01 to 2022-06-30; Q2 is 2022-07-01 to 2022-09-30; the year to date runs from 2022-04-01.
    expect(html).toContain('<th scope="col" class="num">Q2 actual, 2022-07-01 to 2022-09-30</th><th scope="col" class="num">Year to date, 2022-04-01 to 2022-09-30</th>');
    expect(html).toContain('<tr><td>Previously claimed</td><td>Q1 (2022-04-01 to 2022-06-30)</td><td class="num">£725,281.12</td></tr>');
    expect(html).toContain('<tr><td>Claim due from Home Office</td><td>Q2 (2022-07-01 to 2022-09-30)</td><td class="num tone-good">£653,915.73</td></tr>');
    const final = runCli(['claim', ...SAMPLE, '--year', '2022/23', '--final', '--format', 'md']).stdout;
    expect(final).toContain('A final claim covers the whole of 2022/23: its actual is the year\'s, and its claim due is the year\'s claimable less what the earlier claims claimed.');
    expect(final).toContain('| Previously claimed | no earlier claim | £0.00 |');
  });

  it('lets long paths wrap inside their own column only', () => {
    const html = runCli([...Q2, '--format', 'html']).stdout;
    expect(html).toContain('th, td { border: 1px solid #999; padding: 3px 7px; vertical-align: top; overflow-wrap: break-word; }\ntd.path { overflow-wrap: anywhere; }');
    expect(html).toContain('<td class="path">fixtures/sample/gl/gl-2022-04.csv</td>');
    expect(html).toContain('<td>Staff</td><td>added</td>');
  });

  it('says that the claim due takes in what no earlier claim covered, and that March takes P13–P16', () => {
    // Only Q1 was claimed: the Q3 claim due takes in Q2 as well.
    const q3 = runCli(['claim', ...SAMPLE, '--year', '2022/23', '--quarter', 'Q3', '--previous', 'fixtures/claims/2022-23/claim-2022-23-Q1.json', '--format', 'md']).stdout;
    expect(q3).toContain('| Claim due from Home Office | Q3 (2022-10-01 to 2022-12-31), and 2022-07-01 to 2022-09-30 that no earlier claim covered |');
    // Claims to December (Q1 to Q3 sent): the March claim takes January to March and P13 (244,837.72 + 203,443.08 +
    // 219,254.27 + 7,357.66). The folder of the year as sent holds Q4 too, which runs into March: it is refused there.
    const toDecember = mkdtempSync(join(tmpdir(), 'grant-recon-to-december-'));
    for (const q of ['Q1', 'Q2', 'Q3']) copyFileSync(`fixtures/claims/2022-23/claim-2022-23-${q}.json`, join(toDecember, `claim-2022-23-${q}.json`));
    const march = runCli(['claim', ...SAMPLE, 'fixtures/sample/gl/gl-2023-p13.csv', '--year', '2022/23', '--month', '2023-03', '--previous-dir', toDecember, '--format', 'md']).stdout;
    expect(march).toContain('| Claim due from Home Office | 2023-03 (2023-03-01 to 2023-03-31), and 2023-01-01 to 2023-02-28 that no earlier claim covered | £674,892.73 |');
    expect(march).toContain('| Category | 2023-03 actual, 2023-03-01 to 2023-03-31 with P13–P16 | Year to date, 2022-04-01 to 2023-03-31 with P13–P16 |');
  });

  it('says what its row accounting covers: every row of the inputs, not only the claim\'s', () => {
    const html = runCli(['claim', ...SAMPLE, '--year', '2022/23', '--quarter', 'Q1', '--format', 'html']).stdout;
    expect(html).toContain("<p>Where every row went is over every row of the inputs, of every year and month; the claim&#39;s figures are the included rows of 2022/23, 2022-04-01 to 2022-06-30.</p>");
  });

  it('the claim workbook, filed with the statement, holds no command hint and no note on options either', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'grant-recon-statement-')), 'q2.xlsx');
    // No earlier claims given: the table and Markdown carry a note naming --previous-dir; the workbook does not.
    expect(runCli(['claim', ...SAMPLE, 'fixtures/errors/bad-date.csv', '--year', '2022/23', '--quarter', 'Q2', '-o', out]).code).toBe(1);
    const texts: string[] = [];
    (await readWorkbook(out)).eachSheet((sheet: ExcelJS.Worksheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.text)))));
    expect(texts.filter((t) => /grant-recon (rows|validate)|FILES…|--previous|--reason|--outcome/.test(t))).toEqual([]);
    expect(texts).toContain("Where every row went is over every row of the inputs, of every year and month; the claim's figures are the included rows of 2022/23, 2022-04-01 to 2022-09-30.");
  });

  it("the reconciliation workbook gives the earlier file's generation time as a date cell", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'grant-recon-statement-')), 'against.xlsx');
    runCli(['reconcile', 'fixtures/against/june/gl-2022-06.csv', 'fixtures/against/june/payroll-2022-06.csv', '--year', '2022/23', '--against', 'fixtures/against/reconciliation-2022-05.json', '-o', out]);
    const sheet = (await readWorkbook(out)).getWorksheet('Restated');
    let then: ExcelJS.CellValue = null;
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === 'Generated then') then = row.getCell(2).value;
    });
    expect(then).toBeInstanceOf(Date);
  });
});
