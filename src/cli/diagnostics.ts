/**
 * The one diagnostic format (after hledger and rustc): `file:line: error[code]: what is wrong`, then the offending
 * line (personal data already masked by the reader), then a hint saying what to do.
 */
import { Chalk } from 'chalk';
import type { Diagnostic } from '../core/diagnostic.js';
import { visible } from '../render/visible.js';

/** Formats a diagnostic as text lines. */
export function formatDiagnostic(d: Diagnostic, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const where = d.file === null ? 'grant-recon' : d.line === null ? d.file : `${d.file}:${d.line}`;
  const severity = d.severity;
  const label = severity === 'error' ? chalk.red.bold(`${severity}[${d.code}]`) : chalk.yellow.bold(`${severity}[${d.code}]`);
  const lines = [`${chalk.bold(oneLine(where))}: ${label}: ${oneLine(d.message)}`];
  if (d.excerpt !== undefined && d.excerpt !== '') lines.push(`  ${chalk.dim('|')} ${oneLine(d.excerpt)}`);
  if (d.hint) lines.push(`  ${chalk.cyan('hint')}: ${oneLine(d.hint)}`);
  return `${lines.join('\n')}\n`;
}

/** A value from an export, safe on one terminal line: control characters shown as \\xHH, line breaks as spaces. */
function oneLine(text: string): string {
  return visible(text).replace(/\r\n|\r|\n/g, ' ');
}

/** Writes a diagnostic to stderr, coloured on a terminal unless NO_COLOR is set. */
export function writeDiagnostic(d: Diagnostic): void {
  process.stderr.write(formatDiagnostic(d, stderrColor()));
}

/** Whether stderr may be coloured. */
export function stderrColor(): boolean {
  const noColor = process.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return process.stderr.isTTY;
}
