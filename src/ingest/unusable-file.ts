/** A file that cannot be used at all (missing, unreadable, not CSV, no known header, broken quoting): exit 2. */
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
}
