/**
 * The reconciliation's charts as inline SVG, drawn with d3-scale and d3-shape: cumulative actual against the cap
 * by month with the run-rate projection to year end, and spend per month stacked by category.
 *
 * Money stays exact: sums are made in bigint pence, and every figure shown (labels, titles, `data-value`) is
 * formatted from them. Pence become a JS number only as a drawing coordinate handed to a scale, where a rounding
 * error would move a mark by a fraction of a pixel and could not change any figure.
 *
 * Colours are picked to stay apart when printed in greyscale: three lightness steps, each once plain and once
 * hatched, so that no two of the first six categories print alike; a grant with more categories takes further
 * fills, each once plain and once hatched. Categories take fills in the configuration's order (PCD 1215's six the
 * first six fills, as they always had).
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { line, stack, stackOffsetDiverging } from 'd3-shape';
import { isAdjustmentPeriod, LAST_MONTH_PERIOD, throughPeriod } from '../core/calendar/fiscal.js';
import { PERIOD } from '../core/calendar/fiscal-keys.js';
import { formatMoney, formatPence } from '../core/money.js';
import { inYearToDate, type PeriodReport, type YearReport } from '../core/reports/reconcile.js';
import type { Category, Pence } from '../core/types.js';
import { titleOf, type CategoryTitles } from './category-titles.js';
import { escapeHtml } from './html-escape.js';

/** The fills, in the order categories take them: a colour, and whether it is hatched (so that greyscale prints still tell them apart). */
const FILLS: readonly { readonly colour: string; readonly hatched: boolean }[] = [
  { colour: '#1d3557', hatched: false },
  { colour: '#9d2f1f', hatched: true },
  { colour: '#4d82bf', hatched: false },
  { colour: '#d9822b', hatched: true },
  { colour: '#a8c8e8', hatched: false },
  { colour: '#f2d16b', hatched: true },
  { colour: '#2a9d8f', hatched: false },
  { colour: '#6d597a', hatched: true },
  { colour: '#e76f51', hatched: false },
  { colour: '#264653', hatched: true },
  { colour: '#b5838d', hatched: false },
  { colour: '#8ab17d', hatched: true },
  { colour: '#5c4d3c', hatched: false },
  { colour: '#e9c46a', hatched: true },
  { colour: '#457b9d', hatched: false },
  { colour: '#c44536', hatched: true },
];

/** The fill of the category at `index` of the year's categories (the configuration's order). */
function fillAt(index: number): { readonly colour: string; readonly hatched: boolean } {
  return FILLS[index % FILLS.length] as { readonly colour: string; readonly hatched: boolean };
}

/** The year's category ids, in the configuration's order: the keys of its periods' amounts (every period has each). */
function idsOf(year: YearReport): Category[] {
  return Object.keys(year.periods[0]?.categories ?? {});
}

const WIDTH = 680;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 24, bottom: 34, left: 76 };
const MONTH_NAMES = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'];

/** One month of the cumulative line: period 1..12 (March taking P13–P16) and the cumulative actual at its end. */
export interface CumulativePoint {
  readonly period: number;
  readonly month: string;
  readonly cumulative: Pence;
}

/**
 * Cumulative actual at the end of each month P01 to the year's last counted month (`monthsElapsed`), or to March
 * when the year has P13–P16 rows and no `--to`: those count in the year to date though not in n, and the line
 * must end at the year to date.
 */
export function cumulativePoints(year: YearReport): CumulativePoint[] {
  const byPeriod = new Map(year.periods.map((p) => [p[PERIOD], p]));
  const adjustments = year.to === null && year.periods.some((p) => isAdjustmentPeriod(p[PERIOD]));
  const last = adjustments ? LAST_MONTH_PERIOD : year.monthsElapsed;
  const points: CumulativePoint[] = [];
  let cumulative = 0n;
  for (let period = 1; period <= last; period++) {
    for (let p = period; p <= throughPeriod(period); p++) cumulative += byPeriod.get(p)?.total ?? 0n;
    points.push({ period, month: byPeriod.get(period)?.month ?? '', cumulative });
  }
  return points;
}

