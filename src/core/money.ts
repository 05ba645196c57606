/**
 * Money, exact: every amount is a `bigint` of pence (dinero.js's habit). This module owns parsing amounts from
 * exports, the canonical text form written to JSON and CSV, the display form, and the one rounding rule
 * (half away from zero, to the penny). Sums stay in integer pence; quotients and their rounding are decimal.js's.
 */
import { Decimal } from 'decimal.js';
import type { Pence } from './types.js';

/** The result of reading an amount cell: pence, or a message that says what is wrong with an example. */
export type AmountResult =
  | { readonly ok: true; readonly pence: Pence }
  | {
      readonly ok: false;
      /** What is wrong, quoting the cell. */
      readonly message: string;
      /** The same without the cell's text, for rows whose values must not be quoted (payroll). */
      readonly redactedMessage: string;
    };

const EXAMPLE = 'write pounds and pence, e.g. 1234.56';
const NEGATIVE_EXAMPLE = 'e.g. -1,234.56 or (1,234.56)';
/** Cell text quoted in a message is cut short, so that a runaway cell cannot flood the report. */
const MAX_QUOTED = 40;

// Beyond 13 digits before the point, pence could pass 2^53 and a float accumulator would lose exactness.
const MAX_FAST_INTEGER_DIGITS = 13;
const SCALE = [100, 10, 1] as const;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** Pence as an exact JavaScript number, or undefined beyond 2^53 (where a number would round). */
export function penceAsNumber(p: Pence): number | undefined {
  return p >= MIN_SAFE && p <= MAX_SAFE ? Number(p) : undefined;
}

/**
 * A running count and sum of amounts given as safe-integer pence, exact, for loops that must not make a bigint a
 * row. The sum is held as a number while it is a safe integer, and moved into a bigint before it would leave that
 * range: a sum of two safe integers that is itself safe is exact in a double, and one that is not lands beyond
 * 2^53 - 1 however it rounds, so it is never kept.
 */
export class PenceSum {
  count = 0;
  private exact = 0;
  private spilled = 0n;

  /** Adds one amount, which must be a safe integer (|pence| ≤ 2^53 - 1). */
  add(pence: number): void {
    this.count++;
    const sum = this.exact + pence;
    if (sum <= Number.MAX_SAFE_INTEGER && sum >= -Number.MAX_SAFE_INTEGER) {
      this.exact = sum;
    } else {
      this.spilled += BigInt(this.exact);
      this.exact = pence;
    }
  }

  /** The sum so far, and starts again from nothing (the count too). */
  take(): Pence {
    const sum = this.spilled + BigInt(this.exact);
    this.count = 0;
    this.exact = 0;
    this.spilled = 0n;
    return sum;
  }
}

/** Reads an amount in one of the export forms (1,234.56 · £1,234.56 · -£1,234.56 · (1,234.56) · 1,234.56- · 1234.56 CR). */
export function parseAmount(text: string): AmountResult {
  const s = text.trim();
  const plain = parsePlainAmount(s);
  return plain === undefined ? parseDecoratedAmount(s) : { ok: true, pence: plain };
}

/**
 * The fast path for the commonest forms, `-?£?` then digits (optionally grouped by threes with commas) and 0–2
 * decimals: one pass over the characters, no regex, no substrings. Returns undefined for anything else, which
 * the full parser then judges (and explains).
 */
function parsePlainAmount(s: string): Pence | undefined {
  const n = s.length;
  let i = 0;
  let negative = false;
  if (i < n && s.charCodeAt(i) === 45 /* - */) {
    negative = true;
    i++;
  }
  if (i < n && s.charCodeAt(i) === 163 /* £ */) i++;
  let acc = 0;
  let intDigits = 0;
  let groupDigits = 0;
  let grouped = false;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 44 /* , */) {
      // The first group has 1–3 digits, every later group exactly 3.
      if (grouped ? groupDigits !== 3 : groupDigits === 0 || groupDigits > 3) return undefined;
      grouped = true;
      groupDigits = 0;
    } else if (c >= 48 && c <= 57) {
      acc = acc * 10 + (c - 48);
      intDigits++;
      groupDigits++;
    } else {
      break;
    }
    i++;
  }
  if (intDigits === 0 || intDigits > MAX_FAST_INTEGER_DIGITS || (grouped && groupDigits !== 3)) return undefined;
  let fracDigits = 0;
  if (i < n) {
    if (s.charCodeAt(i) !== 46 /* . */) return undefined;
    i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57 || fracDigits === 2) return undefined;
      acc = acc * 10 + (c - 48);
      fracDigits++;
      i++;
    }
    if (fracDigits === 0) return undefined;
  }
  const pence = BigInt(acc * (SCALE[fracDigits] ?? 1));
  return negative ? -pence : pence;
}

/**
 * Where a trailing `CR` (with any white space before it) starts, or -1. Scanned from the end: a regular
 * expression like /\s*cr$/ would try every start position and take time growing with the square of a long run
 * of spaces, which a hostile or broken cell can hold.
 */
