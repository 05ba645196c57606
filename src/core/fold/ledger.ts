/**
 * The fold: every data row of every input is read, classified into exactly one outcome (included, excluded with a
 * reason, or in error) and added into running totals, as the rows stream past. Only exceptions are kept as rows.
 *
 * The outcomes and their precedence are listed once, in types.ts (ROW_OUTCOMES, EXCLUSION_REASONS).
 *
 * Payroll rows are the one outcome that waits for the end: whether a month's payroll is evidence for a GL pay
 * journal or is spend itself depends on every GL file, so eligible payroll rows are held as totals per file, FY,
 * period and category, and decided in finish().
 */
import { LAST_PERIOD } from '../calendar/fiscal.js';
import { isRowInWindow } from '../calendar/grant-window.js';
import type { GrantConfig } from '../grant-config.js';
import { categoryIndexes, payCategoryIndexes } from '../rules/categories.js';
import { makeChartLookup, type ChartDecision } from '../rules/chart.js';
import { findApportionment, isZeroRate, splitApportioned, type ApportionedRowKey, type ApportionmentRule } from '../rules/apportion.js';
import { staffTypesOf, unknownStaffTypeWords } from '../rules/staff-types.js';
import { DuplicateList, type DuplicateRow } from '../store/duplicate-list.js';
import { DuplicateIndex, type DuplicateJudge } from '../dedup/duplicates.js';
import { ErrorList } from '../store/error-list.js';
import { GlFileFold, type GlLayout } from './gl-file-fold.js';
import { PayrollFileFold, type PayrollLayout } from './payroll-file-fold.js';
import type { Sequence } from '../store/sequence.js';
import { emptyTally, type ApportionedRow, type ConflictingRow, type FileTally, type LedgerSink, type RowDetail, type RowObserver, type RowPlace, type Tally } from './ledger-sink.js';
import { roundFloatNoise } from '../money.js';
import { EXCLUSION_REASONS, MAX_CATEGORIES, type Category, type ExclusionReason, type Pence, type RowError, type RowWarning, type SourceRef } from '../types.js';

export type { DuplicateRow } from '../store/duplicate-list.js';
export { linesAccountedFor, type LineTally } from '../line-tally.js';
export type { ApportionedParts, ConflictingRow, ControlTotalCheck, FileTally, ObservedRow, RowDetail, RowObserver, RowPlace, Tally } from './ledger-sink.js';
export type { GlLayout } from './gl-file-fold.js';
export type { PayrollLayout } from './payroll-file-fold.js';

/** Included money of one FY: `[period - 1][category index]`, periods 1..16, categories in the configuration's order. */
export interface YearTotals {
  readonly fy: number;
  /** The configuration's category ids, in reporting order: the category of each column of `amounts` and `payroll`. */
  readonly categories: readonly Category[];
  /** All included money. */
  readonly amounts: Pence[][];
  /** The part of `amounts` that came from payroll exports (the rest came from GL exports). */
  readonly payroll: Pence[][];
  /** Included rows per period (1..16 at index 0..15). */
  readonly rowCounts: number[];
  /**
   * Excluded rows dated in each period (1..16 at index 0..15), whatever the reason: with `rowCounts`, what shows a
   * month of the year in the inputs (reports/cap.ts, earlierMonthsNotShown). The fold always counts them; a ledger
   * made otherwise may leave them out (none counted).
   */
  readonly excludedRows?: number[];
}

/** A month and category where the payroll evidence does not agree with the GL pay postings it supports. */
export interface PayrollDifference {
  readonly fy: number;
  readonly period: number;
  readonly category: Category;
  /** Included GL pay postings. */
  readonly gl: Pence;
  /** Eligible payroll lines, excluded as evidence. */
  readonly payroll: Pence;
  /**
   * The payroll exports whose lines are that evidence, in input order (at least one), and the line of the first
   * file's first such row: where a finding about the difference is placed.
   */
  readonly files: readonly string[];
  readonly line: number;
}

