import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { isDateInWindow, isMonthInWindow, isRowInWindow, windowMonthsOf } from '../../src/core/calendar/grant-window.js';
import { LedgerFold, type Ledger, type ObservedRow, type PayrollLayout } from '../../src/core/fold/ledger.js';
import { PartFold } from '../../src/core/fold/part-ledger.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { whyOf } from '../../src/core/reports/drill-down.js';
import { EXCLUSION_REASONS } from '../../src/core/types.js';
import { GL_TEST_LAYOUT } from '../support/gl-layout.js';
import { exclusions } from '../support/ledger-views.js';

type Row = readonly string[];
/** Columns: Payroll Period, Employee Number, Staff Type, Cost Centre, Pay Element, Amount, Pay Date. */
const PAYROLL: PayrollLayout = { payrollPeriod: 0, employeeNumber: 1, staffType: 2, costCentre: 3, payElement: 4, amount: 5, payDate: 6, width: 7 };

/** PCD 1215's years (2022/23 and 2023/24) with a window from 2022-07-01 to 2024-01-31 and grant cost centre SMH001. */
const WINDOWED: GrantConfig = { ...PCD_1215, costCentres: ['SMH001'], window: { from: '2022-07-01', to: '2024-01-31' } };

/** Folds files (`gl:name` a GL export, any other name a payroll export), header on line 1; every row observed. */
function fold(files: Record<string, readonly Row[]>, config: GrantConfig = WINDOWED): { ledger: Ledger; seen: ObservedRow[] } {
  const seen: ObservedRow[] = [];
  const ledger = new LedgerFold(config, (row) => seen.push(row));
  for (const [name, rows] of Object.entries(files)) {
    const f = name.startsWith('gl:') ? ledger.beginGlFile(name.slice(3), GL_TEST_LAYOUT) : ledger.beginPayrollFile(name, PAYROLL);
    f.header(1, 0);
    rows.forEach((cells, i) => f.accept(i + 2, cells));
    f.end();
  }
  return { ledger: ledger.finish(), seen };
}

// GL columns: Document Number, Line, Posting Date, Period, Cost Centre, Account Code, Net Amount.
const gl = (doc: string, date: string, amount: string, period = '', cc = 'SMH001', account = '531000'): Row => [doc, '1', date, period, cc, account, amount];
const pay = (month: string, amount: string, cc = 'SMH001'): Row => [month, 'E1', 'Police Staff', cc, 'Basic Pay', amount, ''];

describe('the grant window rule (calendar/grant-window.ts)', () => {
  const w = { from: '2022-07-01', to: '2024-01-31' };

  it('takes both ends: a date is inside from the first day to the last, inclusive', () => {
    expect([isDateInWindow(w, '2022-06-30'), isDateInWindow(w, '2022-07-01'), isDateInWindow(w, '2024-01-31'), isDateInWindow(w, '2024-02-01')]).toEqual([false, true, true, false]);
    // An end left out is open.
    expect(isDateInWindow({ to: '2024-01-31' }, '1999-01-01')).toBe(true);
    expect(isDateInWindow({ from: '2022-07-01' }, '2099-12-31')).toBe(true);
  });

  it('takes a month only when every day of it is inside', () => {
    // FY 2022, P04 = July 2022 (1st to 31st inside); P03 = June 2022 (outside).
    expect(isMonthInWindow(w, 2022, 4)).toBe(true);
    expect(isMonthInWindow(w, 2022, 3)).toBe(false);
    // A window from the 15th leaves that month out; one to the 15th leaves its month out too.
    expect(isMonthInWindow({ from: '2022-07-15' }, 2022, 4)).toBe(false);
    expect(isMonthInWindow({ to: '2024-01-15' }, 2023, 10)).toBe(false);
  });

  it('judges a GL row by its posting date, and a P13–P16 row by March of its FY', () => {
    // A P13 row of 2023/24 posted in April 2024 (after the window): March 2024 is after 2024-01-31, so outside.
    expect(isRowInWindow(w, '2024-04-10', 2023, 13)).toBe(false);
    // A P13 row of 2022/23 posted in April 2023: March 2023 is inside.
    expect(isRowInWindow(w, '2023-04-15', 2022, 13)).toBe(true);
    // A P13 row of 2022/23 under a window ending 2023-03-15: March 2023 is not wholly inside.
    expect(isRowInWindow({ to: '2023-03-15' }, '2023-04-15', 2022, 16)).toBe(false);
    // A P12 row posted on 2 April is judged by that date, not its period.
    expect(isRowInWindow({ to: '2023-03-31' }, '2023-04-02', 2022, 12)).toBe(false);
    // A payroll row (no posting date) by its month.
    expect(isRowInWindow(w, undefined, 2022, 4)).toBe(true);
    expect(isRowInWindow(w, undefined, 2022, 3)).toBe(false);
  });

  it('gives the months of a FY the window touches, for the run rate', () => {
    expect(windowMonthsOf(w, 2022)).toEqual({ first: 4, last: 12 }); // July 2022 to March 2023
    expect(windowMonthsOf(w, 2023)).toEqual({ first: 1, last: 10 }); // April 2023 to January 2024
    expect(windowMonthsOf({ from: '2022-07-15' }, 2022)).toEqual({ first: 4, last: 12 }); // July is touched
    expect(windowMonthsOf(w, 2021)).toBeUndefined();
    expect(windowMonthsOf(undefined, 2022)).toEqual({ first: 1, last: 12 });
  });
});

