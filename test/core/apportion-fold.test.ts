/**
 * Apportionment in the fold (fold/ledger.ts, gl-file-fold.ts, payroll-file-fold.ts, part-ledger.ts): the rows a
 * rule takes are split by group at finish(), each row counted once, every penny kept; payroll evidence is judged
 * before any rate; and a file folded in parts (as the workers fold it) gives the ledger a whole fold gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { LedgerFold, type Ledger, type ObservedRow, type PayrollLayout } from '../../src/core/fold/ledger.js';
import { PartFold } from '../../src/core/fold/part-ledger.js';
import type { ApportionmentRule } from '../../src/core/rules/apportion.js';
import { GL_TEST_LAYOUT } from '../support/gl-layout.js';

type Row = readonly string[];
const PAYROLL: PayrollLayout = { payrollPeriod: 0, employeeNumber: 1, staffType: 2, costCentre: 3, payElement: 4, amount: 5, payDate: 6, width: 7 };
const POST: ApportionmentRule = { name: 'post', match: { costCentre: 'SMH002' }, rate: '40', from: '2023-01-01', to: undefined };
const withRules = (...rules: ApportionmentRule[]): GrantConfig => ({ ...PCD_1215, apportionments: rules });

/** Folds files whole: `gl:name` a GL export (GL_TEST_LAYOUT), any other name a payroll export. */
function fold(files: Record<string, readonly Row[]>, config: GrantConfig, observer?: (row: ObservedRow) => void): Ledger {
  const ledger = new LedgerFold(config, observer);
  for (const [name, rows] of Object.entries(files)) {
    const f = name.startsWith('gl:') ? ledger.beginGlFile(name.slice(3), GL_TEST_LAYOUT) : ledger.beginPayrollFile(name, PAYROLL);
    f.header(1, 0);
    rows.forEach((cells, i) => f.accept(i + 2, cells));
    f.end();
  }
  return ledger.finish();
}

/** Folds GL files as the workers do: each in batches (cut after the records in `cuts`) by a PartFold, taken in order. */
function foldInParts(files: readonly (readonly Row[])[], config: GrantConfig, cuts: ReadonlySet<number>): Ledger {
  const ledger = new LedgerFold(config);
  files.forEach((rows, i) => {
    const f = ledger.beginGlFile(`f${i}.csv`, GL_TEST_LAYOUT);
    f.header(1, 0);
    const part = new PartFold(config);
    const file = part.beginGlFile('', GL_TEST_LAYOUT);
    let base = 2;
    rows.forEach((cells, j) => {
      expect(part.fold(file, j + 2 - base, cells, 0)).toBe(true);
      if (cuts.has(j) || j === rows.length - 1) {
        const folded = part.take(j + 3 - base, '', false);
        expect(f.takeFolded(folded, base)).toBe(folded.count);
        base = j + 3;
      }
    });
    f.end();
  });
  return ledger.finish();
}

const gl = (doc: string, date: string, cc: string, account: string, amount: string, period = ''): Row => [doc, '1', date, period, cc, account, amount];
const pay = (month: string, cc: string, element: string, amount: string): Row => [month, 'E100001', 'Police Staff', cc, element, amount, ''];
const money = (l: Ledger, fy: number, p: number) => l.years.find((y) => y.fy === fy)?.amounts[p - 1];

