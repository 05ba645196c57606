import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { completeConflicts } from '../../src/core/fold/gl-file-fold.js';
import { LedgerFold, type Ledger, type ObservedRow, type RowObserver } from '../../src/core/fold/ledger.js';
import { EXCLUSION_REASONS } from '../../src/core/types.js';
import { GL_TEST_LAYOUT } from '../support/gl-layout.js';

const LAYOUT = GL_TEST_LAYOUT;

type Row = readonly string[];
function fold(files: Record<string, readonly Row[]>, config = PCD_1215, observer?: RowObserver): Ledger {
  const ledger = new LedgerFold(config, observer);
  for (const [file, rows] of Object.entries(files)) {
    const f = ledger.beginGlFile(file, LAYOUT);
    rows.forEach((cells, i) => f.accept(i + 2, cells));
    f.end();
  }
  return ledger.finish();
}
const excluded = (l: Ledger, reason: (typeof EXCLUSION_REASONS)[number]) => l.exclusions.get(reason);
const period = (l: Ledger, fy: number, p: number) => l.years.find((y) => y.fy === fy)?.amounts[p - 1];

describe('the fold: one outcome per row', () => {
  it('includes an eligible row in its FY, period and category', () => {
    const l = fold({ 'a.csv': [['1', '1', '05/04/2022', 'P01', 'SMH001', '511000', '1,000.00']] });
    expect(period(l, 2022, 1)).toEqual([100000n, 0n, 0n, 0n, 0n, 0n]);
    expect(l.files[0]?.included).toEqual({ rows: 1, amount: 100000n });
  });

  it('places each default-chart account in its category', () => {
    const rows = ['501000', '511000', '521000', '531000', '541000', '551000'].map((a, i) => [String(i), '1', '01/05/2022', '', 'X', a, '1.00']);
    const l = fold({ 'a.csv': rows });
    // staff, officers, software, equipment, training, comms
    expect(period(l, 2022, 2)).toEqual([100n, 100n, 100n, 100n, 100n, 100n]);
  });

  it('excludes other accounts, years outside the grant, and counts their money', () => {
    const l = fold({
      'a.csv': [
        ['1', '1', '05/04/2022', '', 'X', '601000', '50.00'],
        ['2', '1', '28/03/2022', '', 'X', '511000', '20.00'],
        ['3', '1', '02/04/2024', '', 'X', '511000', '30.00'],
      ],
    });
    expect(excluded(l, 'ineligible-account')).toEqual({ rows: 1, amount: 5000n });
    expect(excluded(l, 'outside-grant-years')).toEqual({ rows: 2, amount: 5000n });
  });

  it('puts a P13 line dated in April into the year just closed', () => {
    const l = fold({ 'a.csv': [['1', '1', '15/04/2023', 'P13', 'X', '541000', '-200.00']] });
    expect(period(l, 2022, 13)).toEqual([0n, 0n, 0n, -20000n, 0n, 0n]);
  });

  it('outside-grant-years comes before ineligible-account (precedence)', () => {
    const l = fold({ 'a.csv': [['1', '1', '28/03/2022', '', 'X', '601000', '50.00']] });
    expect(excluded(l, 'outside-grant-years')?.rows).toBe(1);
    expect(excluded(l, 'ineligible-account')?.rows).toBe(0);
  });

  it('excludes rows of other cost centres when grant cost centres are configured, compared trimmed and case-insensitively', () => {
    const config = { ...PCD_1215, costCentres: ['SMH001'] };
    const l = fold({ 'a.csv': [['1', '1', '05/04/2022', '', ' smh001 ', '511000', '1.00'], ['2', '1', '05/04/2022', '', 'OTHER', '511000', '2.00']] }, config);
    expect(l.files[0]?.included.rows).toBe(1);
    expect(excluded(l, 'not-grant-cost-centre')).toEqual({ rows: 1, amount: 200n });
  });
});

