/**
 * A starter layout for an export the tool does not know: which column holds the document number, the line, the
 * posting date, the cost centre, the account code and the net amount (and the optional columns of the GL line
 * export: account name, supplier, description, VAT and gross amounts), or, for a payroll export, the payroll
 * period, employee number, staff type, cost centre, pay element and amount, guessed from the header names and
 * checked against sample values. It says what it could not decide instead of guessing blindly.
 */
import { parseDate } from '../core/calendar/calendar-date.js';
import { parseMonth } from '../core/calendar/fiscal.js';
import { parseAmount } from '../core/money.js';

/** A role a GL line export's column can play. */
export type GlRole =
  | 'Document Number'
  | 'Line'
  | 'Posting Date'
  | 'Period'
  | 'Cost Centre'
  | 'Account Code'
  | 'Net Amount'
  | 'Cost Centre Name'
  | 'Account Name'
  | 'Supplier'
  | 'Description'
  | 'VAT Amount'
  | 'Gross Amount';

/** A role a payroll export's column can play. */
export type PayrollRole = 'Payroll Period' | 'Employee Number' | 'Staff Type' | 'Cost Centre' | 'Pay Element' | 'Amount' | 'Employee Name' | 'Grade' | 'Pay Date';

/** The guess: the header chosen for each role it could decide, and the roles it could not. */
export interface LayoutGuess<Role extends string = GlRole> {
  readonly columns: Partial<Record<Role, string>>;
  readonly undecided: readonly { readonly role: Role; readonly why: string }[];
  /** Columns of the export that play no role. */
  readonly unused: readonly string[];
}

interface RoleRule<Role extends string = GlRole> {
  readonly role: Role;
  readonly names: RegExp;
  /** What most sample values must look like; undefined: anything. */
  readonly values?: (value: string) => boolean;
  readonly required: boolean;
}

const isDate = (v: string): boolean => parseDate(v).ok;
const isAmount = (v: string): boolean => parseAmount(v).ok;
const isCode = (v: string): boolean => /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,40}$/.test(v);

/** In the order roles are decided: the more particular first, so that "Net Amount" is not taken for a code. */
const RULES: readonly RoleRule[] = [
  { role: 'Posting Date', names: /post(ing)?\s*date|date\s*paid|paid\s*date|pay(ment)?\s*date|date\s*of\s*payment|transaction\s*date|invoice.*date|clearing\s*date|^date/i, values: isDate, required: true },
  { role: 'Net Amount', names: /net\s*amount|nett?\b|^amount|amount\s*(paid|£)?$|^value$/i, values: isAmount, required: true },
  { role: 'Period', names: /^period$|fiscal\s*period|posting\s*period/i, required: false },
  { role: 'Line', names: /^line(\s*(no|number|item))?$|^item$/i, required: false },
  { role: 'Document Number', names: /doc(ument)?\s*(no|number|num)?|transaction\s*(no|number|id|ref(erence)?)|trans\s*no|voucher|invoice\s*(no|number|ref(erence)?)|payment\s*(no|number|id|ref(erence)?)|^ref(erence)?(\s*(no|number))?$|journal\s*(no|number|id)/i, values: isCode, required: true },
  { role: 'Account Code', names: /account\s*code|^account(\s*(no|number))?$|gl\s*(code|account)|ledger\s*(code|account)|nominal|subjective|cost\s*element|expen(se|diture)\s*(code|type)|detailed\s*expen/i, values: isCode, required: true },
  { role: 'Cost Centre', names: /cost\s*cent(re|er)|service|department|directorate|organisational\s*unit|expense\s*area|business\s*unit/i, required: true },
  // The optional columns, once the required ones have taken theirs: a name or a description of what a code column holds.
  { role: 'Cost Centre Name', names: /cost\s*cent(re|er)\s*(name|desc)|service(\s*area)?\s*(name|label|desc)|department\s*name/i, required: false },
  { role: 'Account Name', names: /account\s*(name|desc)|expen(se|diture).*desc|cost\s*element\s*(name|desc)|subjective\s*(name|desc)|nominal\s*(name|desc)|ledger\s*(name|desc)/i, required: false },
  // The supplier's name, not its number, post code or type.
  { role: 'Supplier', names: /^(supplier|vendor|payee|beneficiary|merchant|creditor)(\s*name)?$/i, required: false },
  { role: 'VAT Amount', names: /^vat(\s*amount)?$|vat\s*(amount|value)/i, values: isAmount, required: false },
  { role: 'Gross Amount', names: /gross/i, values: isAmount, required: false },
  { role: 'Description', names: /description|narrative|details|purpose|^text$/i, required: false },
];

