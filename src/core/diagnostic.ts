/**
 * The one shape of a problem found (STYLE.md: `{severity, code, message, source, hint?}`), from the core to every
 * renderer: a row in error, a finding of `check`, a problem in a configuration file, a usage error and an input
 * that cannot be read all become one, and the stderr line, the GitHub annotation, the JUnit failure and the SARIF
 * result are written from it. A report's JSON keeps its own members (a finding's `file` and `line`, a row error's
 * `source`): those are the documents' contract.
 */
import type { RowError } from './types.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable and machine-readable: a row error code, a finding's code, `config`, `usage`, `unusable-file`, … */
  readonly code: string;
  /** The file it is in, as given, or null for the run or the inputs as a whole. */
  readonly file: string | null;
  /** The 1-based line in `file`, or null for the file as a whole. */
  readonly line: number | null;
  /** What is wrong, without any personal data. */
  readonly message: string;
  /** What to do about it, with a valid example where one helps. */
  readonly hint?: string | undefined;
  /** The offending line as read, personal data masked. */
  readonly excerpt?: string | undefined;
}

/** A diagnostic from its fields: an error, of the run as a whole, unless they say otherwise. */
export function diagnostic(fields: Omit<Diagnostic, 'severity' | 'file' | 'line'> & Partial<Pick<Diagnostic, 'severity' | 'file' | 'line'>>): Diagnostic {
  return { severity: 'error', file: null, line: null, ...fields };
}

/** The diagnostic of a row in error. */
export function rowDiagnostic(e: RowError): Diagnostic {
  return { severity: 'error', code: e.code, file: e.source.file, line: e.source.line, message: e.message, hint: e.hint, excerpt: e.excerpt };
}
