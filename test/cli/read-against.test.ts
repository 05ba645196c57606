import { describe, expect, it } from 'vitest';
import { parseEarlierReconciliation } from '../../src/cli/earlier/read-against.js';
import { PCD_1215 } from '../../src/config/pcd1215.js';

const zeros = { staff: '0.00', officers: '0.00', software: '0.00', equipment: '0.00', training: '0.00', comms: '0.00' };
type Amounts = typeof zeros;
const pence = (s: string): bigint => BigInt(s.replace('.', ''));
const pounds = (p: bigint): string => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${String((p < 0n ? -p : p) % 100n).padStart(2, '0')}`;
const period = (p: number, categories: Partial<Amounts> = {}) => ({ period: `P${String(p).padStart(2, '0')}`, categories: { ...zeros, ...categories } });
const months = (n: number, filled: Record<number, Partial<Amounts>> = {}) => Array.from({ length: n }, (_, i) => period(i + 1, filled[i + 1]));

/** A year as reconcile writes it, its figures worked out from its periods (cap 2,893,452.00; no projection). */
function year(spec: { year: string; to?: string | null; periods: { period: string; categories: Amounts }[] }) {
  const fy = Number(spec.year.slice(0, 4));
  const month = (n: number) => (n > 12 ? `${fy + 1}-03` : n <= 9 ? `${fy}-${String(n + 3).padStart(2, '0')}` : `${fy + 1}-${String(n - 9).padStart(2, '0')}`);
  const periods = spec.periods.map((p) => ({ ...p, month: month(Number(p.period.slice(1))), total: pounds(Object.values(p.categories).reduce((s, a) => s + pence(a), 0n)) }));
  const inYear = periods.filter((p) => spec.to === undefined || spec.to === null || p.month <= spec.to);
  const categories = Object.keys(zeros).map((c) => ({ category: c, ytdActual: pounds(inYear.reduce((s, p) => s + pence(p.categories[c as keyof Amounts]), 0n)) }));
  const ytd = categories.reduce((s, c) => s + pence(c.ytdActual), 0n);
  const cap = 289_345_200n;
  return {
    year: spec.year,
    cap: pounds(cap),
    ...(spec.to === undefined ? {} : { to: spec.to }),
    ytdActual: pounds(ytd),
    headroom: pounds(cap > ytd ? cap - ytd : 0n),
    overCap: pounds(ytd > cap ? ytd - cap : 0n),
    monthsElapsed: 0,
    projectedOutturn: '0.00',
    categories,
    periods,
  };
}
const file = (years: Parameters<typeof year>[0][], extra: object = {}) => JSON.stringify({ schema: 'grant-recon/reconciliation@1', grant: { reference: 'PCD 1215' }, years: years.map(year), ...extra });
const OTHER_GRANT = { ...PCD_1215, grant: { ...PCD_1215.grant, reference: 'PCD 9' } };

describe('parseEarlierReconciliation', () => {
  it('reports P01 to --to, whatever the figures after it', () => {
    const parsed = parseEarlierReconciliation(file([{ year: '2022/23', to: '2022-09', periods: months(12, { 11: { staff: '5.00' } }) }]), PCD_1215);
    expect(parsed.ok && [...(parsed.report.years[0]?.reported ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('without --to, reports P01 to the latest month with a figure, and the year-end periods listed', () => {
    const parsed = parseEarlierReconciliation(file([{ year: '2022/23', to: null, periods: [...months(12, { 3: { comms: '1.00' } }), period(13, { staff: '-2.00' })] }]), PCD_1215);
    expect(parsed.ok && [...(parsed.report.years[0]?.reported ?? [])]).toEqual([1, 2, 3, 13]);
    expect(parsed.ok && parsed.report.rows).toBeNull();
  });

  it('refuses a year listed twice, a --to of another year, and rows of a year it does not report', () => {
    expect(parseEarlierReconciliation(file([{ year: '2022/23', periods: [] }, { year: '2022/23', periods: [] }]), PCD_1215)).toEqual({ ok: false, problem: 'lists 2022/23 twice' });
    expect(parseEarlierReconciliation(file([{ year: '2022/23', to: '2023-05', periods: [] }]), PCD_1215)).toEqual({ ok: false, problem: 'years.2022/23.to 2023-05 is not a month of 2022/23' });
    const rows = [{ id: 'key:1/1', year: '2023/24', period: 'P01', category: 'staff', amount: '1.00', file: 'a.csv', line: 2 }];
    expect(parseEarlierReconciliation(file([{ year: '2022/23', periods: months(12) }], { includedRows: rows }), PCD_1215)).toEqual({
      ok: false,
      problem: 'its rows include a.csv:2 of a year the file does not report',
    });
  });

  it('a reconciliation of another grant, and JSON of another shape, are refused with what they are', () => {
    expect(parseEarlierReconciliation(file([]), OTHER_GRANT)).toEqual({ ok: false, problem: 'is a reconciliation of grant PCD 1215, not PCD 9' });
    expect(parseEarlierReconciliation('[1, 2]', PCD_1215)).toMatchObject({ ok: false, problem: expect.stringContaining('not a grant-recon reconciliation') as unknown });
    expect(parseEarlierReconciliation('{', PCD_1215)).toMatchObject({ ok: false, problem: expect.stringContaining('not a JSON file') as unknown });
  });

  it('quotes at most 80 characters of a forged value, however long', () => {
    const long = JSON.stringify({ schema: 'x'.repeat(1_000_000) });
    expect(parseEarlierReconciliation(long, PCD_1215)).toEqual({ ok: false, problem: `not a grant-recon reconciliation: schema is "${'x'.repeat(79)}…, not "grant-recon/reconciliation@1"` });
    expect(parseEarlierReconciliation('{"schema": 7}', PCD_1215)).toEqual({ ok: false, problem: 'not a grant-recon reconciliation: schema is 7, not "grant-recon/reconciliation@1"' });
  });
});
