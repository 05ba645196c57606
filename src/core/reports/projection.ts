/**
 * The full-year projection from the run rate (PRODUCT.md, the reconciliation): the one home of the rule, for the
 * reconciliation that writes it and the check of an earlier reconciliation file that recomputes it.
 */
import { scaleRoundHalfUp } from '../money.js';
import type { Pence } from '../types.js';

/** The months of a financial year that the run rate is scaled to (P13–P16 count in the actual, not here). */
const MONTHS_IN_YEAR = 12n;

/**
 * projectedOutturn = ytdActual × 12 / n, n the months P01 to `--to` (or to the latest month with included rows),
 * rounded half away from zero to the penny; 0 when n is 0.
 */
export function projectedOutturnOf(ytdActual: Pence, monthsElapsed: number): Pence {
  return monthsElapsed === 0 ? 0n : scaleRoundHalfUp(ytdActual, MONTHS_IN_YEAR, BigInt(monthsElapsed));
}
