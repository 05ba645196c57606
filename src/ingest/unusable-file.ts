/** A file that cannot be used at all (missing, unreadable, not CSV, no known header, broken quoting): exit 2. */
import { diagnostic, type Diagnostic } from '../core/diagnostic.js';

export class UnusableFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly hint: string,
    readonly line?: number,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${problem}`);
    this.name = 'UnusableFileError';
  }

  /** The refusal as a diagnostic. */
  diagnostic(): Diagnostic {
    return diagnostic({ code: 'unusable-file', file: this.file, line: this.line ?? null, message: this.problem, hint: this.hint });
  }
}
