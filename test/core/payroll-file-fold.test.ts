import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { LedgerFold, UNNAMED_PAYROLL_COST_CENTRE, type Ledger, type ObservedRow, type PayrollLayout } from '../../src/core/fold/ledger.js';
import { exclusions, tally } from '../support/ledger-views.js';
import { GL_TEST_LAYOUT } from '../support/gl-layout.js';

type Row = readonly string[];
/** Columns: Payroll Period, Employee Number, Staff Type, Cost Centre, Pay Element, Amount, Pay Date. */
const PAYROLL: PayrollLayout = { payrollPeriod: 0, employeeNumber: 1, staffType: 2, costCentre: 3, payElement: 4, amount: 5, payDate: 6, width: 7 };

/** A file to fold: `gl:name` is a GL export (GL_TEST_LAYOUT), any other name a payroll export. Header on line 1. */
function fold(files: Record<string, readonly Row[]>, config: GrantConfig = PCD_1215): Ledger {
  const ledger = new LedgerFold(config);
  for (const [name, rows] of Object.entries(files)) {
    const f = name.startsWith('gl:') ? ledger.beginGlFile(name.slice(3), GL_TEST_LAYOUT) : ledger.beginPayrollFile(name, PAYROLL);
    f.header(1, 0);
    rows.forEach((cells, i) => f.accept(i + 2, cells));
    f.end();
  }
  return ledger.finish();
}

/** Included money of a FY and period, by category (staff, officers, software, equipment, training, comms). */
const period = (l: Ledger, fy: number, p: number) => l.years.find((y) => y.fy === fy)?.amounts[p - 1];
const fromPayroll = (l: Ledger, fy: number, p: number) => l.years.find((y) => y.fy === fy)?.payroll[p - 1];

const pay = (month: string, type: string, element: string, amount: string, employee = 'E100001', cc = 'SMH001', payDate = ''): Row => [month, employee, type, cc, element, amount, payDate];
/** A GL pay journal row (GL_TEST_LAYOUT): account 51 is staff, 50 officers. */
const journal = (doc: string, date: string, account: string, amount: string, cc = 'SMH001'): Row => [doc, '1', date, '', cc, account, amount];

