/** The line ledger of one input: where each of its physical lines went. Pure. */

/**
 * Where every physical line of an input went (the line ledger): together, the lines of the file, as counted from
 * its bytes. A record that spans several lines (a quoted cell holding line breaks) is one line of its kind and
 * the rest continuation lines.
 */
export interface LineTally {
  /** The header row. */
  header: number;
  /** Lines above the header that are not rows: a report's title, parameters and notes. */
  metadata: number;
  /** Data rows, rows in error above the header or below the total line among them. */
  data: number;
  /** The export's own total line. */
  total: number;
  /** Notes below the total line (the `footer` exclusion). */
  footer: number;
  blank: number;
  /** The second and later lines of records that span several (inside their quoted cells). */
  continuation: number;
}

/** The sum of a line tally: every line it accounts for. */
export function linesAccountedFor(lines: LineTally): number {
  return lines.header + lines.metadata + lines.data + lines.total + lines.footer + lines.blank + lines.continuation;
}