function creditSuffixAt(body: string): number {
  const n = body.length;
  if (n < 2 || (body.charCodeAt(n - 1) | 0x20) !== 0x72 || (body.charCodeAt(n - 2) | 0x20) !== 0x63) return -1;
  let start = n - 2;
  while (start > 0 && /\s/.test(body.charAt(start - 1))) start--;
  return start;
}
const GROUPED_THOUSANDS = /^\d{1,3}(?:,\d{3})*$/;
const BODY_CHARACTERS = /^[\d,.]*$/;

/** The full parser: signs, £, thousands separators, and a precise message for each way of getting it wrong. */
function parseDecoratedAmount(s: string): AmountResult {
  if (s === '') return amountError(s, `is empty; ${EXAMPLE}`);
  let body = s;
  let signs = 0;
  // Peel sign markers off the outside, counting them: one is a negative amount, two is an error whatever
  // the combination, so -(5.00), (5.00)- and -5.00 CR are all refused.
  for (;;) {
    if (body.startsWith('+')) {
      return amountError(s, `has a plus sign; write a positive amount without a sign, e.g. 1234.56`);
    }
    const credit = creditSuffixAt(body);
    if (credit > 0) {
      body = body.slice(0, credit);
    } else if (body.length > 1 && body.endsWith('-')) {
      body = body.slice(0, -1);
    } else if (body.length > 1 && body.startsWith('-')) {
      body = body.slice(1);
    } else if (body.length > 1 && body.startsWith('(') && body.endsWith(')')) {
      body = body.slice(1, -1);
    } else {
      break;
    }
    signs++;
  }
  if (signs > 1) return amountError(s, `has more than one sign; write a negative amount one way, ${NEGATIVE_EXAMPLE}`);
  if (body.startsWith('£')) body = body.slice(1);
  if (!/\d/.test(body)) return amountError(s, `has no digits; ${EXAMPLE}`);
  if (body.includes('(') || body.includes(')')) {
    return amountError(s, `has unbalanced brackets; write a negative amount ${NEGATIVE_EXAMPLE}`);
  }
  if (/[-+£]/.test(body)) {
    return amountError(s, `has a sign or £ in the wrong place; write e.g. -£1,234.56, (£1,234.56) or 1,234.56-`);
  }
  if (!BODY_CHARACTERS.test(body)) return amountError(s, `is not a recognised amount; ${EXAMPLE} or ${NEGATIVE_EXAMPLE}`);
  const point = body.indexOf('.');
  const whole = point < 0 ? body : body.slice(0, point);
  const fraction = point < 0 ? '' : body.slice(point + 1);
  if (fraction.includes('.')) return amountError(s, `has more than one decimal point; ${EXAMPLE}`);
  if (fraction.includes(',')) {
    return amountError(s, `has a comma after the decimal point; use a point for pence and commas for thousands, e.g. 1,234.56`);
  }
  if (whole === '') return amountError(s, `has no digit before the decimal point; write e.g. 0.50`);
  if (point >= 0 && fraction === '') {
    return amountError(s, `has a decimal point with no pence after it; write e.g. 900 or 900.00`);
  }
  if (fraction.length > 2) return amountError(s, `has more than two decimal places; ${EXAMPLE}`);
  if (whole.includes(',') && !GROUPED_THOUSANDS.test(whole)) {
    return amountError(s, `has thousands separators that are not grouped by threes; write e.g. 1,234,567.89 or 1234567.89`);
  }
  const pence = BigInt(whole.replaceAll(',', '') + fraction.padEnd(2, '0'));
  return { ok: true, pence: signs === 1 ? -pence : pence };
}

/** Builds the failure value, with and without the cell's text. */
function amountError(s: string, problem: string): AmountResult {
  return { ok: false, message: `amount "${quote(s)}" ${problem}`, redactedMessage: `amount ${problem}` };
}

/** Cuts long cell text for quoting in a message. */
function quote(s: string): string {
  return s.length > MAX_QUOTED ? `${s.slice(0, MAX_QUOTED)}…` : s;
}

/** The canonical text of an amount, as every amount leaves the program in JSON and CSV: `-1234.50`. */
export function formatPence(p: Pence): string {
  const negative = p < 0n;
  const abs = negative ? -p : p;
  const pounds = abs / 100n;
  const pence = abs % 100n;
  return `${negative ? '-' : ''}${pounds}.${pence < 10n ? '0' : ''}${pence}`;
}

/** The display form of an amount, for people: `£2,893,452.00`, `-£12.50`. */
export function formatMoney(p: Pence): string {
  const negative = p < 0n;
  const abs = negative ? -p : p;
  const pence = abs % 100n;
  return `${negative ? '-' : ''}£${groupThousands((abs / 100n).toString())}.${pence < 10n ? '0' : ''}${pence}`;
}

/**
 * A count as reports write it, in thousands grouped by commas (`12,345 rows`), as `toLocaleString('en-GB')` would,
 * without loading the locale data that costs a run tens of milliseconds the first time it is asked for.
 */
