import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { LedgerFold, type CostCentreTotal, type Ledger, type PayrollDifference, type PayrollLayout, type YearTotals } from '../../src/core/fold/ledger.js';
import { capOf } from '../../src/core/reports/cap.js';
import { costCentreLines, inYearToDate, payrollDifferences, periodReports, reconcile, reconcileYears, sumPeriods, type YearReport } from '../../src/core/reports/reconcile.js';
import { ErrorList } from '../../src/core/store/error-list.js';
import { EXCLUSION_REASONS, type Category, type Pence } from '../../src/core/types.js';
import { GL_TEST_LAYOUT } from '../support/gl-layout.js';

const CATEGORIES = PCD_1215_CATEGORIES.map((c) => c.id);

const CAP = 289_345_200n; // £2,893,452.00

/** An included amount: period (1..16), category, pence, and how many rows it stands for (default 1). */
type Entry = readonly [period: number, category: Category, pence: Pence, rows?: number];

function matrix(entries: readonly Entry[]): Pence[][] {
  const m = Array.from({ length: 16 }, () => CATEGORIES.map(() => 0n));
  for (const [p, category, pence] of entries) {
    const row = m[p - 1] as Pence[];
    const c = CATEGORIES.indexOf(category);
    row[c] = (row[c] as Pence) + pence;
  }
  return m;
}

/** A FY's totals as the fold would leave them, from its included amounts (and the part of them from payroll). */
function yearOf(fy: number, entries: readonly Entry[], payroll: readonly Entry[] = []): YearTotals {
  const rowCounts = Array.from({ length: 16 }, () => 0);
  for (const [p, , , rows = 1] of entries) rowCounts[p - 1] = (rowCounts[p - 1] as number) + rows;
  return { fy, categories: CATEGORIES, amounts: matrix(entries), payroll: matrix(payroll), rowCounts };
}

/** A ledger of the two grant years and nothing else. */
function ledgerOf(y2022: YearTotals, y2023: YearTotals = yearOf(2023, []), extra: { costCentres?: CostCentreTotal[]; payrollDifferences?: PayrollDifference[] } = {}): Ledger {
  return {
    years: [y2022, y2023],
    exclusions: new Map(EXCLUSION_REASONS.map((r) => [r, { rows: 0, amount: 0n }])),
    errors: new ErrorList(),
    duplicates: [],
    files: [],
    payrollDifferences: extra.payrollDifferences ?? [],
    costCentres: extra.costCentres ?? [],
    warnings: { count: 0, kept: [] },
  };
}

function yearReport(ledger: Ledger, options: { fy?: number; toPeriod?: number } = {}, config: GrantConfig = PCD_1215): YearReport {
  const report = reconcile(ledger, [], config, { fy: 2022, ...options }, '2023-05-01T00:00:00Z');
  const [year] = report.years;
  if (year === undefined) throw new Error('no year');
  return year;
}

const cats = (year: YearReport) => year.categories.map((c) => [c.category, c.ytdActual]);

// 2022/23: £100,000.00 staff in April, £50,000.50 software in June, 1p comms in August, a £2,000.00 equipment credit in P13.
const SAMPLE = yearOf(2022, [
  [1, 'staff', 10_000_000n],
  [3, 'software', 5_000_050n],
  [5, 'comms', 1n],
  [13, 'equipment', -200_000n],
]);

