import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import { buildRowsReport, collectMatchingRows, periodsOf, rowPredicate, whyOf } from '../../src/core/reports/drill-down.js';
import { ErrorList } from '../../src/core/store/error-list.js';
import type { FileTally, Ledger, ObservedRow } from '../../src/core/fold/ledger.js';
import { MatchedRows } from '../../src/core/reports/matched-rows.js';
import { EXCLUSION_REASONS, outcomeOfReason, ROW_ERROR_CODES, ROW_REASONS, type ExclusionReason } from '../../src/core/types.js';

const CATEGORIES = PCD_1215_CATEGORIES.map((c) => c.id);

const row = (over: Partial<ObservedRow> & Pick<ObservedRow, 'outcome'>): ObservedRow => ({ source: { file: 'a.csv', line: 2 }, profile: 'gl', amount: 100n, ...over });

describe('periods of a selection', () => {
  it('a quarter Q4 and the month of March take P13–P16; other months are one period', () => {
    expect(periodsOf({ kind: 'quarter', quarter: 1 })).toEqual({ first: 1, last: 3 });
    expect(periodsOf({ kind: 'quarter', quarter: 4 })).toEqual({ first: 10, last: 16 });
    expect(periodsOf({ kind: 'month', month: '2023-03' })).toEqual({ first: 12, last: 16 });
    expect(periodsOf({ kind: 'month', month: '2022-08' })).toEqual({ first: 5, last: 5 });
    expect(periodsOf({ kind: 'period', period: 13 })).toEqual({ first: 13, last: 13 });
  });
});

describe('the filter', () => {
  const included = row({ outcome: 'included', fy: 2022, period: 5, category: 'staff' });
  const duplicate = row({ outcome: 'excluded', reason: 'duplicate', fy: 2022, period: 13, category: 'staff', duplicateOf: { file: 'b.csv', line: 9 } });
  const error = row({ outcome: 'error', code: 'bad-date' });
  const totalLine = row({ outcome: 'excluded', reason: 'control-total', amount: 0n });

  it('an empty filter matches every row', () => {
    for (const r of [included, duplicate, error, totalLine]) expect(rowPredicate({})(r)).toBe(true);
  });

  it('rows without a FY, period or category never match a filter on them', () => {
    expect(rowPredicate({ fy: 2022 })(error)).toBe(false);
    expect(rowPredicate({ periods: { kind: 'quarter', quarter: 2 } })(totalLine)).toBe(false);
    expect(rowPredicate({ category: 'staff' })(error)).toBe(false);
  });

  it('a reason matches an exclusion reason or an error code', () => {
    expect(rowPredicate({ reason: 'duplicate' })(duplicate)).toBe(true);
    expect(rowPredicate({ reason: 'bad-date' })(error)).toBe(true);
    expect(rowPredicate({ reason: 'bad-date' })(duplicate)).toBe(false);
  });

  it('March takes P13 with it', () => {
    expect(rowPredicate({ fy: 2022, periods: { kind: 'month', month: '2023-03' } })(duplicate)).toBe(true);
    expect(rowPredicate({ fy: 2022, periods: { kind: 'period', period: 12 } })(duplicate)).toBe(false);
  });

  it('reasons belong to one outcome each', () => {
    for (const r of EXCLUSION_REASONS) expect(outcomeOfReason(r)).toBe('excluded');
    for (const c of ROW_ERROR_CODES) expect(outcomeOfReason(c)).toBe('error');
  });
});

const amount = fc.bigInt({ min: -1_000_000_000n, max: 1_000_000_000n });
const arbitraryRow: fc.Arbitrary<ObservedRow> = fc.oneof(
  fc.record({ fy: fc.integer({ min: 2021, max: 2024 }), period: fc.integer({ min: 1, max: 16 }), category: fc.constantFrom(...CATEGORIES), amount }).map((r) => row({ outcome: 'included', ...r })),
  fc.record({ fy: fc.integer({ min: 2021, max: 2024 }), period: fc.integer({ min: 1, max: 16 }), reason: fc.constantFrom(...EXCLUSION_REASONS), amount }).map((r) => row({ outcome: 'excluded', ...r })),
  fc.record({ code: fc.constantFrom(...ROW_ERROR_CODES), amount }).map((r) => row({ outcome: 'error', ...r })),
);

describe('totals', () => {
  it('the drills by outcome, and by reason, add up to every row: nothing is lost or counted twice', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 60 }), (rows) => {
        const drill = (filter: Parameters<typeof collectMatchingRows>[0]) => {
          const c = collectMatchingRows(filter);
          rows.forEach(c.observer);
          return { rows: c.matches.length, amount: c.matches.amount };
        };
        const all = drill({});
        const byOutcome = (['included', 'excluded', 'error'] as const).map((outcome) => drill({ outcome }));
        expect(byOutcome.reduce((s, t) => s + t.amount, 0n)).toBe(all.amount);
        expect(byOutcome.reduce((s, t) => s + t.rows, 0)).toBe(all.rows);
        const notIncluded = ROW_REASONS.map((reason) => drill({ reason }));
        expect(notIncluded.reduce((s, t) => s + t.amount, 0n)).toBe(all.amount - (byOutcome[0]?.amount ?? 0n));
      }),
    );
  });
});

