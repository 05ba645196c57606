/**
 * The public spending files of ../shared/corpus/spend, each read through a configuration of its own
 * (fixtures/real). The input total must equal an independent sum of the file's amount column, computed here
 * without grant-recon's readers, and the publisher's own total line where there is one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expectLinesBalance, physicalLines, type LinesJson } from '../support/report-invariants.js';
import { ROOT, runCli } from '../support/run-cli.js';

const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
const files = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/real/corpus-files.json'), 'utf8')) as Record<string, string>;

/** What each file must give: row outcomes, its own total line (null: none), and the error codes seen. */
const EXPECTED: Record<string, { rows: [number, number, number]; ownTotal: string | null; errors: string[] }> = {
  'leeds-2011-09': { rows: [9569, 0, 0], ownTotal: null, errors: [] },
  'leeds-2011-12': { rows: [9953, 1, 0], ownTotal: '78917710.50', errors: [] },
  'leeds-2013-09': { rows: [8630, 1, 0], ownTotal: '88683824.09', errors: [] },
  'lambeth-2012-06': { rows: [3155, 2, 0], ownTotal: '40292334.84', errors: [] },
  // A later script ran dates and amounts together on 639 rows; its total line no longer agrees.
  'lambeth-2012-06-damaged': { rows: [2516, 1, 640], ownTotal: '40292334.84', errors: ['control-total-mismatch', 'wrong-column-count'] },
  // Every Paid Date was lost as 00:00:00: each row is an error, never an invented date.
  'oxford-2014-q1': { rows: [0, 0, 3836], ownTotal: null, errors: ['bad-date'] },
  'oxford-2016-q3': { rows: [3847, 0, 0], ownTotal: null, errors: [] },
  'bis-2014-07': { rows: [3675, 0, 0], ownTotal: null, errors: [] },
  // Six rows have no Expense Area.
  'bbsrc-2010-11': { rows: [61, 0, 6], ownTotal: null, errors: ['missing-field'] },
  'gla-2011-12-p13': { rows: [617, 3, 0], ownTotal: '15232841.74', errors: [] },
  'gla-2013-14-p07': { rows: [461, 1, 0], ownTotal: '25395604.71', errors: [] },
  'gla-2012-13-p10': { rows: [860, 1, 0], ownTotal: '66938627.74', errors: [] },
  'gla-2014-15-p07': { rows: [676, 1, 0], ownTotal: '31620696.57', errors: [] },
  // Its preamble holds a second set of totals beside the header rows; the report's own total line agrees.
  'gla-2014-15-p08': { rows: [717, 1, 0], ownTotal: '53577468.86', errors: [] },
};

/** Files that hold no transaction date at all (a pivot table; a list of payments without dates): refused, with why. */
const REFUSED: Record<string, string> = {
  'gla-2009-12': 'lacks Payment Date',
  'lambeth-2011-11': 'lacks Invoice Date',
  'lambeth-2011-11-damaged': 'lacks Invoice Date',
};

/** Pence of an amount cell, read independently of grant-recon; undefined when it is not a plain amount. */
function pence(cell: string): bigint | undefined {
  let s = cell.trim();
  let negative = false;
  if (/^\(.*\)$/.test(s)) [negative, s] = [true, s.slice(1, -1)];
  if (/(-| ?CR)$/i.test(s)) [negative, s] = [true, s.replace(/(-| ?CR)$/i, '')];
  if (s.startsWith('-')) [negative, s] = [true, s.slice(1)];
  s = s.replace(/^£/, '').replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const value = BigInt(m[1] as string) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
  return negative ? -value : value;
}

/** The sum of the amount column between the header row and the first total line. */
function independentSum(path: string, amountHeader: string): bigint {
  const rows: string[][] = parse(readFileSync(path).toString('latin1').replace(/^\uFEFF/, ''), { relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n', '\r'] });
  const wanted = amountHeader.toLowerCase();
  const headerAt = rows.findIndex((r) => r.some((c) => c.trim().replace(/\s+/g, ' ').toLowerCase() === wanted));
  const column = (rows[headerAt] as string[]).findIndex((c) => c.trim().replace(/\s+/g, ' ').toLowerCase() === wanted);
  let sum = 0n;
  for (const row of rows.slice(headerAt + 1)) {
    const filled = row.map((c) => c.trim()).filter((c) => c !== '');
    if (filled.length === 0) continue;
    if (/^(grand\s+)?total/i.test(filled[0] as string) || (filled.length === 1 && pence(filled[0] as string) !== undefined)) break;
    const amount = pence(row[column] ?? '');
    if (amount !== undefined) sum += amount;
  }
  return sum;
}

const money = (p: bigint): string => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${String((p < 0n ? -p : p) % 100n).padStart(2, '0')}`;

describe.skipIf(!existsSync(CORPUS))('real exports through a configuration each (skipped: ../shared/corpus is not beside the repository)', () => {
  it('has an expectation for every configured file', () => {
    expect(Object.keys(files).sort()).toEqual([...Object.keys(EXPECTED), ...Object.keys(REFUSED)].sort());
  });

  it.each(Object.entries(REFUSED))('%s is refused, saying why', (name, why) => {
    const run = runCli(['validate', resolve(CORPUS, files[name] as string), '--config', `fixtures/real/${name}.json`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error[unusable-file]: no header row of a known export was found in the first 50 rows; the closest`);
    expect(run.stderr).toContain(why);
  });

  it.each(Object.entries(files).filter(([name]) => !(name in REFUSED)))('%s', (name, relative) => {
    const path = resolve(CORPUS, relative);
    const config = JSON.parse(readFileSync(resolve(ROOT, `fixtures/real/${name}.json`), 'utf8')) as { profiles: { columns: Record<string, string> }[] };
    const run = runCli(['validate', path, '--config', `fixtures/real/${name}.json`, '--format', 'json']);
    const want = EXPECTED[name] as (typeof EXPECTED)[string];
    expect(run.code).toBe(want.errors.length > 0 ? 1 : 0);
    const report = JSON.parse(run.stdout) as {
      rows: { included: number; excluded: number; errors: number };
      controlTotals: { input: string; balanced: boolean };
      errors: { code: string }[];
      inputs: { rows: number; lines: LinesJson; controlTotal: { stated: string | null; computed: string; matches: boolean } | null }[];
    };
    expect([report.rows.included, report.rows.excluded, report.rows.errors]).toEqual(want.rows);
    expect(report.controlTotals.balanced).toBe(true);
    expect(report.controlTotals.input).toBe(money(independentSum(path, config.profiles[0]?.columns['Net Amount'] as string)));
    expect([...new Set(report.errors.map((e) => e.code))].sort()).toEqual(want.errors);
    // Every physical line of the file is accounted for, against a count of its bytes made here.
    const input = report.inputs[0] as (typeof report.inputs)[number];
    expect(input.lines.physical).toBe(physicalLines(readFileSync(path)));
    expectLinesBalance(input.lines, input.rows, name);
    const own = report.inputs[0]?.controlTotal;
    if (want.ownTotal === null) expect(own).toBeNull();
    else expect(own).toMatchObject({ stated: want.ownTotal, matches: own?.computed === want.ownTotal });
  });
});