export function formatCount(n: number): string {
  return n < 0 ? `-${groupThousands(String(-n))}` : groupThousands(String(n));
}

/** Digits grouped in threes from the right by commas. */
function groupThousands(digits: string): string {
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? part : `${part},${grouped}`;
  }
  return grouped;
}

const CANONICAL_AMOUNT = /^-?\d+\.\d\d$/;

/** Reads the canonical form that formatPence writes (`-?\d+\.\d\d`), for our own claim files and config; else undefined. */
export function parsePence(text: string): Pence | undefined {
  if (!CANONICAL_AMOUNT.test(text)) return undefined;
  const negative = text.startsWith('-');
  const digits = text.slice(negative ? 1 : 0).replace('.', '');
  const pence = BigInt(digits);
  return negative ? -pence : pence;
}

/**
 * decimal.js with settings of its own (the global Decimal is left alone): ROUND_HALF_UP rounds a half away from
 * zero, the one rounding rule. Its precision is set for each quotient, by quotientOf.
 */
const HalfAwayFromZero = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP });

/** How many digits an integer has, its sign aside. */
function digitCount(n: bigint): number {
  return (n < 0n ? -n : n).toString().length;
}

/**
 * dividend / divisor, to as many significant digits as it takes to round the exact quotient to `places` decimals
 * in one step: every digit before the point, and `places` plus as many as the divisor has after it. A quotient
 * that is not a half there differs from one by at least 1 / (2 × divisor) of its last place, so rounding it to
 * these digits first never makes it a half (or carries it past one). Amounts of any size keep every penny.
 */
function quotientOf(dividend: bigint, divisor: bigint, places: number): Decimal {
  if (divisor === 0n) throw new RangeError('quotient: divisor is 0');
  const Exact = HalfAwayFromZero.clone({ precision: digitCount(dividend) + digitCount(divisor) + places + 1 });
  return new Exact(dividend).div(new Exact(divisor)).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/**
 * p × numerator / denominator, rounded to the penny half away from zero (the one rounding rule of the program,
 * used for the run-rate projection). The product is exact in bigint; decimal.js divides and rounds.
 */
export function scaleRoundHalfUp(p: Pence, numerator: bigint, denominator: bigint): Pence {
  if (denominator === 0n) throw new RangeError('scaleRoundHalfUp: denominator is 0');
  return BigInt(quotientOf(p * numerator, denominator, 0).toFixed(0));
}

/**
 * dividend / divisor written with `places` decimals, rounded half away from zero (`"12.5"`): for ratios and
 * percentages of amounts. A result that rounds to nothing is written without a sign (`"0.0"`, never `"-0.0"`).
 */
export function formatQuotient(dividend: bigint, divisor: bigint, places: number): string {
  const q = quotientOf(dividend, divisor, places);
  return (q.isZero() ? q.abs() : q).toFixed(places);
}

/** The smallest of one or more amounts. */
export function minPence(first: Pence, ...rest: Pence[]): Pence {
  let min = first;
  for (const p of rest) if (p < min) min = p;
  return min;
}

/** The largest of one or more amounts. */
export function maxPence(first: Pence, ...rest: Pence[]): Pence {
  let max = first;
  for (const p of rest) if (p > max) max = p;
  return max;
}

/** The most characters of an amount read as float noise, and decimal.js set up once to subtract them exactly. */
const NOISE_DIGITS = 64;
const NoiseExact = HalfAwayFromZero.clone({ precision: NOISE_DIGITS });

/** The farthest a spreadsheet's float noise lies from a penny-exact amount: a millionth of a penny, in pounds. */
const FLOAT_NOISE = '0.00000001';

/**
 * An amount written with more than two decimals that is a spreadsheet's float noise on a penny-exact amount, within
 * a millionth of a penny of it (`515.9000000000001`, `1,234.5599999999999`): the penny-exact amount, in any of the
 * export forms; undefined for anything else (`12.345` has three real decimals, and stays an error). The decimal
 * arithmetic is decimal.js's, asked for only where a configured layout reads float noise (see FileFold).
 */
export function roundFloatNoise(text: string): Pence | undefined {
  const core = /(\d{1,3}(?:,\d{3})+|\d+)\.(\d{3,})/.exec(text);
  if (core === null) return undefined;
  const digits = `${(core[1] as string).replaceAll(',', '')}.${core[2] as string}`;
  // A double printed in full has at most 17 significant digits: an amount longer than the exact arithmetic holds is
  // no spreadsheet's noise.
  if (digits.length > NOISE_DIGITS) return undefined;
  const written = new NoiseExact(digits);
  const rounded = written.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (written.minus(rounded).abs().greaterThan(FLOAT_NOISE)) return undefined;
  const read = parseAmount(`${text.slice(0, core.index)}${rounded.toFixed(2)}${text.slice(core.index + core[0].length)}`);
  return read.ok ? read.pence : undefined;
}