describe('outside-grant-window in the fold', () => {
  it('stands right after outside-grant-years among the exclusion reasons', () => {
    const at = EXCLUSION_REASONS.indexOf('outside-grant-years');
    expect(EXCLUSION_REASONS[at + 1]).toBe('outside-grant-window');
    expect(EXCLUSION_REASONS.indexOf('not-grant-cost-centre')).toBe(at + 2);
  });

  it('excludes GL rows outside the window, and no others', () => {
    const { ledger } = fold({
      'gl:a.csv': [
        gl('1', '30/06/2022', '10.00'), // the day before: outside
        gl('2', '01/07/2022', '20.00'), // the first day: inside
        gl('3', '31/01/2024', '40.00'), // the last day: inside
        gl('4', '01/02/2024', '80.00'), // the day after: outside
        gl('5', '10/04/2024', '160.00', 'P13'), // P13 of 2023/24: March 2024 is outside
        gl('6', '15/04/2023', '320.00', 'P13'), // P13 of 2022/23: March 2023 is inside
      ],
    });
    // Outside: 10.00 + 80.00 + 160.00 = 250.00 on 3 rows.
    expect(exclusions(ledger)).toEqual([['outside-grant-window', 3, 25000n]]);
    const y2022 = ledger.years.find((y) => y.fy === 2022);
    const y2023 = ledger.years.find((y) => y.fy === 2023);
    expect(y2022?.amounts[3]?.[2]).toBe(2000n); // July 2022 software
    expect(y2022?.amounts[12]?.[2]).toBe(32000n); // P13 of 2022/23
    expect(y2023?.amounts[9]?.[2]).toBe(4000n); // January 2024
  });

  it('comes after outside-grant-years and duplicate, before not-grant-cost-centre and ineligible-account', () => {
    const { ledger } = fold({
      'gl:a.csv': [
        gl('1', '15/03/2022', '1.00', '', 'OTHER', '601000'), // 2021/22: outside-grant-years first
        gl('2', '15/05/2022', '2.00', '', 'OTHER', '601000'), // May 2022: outside-grant-window before cost centre and account
        gl('3', '15/08/2022', '4.00', '', 'OTHER', '601000'), // inside: not-grant-cost-centre
      ],
      'gl:b.csv': [gl('2', '15/05/2022', '2.00', '', 'OTHER', '601000')], // a duplicate of a.csv:3 first
    });
    expect(exclusions(ledger)).toEqual([
      ['duplicate', 1, 200n],
      ['outside-grant-years', 1, 100n],
      ['outside-grant-window', 1, 200n],
      ['not-grant-cost-centre', 1, 400n],
    ]);
  });

  it('judges payroll rows by their month, before cost centres, and names the month in the drill-down', () => {
    const { ledger, seen } = fold({ 'p.csv': [pay('2022-06', '100.00'), pay('2022-07', '200.00'), pay('2024-02', '400.00', 'OTHER'), pay('2024-01', '800.00')] });
    expect(exclusions(ledger)).toEqual([['outside-grant-window', 2, 50000n]]);
    expect(ledger.years.find((y) => y.fy === 2022)?.amounts[3]?.[0]).toBe(20000n);
    expect(ledger.years.find((y) => y.fy === 2023)?.amounts[9]?.[0]).toBe(80000n);
    const outside = seen.filter((r) => r.reason === 'outside-grant-window');
    expect(outside.map((r) => [r.source.line, whyOf(r)])).toEqual([
      [2, 'P03 (2022-06) is not wholly inside the grant window'],
      [4, 'P11 (2024-02) is not wholly inside the grant window'],
    ]);
  });

  it('says why a GL row is outside', () => {
    const { seen } = fold({ 'gl:a.csv': [gl('1', '30/06/2022', '10.00'), gl('5', '10/04/2024', '160.00', 'P13')] });
    expect(seen.map(whyOf)).toEqual(['its posting date is outside the grant window', 'P13 (2024-03) is not wholly inside the grant window']);
  });

  it('a part fold (worker threads) asks the same question and gets the same answer', () => {
    const part = new PartFold(WINDOWED);
    expect([part.isInGrantWindow('2022-06-30', 2022, 3), part.isInGrantWindow('2022-07-01', 2022, 4), part.isInGrantWindow(undefined, 2023, 11)]).toEqual([false, true, false]);
  });

  it('without a window nothing is outside it (the built-in grant)', () => {
    const { ledger } = fold({ 'gl:a.csv': [gl('1', '05/04/2022', '10.00'), gl('2', '31/03/2024', '20.00')], 'p.csv': [pay('2022-04', '1.00')] }, PCD_1215);
    expect(exclusions(ledger)).toEqual([]);
  });
});
