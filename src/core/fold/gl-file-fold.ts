/** The GL line export: how its rows are read and classified. Row key: Document Number + Line. */
import { parseDate, parseDateMonthFirst } from '../calendar/calendar-date.js';
import { cellAt, FileFold, type RowProblem } from './file-fold.js';
import { parsePeriodCell, resolveFiscalPeriod } from '../calendar/fiscal.js';
import { normaliseCode } from '../rules/codes.js';
import type { ConflictingRow, FileTally, LedgerSink, RowDetail } from './ledger-sink.js';
import { formatPence, penceAsNumber, type PenceSum } from '../money.js';
import type { DuplicateVerdict } from '../dedup/duplicates.js';
import type { ErrorList } from '../store/error-list.js';
import { FieldHasher } from '../store/hash128.js';
import { contentIdentityOf, FIELD_SEPARATOR, keyIdentity } from '../rules/row-identity.js';
import { APPORTIONED, APPORTIONED_RULE, BLANK, COST_CENTRE, ERROR, EXCLUDED, excludedAt, FINGERPRINT, FoldedSums, FOLDED_WORDS, HASH, INCLUDED, includedAt, KIND, LINE, PLACE, type FoldedRows } from './folded-batch.js';
import type { Pence, RowError, SourceRef } from '../types.js';

/** Where the columns of a GL line export sit in a record (cell indexes). */
export interface GlLayout {
  readonly documentNumber: number;
  /** Absent in exports without line numbers (a configured layout whose key does not use it). */
  readonly line: number | undefined;
  /** The key: its columns' names and cells. Empty: rows are identified by their whole content. */
  readonly key: readonly (readonly [string, number])[];
  readonly postingDate: number;
  readonly costCentre: number;
  readonly account: number;
  readonly net: number;
  readonly period: number | undefined;
  /** The columns that only describe a row, where the export has them: read for an observer that wants detail. */
  readonly supplier?: number | undefined;
  readonly description?: number | undefined;
  readonly accountName?: number | undefined;
  readonly costCentreName?: number | undefined;
  /** Header width: cells beyond it must be empty. */
  readonly width: number;
  /** The header line's cells, its empty ones after the last name too (absent: width): a row has no more. */
  readonly cells?: number;
  /** Numeric posting dates are written month first (only when a configuration says so). */
  readonly monthFirst?: boolean;  /** Amounts that are a spreadsheet's float noise are read to the penny, with a warning (a configuration says so). */
  readonly floatNoise?: boolean;
}


/** Folds the rows of one GL line export. */
export class GlFileFold extends FileFold {
  constructor(
    ledger: LedgerSink,
    tally: FileTally,
    private readonly layout: GlLayout,
  ) {
    super(ledger, tally, {
      width: layout.width,
      cells: layout.cells ?? layout.width,
      amount: layout.net,
      amountName: 'Net Amount',
      required: [
        [layout.documentNumber, 'Document Number'],
        ...layout.key.filter(([name]) => name === 'Line').map(([name, index]) => [index, name] as const),
        [layout.postingDate, 'Posting Date'],
        [layout.costCentre, 'Cost Centre'],
        [layout.account, 'Account Code'],
        [layout.net, 'Net Amount'],
      ],
      singleLine: [...new Set([layout.documentNumber, ...layout.key.map(([, index]) => index), layout.postingDate, ...(layout.period === undefined ? [] : [layout.period]), layout.costCentre, layout.account, layout.net])],
      // Nothing a GL row holds shows a moved cell for sure: Net and VAT that do not add up to Gross are legitimate
      // (reverse-charge VAT, rounding), and some exporters end every row with an empty cell. PRODUCT.md's reading stands.
      longRowMoved: undefined,
      quoteNoValues: false,
      floatNoise: layout.floatNoise === true,
      rowSigns: 'a Posting Date and a Net Amount',
    });
  }

  /** The posting date and period of the row being read, as valueProblem found them. */
  private postingIso = '';
  private periodCell: number | undefined;
  private readonly hasher = new FieldHasher();
  private readonly words = new Uint32Array(4);
  /** The money of the batch takeFolded is taking. */
  private readonly sums = new FoldedSums();

