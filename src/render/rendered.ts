/**
 * A rendered report: one string, or its pieces in order. JSON and CSV come in pieces, so that a report whose
 * lists run to millions of rows is written as it is rendered, never held as one string (cli/write-output.ts).
 */
export type Rendered = string | Iterable<string>;
