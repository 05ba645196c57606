/**
 * The rows a drill-down (`grant-recon rows`) matches, held compactly: seventeen 32-bit numbers and a 64-bit amount
 * a row; files and chart rules by number in tables of their names; the texts of a row's detail (supplier,
 * description, account…) as UTF-8 in one buffer (text-heap.ts), a text repeated over nearby rows held once.
 * `rows FILES… --reason duplicate` over an export given twice matches a million rows; as objects they took
 * gigabytes.
 *
 * A row is given back as the ObservedRow it was, less its identity (a drill-down never shows it).
 */
import { doubled } from '../store/doubled.js';
import type { ApportionedParts, ObservedRow, RowDetail } from '../fold/ledger.js';
import { lineOf, Names } from '../store/names.js';
import type { Sequence } from '../store/sequence.js';
import { inSourceOrder } from '../store/source-order.js';
import { TextHeap } from '../store/text-heap.js';
import { MAX_CATEGORIES, ROW_OUTCOMES, ROW_REASONS, type Category, type ExclusionReason, type Pence, type RowErrorCode } from '../types.js';

// The numbers of a row, in order.
const FILE = 0;
const LINE = 1;
/**
 * Outcome (2 bits), profile (1), reason or code + 1 (6), category number + 1 (5: a run's categories, at most
 * MAX_CATEGORIES, by number in a table of their ids), period (5; 0: none), amount unreadable (1).
 */
const PACKED = 2;
/** FY + 1 (0: none). */
const FY = 3;
/** Rule number + 1 (0: none). */
const RULE = 4;
/** The repeated row's file number + 1 (0: not a duplicate), and its line. */
const OF_FILE = 5;
const OF_LINE = 6;
/** The texts of the row's detail, in DETAIL_FIELDS order, each its number + 1 (0: none). */
const DETAIL = 7;
const DETAIL_FIELDS = ['documentNumber', 'documentLine', 'supplier', 'description', 'account', 'accountName', 'costCentre', 'costCentreName', 'payElement', 'message'] as const satisfies readonly (keyof RowDetail)[];
const WIDTH = DETAIL + DETAIL_FIELDS.length;
/** The bit of PACKED that marks a row in error whose amount cannot be read. */
const UNREADABLE = 1 << 19;
/** The category bits hold a number + 1 up to 31. */
const CATEGORY_BITS_HOLD = 31;

const PROFILES = ['gl', 'payroll'] as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Matching rows in the order they were seen. */
export class MatchedRows implements Sequence<ObservedRow> {
  private readonly files = new Names();
  private readonly rules = new Names();
  private readonly categories = new Names();
  private readonly texts = new TextHeap();
  private numbers = new Uint32Array(WIDTH * 256);
  private amounts = new BigInt64Array(256);
  /** Amounts past 64 bits, by row. */
  private readonly huge = new Map<number, Pence>();
  /** How an apportionment split a row, by row: only the rows a rule took. */
  private readonly apportioned = new Map<number, ApportionedParts>();
  private count = 0;
  private total: Pence = 0n;
  private unreadable = 0;

  /** The rows of a list, held as a drill-down holds them. */
  static of(rows: Iterable<ObservedRow>): MatchedRows {
    const matched = new MatchedRows();
    for (const row of rows) matched.push(row);
    return matched;
  }

  get length(): number {
    return this.count;
  }

  /** The sum of every row's amount. */
  get amount(): Pence {
    return this.total;
  }

  /** How many of the rows are in error with no amount that could be read (each counted as 0 in `amount`). */
  get amountUnreadable(): number {
    return this.unreadable;
  }