  private readDate(text: string): ReturnType<typeof parseDate> {
    return this.layout.monthFirst ? parseDateMonthFirst(text) : parseDate(text);
  }

  protected override isKeyless(cells: readonly string[]): boolean {
    const { layout } = this;
    const noLine = layout.line === undefined || cellAt(cells, layout.line) === '';
    return cellAt(cells, layout.documentNumber) === '' && noLine && cellAt(cells, layout.postingDate) === '';
  }

  protected override readsDate(cells: readonly string[]): boolean {
    return this.readDate(cellAt(cells, this.layout.postingDate)).ok;
  }

  protected override dateColumn(): number {
    return this.layout.postingDate;
  }

  protected override valueProblem(cells: readonly string[]): RowProblem | undefined {
    const date = this.readDate(cellAt(cells, this.layout.postingDate));
    if (!date.ok) return { code: 'bad-date', message: `Posting Date: ${date.message}`, hint: date.hint };
    this.postingIso = date.iso;
    this.periodCell = undefined;
    if (this.layout.period !== undefined) {
      const period = parsePeriodCell(cellAt(cells, this.layout.period));
      if (!period.ok) return { code: 'bad-period', message: `Period: ${period.message}`, hint: 'write periods as P01 to P16, or leave the cell blank' };
      this.periodCell = period.period;
    }
    return undefined;
  }

  protected override acceptRow(line: number, cells: readonly string[], pence: Pence): void {
    const { ledger, tally, layout } = this;
    // The posting date and period were read (and found good) by valueProblem, just before.
    const { fy, period } = resolveFiscalPeriod(this.postingIso, this.periodCell);
    const costCentre = normaliseCode(cellAt(cells, layout.costCentre));
    const account = normaliseCode(cellAt(cells, layout.account));
    const documentNumber = normaliseCode(cellAt(cells, layout.documentNumber));
    const lineNumber = layout.line === undefined ? '' : normaliseCode(cellAt(cells, layout.line));

    // The row's content, hashed field by field (no string is built for it): with a key, its fingerprint; without
    // one, what identifies it.
    const words = this.words;
    const hasher = this.hasher.reset(CONTENT_SEED).text(documentNumber).text(lineNumber).text(this.postingIso).word(fy).word(period).text(costCentre).text(account);
    const exact = penceAsNumber(pence);
    if (exact === undefined) hasher.word(1).text(pence.toString());
    else hasher.word(0).integer(exact);
    hasher.digest(words);
    let verdict: DuplicateVerdict;
    if (layout.key.length === 0) {
      verdict = ledger.duplicateIndex.judgeKeyless(words[0] as number, words[1] as number, words[2] as number, line);
    } else {
      const fpA = words[0] as number;
      const fpB = words[1] as number;
      const keyHasher = this.hasher.reset(KEY_SEED);
      for (const [, index] of layout.key) keyHasher.text(normaliseCode(cellAt(cells, index)));
      keyHasher.digest(words);
      verdict = ledger.duplicateIndex.judgeKeyed(words[0] as number, words[1] as number, words[2] as number, fpA, fpB, line);
    }
    if (verdict.kind === 'conflict') {
      // The message says what differs once the row it cites has been read again (readLedger): the index keeps no amounts.
      const message = `${layout.key.map(([name]) => name).join(' + ')} ${this.keyOf(cells)} was already read at ${verdict.with.file}:${verdict.with.line} with different content`;
      this.fail(this.sourceAt(line), { code: 'conflicting-duplicate', message, hint: 'two exports disagree about one ledger line: keep only the corrected export, or ask for a fresh one' }, pence, cells);
      ledger.conflicting(verdict.with, pence);
      return;
    }
    const { category, rule } = ledger.chart(account);
    const reason = this.exclusionBeforeEligibility(verdict, fy, costCentre, period, this.postingIso) ?? (category === 'ineligible' ? 'ineligible-account' : undefined);
    // A row otherwise included that an apportionment rule takes is held for its group's split (last in precedence).
    const apportionment = reason === undefined ? ledger.apportionment({ costCentre, account, date: this.postingIso, fy, period }) : -1;
    if (!ledger.observed && verdict.kind === 'new') {
      // Nobody watches the rows, and this one names no other: count its outcome without describing it.
      // An excluded row's category may be `ineligible`, which has no index: only an included row's is looked up.
      if (apportionment >= 0) ledger.holdApportioned(tally, apportionment, { line, fy, period, c: ledger.indexOf(category), costCentre: ledger.costCentreId(costCentre), amount: pence });
      else if (reason === undefined) ledger.countGl(tally, fy, period, ledger.indexOf(category), ledger.costCentreId(costCentre), pence);
      else {
        ledger.countExcluded(tally, reason, pence);
        ledger.countExcludedAt(fy, period);
      }
      return;
    }
    const source = this.sourceAt(line);
    const named = {
      ...(rule === undefined ? {} : { rule }),
      ...(ledger.describing ? { detail: this.detailOf(cells, documentNumber, lineNumber, account, costCentre) } : {}),
    };
    if (reason !== undefined) {
      const place = category === 'ineligible' ? { source, fy, period, ...named } : { source, fy, period, category, ...named };
      ledger.exclude(tally, reason, pence, place, verdict.kind === 'duplicate' ? verdict.of : undefined);
      return;
    }
    // No reason: the account is eligible (an ineligible one always has one).
    const where = { source, fy, period, category, ...named };
    const included = { ...where, costCentre };
    // The identity is worked out only for an observer that wants it (--with-rows, --against): it costs a hash. A
    // keyless row's is a hash of its content less its amount.
    const identity = !ledger.identifying
      ? undefined
      : layout.key.length > 0
        ? keyIdentity(this.keyOf(cells))
        : contentIdentityOf([documentNumber, lineNumber, this.postingIso, fy, period, costCentre, account].join(FIELD_SEPARATOR));
    if (apportionment >= 0) {
      const c = ledger.indexOf(category);
      ledger.holdApportioned(tally, apportionment, { line, fy, period, c, costCentre: ledger.costCentreId(costCentre), amount: pence, place: identity === undefined ? where : { ...where, identity } });
      return;
    }
    ledger.includeGl(tally, identity === undefined ? included : { ...included, identity }, pence);
  }

