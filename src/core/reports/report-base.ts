/**
 * The parts every report shares: row counts, exclusions, errors, duplicates and the inputs with their control
 * totals, so that an auditor can trace every figure back to file and line.
 */
import type { GrantIdentity } from '../grant-config.js';
import type { FileTally, Ledger, LineTally } from '../fold/ledger.js';
import { MappedSequence, type Sequence } from '../store/sequence.js';
import { EXCLUSION_REASONS, type ExclusionReason, type Pence, type RowErrorCode } from '../types.js';

/** Facts about an input file that reading it (not folding it) established. */
export interface InputFacts {
  readonly sha256: string;
  readonly bytes: number;
  readonly encoding: string;
  /** Physical lines, counted from the bytes. */
  readonly lines: number;
}

/** Where an input's physical lines went (the line ledger): the parts add up to `physical`. */
export interface InputLines extends Readonly<LineTally> {
  /** The file's lines as counted from its bytes. */
  readonly physical: number;
}

/** One input in a report: what it held and where its rows went. */
export interface InputReport {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly encoding: string;
  readonly profile: string;
  readonly rows: number;
  /** Sum of the readable amounts of every data row as read (total lines count 0). */
  readonly total: Pence;
  readonly included: { readonly rows: number; readonly amount: Pence };
  readonly excluded: { readonly rows: number; readonly amount: Pence };
  /** Rows in error and their money; `amountUnreadable` of them have no amount that could be read. */
  readonly errors: { readonly rows: number; readonly amount: Pence; readonly amountUnreadable: number };
  readonly lines: InputLines;
  /** The export's own total line, checked against its rows; null when the export has none. */
  readonly controlTotal: { readonly line: number; readonly stated: Pence | null; readonly computed: Pence; readonly matches: boolean } | null;
}

/** Control totals over every input: input total = included + excluded + in error, to the penny. */
export interface ControlTotals {
  readonly input: Pence;
  readonly included: Pence;
  readonly excluded: Pence;
  readonly errors: Pence;
  /** Rows in error whose amount could not be read: in none of the money above (never £0.00 of money). */
  readonly errorsAmountUnreadable: number;
  readonly balanced: boolean;
}

/** The sections every report carries. */
export interface ReportBase {
  readonly generatedAt: string;
  readonly grant: GrantIdentity;
  readonly rows: { readonly included: number; readonly excluded: number; readonly errors: number };
  readonly exclusions: readonly { readonly reason: ExclusionReason; readonly rows: number; readonly amount: Pence }[];
  /** Read from the ledger's errors, in input order, as the report is rendered. */
  readonly errors: Sequence<{ readonly file: string; readonly line: number; readonly code: RowErrorCode; readonly message: string; readonly hint?: string }>;
  /** Read from the ledger as the report is rendered: never held whole. */
  readonly duplicates: Sequence<{ readonly file: string; readonly line: number; readonly duplicateOf: string }>;
  readonly controlTotals: ControlTotals;
  /** Rows read with a caveat (amounts rounded from float noise, where a layout says so): how many, and the first 1000. */
  readonly warnings: { readonly count: number; readonly listed: readonly { readonly file: string; readonly line: number; readonly code: string; readonly message: string }[] };
  readonly inputs: readonly InputReport[];
}

/** Builds the shared sections from the ledger and the facts of each input (same order as ledger.files). */
export function buildReportBase(
  ledger: Ledger,
  facts: readonly InputFacts[],
  grant: GrantIdentity,
  generatedAt: string,
): ReportBase {
  const inputs = ledger.files.map((tally, i) => inputReport(tally, facts[i] as InputFacts));
  const sum = (pick: (f: InputReport) => Pence): Pence => inputs.reduce((s, f) => s + pick(f), 0n);
  const included = sum((f) => f.included.amount);
  const excluded = sum((f) => f.excluded.amount);
  const errors = sum((f) => f.errors.amount);
  const input = sum((f) => f.total);
  return {
    generatedAt,
    grant,
    rows: {
      included: inputs.reduce((s, f) => s + f.included.rows, 0),
      excluded: inputs.reduce((s, f) => s + f.excluded.rows, 0),
      errors: inputs.reduce((s, f) => s + f.errors.rows, 0),
    },
    exclusions: EXCLUSION_REASONS.flatMap((reason) => {
      const t = ledger.exclusions.get(reason);
      // apportioned-out money may count no row (a split row counts once, as included): listed for its money.
      return t && (t.rows > 0 || t.amount !== 0n) ? [{ reason, rows: t.rows, amount: t.amount }] : [];
    }),
    errors: new MappedSequence(ledger.errors.sorted(inputOrder(ledger.files)), (e) => ({
      file: e.source.file,
      line: e.source.line,
      code: e.code,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
    })),
    duplicates: new MappedSequence(ledger.duplicates, (d) => ({
      file: d.source.file,
      line: d.source.line,
      duplicateOf: `${d.duplicateOf.file}:${d.duplicateOf.line}`,
    })),
    controlTotals: { input, included, excluded, errors, errorsAmountUnreadable: inputs.reduce((s, f) => s + f.errors.amountUnreadable, 0), balanced: input === included + excluded + errors },
    warnings: { count: ledger.warnings.count, listed: ledger.warnings.kept.map((w) => ({ file: w.source.file, line: w.source.line, code: w.code, message: w.message })) },
    inputs,
  };
}

function inputReport(tally: FileTally, facts: InputFacts): InputReport {
  const ct = tally.controlTotal;
  return {
    file: tally.file,
    sha256: facts.sha256,
    bytes: facts.bytes,
    encoding: facts.encoding,
    profile: tally.profile,
    rows: tally.rows,
    total: tally.readTotal,
    included: { ...tally.included },
    excluded: { ...tally.excluded },
    errors: { ...tally.errors, amountUnreadable: tally.amountUnreadable },
    lines: { physical: facts.lines, ...tally.lines },
    controlTotal: ct ? { line: ct.line, stated: ct.stated ?? null, computed: ct.computed, matches: ct.matches } : null,
  };
}

/** Each input's place on the command line, by path (a path given twice keeps its first place). */
export function inputOrder(files: readonly { readonly file: string }[]): Map<string, number> {
  const order = new Map<string, number>();
  files.forEach((f, i) => {
    if (!order.has(f.file)) order.set(f.file, i);
  });
  return order;
}