describe('the report', () => {
  const tally = (file: string): FileTally => ({
    file,
    profile: 'gl',
    rows: 1,
    readTotal: 0n,
    lines: { header: 1, metadata: 0, data: 1, total: 0, footer: 0, blank: 0, continuation: 0 },
    included: { rows: 0, amount: 0n },
    excluded: { rows: 0, amount: 0n },
    errors: { rows: 0, amount: 0n },
    amountUnreadable: 0,
    controlTotal: undefined,
  });
  const ledger = { years: [], exclusions: new Map(), errors: new ErrorList(), duplicates: [], files: [tally('z.csv'), tally('a.csv')], payrollDifferences: [], costCentres: [], warnings: { count: 0, kept: [] } } as unknown as Ledger;
  const facts = [0, 1].map(() => ({ sha256: 'x', bytes: 0, encoding: 'ascii', lines: 2 }));

  it('lists rows in input order (not name order), then line, with labels and positions', () => {
    const rows = [
      row({ outcome: 'included', source: { file: 'a.csv', line: 3 }, fy: 2022, period: 13, category: 'comms', amount: 5n }),
      row({ outcome: 'excluded', reason: 'duplicate', source: { file: 'a.csv', line: 2 }, fy: 2022, period: 1, duplicateOf: { file: 'z.csv', line: 7 } }),
      row({ outcome: 'error', code: 'bad-amount', source: { file: 'z.csv', line: 10 }, amount: 0n }),
    ];
    const report = buildRowsReport(MatchedRows.of(rows), { fy: 2022 }, ledger, facts, PCD_1215.grant, '2023-01-01T00:00:00Z');
    const listed = [...report.rows];
    expect(report.rows.length).toBe(3);
    expect(listed.map((r) => `${r.file}:${r.line}`)).toEqual(['z.csv:10', 'a.csv:2', 'a.csv:3']);
    const nothingDescribed = { documentNumber: null, documentLine: null, supplier: null, description: null, account: null, accountName: null, costCentre: null, costCentreName: null, payElement: null };
    expect(listed[2]).toEqual({ file: 'a.csv', line: 3, outcome: 'included', reason: null, category: 'comms', rule: null, year: '2022/23', period: 'P13', month: '2023-03', amount: 5n, duplicateOf: null, ...nothingDescribed, why: null });
    expect(listed[1]?.duplicateOf).toBe('z.csv:7');
    expect(listed[1]?.why).toBe('repeats z.csv:7');
    expect(listed[0]).toMatchObject({ reason: 'bad-amount', year: null, period: null, month: null });
    expect(report.total).toEqual({ rows: 3, amount: 105n, amountUnreadable: 0 });
    expect(report.filter).toEqual({ year: '2022/23', period: null, quarter: null, month: null, category: null, outcome: null, reason: null });
  });
});

describe('what a row is, and why', () => {
  it('the report carries each GL row\'s detail, and says why it was included', () => {
    const detail = { documentNumber: '5105100083', documentLine: '1', supplier: 'Vidmark Forensics Ltd', description: 'Video analysis software annual maintenance 2022/23', account: '531000', accountName: 'Software Licences', costCentre: 'SMH002', costCentreName: 'Social Media Hub - Digital Investigations' };
    const matches = MatchedRows.of([row({ outcome: 'included', fy: 2022, period: 6, category: 'software', rule: 'software-53', amount: 1875000n, detail })]);
    const ledger = { years: [], exclusions: new Map(), errors: new ErrorList(), duplicates: [], files: [], payrollDifferences: [], costCentres: [], warnings: { count: 0, kept: [] } } as unknown as Ledger;
    const [listed] = [...buildRowsReport(matches, {}, ledger, [], PCD_1215.grant, '2023-01-01T00:00:00Z').rows];
    expect(listed).toMatchObject({ ...detail, payElement: null, rule: 'software-53', why: 'chart rule software-53' });
  });

  it('names the value that decided each exclusion', () => {
    const excluded = (reason: ExclusionReason, over: Partial<ObservedRow> = {}) => whyOf(row({ outcome: 'excluded', reason, ...over }));
    expect(excluded('ineligible-account', { detail: { account: '601000' } })).toBe('no chart rule covers account 601000');
    expect(excluded('ineligible-account', { rule: 'hospitality', detail: { account: '601000' } })).toBe('chart rule hospitality makes account 601000 ineligible');
    expect(excluded('ineligible-pay-element', { profile: 'payroll', detail: { payElement: 'Apprenticeship Levy' } })).toBe('pay element Apprenticeship Levy is not eligible');
    expect(excluded('not-grant-cost-centre', { detail: { costCentre: 'ABC999' } })).toBe("cost centre ABC999 is not one of the grant's");
    expect(excluded('not-grant-cost-centre', { profile: 'payroll', detail: {} })).toBe("its cost centre is not one of the grant's");
    expect(excluded('outside-grant-years', { fy: 2021 })).toBe('2021/22 is not a year of the grant');
    expect(excluded('duplicate', { duplicateOf: { file: 'b.csv', line: 4 } })).toBe('repeats b.csv:4');
    expect(excluded('payroll-evidence', { fy: 2022, period: 1, category: 'officers' })).toBe('evidence for the GL officers pay postings of 2022-04');
    expect(excluded('control-total')).toBe("the export's own total line");
    expect(excluded('footer')).toBe("a note below the export's total line");
    for (const reason of EXCLUSION_REASONS) expect(excluded(reason, { fy: 2021, period: 1, category: 'staff', duplicateOf: { file: 'b.csv', line: 4 } })).not.toBeNull();
    expect(whyOf(row({ outcome: 'error', code: 'bad-date', detail: { message: 'Posting Date: 31/02/2023 is not a date' } }))).toBe('Posting Date: 31/02/2023 is not a date');
  });
});
