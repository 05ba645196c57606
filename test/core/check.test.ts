import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { buildCheck, CHECKS, type CheckName } from '../../src/core/check.js';
import { ErrorList } from '../../src/core/error-list.js';
import { LedgerFold } from '../../src/core/ledger.js';
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
  'conflicting-duplicate': 'conflicts',
  'control-total-mismatch': 'control-totals',
};

describe('check findings from rows in error', () => {
  it('lists every row in error once: the fail-on checks first in the order of CHECKS, then the warnings, each in the order found', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ file: fc.constantFrom('a.csv', 'b.csv'), line: fc.integer({ min: 2, max: 500 }), code: fc.constantFrom(...ROW_ERROR_CODES) }), { maxLength: 60 }),
        fc.subarray([...CHECKS]),
        (rows, failOn) => {
          const errors = new ErrorList();
          for (const [i, r] of rows.entries()) errors.push({ source: { file: r.file, line: r.line }, code: r.code, message: `problem ${i}`, ...(i % 2 === 0 ? { hint: `hint ${i}` } : {}) });
          const ledger = { ...new LedgerFold(PCD_1215).finish(), errors };
          const report = buildCheck(ledger, [], PCD_1215, { failOn }, '2026-11-29T00:00:00Z');

          // Independently: one finding a row, then a stable sort by severity and by the place of its check.
          const rank = (check: CheckName): number => (failOn.includes(check) ? 0 : CHECKS.length) + CHECKS.indexOf(check);
          const expected = rows
            .map((r, i) => ({
              check: CHECK_OF[r.code],
              code: r.code,
              severity: failOn.includes(CHECK_OF[r.code]) ? 'error' : 'warning',
              file: r.file,
              line: r.line,
              message: `problem ${i}`,
              hint: i % 2 === 0 ? `hint ${i}` : '',
            }))
            .sort((a, b) => rank(a.check) - rank(b.check));
          expect([...report.findings]).toEqual(expected);
          expect(report.findings).toHaveLength(rows.length);
          expect(JSON.parse(JSON.stringify(report.findings))).toEqual(expected);
          const failing = expected.filter((f) => f.severity === 'error').length;
          expect(report.counts).toEqual({ errors: failing, warnings: rows.length - failing });
          expect(report.status).toBe(failing > 0 ? 'fail' : 'pass');
        },
      ),
      { numRuns: 200 },
    );
  });
});