/** The result of the fold over every input: the values every report is computed from. */
export interface Ledger {
  /** Every grant FY, in order, zero-filled. */
  readonly years: readonly YearTotals[];
  /** Every reason, in precedence order (zero where none occurred). */
  readonly exclusions: ReadonlyMap<ExclusionReason, Tally>;
  /** Every row in error in the order found, held compactly (a broken export makes millions). */
  readonly errors: ErrorList;
  /** Every duplicate in the order found, held compactly (an export given twice makes millions). */
  readonly duplicates: Sequence<DuplicateRow>;
  readonly files: readonly FileTally[];
  readonly payrollDifferences: readonly PayrollDifference[];
  /** Included rows and money per FY, period and cost centre, in that order (cost centres by code). */
  readonly costCentres: readonly CostCentreTotal[];
  /** Rows read with a caveat, in input order: how many, and the first WARNINGS_KEPT of them. */
  readonly warnings: { readonly count: number; readonly kept: readonly RowWarning[] };
  /** Each apportionment rule's groups (one FY and period), by rule, FY and period; empty or absent without apportionments. */
  readonly apportionedGroups?: readonly ApportionedGroup[];
}

/** One apportionment rule's rows of one FY and period, split (rules/apportion.ts). */
export interface ApportionedGroup {
  /** The rule's index in the configuration's apportionments. */
  readonly rule: number;
  readonly fy: number;
  readonly period: number;
  readonly rows: number;
  readonly total: Pence;
  readonly included: Pence;
  readonly excluded: Pence;
}

/** How many warnings a ledger keeps; beyond them, it counts. */
export const WARNINGS_KEPT = 1000;

/**
 * How the cost-centre lists name the cost centres of included payroll rows that no included GL row has and the
 * configuration does not name: a payroll export's Cost Centre cell is not shown unless it is known to be a code.
 */
export const UNNAMED_PAYROLL_COST_CENTRE = '(payroll cost centres not configured)';

/** The included rows and money of one cost centre in one period of a FY. */
export interface CostCentreTotal {
  readonly fy: number;
  readonly period: number;
  readonly costCentre: string;
  readonly rows: number;
  readonly amount: Pence;
}

/** Eligible payroll money waiting for finish(): per file, FY, period and category. */
interface HeldPayroll {
  readonly tally: FileTally;
  readonly fy: number;
  readonly period: number;
  readonly category: Category;
  /** The cost centre's number (costCentreId). */
  readonly costCentre: number;
  rows: number;
  amount: Pence;
  /** The line of the first of these rows (a file's rows are folded in line order). */
  readonly firstLine: number;
  /** The apportionment rule that takes these rows, or -1. */
  readonly apportionment: number;
  /** The rows themselves, kept only when an observer wants to see them or a rule takes them. */
  readonly held: { source: SourceRef; amount: Pence; identity?: string; detail?: RowDetail }[];
}

/** A row an apportionment rule takes, as the ledger holds it until finish(). */
interface HeldApportioned extends ApportionedRow {
  readonly tally: FileTally;
  /** The file's place among the inputs: the group's rows are split in input order (file, then line). */
  readonly file: number;
  readonly fromPayroll: boolean;
}

/** Folds every input's rows into a Ledger. Begin a file for each input in command-line order, then finish. */
export class LedgerFold implements LedgerSink {
  private readonly years = new Map<number, YearTotals>();
  private readonly exclusions = new Map<ExclusionReason, Tally>(EXCLUSION_REASONS.map((r) => [r, { rows: 0, amount: 0n }]));
  private readonly errors = new ErrorList();
  private readonly duplicateRows = new DuplicateList();
  private readonly conflictRows: ConflictingRow[] = [];
  private readonly files: FileTally[] = [];
  private readonly fileIndex = new Map<FileTally, number>();
  private readonly heldPayroll = new Map<string, HeldPayroll>();
  private readonly warningsKept: RowWarning[] = [];
  private warningCount = 0;
  /** Cost centres by number, and their numbers. */
  private readonly costCentreCodes: string[] = [];
  private readonly costCentreIds = new Map<string, number>();
  /** Included rows per FY, period and cost centre: ((fy × 32 + period) × COST_CENTRES_A_PLACE + cost centre). */
  private readonly includedByCostCentre = new Map<number, Tally>();
  /** The cost centres (by costCentreId) of included GL rows: codes of the ledger, never a payroll cell alone. */
  private readonly glCostCentres = new Set<number>();
  /** Included GL pay postings (categories that payroll staff types feed: PCD 1215's staff and officers) per FY, period and category. */
  private readonly glPay = new Map<string, Tally>();
  readonly chart: (account: string) => ChartDecision;
  /** The configuration's categories, in reporting order: a category is counted by its index in it. */
  readonly categories: readonly Category[];
  private readonly categoryIndex: ReadonlyMap<Category, number>;
  /** The indexes of the categories whose GL rows are pay postings. */
  private readonly payCategories: ReadonlySet<number>;
  /** Staff types (trimmed, lower-cased) and their categories; what is said of a row whose staff type is none of them. */
  readonly staffTypes: ReadonlyMap<string, Category>;
  readonly unknownStaffType: { readonly message: string; readonly hint: string };
  private readonly costCentres: ReadonlySet<string> | undefined;
  private readonly ineligiblePayElements: ReadonlySet<string>;
  private readonly apportionments: readonly ApportionmentRule[];
  /** Rows apportionment rules take, per `rule|fy|period`: held until finish(), the only rows a fold keeps for money. */
  private readonly apportioned = new Map<string, HeldApportioned[]>();
  private finished = false;

