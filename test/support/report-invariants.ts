/**
 * Checks that hold for every run of the command line, whatever the input: how it may end, what stderr may hold,
 * and the control totals of a JSON report recomputed independently from its strings (bigint pence, no code shared
 * with src/).
 */
import { expect } from 'vitest';
import type { CliRun } from './run-cli.js';

/** Signs of a crash rather than a message: stack frames, JavaScript error names, the catch-all's words. */
const CRASH_SIGNS: readonly RegExp[] = [
  /^\s+at /m,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError|EvalError|URIError|AggregateError)\b/,
  /internal error/i,
  /\bnode:internal\b/,
  /Unhandled/,
  /FATAL ERROR/,
  /heap out of memory/i,
];

/** The run ended with 0, 1 or 2 and printed no stack trace or crash message. */
export function expectNoCrash(run: CliRun, what: string): void {
  expect([0, 1, 2], `${what}: exit code ${run.code}; stderr:\n${run.stderr}`).toContain(run.code);
  for (const sign of CRASH_SIGNS) expect(run.stderr, `${what}: stderr shows ${sign}`).not.toMatch(sign);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An exit 2 names one of the files given in an unusable-file diagnostic (`FILE: error[…` or `FILE:LINE: error[…`). */
export function expectRefusalNamesFile(run: CliRun, files: readonly string[], what: string): void {
  if (run.code !== 2) return;
  const named = files.some((f) => new RegExp(`(^|\\n)${escapeRegExp(f)}(:\\d+)?: error\\[unusable-file\\]: \\S`).test(run.stderr));
  expect(named, `${what}: exit 2 must name the refused file; stderr:\n${run.stderr}`).toBe(true);
  expect(run.stderr, what).toMatch(/grant-recon: \d+ files? could not be used; nothing was reported\n$/);
}

/** Pence from an amount string as the reports write it (`-1234.50`), read here independently of src/. */
export function pence(text: unknown, where: string): bigint {
  expect(typeof text === 'string' && /^-?\d+\.\d\d$/.test(text), `${where}: ${JSON.stringify(text)} is not a two-decimal amount string`).toBe(true);
  const s = text as string;
  const negative = s.startsWith('-');
  const digits = (negative ? s.slice(1) : s).replace('.', '');
  const p = BigInt(digits);
  return negative ? -p : p;
}

interface Tally {
  rows: number;
  amount: string;
}
interface ErrorTally extends Tally {
  amountUnreadable: number;
}
/** Where an input's lines went, as the reports write it. */
export interface LinesJson {
  physical: number;
  header: number;
  metadata: number;
  data: number;
  total: number;
  footer: number;
  blank: number;
  continuation: number;
}
interface InputJson {
  file: string;
  sha256: string;
  lines: LinesJson;
  rows: number;
  total: string;
  included: Tally;
  excluded: Tally;
  errors: ErrorTally;
}
/** The parts of a report (validation, reconciliation, claim, check) that account for every row. */
export interface AccountingJson {
  schema: string;
  rows: { included: number; excluded: number; errors: number };
  exclusions: { reason: string; rows: number; amount: string }[];
  errors: { file: string; line: number; code: string; message: string }[];
  duplicates: { file: string; line: number; duplicateOf: string }[];
  controlTotals: { input: string; included: string; excluded: string; errors: string; errorsAmountUnreadable: number; balanced: boolean };
  inputs: InputJson[];
  years?: {
    year: string;
    ytdActual: string;
    categories?: { category: string; ytdActual: string }[];
    periods?: { period: string; total: string; categories: Record<string, string> }[];
  }[];
}

const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);
const count = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * Every row and every penny is accounted for: overall, per input file, per exclusion reason, and (for a
 * reconciliation over every year) per year, category and period.
 */
