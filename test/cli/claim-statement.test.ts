/**
 * The printable claim statement (claim --format html) is what the funder reads: it holds the claim and its
 * evidence, never a command to run next; the analyst's formats keep those hints. Each measure says what it covers.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

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
});
