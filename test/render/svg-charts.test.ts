/** The charts' data and marks, from a year worked out by hand. */
import { describe, expect, it } from 'vitest';
import { withFy, withPeriod } from '../../src/core/calendar/fiscal-keys.js';
import type { PeriodReport, YearReport } from '../../src/core/reports/reconcile.js';
import { PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import { titlesOf } from '../../src/core/rules/categories.js';
import type { Category } from '../../src/core/types.js';
import { chartedPeriods, cumulativePoints, monthlySegments, renderCumulativeChart, renderMonthlyChart, tickLabel } from '../../src/render/svg-charts.js';

const CATEGORIES = PCD_1215_CATEGORIES.map((c) => c.id);
const TITLES = titlesOf(PCD_1215_CATEGORIES);

function period(p: number, amounts: Partial<Record<Category, bigint>>): PeriodReport {
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, amounts[c] ?? 0n])) as Record<Category, bigint>;
  const month = p > 12 ? '2023-03' : `${p <= 9 ? 2022 : 2023}-${String(((p + 2) % 12) + 1).padStart(2, '0')}`;
  return withPeriod({ period: `P${String(p).padStart(2, '0')}`, month, total: Object.values(categories).reduce((s, a) => s + a, 0n), categories }, p);
}

function year(periods: YearReport['periods'], monthsElapsed: number, projectedOutturn: bigint): YearReport {
  return withFy({
    year: '2022/23',
    cap: 289_345_200n,
    to: null,
    ytdActual: 0n,
    headroom: 0n,
    overCap: 0n,
    monthsElapsed,
    projectedOutturn,
    capPassedIn: null,
    projectionPassesCapIn: null,
    categories: [],
    costCentres: [],
    periods,
  }, 2022);
}

// P01 £100.00 staff + £50.25 software; P02 nothing; P03 £200.00 officers and a £20.50 credit on training.
const threeMonths = [
  period(1, { staff: 10_000n, software: 5_025n }),
  period(2, {}),
  period(3, { officers: 20_000n, training: -2_050n }),
  ...Array.from({ length: 9 }, (_, i) => period(i + 4, {})),
];

describe('cumulativePoints', () => {
  it('sums each month onto the last, up to the months elapsed', () => {
    expect(cumulativePoints(year(threeMonths, 3, 0n)).map((p) => [p.month, p.cumulative])).toEqual([
      ['2022-04', 15_025n],
      ['2022-05', 15_025n],
      ['2022-06', 32_975n],
    ]);
  });

  it('runs on to March when P13 to P16 hold rows, so that the line ends at the year to date', () => {
    // P01 £150.25 (n = 1: P13 counts in the year to date, not in n), P13 £0.07.
    const points = cumulativePoints(year([...threeMonths.slice(0, 1), ...Array.from({ length: 11 }, (_, i) => period(i + 2, {})), period(13, { comms: 7n })], 1, 0n));
    expect(points).toHaveLength(12);
    expect(points.map((p) => p.cumulative)).toEqual([...Array.from({ length: 11 }, () => 15_025n), 15_032n]);
    // With --to the line stops at that month, whatever P13 holds.
    expect(cumulativePoints({ ...year([...threeMonths, period(13, { comms: 7n })], 2, 0n), to: '2022-05' })).toHaveLength(2);
  });

  it('counts P13 to P16 in March', () => {
    const withP13 = [...Array.from({ length: 12 }, (_, i) => period(i + 1, i === 11 ? { staff: 100n } : {})), period(13, { comms: 7n })];
    const points = cumulativePoints(year(withP13, 12, 0n));
    expect(points).toHaveLength(12);
    expect(points[11]).toEqual({ period: 12, month: '2023-03', cumulative: 107n });
  });
});

describe('monthlySegments', () => {
  it('has one segment for each non-zero period and category, credits included', () => {
    expect(monthlySegments(year(threeMonths, 3, 0n))).toEqual([
      { period: 'P01', category: 'staff', amount: 10_000n },
      { period: 'P01', category: 'software', amount: 5_025n },
      { period: 'P03', category: 'officers', amount: 20_000n },
      { period: 'P03', category: 'training', amount: -2_050n },
    ]);
  });
});

