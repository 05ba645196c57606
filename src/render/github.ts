/**
 * GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding, the most serious first
 * (a CI page shows only the first few), and the full list as a Markdown table for $GITHUB_STEP_SUMMARY.
 */
import type { CheckReport, Finding } from '../core/check.js';
import { formatMoney } from '../core/money.js';
import { visible } from './visible.js';

/** The annotations, one line each. */
export function renderGithubAnnotations(report: CheckReport): string {
  return report.findings.map(annotation).join('') + `${summaryLine(report)}\n`;
}

function annotation(f: Finding): string {
  const where = f.file === null ? '' : ` file=${property(f.file)}${f.line === null ? '' : `,line=${f.line}`}`;
  return `::${f.severity}${where}::${data(`${f.code}: ${f.message}${f.hint ? ` (hint: ${f.hint})` : ''}`)}\n`;
}

function summaryLine(report: CheckReport): string {
  const { errors, warnings } = report.counts;
  return `grant-recon check: ${report.status === 'pass' ? 'PASS' : 'FAIL'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/** The full findings as Markdown, for the job summary page. */
export function renderGithubSummary(report: CheckReport): string {
  const cell = (value: string): string => visible(value.replace(/\r\n|\r|\n/g, ' ')).replace(/([\\|])/g, '\\$1');
  const lines = [`## grant-recon check: ${report.status === 'pass' ? 'pass' : 'FAIL'}`, '', summaryLine(report), ''];
  if (report.findings.length > 0) {
    lines.push('| Severity | Code | Where | Problem | Hint |', '| :--- | :--- | :--- | :--- | :--- |');
    for (const f of report.findings) {
      lines.push(`| ${f.severity} | ${f.code} | ${cell(f.file === null ? '' : `${f.file}:${f.line ?? ''}`)} | ${cell(f.message)} | ${cell(f.hint)} |`);
    }
    lines.push('');
  }
  lines.push('| Year | Cap | Actual | Headroom | Over cap | Projected outturn |', '| :--- | ---: | ---: | ---: | ---: | ---: |');
  for (const y of report.years) {
    lines.push(`| ${y.year} | ${formatMoney(y.cap)} | ${formatMoney(y.ytdActual)} | ${formatMoney(y.headroom)} | ${formatMoney(y.overCap)} | ${formatMoney(y.projectedOutturn)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Escapes an annotation's message (workflow-command data). */
function data(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes an annotation property value. */
function property(value: string): string {
  return data(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
