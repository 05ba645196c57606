/** The GL line export: how its rows are read and classified. Row key: Document Number + Line. */
import { parseDate, parseDateMonthFirst } from './calendar-date.js';
import { cellAt, FileFold, type RowProblem } from './file-fold.js';
import { parsePeriodCell, resolveFiscalPeriod } from './fiscal.js';
import { normaliseCode } from './codes.js';
import type { FileTally, LedgerFold } from './ledger.js';
import { formatPence } from './money.js';
import { contentIdentityOf, FIELD_SEPARATOR, keyIdentity } from './row-identity.js';
import type { Pence, SourceRef } from './types.js';

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
  /** Header width: cells beyond it must be empty. */
  readonly width: number;
  /** Numeric posting dates are written month first (only when a configuration says so). */
  readonly monthFirst?: boolean;
}


/** Folds the rows of one GL line export. */
export class GlFileFold extends FileFold {
  constructor(
    ledger: LedgerFold,
    tally: FileTally,
    private readonly layout: GlLayout,
  ) {
    super(ledger, tally, {
      width: layout.width,
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
      revealed: undefined,
      quoteNoValues: false,
    });
  }

  private readDate(text: string): ReturnType<typeof parseDate> {
    return this.layout.monthFirst ? parseDateMonthFirst(text) : parseDate(text);
  }

  protected override isKeyless(cells: readonly string[]): boolean {
    const { layout } = this;
    const noLine = layout.line === undefined || cellAt(cells, layout.line) === '';
    return cellAt(cells, layout.documentNumber) === '' && noLine && cellAt(cells, layout.postingDate) === '';
  }

  protected override valueProblem(cells: readonly string[]): RowProblem | undefined {
    const date = this.readDate(cellAt(cells, this.layout.postingDate));
    if (!date.ok) return { code: 'bad-date', message: `Posting Date: ${date.message}`, hint: 'write dates as dd/mm/yyyy, e.g. 31/03/2023' };
    if (this.layout.period !== undefined) {
      const period = parsePeriodCell(cellAt(cells, this.layout.period));
      if (!period.ok) return { code: 'bad-period', message: `Period: ${period.message}`, hint: 'write periods as P01 to P16, or leave the cell blank' };
    }
    return undefined;
  }

  protected override acceptRow(source: SourceRef, cells: readonly string[], pence: Pence): void {
    const { ledger, tally, layout } = this;
    const date = this.readDate(cellAt(cells, layout.postingDate));
    const periodCell = layout.period === undefined ? undefined : parsePeriodCell(cellAt(cells, layout.period));
    if (!date.ok || (periodCell && !periodCell.ok)) throw new Error('valueProblem missed a bad value');
    const { fy, period } = resolveFiscalPeriod(date.iso, periodCell?.ok ? periodCell.period : undefined);
    const costCentre = normaliseCode(cellAt(cells, layout.costCentre));
    const account = normaliseCode(cellAt(cells, layout.account));
    const documentNumber = normaliseCode(cellAt(cells, layout.documentNumber));
    const lineNumber = layout.line === undefined ? '' : normaliseCode(cellAt(cells, layout.line));
    const key = layout.key.length === 0 ? undefined : layout.key.map(([, index]) => normaliseCode(cellAt(cells, index))).join('/');
    const content = [documentNumber, lineNumber, date.iso, fy, period, costCentre, account, pence].join(FIELD_SEPARATOR);

    const verdict = ledger.duplicateIndex.judge(content, key, source, pence);
    if (verdict.kind === 'conflict') {
      const difference =
        verdict.theirNet !== undefined && verdict.theirNet !== pence
          ? `Net Amount ${formatPence(verdict.theirNet)} there, ${formatPence(pence)} here`
          : 'the posting date, period, cost centre or account differs';
      const message = `${layout.key.map(([name]) => name).join(' + ')} ${key ?? ''} was already read at ${verdict.with.file}:${verdict.with.line} with different content (${difference})`;
      this.fail(source, { code: 'conflicting-duplicate', message, hint: 'two exports disagree about one ledger line: keep only the corrected export, or ask for a fresh one' }, pence, cells);
      return;
    }
    const { category, rule } = ledger.chart(account);
    const named = rule === undefined ? {} : { rule };
    const place = category === 'ineligible' ? { source, fy, period, ...named } : { source, fy, period, category, ...named };
    if (this.excludedBeforeEligibility(place, verdict, costCentre, pence)) return;
    if (category === 'ineligible') {
      ledger.exclude(tally, 'ineligible-account', pence, place);
      return;
    }
    const included = { source, fy, period, category, ...named };
    if (!ledger.identifying) {
      ledger.includeGl(tally, included, pence);
      return;
    }
    // The identity is worked out only for an observer that wants it (--with-rows, --against): it costs a hash. A
    // keyless row's is the duplicate check's content less its amount (the last field).
    const identity = key !== undefined ? keyIdentity(key) : contentIdentityOf(content.slice(0, content.lastIndexOf(FIELD_SEPARATOR)));
    ledger.includeGl(tally, { ...included, identity }, pence);
  }
}