  push(row: ObservedRow): void {
    if (this.count === this.amounts.length) this.grow();
    const at = this.count * WIDTH;
    const n = this.numbers;
    const reason = row.reason ?? row.code;
    n[at + FILE] = this.files.number(row.source.file);
    n[at + LINE] = lineOf(row.source);
    n[at + PACKED] =
      ROW_OUTCOMES.indexOf(row.outcome) |
      (PROFILES.indexOf(row.profile) << 2) |
      ((reason === undefined ? 0 : ROW_REASONS.indexOf(reason) + 1) << 3) |
      ((row.category === undefined ? 0 : this.categoryNumber(row.category) + 1) << 9) |
      ((row.period ?? 0) << 14) |
      (row.amountUnreadable ? UNREADABLE : 0);
    if (row.amountUnreadable) this.unreadable++;
    n[at + FY] = row.fy === undefined ? 0 : row.fy + 1;
    n[at + RULE] = row.rule === undefined ? 0 : this.rules.number(row.rule) + 1;
    n[at + OF_FILE] = row.duplicateOf === undefined ? 0 : this.files.number(row.duplicateOf.file) + 1;
    n[at + OF_LINE] = row.duplicateOf === undefined ? 0 : lineOf(row.duplicateOf);
    const detail = row.detail;
    for (let f = 0; f < DETAIL_FIELDS.length; f++) {
      const text = detail?.[DETAIL_FIELDS[f] as keyof RowDetail];
      n[at + DETAIL + f] = text === undefined ? 0 : this.texts.number(text) + 1;
    }
    if (row.amount >= INT64_MIN && row.amount <= INT64_MAX) this.amounts[this.count] = row.amount;
    else this.huge.set(this.count, row.amount);
    if (row.apportioned !== undefined) this.apportioned.set(this.count, row.apportioned);
    this.total += row.amount;
    this.count++;
  }

  private categoryNumber(category: Category): number {
    const n = this.categories.number(category);
    if (n + 1 > CATEGORY_BITS_HOLD) throw new Error(`more than ${MAX_CATEGORIES} categories in one drill-down`);
    return n;
  }

  /** Row `index` (0 ≤ index < length). */
  at(index: number): ObservedRow {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no row ${index} of ${this.count}`);
    const at = index * WIDTH;
    const n = this.numbers;
    const packed = n[at + PACKED] as number;
    const outcome = ROW_OUTCOMES[packed & 3] as ObservedRow['outcome'];
    const reason = (packed >>> 3) & 63;
    const category = (packed >>> 9) & 31;
    const period = (packed >>> 14) & 31;
    const fy = n[at + FY] as number;
    const rule = n[at + RULE] as number;
    const ofFile = n[at + OF_FILE] as number;
    const why = reason === 0 ? undefined : ROW_REASONS[reason - 1];
    let detail: Record<string, string> | undefined;
    for (let f = 0; f < DETAIL_FIELDS.length; f++) {
      const text = n[at + DETAIL + f] as number;
      if (text !== 0) (detail ??= {})[DETAIL_FIELDS[f] as keyof RowDetail] = this.texts.text(text - 1);
    }
    return {
      source: { file: this.files.name(n[at + FILE] as number), line: n[at + LINE] as number },
      profile: PROFILES[(packed >>> 2) & 1] as ObservedRow['profile'],
      outcome,
      ...(why === undefined ? {} : outcome === 'error' ? { code: why as RowErrorCode } : { reason: why as ExclusionReason }),
      ...(category === 0 ? {} : { category: this.categories.name(category - 1) }),
      ...(fy === 0 ? {} : { fy: fy - 1 }),
      ...(period === 0 ? {} : { period }),
      ...(rule === 0 ? {} : { rule: this.rules.name(rule - 1) }),
      amount: this.huge.get(index) ?? (this.amounts[index] as bigint),
      ...((packed & UNREADABLE) === 0 ? {} : { amountUnreadable: true as const }),
      ...(ofFile === 0 ? {} : { duplicateOf: { file: this.files.name(ofFile - 1), line: n[at + OF_LINE] as number } }),
      ...(detail === undefined ? {} : { detail }),
      ...(this.apportioned.has(index) ? { apportioned: this.apportioned.get(index) as ApportionedParts } : {}),
    };
  }

  *[Symbol.iterator](): Iterator<ObservedRow> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  /**
   * The rows in the order of their files (`fileOrder`: a file's place among the inputs), then of their lines,
   * read one by one as the sequence is read. Rows of one file and line keep the order they were seen in.
   */
  sorted(fileOrder: ReadonlyMap<string, number>): Sequence<ObservedRow> {
    return inSourceOrder({ count: this.count, numbers: this.numbers, width: WIDTH, file: FILE, line: LINE }, this.files, fileOrder, (i) => this.at(i));
  }

  private grow(): void {
    this.numbers = doubled(this.numbers);
    this.amounts = doubled(this.amounts);
  }
}