describe('payroll rows: category, year and period', () => {
  it('an eligible payroll row is included in the month it was incurred, in the category of its staff type, as payroll money', () => {
    // 2022-05 is P02 of 2022/23; 2023-01 is P10.
    const l = fold({ 'p.csv': [pay('2022-05', 'Police Staff', 'Basic Pay', '2,500.00'), pay('2023-01', 'police OFFICER', 'Overtime', '310.50')] });
    expect(period(l, 2022, 2)).toEqual([250000n, 0n, 0n, 0n, 0n, 0n]);
    expect(period(l, 2022, 10)).toEqual([0n, 31050n, 0n, 0n, 0n, 0n]);
    expect(fromPayroll(l, 2022, 2)).toEqual([250000n, 0n, 0n, 0n, 0n, 0n]);
    expect(fromPayroll(l, 2022, 10)).toEqual([0n, 31050n, 0n, 0n, 0n, 0n]);
    expect(tally(l)).toMatchObject({ profile: 'payroll', rows: 2, readTotal: 281050n, included: { rows: 2, amount: 281050n } });
  });

  it('months outside the grant years are excluded: March 2022 is 2021/22, March 2024 is the last month of 2023/24, April 2024 is 2024/25', () => {
    const l = fold({ 'p.csv': [pay('2022-03', 'Police Staff', 'Basic Pay', '1.00'), pay('2024-03', 'Police Staff', 'Basic Pay', '2.00'), pay('2024-04', 'Police Staff', 'Basic Pay', '4.00')] });
    expect(exclusions(l)).toEqual([['outside-grant-years', 2, 500n]]);
    expect(period(l, 2023, 12)).toEqual([200n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('apprenticeship levy and exit costs are ineligible pay elements, compared folding case and spaces; other elements are eligible', () => {
    const l = fold({
      'p.csv': [
        pay('2022-04', 'Police Staff', 'Apprenticeship  LEVY', '10.00'),
        pay('2022-04', 'Police Staff', 'Redundancy', '20.00'),
        pay('2022-04', 'Police Officer', 'severance', '40.00'),
        pay('2022-04', 'Police Staff', 'London Weighting', '80.00'),
        pay('2022-04', 'Police Staff', 'Something New', '1.60'),
      ],
    });
    expect(exclusions(l)).toEqual([['ineligible-pay-element', 3, 7000n]]);
    // London Weighting and an element no list names: 80.00 + 1.60 = 81.60.
    expect(period(l, 2022, 1)).toEqual([8160n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('the configuration decides which pay elements are ineligible', () => {
    const config: GrantConfig = { ...PCD_1215, ineligiblePayElements: ['overtime'] };
    const l = fold({ 'p.csv': [pay('2022-04', 'Police Staff', 'Apprenticeship Levy', '10.00'), pay('2022-04', 'Police Staff', 'OverTime', '20.00')] }, config);
    expect(exclusions(l)).toEqual([['ineligible-pay-element', 1, 2000n]]);
    expect(tally(l).included).toEqual({ rows: 1, amount: 1000n });
  });
});

describe('outcome precedence of a payroll row', () => {
  const SMH: GrantConfig = { ...PCD_1215, costCentres: ['SMH001'] };

  it('a duplicate of an earlier file\'s row is a duplicate before anything else; identical rows inside one file are all kept', () => {
    const levy = pay('2021-06', 'Police Staff', 'Apprenticeship Levy', '5.00', 'E1', 'OTHER');
    const basic = pay('2022-06', 'Police Staff', 'Basic Pay', '100.00');
    const l = fold({ 'a.csv': [levy, basic, basic], 'b.csv': [levy, basic, basic, basic] }, SMH);
    // b: the levy row (outside the grant years too) and two basic rows repeat a's; the third basic row is new.
    expect(exclusions(l)).toEqual([
      ['duplicate', 3, 20500n],
      ['outside-grant-years', 1, 500n],
    ]);
    expect([...l.duplicates].map((d) => `${d.source.file}:${d.source.line}>${d.duplicateOf.file}:${d.duplicateOf.line}`)).toEqual(['b.csv:2>a.csv:2', 'b.csv:3>a.csv:3', 'b.csv:4>a.csv:4']);
    expect(tally(l, 0).included).toEqual({ rows: 2, amount: 20000n });
    expect(tally(l, 1).included).toEqual({ rows: 1, amount: 10000n });
  });

  it('the pay date is not compared (docs/inputs.md): rows that differ only in it are duplicates', () => {
    const l = fold({ 'a.csv': [pay('2022-06', 'Police Staff', 'Overtime', '50.00', 'E1', 'SMH001', '25/06/2022')], 'b.csv': [pay('2022-06', 'Police Staff', 'Overtime', '50.00', 'E1', 'SMH001', '25/07/2022')] });
    expect(exclusions(l)).toEqual([['duplicate', 1, 5000n]]);
  });

  it('the whole content identifies a payroll row: another employee\'s identical pay is not a duplicate', () => {
    const l = fold({ 'a.csv': [pay('2022-06', 'Police Staff', 'Basic Pay', '100.00', 'E1')], 'b.csv': [pay('2022-06', 'Police Staff', 'Basic Pay', '100.00', 'E2')] });
    expect(exclusions(l)).toEqual([]);
    expect(period(l, 2022, 3)).toEqual([20000n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('outside the grant years before not a grant cost centre, before an ineligible pay element, before payroll evidence', () => {
    const l = fold(
      {
        // A GL staff pay posting for May 2022 makes May's eligible staff payroll evidence.
        'gl:gl.csv': [journal('J1', '20/05/2022', '511000', '999.00')],
        'p.csv': [
          pay('2021-05', 'Police Staff', 'Redundancy', '1.00', 'E1', 'OTHER'), // outside-grant-years
          pay('2022-05', 'Police Staff', 'Redundancy', '2.00', 'E1', 'OTHER'), // not-grant-cost-centre
          pay('2022-05', 'Police Staff', 'Redundancy', '4.00', 'E1', 'SMH001'), // ineligible-pay-element
          pay('2022-05', 'Police Staff', 'Basic Pay', '8.00', 'E1', 'SMH001'), // payroll-evidence
        ],
      },
      SMH,
    );
    expect(exclusions(l)).toEqual([
      ['outside-grant-years', 1, 100n],
      ['not-grant-cost-centre', 1, 200n],
      ['ineligible-pay-element', 1, 400n],
      ['payroll-evidence', 1, 800n],
    ]);
    expect(tally(l, 1).included).toEqual({ rows: 0, amount: 0n });
  });

  it('a row in error is an error before it can be a duplicate', () => {
    const bad = pay('2022-13', 'Police Staff', 'Basic Pay', '1.00');
    const l = fold({ 'a.csv': [bad], 'b.csv': [bad] });
    expect([...l.errors].map((e) => [e.source.file, e.code])).toEqual([
      ['a.csv', 'bad-period'],
      ['b.csv', 'bad-period'],
    ]);
    expect([...l.duplicates]).toEqual([]);
  });
});

describe('payroll evidence behind GL pay journals', () => {
  it('payroll of a FY, period and category with an included GL pay posting is evidence, whichever file comes first; others are included', () => {
    const payroll = [
      pay('2022-05', 'Police Staff', 'Basic Pay', '2,000.00'), // staff, May: the GL has staff pay for May → evidence
      pay('2022-05', 'Police Staff', 'Overtime', '150.00'), // evidence too
      pay('2022-05', 'Police Officer', 'Basic Pay', '3,000.00'), // officers, May: no GL officer pay → included
      pay('2022-06', 'Police Staff', 'Basic Pay', '2,000.00'), // staff, June: no GL staff pay in June → included
    ];
    const gl = [journal('J1', '31/05/2022', '511000', '2,150.00'), journal('J2', '30/06/2022', '531000', '50.00')];
    for (const files of [{ 'gl:gl.csv': gl, 'p.csv': payroll }, { 'p.csv': payroll, 'gl:gl.csv': gl }]) {
      const l = fold(files);
      // 2,000.00 + 150.00 = 2,150.00 of evidence.
      expect(exclusions(l)).toEqual([['payroll-evidence', 2, 215000n]]);
      // May: staff 2,150.00 from the GL, officers 3,000.00 from payroll. June: staff 2,000.00 payroll, software 50.00.
      expect(period(l, 2022, 2)).toEqual([215000n, 300000n, 0n, 0n, 0n, 0n]);
      expect(fromPayroll(l, 2022, 2)).toEqual([0n, 300000n, 0n, 0n, 0n, 0n]);
      expect(period(l, 2022, 3)).toEqual([200000n, 0n, 5000n, 0n, 0n, 0n]);
      const p = l.files.find((f) => f.profile === 'payroll');
      expect(p).toMatchObject({ included: { rows: 2, amount: 500000n }, excluded: { rows: 2, amount: 215000n } });
      // The evidence agrees with the journal to the penny: no difference to report.
      expect(l.payrollDifferences).toEqual([]);
    }
  });

  it('where the evidence and the GL pay posting disagree, the difference is reported with both figures', () => {
    const l = fold({ 'gl:gl.csv': [journal('J1', '31/05/2022', '501000', '3,000.00')], 'p.csv': [pay('2022-05', 'Police Officer', 'Basic Pay', '2,999.99')] });
    expect(l.payrollDifferences).toEqual([{ fy: 2022, period: 2, category: 'officers', gl: 300000n, payroll: 299999n, files: ['p.csv'], line: 2 }]);
  });

  it('a difference names the payroll exports of its evidence in input order, and the first row of that evidence in the first', () => {
    const may = (amount: string, cc = 'SMH001') => pay('2022-05', 'Police Officer', 'Basic Pay', amount, 'E100001', cc);
    const june = pay('2022-06', 'Police Officer', 'Basic Pay', '5.00');
    const l = fold({
      'gl:gl.csv': [journal('J1', '31/05/2022', '501000', '3,000.00')],
      // Lines 2 and 3 are another month; the May officers' evidence starts on line 4 (SMH002), then line 5 (SMH001).
      'b.csv': [june, june, may('1,000.00', 'SMH002'), may('999.99')],
      'other-month.csv': [june],
      'a.csv': [may('1,000.00')],
    });
    expect(l.payrollDifferences).toEqual([{ fy: 2022, period: 2, category: 'officers', gl: 300000n, payroll: 299999n, files: ['b.csv', 'a.csv'], line: 4 }]);
  });

  it('a GL pay posting that is itself excluded is no journal: the payroll counts as spend', () => {
    const config: GrantConfig = { ...PCD_1215, costCentres: ['SMH001'] };
    const l = fold({ 'gl:gl.csv': [journal('J1', '31/05/2022', '511000', '2,000.00', 'OTHER')], 'p.csv': [pay('2022-05', 'Police Staff', 'Basic Pay', '2,000.00')] }, config);
    expect(exclusions(l)).toEqual([['not-grant-cost-centre', 1, 200000n]]);
    expect(period(l, 2022, 2)).toEqual([200000n, 0n, 0n, 0n, 0n, 0n]);
  });
});

describe('payroll cost centres in the cost-centre lines', () => {
  it('a cost centre only payroll names is listed unnamed unless the configuration names it or a GL row has it', () => {
    const rows = [pay('2022-04', 'Police Staff', 'Basic Pay', '1.00', 'E1', 'PAY9'), pay('2022-04', 'Police Staff', 'Basic Pay', '2.00', 'E1', 'smh001')];
    expect(fold({ 'p.csv': rows }).costCentres).toEqual([{ fy: 2022, period: 1, costCentre: UNNAMED_PAYROLL_COST_CENTRE, rows: 2, amount: 300n }]);
    const named = fold({ 'p.csv': rows }, { ...PCD_1215, costCentres: ['SMH001', 'PAY9'] }).costCentres;
    expect(named).toEqual([
      { fy: 2022, period: 1, costCentre: 'PAY9', rows: 1, amount: 100n },
      { fy: 2022, period: 1, costCentre: 'SMH001', rows: 1, amount: 200n },
    ]);
    // A GL software row in SMH001 names it; PAY9 stays unnamed.
    const withGl = fold({ 'gl:gl.csv': [journal('J1', '05/04/2022', '531000', '4.00')], 'p.csv': rows }).costCentres;
    expect(withGl).toEqual([
      { fy: 2022, period: 1, costCentre: UNNAMED_PAYROLL_COST_CENTRE, rows: 1, amount: 100n },
      { fy: 2022, period: 1, costCentre: 'SMH001', rows: 2, amount: 600n },
    ]);
  });
});

describe('payroll rows that cannot be read quote no personal data', () => {
  it('an unknown staff type names no value, and the excerpt shows only cells that pass their own check', () => {
    const l = fold({ 'p.csv': [pay('2022-05', 'Contractor', 'Overtime', '10.00', 'EMP-123456', 'SMH001', '25/05/2022')] });
    expect([...l.errors]).toEqual([
      {
        source: { file: 'p.csv', line: 2 },
        code: 'unknown-staff-type',
        message: 'Staff Type is neither Police Officer nor Police Staff',
        hint: 'the allowed values are Police Officer (officers) and Police Staff (staff)',
        // The cost centre is not configured (it could be anything), the staff type is not one: masked.
        excerpt: '2022-05,[masked],[masked],[masked],Overtime,10.00,25/05/2022',
      },
    ]);
    expect(tally(l).errors).toEqual({ rows: 1, amount: 1000n });
  });

  it('a configured cost centre and a known pay element are shown; a name shifted into the element column, and an amount that is not one, are not', () => {
    const config: GrantConfig = { ...PCD_1215, costCentres: ['SMH001'] };
    const l = fold({ 'p.csv': [pay('2022-05', 'Police Staff', 'Jane Doe', '1.005', 'EMP-1', 'SMH001'), pay('2022-05', 'Police Staff', 'Overtime', '1.005', 'EMP-1', 'SMH001')] }, config);
    expect([...l.errors].map((e) => e.excerpt)).toEqual(['2022-05,[masked],Police Staff,SMH001,[masked],[masked]', '2022-05,[masked],Police Staff,SMH001,Overtime,[masked]']);
    expect(l.errors.at(0).message).toMatch(/^Amount: amount has more than two decimal places/);
    expect(l.errors.at(0).message).not.toContain('1.005');
  });

  it('a row that does not split into the header\'s columns shows no cell at all', () => {
    const l = fold({ 'p.csv': [[...pay('2022-05', 'Police Staff', 'Basic Pay', '10.00'), 'Doe, Jane']] });
    expect(l.errors.at(0)).toMatchObject({
      code: 'wrong-column-count',
      message: "the row has a value in column 8, beyond the header's 7 columns",
      excerpt: "[8 cells, not shown: the row does not split into the header's 7 columns]",
    });
    expect(tally(l)).toMatchObject({ errors: { rows: 1, amount: 0n }, amountUnreadable: 1, readTotal: 0n });
  });

  it('a row longer than its header line, its last cells empty, is a wrong-column-count error showing no cell: a name with a comma moved the employee number into the Amount', () => {
    // An unquoted "Doe, Jane" in the Employee Number's place moves each cell after it one place on: eight cells, the
    // last empty, where the header line has seven; a number that would be money stands in the Pay Date's place.
    const moved = ['2022-05', 'Doe', ' Jane', 'Police Staff', 'SMH001', 'Basic Pay', '700002', ''];
    const l = fold({ 'p.csv': [pay('2022-05', 'Police Staff', 'Basic Pay', '10.00'), moved] });
    expect(l.errors.at(0)).toMatchObject({
      source: { file: 'p.csv', line: 3 },
      code: 'wrong-column-count',
      message: expect.stringMatching(/^the row has 8 cells, more than the header line and the first row have \(7\), and a payroll row is never read past a cell that may have moved/) as string,
      excerpt: "[7 cells, not shown: the row does not split into the header's 7 columns]",
    });
    expect(tally(l)).toMatchObject({ errors: { rows: 1, amount: 0n }, amountUnreadable: 1, readTotal: 1000n });
    expect(JSON.stringify([...l.errors])).not.toContain('700002');
  });

  it('rows that all end with one empty cell more than the header line (an exporter\'s habit) are read, and one with a second is not', () => {
    const trailing = (row: Row): Row => [...row, ''];
    const l = fold({ 'p.csv': [trailing(pay('2022-05', 'Police Staff', 'Basic Pay', '10.00')), trailing(pay('2022-05', 'Police Staff', 'Basic Pay', '20.00', 'E2')), [...pay('2022-05', 'Police Staff', 'Basic Pay', '30.00', 'E3'), '', '']] });
    expect(tally(l)).toMatchObject({ included: { rows: 2, amount: 3000n }, errors: { rows: 1, amount: 0n }, amountUnreadable: 1 });
    expect(l.errors.at(0)).toMatchObject({ code: 'wrong-column-count', source: { line: 4 } });
    expect(l.errors.at(0).message).toMatch(/^the row has 9 cells, more than the header line and the first row have \(8\)/);
  });

  it('a month that is not yyyy-mm is a bad-period error; a bad pay date is a bad-date error quoting no value', () => {
    const l = fold({ 'p.csv': [pay('May 2022', 'Police Staff', 'Basic Pay', '1.00'), pay('2022-05', 'Police Staff', 'Basic Pay', '2.00', 'E1', 'SMH001', '31/06/2022')] });
    expect([...l.errors].map((e) => [e.source.line, e.code])).toEqual([
      [2, 'bad-period'],
      [3, 'bad-date'],
    ]);
    expect(l.errors.at(0).message).toBe('Payroll Period is not a month written yyyy-mm');
    expect(l.errors.at(1).message).toMatch(/^Pay Date: /);
    expect(l.errors.at(1).message).not.toContain('31/06/2022');
    // Both amounts were read: 1.00 + 2.00 in error.
    expect(tally(l).errors).toEqual({ rows: 2, amount: 300n });
  });

  it('a blank employee number is a missing field', () => {
    const l = fold({ 'p.csv': [pay('2022-05', 'Police Staff', 'Basic Pay', '1.00', '')] });
    expect([...l.errors].map((e) => [e.code, e.message])).toEqual([['missing-field', 'required field Employee Number is blank']]);
  });
});

describe('the total line of a payroll export', () => {
  const rows = [pay('2022-05', 'Police Staff', 'Basic Pay', '100.00'), pay('2022-05', 'Police Staff', 'Apprenticeship Levy', '0.50')];

  it('an unlabelled total (no month, no employee, only an amount) that matches is the control-total exclusion', () => {
    const l = fold({ 'p.csv': [...rows, ['', '', '', '', '', '100.50']] });
    expect(tally(l).controlTotal).toEqual({ line: 4, stated: 10050n, computed: 10050n, matches: true });
    expect(exclusions(l)).toEqual([
      ['control-total', 1, 0n],
      ['ineligible-pay-element', 1, 50n],
    ]);
  });

  it('a mismatch shows neither the total line nor a stated value that is not an amount', () => {
    const l = fold({ 'p.csv': [...rows, ['Total', '', '', '', '', 'E100001']] });
    expect(l.errors.at(0)).toMatchObject({
      code: 'control-total-mismatch',
      message: "the export's total line has no readable amount in Amount (not an amount); the rows above it sum to £100.50",
      excerpt: '[the total line, 6 cells: not shown]',
    });
  });

  it('an amount below the total line is an after-total error that does not quote it', () => {
    const l = fold({ 'p.csv': [...rows, ['Total', '', '', '', '', '100.50'], pay('2022-06', 'Police Staff', 'Basic Pay', '7.00')] });
    expect(l.errors.at(0)).toMatchObject({
      source: { file: 'p.csv', line: 5 },
      code: 'after-total',
      message: "an amount stands below the export's total line",
      excerpt: '[a line below the total line, 6 cells: not shown]',
    });
    expect(tally(l).errors).toEqual({ rows: 1, amount: 700n });
  });
});

describe('payroll control totals for any mix of rows (property, against a model)', () => {
  type Kind = 'staff' | 'officer' | 'levy' | 'outside' | 'unknown-type' | 'bad-month' | 'bad-amount' | 'blank';
  const kinds: Kind[] = ['staff', 'officer', 'levy', 'outside', 'unknown-type', 'bad-month', 'bad-amount', 'blank'];
  const rowArb = fc.record({ kind: fc.constantFrom(...kinds), pence: fc.bigInt({ min: -1_000_000_00n, max: 1_000_000_00n }), month: fc.integer({ min: 1, max: 12 }) });
  /** An amount written by hand: -1234.56 or 1234.56. */
  const written = (p: bigint): string => {
    const abs = p < 0n ? -p : p;
    return `${p < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  };

  it('every row in one outcome, with the money the model gives it; payroll held to the end counts in its file', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (model) => {
        const rows: Row[] = model.map((r, i) => {
          // Months of 2022/23: April 2022 (month 1) … March 2023 (month 12).
          const month = r.month <= 9 ? `2022-${String(r.month + 3).padStart(2, '0')}` : `2023-0${r.month - 9}`;
          const employee = `E${i}`;
          const amount = written(r.pence);
          switch (r.kind) {
            case 'staff':
              return pay(month, 'Police Staff', 'Basic Pay', amount, employee);
            case 'officer':
              return pay(month, 'Police Officer', 'Overtime', amount, employee);
            case 'levy':
              return pay(month, 'Police Staff', 'Apprenticeship Levy', amount, employee);
            case 'outside':
              return pay('2021-07', 'Police Staff', 'Basic Pay', amount, employee);
            case 'unknown-type':
              return pay(month, 'Agency', 'Basic Pay', amount, employee);
            case 'bad-month':
              return pay('2022-00', 'Police Staff', 'Basic Pay', amount, employee);
            case 'bad-amount':
              return pay(month, 'Police Staff', 'Basic Pay', `${amount}1`, employee);
            case 'blank':
              return [''];
          }
        });
        const of = (ks: Kind[]) => model.filter((r) => ks.includes(r.kind));
        const sum = (ks: Kind[]): bigint => of(ks).reduce((s, r) => s + r.pence, 0n);
        const l = fold({ 'p.csv': rows });
        const t = tally(l);
        expect(t.readTotal).toBe(sum(['staff', 'officer', 'levy', 'outside', 'unknown-type', 'bad-month']));
        expect(t.included).toEqual({ rows: of(['staff', 'officer']).length, amount: sum(['staff', 'officer']) });
        expect(t.excluded).toEqual({ rows: of(['levy', 'outside']).length, amount: sum(['levy', 'outside']) });
        expect(t.errors).toEqual({ rows: of(['unknown-type', 'bad-month', 'bad-amount']).length, amount: sum(['unknown-type', 'bad-month']) });
        expect(t.amountUnreadable).toBe(of(['bad-amount']).length);
        expect(t.rows).toBe(model.length - of(['blank']).length);
        expect(t.readTotal).toBe(t.included.amount + t.excluded.amount + t.errors.amount);
        const year = l.years.find((y) => y.fy === 2022);
        for (let p = 1; p <= 12; p++) {
          const staffSum = model.filter((r) => r.kind === 'staff' && r.month === p).reduce((s, r) => s + r.pence, 0n);
          const officerSum = model.filter((r) => r.kind === 'officer' && r.month === p).reduce((s, r) => s + r.pence, 0n);
          expect(year?.amounts[p - 1]).toEqual([staffSum, officerSum, 0n, 0n, 0n, 0n]);
          expect(year?.payroll[p - 1]).toEqual([staffSum, officerSum, 0n, 0n, 0n, 0n]);
          expect(year?.rowCounts[p - 1]).toBe(model.filter((r) => (r.kind === 'staff' || r.kind === 'officer') && r.month === p).length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('what a payroll row is, for an observer that wants it: never personal data', () => {
  function observe(files: Record<string, readonly Row[]>, config: GrantConfig = PCD_1215): ObservedRow[] {
    const seen: ObservedRow[] = [];
    const ledger = new LedgerFold(config, Object.assign((row: ObservedRow) => void seen.push(row), { wantsDetail: true }));
    for (const [name, rows] of Object.entries(files)) {
      const f = name.startsWith('gl:') ? ledger.beginGlFile(name.slice(3), GL_TEST_LAYOUT) : ledger.beginPayrollFile(name, PAYROLL);
      f.header(1, 0);
      rows.forEach((cells, i) => f.accept(i + 2, cells));
      f.end();
    }
    ledger.finish();
    return seen;
  }
  const SMH: GrantConfig = { ...PCD_1215, costCentres: ['SMH001'] };
  const text = (rows: readonly ObservedRow[]): string => JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));

  it('shows a known pay element as written and a configured cost centre; never the employee number', () => {
    const rows = observe({ 'p.csv': [pay('2022-05', 'Police Staff', 'London  Weighting', '352.85', 'EMP-700001')] }, SMH);
    expect(rows[0]).toMatchObject({ outcome: 'included', category: 'staff', detail: { costCentre: 'SMH001', payElement: 'London Weighting' } });
    expect(Object.keys(rows[0]?.detail ?? {}).sort()).toEqual(['costCentre', 'payElement']);
    expect(text(rows)).not.toContain('EMP-700001');
  });

  it('an ineligible pay element names the element that decided it', () => {
    const rows = observe({ 'p.csv': [pay('2022-05', 'Police Officer', 'Apprenticeship Levy', '13.21')] });
    expect(rows[0]).toMatchObject({ reason: 'ineligible-pay-element', detail: { payElement: 'Apprenticeship Levy' } });
  });

  it('a cost centre the configuration does not name, and a pay element nobody knows, are not shown: either cell could hold a name', () => {
    const rows = observe({ 'p.csv': [pay('2022-05', 'Police Staff', 'Orlagh Quennellby', '10.00', 'E1', 'Orlagh Quennellby')] });
    expect(rows[0]).toMatchObject({ outcome: 'included' });
    expect(rows[0]?.detail).toEqual({});
    const other = observe({ 'p.csv': [pay('2022-05', 'Police Staff', 'Basic Pay', '10.00', 'E1', 'Tamsin Ravelhurst')] }, SMH);
    expect(other[0]).toMatchObject({ reason: 'not-grant-cost-centre', detail: { payElement: 'Basic Pay' } });
    expect(text([...rows, ...other])).not.toMatch(/Quennellby|Ravelhurst/);
  });

  it('payroll evidence carries its detail too', () => {
    const rows = observe({ 'gl:g.csv': [journal('J1', '31/05/2022', '511000', '10.00')], 'p.csv': [pay('2022-05', 'Police Staff', 'Basic Pay', '10.00')] }, SMH);
    expect(rows.find((r) => r.profile === 'payroll')).toMatchObject({ reason: 'payroll-evidence', detail: { costCentre: 'SMH001', payElement: 'Basic Pay' } });
  });
});