  constructor(
    readonly config: GrantConfig,
    private readonly observer?: RowObserver,
    /** Judges each row against the rows before it; a part fold (part-ledger.ts) leaves that to the main thread. */
    readonly duplicateIndex: DuplicateJudge = new DuplicateIndex(),
  ) {
    if (config.categories.length === 0 || config.categories.length > MAX_CATEGORIES) throw new Error(`a grant has 1 to ${MAX_CATEGORIES} categories, not ${config.categories.length}`);
    this.categories = config.categories.map((c) => c.id);
    this.categoryIndex = categoryIndexes(config);
    this.payCategories = payCategoryIndexes(config);
    this.staffTypes = staffTypesOf(config.categories);
    this.unknownStaffType = unknownStaffTypeWords(config.categories);
    const zeros = (): Pence[][] => Array.from({ length: LAST_PERIOD }, () => this.categories.map(() => 0n));
    for (const year of config.years) {
      const counts = (): number[] => Array.from({ length: LAST_PERIOD }, () => 0);
      this.years.set(year.fy, { fy: year.fy, categories: this.categories, amounts: zeros(), payroll: zeros(), rowCounts: counts(), excludedRows: counts() });
    }
    this.chart = makeChartLookup(config.chart);
    this.costCentres = config.costCentres ? new Set(config.costCentres) : undefined;
    this.ineligiblePayElements = new Set(config.ineligiblePayElements);
    this.apportionments = config.apportionments ?? [];
  }

  /** Does an observer want row identities? They are worked out only then. */
  get identifying(): boolean {
    return this.observer?.wantsIdentity === true;
  }

  /** About how many rows the inputs hold, from their size: the duplicate index takes its room for them once. */
  expectRows(rows: number): void {
    this.duplicateIndex.expectRows(rows);
  }

  /** Starts a GL line export, at its header; the lines above it are given to the file fold (aboveHeader). */
  beginGlFile(file: string, layout: GlLayout): GlFileFold {
    return new GlFileFold(this, this.newTally(file, 'gl'), layout);
  }

  /** Starts a payroll export, at its header; the lines above it are given to the file fold (aboveHeader). */
  beginPayrollFile(file: string, layout: PayrollLayout): PayrollFileFold {
    return new PayrollFileFold(this, this.newTally(file, 'payroll'), layout);
  }

  /** Does an observer want each row's detail? It is read from the cells only then. */
  get describing(): boolean {
    return this.observer?.wantsDetail === true;
  }