describe('duplicates and conflicts', () => {
  const row = ['5100', '1', '05/04/2022', 'P01', 'SMH001', '511000', '10.00'];

  it('keeps identical rows inside one file', () => {
    const l = fold({ 'a.csv': [row, row] });
    expect(l.files[0]?.included).toEqual({ rows: 2, amount: 2000n });
    expect([...l.duplicates]).toEqual([]);
  });

  it('marks a later file row a duplicate only as many times as an earlier file holds it, naming the copy', () => {
    const l = fold({ 'a.csv': [row, row], 'b.csv': [row, row, row] });
    expect([...l.duplicates]).toEqual([
      { source: { file: 'b.csv', line: 2 }, duplicateOf: { file: 'a.csv', line: 2 } },
      { source: { file: 'b.csv', line: 3 }, duplicateOf: { file: 'a.csv', line: 3 } },
    ]);
    expect(excluded(l, 'duplicate')).toEqual({ rows: 2, amount: 2000n });
    expect(l.files[1]?.included).toEqual({ rows: 1, amount: 1000n });
  });

  it('with three files, counts the most copies any one earlier file holds', () => {
    const l = fold({ 'a.csv': [row], 'b.csv': [row, row], 'c.csv': [row, row, row] });
    // b: 1 duplicate of a; c: 2 duplicates (b holds 2), named in b.
    expect([...l.duplicates].map((d) => `${d.source.file}:${d.source.line}>${d.duplicateOf.file}:${d.duplicateOf.line}`)).toEqual([
      'b.csv:2>a.csv:2',
      'c.csv:2>b.csv:2',
      'c.csv:3>b.csv:3',
    ]);
  });

  it('ignores text columns and compares keys and codes trimmed and case-insensitively', () => {
    const l = fold({ 'a.csv': [row], 'b.csv': [[' 5100 ', '1', '5 Apr 2022', '1', 'smh001', '511000', '£10.00']] });
    expect(excluded(l, 'duplicate')?.rows).toBe(1);
  });

  it('a row with the key of an earlier row and different content is a conflicting duplicate', () => {
    const l = fold({ 'a.csv': [row], 'b.csv': [['5100', '1', '05/04/2022', 'P01', 'SMH001', '511000', '12.00']] });
    expect([...l.errors]).toEqual([
      expect.objectContaining({
        source: { file: 'b.csv', line: 2 },
        code: 'conflicting-duplicate',
        message: 'Document Number + Line 5100/1 was already read at a.csv:2 with different content',
      }),
    ]);
    expect(l.files[1]?.errors).toEqual({ rows: 1, amount: 1200n });
  });

  it('notes each conflict for its message to say what differs, once the row it cites is read again', () => {
    const ledger = new LedgerFold(PCD_1215);
    const a = ledger.beginGlFile('a.csv', LAYOUT);
    a.accept(2, row);
    a.accept(3, ['5200', '1', '05/04/2022', 'P01', 'SMH001', '511000', '7.00']);
    a.end();
    const b = ledger.beginGlFile('b.csv', LAYOUT);
    b.accept(2, ['5100', '1', '05/04/2022', 'P01', 'SMH001', '511000', '12.00']);
    b.accept(3, ['5200', '1', '06/04/2022', 'P01', 'SMH001', '511000', '7.00']);
    b.accept(4, ['5200', '1', '06/04/2022', 'P01', 'SMH001', '511000', '-3.00']);
    b.end();
    const l = ledger.finish();
    expect(ledger.conflicts).toEqual([
      { error: 0, with: { file: 'a.csv', line: 2 }, net: 1200n },
      { error: 1, with: { file: 'a.csv', line: 3 }, net: 700n },
      { error: 2, with: { file: 'a.csv', line: 3 }, net: -300n },
    ]);
    // As if a.csv:2 were read again, a.csv:3 too, and a.csv:3 could not be the second time.
    const nets = [new Map([[2, 1000n], [3, 700n]]), new Map([[2, 1000n]])];
    for (const [i, net] of nets.entries()) {
      const messages = [...completeConflicts(l.errors, ledger.conflicts, ({ line }) => net.get(line))].map((e) => e.message.replace(/.* with different content /, ''));
      expect(messages).toEqual(
        i === 0
          ? ['(Net Amount 10.00 there, 12.00 here)', '(the posting date, period, cost centre or account differs)', '(Net Amount 7.00 there, -3.00 here)']
          : ['(Net Amount 10.00 there, 12.00 here)', '(Net Amount 7.00 here; the row there could not be read again)', '(Net Amount -3.00 here; the row there could not be read again)'],
      );
    }
    // The ledger's own errors are left as they were.
    expect(l.errors.at(0).message).toBe('Document Number + Line 5100/1 was already read at a.csv:2 with different content');
  });

  it('inside one file, the later of two different rows with one key is the error', () => {
    const l = fold({ 'a.csv': [row, ['5100', '1', '06/04/2022', 'P01', 'SMH001', '511000', '10.00']] });
    expect([...l.errors].map((e) => [e.source.line, e.code])).toEqual([[3, 'conflicting-duplicate']]);
  });

  it('rows in error take no part in duplicate detection', () => {
    const bad = ['5100', '1', '31/02/2022', 'P01', 'SMH001', '511000', '10.00'];
    const l = fold({ 'a.csv': [bad], 'b.csv': [row] });
    expect([...l.duplicates]).toEqual([]);
    expect(l.files[1]?.included.rows).toBe(1);
  });
});

