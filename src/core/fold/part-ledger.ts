/**
 * Folding a GL export in parts, each in a thread of its own, with figures identical to folding it in one piece.
 *
 * Below its header and above its total line, a row's outcome depends on the rows before it in one way only: whether
 * an earlier row holds its key (or its content, without a key). So a part of an export is folded on its own as if
 * no earlier row did (PartFold, in a worker thread), and each record's outcome is kept as a few words, with the
 * hashes the duplicate index needs. The main thread then takes the parts in file order (GlFileFold.takeFolded),
 * judges each row against every row before it, and counts it: as the part fold found it, or as a duplicate.
 *
 * What a part fold cannot decide it leaves to the main thread, which then reads the rest of the file itself: the
 * total line and the rows below it (their outcome depends on the sum of the rows above), an amount beyond 2^53
 * pence (a float cannot carry it), a key conflict (its message quotes the key, which the words do not hold), and a
 * suspect quote (its message names the lines it swallowed, which a part does not know).
 */
import { doubled } from '../store/doubled.js';
import type { DuplicateJudge, DuplicateVerdict } from '../dedup/duplicates.js';
import { GlFileFold, type GlLayout } from './gl-file-fold.js';
import { EXCERPTS_KEPT } from '../store/error-list.js';
import { LedgerFold } from './ledger.js';
import { emptyTally, type ApportionedRow, type FileTally, type LedgerSink, type RowPlace } from './ledger-sink.js';
import type { ApportionedRowKey } from '../rules/apportion.js';
import type { GrantConfig } from '../grant-config.js';
import { penceAsNumber } from '../money.js';
import type { ChartDecision } from '../rules/chart.js';
import { APPORTIONED, APPORTIONED_RULE, BLANK, COST_CENTRE, ERROR, EXCLUDED, excludedPlace, FOLDED_WORDS, HASH, INCLUDED, includedPlace, KIND, LINE, PLACE, type FoldedRows } from './folded-batch.js';
import { type Category, type ExclusionReason, type Pence, type RowError, type SourceRef } from '../types.js';

const NEW: DuplicateVerdict = { kind: 'new' };

/** Judges every row new, keeping the hashes it was given for the main thread to judge. */
class DeferredJudge implements DuplicateJudge {
  readonly words = new Uint32Array(5);

  expectRows(): void {}
  beginFile(): void {}
  endFile(): void {}

  judgeContent(): DuplicateVerdict {
    throw new Error('a part fold reads GL exports only');
  }

  judgeKeyless(a: number, b: number, c: number): DuplicateVerdict {
    this.keep(a, b, c, 0, 0);
    return NEW;
  }

  judgeKeyed(a: number, b: number, c: number, fpA: number, fpB: number): DuplicateVerdict {
    this.keep(a, b, c, fpA, fpB);
    return NEW;
  }

  private keep(a: number, b: number, c: number, fpA: number, fpB: number): void {
    const { words } = this;
    words[0] = a;
    words[1] = b;
    words[2] = c;
    words[3] = fpA;
    words[4] = fpB;
  }
}

/**
 * Folds part of a GL export, unobserved, keeping each record's outcome as words (see the top of this file). It is
 * the ledger its file fold reports to (a LedgerSink), and asks a ledger fold of the same configuration only the
 * grant's questions: the chart, the years, the cost centres and their numbers.
 */
export class PartFold implements LedgerSink {
  private readonly judge: DeferredJudge;
  private readonly grant: LedgerFold;
  readonly duplicateIndex: DuplicateJudge;
  readonly chart: (account: string) => ChartDecision;
  readonly staffTypes: ReadonlyMap<string, Category>;
  readonly unknownStaffType: { readonly message: string; readonly hint: string };
  readonly identifying = false;
  readonly observed = false;
  readonly describing = false;
  private words = new Uint32Array(1024 * FOLDED_WORDS);
  private amounts = new Float64Array(1024);
  private rowErrors: RowError[] = [];
  private kept = 0;
  // The record being folded.
  private kind = BLANK;
  private place = 0;
  private costCentre = 0;
  private amount = 0;
  /** The excluded record's reason, and the FY and period it is dated in (countExcludedAt), for its place word. */
  private reason: ExclusionReason | undefined;
  private datedAt: readonly [number, number] | undefined;
  private rowError: RowError | undefined;
  private fits = true;
  /** Rows in error in this part so far: the first EXCERPTS_KEPT keep their excerpt, as the ledger keeps them. */
  private errorsSeen = 0;

  constructor(config: GrantConfig) {
    this.judge = new DeferredJudge();
    this.duplicateIndex = this.judge;
    this.grant = new LedgerFold(config, undefined, this.judge);
    this.chart = this.grant.chart;
    this.staffTypes = this.grant.staffTypes;
    this.unknownStaffType = this.grant.unknownStaffType;
  }

  indexOf(category: Category): number {
    return this.grant.indexOf(category);
  }

  /** Starts the part of a GL export, at its header (or at the part's first line, the header given by its layout). */
  beginGlFile(file: string, layout: GlLayout): GlFileFold {
    return new GlFileFold(this, emptyTally(file, 'gl'), layout);
  }

