import { describe, expect, it } from 'vitest';
import { parseEarlierReconciliation } from '../../src/cli/read-against.js';

const zeros = { staff: '0.00', officers: '0.00', software: '0.00', equipment: '0.00', training: '0.00', comms: '0.00' };
const period = (p: number, categories: Partial<typeof zeros> = {}) => ({ period: `P${String(p).padStart(2, '0')}`, total: '0.00', categories: { ...zeros, ...categories } });
const file = (years: unknown[], extra: object = {}) => JSON.stringify({ schema: 'grant-recon/reconciliation@1', grant: { reference: 'PCD 1215' }, years, ...extra });
const months = (n: number, filled: Record<number, Partial<typeof zeros>> = {}) => Array.from({ length: n }, (_, i) => period(i + 1, filled[i + 1]));

describe('parseEarlierReconciliation', () => {
  it('reports P01 to --to, whatever the figures after it', () => {
    const parsed = parseEarlierReconciliation(file([{ year: '2022/23', to: '2022-09', periods: months(12, { 11: { staff: '5.00' } }) }]), 'PCD 1215');
    expect(parsed.ok && [...(parsed.report.years[0]?.reported ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('without --to, reports P01 to the latest month with a figure, and the year-end periods listed', () => {
    const parsed = parseEarlierReconciliation(file([{ year: '2022/23', to: null, periods: [...months(12, { 3: { comms: '1.00' } }), period(13, { staff: '-2.00' })] }]), 'PCD 1215');
    expect(parsed.ok && [...(parsed.report.years[0]?.reported ?? [])]).toEqual([1, 2, 3, 13]);
    expect(parsed.ok && parsed.report.rows).toBeNull();
  });

  it('refuses a year listed twice, a --to of another year, and rows of a year it does not report', () => {
    expect(parseEarlierReconciliation(file([{ year: '2022/23', periods: [] }, { year: '2022/23', periods: [] }]), 'PCD 1215')).toEqual({ ok: false, problem: 'lists 2022/23 twice' });
    expect(parseEarlierReconciliation(file([{ year: '2022/23', to: '2023-05', periods: [] }]), 'PCD 1215')).toEqual({ ok: false, problem: 'years.2022/23.to 2023-05 is not a month of 2022/23' });
    const rows = [{ id: 'key:1/1', year: '2023/24', period: 'P01', category: 'staff', amount: '1.00', file: 'a.csv', line: 2 }];
    expect(parseEarlierReconciliation(file([{ year: '2022/23', periods: months(12) }], { includedRows: rows }), 'PCD 1215')).toEqual({
      ok: false,
      problem: 'its rows include a.csv:2 of a year the file does not report',
    });
  });

  it('a reconciliation of another grant, and JSON of another shape, are refused with what they are', () => {
    expect(parseEarlierReconciliation(file([]), 'PCD 9')).toEqual({ ok: false, problem: 'is a reconciliation of grant PCD 1215, not PCD 9' });
    expect(parseEarlierReconciliation('[1, 2]', 'PCD 1215')).toMatchObject({ ok: false, problem: expect.stringContaining('not a grant-recon reconciliation') as unknown });
    expect(parseEarlierReconciliation('{', 'PCD 1215')).toMatchObject({ ok: false, problem: expect.stringContaining('not a JSON file') as unknown });
  });
});
