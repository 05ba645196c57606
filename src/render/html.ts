/**
 * HTML: the report document as one self-contained page. No script, no external asset and no network: the page
 * is opened on locked-down machines, and its Content-Security-Policy forbids anything but its own inline styles
 * and data. Charts are inline SVG (svg-charts.ts); every figure shown is the same formatted value as in the
 * Markdown and table formats, so the page carries the same figures as the JSON.
 */
import type { ClaimReport } from '../core/reports/claim.js';
import type { Block, Cell, Tone } from './document.js';
import { CERTIFICATION_BY, CERTIFICATION_FIELDS, certificationPlaceholder, certificationStatement } from './claim-words.js';
import { escapeHtml } from './html-escape.js';

/** The chart module (d3 and all), loaded only for a page that draws charts: other runs do not pay for it. */
type Charts = typeof import('./svg-charts.js');

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { -webkit-print-color-adjust: exact; print-color-adjust: exact; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111; background: #fff; margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 1.45em; margin: 0 0 0.3em; }
h2 { font-size: 1.2em; margin: 1.6em 0 0.5em; border-bottom: 2px solid #1d3557; padding-bottom: 0.15em; }
h3 { font-size: 1.05em; }
p { margin: 0.4em 0; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92em; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #999; padding: 3px 7px; vertical-align: top; overflow-wrap: break-word; }
td.path { overflow-wrap: anywhere; }
th { background: #e8ecf2; text-align: left; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.hash { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; word-break: break-all; }
.tone-good { color: #17612a; }
.tone-warn { color: #8a4b00; font-style: italic; }
.tone-bad { color: #a3160b; font-weight: 700; }
.tone-dim { color: #555; }
figure { margin: 0.8em 0 1.2em; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 0.3em; }
svg.chart { width: 100%; max-width: 760px; height: auto; display: block; }
svg.chart text { font-size: 11px; fill: #222; }
svg.chart .grid { stroke: #ddd; stroke-width: 1; }
svg.chart .zero { stroke: #333; stroke-width: 1; }
svg.chart .cap, .legend .cap { stroke: #a3160b; stroke-width: 2; stroke-dasharray: 8 3; }
svg.chart .cap-label { font-weight: 600; }
svg.chart .actual, .legend .actual { fill: none; stroke: #1d3557; stroke-width: 2.5; }
svg.chart .projection, .legend .projection { fill: none; stroke: #555; stroke-width: 2; stroke-dasharray: 2 3; }
svg.chart .actual-point { fill: #1d3557; }
svg.chart .projection-point { fill: #fff; stroke: #555; stroke-width: 2; }
svg.chart .bar { stroke: #222; stroke-width: 0.4; }
.legend-defs { position: absolute; }
.legend { list-style: none; padding: 0; margin: 0.3em 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.9em; }
.legend li { display: flex; align-items: center; gap: 5px; }
.certification { margin-top: 2em; border: 2px solid #1d3557; padding: 10px 16px 14px; break-inside: avoid; }
.certification h2 { border: 0; margin-top: 0.2em; }
.certification .placeholder { border: 1px dashed #8a4b00; padding: 4px 8px; }
.certification table { width: 100%; }
.certification th { width: 22%; }
.certification td { height: 2.6em; }
footer { margin-top: 2em; color: #555; font-size: 0.85em; }
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { font-size: 9pt; padding: 0; max-width: none; }
  table { font-size: 7.5pt; }
  th, td { padding: 1px 4px; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  svg.chart { max-width: 100%; }
}
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** A whole page: `title` in the head, the blocks in the body, then `after` (already HTML). */
export async function renderHtmlPage(title: string, blocks: readonly Block[], after = ''): Promise<string> {
  const charts = blocks.some((b) => b.kind === 'figure') ? await import('./svg-charts.js') : undefined;
  const body = blocks.map((block, i) => renderBlock(block, i, charts)).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="grant-recon">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    after,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A document as a page, titled by its first heading. */
export function renderDocumentHtml(blocks: readonly Block[]): Promise<string> {
  const first = blocks[0];
  return renderHtmlPage(first?.kind === 'heading' ? first.text : 'grant-recon', blocks);
}

/**
 * The claim statement as a printable page for the funder, ending in the certification block for the Chief Finance
 * Officer. What is for the analyst (commands to run next, notes on how the claim was made) is left out; the
 * table, Markdown and JSON formats keep it.
 */
export function renderClaimHtml(report: ClaimReport, blocks: readonly Block[]): Promise<string> {
  const statement = blocks.filter((b) => !(b.kind === 'text' && b.forAnalyst === true));
  return renderHtmlPage(`Grant claim ${report.grant.reference} ${report.year} ${report.period.label}`, statement, certificationBlock(report));
}

function certificationBlock(report: ClaimReport): string {
  const field = (label: string): string => `<tr><th scope="row">${label}</th><td></td></tr>`;
  return [
    '<section class="certification" aria-labelledby="certification-title">',
    '<h2 id="certification-title">Certification</h2>',
    `<p class="placeholder">${escapeHtml(certificationPlaceholder(report))}</p>`,
    `<p>${escapeHtml(certificationStatement(report))}</p>`,
    `<p class="tone-dim">${CERTIFICATION_BY}</p>`,
    `<table><tbody>${CERTIFICATION_FIELDS.map(field).join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function renderBlock(block: Block, index: number, charts: Charts | undefined): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'text':
      return `<p${toneClass(block.tone)}>${escapeHtml(block.text)}</p>`;
    case 'table': {
      const head = block.columns.map((c) => `<th scope="col"${c.align === 'right' ? ' class="num"' : ''}>${escapeHtml(c.title)}</th>`).join('');
      const rows = block.rows.map(
        (row) =>
          `<tr>${row
            .map((cell, i) => {
              const column = block.columns[i];
              const classes = [column?.align === 'right' ? 'num' : '', column?.title === 'SHA-256' ? 'hash' : '', column?.path === true ? 'path' : '', typeof cell === 'string' ? '' : `tone-${cell.tone}`].filter((c) => c !== '');
              return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${escapeHtml(text(cell))}</td>`;
            })
            .join('')}</tr>`,
      );
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    }
    case 'figure': {
      const id = `chart-${block.chart}-${block.year.year.replace('/', '-')}-${index}`;
      const caption = block.chart === 'cumulative' ? `Cumulative actual against the cap, ${block.year.year}` : `Spend per month by category, ${block.year.year}`;
      if (!charts) throw new Error('a figure block reached renderBlock without the chart module');
      const chart = block.chart === 'cumulative' ? charts.renderCumulativeChart(block.year, id) : charts.renderMonthlyChart(block.year, id, block.titles);
      return `<figure data-chart="${block.chart}" data-year="${escapeHtml(block.year.year)}">\n<figcaption>${escapeHtml(caption)}</figcaption>\n${chart}\n</figure>`;
    }
  }
}

function toneClass(tone: Tone | undefined): string {
  return tone && tone !== 'plain' ? ` class="tone-${tone}"` : '';
}

function text(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}
