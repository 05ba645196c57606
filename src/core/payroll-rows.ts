/**
 * The payroll export: one line per person, pay element and month. It carries personal data (employee numbers,
 * names, grades): no message quotes a cell value, and a diagnostic's offending line shows only the columns that
 * identify nobody. A payroll row has no key: it is identified by its whole content.
 */
import { cellAt, FileFold, type RowProblem } from './file-fold.js';
import { fiscalPeriodOfDate, parseMonth } from './fiscal.js';
import { normaliseCode } from './codes.js';
import type { FileTally, LedgerFold } from './ledger.js';
import { contentIdentity, FIELD_SEPARATOR } from './row-identity.js';
import type { Category, Pence } from './types.js';

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
}

/** Staff types and the category each one's pay belongs to (compared case-insensitively). */
export const STAFF_TYPES: ReadonlyMap<string, Category> = new Map([
  ['police officer', 'officers'],
  ['police staff', 'staff'],
]);

/** Folds the rows of one payroll export. */
export class PayrollFileFold extends FileFold {
  constructor(
    ledger: LedgerFold,
    tally: FileTally,
    private readonly layout: PayrollLayout,
  ) {
    const revealed = [layout.payrollPeriod, layout.staffType, layout.costCentre, layout.payElement, layout.amount];
    if (layout.payDate !== undefined) revealed.push(layout.payDate);
    super(ledger, tally, {
      width: layout.width,
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
      revealed,
      quoteNoValues: true,
    });
  }

  protected override isKeyless(cells: readonly string[]): boolean {
    return cellAt(cells, this.layout.employeeNumber) === '' && cellAt(cells, this.layout.payrollPeriod) === '';
  }

  protected override valueProblem(cells: readonly string[]): RowProblem | undefined {
    if (!parseMonth(cellAt(cells, this.layout.payrollPeriod)).ok) {
      return { code: 'bad-period', message: 'Payroll Period is not a month written yyyy-mm', hint: 'write the month the cost was incurred, e.g. 2022-09' };
    }
    if (!STAFF_TYPES.has(cellAt(cells, this.layout.staffType).toLowerCase())) {
      return { code: 'unknown-staff-type', message: 'Staff Type is neither Police Officer nor Police Staff', hint: 'the allowed values are Police Officer (officers) and Police Staff (staff)' };
    }
    return undefined;
  }

  protected override acceptRow(line: number, cells: readonly string[], pence: Pence): void {
    const { ledger, tally, layout } = this;
    const source = this.sourceAt(line);
    const month = cellAt(cells, layout.payrollPeriod);
    const { fy, period } = fiscalPeriodOfDate(`${month}-01`);
    const staffType = cellAt(cells, layout.staffType).toLowerCase();
    const category = STAFF_TYPES.get(staffType) as Category;
    const costCentre = normaliseCode(cellAt(cells, layout.costCentre));
    const element = cellAt(cells, layout.payElement).replace(/\s+/g, ' ').toLowerCase();
    // Duplicate content: the required columns (a name or grade follows from the employee number).
    const content = ['payroll', month, normaliseCode(cellAt(cells, layout.employeeNumber)), staffType, costCentre, element, pence].join(FIELD_SEPARATOR);
    const verdict = ledger.duplicateIndex.judgeContent(content, line);
    const reason = this.exclusionBeforeEligibility(verdict, fy, costCentre) ?? (ledger.isIneligiblePayElement(element) ? 'ineligible-pay-element' : undefined);
    if (reason !== undefined) {
      ledger.exclude(tally, reason, pence, { source, fy, period, category }, verdict.kind === 'duplicate' ? verdict.of : undefined);
      return;
    }
    // Never the employee number: see row-identity.ts.
    const identity = ledger.identifying ? contentIdentity(['payroll', month, staffType, costCentre, element]) : '';
    ledger.holdPayroll(tally, source, fy, period, category, pence, identity);
  }
}
