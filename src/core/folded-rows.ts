/**
 * Records of a GL export as a part fold (part-fold.ts) leaves them for the main thread: a few words each, with
 * the hashes the duplicate index needs, and the errors among them.
 */
import { EXCLUSION_REASONS, type ExclusionReason, type RowError } from './types.js';

/** Words a record takes in FoldedRows.rows. */
export const FOLDED_WORDS = 8;
// The words: what the record is, its line (from the batch's first record), where it is counted, and its hashes.
export const KIND = 0;
export const LINE = 1;
/** INCLUDED: ((fy * 32) + period) * 16 + category index. EXCLUDED: the reason's index in EXCLUSION_REASONS. */
export const PLACE = 2;
/** The key's 96-bit hash (or the content's, without a key), then the content's 64-bit fingerprint (keyed rows). */
export const HASH = 3;
export const FINGERPRINT = 6;

export const BLANK = 0;
export const ERROR = 1;
export const INCLUDED = 2;
export const EXCLUDED = 3;

/** Records of one batch as a part fold left them, to cross to the main thread (the arrays' buffers are moved). */
export interface FoldedRows {
  readonly count: number;
  /** FOLDED_WORDS words a record. */
  readonly rows: Uint32Array;
  /** Each record's amount in pence, as the fold read it (0 for a blank record, or an amount that cannot be read). */
  readonly pence: Float64Array;
  /** The errors among the records, in order; each source's line is counted from the batch's first record. */
  readonly errors: readonly RowError[];
  /** The line of the record after these, counted from the batch's first record (line 0). */
  readonly lines: number;
  /** The layout the records were folded with, as JSON: the main thread checks it is the one it found. */
  readonly layout: string;
  /** The part fold stopped at the record after these: the rest of the file is to be read from cells. */
  readonly stop: boolean;
}

/** The place word of an included row. */
export function includedPlace(fy: number, period: number, category: number): number {
  return (fy * 32 + period) * 16 + category;
}

/** The FY, period and category index an INCLUDED place word names. */
export function includedAt(place: number): readonly [fy: number, period: number, category: number] {
  return [Math.floor(place / 512), Math.floor(place / 16) % 32, place % 16];
}

/** The reason an EXCLUDED place word names. */
export function excludedReason(place: number): ExclusionReason {
  return EXCLUSION_REASONS[place] as ExclusionReason;
}
