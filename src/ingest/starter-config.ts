/**
 * What `grant-recon init` learns from a sample export beyond its columns, and the starter configuration it writes
 * from it: the financial years the rows fall in, the cost centres and the accounts with their rows and money, and a
 * chart rule for each account whose name says clearly which category it is. What the sample cannot tell (the
 * grant's identity, its caps, an account whose name says nothing) is written `FILL IN: …`, which the configuration
 * reader refuses until it is replaced (config/fill-in.ts).
 *
 * Personal data never reaches the configuration or the messages: supplier and employee cells are never read here,
 * and a payroll export's cost centres are not taken at all (a shifted row puts a name in that cell).
 */
import { FILL_IN } from '../config/fill-in.js';
import { parseDate } from '../core/calendar/calendar-date.js';
import { fiscalPeriodOfDate, fyLabel, parseMonth, parsePeriodCell, resolveFiscalPeriod } from '../core/calendar/fiscal.js';
import { parseAmount } from '../core/money.js';
import { normaliseCode } from '../core/rules/codes.js';
import { staffTypeKey, staffTypesOf } from '../core/rules/staff-types.js';
import type { Category, Pence } from '../core/types.js';
import { PCD_1215_CATEGORIES } from '../config/pcd1215.js';
import { describeCategories } from '../config/schema.js';

/** One cost centre or account of the sample: as first written, its name where the export gives one, rows and money. */
export interface CodeTally {
  readonly code: string;
  name: string | undefined;
  rows: number;
  amount: Pence;
}

/** Where the tally reads each value: column indexes of the header (undefined where the export has none). */
export interface TallyColumns {
  readonly kind: 'gl' | 'payroll';
  readonly width: number;
  /** GL: the posting date; payroll: the payroll period (yyyy-mm). */
  readonly when: number | undefined;
  /** GL: the Period column, where the export has one: with it, a row's FY is the one its period puts it in. */
  readonly period?: number | undefined;
  readonly amount: number | undefined;
  readonly costCentre: number | undefined;
  readonly costCentreName?: number | undefined;
  readonly account?: number | undefined;
  readonly accountName?: number | undefined;
  readonly staffType?: number | undefined;
}

/** No sample holds more distinct codes than this that an analyst could read through; past it, rows are counted only. */
const MAX_CODES = 5000;

/** The rows of a sample below its header, tallied by financial year, cost centre and account. */
export class SampleTally {
  /** Rows counted, by FY (start year). */
  readonly years = new Map<number, number>();
  readonly costCentres = new Map<string, CodeTally>();
  readonly accounts = new Map<string, CodeTally>();
  /** Rows with a readable date (or period) and amount, and their money. */
  rows = 0;
  amount: Pence = 0n;
  /** Rows below the header left out: no readable date or amount, a total line, or (payroll) a row that does not pass its checks. */
  skipped = 0;

  constructor(private readonly at: TallyColumns) {}

  /** Counts one record below the header. */
  add(cells: readonly string[]): void {
    const filled = cells.map((c) => c.trim());
    const first = filled.find((c) => c !== '');
    if (first === undefined) return;
    const fy = this.yearOf(filled);
    const amount = this.at.amount === undefined ? undefined : parseAmount(filled[this.at.amount] ?? '');
    if (/^(grand\s+)?total\b/i.test(first) || fy === undefined || amount === undefined || !amount.ok || !this.sound(filled)) {
      this.skipped++;
      return;
    }
    this.rows++;
    this.amount += amount.pence;
    this.years.set(fy, (this.years.get(fy) ?? 0) + 1);
    // A payroll row's cost centre is never taken: a row shifted by one cell, and sound in every other way, puts a
    // person's name there. The cost centres come from a GL export.
    if (this.at.kind === 'gl') {
      count(this.costCentres, cellOf(filled, this.at.costCentre), cellOf(filled, this.at.costCentreName), amount.pence);
      count(this.accounts, cellOf(filled, this.at.account), cellOf(filled, this.at.accountName), amount.pence);
    }
  }

  private yearOf(cells: readonly string[]): number | undefined {
    const text = cellOf(cells, this.at.when);
    if (text === undefined) return undefined;
    if (this.at.kind === 'payroll') {
      const month = parseMonth(text);
      return month.ok ? fiscalPeriodOfDate(`${month.month}-01`).fy : undefined;
    }
    const date = parseDate(text);
    if (!date.ok) return undefined;
    // The year every report puts the row in (fiscal.ts, resolveFiscalPeriod): a P13 posted in April is its
    // year-end's. A Period cell that cannot be read is a row error to the reports, so the row is left out here.
    const period = parsePeriodCell(cellOf(cells, this.at.period) ?? '');
    return period.ok ? resolveFiscalPeriod(date.iso, period.period).fy : undefined;
  }

  /** A payroll row is counted only when it splits into the header's columns and its staff type is one the tool knows. */
  private sound(cells: readonly string[]): boolean {
    if (this.at.kind === 'gl') return true;
    const beyond = cells.slice(this.at.width).some((c) => c !== '');
    return !beyond && BUILT_IN_STAFF_TYPES.has(staffTypeKey(cellOf(cells, this.at.staffType) ?? ''));
  }
}

/**
 * The staff types of the built-in categories: a starter configuration is written for them (its chart guesses the
 * built-in categories too), and a grant with categories of its own adds them to the file.
 */
const BUILT_IN_STAFF_TYPES = staffTypesOf(PCD_1215_CATEGORIES);