describe('the year figures of the reconciliation', () => {
  it('over all the FY\'s data: year to date per category and in all, headroom, and a projection over the months to the latest with rows', () => {
    const y = yearReport(ledgerOf(SAMPLE));
    // 10,000,000 + 5,000,050 + 1 − 200,000 = 14,800,051p.
    expect(y).toMatchObject({ year: '2022/23', cap: CAP, to: null, ytdActual: 14_800_051n, overCap: 0n, monthsElapsed: 5, capPassedIn: null, projectionPassesCapIn: null });
    // 289,345,200 − 14,800,051 = 274,545,149.
    expect(y.headroom).toBe(274_545_149n);
    // 14,800,051 × 12 / 5 = 35,520,122.4 → 35,520,122.
    expect(y.projectedOutturn).toBe(35_520_122n);
    expect(cats(y)).toEqual([
      ['staff', 10_000_000n],
      ['officers', 0n],
      ['software', 5_000_050n],
      ['equipment', -200_000n],
      ['training', 0n],
      ['comms', 1n],
    ]);
  });

  it('lists P01–P12 always, then P13 where it holds rows, with the FY\'s March as its month', () => {
    const y = yearReport(ledgerOf(SAMPLE));
    expect(y.periods.map((p) => [p.period, p.month, p.total])).toEqual([
      ['P01', '2022-04', 10_000_000n],
      ['P02', '2022-05', 0n],
      ['P03', '2022-06', 5_000_050n],
      ['P04', '2022-07', 0n],
      ['P05', '2022-08', 1n],
      ['P06', '2022-09', 0n],
      ['P07', '2022-10', 0n],
      ['P08', '2022-11', 0n],
      ['P09', '2022-12', 0n],
      ['P10', '2023-01', 0n],
      ['P11', '2023-02', 0n],
      ['P12', '2023-03', 0n],
      ['P13', '2023-03', -200_000n],
    ]);
    expect(y.periods[12]?.categories).toEqual({ staff: 0n, officers: 0n, software: 0n, equipment: -200_000n, training: 0n, comms: 0n });
  });

  it('an empty year: every month listed at 0.00, the whole cap as headroom, no months elapsed and a projection of 0.00', () => {
    const y = yearReport(ledgerOf(SAMPLE), { fy: 2023 });
    expect(y).toMatchObject({ year: '2023/24', ytdActual: 0n, headroom: CAP, overCap: 0n, monthsElapsed: 0, projectedOutturn: 0n, capPassedIn: null, projectionPassesCapIn: null });
    expect(y.periods.map((p) => p.period)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12']);
    expect(y.periods[0]?.month).toBe('2023-04');
  });

  it('P14 and P16 are listed where they hold rows, and P13 left out where it holds none', () => {
    const y = yearReport(ledgerOf(yearOf(2022, [[14, 'software', 5n], [16, 'comms', 7n]])));
    expect(y.periods.slice(12).map((p) => [p.period, p.month, p.total])).toEqual([
      ['P14', '2023-03', 5n],
      ['P16', '2023-03', 7n],
    ]);
    // P13–P16 count in ytdActual but never in n: no month holds rows, so n = 0 and the projection is 0.00.
    expect(y).toMatchObject({ ytdActual: 12n, monthsElapsed: 0, projectedOutturn: 0n });
  });
});

describe('--to: the year to date runs to a month', () => {
  it('counts P01 to that month only, while the periods still list the whole year', () => {
    const y = yearReport(ledgerOf(SAMPLE), { toPeriod: 3 });
    // 10,000,000 + 5,000,050 = 15,000,050; n = 3; 15,000,050 × 12 / 3 = 60,000,200.
    expect(y).toMatchObject({ to: '2022-06', ytdActual: 15_000_050n, monthsElapsed: 3, projectedOutturn: 60_000_200n, headroom: 274_345_150n });
    expect(y.periods).toHaveLength(13);
    expect(cats(y)).toEqual([
      ['staff', 10_000_000n],
      ['officers', 0n],
      ['software', 5_000_050n],
      ['equipment', 0n],
      ['training', 0n],
      ['comms', 0n],
    ]);
  });

  it('counts P13 in March of the FY: --to March takes P13–P16 into the year to date, but not into n', () => {
    const y = yearReport(ledgerOf(SAMPLE), { toPeriod: 12 });
    // All four amounts: 14,800,051; n = 12, so the projection is the year to date itself.
    expect(y).toMatchObject({ to: '2023-03', ytdActual: 14_800_051n, monthsElapsed: 12, projectedOutturn: 14_800_051n });
    expect(cats(y)[3]).toEqual(['equipment', -200_000n]);
  });

  it('--to February leaves P13 out', () => {
    const y = yearReport(ledgerOf(SAMPLE), { toPeriod: 11 });
    // 10,000,000 + 5,000,050 + 1 = 15,000,051; × 12 / 11 = 180,000,612 / 11 = 16,363,692 exactly.
    expect(y).toMatchObject({ to: '2023-02', ytdActual: 15_000_051n, monthsElapsed: 11, projectedOutturn: 16_363_692n });
  });

  it('a month with no rows still counts in n when --to names it', () => {
    const y = yearReport(ledgerOf(SAMPLE), { toPeriod: 7 });
    // 15,000,051 over 7 months: × 12 / 7 = 180,000,612 / 7 = 25,714,373.14… → 25,714,373.
    expect(y).toMatchObject({ ytdActual: 15_000_051n, monthsElapsed: 7, projectedOutturn: 25_714_373n });
  });

  it('tells which periods are inside the year to date: March takes P13–P16 with it', () => {
    const y = yearReport(ledgerOf(SAMPLE), { toPeriod: 3 });
    expect(y.periods.filter((p) => inYearToDate(y, p)).map((p) => p.period)).toEqual(['P01', 'P02', 'P03']);
    const march = yearReport(ledgerOf(SAMPLE), { toPeriod: 12 });
    expect(march.periods.filter((p) => !inYearToDate(march, p))).toEqual([]);
    const all = yearReport(ledgerOf(SAMPLE));
    expect(all.periods.every((p) => inYearToDate(all, p))).toBe(true);
  });
});

describe('the cap: headroom, over cap and the projection', () => {
  it('rounds the projection half away from zero, credits too', () => {
    // 100,001 × 12 / 8 = 150,001.5 → 150,002; −100,001 → −150,002.
    expect(yearReport(ledgerOf(yearOf(2022, [[8, 'staff', 100_001n]]))).projectedOutturn).toBe(150_002n);
    expect(yearReport(ledgerOf(yearOf(2022, [[8, 'staff', -100_001n]]))).projectedOutturn).toBe(-150_002n);
    // 100,002 × 12 / 7 = 171,432.0… → 171,432 (below the half).
    expect(yearReport(ledgerOf(yearOf(2022, [[7, 'staff', 100_002n]]))).projectedOutturn).toBe(171_432n);
  });

  it('over the cap: what is over it, no headroom, the month it was passed, and no month for the projection to pass it', () => {
    const y = yearReport(ledgerOf(yearOf(2022, [[1, 'staff', 200_000_000n], [2, 'staff', 100_000_000n]])));
    // 300,000,000 − 289,345,200 = 10,654,800 over; passed in May (P02); 300,000,000 × 12 / 2 = 1,800,000,000.
    expect(y).toMatchObject({ ytdActual: 300_000_000n, overCap: 10_654_800n, headroom: 0n, capPassedIn: '2022-05', projectionPassesCapIn: null, projectedOutturn: 1_800_000_000n });
  });

  it('with --to before the cap was passed: headroom to date, the month it was passed over all the data, and the run rate passing the cap next month', () => {
    const y = yearReport(ledgerOf(yearOf(2022, [[1, 'staff', 200_000_000n], [2, 'staff', 100_000_000n]])), { toPeriod: 1 });
    // 289,345,200 − 200,000,000 = 89,345,200; at 200,000,000 a month, two months pass the cap: May.
    expect(y).toMatchObject({ ytdActual: 200_000_000n, headroom: 89_345_200n, overCap: 0n, capPassedIn: '2022-05', projectionPassesCapIn: '2022-05' });
  });

  it('exactly at the cap is not over it', () => {
    const y = yearReport(ledgerOf(yearOf(2022, [[1, 'software', CAP]])));
    expect(y).toMatchObject({ overCap: 0n, headroom: 0n, capPassedIn: null, projectionPassesCapIn: '2022-05' });
  });

  it('the cap passed in P13 is passed in the FY\'s March', () => {
    const y = yearReport(ledgerOf(yearOf(2022, [[12, 'software', CAP], [13, 'software', 1n]])));
    expect(y).toMatchObject({ overCap: 1n, capPassedIn: '2023-03' });
  });

  it('the run rate passes the cap in the first month k with ytd × k > cap × n', () => {
    // 150,000,000 over 5 months: k > 289,345,200 × 5 / 150,000,000 = 9.64…, so k = 10, January 2023.
    expect(yearReport(ledgerOf(yearOf(2022, [[5, 'staff', 150_000_000n]]))).projectionPassesCapIn).toBe('2023-01');
    // Over 6 months: k > 11.57…, so k = 12, March 2023.
    expect(yearReport(ledgerOf(yearOf(2022, [[6, 'staff', 150_000_000n]]))).projectionPassesCapIn).toBe('2023-03');
    // 120,000,000 over 6 months: 120,000,000 × 12 = 1,440,000,000 ≤ 289,345,200 × 6 = 1,736,071,200: never.
    expect(yearReport(ledgerOf(yearOf(2022, [[6, 'staff', 120_000_000n]]))).projectionPassesCapIn).toBeNull();
  });

  it('a credit that takes the year below zero leaves headroom beyond the cap and a negative projection', () => {
    const y = yearReport(ledgerOf(yearOf(2022, [[2, 'comms', -5_000n]])));
    // 289,345,200 + 5,000; −5,000 × 12 / 2 = −30,000.
    expect(y).toMatchObject({ ytdActual: -5_000n, headroom: 289_350_200n, overCap: 0n, projectedOutturn: -30_000n, projectionPassesCapIn: null });
  });

  it('each FY has its own cap, from the configuration', () => {
    const config: GrantConfig = { ...PCD_1215, years: [{ fy: 2022, cap: 100_000n }, { fy: 2023, cap: 50_000n }] };
    const ledger = ledgerOf(yearOf(2022, [[1, 'staff', 60_000n]]), yearOf(2023, [[1, 'staff', 60_000n]]));
    const years = reconcileYears(ledger, config, {});
    expect(years.map((y) => [y.year, y.cap, y.headroom, y.overCap])).toEqual([
      ['2022/23', 100_000n, 40_000n, 0n],
      ['2023/24', 50_000n, 0n, 10_000n],
    ]);
    expect(capOf(config, 2023)).toBe(50_000n);
    expect(() => capOf(config, 2024)).toThrow('FY 2024 is not a year of the grant');
  });
});

describe('categories: GL and payroll parts, budgets', () => {
  it('splits each category\'s year to date into what came from GL and from payroll exports', () => {
    const year = yearOf(2022, [[1, 'staff', 30_000n], [2, 'officers', 5_000n], [9, 'staff', 1_000n]], [[1, 'staff', 12_000n], [9, 'staff', 1_000n]]);
    const y = yearReport(ledgerOf(year), { toPeriod: 6 });
    // To September: staff 30,000 of which 12,000 payroll; December's payroll falls after --to.
    expect(y.categories.slice(0, 2).map((c) => [c.category, c.ytdActual, c.gl, c.payroll])).toEqual([
      ['staff', 30_000n, 18_000n, 12_000n],
      ['officers', 5_000n, 5_000n, 0n],
    ]);
  });

  it('puts each category against its budget for the FY, where the configuration sets one', () => {
    const config: GrantConfig = {
      ...PCD_1215,
      budgets: [
        { fy: 2022, category: 'software', budget: 4_000_000n },
        { fy: 2022, category: 'staff', budget: 20_000_000n },
        { fy: 2023, category: 'comms', budget: 1n },
      ],
    };
    const y = yearReport(ledgerOf(SAMPLE), {}, config);
    // Software: 5,000,050 − 4,000,000 = 1,000,050 over, 25.00125% → 25.0, beyond the 10% tolerance.
    // Staff: 10,000,000 − 20,000,000 = −10,000,000, −50.0%.
    expect(y.categories.map((c) => [c.category, c.budget])).toEqual([
      ['staff', { budget: 20_000_000n, variance: -10_000_000n, variancePercent: '-50.0', overTolerance: false }],
      ['officers', null],
      ['software', { budget: 4_000_000n, variance: 1_000_050n, variancePercent: '25.0', overTolerance: true }],
      ['equipment', null],
      ['training', null],
      ['comms', null],
    ]);
  });
});

describe('cost-centre lines', () => {
  const totals: CostCentreTotal[] = [
    { fy: 2022, period: 1, costCentre: 'SMH001', rows: 2, amount: 100n },
    { fy: 2022, period: 3, costCentre: 'SMH001', rows: 1, amount: 50n },
    { fy: 2022, period: 3, costCentre: 'CYB002', rows: 1, amount: 7n },
    { fy: 2022, period: 13, costCentre: 'SMH001', rows: 1, amount: -20n },
    { fy: 2023, period: 1, costCentre: 'SMH001', rows: 5, amount: 1000n },
  ];

  it('adds up each cost centre over the periods asked for, in the FY asked for, by code', () => {
    // SMH001: 100 + 50 − 20 = 130 over 4 rows.
    expect(costCentreLines(totals, 2022, 1, 16)).toEqual([
      { costCentre: 'CYB002', rows: 1, amount: 7n },
      { costCentre: 'SMH001', rows: 4, amount: 130n },
    ]);
    expect(costCentreLines(totals, 2022, 1, 12)).toEqual([
      { costCentre: 'CYB002', rows: 1, amount: 7n },
      { costCentre: 'SMH001', rows: 3, amount: 150n },
    ]);
    expect(costCentreLines(totals, 2022, 2, 2)).toEqual([]);
    expect(costCentreLines(totals, 2023, 1, 16)).toEqual([{ costCentre: 'SMH001', rows: 5, amount: 1000n }]);
  });

  it('the reconciliation lists the cost centres of the year to date', () => {
    const ledger = ledgerOf(yearOf(2022, [[1, 'staff', 100n, 2], [3, 'staff', 57n, 2], [13, 'staff', -20n]]), undefined, { costCentres: totals });
    expect(yearReport(ledger, { toPeriod: 3 }).costCentres).toEqual([
      { costCentre: 'CYB002', rows: 1, amount: 7n },
      { costCentre: 'SMH001', rows: 3, amount: 150n },
    ]);
    expect(yearReport(ledger, { toPeriod: 12 }).costCentres).toEqual([
      { costCentre: 'CYB002', rows: 1, amount: 7n },
      { costCentre: 'SMH001', rows: 4, amount: 130n },
    ]);
  });
});

describe('payroll differences', () => {
  it('are reported with their month and payroll − GL, for the FY asked for', () => {
    const differences: PayrollDifference[] = [
      { fy: 2022, period: 2, category: 'staff', gl: 1_000n, payroll: 900n, files: ['p-2022-05.csv'], line: 2 },
      { fy: 2023, period: 13, category: 'officers', gl: 500n, payroll: 750n, files: ['p-2024-03.csv'], line: 7 },
    ];
    const ledger = ledgerOf(yearOf(2022, []), yearOf(2023, []), { payrollDifferences: differences });
    expect(payrollDifferences(ledger, undefined)).toEqual([
      { year: '2022/23', period: 'P02', month: '2022-05', category: 'staff', gl: 1_000n, payroll: 900n, difference: -100n },
      { year: '2023/24', period: 'P13', month: '2024-03', category: 'officers', gl: 500n, payroll: 750n, difference: 250n },
    ]);
    expect(payrollDifferences(ledger, 2023).map((d) => d.year)).toEqual(['2023/24']);
    expect(reconcile(ledger, [], PCD_1215, { fy: 2022 }, 'x').payrollDifferences.map((d) => d.difference)).toEqual([-100n]);
  });
});

describe('the period helpers', () => {
  it('sumPeriods adds periods first..last per category, of the amounts or another matrix', () => {
    const year = yearOf(2022, [[3, 'staff', 1n], [4, 'staff', 2n], [6, 'comms', 4n], [7, 'comms', 8n]], [[4, 'staff', 2n]]);
    expect(sumPeriods(year, 4, 6)).toEqual([2n, 0n, 0n, 0n, 0n, 4n]);
    expect(sumPeriods(year, 1, 16, year.payroll)).toEqual([2n, 0n, 0n, 0n, 0n, 0n]);
    expect(sumPeriods(year, 5, 4)).toEqual([0n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('periodReports stops at the last period asked for', () => {
    const year = yearOf(2022, [[13, 'staff', 1n]]);
    expect(periodReports(year, 12).map((p) => p.period).at(-1)).toBe('P12');
    expect(periodReports(year, 6).map((p) => p.period)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06']);
    expect(periodReports(year, 16).map((p) => p.period).at(-1)).toBe('P13');
  });
});

describe('the reconciliation of folded rows', () => {
  // GL_TEST_LAYOUT: Document Number, Line, Posting Date, Period, Cost Centre, Account Code, Net Amount.
  function folded(): Ledger {
    const fold = new LedgerFold(PCD_1215);
    const f = fold.beginGlFile('gl.csv', GL_TEST_LAYOUT);
    f.header(1, 0);
    f.accept(2, ['1', '1', '05/04/2022', '', 'SMH001', '511000', '10.00']); // 2022/23 P01 staff
    f.accept(3, ['2', '1', '05/08/2022', '', 'SMH001', '531000', '20.00']); // 2022/23 P05 software
    f.accept(4, ['3', '1', '15/04/2023', 'P13', 'SMH001', '541000', '40.00']); // 2022/23 P13 equipment
    f.accept(5, ['4', '1', '05/05/2023', '', 'SMH001', '551000', '80.00']); // 2023/24 P02 comms
    f.accept(6, ['5', '1', '05/05/2022', '', 'SMH001', '601000', '1.00']); // ineligible
    f.end();
    return fold.finish();
  }
  const facts = [{ sha256: 'ab', bytes: 300, encoding: 'ascii', lines: 6 }];

  it('says which included rows the report covers and which fall outside its FY or --to', () => {
    const ledger = folded();
    const scope = (options: { fy?: number; toPeriod?: number }) => reconcile(ledger, facts, PCD_1215, options, 'x').scope;
    // 2022/23 to June: the April row. Outside: 20.00 + 40.00 + 80.00.
    expect(scope({ fy: 2022, toPeriod: 3 })).toEqual({ inReport: { rows: 1, amount: 1000n }, outside: { rows: 3, amount: 14000n } });
    // 2022/23 whole: 10.00 + 20.00 + 40.00. Outside: 2023/24's 80.00.
    expect(scope({ fy: 2022 })).toEqual({ inReport: { rows: 3, amount: 7000n }, outside: { rows: 1, amount: 8000n } });
    expect(scope({ fy: 2022, toPeriod: 12 })).toEqual({ inReport: { rows: 3, amount: 7000n }, outside: { rows: 1, amount: 8000n } });
    expect(scope({})).toEqual({ inReport: { rows: 4, amount: 15000n }, outside: { rows: 0, amount: 0n } });
  });

  it('carries the row accounting and control totals of every input, whatever the FY asked for', () => {
    const report = reconcile(folded(), facts, PCD_1215, { fy: 2023 }, '2023-05-01T00:00:00Z');
    expect(report.schema).toBe('grant-recon/reconciliation@1');
    expect(report.years.map((y) => [y.year, y.ytdActual])).toEqual([['2023/24', 8000n]]);
    expect(report.rows).toEqual({ included: 4, excluded: 1, errors: 0 });
    expect(report.exclusions).toEqual([{ reason: 'ineligible-account', rows: 1, amount: 100n }]);
    expect(report.controlTotals).toEqual({ input: 15100n, included: 15000n, excluded: 100n, errors: 0n, errorsAmountUnreadable: 0, balanced: true });
    expect(report.inputs.map((i) => [i.file, i.sha256, i.rows, i.total])).toEqual([['gl.csv', 'ab', 5, 15100n]]);
  });
});

describe('the year to date of folded GL and payroll rows, for any --to (property, against a model)', () => {
  // GL rows of software, equipment, training and comms (accounts 53, 54, 52, 55), payroll rows of staff and officers:
  // no GL pay posting, so every eligible payroll row is included.
  const ACCOUNTS: Record<string, string> = { software: '531000', equipment: '541000', training: '521000', comms: '551000' };
  const PAYROLL: PayrollLayout = { payrollPeriod: 0, employeeNumber: 1, staffType: 2, costCentre: 3, payElement: 4, amount: 5, payDate: undefined, width: 6 };
  const rowArb = fc.record({
    payroll: fc.boolean(),
    // 1..12 a month of 2022/23; 13 the year-end period P13 (GL only).
    period: fc.integer({ min: 1, max: 13 }),
    glCategory: fc.constantFrom('software', 'equipment', 'training', 'comms'),
    officer: fc.boolean(),
    costCentre: fc.constantFrom('SMH001', 'CYB002', 'PAY9'),
    pence: fc.bigInt({ min: -500_000n, max: 5_000_000n }),
  });
  /** Month p (1..12) of 2022/23 as [year, month]. */
  const calendar = (p: number): [number, number] => (p <= 9 ? [2022, p + 3] : [2023, p - 9]);
  const written = (p: bigint): string => {
    const abs = p < 0n ? -p : p;
    return `${p < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  };

  it('ytdActual, its categories, its cost-centre lines and its GL/payroll split are the model\'s sums to --to (March taking P13)', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }), (model, toPeriod) => {
        const fold = new LedgerFold(PCD_1215);
        const gl = fold.beginGlFile('gl.csv', GL_TEST_LAYOUT);
        const payroll = fold.beginPayrollFile('payroll.csv', PAYROLL);
        const rows = model.map((r) => (r.payroll && r.period <= 12 ? r : { ...r, payroll: false }));
        rows.forEach((r, i) => {
          if (r.payroll) {
            const [year, month] = calendar(r.period);
            payroll.accept(i + 2, [`${year}-${String(month).padStart(2, '0')}`, `E${i}`, r.officer ? 'Police Officer' : 'Police Staff', r.costCentre, 'Basic Pay', written(r.pence)]);
          } else {
            const [year, month] = r.period === 13 ? [2023, 3] : calendar(r.period);
            const date = `15/${String(month).padStart(2, '0')}/${year}`;
            gl.accept(i + 2, [String(i), '1', date, r.period === 13 ? 'P13' : '', r.costCentre, ACCOUNTS[r.glCategory] as string, written(r.pence)]);
          }
        });
        gl.end();
        payroll.end();
        const ledger = fold.finish();
        const [y] = reconcileYears(ledger, PCD_1215, toPeriod === undefined ? { fy: 2022 } : { fy: 2022, toPeriod });
        if (y === undefined) throw new Error('no year');
        // By hand: the last period counted, and n.
        const last = toPeriod === undefined ? 16 : toPeriod === 12 ? 16 : toPeriod;
        const inYtd = rows.filter((r) => r.period <= last);
        const sum = (of: typeof rows): bigint => of.reduce((s, r) => s + r.pence, 0n);
        const categoryOf = (r: (typeof rows)[number]): string => (r.payroll ? (r.officer ? 'officers' : 'staff') : r.glCategory);
        expect(y.ytdActual).toBe(sum(inYtd));
        expect(y.categories.map((c) => [c.category, c.ytdActual, c.payroll])).toEqual(
          CATEGORIES.map((c) => {
            const of = inYtd.filter((r) => categoryOf(r) === c);
            return [c, sum(of), sum(of.filter((r) => r.payroll))];
          }),
        );
        expect(y.costCentres.reduce((s, c) => s + c.amount, 0n)).toBe(sum(inYtd));
        expect(y.costCentres.reduce((s, c) => s + c.rows, 0)).toBe(inYtd.length);
        const n = toPeriod ?? rows.reduce((m, r) => (r.period <= 12 && r.period > m ? r.period : m), 0);
        expect(y.monthsElapsed).toBe(n);
        expect(y.headroom).toBe(CAP - sum(inYtd) > 0n ? CAP - sum(inYtd) : 0n);
        // P13 is listed when it holds rows, whatever --to says.
        expect(y.periods.length).toBe(rows.some((r) => r.period === 13) ? 13 : 12);
      }),
      { numRuns: 200 },
    );
  });
});
