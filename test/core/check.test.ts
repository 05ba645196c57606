import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { buildCheck, CHECKS, type CheckName, type Finding } from '../../src/core/reports/check.js';
import { ErrorList } from '../../src/core/store/error-list.js';
import { LedgerFold } from '../../src/core/fold/ledger.js';
import { ROW_ERROR_CODES, type RowErrorCode } from '../../src/core/types.js';

/** The check each row error code belongs to, as PRODUCT.md names them. */
const CHECK_OF: Record<RowErrorCode, CheckName> = {
  'bad-date': 'errors',
  'bad-period': 'errors',
  'bad-amount': 'errors',
  'missing-field': 'errors',
  'wrong-column-count': 'errors',
  'unknown-staff-type': 'errors',
  'after-total': 'errors',
  'suspect-quote': 'errors',
  'row-above-header': 'errors',
  'conflicting-duplicate': 'conflicts',
  'control-total-mismatch': 'control-totals',
};

describe('check findings from rows in error', () => {
  it('lists every row in error once, and the grant years\' findings: the fail-on checks first in the order of CHECKS, then the warnings, each in the order found', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ file: fc.constantFrom('a.csv', 'b.csv'), line: fc.integer({ min: 2, max: 500 }), code: fc.constantFrom(...ROW_ERROR_CODES) }), { maxLength: 60 }),
        fc.subarray([...CHECKS]),
        fc.boolean(),
        (rows, failOn, overspent) => {
          const errors = new ErrorList();
          for (const [i, r] of rows.entries()) errors.push({ source: { file: r.file, line: r.line }, code: r.code, message: `problem ${i}`, ...(i % 2 === 0 ? { hint: `hint ${i}` } : {}) });
          const ledger = { ...new LedgerFold(PCD_1215).finish(), errors };
          // The grant years' own findings too: 2022/23 over its cap in April, or 2023/24 on course to pass it
          // (£300,000 a month passes £2,893,452 in the tenth month, January 2024).
          const [y2022, y2023] = ledger.years;
          const april = overspent ? y2022?.amounts[0] : y2023?.amounts[0];
          if (april) april[0] = overspent ? 300_000_000n : 30_000_000n;
          if (overspent) (y2022?.rowCounts as number[])[0] = 1;
          else (y2023?.rowCounts as number[])[0] = 1;
          // With the grant's cost centres named, so that the finding of a configuration without them stays out.
          const report = buildCheck(ledger, [], { ...PCD_1215, costCentres: ['SMH001'] }, { failOn }, '2026-11-29T00:00:00Z');
          const yearFinding = overspent
            ? { check: 'over-cap' as const, code: 'over-cap', file: null, line: null, message: '2022/23 actual £3,000,000.00 is £106,548.00 over its cap of £2,893,452.00' }
            : { check: 'projection' as const, code: 'projection', file: null, line: null, message: '2023/24 projected outturn £3,600,000.00 (run rate) would pass the cap of £2,893,452.00 in 2024-01' };

          // Independently: one finding a row and the year's, then a stable sort by severity and by the place of its check.
          const rank = (check: CheckName): number => (failOn.includes(check) ? 0 : CHECKS.length) + CHECKS.indexOf(check);
          const expected = [
            { ...yearFinding, severity: failOn.includes(yearFinding.check) ? 'error' : 'warning' },
            ...rows.map((r, i) => ({
              check: CHECK_OF[r.code],
              code: r.code,
              severity: failOn.includes(CHECK_OF[r.code]) ? 'error' : 'warning',
              file: r.file,
              line: r.line,
              message: `problem ${i}`,
              hint: i % 2 === 0 ? `hint ${i}` : '',
            })),
          ].sort((a, b) => rank(a.check) - rank(b.check));
          const shown = (findings: Iterable<{ check: string; code: string; severity: string; file: string | null; line: number | null; message: string; hint?: string }>) =>
            [...findings].map(({ check, code, severity, file, line, message, hint }) => ({ check, code, severity, file, line, message, ...(check === yearFinding.check ? {} : { hint }) }));
          expect(shown(report.findings)).toEqual(expected);
          expect(report.findings).toHaveLength(rows.length + 1);
          expect(shown(JSON.parse(JSON.stringify(report.findings)) as Finding[])).toEqual(expected);
          const failing = expected.filter((f) => f.severity === 'error').length;
          expect(report.counts).toEqual({ errors: failing, warnings: rows.length + 1 - failing });
          expect(report.status).toBe(failing > 0 ? 'fail' : 'pass');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a configuration that names no grant cost centres', () => {
  it('is a warning finding (an error under --fail-on cost-centres) listing the cost centres counted', () => {
    const fold = new LedgerFold(PCD_1215);
    const file = fold.beginGlFile('gl.csv', { documentNumber: 0, line: 1, key: [['Document Number', 0], ['Line', 1]], postingDate: 2, costCentre: 3, account: 4, net: 5, period: undefined, width: 6 });
    file.accept(2, ['D1', '1', '05/04/2022', 'SMH001', '511000', '10.00']);
    file.accept(3, ['D2', '1', '05/04/2022', 'cyb001', '511000', '2.50']);
    file.accept(4, ['D3', '1', '05/05/2022', 'SMH001', '511000', '1.00']);
    file.end();
    const ledger = fold.finish();
    const facts = [{ sha256: 'x', bytes: 0, encoding: 'ascii', lines: 4 }];
    const finding = {
      check: 'cost-centres',
      code: 'every-cost-centre',
      file: null,
      line: null,
      message: "no grant cost centres are configured, so the rows of every cost centre count as the grant's: CYB001 £2.50, SMH001 £11.00 included",
    };
    expect([...buildCheck(ledger, facts, PCD_1215, { failOn: [] }, '2026-11-29T00:00:00Z').findings]).toMatchObject([{ ...finding, severity: 'warning' }]);
    expect([...buildCheck(ledger, facts, PCD_1215, { failOn: ['cost-centres'] }, '2026-11-29T00:00:00Z').findings]).toMatchObject([{ ...finding, severity: 'error' }]);
    expect([...buildCheck(ledger, facts, { ...PCD_1215, costCentres: ['SMH001'] }, { failOn: [] }, '2026-11-29T00:00:00Z').findings]).toEqual([]);
  });
});