export function expectAccountsBalance(report: AccountingJson, what: string, options: { allYears?: boolean } = {}): void {
  const ct = report.controlTotals;
  expect(ct.balanced, `${what}: controlTotals.balanced`).toBe(true);
  const input = pence(ct.input, `${what} controlTotals.input`);
  const included = pence(ct.included, `${what} controlTotals.included`);
  const excluded = pence(ct.excluded, `${what} controlTotals.excluded`);
  const errors = pence(ct.errors, `${what} controlTotals.errors`);
  expect(input, `${what}: input = included + excluded + errors`).toBe(included + excluded + errors);

  for (const f of report.inputs) {
    const w = `${what} inputs[${f.file}]`;
    const inc = pence(f.included.amount, `${w}.included`);
    const exc = pence(f.excluded.amount, `${w}.excluded`);
    const err = pence(f.errors.amount, `${w}.errors`);
    expect(pence(f.total, `${w}.total`), `${w}: total = included + excluded + errors`).toBe(inc + exc + err);
    expect(f.rows, `${w}: rows = included + excluded + errors rows`).toBe(f.included.rows + f.excluded.rows + f.errors.rows);
    expectLinesBalance(f.lines, f.rows, w);
  }
  const files = report.inputs;
  expect(input, `${what}: input = Σ inputs.total`).toBe(sum(files.map((f) => pence(f.total, what))));
  expect(included, `${what}: included = Σ inputs.included`).toBe(sum(files.map((f) => pence(f.included.amount, what))));
  expect(excluded, `${what}: excluded = Σ inputs.excluded`).toBe(sum(files.map((f) => pence(f.excluded.amount, what))));
  expect(errors, `${what}: errors = Σ inputs.errors`).toBe(sum(files.map((f) => pence(f.errors.amount, what))));
  expect(report.rows, `${what}: rows = Σ inputs rows`).toEqual({
    included: count(files.map((f) => f.included.rows)),
    excluded: count(files.map((f) => f.excluded.rows)),
    errors: count(files.map((f) => f.errors.rows)),
  });
  expect(ct.errorsAmountUnreadable, `${what}: rows in error without an amount = Σ inputs`).toBe(count(files.map((f) => f.errors.amountUnreadable)));

  expect(count(report.exclusions.map((e) => e.rows)), `${what}: Σ exclusions.rows = rows.excluded`).toBe(report.rows.excluded);
  expect(sum(report.exclusions.map((e) => pence(e.amount, `${what} exclusions[${e.reason}]`))), `${what}: Σ exclusions = excluded`).toBe(excluded);
  expect(report.errors.length, `${what}: one entry in errors per row in error`).toBe(report.rows.errors);
  const lines = report.errors.map((e) => `${e.file}:${e.line}`);
  expect(new Set(lines).size, `${what}: a row is in error once`).toBe(lines.length);
  const duplicateRows = report.exclusions.find((e) => e.reason === 'duplicate')?.rows ?? 0;
  expect(report.duplicates.length, `${what}: one entry in duplicates per duplicate row`).toBe(duplicateRows);

  if (options.allYears && report.years) {
    expect(sum(report.years.map((y) => pence(y.ytdActual, `${what} ${y.year}`))), `${what}: Σ years.ytdActual = included`).toBe(included);
    for (const y of report.years) {
      const ytd = pence(y.ytdActual, `${what} ${y.year}`);
      if (y.categories) {
        expect(sum(y.categories.map((c) => pence(c.ytdActual, `${what} ${y.year} ${c.category}`))), `${what} ${y.year}: Σ categories`).toBe(ytd);
      }
      if (y.periods) {
        expect(sum(y.periods.map((p) => pence(p.total, `${what} ${y.year} ${p.period}`))), `${what} ${y.year}: Σ periods`).toBe(ytd);
        for (const p of y.periods) {
          const cells = Object.values(p.categories).map((a) => pence(a, `${what} ${y.year} ${p.period}`));
          expect(sum(cells), `${what} ${y.year} ${p.period}: total = Σ categories`).toBe(pence(p.total, what));
        }
      }
    }
  }
}

/** Every physical line of an input is accounted for once, and the rows with an outcome are its data, total and footer lines. */
export function expectLinesBalance(lines: LinesJson, rows: number, what: string): void {
  const { physical, header, metadata, data, total, footer, blank, continuation } = lines;
  expect(header + metadata + data + total + footer + blank + continuation, `${what}: the line ledger adds up to the file's ${physical} lines`).toBe(physical);
  expect(data + total + footer, `${what}: rows = data + total + footer lines`).toBe(rows);
}

/**
 * The physical lines of a file, counted here independently of src/: CRLF, CR or LF ends a line, and text after the
 * last break is one more. A UTF-16 file (by its byte-order mark) is counted on its text.
 */
export function physicalLines(bytes: Buffer): number {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  const text = utf16 ? new TextDecoder(utf16).decode(bytes.subarray(2)) : bytes.toString('latin1');
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return breaks + (text.length > 0 && !/[\r\n]$/.test(text) ? 1 : 0);
}
