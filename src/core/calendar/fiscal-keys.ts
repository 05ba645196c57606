/**
 * A report value's FY and period as numbers, beside the labels ("2022/23", "P07") that its documents show: code
 * that needs the number reads it here and never parses a label back.
 *
 * The keys are symbols, set as non-enumerable properties by `withFy` and `withPeriod`: the JSON of a report
 * (renderJson, JSON.stringify), every `Object.entries` walk and a deep comparison leave them out, because a
 * document's shape is the contract and these are not part of it. A spread copy (`{ ...value }`) leaves them out
 * too: build a value with them where it is made.
 */

/** The FY start year (2022 is 2022/23) of a value labelled with `year`. */
export const FY = Symbol('fy');

/** The period (1..16) of a value labelled with `period`. */
export const PERIOD = Symbol('period');

/** A value labelled with a FY. */
export interface FyKeyed {
  readonly year: string;
  readonly [FY]: number;
}

/** A value labelled with a period. */
export interface PeriodKeyed {
  readonly period: string;
  readonly [PERIOD]: number;
}

/** `value`, which carries the label of FY `fy`, with the number beside it. */
export function withFy<T extends { readonly year: string }>(value: T, fy: number): T & FyKeyed {
  return Object.defineProperty(value, FY, { value: fy, enumerable: false }) as T & FyKeyed;
}

/** `value`, which carries the label of period `period`, with the number beside it. */
export function withPeriod<T extends { readonly period: string }>(value: T, period: number): T & PeriodKeyed {
  return Object.defineProperty(value, PERIOD, { value: period, enumerable: false }) as T & PeriodKeyed;
}