  /**
   * Takes records a part fold has folded (part-ledger.ts), of a batch whose first record stands on `firstLine`:
   * judges each row against the rows before it and counts it. Returns how many it took: all of them, or fewer
   * when a row's key conflicts with an earlier row's, whose message quotes the row (the caller reads on from it).
   */
  takeFolded(batch: FoldedRows, firstLine: number): number {
    const { ledger, tally, sums } = this;
    const { rows, pence: amounts, errors } = batch;
    // The batch names its cost centres by its own numbers: the ledger's are looked up once each.
    const costCentres = batch.costCentres.map((code) => ledger.costCentreId(code));
    const keyed = this.layout.key.length > 0;
    let error = 0;
    let taken = batch.count;
    const { lines } = tally;
    for (let r = 0; r < batch.count; r++) {
      const at = r * FOLDED_WORDS;
      const kind = rows[at + KIND] as number;
      const line = firstLine + (rows[at + LINE] as number);
      // The lines a record spans beyond its first: up to the next record's line.
      const next = r + 1 < batch.count ? (rows[at + FOLDED_WORDS + LINE] as number) : batch.lines;
      const breaks = firstLine + next - line - 1;
      if (kind === BLANK) {
        lines.blank++;
        lines.continuation += breaks;
        continue;
      }
      const amount = amounts[r] as number;
      if (kind === ERROR) {
        tally.rows++;
        lines.data++;
        lines.continuation += breaks;
        const readable = !Number.isNaN(amount);
        if (readable) sums.read.add(amount);
        ledger.error(tally, { ...(errors[error++] as RowError), source: this.sourceAt(line) }, readable ? BigInt(amount) : undefined);
        continue;
      }
      const a = rows[at + HASH] as number;
      const b = rows[at + HASH + 1] as number;
      const c = rows[at + HASH + 2] as number;
      const verdict = keyed
        ? ledger.duplicateIndex.judgeKeyed(a, b, c, rows[at + FINGERPRINT] as number, rows[at + FINGERPRINT + 1] as number, line)
        : ledger.duplicateIndex.judgeKeyless(a, b, c, line);
      if (verdict.kind === 'conflict') {
        taken = r;
        break;
      }
      tally.rows++;
      lines.data++;
      lines.continuation += breaks;
      sums.read.add(amount);
      const place = rows[at + PLACE] as number;
      if (verdict.kind === 'duplicate') {
        // Dated as the row the part fold folded: excluded or included, apportioned or not.
        const [fy, period] = kind === EXCLUDED ? excludedAt(place).slice(1) : includedAt(kind === APPORTIONED ? place % APPORTIONED_RULE : place);
        ledger.exclude(tally, 'duplicate', BigInt(amount), { source: this.sourceAt(line), ...(fy === undefined || period === undefined ? {} : { fy, period }) }, verdict.of);
      } else if (kind === APPORTIONED) {
        const [fy, period, c] = includedAt(place % APPORTIONED_RULE);
        ledger.holdApportioned(tally, Math.floor(place / APPORTIONED_RULE), { line, fy, period, c, costCentre: costCentres[rows[at + COST_CENTRE] as number] as number, amount: BigInt(amount) });
      } else if (kind === INCLUDED) sums.includedSum(place, costCentres[rows[at + COST_CENTRE] as number] as number).add(amount);
      else {
        const [reason, fy, period] = excludedAt(place);
        (sums.excluded[reason] as PenceSum).add(amount);
        if (fy !== undefined && period !== undefined) ledger.countExcludedAt(fy, period);
      }
    }
    sums.countInto(ledger, tally);
    return taken;
  }

