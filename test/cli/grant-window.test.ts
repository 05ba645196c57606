/**
 * The grant-window example (fixtures/grants/window): a grant from 2022-10-01 to 2024-06-30 over three financial
 * years, with caps per year and a grant cap (config.json), or carrying unspent cap forward (carry-forward.config.json).
 * Every figure is compared with expected.json, worked out independently by oracle.py beside the fixture.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonDigest } from '../../src/render/json.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { money, readWorkbook, rowLabelled } from '../support/workbook.js';

const DIR = 'fixtures/grants/window';
const INPUTS = [`${DIR}/gl.csv`, `${DIR}/payroll.csv`];
const CONFIGS = ['config.json', 'carry-forward.config.json'] as const;

interface YearFigures {
  cap: string;
  capCarriedIn: string;
  ytdActual: string;
  headroom: string;
  overCap: string;
  claimable: string;
  projectedOutturn: string;
}
interface Expected {
  years: Record<string, YearFigures>;
  exclusions: Record<string, { rows: number; amount: string }>;
  wholeGrant?: { cap: string; actual: string; headroom: string; overCap: string; claimable: string };
  'claim-2024-05': { cumulativeActual: string; cumulativeClaimable: string; previouslyClaimed: string; claimDue: string; headroom: string };
  'claim-2024-25-Q1': { cumulativeActual: string; cumulativeClaimable: string; claimDue: string };
}
const EXPECTED = JSON.parse(readFileSync(join(ROOT, DIR, 'expected.json'), 'utf8')) as Record<(typeof CONFIGS)[number], Expected>;

type Json = Record<string, unknown> & {
  years: { year: string; cap: string; capCarriedIn?: string; ytdActual: string; headroom: string; overCap: string; projectedOutturn: string }[];
  exclusions: { reason: string; rows: number; amount: string }[];
  totals: Record<string, string>;
  wholeGrant?: Record<string, string>;
  findings: { code: string; message: string }[];
};
const json = (args: string[]): { out: Json; code: number; stderr: string } => {
  const run = runCli([...args, '--format', 'json']);
  return { out: JSON.parse(run.stdout) as Json, code: run.code, stderr: run.stderr };
};

describe.each(CONFIGS)('the grant-window example with %s', (config) => {
  const expected = EXPECTED[config];
  const withConfig = (...args: string[]): string[] => [...args, ...INPUTS, '--config', `${DIR}/${config}`];

  it('reconciles every year to the independent figures', () => {
    const { out, code } = json(withConfig('reconcile'));
    expect(code).toBe(0);
    for (const y of out.years) {
      const e = expected.years[y.year] as YearFigures;
      expect({ cap: y.cap, ytdActual: y.ytdActual, headroom: y.headroom, overCap: y.overCap, projectedOutturn: y.projectedOutturn }, y.year).toEqual({
        cap: e.cap,
        ytdActual: e.ytdActual,
        headroom: e.headroom,
        overCap: e.overCap,
        projectedOutturn: e.projectedOutturn,
      });
      // capCarriedIn appears only where the configuration carries forward.
      expect(y.capCarriedIn).toBe(config === 'carry-forward.config.json' ? e.capCarriedIn : undefined);
    }
    expect(Object.fromEntries(out.exclusions.map((x) => [x.reason, { rows: x.rows, amount: x.amount }]))).toEqual(expected.exclusions);
    if (expected.wholeGrant) {
      const { cap, actual, headroom, overCap } = expected.wholeGrant;
      expect(out.wholeGrant).toMatchObject({ cap, actual, headroom, overCap });
    } else {
      expect(out.wholeGrant).toBeUndefined();
    }
  });

  it('claims 2024/25 to the independent figures, under every cap that applies', () => {
    const may = json(withConfig('claim', '--year', '2024/25', '--month', '2024-05')).out.totals;
    const e = expected['claim-2024-05'];
    expect({ cumulativeActual: may.cumulativeActual, cumulativeClaimable: may.cumulativeClaimable, previouslyClaimed: may.previouslyClaimed, claimDue: may.claimDue, headroom: may.headroom }).toEqual(e);
    const q1 = json(withConfig('claim', '--year', '2024/25', '--quarter', 'Q1')).out.totals;
    const eq = expected['claim-2024-25-Q1'];
    expect({ cumulativeActual: q1.cumulativeActual, cumulativeClaimable: q1.cumulativeClaimable, claimDue: q1.claimDue }).toEqual(eq);
  });

  it('the claims of every year add up to what the grant can claim, never past the grant cap', () => {
    let claimed = 0n;
    for (const year of ['2022/23', '2023/24', '2024/25']) {
      const final = json(withConfig('claim', '--year', year, '--final')).out.totals;
      expect(final.claimDue).toBe(expected.years[year]?.claimable);
      claimed += BigInt((final.claimDue as string).replace('.', ''));
    }
    if (expected.wholeGrant) {
      expect(claimed).toBe(BigInt(expected.wholeGrant.claimable.replace('.', '')));
      expect(claimed <= BigInt(expected.wholeGrant.cap.replace('.', ''))).toBe(true);
    }
  });
});

describe('the grant-window example end to end', () => {
  const withConfig = (...args: string[]): string[] => [...args, ...INPUTS, '--config', `${DIR}/config.json`];

  it('claims month by month with the claims sent, the grant cap taking the last month down to what it leaves', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-window-'));
    const sent: string[] = [];
    const dues: string[] = [];
    for (const month of ['2024-04', '2024-05', '2024-06']) {
      const file = join(dir, `claim-${month}.json`);
      const run = runCli([...withConfig('claim', '--year', '2024/25', '--month', month), ...sent.flatMap((f) => ['--previous', f]), '-o', file]);
      expect(run.code, run.stderr).toBe(0);
      dues.push((JSON.parse(readFileSync(file, 'utf8')) as Json).totals.claimDue as string);
      sent.push(file);
    }
    // April 60,000.00; May 40,000.00; June: cumulative 154,000.00, but the grant cap leaves 2024/25 120,000.00.
    expect(dues).toEqual(['60000.00', '40000.00', '20000.00']);
  });

  it('refuses an earlier claim whose figures pass what the grant cap leaves, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-window-'));
    const file = join(dir, 'claim-2024-05.json');
    expect(runCli([...withConfig('claim', '--year', '2024/25', '--month', '2024-05'), '-o', file]).code).toBe(0);
    // Left raised, and the digest made again over the edited content: only the formulas can tell.
    const claim = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { wholeGrant: Record<string, string> };
    delete claim.digest;
    claim.wholeGrant.left = '130000.00';
    writeFileSync(file, JSON.stringify({ ...claim, digest: jsonDigest(claim) }));
    const run = runCli([...withConfig('claim', '--year', '2024/25', '--month', '2024-06'), '--previous', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('wholeGrant.left 130000.00 is not cap 900000.00 − claimedBefore 780000.00 = 120000.00');
  });

  it('reads its own reconciliation back with --against, the window and the grant cap checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-window-'));
    const file = join(dir, 'reconciliation.json');
    expect(runCli([...withConfig('reconcile'), '-o', file]).code).toBe(0);
    const run = runCli([...withConfig('check'), '--against', file, '--format', 'json']);
    expect(run.stderr).not.toContain('error[usage]');
    expect((JSON.parse(run.stdout) as Json).findings.map((f) => f.code)).toEqual(['over-cap', 'over-cap']);
  });

  it('the workbooks carry the whole grant, the cap carried in and what the grant cap leaves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-window-'));
    const reconciliation = join(dir, 'reconciliation.xlsx');
    expect(runCli(['reconcile', ...INPUTS, '--config', `${DIR}/carry-forward.config.json`, '-o', reconciliation]).code).toBe(0);
    const r = await readWorkbook(reconciliation);
    expect(money(rowLabelled(r, '2024-25', 'Of which carried from the year before').getCell(2))).toBe('20000.00');
    const claim = join(dir, 'claim.xlsx');
    expect(runCli([...withConfig('claim', '--year', '2024/25', '--quarter', 'Q1'), '-o', claim]).code).toBe(0);
    const c = await readWorkbook(claim);
    const sheet = c.worksheets[0]?.name ?? '';
    expect(money(rowLabelled(c, sheet, 'Grant cap left for the year (cumulative claimable never passes it)').getCell(3))).toBe('120000.00');
    expect(money(rowLabelled(c, sheet, 'Over grant cap (not claimable)').getCell(3))).toBe('58000.75');
    const withGrantCap = join(dir, 'grant-cap.xlsx');
    expect(runCli([...withConfig('reconcile'), '-o', withGrantCap]).code).toBe(0);
    expect(money(rowLabelled(await readWorkbook(withGrantCap), 'Summary', 'Over grant cap').getCell(2))).toBe('58000.75');
  });

  it('check finds the year over its cap and the whole grant over its grant cap', () => {
    const { out, code } = json(withConfig('check'));
    expect(code).toBe(1);
    expect(out.findings.map((f) => f.message)).toEqual([
      '2022/23 actual £324,000.75 is £24,000.75 over its cap of £300,000.00',
      'the whole grant: actual to date £958,000.75 is £58,000.75 over its grant cap of £900,000.00',
    ]);
  });

  it('rows lists the rows outside the window, each with file:line, adding up to the exclusion', () => {
    const run = runCli([...withConfig('rows', '--reason', 'outside-grant-window'), '--format', 'csv']);
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('row,'));
    expect(rows.map((l) => l.split(',').slice(1, 3).join(':'))).toEqual([
      `${DIR}/gl.csv:3`,
      `${DIR}/gl.csv:13`,
      `${DIR}/gl.csv:24`,
      `${DIR}/gl.csv:25`,
      `${DIR}/payroll.csv:2`,
      `${DIR}/payroll.csv:5`,
    ]);
    expect(run.stdout).toContain('total,,,,,,,,,6,53300.00');
  });

  it('a configuration whose window cannot be meant is refused with its JSON path (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-window-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ years: [{ year: '2022/23', cap: '1.00' }], window: { from: '2022-10-01', to: '2022-09-30' } }));
    const run = runCli(['reconcile', ...INPUTS, '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: error[config]: $.window: from 2022-10-01 is after to 2022-09-30, so the window holds no day`);
    expect(run.stdout).toBe('');
  });
});

describe('the claim register of the grant-window example', () => {
  it('says what each year can still claim, never more than the grant cap leaves', () => {
    // The final claims of 2022/23 and 2023/24 claim £300,000.00 and £480,000.00 (expected.json); 2024/25's Q1
    // £120,000.00. The grant cap of £900,000.00 then leaves 2024/25 nothing, though its own cap (£200,000.00) would
    // allow £80,000.00 more; 2023/24's own cap binds first (£20,000.00 left, the grant cap leaving £120,000.00).
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-window-claims-'));
    const claim = (...args: string[]): void => {
      expect(runCli(['claim', ...INPUTS, '--config', `${DIR}/config.json`, ...args, '--format', 'json']).code).toBe(0);
    };
    claim('--year', '2022/23', '--final', '-o', join(dir, 'claim-2022-23.json'));
    claim('--year', '2023/24', '--final', '-o', join(dir, 'claim-2023-24.json'));
    claim('--year', '2024/25', '--quarter', 'Q1', '--previous-dir', dir, '-o', join(dir, 'claim-2024-25-Q1.json'));
    const run = runCli(['claims', 'list', dir, '--config', `${DIR}/config.json`, '--format', 'json']);
    expect(run.code).toBe(0);
    const years = (JSON.parse(run.stdout) as { years: { year: string; claimed: string; remaining: string }[] }).years;
    expect(years.map((y) => [y.year, y.claimed, y.remaining])).toEqual([
      ['2022/23', '300000.00', '0.00'],
      ['2023/24', '480000.00', '20000.00'],
      ['2024/25', '120000.00', '0.00'],
    ]);
    const table = runCli(['claims', 'list', dir, '--config', `${DIR}/config.json`]);
    expect(table.stdout).toContain('Claimed £120,000.00 of the cap of £200,000.00; £0.00 is still claimable, as the grant cap leaves no more.');
    expect(table.stdout).toContain('Claimed £480,000.00 of the cap of £500,000.00; £20,000.00 is still claimable.\n');
  });
});