describe('with --to', () => {
  const through = (to: string, months: number, extra: Partial<YearReport> = {}): YearReport => ({ ...year([...threeMonths, period(13, { comms: 7n })], months, 0n), to, ...extra });

  it('the charts stop at the month asked for', () => {
    expect(chartedPeriods(through('2022-05', 2)).map((p) => p.period)).toEqual(['P01', 'P02']);
    expect(monthlySegments(through('2022-05', 2))).toHaveLength(2);
    expect(renderMonthlyChart(through('2022-05', 2), 'm', TITLES).match(/data-mark="bar"/g)).toHaveLength(2);
  });

  it('March takes P13 to P16 with it', () => {
    expect(chartedPeriods(through('2023-03', 12)).map((p) => p.period).slice(-2)).toEqual(['P12', 'P13']);
  });

  it('names the month the cap is passed only when it is within the months drawn', () => {
    expect(renderCumulativeChart(through('2022-05', 2, { capPassedIn: '2023-01' }), 'c')).not.toContain('The cap is passed');
    expect(renderCumulativeChart(through('2023-03', 12, { capPassedIn: '2023-01' }), 'c')).toContain('The cap is passed in 2023-01.');
  });
});

describe('renderCumulativeChart', () => {
  const svg = renderCumulativeChart(year(threeMonths, 3, 13_190_000n), 'c');

  it('draws one point a month, the cap and the projection, with exact values', () => {
    expect(svg.match(/data-mark="actual"/g)).toHaveLength(3);
    expect(svg).toContain('data-mark="actual" data-month="2022-06" data-value="329.75"');
    expect(svg).toContain('data-mark="cap" data-value="2893452.00"');
    expect(svg).toContain('data-mark="projection" data-value="131900.00"');
  });

  it('has a text alternative naming every month and the projection', () => {
    expect(svg).toMatch(/<svg id="c" [^>]*role="img" aria-labelledby="c-title" aria-describedby="c-desc"/);
    expect(svg).toContain('2022-05 £150.25; 2022-06 £329.75.');
    expect(svg).toContain('Projected outturn at the run rate: £131,900.00.');
  });

  it('draws no projection once the year is complete', () => {
    const full = renderCumulativeChart(year(threeMonths, 12, 0n), 'f');
    expect(full.match(/data-mark="actual"/g)).toHaveLength(12);
    expect(full).not.toContain('data-mark="projection"');
  });
});

describe('renderMonthlyChart', () => {
  const svg = renderMonthlyChart(year(threeMonths, 3, 0n), 'm', TITLES);

  it('draws a bar segment for each non-zero amount, a credit below the axis', () => {
    expect(svg.match(/data-mark="bar"/g)).toHaveLength(4);
    const credit = /data-period="P03" data-category="training" data-value="-20.50" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/.exec(svg);
    const zero = /<line class="zero" x1="\d+" x2="\d+" y1="([\d.]+)"/.exec(svg);
    expect(credit && zero).toBeTruthy();
    // The credit's bar starts at the axis and hangs below it.
    expect(Number(credit?.[1])).toBeCloseTo(Number(zero?.[1]), 0);
  });

  it('hatches half the categories so that they print apart in greyscale', () => {
    expect(svg).toContain('fill="url(#m-officers)"');
    expect(svg).toContain('<pattern id="m-officers"');
  });
});

describe('tickLabel', () => {
  it.each([
    [0, '£0'],
    [50_000_000, '£500k'],
    [150_000_000, '£1.5m'],
    [300_000_000, '£3m'],
    [-2_000_000, '-£20k'],
    [50_000, '£500'],
    [50, '£0.50'],
    [-150, '-£1.50'],
  ])('%d pence reads %s', (pence, label) => {
    expect(tickLabel(pence)).toBe(label);
  });
});
