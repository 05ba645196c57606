import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import { LedgerFold, type GlLayout, type ObservedRow, type PayrollLayout, type YearTotals } from '../../src/core/fold/ledger.js';
import { contentIdentity, keyIdentity } from '../../src/core/rules/row-identity.js';
import { diffRows, reportedPeriods, restateYears, type EarlierYear, type RowFingerprint } from '../../src/core/reports/restatement.js';
import type { Category, Pence } from '../../src/core/types.js';

const CATEGORIES = PCD_1215_CATEGORIES.map((c) => c.id);

const FY = 2022;

function row(id: string, period: number, category: Category, amount: Pence, file = 'a.csv', line = 2): RowFingerprint {
  return { id, fy: FY, period, category, amount, file, line };
}

/** The matrix `[period - 1][category]` of a set of rows, as the fold would total them. */
function totalsOf(rows: readonly RowFingerprint[]): Pence[][] {
  const amounts = Array.from({ length: 16 }, () => CATEGORIES.map(() => 0n));
  for (const r of rows) {
    const cells = amounts[r.period - 1] as Pence[];
    const c = CATEGORIES.indexOf(r.category);
    cells[c] = (cells[c] as Pence) + r.amount;
  }
  return amounts;
}

function yearTotals(rows: readonly RowFingerprint[]): YearTotals {
  return { fy: FY, categories: CATEGORIES, amounts: totalsOf(rows), payroll: totalsOf([]), rowCounts: Array.from({ length: 16 }, () => 0) };
}

function earlierYear(rows: readonly RowFingerprint[], reported: Iterable<number>): EarlierYear {
  return { fy: FY, amounts: totalsOf(rows), reported: new Set(reported) };
}

