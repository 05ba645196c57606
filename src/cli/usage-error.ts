/** A command used wrongly (a bad option value, a missing argument): exit 2 with a message saying what to do. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit code of a finished run (PRODUCT.md): 0 success; 1 rows in error, or findings at the --fail-on level; 2 refused. */
export type ExitCode = 0 | 1 | 2;

/** A run that cannot go on, whose messages were already written: exit with the given code. */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitRequest';
  }
}
