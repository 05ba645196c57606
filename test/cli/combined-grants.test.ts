/**
 * Worked grants that combine configuration keys, each checked against figures computed independently of the tool
 * (Python, no code shared with it):
 * - fixtures/grants/fleet/monthly.config.json: the fleet grant's own categories, claimed monthly
 *   (fixtures/grants/fleet/oracle.py → monthly.expected.json);
 * - fixtures/grants/window/apportioned.config.json: a grant window across three years with a grant cap, and two
 *   apportioned accounts (fixtures/grants/window/oracle.py → expected.json, its "apportioned.config.json" member).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const pence = (s: string): bigint => BigInt(s.replace('.', ''));

describe('a grant of its own categories claimed monthly (fleet/monthly.config.json)', () => {
  const FLEET = 'fixtures/grants/fleet';
  const CONFIG = `${FLEET}/monthly.config.json`;
  const FILES = [`${FLEET}/gl-2023-24.csv`, `${FLEET}/gl-2024-25.csv`, `${FLEET}/payroll-2023-24.csv`];
  interface Claim {
    period: { label: string; frequency?: string; from: string; to: string };
    categories: { category: string; periodActual: string; cumulativeActual: string }[];
    totals: Record<string, string>;
  }
  const expected = JSON.parse(readFileSync(resolve(ROOT, FLEET, 'monthly.expected.json'), 'utf8')) as { year: string; claims: Record<string, Omit<Claim, 'period'>> };
  const claim = (args: string[]) => runCli(['claim', ...FILES, '--config', CONFIG, '--year', '2023/24', ...args]);

  it('is the fleet configuration with claimPeriods added, and nothing else', () => {
    const read = (name: string) => JSON.parse(readFileSync(resolve(ROOT, FLEET, name), 'utf8')) as Record<string, unknown>;
    const { claimPeriods, ...rest } = read('monthly.config.json');
    expect(claimPeriods).toBe('monthly');
    expect(rest).toEqual(read('config.json'));
  });

  it('the expected file holds each month of 2023/24', () => {
    expect(expected.year).toBe('2023/24');
    expect(Object.keys(expected.claims)).toEqual(['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03']);
  });

  it.each(Object.keys(expected.claims))('claim --month %s: each category and every total, to the penny', (month) => {
    const want = expected.claims[month] as Omit<Claim, 'period'>;
    const run = claim(['--month', month, '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Claim;
    expect(json.period.label).toBe(month);
    expect(json.period.frequency).toBe('monthly');
    expect(json.categories.map(({ category, periodActual, cumulativeActual }) => ({ category, periodActual, cumulativeActual }))).toEqual(want.categories);
    expect(Object.fromEntries(Object.keys(want.totals).map((k) => [k, json.totals[k]]))).toEqual(want.totals);
  });

  it('the months add up: each claim due is its month\'s actual (no cap binds), and together they make the year', () => {
    // Worked by hand from the expected file: 2023/24's actual, £170,160.05, is under its £180,000.00 cap, so no
    // month is capped and the twelve claims due add up to the year's actual (fleet/expected.json).
    const fleet = JSON.parse(readFileSync(resolve(ROOT, FLEET, 'expected.json'), 'utf8')) as { years: { year: string; ytdActual: string }[] };
    let sum = 0n;
    for (const c of Object.values(expected.claims)) {
      expect(c.totals.claimDue).toBe(c.totals.periodActual);
      sum += pence(c.totals.claimDue as string);
    }
    expect(sum).toBe(pence(fleet.years.find((y) => y.year === '2023/24')?.ytdActual as string));
    expect(sum).toBe(17016005n);
  });

  it('refuses a quarter: the grant is claimed monthly, and the hint gives a month of the year asked for', () => {
    const run = claim(['--quarter', 'Q2']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'grant-recon: error[usage]: grant FLEET 24 is claimed monthly ("claimPeriods": "monthly" in the configuration), so --quarter is not one of its claim periods\n' +
        "  hint: claim with --month 2023-09 (a month yyyy-mm; March takes P13–P16), or make the year's final claim with --final\n",
    );
  });
});

describe('a grant window across years with apportioned accounts (window/apportioned.config.json)', () => {
  const DIR = 'fixtures/grants/window';
  const INPUTS = [`${DIR}/gl.csv`, `${DIR}/payroll.csv`];
  const CONFIG = `${DIR}/apportioned.config.json`;
  interface Expected {
    years: Record<string, { cap: string; ytdActual: string; headroom: string; overCap: string; claimable: string; projectedOutturn: string }>;
    exclusions: Record<string, { rows: number; amount: string }>;
    wholeGrant: { cap: string; actual: string; headroom: string; overCap: string; claimable: string };
    apportionments: { rule: string; rate: string; year: string; period: string; rows: number; total: string; included: string; excluded: string }[];
    rows: { included: number; excluded: number; errors: number };
    controlTotals: { input: string; included: string; excluded: string };
  }
  const expected = (JSON.parse(readFileSync(resolve(ROOT, DIR, 'expected.json'), 'utf8')) as Record<string, Expected>)['apportioned.config.json'] as Expected;
  interface Reconciliation {
    years: { year: string; cap: string; ytdActual: string; headroom: string; overCap: string; projectedOutturn: string }[];
    wholeGrant: Record<string, string>;
    apportionments: { rule: string; rate: string; year: string; period: string; rows: number; total: string; included: string; excluded: string }[];
    rows: { included: number; excluded: number; errors: number };
    exclusions: { reason: string; rows: number; amount: string }[];
    controlTotals: { input: string; included: string; excluded: string; errors: string; balanced: boolean };
  }
  const run = runCli(['reconcile', ...INPUTS, '--config', CONFIG, '--format', 'json']);
  const json = JSON.parse(run.stdout) as Reconciliation;

  it('is the window configuration with apportionments added, and nothing else', () => {
    const read = (name: string) => JSON.parse(readFileSync(resolve(ROOT, DIR, name), 'utf8')) as Record<string, unknown>;
    const { apportionments, ...rest } = read('apportioned.config.json');
    expect(apportionments).toHaveLength(2);
    expect(rest).toEqual(read('config.json'));
  });

  it('each year\'s measures, to the penny of the independent figures', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(Object.fromEntries(json.years.map((y) => [y.year, { cap: y.cap, ytdActual: y.ytdActual, headroom: y.headroom, overCap: y.overCap, projectedOutturn: y.projectedOutturn }]))).toEqual(
      Object.fromEntries(Object.entries(expected.years).map(([year, { cap, ytdActual, headroom, overCap, projectedOutturn }]) => [year, { cap, ytdActual, headroom, overCap, projectedOutturn }])),
    );
    const { cap, actual, headroom, overCap } = expected.wholeGrant;
    expect(json.wholeGrant).toMatchObject({ cap, actual, headroom, overCap });
  });

  it('each rule\'s groups: rows split inside the window only, the pence rounded half away from zero', () => {
    expect(json.apportionments.map(({ rule, rate, year, period, rows, total, included, excluded }) => ({ rule, rate, year, period, rows, total, included, excluded }))).toEqual(expected.apportionments);
    // By hand: 37.5% of £45,000.50 is £16,875.1875, rounded to £16,875.19; 90% of £60,000.00 is £54,000.00. The
    // coordinator's pay after the window (1 July and 15 September 2024) is outside-grant-window, not split.
    expect(expected.apportionments.map((g) => [g.included, g.excluded])).toEqual([
      ['16875.19', '28125.31'],
      ['54000.00', '6000.00'],
    ]);
  });

  it('the exclusions, outside-grant-window and apportioned-out among them', () => {
    expect(Object.fromEntries(json.exclusions.map((x) => [x.reason, { rows: x.rows, amount: x.amount }]))).toEqual(expected.exclusions);
    expect(expected.exclusions['outside-grant-window']).toEqual({ rows: 6, amount: '53300.00' });
    // An apportioned row is counted once, as included; only its money is apportioned out: 28,125.31 + 6,000.00.
    expect(expected.exclusions['apportioned-out']).toEqual({ rows: 0, amount: '34125.31' });
  });

  it('every row is accounted for: included + excluded + errors = input, in rows and in money', () => {
    expect(json.rows).toEqual(expected.rows);
    // gl.csv has 24 rows, payroll.csv 4.
    expect(json.rows.included + json.rows.excluded + json.rows.errors).toBe(28);
    expect({ input: json.controlTotals.input, included: json.controlTotals.included, excluded: json.controlTotals.excluded }).toEqual(expected.controlTotals);
    expect(json.controlTotals.errors).toBe('0.00');
    expect(json.controlTotals.balanced).toBe(true);
    expect(pence(json.controlTotals.included) + pence(json.controlTotals.excluded) + pence(json.controlTotals.errors)).toBe(pence(json.controlTotals.input));
  });

  it('each year\'s final claim is its claimable under both caps, and together they never pass the grant cap', () => {
    let claimed = 0n;
    for (const year of Object.keys(expected.years)) {
      const final = runCli(['claim', ...INPUTS, '--config', CONFIG, '--year', year, '--final', '--format', 'json']);
      expect(final.code).toBe(0);
      const due = (JSON.parse(final.stdout) as { totals: Record<string, string> }).totals.claimDue as string;
      expect(due, year).toBe(expected.years[year]?.claimable);
      claimed += pence(due);
    }
    expect(claimed).toBe(pence(expected.wholeGrant.claimable));
    // By hand: apportioning the laptops brings 2022/23 under its cap (£295,875.44 claimable), so the grant cap
    // leaves 2024/25 £900,000.00 − £295,875.44 − £480,000.00 = £124,124.56 of its £148,000.00 actual.
    expect(expected.years['2024/25']?.claimable).toBe('124124.56');
    expect(claimed).toBe(90000000n);
  });
});
