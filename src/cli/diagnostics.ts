/**
 * The one diagnostic format (after hledger and rustc): `file:line: error[code]: what is wrong`, then the offending
 * line (personal data already masked by the reader), then a hint saying what to do.
 */
import { Chalk } from 'chalk';
import type { RowError } from '../core/types.js';
import { visible } from '../render/visible.js';

/** A diagnostic to write to stderr. */
export interface Diagnostic {
  readonly file?: string;
  readonly line?: number | undefined;
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly excerpt?: string | undefined;
  readonly severity?: 'error' | 'warning';
}

/** The diagnostic of a row in error. */
export function rowDiagnostic(e: RowError): Diagnostic {
  return { file: e.source.file, line: e.source.line, code: e.code, message: e.message, hint: e.hint, excerpt: e.excerpt };
}

/** Formats a diagnostic as text lines. */
export function formatDiagnostic(d: Diagnostic, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const where = d.file === undefined ? 'grant-recon' : d.line === undefined ? d.file : `${d.file}:${d.line}`;
  const severity = d.severity ?? 'error';
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
