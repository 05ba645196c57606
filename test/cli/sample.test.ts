/**
 * The bundled sample against figures computed independently (scripts/fixtures/oracle.py reads the CSVs with
 * Python's csv module and applies PRODUCT.md's rules; it shares no code with grant-recon).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runJson } from '../support/run-cli.js';

interface Expected {
  files: string[];
  rows: unknown;
  exclusions: unknown;
  inputTotal: string;
  years: { year: string; cap: string; ytdActual: string; headroom: string; overCap: string; projectedOutturn: string; categories: unknown; periods: unknown[] }[];
  capPassed: Record<string, { month: string } | null>;
  reconcileTo: { args: string[]; ytdActual: string; headroom: string; overCap: string; projectedOutturn: string; categories: unknown };
  claims: Record<string, Record<string, { args: string[]; period: unknown; cap: string; categories: unknown; totals: Record<string, string> }>>;
  messy: { files: string[]; rows: unknown; exclusions: unknown; inputTotal: string; years: Expected['years']; duplicates: unknown };
}
const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as Expected;

interface YearJson { year: string; cap: string; ytdActual: string; headroom: string; overCap: string; projectedOutturn: string; capPassedIn: string | null; categories: unknown; periods: unknown[] }
interface Reconciliation { years: YearJson[]; rows: unknown; exclusions: unknown; duplicates: unknown; controlTotals: { input: string; balanced: boolean }; errors: unknown[] }

function yearFigures(y: Expected['years'][number] | YearJson) {
  const categories = (y.categories as { category: string; ytdActual: string }[]).map(({ category, ytdActual }) => ({ category, ytdActual }));
  return { year: y.year, cap: y.cap, ytdActual: y.ytdActual, headroom: y.headroom, overCap: y.overCap, projectedOutturn: y.projectedOutturn, categories, periods: y.periods };
}

describe('reconcile on the clean sample', () => {
  const { json, run } = runJson<Reconciliation>(['reconcile', ...expected.files]);

  it('exits 0 with no errors and balanced control totals', () => {
    expect(run.code).toBe(0);
    expect(json.errors).toEqual([]);
    expect(json.controlTotals).toMatchObject({ input: expected.inputTotal, balanced: true });
  });

  it('gives the independent figures for both years, month by month and category by category', () => {
    expect(json.years.map(yearFigures)).toEqual(expected.years.map(yearFigures));
  });

  it('accounts for every row', () => {
    expect(json.rows).toEqual(expected.rows);
    expect(json.exclusions).toEqual(expected.exclusions);
  });

  it('says every category came from GL exports, none from payroll', () => {
    for (const y of json.years) {
      for (const c of y.categories as { ytdActual: string; gl: string; payroll: string }[]) expect([c.gl, c.payroll]).toEqual([c.ytdActual, '0.00']);
    }
  });

  it('says when 2023/24 passes its cap', () => {
    expect(json.years.map((y) => y.capPassedIn)).toEqual([null, expected.capPassed['2023/24']?.month]);
  });

  it('runs year to date to --to', () => {
    const to = runJson<Reconciliation>(['reconcile', ...expected.files, ...expected.reconcileTo.args]).json;
    expect(to.years).toHaveLength(1);
    const { ytdActual, headroom, overCap, projectedOutturn, categories } = expected.reconcileTo;
    expect(to.years[0]).toMatchObject({ ytdActual, headroom, overCap, projectedOutturn, categories });
  });
});

describe('claims on the clean sample', () => {
  const cases = Object.entries(expected.claims).flatMap(([year, claims]) => Object.entries(claims).map(([label, claim]) => ({ year, label, claim })));
  it.each(cases)('$year $label', ({ claim }) => {
    const { json, run } = runJson<{ period: unknown; cap: string; categories: unknown; totals: unknown }>(['claim', ...expected.files, ...claim.args]);
    expect(run.code).toBe(0);
    expect(json.period).toEqual(claim.period);
    expect(json.cap).toBe(claim.cap);
    // Without a configured budget every category's budget line is null; the rest is the oracle's.
    expect((json.categories as { budget: unknown }[]).map(({ budget, ...rest }) => (expect(budget).toBeNull(), rest))).toEqual(claim.categories);
    expect(json.totals).toEqual(claim.totals);
  });
});

describe('the messy twins give the same figures', () => {
  const { json, run } = runJson<Reconciliation>(['reconcile', ...expected.messy.files]);

  it('reads every encoding, date and amount form to identical year figures', () => {
    expect(run.code).toBe(0);
    expect(json.years.map(yearFigures)).toEqual(expected.messy.years.map(yearFigures));
  });

  it('accounts for total lines, footers and the overlapping re-export', () => {
    expect(json.rows).toEqual(expected.messy.rows);
    expect(json.exclusions).toEqual(expected.messy.exclusions);
    expect(json.duplicates).toEqual(expected.messy.duplicates);
    expect(json.controlTotals).toMatchObject({ input: expected.messy.inputTotal, balanced: true });
  });
});

