import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObservedRow } from '../../src/core/fold/ledger.js';
import { MatchedRows } from '../../src/core/reports/matched-rows.js';
import { PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import { EXCLUSION_REASONS, ROW_ERROR_CODES } from '../../src/core/types.js';

const CATEGORIES = PCD_1215_CATEGORIES.map((c) => c.id);

const source = fc.record({ file: fc.constantFrom('a.csv', 'b.csv', 'exports/2022 06.csv'), line: fc.integer({ min: 1, max: 0xffff_ffff }) });
// Amounts in pence, past 64 bits as well: an amount is never cut to fit.
const amount = fc.oneof(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }));
// A row's detail: any of its texts, each from a few that repeat (held once) or any text at all; an empty detail is none.
const text = fc.oneof(fc.constantFrom('SMH001', 'Software Licences', 'Vidmark Forensics Ltd'), fc.string({ minLength: 1 }));
const detail = fc.record(
  { documentNumber: text, documentLine: text, supplier: text, description: text, account: text, accountName: text, costCentre: text, costCentreName: text, payElement: text, message: text },
  { requiredKeys: [] },
).filter((d) => Object.keys(d).length > 0);
const placed = { detail, fy: fc.integer({ min: 2000, max: 2100 }), period: fc.integer({ min: 1, max: 16 }), category: fc.constantFrom(...CATEGORIES), rule: fc.constantFrom('software', 'pay: staff', 'a rule') };
const observed: fc.Arbitrary<ObservedRow> = fc.oneof(
  fc.record({ source, profile: fc.constantFrom('gl' as const, 'payroll' as const), outcome: fc.constant('included' as const), amount, ...placed }, { requiredKeys: ['source', 'profile', 'outcome', 'amount'] }),
  fc.record(
    { source, profile: fc.constantFrom('gl' as const, 'payroll' as const), outcome: fc.constant('excluded' as const), reason: fc.constantFrom(...EXCLUSION_REASONS), amount, duplicateOf: source, ...placed },
    { requiredKeys: ['source', 'profile', 'outcome', 'reason', 'amount'] },
  ),
  fc.record({ source, profile: fc.constantFrom('gl' as const, 'payroll' as const), outcome: fc.constant('error' as const), code: fc.constantFrom(...ROW_ERROR_CODES), amount, detail }, { requiredKeys: ['source', 'profile', 'outcome', 'code', 'amount'] }),
);

describe('MatchedRows', () => {
  it('gives back every row as it was seen, and their total', () => {
    fc.assert(
      fc.property(fc.array(observed, { maxLength: 400 }), (rows) => {
        const matched = MatchedRows.of(rows);
        expect(matched.length).toBe(rows.length);
        expect([...matched]).toEqual(rows);
        expect(matched.amount).toBe(rows.reduce((s, r) => s + r.amount, 0n));
      }),
      { numRuns: 100 },
    );
  });

  it('reads them in the order of their files, then lines, keeping the order seen where both are equal', () => {
    fc.assert(
      fc.property(fc.array(observed, { maxLength: 300 }), fc.shuffledSubarray(['a.csv', 'b.csv', 'exports/2022 06.csv'], { minLength: 3, maxLength: 3 }), (rows, files) => {
        const order = new Map(files.map((f, i) => [f, i]));
        const sorted = MatchedRows.of(rows).sorted(order);
        const expected = rows
          .map((r, i) => ({ r, i }))
          .sort((x, y) => (order.get(x.r.source.file) as number) - (order.get(y.r.source.file) as number) || x.r.source.line - y.r.source.line || x.i - y.i)
          .map(({ r }) => r);
        expect(sorted.length).toBe(rows.length);
        expect([...sorted]).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a line it cannot hold rather than list a wrong one', () => {
    const matched = new MatchedRows();
    expect(() => matched.push({ source: { file: 'a.csv', line: 2 ** 32 }, profile: 'gl', outcome: 'included', amount: 1n })).toThrow(/line 4294967296 of a.csv cannot be listed/);
    expect(matched.length).toBe(0);
    expect(matched.amount).toBe(0n);
  });
});