const isMonth = (v: string): boolean => parseMonth(v).ok;

/** The payroll export's roles, in the order they are decided. */
const PAYROLL_RULES: readonly RoleRule<PayrollRole>[] = [
  { role: 'Payroll Period', names: /payroll\s*(period|month)|pay\s*(period|month)|^period$|^month$/i, values: isMonth, required: true },
  { role: 'Pay Date', names: /pay(ment)?\s*date|date\s*paid|paid\s*date/i, values: isDate, required: false },
  { role: 'Amount', names: /amount|^value$|^cost$|^pay$/i, values: isAmount, required: true },
  { role: 'Employee Number', names: /employee\s*(no|number|num|id|ref)|emp\s*(no|id)|staff\s*(no|number|id)|payroll\s*(no|number|id)|person(nel)?\s*(no|number|id)|warrant\s*(no|number)/i, required: true },
  { role: 'Staff Type', names: /staff\s*type|employee\s*type|staff\s*group|workforce|officer.*staff|staff.*officer/i, required: true },
  { role: 'Pay Element', names: /pay\s*element|element|pay\s*code|earnings?\s*(type|code)|pay\s*item|pay\s*type/i, required: true },
  { role: 'Cost Centre', names: /cost\s*cent(re|er)|department|business\s*unit/i, required: true },
  { role: 'Employee Name', names: /name/i, required: false },
  { role: 'Grade', names: /grade|rank|band/i, required: false },
];

/**
 * Whether a header looks like a payroll export's: at least two of its columns are named as the payroll columns
 * that no GL export has (an employee number, a staff type, a pay element, a payroll period).
 */
export function looksLikePayroll(header: readonly string[]): boolean {
  const payrollOnly = [/payroll\s*(period|month)|pay\s*(period|month)/i, ...PAYROLL_RULES.filter((r) => ['Employee Number', 'Staff Type', 'Pay Element'].includes(r.role)).map((r) => r.names)];
  return payrollOnly.filter((names) => header.some((name) => names.test(name.trim()))).length >= 2;
}

/** Guesses a payroll layout from a header row and some data rows below it. */
export function guessPayrollLayout(header: readonly string[], samples: readonly (readonly string[])[]): LayoutGuess<PayrollRole> {
  return guessLayout(PAYROLL_RULES, header, samples);
}

/** Guesses a GL layout from a header row and some data rows below it. */
export function guessGlLayout(header: readonly string[], samples: readonly (readonly string[])[]): LayoutGuess {
  return guessLayout(RULES, header, samples);
}

function guessLayout<Role extends string>(rules: readonly RoleRule<Role>[], header: readonly string[], samples: readonly (readonly string[])[]): LayoutGuess<Role> {
  const taken = new Set<number>();
  const columns: Partial<Record<Role, string>> = {};
  const undecided: { role: Role; why: string }[] = [];
  for (const rule of rules) {
    const candidates = header
      .map((name, index) => ({ name: name.trim(), index }))
      .filter((c) => c.name !== '' && !taken.has(c.index) && rule.names.test(c.name));
    // A name that says "code" or "number" beats one that only describes (DetailedExpenditureCode over …Type), and
    // a description or a name comes last.
    const codeLike = (name: string): number => (/description|name/i.test(name) ? 2 : /code|\bno\b|number|\bid\b/i.test(name) ? 0 : 1);
    const fitting = candidates
      .filter((c) => !rule.values || mostly(samples.map((row) => (row[c.index] ?? '').trim()), rule.values))
      .sort((a, b) => codeLike(a.name) - codeLike(b.name) || a.index - b.index);
    const chosen = fitting[0];
    if (chosen) {
      columns[rule.role] = chosen.name;
      taken.add(chosen.index);
    } else if (rule.required) {
      undecided.push({
        role: rule.role,
        why:
          candidates.length > 0
            ? `${candidates.map((c) => `"${c.name}"`).join(', ')} looked likely by name, but their values do not fit`
            : 'no column name looks like it',
      });
    }
  }
  return { columns, undecided, unused: header.map((h) => h.trim()).filter((h, i) => h !== '' && !taken.has(i)) };
}

/** True when at least 80% of the non-blank values pass (and there is at least one). */
function mostly(values: readonly string[], test: (value: string) => boolean): boolean {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return false;
  return filled.filter(test).length >= filled.length * 0.8;
}