  /** Decides the held payroll rows and returns the ledger. */
  finish(): Ledger {
    if (this.finished) throw new Error('finish() called twice');
    this.finished = true;
    /** Per FY, period and category: the evidence's money, and each payroll file's first line of it (by file index). */
    const evidence = new Map<string, Tally & { firstLines: Map<number, number> }>();
    for (const held of this.heldPayroll.values()) {
      const key = positionKey(held.fy, held.period, this.indexOf(held.category));
      const isEvidence = this.glPay.has(key);
      if (!isEvidence && held.apportionment >= 0) {
        // Spend, not evidence, and a rule takes it: split with its group below, row by row.
        const file = this.fileIndex.get(held.tally) as number;
        const c = this.indexOf(held.category);
        for (const row of held.held) {
          const place = this.observer ? { source: row.source, fy: held.fy, period: held.period, category: held.category, ...(row.identity ? { identity: row.identity } : {}), ...(row.detail ? { detail: row.detail } : {}) } : undefined;
          this.holdRow(held.tally, held.apportionment, { line: row.source.line, fy: held.fy, period: held.period, c, costCentre: held.costCentre, amount: row.amount, ...(place ? { place } : {}) }, file, true);
        }
        continue;
      }
      for (const row of held.held) {
        this.observer?.({
          ...row,
          profile: 'payroll',
          fy: held.fy,
          period: held.period,
          category: held.category,
          outcome: isEvidence ? 'excluded' : 'included',
          ...(isEvidence ? { reason: 'payroll-evidence' as const } : {}),
        });
      }
      if (isEvidence) {
        // The GL pay journal is the book of record: these payroll lines are its evidence, not more spend.
        held.tally.excluded.rows += held.rows;
        held.tally.excluded.amount += held.amount;
        this.countExcludedAt(held.fy, held.period, held.rows);
        const sum = this.exclusions.get('payroll-evidence') as Tally;
        sum.rows += held.rows;
        sum.amount += held.amount;
        const seen = evidence.get(key) ?? { rows: 0, amount: 0n, firstLines: new Map<number, number>() };
        seen.rows += held.rows;
        seen.amount += held.amount;
        const index = this.fileIndex.get(held.tally) as number;
        seen.firstLines.set(index, Math.min(seen.firstLines.get(index) ?? held.firstLine, held.firstLine));
        evidence.set(key, seen);
      } else {
        this.addIncluded(held.tally, held.fy, held.period, this.indexOf(held.category), held.costCentre, held.amount, held.rows, true);
      }
    }
    const apportionedGroups = this.splitApportioned();
    const payrollDifferences: PayrollDifference[] = [];
    for (const [key, payroll] of [...evidence].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const gl = this.glPay.get(key) as Tally;
      if (gl.amount !== payroll.amount) {
        const [fy, period, c] = key.split('|').map(Number) as [number, number, number];
        const files = [...payroll.firstLines].sort(([a], [b]) => a - b);
        const [first] = files as [[number, number]];
        payrollDifferences.push({
          fy,
          period,
          category: this.categories[c] as Category,
          gl: gl.amount,
          payroll: payroll.amount,
          files: files.map(([index]) => (this.files[index] as FileTally).file),
          line: first[1],
        });
      }
    }
    return {
      years: [...this.years.values()].sort((a, b) => a.fy - b.fy),
      exclusions: this.exclusions,
      errors: this.errors,
      duplicates: this.duplicateRows,
      files: this.files,
      payrollDifferences,
      costCentres: this.costCentreTotals(),
      warnings: { count: this.warningCount, kept: this.warningsKept },
      apportionedGroups,
    };
  }