describe('total lines', () => {
  const rows: Row[] = [
    ['1', '1', '05/04/2022', '', 'X', '511000', '10.00'],
    ['2', '1', '05/04/2022', '', 'X', '601000', '5.50'],
  ];

  it('a matching Total line is a control-total exclusion at 0.00, and notes below it are footers', () => {
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', '15.50'], ['Report generated by SAP']] });
    expect(excluded(l, 'control-total')).toEqual({ rows: 1, amount: 0n });
    expect(excluded(l, 'footer')).toEqual({ rows: 1, amount: 0n });
    expect(l.files[0]?.controlTotal).toEqual({ line: 4, stated: 1550n, computed: 1550n, matches: true });
  });

  it('an unlabelled total (only an amount, no key, no date) is recognised', () => {
    const l = fold({ 'a.csv': [...rows, ['', '', '', '', '', '', '15.50']] });
    expect(excluded(l, 'control-total')?.rows).toBe(1);
  });

  it('a mismatch is a control-total-mismatch error with both figures', () => {
    const l = fold({ 'a.csv': [...rows, ['Grand Total', '', '', '', '', '', '16.00']] });
    expect([...l.errors]).toEqual([
      expect.objectContaining({
        code: 'control-total-mismatch',
        source: { file: 'a.csv', line: 4 },
        message: "the export's total line states £16.00 but the rows above it sum to £15.50 (difference £0.50)",
      }),
    ]);
  });

  it('the total counts every readable amount above it, rows in error too', () => {
    const l = fold({ 'a.csv': [...rows, ['3', '1', 'not a date', '', 'X', '511000', '4.50'], ['TOTAL', '', '', '', '', '', '20.00']] });
    expect(l.files[0]?.controlTotal?.matches).toBe(true);
  });

  it('an amount below the total line is an after-total error', () => {
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', '15.50'], ['9', '1', '05/04/2022', '', 'X', '511000', '1.00']] });
    expect([...l.errors].map((e) => [e.source.line, e.code])).toEqual([[5, 'after-total']]);
  });
});

describe('rows in error', () => {
  const cases: [Row, string, string][] = [
    [['1', '1', '31/02/2023', '', 'X', '511000', '1.00'], 'bad-date', 'Posting Date: date "31/02/2023" does not exist (February 2023 has 28 days)'],
    [['1', '1', '01/05/2022', 'P17', 'X', '511000', '1.00'], 'bad-period', 'Period: '],
    [['1', '1', '01/05/2022', '', 'X', '511000', '1.005'], 'bad-amount', 'Net Amount: '],
    [['1', '1', '01/05/2022', '', 'X', '', '1.00'], 'missing-field', 'required field Account Code is blank'],
    [['1', '1', '01/05/2022', '', 'X', '511000', '1.00', 'extra'], 'wrong-column-count', "the row has a value in column 8, beyond the header's 7 columns"],
    [['1', '1', '01/05/2022', '', 'X'], 'wrong-column-count', 'the row has 5 cells and stops before the required column Account Code (column 6)'],
  ];
  it.each(cases)('%j is %s', (cells, code, message) => {
    const l = fold({ 'a.csv': [cells] });
    expect(l.errors).toHaveLength(1);
    expect(l.errors.at(0).code).toBe(code);
    expect(l.errors.at(0).message.startsWith(message)).toBe(true);
    expect(l.errors.at(0).source).toEqual({ file: 'a.csv', line: 2 });
  });

  it('trailing empty cells beyond the header are ignored', () => {
    const l = fold({ 'a.csv': [['1', '1', '01/05/2022', '', 'X', '511000', '1.00', '', ' ']] });
    expect([...l.errors]).toEqual([]);
  });
});