function cellOf(cells: readonly string[], index: number | undefined): string | undefined {
  const value = index === undefined ? undefined : cells[index];
  return value === undefined || value === '' ? undefined : value;
}

/** A code as a cell may hold it: a name shifted into a code's cell, or a runaway cell, is not counted as a code. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9 &()'.,_/:-]{0,59}$/;

function count(tallies: Map<string, CodeTally>, code: string | undefined, name: string | undefined, amount: Pence): void {
  if (code === undefined || !CODE.test(code)) return;
  const key = normaliseCode(code);
  let tally = tallies.get(key);
  if (tally === undefined) {
    if (tallies.size >= MAX_CODES) return;
    tally = { code, name: undefined, rows: 0, amount: 0n };
    tallies.set(key, tally);
  }
  if (tally.name === undefined && name !== undefined && name.length <= 80) tally.name = name;
  tally.rows++;
  tally.amount += amount;
}

/**
 * The words of an account's name that say its category, in the order they decide: an officer's overtime is the
 * officers' (before "overtime" says staff). A name that two of the others fit, or none, decides nothing; so does a
 * name with a word that makes the cost doubtful for any grant (welfare, hospitality, travel, a clearing account),
 * since the guess is only for accounts whose names say clearly what they pay for.
 */
const CATEGORY_WORDS: readonly (readonly [Category, RegExp])[] = [
  ['officers', /\bofficers?\b|\bconstables?\b/i],
  ['staff', /\bstaff\b|salar(y|ies)|\bwages?\b|\bpay\b|overtime|employer'?s?\s+(ni|pension|national\s+insurance)\b|london\s+(weighting|allowance)/i],
  ['training', /training|\bcourses?\b|tuition/i],
  ['software', /software|licen[cs]es?\b|\bsaas\b|\bcloud\b/i],
  ['equipment', /equipment|hardware|computers?\b|laptops?|furniture/i],
  ['comms', /telephon|telecoms?\b|\bmobiles?\b|\bcomms\b|communications?|broadband|airtime|postage/i],
];
const DOUBTFUL = /entertain|welfare|hospitality|travel|mileage|subsistence|recruit|benefit|medical|clearing\s+account|\bgrants?\b/i;

/** The category an account's name (or a code written in words) says clearly, or undefined. */
export function guessCategory(text: string): Category | undefined {
  if (DOUBTFUL.test(text)) return undefined;
  const fits = CATEGORY_WORDS.filter(([, words]) => words.test(text)).map(([category]) => category);
  const decided = fits.includes('officers') ? fits.filter((c) => c !== 'staff') : fits;
  return decided.length === 1 ? decided[0] : undefined;
}

/** An account of the sample and the category its name gave it, if any. */
export interface AccountGuess extends CodeTally {
  readonly category: Category | undefined;
}

/** The sample's accounts by code, each with the category its name (or its code, when written in words) says. */
export function guessAccounts(tally: SampleTally): AccountGuess[] {
  return sortedByCode(tally.accounts).map((a) => ({ ...a, category: guessCategory(a.name ?? (/[A-Za-z]{3}/.test(a.code) ? a.code : '')) }));
}

/** Tallies in code order (as the tool compares codes), so that the output does not depend on the rows' order. */
export function sortedByCode(tallies: ReadonlyMap<string, CodeTally>): CodeTally[] {
  return [...tallies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}

/** What goes in place of a value the sample cannot tell. */
export const FILL_IN_VALUES = {
  reference: `${FILL_IN} the grant reference, e.g. PCD 1215`,
  name: `${FILL_IN} the grant's name, e.g. Project Alpha Social Media Hub`,
  funder: `${FILL_IN} who gives the grant, e.g. Home Office`,
  recipient: `${FILL_IN} who receives it, e.g. Metropolitan Police Service`,
  year: `${FILL_IN} a financial year of the grant, e.g. 2022/23`,
  cap: (year: string): string => `${FILL_IN} the most that can be claimed for ${year}, in pounds and pence, e.g. 2893452.00`,
  ruleName: `${FILL_IN} a name for the rule, e.g. staff-pay`,
  ruleCode: `${FILL_IN} an account code of the grant, or use "prefix" or "from" and "to" instead of "code"`,
  ruleCategory: `${FILL_IN} one of ${PCD_1215_CATEGORIES.map((c) => c.id).join(', ')}, or ineligible`,
} as const;

/** The starter configuration's parts that come from the sample's rows, in the file's own shape. */
export function starterSections(tally: SampleTally, accounts: readonly AccountGuess[]): { categories: object[]; years: object[]; chart: object[]; costCentres?: string[] } {
  const years = [...tally.years.keys()].sort((a, b) => a - b).map((fy) => ({ year: fyLabel(fy), cap: FILL_IN_VALUES.cap(fyLabel(fy)) }));
  const chart = accounts.flatMap((a) => (a.category === undefined ? [] : [{ name: `${a.category}-${a.code}`, code: a.code, category: a.category }]));
  const costCentres = sortedByCode(tally.costCentres).map((c) => c.code);
  return {
    // The built-in six written out, for a grant of other categories to rename, add to or remove (the chart's
    // guesses name them).
    categories: describeCategories(PCD_1215_CATEGORIES),
    years: years.length > 0 ? years : [{ year: FILL_IN_VALUES.year, cap: FILL_IN_VALUES.cap('that year') }],
    chart: chart.length > 0 ? chart : [{ name: FILL_IN_VALUES.ruleName, code: FILL_IN_VALUES.ruleCode, category: FILL_IN_VALUES.ruleCategory }],
    ...(costCentres.length > 0 ? { costCentres } : {}),
  };
}