  /**
   * Folds one record through `file` (begun on this fold), on `line` from the batch's first record. False, having
   * kept nothing, when the part fold cannot decide it: the caller stops there.
   */
  fold(file: GlFileFold, line: number, cells: readonly string[], breaks: number): boolean {
    this.kind = BLANK;
    this.place = 0;
    this.costCentre = 0;
    this.amount = 0;
    this.reason = undefined;
    this.datedAt = undefined;
    this.rowError = undefined;
    this.fits = true;
    this.judge.words.fill(0);
    if (!file.accept(line, cells, breaks) || !this.fits) return false;
    if (this.kept === this.amounts.length) this.grow();
    const at = this.kept * FOLDED_WORDS;
    const rows = this.words;
    rows[at + KIND] = this.kind;
    rows[at + LINE] = line;
    rows[at + PLACE] = this.reason === undefined ? this.place : excludedPlace(this.reason, ...(this.datedAt ?? []));
    rows.set(this.judge.words, at + HASH);
    rows[at + COST_CENTRE] = this.costCentre;
    this.amounts[this.kept] = this.amount;
    if (this.rowError) this.rowErrors.push(this.rowError);
    this.kept++;
    return true;
  }

  /** Records folded and not yet taken. */
  get size(): number {
    return this.kept;
  }

  /** The records folded since the last call, ending before `lines`; the fold starts afresh. */
  take(lines: number, layout: string, stop: boolean): FoldedRows {
    const taken: FoldedRows = {
      count: this.kept,
      rows: this.words.slice(0, this.kept * FOLDED_WORDS),
      pence: this.amounts.slice(0, this.kept),
      errors: this.rowErrors,
      costCentres: this.grant.costCentreCodesSoFar(),
      lines,
      layout,
      stop,
    };
    this.kept = 0;
    this.rowErrors = [];
    return taken;
  }

  private grow(): void {
    this.words = doubled(this.words);
    this.amounts = doubled(this.amounts);
  }

  /** Keeps a record's outcome; an amount that cannot be read crosses as NaN. */
  private keep(kind: number, place: number, amount: Pence | undefined): void {
    this.kind = kind;
    this.place = place;
    if (amount === undefined) {
      this.amount = Number.NaN;
      return;
    }
    const exact = penceAsNumber(amount);
    if (exact === undefined) this.fits = false;
    else this.amount = exact;
  }

  /**
   * The total line and the rows below it depend on every row above them, and a suspect quote's message names the
   * lines it swallowed: they are left to the main thread.
   */
  get foldsWholeFiles(): boolean {
    return false;
  }

  get keepsExcerpt(): boolean {
    return this.errorsSeen < EXCERPTS_KEPT;
  }

  error(_tally: FileTally, error: RowError, amount: Pence | undefined): void {
    this.errorsSeen++;
    this.keep(ERROR, 0, amount);
    this.rowError = error;
  }

  countExcluded(_tally: FileTally, reason: ExclusionReason, amount: Pence): void {
    this.keep(EXCLUDED, 0, amount);
    this.reason = reason;
  }

  /** The excluded record's month crosses in its place word (excludedPlace). */
  countExcludedAt(fy: number, period: number): void {
    this.datedAt = [fy, period];
  }

  countGl(_tally: FileTally, fy: number, period: number, c: number, costCentre: number, amount: Pence): void {
    this.keep(INCLUDED, includedPlace(fy, period, c), amount);
    this.costCentre = costCentre;
  }

  apportionment(row: ApportionedRowKey): number {
    return this.grant.apportionment(row);
  }

  /** A row an apportionment rule takes crosses with its rule: the main thread holds it for its group's split. */
  holdApportioned(_tally: FileTally, rule: number, row: ApportionedRow): void {
    this.keep(APPORTIONED, includedPlace(row.fy, row.period, row.c) + rule * APPORTIONED_RULE, row.amount);
    this.costCentre = row.costCentre;
  }

  exclude(_tally: FileTally, reason: ExclusionReason, _amount: Pence, _place: RowPlace, _duplicateOf?: SourceRef): void {
    throw new Error(`a part fold cannot exclude a row as ${reason}: it sees no total line, observer or duplicate`);
  }

  includeGl(): void {
    throw new Error('a part fold counts rows unobserved');
  }

  holdPayroll(): void {
    throw new Error('a part fold reads GL exports only');
  }

  isGrantYear(fy: number): boolean {
    return this.grant.isGrantYear(fy);
  }

  isInGrantWindow(postingIso: string | undefined, fy: number, period: number): boolean {
    return this.grant.isInGrantWindow(postingIso, fy, period);
  }

  isGrantCostCentre(costCentre: string): boolean {
    return this.grant.isGrantCostCentre(costCentre);
  }

  isConfiguredCostCentre(costCentre: string): boolean {
    return this.grant.isConfiguredCostCentre(costCentre);
  }

  isIneligiblePayElement(element: string): boolean {
    return this.grant.isIneligiblePayElement(element);
  }

  costCentreId(costCentre: string): number {
    return this.grant.costCentreId(costCentre);
  }

  roundFloatNoise(cell: string): Pence | undefined {
    return this.grant.roundFloatNoise(cell);
  }

  warn(): void {
    throw new Error('a part fold leaves float noise to the main thread');
  }

  conflicting(): void {
    throw new Error('a part fold leaves key conflicts to the main thread');
  }
}
