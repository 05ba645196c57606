/**
 * Records of a GL export as a part fold (part-ledger.ts) leaves them for the main thread: a few words each, with
 * the hashes the duplicate index needs, and the errors among them.
 */
import type { FileTally, LedgerSink } from './ledger-sink.js';
import { PenceSum } from '../money.js';
import { EXCLUSION_REASONS, MAX_CATEGORIES, type ExclusionReason, type RowError } from '../types.js';

/** Words a record takes in FoldedRows.rows. */
export const FOLDED_WORDS = 9;
// The words: what the record is, its line (from the batch's first record), where it is counted, and its hashes.
export const KIND = 0;
export const LINE = 1;
/**
 * INCLUDED: ((fy * 32) + period) * MAX_CATEGORIES (16) + category index (in the configuration's order). EXCLUDED: the
 * reason's index in EXCLUSION_REASONS + ((fy * 32) + period) × EXCLUDED_DATED, the month the row is dated in (0 when
 * it has none). APPORTIONED: the included place word + the rule's index × APPORTIONED_RULE.
 */
export const PLACE = 2;
/** The key's 96-bit hash (or the content's, without a key), then the content's 64-bit fingerprint (keyed rows). */
export const HASH = 3;
export const FINGERPRINT = 6;
/** INCLUDED and APPORTIONED: the cost centre, by its index in FoldedRows.costCentres. */
export const COST_CENTRE = 8;

export const BLANK = 0;
export const ERROR = 1;
export const INCLUDED = 2;
export const EXCLUDED = 3;
/** A row otherwise included that an apportionment rule takes: the main thread holds it for its group's split. */
export const APPORTIONED = 4;
/** An included place word is below 2^21; the rule's index is counted above it (at most 2,047 rules: the schema allows 1,000). */
export const APPORTIONED_RULE = 2_097_152;

/** Records of one batch as a part fold left them, to cross to the main thread (the arrays' buffers are moved). */
export interface FoldedRows {
  readonly count: number;
  /** FOLDED_WORDS words a record. */
  readonly rows: Uint32Array;
  /** Each record's amount in pence, as the fold read it (0 for a blank record; NaN for an amount that cannot be read). */
  readonly pence: Float64Array;
  /** The errors among the records, in order; each source's line is counted from the batch's first record. */
  readonly errors: readonly RowError[];
  /** The cost centres the COST_CENTRE words name (normalised codes). */
  readonly costCentres: readonly string[];
  /** The line of the record after these, counted from the batch's first record (line 0). */
  readonly lines: number;
  /** The layout the records were folded with, as JSON: the main thread checks it is the one it found. */
  readonly layout: string;
  /** The part fold stopped at the record after these: the rest of the file is to be read from cells. */
  readonly stop: boolean;
}

/** The place word of an included row. */
export function includedPlace(fy: number, period: number, category: number): number {
  return (fy * 32 + period) * MAX_CATEGORIES + category;
}

/** The FY, period and category index an INCLUDED place word names. */
export function includedAt(place: number): readonly [fy: number, period: number, category: number] {
  return [Math.floor(place / (32 * MAX_CATEGORIES)), Math.floor(place / MAX_CATEGORIES) % 32, place % MAX_CATEGORIES];
}

/** An EXCLUDED place word holds the reason's index below this (EXCLUSION_REASONS has fewer), the row's month above. */
const EXCLUDED_DATED = 16;

/** The place word of an excluded row: its reason, and the FY and period it is dated in (none: a row with no date). */
export function excludedPlace(reason: ExclusionReason, fy?: number, period?: number): number {
  const dated = fy === undefined || period === undefined ? 0 : fy * 32 + period;
  return EXCLUSION_REASONS.indexOf(reason) + dated * EXCLUDED_DATED;
}

/** The reason's index (in EXCLUSION_REASONS), FY and period an EXCLUDED place word names (FY and period undefined: no date). */
export function excludedAt(place: number): readonly [reason: number, fy: number | undefined, period: number | undefined] {
  const reason = place % EXCLUDED_DATED;
  const dated = Math.floor(place / EXCLUDED_DATED);
  return dated === 0 ? [reason, undefined, undefined] : [reason, Math.floor(dated / 32), dated % 32];
}

/** The reason of an index in EXCLUSION_REASONS. */
function excludedReason(index: number): ExclusionReason {
  return EXCLUSION_REASONS[index] as ExclusionReason;
}

/** The sum of included rows at one place and cost centre (by the ledger's id for it). */
class PlaceSum extends PenceSum {
  readonly fy: number;
  readonly period: number;
  readonly category: number;

  constructor(
    place: number,
    readonly costCentre: number,
  ) {
    super();
    [this.fy, this.period, this.category] = includedAt(place);
  }
}

/** Places and cost centres as one number: a place word is below 2^21, and a run has fewer than 2^20 cost centres. */
const COST_CENTRES_A_PLACE = 1_048_576;

/**
 * The money of folded rows as one batch is taken, summed as numbers by place, and counted into the ledger's
 * bigints at the batch's end: a bigint a row was most of what the main thread allocated.
 */
export class FoldedSums {
  /** Every readable amount, whatever its outcome: the file's read total. */
  readonly read = new PenceSum();
  /** By reason index, as an EXCLUDED record's place word gives it (excludedAt). */
  readonly excluded: readonly PenceSum[] = EXCLUSION_REASONS.map(() => new PenceSum());
  private readonly included = new Map<number, PlaceSum>();
  /** The places given a row since the last count. */
  private readonly touched: PlaceSum[] = [];

  /** The sum of included rows with this place word and cost centre (the ledger's id). */
  includedSum(place: number, costCentre: number): PenceSum {
    const key = place * COST_CENTRES_A_PLACE + costCentre;
    let sum = this.included.get(key);
    if (sum === undefined) {
      sum = new PlaceSum(place, costCentre);
      this.included.set(key, sum);
    }
    if (sum.count === 0) this.touched.push(sum);
    return sum;
  }

  /** Counts what was summed into the ledger and the file's tally, and starts again from nothing. */
  countInto(ledger: Pick<LedgerSink, 'countGl' | 'countExcluded'>, tally: FileTally): void {
    tally.readTotal += this.read.take();
    for (const sum of this.touched) {
      const rows = sum.count;
      ledger.countGl(tally, sum.fy, sum.period, sum.category, sum.costCentre, sum.take(), rows);
    }
    this.touched.length = 0;
    for (let reason = 0; reason < this.excluded.length; reason++) {
      const sum = this.excluded[reason] as PenceSum;
      const rows = sum.count;
      if (rows > 0) ledger.countExcluded(tally, excludedReason(reason), sum.take(), rows);
    }
  }
}
