/**
 * The payroll export: one line per person, pay element and month. It carries personal data (employee numbers,
 * names, grades): no message quotes a cell value, and a diagnostic's offending line shows only the columns that
 * identify nobody. A payroll row has no key: it is identified by its whole content.
 */
import { parseDate, parseDateMonthFirst } from '../calendar/calendar-date.js';
import { cellAt, FileFold, type RowProblem } from './file-fold.js';
import { fiscalPeriodOfDate, parseMonth } from '../calendar/fiscal.js';
import { normaliseCode } from '../rules/codes.js';
import { parseAmount } from '../money.js';
import type { FileTally, LedgerSink, RowDetail } from './ledger-sink.js';
import { contentIdentity, FIELD_SEPARATOR } from '../rules/row-identity.js';
import { staffTypeKey } from '../rules/staff-types.js';
import type { Category, Pence } from '../types.js';

/** Where the columns of a payroll export sit in a record (cell indexes). */
export interface PayrollLayout {
  readonly payrollPeriod: number;
  readonly employeeNumber: number;
  readonly staffType: number;
  readonly costCentre: number;
  readonly payElement: number;
  readonly amount: number;
  readonly payDate: number | undefined;
  /** Header width: cells beyond it must be empty. */
  readonly width: number;
  /** The header line's cells, its empty ones after the last name too (absent: width): a row has no more. */
  readonly cells?: number;
  /** Numeric pay dates are written month first (only when a configuration says so). */
  readonly monthFirst?: boolean;  /** Amounts that are a spreadsheet's float noise are read to the penny, with a warning (a configuration says so). */
  readonly floatNoise?: boolean;
}


/**
 * Pay elements a diagnostic may show (lower case), besides the configuration's ineligible ones: names of pay, not
 * of people. Any other element is masked, since the cell could hold anything (a name shifted into it).
 */
export const KNOWN_PAY_ELEMENTS: ReadonlySet<string> = new Set([
  'basic pay',
  'overtime',
  'london weighting',
  'london allowance',
  'employer ni',
  "employer's ni",
  'employer pension',
  "employer's pension",
  'shift allowance',
  'on-call allowance',
  'allowance',
  'bonus',
  'back pay',
  'arrears',
  'apprenticeship levy',
  'redundancy',
  'severance',
]);

/** Folds the rows of one payroll export. */
export class PayrollFileFold extends FileFold {
  constructor(
    ledger: LedgerSink,
    tally: FileTally,
    private readonly layout: PayrollLayout,
  ) {
    super(ledger, tally, {
      width: layout.width,
      cells: layout.cells ?? layout.width,
      amount: layout.amount,
      amountName: 'Amount',
      required: [
        [layout.payrollPeriod, 'Payroll Period'],
        [layout.employeeNumber, 'Employee Number'],
        [layout.staffType, 'Staff Type'],
        [layout.costCentre, 'Cost Centre'],
        [layout.payElement, 'Pay Element'],
        [layout.amount, 'Amount'],
      ],
      singleLine: [layout.payrollPeriod, layout.employeeNumber, layout.costCentre, layout.payElement, layout.amount, ...(layout.payDate === undefined ? [] : [layout.payDate])],
      // A name with an unquoted comma ("Quennellby, Tamsin") moves the employee number into the Amount, read as money
      // and shown where an amount is: no payroll row longer than its header line and the first row is read.
      longRowMoved: 'a payroll row is never read past a cell that may have moved (a name holding a comma moves the employee number into the Amount)',
      quoteNoValues: true,
      floatNoise: layout.floatNoise === true,
      rowSigns: 'a Payroll Period and an Amount',
    });
  }

  private readDate(text: string): ReturnType<typeof parseDate> {
    return this.layout.monthFirst ? parseDateMonthFirst(text) : parseDate(text);
  }

  protected override readsDate(cells: readonly string[]): boolean {
    return parseMonth(cellAt(cells, this.layout.payrollPeriod)).ok;
  }

  protected override dateColumn(): number {
    return this.layout.payrollPeriod;
  }