/** Cumulative actual against the cap, month by month, with the projection to year end as a dashed line. */
export function renderCumulativeChart(year: YearReport, id: string): string {
  const points = cumulativePoints(year);
  // The projection runs from the last month counted in n (the run rate's months) to year end.
  const last = points[year.monthsElapsed - 1];
  const projecting = last !== undefined && year.monthsElapsed < 12;
  const values = [0n, year.cap, ...points.map((p) => p.cumulative), ...(projecting ? [year.projectedOutturn] : [])];
  const x = scaleLinear().domain([0, 12]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear()
    .domain([drawn(minOf(values)), drawn(maxOf(values))])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<{ period: number; value: Pence }>()
    .x((d) => x(d.period))
    .y((d) => y(drawn(d.value)));
  const actualLine = path([{ period: 0, value: 0n }, ...points.map((p) => ({ period: p.period, value: p.cumulative }))]) ?? '';
  const projectionLine = projecting && last ? (path([{ period: last.period, value: last.cumulative }, { period: 12, value: year.projectedOutturn }]) ?? '') : '';
  const title = `Cumulative actual against the cap, ${year.year}`;
  const description = [
    `Cap ${formatMoney(year.cap)}.`,
    points.length === 0 ? 'No included spend yet.' : `Cumulative actual by month: ${points.map((p) => `${p.month} ${formatMoney(p.cumulative)}`).join('; ')}.`,
    projecting ? `Projected outturn at the run rate: ${formatMoney(year.projectedOutturn)}.` : '',
    year.capPassedIn && (year.to === null || year.capPassedIn <= year.to) ? `The cap is passed in ${year.capPassedIn}.` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  const capY = y(drawn(year.cap)).toFixed(1);
  return svg(id, title, description, [
    yAxis(y),
    xMonthAxis((i) => x(i + 1)),
    `<line class="cap" data-mark="cap" data-value="${formatPence(year.cap)}" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${capY}" y2="${capY}"/>`,
    `<text class="cap-label" x="${MARGIN.left + 6}" y="${(Number(capY) - 5).toFixed(1)}" text-anchor="start">Cap ${escapeHtml(formatMoney(year.cap))}</text>`,
    `<path class="actual" d="${actualLine}"/>`,
    projecting ? `<path class="projection" d="${projectionLine}"/>` : '',
    ...points.map(
      (p) =>
        `<circle class="actual-point" data-mark="actual" data-month="${p.month}" data-value="${formatPence(p.cumulative)}" cx="${x(p.period).toFixed(1)}" cy="${y(drawn(p.cumulative)).toFixed(1)}" r="3.5"><title>${p.month}: ${escapeHtml(formatMoney(p.cumulative))} cumulative</title></circle>`,
    ),
    projecting
      ? `<rect class="projection-point" data-mark="projection" data-value="${formatPence(year.projectedOutturn)}" x="${(x(12) - 4).toFixed(1)}" y="${(y(drawn(year.projectedOutturn)) - 4).toFixed(1)}" width="8" height="8"><title>Projected outturn ${escapeHtml(formatMoney(year.projectedOutturn))}</title></rect>`
      : '',
  ]) + legend([
    { swatch: '<line class="actual" x1="0" x2="18" y1="6" y2="6"/>', label: 'Cumulative actual' },
    { swatch: '<line class="cap" x1="0" x2="18" y1="6" y2="6"/>', label: 'Cap' },
    ...(projecting ? [{ swatch: '<line class="projection" x1="0" x2="18" y1="6" y2="6"/>', label: 'Projection at the run rate' }] : []),
  ]);
}

/** One bar segment of the monthly chart: a period, a category and its (non-zero) amount. */
export interface MonthlySegment {
  readonly period: string;
  readonly category: Category;
  readonly amount: Pence;
}

/** The periods the charts cover: all of them, or with `--to` those up to that month (March taking P13–P16). */
export function chartedPeriods(year: YearReport): YearReport['periods'] {
  return year.periods.filter((p) => inYearToDate(year, p));
}

/** The segments the monthly chart draws: every charted period and category with a non-zero amount. */
export function monthlySegments(year: YearReport): MonthlySegment[] {
  const ids = idsOf(year);
  return chartedPeriods(year).flatMap((p) => ids.filter((c) => (p.categories[c] ?? 0n) !== 0n).map((category) => ({ period: p.period, category, amount: p.categories[category] ?? 0n })));
}

/** Spend per period, stacked by category (credits below the axis). */
export function renderMonthlyChart(year: YearReport, id: string, titles: CategoryTitles): string {
  const periods = chartedPeriods(year);
  const ids = idsOf(year);
  const x = scaleBand<string>()
    .domain(periods.map((p) => p.period))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const series = stack<(typeof periods)[number], Category>()
    .keys(ids)
    .value((p, c) => drawn(p.categories[c] ?? 0n))
    .offset(stackOffsetDiverging)(periods);
  const extent = series.flatMap((s) => s.flatMap(([a, b]) => [a, b]));
  const low = Math.min(0, ...extent);
  const high = Math.max(0, ...extent);
  // A year with nothing to stack still gets an axis (to £10k), not a scale collapsed onto zero.
  const y = scaleLinear()
    .domain(low === high ? [0, 1_000_000] : [low, high])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const bars = series.flatMap((s) =>
    s.flatMap(([a, b], i) => {
      const period = periods[i];
      if (!period) return [];
      const amount = period.categories[s.key] ?? 0n;
      if (amount === 0n) return [];
      const top = y(Math.max(a, b));
      const height = Math.abs(y(a) - y(b));
      return [
        `<rect class="bar" data-mark="bar" data-period="${period.period}" data-category="${s.key}" data-value="${formatPence(amount)}" x="${(x(period.period) ?? 0).toFixed(1)}" y="${top.toFixed(1)}" width="${x.bandwidth().toFixed(1)}" height="${height.toFixed(2)}" fill="${fillOf(ids, s.key, id)}"><title>${period.period} (${period.month}) ${escapeHtml(titleOf(titles, s.key))}: ${escapeHtml(formatMoney(amount))}</title></rect>`,
      ];
    }),
  );
  const title = `Spend per month by category, ${year.year}${year.to === null ? '' : ` (to ${year.to})`}`;
  const description =
    periods.map((p) => `${p.period} (${p.month}) ${formatMoney(p.total)}${p.total === 0n ? '' : `: ${ids.filter((c) => (p.categories[c] ?? 0n) !== 0n).map((c) => `${titleOf(titles, c)} ${formatMoney(p.categories[c] ?? 0n)}`).join(', ')}`}`).join('; ') + '.';
  const zero = y(0).toFixed(1);
  return svg(id, title, description, [
    patterns(ids, id),
    yAxis(y),
    `<g class="axis x-axis">${periods.map((p) => `<text x="${((x(p.period) ?? 0) + x.bandwidth() / 2).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle">${periodTick(p)}</text>`).join('')}</g>`,
    ...bars,
    `<line class="zero" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${zero}" y2="${zero}"/>`,
  ]) + legend(ids.map((c) => ({ swatch: `<rect width="14" height="12" fill="${fillOf(ids, c, id)}" stroke="#333" stroke-width="0.5"/>`, label: titleOf(titles, c) })), id, ids);
}

/** Pence as a drawing coordinate (never a figure shown). */
function drawn(p: Pence): number {
  return Number(p);
}

function minOf(values: readonly Pence[]): Pence {
  return values.reduce((m, v) => (v < m ? v : m));
}

function maxOf(values: readonly Pence[]): Pence {
  return values.reduce((m, v) => (v > m ? v : m));
}

function svg(id: string, title: string, description: string, parts: readonly string[]): string {
  return [
    `<svg id="${id}" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${id}-title">${escapeHtml(title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>`,
    ...parts.filter((p) => p !== ''),
    '</svg>',
  ].join('\n');
}

function legend(items: readonly { swatch: string; label: string }[], id?: string, ids: readonly Category[] = []): string {
  const defs = id ? `<svg class="legend-defs" width="0" height="0" aria-hidden="true" focusable="false">${patterns(ids, `${id}-legend`)}</svg>` : '';
  const swatch = (s: string): string => (id ? s.replaceAll(`url(#${id}-`, `url(#${id}-legend-`) : s);
  return `${defs}<ul class="legend" aria-hidden="true">${items.map((i) => `<li><svg width="18" height="12">${swatch(i.swatch)}</svg> ${escapeHtml(i.label)}</li>`).join('')}</ul>`;
}

/** The hatch patterns of one chart (ids are per chart, so that charts never share a definition). */
function patterns(ids: readonly Category[], id: string): string {
  const defs = ids.flatMap((c, i) =>
    fillAt(i).hatched
      ? [`<pattern id="${id}-${c}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="${fillAt(i).colour}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>`]
      : [],
  );
  return `<defs>${defs.join('')}</defs>`;
}

function fillOf(ids: readonly Category[], category: Category, id: string): string {
  const fill = fillAt(ids.indexOf(category));
  return fill.hatched ? `url(#${id}-${category})` : fill.colour;
}

function yAxis(y: ReturnType<typeof scaleLinear<number, number>>): string {
  const ticks = y.ticks(6).map((t) => {
    const at = y(t).toFixed(1);
    return `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at}" y2="${at}"/><text x="${MARGIN.left - 6}" y="${(Number(at) + 4).toFixed(1)}" text-anchor="end">${tickLabel(t)}</text>`;
  });
  return `<g class="axis y-axis">${ticks.join('')}</g>`;
}

function xMonthAxis(at: (monthIndex: number) => number): string {
  return `<g class="axis x-axis">${MONTH_NAMES.map((m, i) => `<text x="${at(i).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle">${m}</text>`).join('')}</g>`;
}

function periodTick(period: PeriodReport): string {
  const p = period[PERIOD];
  return isAdjustmentPeriod(p) ? period.period : (MONTH_NAMES[p - 1] ?? period.period);
}

/** An axis tick (a round number of pence from the scale) in short pounds: £0, £250k, £1.5m, -£20k, £0.50. */
export function tickLabel(tick: number): string {
  const pence = BigInt(Math.round(tick));
  // Ticks of a year with only pennies to draw fall between whole pounds: show them to the penny.
  if (pence % 100n !== 0n) return formatMoney(pence);
  const pounds = pence / 100n;
  const negative = pounds < 0n;
  const abs = negative ? -pounds : pounds;
  const short = (value: bigint, unit: bigint, suffix: string): string => {
    const whole = value / unit;
    const tenth = ((value % unit) * 10n) / unit;
    return `${whole}${tenth === 0n ? '' : `.${tenth}`}${suffix}`;
  };
  const text = abs >= 1_000_000n ? short(abs, 1_000_000n, 'm') : abs >= 1_000n ? short(abs, 1_000n, 'k') : `${abs}`;
  return `${negative ? '-' : ''}£${text}`;
}
