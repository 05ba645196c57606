/**
 * GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding, the most serious first
 * (a CI page shows only the first few), and the findings as a Markdown table for $GITHUB_STEP_SUMMARY. Both
 * stop at the first 1000 findings (the table sooner if it would pass GitHub's size limit) and say so.
 */
import type { CheckReport, Finding } from '../core/reports/check.js';
import { formatMoney } from '../core/money.js';
import { firstOf } from '../core/store/sequence.js';
import { LISTED } from './document.js';
import { visible } from './visible.js';

/**
 * A job summary of more than 1 MiB is not shown at all (GitHub: "$GITHUB_STEP_SUMMARY upload aborted, supports
 * content up to a size of 1024k"), so its table of findings stops here, in UTF-8 bytes, or at LISTED rows.
 */
const SUMMARY_TABLE_BYTES = 768 * 1024;

/**
 * The annotations, one line each: at most LISTED (a CI page shows ten a step, and a broken export can have a
 * million findings), then a line saying how many more there are and where they are all listed.
 */
export function renderGithubAnnotations(report: CheckReport): string {
  const shown = [...firstOf(report.findings, LISTED)];
  const rest = report.findings.length - shown.length;
  const more = rest > 0 ? `grant-recon check: ${rest} more finding${rest === 1 ? ' is' : 's are'} not annotated; --format json or csv lists them all\n` : '';
  return shown.map(annotation).join('') + more + `${checkSummaryLine(report)}\n`;
}

/** One annotation: where (a file and line, when the finding has them), a title naming the check, and the finding. */
function annotation(f: Finding): string {
  const where = f.file === null ? [] : [`file=${property(f.file)}`, ...(f.line === null ? [] : [`line=${f.line}`])];
  const properties = [...where, `title=${property(`grant-recon check ${f.check}`)}`].join(',');
  return `::${f.severity} ${properties}::${data(`${f.code}: ${f.message}${f.hint ? ` (hint: ${f.hint})` : ''}`)}\n`;
}

/** The check's one summary line, the same wherever it is written: `grant-recon check: FAIL: 1 error, 0 warnings`. */
export function checkSummaryLine(report: CheckReport): string {
  const { errors, warnings } = report.counts;
  return `grant-recon check: ${report.status === 'pass' ? 'pass' : 'FAIL'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

/** The full findings as Markdown, for the job summary page. */
export function renderGithubSummary(report: CheckReport): string {
  const cell = (value: string): string => visible(value.replace(/\r\n|\r|\n/g, ' ')).replace(/([\\|])/g, '\\$1');
  const lines = [`## grant-recon check: ${report.status === 'pass' ? 'pass' : 'FAIL'}`, '', checkSummaryLine(report), ''];
  if (report.findings.length > 0) {
    lines.push('| Severity | Code | Where | Problem | Hint |', '| :--- | :--- | :--- | :--- | :--- |');
    let bytes = 0;
    let listed = 0;
    for (const f of report.findings) {
      const line = `| ${f.severity} | ${f.code} | ${cell(f.file === null ? '' : `${f.file}:${f.line ?? ''}`)} | ${cell(f.message)} | ${cell(f.hint)} |`;
      bytes += Buffer.byteLength(line) + 1;
      if (listed === LISTED || bytes > SUMMARY_TABLE_BYTES) break;
      lines.push(line);
      listed++;
    }
    lines.push('');
    if (listed < report.findings.length) {
      lines.push(`The first ${listed} of ${report.findings.length} findings are listed here (a job summary holds at most 1 MiB); \`grant-recon check --format json\` or \`csv\` lists them all.`, '');
    }
  }
  lines.push('| Year | Cap | Actual | Headroom | Over cap | Projected outturn |', '| :--- | ---: | ---: | ---: | ---: | ---: |');
  for (const y of report.years) {
    lines.push(`| ${y.year} | ${formatMoney(y.cap)} | ${formatMoney(y.ytdActual)} | ${formatMoney(y.headroom)} | ${formatMoney(y.overCap)} | ${formatMoney(y.projectedOutturn)} |`);
  }
  const g = report.wholeGrant;
  if (g) lines.push(`| Whole grant | ${formatMoney(g.cap)} | ${formatMoney(g.actual)} | ${formatMoney(g.headroom)} | ${formatMoney(g.overCap)} | ${formatMoney(g.projectedOutturn)} |`);
  if (report.window) lines.push('', `Grant window: ${report.window.from ?? "the start of the grant's years"} to ${report.window.to ?? "the end of the grant's years"}; rows outside it are excluded as outside-grant-window.`);
  return `${lines.join('\n')}\n`;
}

/**
 * Escapes an annotation's message (workflow-command data): control characters shown as `\xHH` (visible.ts), then
 * `%`, CR and LF as GitHub's runner reads them back (`%25`, `%0D`, `%0A`), so no value can end the line and start
 * a command of its own.
 */
function data(value: string): string {
  return visible(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes an annotation property value. */
function property(value: string): string {
  return data(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