describe('control totals hold for any mix of rows (property)', () => {
  const cell = fc.oneof(
    fc.constantFrom('', 'Total', 'x', '511000', '601000', '05/04/2022', '31/02/2023', '15/04/2023', 'P13', 'P17', '13', '1.005'),
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => (n / 100).toFixed(2)),
    fc.integer({ min: 1, max: 5 }).map(String),
  );
  const rowArb = fc.array(cell, { minLength: 0, maxLength: 9 });
  it('input total = included + excluded + in error, per file and in all, and every row has one outcome', () => {
    fc.assert(
      fc.property(fc.array(fc.array(rowArb, { maxLength: 25 }), { minLength: 1, maxLength: 3 }), (files) => {
        const l = fold(Object.fromEntries(files.map((rows, i) => [`f${i}.csv`, rows])));
        for (const f of l.files) {
          expect(f.readTotal).toBe(f.included.amount + f.excluded.amount + f.errors.amount);
          expect(f.rows).toBe(f.included.rows + f.excluded.rows + f.errors.rows);
        }
        const included = l.years.flatMap((y) => y.amounts.flat()).reduce((s, a) => s + a, 0n);
        expect(included).toBe(l.files.reduce((s, f) => s + f.included.amount, 0n));
        const excludedRows = [...l.exclusions.values()].reduce((s, t) => s + t.rows, 0);
        expect(excludedRows).toBe(l.files.reduce((s, f) => s + f.excluded.rows, 0));
        expect(l.errors.length).toBe(l.files.reduce((s, f) => s + f.errors.rows, 0));
      }),
    );
  });
});

describe('every row observed once (property)', () => {
  const cell = fc.oneof(
    fc.constantFrom('', 'Total', '511000', '601000', '05/04/2022', '31/02/2023', '15/04/2023', 'P13', '13', '1.005'),
    fc.integer({ min: -100_000, max: 100_000 }).map((n) => (n / 100).toFixed(2)),
    fc.integer({ min: 1, max: 4 }).map(String),
  );
  it('the observer sees each data row exactly once, with the outcome and amount the tallies count', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 20 }), { minLength: 1, maxLength: 3 }), (files) => {
        const seen: ObservedRow[] = [];
        const l = fold(Object.fromEntries(files.map((rows, i) => [`f${i}.csv`, rows])), PCD_1215, (row) => seen.push(row));
        const positions = seen.map((r) => `${r.source.file}:${r.source.line}`);
        expect(new Set(positions).size).toBe(positions.length);
        for (const f of l.files) {
          const mine = seen.filter((r) => r.source.file === f.file);
          expect(mine.length).toBe(f.rows);
          for (const outcome of ['included', 'excluded', 'error'] as const) {
            const rows = mine.filter((r) => r.outcome === outcome);
            const tally = outcome === 'included' ? f.included : outcome === 'excluded' ? f.excluded : f.errors;
            expect([rows.length, rows.reduce((s, r) => s + r.amount, 0n)]).toEqual([tally.rows, tally.amount]);
          }
        }
        expect(seen.filter((r) => r.reason === 'duplicate').map((r) => r.duplicateOf)).toEqual([...l.duplicates].map((d) => d.duplicateOf));
      }),
    );
  });
});

describe('excluded rows by the month they are dated in (what shows a month of an earlier year)', () => {
  const rows = (l: Ledger, fy: number): number[] => l.years.find((y) => y.fy === fy)?.excludedRows ?? [];
  const GL = (doc: string, date: string, period: string, account: string, amount: string): Row => [doc, '1', date, period, 'SMH001', account, amount];

  it('counts each excluded row of a grant year in its period, whatever its reason, observed or not; not included rows, rows in error or other years', () => {
    const files = {
      'a.csv': [
        GL('1', '05/05/2022', '', '601000', '50.00'), // ineligible-account, 2022/23 P02
        GL('2', '06/05/2022', '', '511000', '20.00'), // included, 2022/23 P02: counted in rowCounts, not here
        GL('3', '15/04/2023', 'P13', '601000', '1.00'), // ineligible-account, 2022/23 P13
        GL('4', '07/05/2022', '', '511000', 'x'), // bad-amount: a row in error shows nothing
        GL('5', '28/03/2022', '', '511000', '9.00'), // outside-grant-years (2021/22): no grant year to count it in
      ],
      'b.csv': [GL('2', '06/05/2022', '', '511000', '20.00')], // duplicate of a.csv:3, 2022/23 P02
    };
    const expected = Array.from({ length: 16 }, () => 0);
    expected[1] = 2;
    expected[12] = 1;
    for (const observer of [undefined, Object.assign(() => undefined, {}) as RowObserver]) {
      const l = fold(files, PCD_1215, observer);
      expect(rows(l, 2022)).toEqual(expected);
      expect(rows(l, 2023)).toEqual(Array.from({ length: 16 }, () => 0));
      expect(l.years.find((y) => y.fy === 2022)?.rowCounts[1]).toBe(1);
    }
  });
});