  /**
   * The cells a diagnostic may show, each only when it passes its own check, so that it cannot be a person's
   * name or number: the month, the staff type, a configured grant cost centre, a known pay element, the amount
   * and the pay date. Every other cell (employee number, name, grade, columns the layout does not know) is masked.
   */
  protected override shownCell(index: number, cell: string): boolean {
    const { layout, ledger } = this;
    if (index === layout.payrollPeriod) return parseMonth(cell).ok;
    if (index === layout.staffType) return ledger.staffTypes.has(staffTypeKey(cell));
    if (index === layout.costCentre) return ledger.isConfiguredCostCentre(normaliseCode(cell));
    if (index === layout.payElement) {
      const element = normaliseElement(cell);
      return KNOWN_PAY_ELEMENTS.has(element) || ledger.isIneligiblePayElement(element);
    }
    if (index === layout.amount) return parseAmount(cell).ok;
    if (index === layout.payDate) return this.readDate(cell).ok;
    return false;
  }

  protected override isKeyless(cells: readonly string[]): boolean {
    return cellAt(cells, this.layout.employeeNumber) === '' && cellAt(cells, this.layout.payrollPeriod) === '';
  }

  protected override valueProblem(cells: readonly string[]): RowProblem | undefined {
    if (!parseMonth(cellAt(cells, this.layout.payrollPeriod)).ok) {
      return { code: 'bad-period', message: 'Payroll Period is not a month written yyyy-mm', hint: 'write the month the cost was incurred, e.g. 2022-09' };
    }
    if (!this.ledger.staffTypes.has(staffTypeKey(cellAt(cells, this.layout.staffType)))) {
      return { code: 'unknown-staff-type', ...this.ledger.unknownStaffType };
    }
    const payDate = this.layout.payDate === undefined ? '' : cellAt(cells, this.layout.payDate);
    if (payDate !== '') {
      const date = this.readDate(payDate);
      if (!date.ok) return { code: 'bad-date', message: `Pay Date: ${date.redactedMessage}`, hint: `${date.hint}; or leave Pay Date blank` };
    }
    return undefined;
  }

  protected override acceptRow(line: number, cells: readonly string[], pence: Pence): void {
    const { ledger, tally, layout } = this;
    const source = this.sourceAt(line);
    const month = cellAt(cells, layout.payrollPeriod);
    const { fy, period } = fiscalPeriodOfDate(`${month}-01`);
    const staffType = staffTypeKey(cellAt(cells, layout.staffType));
    const category = ledger.staffTypes.get(staffType) as Category;
    const costCentre = normaliseCode(cellAt(cells, layout.costCentre));
    const element = normaliseElement(cellAt(cells, layout.payElement));
    // Duplicate content: the required columns (a name or grade follows from the employee number).
    const content = ['payroll', month, normaliseCode(cellAt(cells, layout.employeeNumber)), staffType, costCentre, element, pence].join(FIELD_SEPARATOR);
    const verdict = ledger.duplicateIndex.judgeContent(content, line);
    const reason = this.exclusionBeforeEligibility(verdict, fy, costCentre, period, undefined) ?? (ledger.isIneligiblePayElement(element) ? 'ineligible-pay-element' : undefined);
    const detail = ledger.describing ? this.detailOf(cells, costCentre) : undefined;
    if (reason !== undefined) {
      ledger.exclude(tally, reason, pence, { source, fy, period, category, ...(detail === undefined ? {} : { detail }) }, verdict.kind === 'duplicate' ? verdict.of : undefined);
      return;
    }
    // Never the employee number: see row-identity.ts.
    const identity = ledger.identifying ? contentIdentity(['payroll', month, staffType, costCentre, element]) : '';
    // A rule takes the row by its cost centre or pay element, dated by the first day of its payroll month.
    const apportionment = ledger.apportionment({ costCentre, payElement: element, date: `${month}-01`, fy, period });
    ledger.holdPayroll(tally, source, fy, period, category, costCentre, pence, identity, detail, apportionment);
  }

  /**
   * What the row shows of itself, for an observer that wants it: only cells that pass the checks a diagnostic's
   * cells pass (shownCell): a cost centre the configuration names, and a known pay element or one the
   * configuration makes ineligible. Never its employee number, name or grade; its month and staff type are
   * already its period and category.
   */
  private detailOf(cells: readonly string[], costCentre: string): RowDetail {
    const { layout } = this;
    const elementCell = cellAt(cells, layout.payElement);
    return {
      ...(this.shownCell(layout.costCentre, cellAt(cells, layout.costCentre)) ? { costCentre } : {}),
      ...(this.shownCell(layout.payElement, elementCell) ? { payElement: elementCell.replace(/\s+/g, ' ') } : {}),
    };
  }
}

/** A pay element as compared: runs of white space folded to one space, lower case. */
function normaliseElement(cell: string): string {
  return cell.replace(/\s+/g, ' ').toLowerCase();
}