  /** What the row is, for an observer that wants it: its codes as compared, and the describing cells as written. */
  private detailOf(cells: readonly string[], documentNumber: string, lineNumber: string, account: string, costCentre: string): RowDetail {
    const { layout } = this;
    const text = (index: number | undefined): string => (index === undefined ? '' : cellAt(cells, index).trim());
    const detail: Record<string, string> = {};
    const put = (name: keyof RowDetail, value: string): void => {
      if (value !== '') detail[name] = value;
    };
    put('documentNumber', documentNumber);
    put('documentLine', lineNumber);
    put('supplier', text(layout.supplier));
    put('description', text(layout.description));
    put('account', account);
    put('accountName', text(layout.accountName));
    put('costCentre', costCentre);
    put('costCentreName', text(layout.costCentreName));
    return detail;
  }

  /** The row key as messages and identities show it: its cells, normalised, joined with `/`. */
  private keyOf(cells: readonly string[]): string {
    return this.layout.key.map(([, index]) => normaliseCode(cellAt(cells, index))).join('/');
  }
}

/**
 * The ledger's errors with each conflicting duplicate's message completed by what differs, given the net amount of
 * the earlier row each cites (`theirNet`: undefined where it could not be read again).
 */
export function completeConflicts(errors: ErrorList, conflicts: readonly ConflictingRow[], theirNet: (row: SourceRef) => Pence | undefined): ErrorList {
  const messages = new Map<number, string>();
  for (const conflict of conflicts) {
    const there = theirNet(conflict.with);
    const difference =
      there === undefined
        ? `Net Amount ${formatPence(conflict.net)} here; the row there could not be read again`
        : there === conflict.net
          ? 'the posting date, period, cost centre or account differs'
          : `Net Amount ${formatPence(there)} there, ${formatPence(conflict.net)} here`;
    messages.set(conflict.error, `${errors.at(conflict.error).message} (${difference})`);
  }
  return errors.withMessages(messages);
}

const CONTENT_SEED = 0x5bd1e995;
const KEY_SEED = 0;