describe('the fold splits the rows a rule takes', () => {
  it('by group, in input order across files, each row counted once as included and its rest as apportioned-out money', () => {
    const seen: ObservedRow[] = [];
    const l = fold(
      {
        'gl:a.csv': [gl('1', '16/01/2023', 'SMH002', '511000', '333.33'), gl('2', '16/01/2023', 'SMH001', '511000', '10.00'), gl('3', '20/01/2023', 'SMH002', '551000', '0.03')],
        'gl:b.csv': [gl('4', '02/01/2023', 'SMH002', '551000', '0.03'), gl('5', '31/12/2022', 'SMH002', '511000', '99.99')],
      },
      withRules(POST),
      (row) => seen.push(row),
    );
    // Group 2022/23 P10: 333.33 + 0.03 + 0.03 = 333.39 × 40% = 133.356 → 133.36; floors 133.33 + 0.01 + 0.01 = 133.35;
    // one penny to the largest remainder: all three are 0.2p, so the earliest in input order (a.csv line 2).
    expect(l.apportionedGroups).toEqual([{ rule: 0, fy: 2022, period: 10, rows: 3, total: 33339n, included: 13336n, excluded: 20003n }]);
    // Staff: 133.34 + 10.00; comms: 0.01 + 0.01. The December row is before the rule's from date: whole.
    expect(money(l, 2022, 10)).toEqual([14334n, 0n, 0n, 0n, 0n, 2n]);
    expect(money(l, 2022, 9)).toEqual([9999n, 0n, 0n, 0n, 0n, 0n]);
    expect(l.exclusions.get('apportioned-out')).toEqual({ rows: 0, amount: 20003n });
    expect(l.files.map((f) => [f.included, f.excluded])).toEqual([
      [{ rows: 3, amount: 14335n }, { rows: 0, amount: 20001n }],
      [{ rows: 2, amount: 10000n }, { rows: 0, amount: 2n }],
    ]);
    const split = seen.filter((r) => r.apportioned !== undefined);
    expect(split.map((r) => [r.source.file, r.source.line, r.outcome, r.amount, r.apportioned?.excluded])).toEqual([
      ['a.csv', 2, 'included', 13334n, 19999n],
      ['a.csv', 4, 'included', 1n, 2n],
      ['b.csv', 2, 'included', 1n, 2n],
    ]);
  });

  it('at 0% every row of the rule is excluded as apportioned-out, and counted there', () => {
    const l = fold({ 'gl:a.csv': [gl('1', '16/01/2023', 'SMH002', '511000', '50.00'), gl('2', '16/01/2023', 'SMH002', '511000', '-5.00')] }, withRules({ ...POST, rate: '0' }));
    expect(l.exclusions.get('apportioned-out')).toEqual({ rows: 2, amount: 4500n });
    expect(l.files[0]?.included).toEqual({ rows: 0, amount: 0n });
    expect(money(l, 2022, 10)).toEqual([0n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('takes only rows otherwise included: a duplicate or an ineligible account keeps its own reason, whole', () => {
    const row = gl('1', '16/01/2023', 'SMH002', '511000', '10.00');
    const l = fold({ 'gl:a.csv': [row, gl('2', '16/01/2023', 'SMH002', '601000', '7.00')], 'gl:b.csv': [row] }, withRules(POST));
    expect(l.exclusions.get('duplicate')).toEqual({ rows: 1, amount: 1000n });
    expect(l.exclusions.get('ineligible-account')).toEqual({ rows: 1, amount: 700n });
    expect(l.exclusions.get('apportioned-out')).toEqual({ rows: 0, amount: 600n });
  });

  it('payroll: evidence for a GL pay journal is judged first (an apportioned journal still makes its payroll evidence); payroll that is spend is split', () => {
    const l = fold(
      {
        'gl:a.csv': [gl('1', '16/01/2023', 'SMH002', '511000', '1000.00')],
        'p.csv': [pay('2023-01', 'SMH002', 'Basic Pay', '1000.00'), pay('2023-02', 'SMH002', 'Basic Pay', '2000.00'), pay('2023-02', 'SMH002', 'Employer NI', '230.57')],
      },
      withRules(POST),
    );
    expect(l.exclusions.get('payroll-evidence')).toEqual({ rows: 1, amount: 100000n });
    // January: the journal at 40%. February: no journal, so the payroll is spend: 2230.57 × 40% = 892.228 → 892.23;
    // floors 800.00 + 92.22, the penny to Employer NI (0.8p left, against 0).
    expect(l.apportionedGroups?.map((g) => [g.period, g.total, g.included])).toEqual([
      [10, 100000n, 40000n],
      [11, 223057n, 89223n],
    ]);
    expect(l.years.find((y) => y.fy === 2022)?.payroll[10]).toEqual([89223n, 0n, 0n, 0n, 0n, 0n]);
    expect(l.payrollDifferences).toEqual([]);
  });

  it('by pay element, and a P13 row at its FY\'s 31 March', () => {
    const rules: ApportionmentRule[] = [
      { name: 'overtime', match: { payElement: 'overtime' }, rate: '50', from: '2022-04-01', to: '2023-03-31' },
      { ...POST, from: '2023-03-31', to: '2023-03-31' },
    ];
    const l = fold({ 'p.csv': [pay('2022-05', 'SMH001', ' OverTime ', '0.03')], 'gl:a.csv': [gl('1', '15/04/2023', 'SMH002', '551000', '0.05', 'P13')] }, withRules(...rules));
    expect(l.apportionedGroups?.map((g) => [g.rule, g.fy, g.period, g.included])).toEqual([
      [0, 2022, 2, 2n],
      [1, 2022, 13, 2n],
    ]);
  });
});

describe('folded in parts, as the workers fold', () => {
  const amount = fc.integer({ min: -500_000, max: 500_000 }).map((p) => `${p < 0 ? '-' : ''}${Math.floor(Math.abs(p) / 100)}.${String(Math.abs(p) % 100).padStart(2, '0')}`);
  const glRow = fc.record({ month: fc.integer({ min: 1, max: 12 }), cc: fc.constantFrom('SMH001', 'SMH002'), account: fc.constantFrom('511000', '531500', '601000'), amount });
  const rules: ApportionmentRule[] = [POST, { name: 'licence', match: { account: '531500' }, rate: '33.3333', from: '2022-10-01', to: undefined }];

  it('gives the ledger a whole fold gives (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(glRow, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 3 }), fc.uniqueArray(fc.nat(25)), (files, cuts) => {
        let doc = 0;
        const rows = files.map((file) =>
          file.map((r) => gl(String(++doc), `15/${String(r.month).padStart(2, '0')}/${r.month >= 4 ? 2022 : 2023}`, r.cc, r.account, r.amount)),
        );
        const config = withRules(...rules);
        const whole = fold(Object.fromEntries(rows.map((r, i) => [`gl:f${i}.csv`, r])), config);
        const parts = foldInParts(rows, config, new Set(cuts));
        expect(parts.apportionedGroups).toEqual(whole.apportionedGroups);
        expect(parts.years).toEqual(whole.years);
        expect([...parts.exclusions]).toEqual([...whole.exclusions]);
        expect(parts.files.map((f) => [f.included, f.excluded, f.readTotal])).toEqual(whole.files.map((f) => [f.included, f.excluded, f.readTotal]));
        expect(parts.costCentres).toEqual(whole.costCentres);
        // Every penny: included + excluded = read, for every file.
        for (const f of whole.files) expect(f.included.amount + f.excluded.amount + f.errors.amount).toBe(f.readTotal);
      }),
      { numRuns: 150 },
    );
  });
});
