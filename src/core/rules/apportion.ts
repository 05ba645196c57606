/**
 * Apportioned costs: a cost centre, account or pay element charged to the grant at a rate from a date (PRODUCT.md
 * "Additions (second round)", Apportionment). Which rule takes a row, and how one rule's rows of one period are
 * split into an included and an excluded (`apportioned-out`) part, live here and nowhere else.
 *
 * Conventions at this boundary:
 * - A rate is a percentage from 0% to 100% with at most 4 decimals, held as its text without the sign ("40",
 *   "33.3333"); the arithmetic is decimal.js's, exact (a rate is a whole number of millionths).
 * - A row is dated by its posting date (a payroll row by the first day of its payroll month); a row of P13–P16 sits
 *   at its FY's 31 March, as those periods count in March (fiscal.ts, throughPeriod).
 * - Rules are tried in the configuration's order and the first that matches takes the row (config/rules.ts refuses
 *   a second rule of the same match whose dates overlap the first's, which would never apply there).
 */
import { Decimal } from 'decimal.js';
import { isAdjustmentPeriod } from '../calendar/fiscal.js';
import type { Pence } from '../types.js';

/** What a rule matches: exactly one of a cost centre, an account or a pay element (as the fold compares them). */
export type ApportionmentMatch = { readonly costCentre: string } | { readonly account: string } | { readonly payElement: string };

/** One apportionment rule of the trusted configuration. */
export interface ApportionmentRule {
  readonly name: string;
  /** Cost centres and accounts upper-cased, pay elements lower-cased with runs of white space as one space. */
  readonly match: ApportionmentMatch;
  /** The percentage charged to the grant, without its sign: "40", "12.5", "100". */
  readonly rate: string;
  /** First day covered, ISO `yyyy-mm-dd`, inclusive. */
  readonly from: string;
  /** Last day covered, inclusive; undefined: no end. */
  readonly to: string | undefined;
}

/** What a rule looks at in a row: its codes (as the fold normalises them), its date and its period. */
export interface ApportionedRowKey {
  readonly costCentre: string;
  readonly account?: string | undefined;
  readonly payElement?: string | undefined;
  /** Posting date (payroll: first day of the payroll month), ISO. */
  readonly date: string;
  readonly fy: number;
  readonly period: number;
}

/** The date a rule compares: the row's own, but the FY's 31 March for P13–P16 (they count in March). */
export function apportionmentDateOf(date: string, fy: number, period: number): string {
  return isAdjustmentPeriod(period) ? `${fy + 1}-03-31` : date;
}

/** The index of the first rule that takes the row, or -1 when none does. */
export function findApportionment(rules: readonly ApportionmentRule[], row: ApportionedRowKey): number {
  if (rules.length === 0) return -1;
  const date = apportionmentDateOf(row.date, row.fy, row.period);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as ApportionmentRule;
    if (date < rule.from || (rule.to !== undefined && date > rule.to)) continue;
    const m = rule.match;
    if ('costCentre' in m ? m.costCentre === row.costCentre : 'account' in m ? m.account === row.account : m.payElement === row.payElement) return i;
  }
  return -1;
}

/** How a rate is written in reports: "40%", "33.3333%". */
export function rateLabel(rate: string): string {
  return `${rate}%`;
}

/**
 * A rate as a report writes it ("40%", rateLabel), read back to the rule's form ("40"); undefined when the text is
 * not a percentage from 0% to 100% with at most 4 decimals.
 */
export function rateOfLabel(label: string): string | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,4})?)%$/.exec(label);
  if (m === null) return undefined;
  const rate = m[1] as string;
  return new Decimal(rate).lte(100) ? rate : undefined;
}

/** Are two rates (without their sign) the same percentage, however written ("40", "40.0")? */
export function isSameRate(a: string, b: string): boolean {
  return new Decimal(a).eq(b);
}

/** Is the rate 0%, so that no part of a row is included? */
export function isZeroRate(rate: string): boolean {
  return new Decimal(rate).isZero();
}

/** One group's split: the total, its included part and each row's parts, in the rows' order. */
export interface ApportionedSplit {
  readonly total: Pence;
  /** rate × total, rounded half away from zero to the penny. */
  readonly included: Pence;
  readonly excluded: Pence;
  /** Each row's included part; its excluded part is its amount less this. */
  readonly parts: readonly Pence[];
}

/**
 * Splits one group (one rule's rows of one FY and period, in input order) at `rate` percent. The group's included
 * part is rate × total rounded half away from zero; each row first takes its exact share floored (towards minus
 * infinity, so that a negative row's remainder is positive too), and the pence left over go one each to the rows
 * with the largest remainders, ties to the earlier row. So the parts add up to the group's included part, each
 * row's included and excluded parts add up to its amount, and no row's included part passes its amount or changes
 * its sign (rate at most 100%).
 */
export function splitApportioned(amounts: readonly Pence[], rate: string): ApportionedSplit {
  const total = amounts.reduce((s, a) => s + a, 0n);
  // Exact: every product is an integer of pence times a rate of at most 6 decimals (a percentage with 4).
  let digits = total.toString().length;
  for (const a of amounts) digits = Math.max(digits, a.toString().length);
  const Exact = Decimal.clone({ precision: digits + 16, rounding: Decimal.ROUND_HALF_UP });
  const fraction = new Exact(rate).div(100);
  const included = BigInt(fraction.mul(total.toString()).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
  const floors: Pence[] = [];
  const remainders: Decimal[] = [];
  let floored = 0n;
  for (const a of amounts) {
    const share = fraction.mul(a.toString());
    const floor = share.toDecimalPlaces(0, Decimal.ROUND_FLOOR);
    floors.push(BigInt(floor.toFixed(0)));
    remainders.push(share.minus(floor));
    floored += BigInt(floor.toFixed(0));
  }
  // Between 0 and the number of rows with a remainder (see docs/outcomes-and-formulas.md).
  const left = Number(included - floored);
  const order = amounts.map((_, i) => i).sort((i, j) => (remainders[j] as Decimal).comparedTo(remainders[i] as Decimal) || i - j);
  const parts = [...floors];
  for (let k = 0; k < left; k++) {
    const i = order[k] as number;
    parts[i] = (parts[i] as Pence) + 1n;
  }
  return { total, included, excluded: total - included, parts };
}