describe('reportedPeriods: which periods an earlier reconciliation reported', () => {
  it('runs to its --to month; March takes P13–P16 with it', () => {
    expect([...reportedPeriods(6, [1, 2, 9], [])]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...reportedPeriods(12, [], [])]).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('without --to, runs to the latest month with data, months without data inside that range included, and the year-end periods it listed', () => {
    expect([...reportedPeriods(null, [1, 3], [])]).toEqual([1, 2, 3]);
    expect([...reportedPeriods(null, [2, 13], [13])].sort((a, b) => a - b)).toEqual([1, 2, 13]);
    expect([...reportedPeriods(null, [], [])]).toEqual([]);
  });

  it('takes a month for every row of a large earlier file (more than a call can take as arguments)', () => {
    const months = Array.from({ length: 500_000 }, (_, i) => (i === 400_000 ? 7 : 1 + (i % 4)));
    expect([...reportedPeriods(null, months, [])]).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('diffRows: the rows that moved', () => {
  const cellOf = (r: RowFingerprint): string => `${r.period}|${r.category}`;

  it('finds an added, a removed and a changed row by key, and leaves equal rows alone', () => {
    const then = [row('key:1/1', 1, 'software', 120000n, 'may.csv', 2), row('key:2/1', 1, 'comms', 31050n, 'may.csv', 3), row('key:3/1', 2, 'training', 85000n, 'may.csv', 4)];
    const now = [row('key:1/1', 1, 'software', 120000n, 'june.csv', 2), row('key:2/1', 1, 'comms', 35050n, 'june.csv', 3), row('key:4/1', 1, 'software', 9999n, 'june.csv', 4)];
    const changes = diffRows(then, now, cellOf);
    expect(changes.get('1|comms')).toEqual([
      {
        change: 'changed',
        id: 'key:2/1',
        before: { file: 'may.csv', line: 3, year: '2022/23', period: 'P01', category: 'comms', amount: 31050n },
        after: { file: 'june.csv', line: 3, year: '2022/23', period: 'P01', category: 'comms', amount: 35050n },
        amount: 4000n,
      },
    ]);
    expect(changes.get('2|training')?.map((c) => [c.change, c.amount])).toEqual([['removed', -85000n]]);
    expect(changes.get('1|software')?.map((c) => [c.change, c.id, c.amount])).toEqual([['added', 'key:4/1', 9999n]]);
    expect(changes.size).toBe(3);
  });

  it('lists a row that moved period in both cells: −before where it was, +after where it is', () => {
    const changes = diffRows([row('key:7/1', 1, 'equipment', 64000n)], [row('key:7/1', 2, 'equipment', 64000n)], cellOf);
    expect(changes.get('1|equipment')?.map((c) => [c.change, c.amount])).toEqual([['changed', -64000n]]);
    expect(changes.get('2|equipment')?.map((c) => [c.change, c.amount])).toEqual([['changed', 64000n]]);
  });

  it('a keyless row whose amount changed is one changed row; identical keyless rows count as many times as each side holds them', () => {
    const overtime = contentIdentity(['payroll', '2022-05', 'police staff', 'SMH001', 'overtime']);
    const basic = contentIdentity(['payroll', '2022-05', 'police staff', 'SMH001', 'basic pay']);
    const then = [row(overtime, 2, 'staff', 21000n, 'may.csv', 6), row(basic, 2, 'staff', 250000n, 'may.csv', 5), row(basic, 2, 'staff', 250000n, 'may.csv', 7)];
    const now = [row(overtime, 2, 'staff', 24500n, 'june.csv', 6), row(basic, 2, 'staff', 250000n, 'june.csv', 5)];
    const changes = diffRows(then, now, cellOf).get('2|staff') ?? [];
    expect(changes.map((c) => [c.change, c.amount, c.before?.line ?? null, c.after?.line ?? null])).toEqual([
      ['changed', 3500n, 6, 6],
      ['removed', -250000n, 7, null],
    ]);
  });

  it('leaves out cells that are not compared', () => {
    const changes = diffRows([], [row('key:9/1', 3, 'software', 120000n)], (r) => (r.period <= 2 ? cellOf(r) : undefined));
    expect(changes.size).toBe(0);
  });
});

describe('restateYears', () => {
  it('by hand: the month-to-month pair of fixtures/against', () => {
    // May's export (fixtures/against/may) and June's (fixtures/against/june), as fingerprints; the figures below
    // were worked out by hand from the CSV files, not taken from the program.
    const pay = (element: string, month: string): string => contentIdentity(['payroll', month, 'police staff', 'SMH001', element]);
    const officer = (month: string): string => contentIdentity(['payroll', month, 'police officer', 'SMH001', 'basic pay']);
    const may = [
      row(keyIdentity('5300000001/1'), 1, 'software', 120000n),
      row(keyIdentity('5300000002/1'), 1, 'equipment', 250000n),
      row(keyIdentity('5300000003/1'), 1, 'comms', 31050n),
      row(keyIdentity('5300000007/1'), 1, 'equipment', 64000n),
      row(keyIdentity('5300000004/1'), 2, 'software', 120000n),
      row(keyIdentity('5300000005/1'), 2, 'training', 85000n),
      row(keyIdentity('5300000006/1'), 2, 'comms', 29525n),
      row(pay('basic pay', '2022-04'), 1, 'staff', 250000n),
      row(pay('overtime', '2022-04'), 1, 'staff', 18040n),
      row(officer('2022-04'), 1, 'officers', 310000n),
      row(pay('basic pay', '2022-05'), 2, 'staff', 250000n),
      row(pay('overtime', '2022-05'), 2, 'staff', 21000n),
      row(officer('2022-05'), 2, 'officers', 310000n),
    ];
    const june = [
      row(keyIdentity('5300000001/1'), 1, 'software', 120000n),
      row(keyIdentity('5300000002/1'), 1, 'equipment', 250000n),
      row(keyIdentity('5300000003/1'), 1, 'comms', 35050n),
      row(keyIdentity('5300000008/1'), 1, 'software', 9999n),
      row(keyIdentity('5300000004/1'), 2, 'software', 120000n),
      row(keyIdentity('5300000007/1'), 2, 'equipment', 64000n),
      row(keyIdentity('5300000006/1'), 2, 'comms', 29525n),
      row(keyIdentity('5300000009/1'), 3, 'software', 120000n),
      row(pay('basic pay', '2022-04'), 1, 'staff', 250000n),
      row(pay('overtime', '2022-04'), 1, 'staff', 18040n),
      row(officer('2022-04'), 1, 'officers', 310000n),
      row(pay('basic pay', '2022-05'), 2, 'staff', 250000n),
      row(pay('overtime', '2022-05'), 2, 'staff', 24500n),
      row(officer('2022-05'), 2, 'officers', 310000n),
      row(pay('basic pay', '2022-06'), 3, 'staff', 250000n),
      row(officer('2022-06'), 3, 'officers', 310000n),
    ];
    const [year] = restateYears([earlierYear(may, reportedPeriods(null, [1, 2], []))], [yearTotals(june)], { earlier: may, current: june });
    expect(year?.reportedThrough).toBe('P02');
    expect(year?.restatement).toBe(-67501n);
    expect(year?.periods.map((p) => [p.period, p.earlier, p.now, p.restatement])).toEqual([
      ['P01', 1043090n, 993089n, -50001n],
      ['P02', 815525n, 798025n, -17500n],
    ]);
    expect(year?.periods.flatMap((p) => p.categories.map((c) => [p.period, c.category, c.restatement, c.changes.map((x) => x.change)]))).toEqual([
      ['P01', 'software', 9999n, ['added']],
      ['P01', 'equipment', -64000n, ['changed']],
      ['P01', 'comms', 4000n, ['changed']],
      ['P02', 'staff', 3500n, ['changed']],
      ['P02', 'equipment', 64000n, ['changed']],
      ['P02', 'training', -85000n, ['removed']],
    ]);
  });

  it('without rows, compares the figures only', () => {
    const then = [row('key:1/1', 1, 'software', 100n)];
    const now = [row('key:1/1', 1, 'software', 150n), row('key:2/1', 4, 'software', 900n)];
    const [year] = restateYears([earlierYear(then, [1])], [yearTotals(now)]);
    expect(year?.periods).toEqual([
      { period: 'P01', month: '2022-04', earlier: 100n, now: 150n, restatement: 50n, categories: [{ category: 'software', earlier: 100n, now: 150n, restatement: 50n, changes: [] }] },
    ]);
  });

  it('new periods are not restatements; nothing changed gives no period', () => {
    const rows = [row('key:1/1', 1, 'software', 100n)];
    const [year] = restateYears([earlierYear(rows, [1])], [yearTotals([...rows, row('key:2/1', 2, 'comms', 5n)])], { earlier: rows, current: [...rows, row('key:2/1', 2, 'comms', 5n)] });
    expect(year).toEqual({ year: '2022/23', reportedThrough: 'P01', restatement: 0n, periods: [] });
  });
});

describe('the identity: row changes add up to each restatement', () => {
  const ids = fc.constantFrom('key:1/1', 'key:2/1', 'key:3/1', 'key:4/1', 'hash:a', 'hash:b');
  const fingerprint = fc.record({
    id: ids,
    fy: fc.constant(FY),
    period: fc.integer({ min: 1, max: 16 }),
    category: fc.constantFrom(...CATEGORIES),
    amount: fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
    file: fc.constant('x.csv'),
    line: fc.integer({ min: 2, max: 9999 }),
  });
  const sides = fc.tuple(fc.array(fingerprint, { maxLength: 30 }), fc.array(fingerprint, { maxLength: 30 }), fc.integer({ min: 0, max: 16 }));

  it('per cell, now − then = the sum of its row changes, and cells left out did not change', () => {
    fc.assert(
      fc.property(sides, ([then, now, through]) => {
        const reported = Array.from({ length: through }, (_, i) => i + 1);
        const [year] = restateYears([earlierYear(then, reported)], [yearTotals(now)], { earlier: then, current: now });
        const listed = new Set<string>();
        for (const p of year?.periods ?? []) {
          let periodSum = 0n;
          for (const c of p.categories) {
            listed.add(`${p.period}|${c.category}`);
            expect(c.now - c.earlier).toBe(c.restatement);
            expect(c.changes.reduce((s, x) => s + x.amount, 0n)).toBe(c.restatement);
            periodSum += c.restatement;
          }
          expect(periodSum).toBe(p.restatement);
          expect(p.now - p.earlier).toBe(p.restatement);
        }
        const thenTotals = totalsOf(then);
        const nowTotals = totalsOf(now);
        for (const p of reported) {
          CATEGORIES.forEach((category, c) => {
            if (!listed.has(`P${String(p).padStart(2, '0')}|${category}`)) expect(nowTotals[p - 1]?.[c]).toBe(thenTotals[p - 1]?.[c]);
          });
        }
        // The year's restatement is the whole change over the periods reported.
        const sum = (m: Pence[][]): Pence => reported.reduce((s, p) => s + (m[p - 1] as Pence[]).reduce((a, b) => a + b, 0n), 0n);
        expect(year?.restatement).toBe(sum(nowTotals) - sum(thenTotals));
      }),
      { numRuns: 300 },
    );
  });

  it('the same rows in another order and other positions restate nothing', () => {
    fc.assert(
      fc.property(fc.array(fingerprint, { maxLength: 30 }), (rows) => {
        const moved = [...rows].reverse().map((r, i) => ({ ...r, file: 'y.csv', line: i + 2 }));
        const [year] = restateYears([earlierYear(rows, Array.from({ length: 16 }, (_, i) => i + 1))], [yearTotals(moved)], { earlier: rows, current: moved });
        expect(year?.periods).toEqual([]);
      }),
    );
  });
});

describe('row identities from the fold', () => {
  // Payroll columns: Payroll Period, Employee Number, Staff Type, Cost Centre, Pay Element, Amount
  const PAYROLL: PayrollLayout = { payrollPeriod: 0, employeeNumber: 1, staffType: 2, costCentre: 3, payElement: 4, amount: 5, payDate: undefined, width: 6 };
  const GL: GlLayout = { documentNumber: 0, line: 1, key: [['Document Number', 0], ['Line', 1]], postingDate: 2, period: 3, costCentre: 4, account: 5, net: 6, width: 7 };

  function identities(wantsIdentity: boolean): (string | undefined)[] {
    const seen: (string | undefined)[] = [];
    const observer = Object.assign((row: ObservedRow) => {
      if (row.outcome === 'included') seen.push(row.identity);
    }, { wantsIdentity });
    const fold = new LedgerFold(PCD_1215, observer);
    const gl = fold.beginGlFile('gl.csv', GL);
    gl.accept(2, [' 5300000003 ', '1', '20/04/2022', 'P01', 'SMH001', '531000', '310.50']);
    gl.end();
    const payroll = fold.beginPayrollFile('payroll.csv', PAYROLL);
    payroll.accept(2, ['2022-05', 'EMP-111111', 'Police Staff', 'SMH001', 'Overtime', '210.00']);
    payroll.accept(3, ['2022-05', 'EMP-222222', 'Police Staff', 'SMH001', 'Overtime', '99.00']);
    payroll.end();
    fold.finish();
    return seen;
  }

  it('a keyed row by its key; a payroll row by a hash that leaves out the employee number and the amount', () => {
    const [gl, first, second] = identities(true);
    expect(gl).toBe('key:5300000003/1');
    expect(first).toMatch(/^hash:[0-9a-f]{32}$/);
    // Two people's overtime of one month and cost centre share an id: no employee number is inside it.
    expect(second).toBe(first);
    expect(first).toBe(contentIdentity(['payroll', '2022-05', 'police staff', 'SMH001', 'overtime']));
  });

  it('is worked out only for an observer that asks for it', () => {
    expect(identities(false)).toEqual([undefined, undefined, undefined]);
  });
});
