/**
 * The full-year projection from the run rate (PRODUCT.md, the reconciliation): the one home of the rule, for the
 * reconciliation that writes it and the check of an earlier reconciliation file that recomputes it.
 */
import { LAST_MONTH_PERIOD } from '../calendar/fiscal.js';
import { scaleRoundHalfUp } from '../money.js';
import type { Pence } from '../types.js';

/**
 * The months of a FY a run rate is taken over and scaled to: all twelve, or those of a grant window
 * (calendar/grant-window.ts, windowMonthsOf), periods `first` to `last`.
 */
export interface ProjectionMonths {
  readonly first: number;
  readonly last: number;
}

/** Every month of the year (P13–P16 count in the actual, not here). */
export const WHOLE_YEAR: ProjectionMonths = { first: 1, last: LAST_MONTH_PERIOD };

/** Of the months P01 to `monthsElapsed`, how many are among `months`: the n the run rate divides by. */
export function monthsOfRunRate(monthsElapsed: number, months: ProjectionMonths = WHOLE_YEAR): number {
  return Math.max(0, Math.min(monthsElapsed, months.last) - months.first + 1);
}

/**
 * projectedOutturn = ytdActual × W / n, W the months projected to (12, or those of the grant window in the year), n
 * the months of them elapsed P01 to `--to` (or to the latest month with included rows), rounded half away from
 * zero to the penny; 0 when n is 0. Without a window: ytdActual × 12 / n.
 */
export function projectedOutturnOf(ytdActual: Pence, monthsElapsed: number, months: ProjectionMonths = WHOLE_YEAR): Pence {
  const n = monthsOfRunRate(monthsElapsed, months);
  return n === 0 ? 0n : scaleRoundHalfUp(ytdActual, BigInt(months.last - months.first + 1), BigInt(n));
}
