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

/** A run that cannot go on, whose messages were already written: exit with the given code. */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitRequest';
  }
}
