/** A report value's FY and period as numbers: beside the labels, out of the documents. */
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { FY, PERIOD, withFy, withPeriod } from '../../src/core/calendar/fiscal-keys.js';
import { LedgerFold } from '../../src/core/fold/ledger.js';
import { reconcile } from '../../src/core/reports/reconcile.js';
import { renderJson } from '../../src/render/json.js';

describe('withFy and withPeriod', () => {
  const value = withFy({ year: '2023/24', periods: [withPeriod({ period: 'P14', total: 5n }, 14)] }, 2023);

  it('carry the numbers beside the labels', () => {
    expect(value[FY]).toBe(2023);
    expect(value.periods[0]?.[PERIOD]).toBe(14);
  });

  it('leave them out of the JSON, of Object.entries and of a deep comparison', () => {
    expect([...renderJson(value)].join('')).toBe('{\n  "year": "2023/24",\n  "periods": [\n    {\n      "period": "P14",\n      "total": "0.05"\n    }\n  ]\n}\n');
    expect(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe('{"year":"2023/24","periods":[{"period":"P14","total":"5"}]}');
    expect(Object.keys(value)).toEqual(['year', 'periods']);
    expect(value).toEqual({ year: '2023/24', periods: [{ period: 'P14', total: 5n }] });
  });
});

describe('a reconciliation', () => {
  it("gives each year and period its number, agreeing with its label", () => {
    const ledger = new LedgerFold(PCD_1215).finish();
    const report = reconcile(ledger, [], PCD_1215, {}, '2023-05-01T00:00:00Z');
    expect(report.years.map((y) => [y.year, y[FY]])).toEqual([
      ['2022/23', 2022],
      ['2023/24', 2023],
    ]);
    const periods = report.years[0]?.periods ?? [];
    expect(periods.map((p) => p[PERIOD])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(periods.map((p) => p.period)).toEqual(periods.map((p) => `P${String(p[PERIOD]).padStart(2, '0')}`));
  });
});