  /**
   * Splits each apportionment group (rule, FY, period), its rows in input order, and counts each row's parts: the
   * included part as an included row (one row), the rest as `apportioned-out` money that counts no row, so that the
   * row is counted once; at a rate of 0% the whole row is `apportioned-out` and counted there.
   */
  private splitApportioned(): ApportionedGroup[] {
    const groups: ApportionedGroup[] = [];
    const keys = [...this.apportioned.keys()].map((key) => key.split('|').map(Number) as [number, number, number]);
    keys.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [r, fy, period] of keys) {
      const rows = (this.apportioned.get(`${r}|${fy}|${period}`) as HeldApportioned[]).sort((a, b) => a.file - b.file || a.line - b.line);
      const rule = this.apportionments[r] as ApportionmentRule;
      const zero = isZeroRate(rule.rate);
      const split = splitApportioned(rows.map((row) => row.amount), rule.rate);
      rows.forEach((row, i) => {
        const included = split.parts[i] as Pence;
        const excluded = row.amount - included;
        if (zero) {
          this.countExcluded(row.tally, 'apportioned-out', row.amount);
          this.countExcludedAt(row.fy, row.period);
        }
        else {
          this.addIncluded(row.tally, row.fy, row.period, row.c, row.costCentre, included, 1, row.fromPayroll);
          if (excluded !== 0n) this.countExcluded(row.tally, 'apportioned-out', excluded, 0);
        }
        if (this.observer && row.place) {
          const apportioned = { rule: rule.name, rate: rule.rate, amount: row.amount, included, excluded };
          const profile = row.fromPayroll ? ('payroll' as const) : ('gl' as const);
          this.observer(
            zero
              ? { ...row.place, profile, outcome: 'excluded', reason: 'apportioned-out', amount: row.amount, apportioned }
              : { ...row.place, profile, outcome: 'included', amount: included, apportioned },
          );
        }
      });
      groups.push({ rule: r, fy, period, rows: rows.length, total: split.total, included: split.included, excluded: split.excluded });
    }
    return groups;
  }

  /**
   * The included rows per FY, period and cost centre, in order. A cost centre seen only in payroll rows and not
   * configured is not named (the cell of a shifted payroll row may hold a name): such rows are listed together
   * under UNNAMED_PAYROLL_COST_CENTRE.
   */
  private costCentreTotals(): CostCentreTotal[] {
    const byName = new Map<string, { fy: number; period: number; costCentre: string; rows: number; amount: Pence }>();
    for (const [place, tally] of this.includedByCostCentre) {
      const cc = place % COST_CENTRES_A_PLACE;
      const position = (place - cc) / COST_CENTRES_A_PLACE;
      const code = this.costCentreCodes[cc] as string;
      const costCentre = this.glCostCentres.has(cc) || this.isConfiguredCostCentre(code) ? code : UNNAMED_PAYROLL_COST_CENTRE;
      const key = `${position}|${costCentre}`;
      const line = byName.get(key);
      if (line === undefined) byName.set(key, { fy: Math.floor(position / 32), period: position % 32, costCentre, rows: tally.rows, amount: tally.amount });
      else {
        line.rows += tally.rows;
        line.amount += tally.amount;
      }
    }
    const totals: CostCentreTotal[] = [...byName.values()];
    return totals.sort((a, b) => a.fy - b.fy || a.period - b.period || (a.costCentre < b.costCentre ? -1 : a.costCentre > b.costCentre ? 1 : 0));
  }

  /** @internal The penny-exact amount a cell's float noise stands for (roundFloatNoise). */
  roundFloatNoise(cell: string): Pence | undefined {
    return roundFloatNoise(cell);
  }

  /** @internal Records a warning about a row (the first WARNINGS_KEPT are kept; the rest are counted). */
  warn(warning: RowWarning): void {
    this.warningCount++;
    if (this.warningsKept.length < WARNINGS_KEPT) this.warningsKept.push(warning);
  }

  /** @internal Does the next row in error keep its excerpt (EXCERPTS_KEPT)? */
  get keepsExcerpt(): boolean {
    return this.errors.keepsExcerpt;
  }

  /**
   * @internal Records a row in error (past EXCERPTS_KEPT, without its excerpt), with its amount, or undefined when
   * the amount cannot be read: such a row is counted apart, never as £0.00 of money.
   */
  error(tally: FileTally, error: RowError, amount: Pence | undefined): void {
    tally.errors.rows++;
    if (amount === undefined) tally.amountUnreadable++;
    else tally.errors.amount += amount;
    this.errors.push(error);
    this.observer?.({
      source: error.source,
      profile: tally.profile,
      outcome: 'error',
      code: error.code,
      ...(amount === undefined ? { amount: 0n, amountUnreadable: true } : { amount }),
      ...(this.describing ? { detail: { message: error.message } } : {}),
    });
  }

  /** @internal Notes that the error just recorded is a conflicting duplicate, for its message to be completed. */
  conflicting(withRow: SourceRef, net: Pence): void {
    this.conflictRows.push({ error: this.errors.length - 1, with: withRow, net });
  }

  /**
   * The conflicting duplicates so far. Their messages name the earlier row but not what differs: the duplicate
   * index keeps no amounts, so the caller reads the earlier rows again and completes them (completeConflicts).
   */
  get conflicts(): readonly ConflictingRow[] {
    return this.conflictRows;
  }

  /**
   * Does this fold read whole files, so that it can decide an export's total line and the rows below it, and name
   * the lines a suspect quote swallowed? Not a part fold (part-ledger.ts), which reads from a line it does not know.
   */
  get foldsWholeFiles(): boolean {
    return true;
  }

  /** Is every row's outcome watched? Rows are then described in full; otherwise they are only counted. */
  get observed(): boolean {
    return this.observer !== undefined;
  }

  /** @internal Records an excluded row; a duplicate names the row it repeats. */
  exclude(tally: FileTally, reason: ExclusionReason, amount: Pence, place: RowPlace, duplicateOf?: SourceRef): void {
    this.countExcluded(tally, reason, amount);
    if (place.fy !== undefined && place.period !== undefined) this.countExcludedAt(place.fy, place.period);
    if (duplicateOf) this.duplicateRows.push(place.source, duplicateOf);
    this.observer?.({ ...place, profile: tally.profile, outcome: 'excluded', reason, amount, ...(duplicateOf ? { duplicateOf } : {}) });
  }

  /** @internal Counts excluded rows (one, or `rows` of them for `amount` together) that name no other row, when no observer watches. */
  countExcluded(tally: FileTally, reason: ExclusionReason, amount: Pence, rows = 1): void {
    tally.excluded.rows += rows;
    tally.excluded.amount += amount;
    const sum = this.exclusions.get(reason) as Tally;
    sum.rows += rows;
    sum.amount += amount;
  }

  /**
   * @internal Counts excluded rows (one, or `rows`) dated in period `period` of FY `fy`, besides their money
   * (countExcluded): what shows the month in the inputs. Rows of a FY that is not the grant's show nothing.
   */
  countExcludedAt(fy: number, period: number, rows = 1): void {
    const year = this.years.get(fy);
    if (year?.excludedRows === undefined) return;
    year.excludedRows[period - 1] = (year.excludedRows[period - 1] as number) + rows;
  }

  /** @internal Records an included GL row; a row of a category that staff types feed is a pay posting that payroll can evidence. */
  includeGl(tally: FileTally, place: RowPlace & { readonly fy: number; readonly period: number; readonly category: Category; readonly costCentre: string }, amount: Pence): void {
    const { costCentre, ...described } = place;
    this.countGl(tally, place.fy, place.period, this.indexOf(place.category), this.costCentreId(costCentre), amount);
    this.observer?.({ ...described, profile: 'gl', outcome: 'included', amount });
  }

  /**
   * @internal Counts included GL rows (one, or `rows` of them for `amount` together) of the category at index `c`
   * and the cost centre `costCentre` (costCentreId), when no observer watches.
   */
  countGl(tally: FileTally, fy: number, period: number, c: number, costCentre: number, amount: Pence, rows = 1): void {
    this.addIncluded(tally, fy, period, c, costCentre, amount, rows, false);
    if (this.payCategories.has(c)) this.notePay(fy, period, c, amount, rows);
  }

  /** Notes included GL pay postings (of a category a staff type feeds), which make payroll lines of their month evidence. */
  private notePay(fy: number, period: number, c: number, amount: Pence, rows: number): void {
    const key = positionKey(fy, period, c);
    const pay = this.glPay.get(key);
    if (pay === undefined) {
      this.glPay.set(key, { rows, amount });
    } else {
      pay.rows += rows;
      pay.amount += amount;
    }
  }

  /** @internal Holds an eligible payroll row until every GL file has been read. */
  holdPayroll(tally: FileTally, source: SourceRef, fy: number, period: number, category: Category, costCentre: string, amount: Pence, identity = '', detail?: RowDetail, apportionment = -1): void {
    const id = this.costCentreId(costCentre);
    const key = `${this.fileIndex.get(tally) ?? -1}|${positionKey(fy, period, this.indexOf(category))}|${id}|${apportionment}`;
    let held = this.heldPayroll.get(key);
    if (!held) {
      held = { tally, fy, period, category, costCentre: id, rows: 0, amount: 0n, firstLine: source.line, apportionment, held: [] };
      this.heldPayroll.set(key, held);
    }
    held.rows++;
    held.amount += amount;
    if (this.observer || apportionment >= 0) held.held.push({ source, amount, ...(identity === '' ? {} : { identity }), ...(detail === undefined ? {} : { detail }) });
  }

  /** @internal The apportionment rule that takes a row otherwise included (its index), or -1. */
  apportionment(row: ApportionedRowKey): number {
    return findApportionment(this.apportionments, row);
  }

  /**
   * @internal Holds a GL row an apportionment rule takes, until finish() splits its group. A row of a category a
   * staff type feeds is a pay posting all the same, whole: payroll lines of its month are evidence for the journal, not more spend.
   */
  holdApportioned(tally: FileTally, rule: number, row: ApportionedRow): void {
    this.holdRow(tally, rule, row, this.fileIndex.get(tally) ?? -1, false);
    if (this.payCategories.has(row.c)) this.notePay(row.fy, row.period, row.c, row.amount, 1);
  }

  private holdRow(tally: FileTally, rule: number, row: ApportionedRow, file: number, fromPayroll: boolean): void {
    const key = `${rule}|${row.fy}|${row.period}`;
    const rows = this.apportioned.get(key);
    const held: HeldApportioned = { ...row, tally, file, fromPayroll };
    if (rows === undefined) this.apportioned.set(key, [held]);
    else rows.push(held);
  }

  /** @internal The index of a category of the configuration (the chart and the staff types name only those). */
  indexOf(category: Category): number {
    const index = this.categoryIndex.get(category);
    if (index === undefined) throw new Error(`category ${category} is not one of the configuration's`);
    return index;
  }

  /** @internal Is the FY one of the grant's? */
  isGrantYear(fy: number): boolean {
    return this.years.has(fy);
  }

  /** @internal Is a row of a grant FY inside the grant window? Always, without one (the built-in grant has none). */
  isInGrantWindow(postingIso: string | undefined, fy: number, period: number): boolean {
    const { window } = this.config;
    return window === undefined || isRowInWindow(window, postingIso, fy, period);
  }

  /** @internal Is the (normalised) cost centre one of the grant's? */
  isGrantCostCentre(costCentre: string): boolean {
    return this.costCentres === undefined || this.costCentres.has(costCentre);
  }

  /** @internal Is the (normalised) cost centre one the configuration names (false when it names none)? */
  isConfiguredCostCentre(costCentre: string): boolean {
    return this.costCentres?.has(costCentre) === true;
  }

  /** @internal Is the (lower-cased) pay element on the deny-list? */
  isIneligiblePayElement(element: string): boolean {
    return this.ineligiblePayElements.has(element);
  }

  /** @internal The number that stands for a (normalised) cost centre in this fold. */
  costCentreId(costCentre: string): number {
    let id = this.costCentreIds.get(costCentre);
    if (id === undefined) {
      id = this.costCentreCodes.length;
      this.costCentreIds.set(costCentre, id);
      this.costCentreCodes.push(costCentre);
    }
    return id;
  }

  /** @internal The cost centres numbered so far, by their numbers. */
  costCentreCodesSoFar(): readonly string[] {
    return [...this.costCentreCodes];
  }

  private addIncluded(tally: FileTally, fy: number, period: number, c: number, costCentre: number, amount: Pence, rows: number, fromPayroll: boolean): void {
    tally.included.rows += rows;
    tally.included.amount += amount;
    const place = (fy * 32 + period) * COST_CENTRES_A_PLACE + costCentre;
    const byCostCentre = this.includedByCostCentre.get(place);
    if (byCostCentre === undefined) this.includedByCostCentre.set(place, { rows, amount });
    else {
      byCostCentre.rows += rows;
      byCostCentre.amount += amount;
    }
    if (!fromPayroll) this.glCostCentres.add(costCentre);
    const year = this.years.get(fy) as YearTotals;
    const all = year.amounts[period - 1] as Pence[];
    all[c] = (all[c] as Pence) + amount;
    if (fromPayroll) {
      const payroll = year.payroll[period - 1] as Pence[];
      payroll[c] = (payroll[c] as Pence) + amount;
    }
    year.rowCounts[period - 1] = (year.rowCounts[period - 1] as number) + rows;
  }

  private newTally(file: string, profile: FileTally['profile']): FileTally {
    const tally = emptyTally(file, profile);
    this.fileIndex.set(tally, this.files.length);
    this.files.push(tally);
    this.duplicateIndex.beginFile(file);
    return tally;
  }
}

/** Places and cost centres as one number: fewer than 2^20 cost centres a run. */
const COST_CENTRES_A_PLACE = 1_048_576;
const positionKeys = new Map<number, string>();

/** `fy|period|c`, built once for each place: pay postings look it up for every row. */
function positionKey(fy: number, period: number, c: number): string {
  const n = (fy * 32 + period) * MAX_CATEGORIES + c;
  let key = positionKeys.get(n);
  if (key === undefined) {
    key = `${fy}|${period}|${c}`;
    positionKeys.set(n, key);
  }
  return key;
}
