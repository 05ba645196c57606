/**
 * `check` for CI: every finding of one pass over the inputs, each with a stable code, a severity, `file:line`
 * where there is one, and a hint. `--fail-on` alone decides which findings are errors (exit 1); the rest are
 * warnings. Pure: a function of the ledger and the options.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { GrantConfig } from '../grant-config.js';
import { throughPeriod } from '../calendar/fiscal.js';
import { FY, PERIOD } from '../calendar/fiscal-keys.js';
import type { ErrorList } from '../store/error-list.js';
import type { Ledger, PayrollDifference } from '../fold/ledger.js';
import { formatMoney } from '../money.js';
import { payrollDifferenceReport, payrollDifferencesOf, reconcileYears, standingYear, wholeGrantOf, windowReportOf, type WindowReport, type YearReport } from './reconcile.js';
import type { GrantStanding } from './cap.js';
import { buildReportBase, type InputFacts, type ReportBase } from './report-base.js';
import type { RestatementsReport, RowChange } from './restatement.js';
import { joined, MappedSequence, type Sequence } from '../store/sequence.js';
import type { Pence, RowError, RowErrorCode } from '../types.js';

/** The checks `--fail-on` can select, in the order findings are reported. */
export const CHECKS = ['over-cap', 'closed-periods', 'control-totals', 'conflicts', 'errors', 'payroll', 'projection', 'cost-centres'] as const;
export type CheckName = (typeof CHECKS)[number];

/** What `--fail-on` selects when it is not given. */
export const DEFAULT_FAIL_ON: readonly CheckName[] = ['errors', 'conflicts', 'control-totals', 'over-cap'];

/**
 * What `--fail-on` selects when it is not given and `--against` is: closed periods too. Their finding can arise
 * only with `--against`, and a changed closed period is as serious as an overspend (it may have been claimed).
 */
export const DEFAULT_FAIL_ON_AGAINST: readonly CheckName[] = ['errors', 'conflicts', 'control-totals', 'over-cap', 'closed-periods'];

/**
 * What to do about a finding of the grant as a whole, the same for every finding of its code (a row in error
 * carries its own hint): written on each finding, and as the help of its rule where a format lists rules (SARIF).
 */
export const FINDING_HINTS = {
  'over-cap': 'the excess cannot be claimed in this or any later year; check the coding of the largest lines, or fund the excess elsewhere',
  'closed-period-restated': 'a closed period has been reported and may have been claimed: post the correction in an open period, or move closedThrough in the configuration if reopening it was agreed',
  projection: 'at this rate of spend the grant will not cover the year: plan the overspend now',
  'every-cost-centre': 'name the grant\'s cost centres in a configuration file ("costCentres": ["SMH001"]), so that another unit\'s spend is excluded as not-grant-cost-centre',
} as const;

/** One finding: a diagnostic (core/diagnostic.ts) of the check that found it, always with a hint. */
export interface Finding extends Diagnostic {
  readonly check: CheckName;
  /** Stable: `over-cap`, `projection`, or the row error code. */
  readonly code: 'over-cap' | 'projection' | 'payroll-difference' | 'closed-period-restated' | 'every-cost-centre' | RowErrorCode;
  readonly hint: string;
}

/** A FY's standing in the check. */
export interface CheckYear {
  readonly year: string;
  readonly cap: Pence;
  readonly ytdActual: Pence;
  readonly headroom: Pence;
  readonly overCap: Pence;
  readonly projectedOutturn: Pence;
  /** The month the run rate would take cumulative actual past the cap, or null. */
  readonly projectionPassesCapIn: string | null;
}

/** The check report value; every format renders this. */
export interface CheckReport extends ReportBase {
  readonly schema: 'grant-recon/check@1';
  readonly failOn: readonly CheckName[];
  readonly status: 'pass' | 'fail';
  readonly counts: { readonly errors: number; readonly warnings: number };
  /**
   * Every finding, the most serious first: those of the fail-on checks in the order of CHECKS, then the warnings.
   * Read as it is written: a broken export's findings are made from its rows in error one by one.
   */
  readonly findings: Sequence<Finding>;
  /** Only with a grant window: its ends (null where open). */
  readonly window?: WindowReport;
  readonly years: readonly CheckYear[];
  /** Only with a grant cap: the whole grant's standing, to the last year checked (reports/cap.ts). */
  readonly wholeGrant?: GrantStanding;
  /** With `--against`: the earlier reconciliation the closed periods were compared with (absent without it). */
  readonly against?: RestatementsReport['against'] & { readonly rowLevel: boolean };
}

/** Parses a `--fail-on` list; returns the unknown tokens as an error. */
export function parseFailOn(text: string): { ok: true; checks: CheckName[] } | { ok: false; unknown: string[] } {
  const tokens = text
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const unknown = tokens.filter((t) => t !== 'all' && !(CHECKS as readonly string[]).includes(t));
  if (unknown.length > 0 || tokens.length === 0) return { ok: false, unknown: tokens.length === 0 ? [''] : unknown };
  return { ok: true, checks: tokens.includes('all') ? [...CHECKS] : CHECKS.filter((c) => tokens.includes(c)) };
}

/** Runs every check over the ledger. */
export function buildCheck(
  ledger: Ledger,
  facts: readonly InputFacts[],
  config: GrantConfig,
  options: { readonly fy?: number; readonly failOn: readonly CheckName[]; readonly restatements?: RestatementsReport },
  generatedAt: string,
): CheckReport {
  const severity = (check: CheckName): Finding['severity'] => (options.failOn.includes(check) ? 'error' : 'warning');
  const { generatedAt: stamp, grant, ...base } = buildReportBase(ledger, facts, config.grant, generatedAt);
  const yearReports = reconcileYears(ledger, config, options.fy === undefined ? {} : { fy: options.fy });
  const years = yearReports.map(checkYear);
  const window = windowReportOf(config);
  const wholeGrant = wholeGrantOf(ledger, config, standingYear(ledger, yearReports));
  const found = new Map<CheckName, Sequence<Finding>>();
  found.set(
    'over-cap',
    [...years.flatMap((y) =>
      y.overCap > 0n
        ? [
            {
              check: 'over-cap',
              code: 'over-cap',
              severity: severity('over-cap'),
              file: null,
              line: null,
              message: `${y.year} actual ${formatMoney(y.ytdActual)} is ${formatMoney(y.overCap)} over its cap of ${formatMoney(y.cap)}`,
              hint: FINDING_HINTS['over-cap'],
            } satisfies Finding,
          ]
        : [],
    ), ...grantFindings(wholeGrant, 'over-cap', severity('over-cap'))],
  );
  if (options.restatements) found.set('closed-periods', closedPeriodFindings(options.restatements, config, severity('closed-periods')));
  // How many rows in error each row check covers, in one pass over their codes.
  const covered = new Map<CheckName, number>(ROW_CHECKS.map((c) => [c, 0]));
  for (let i = 0; i < ledger.errors.length; i++) {
    const check = checkOfRow(ledger.errors.code(i));
    covered.set(check, (covered.get(check) as number) + 1);
  }
  for (const check of ROW_CHECKS) found.set(check, rowFindings(ledger.errors, check, covered.get(check) as number, severity(check)));
  found.set(
    'payroll',
    payrollDifferencesOf(ledger, options.fy).map(payrollFinding(severity('payroll'))),
  );
  found.set(
    'projection',
    years.flatMap((y): Finding[] =>
      y.overCap === 0n && y.projectedOutturn > y.cap
        ? [
            {
              check: 'projection',
              code: 'projection',
              severity: severity('projection'),
              file: null,
              line: null,
              message: `${y.year} projected outturn ${formatMoney(y.projectedOutturn)} (run rate) would pass the cap of ${formatMoney(y.cap)}${y.projectionPassesCapIn ? ` in ${y.projectionPassesCapIn}` : ''}`,
              hint: FINDING_HINTS['projection'],
            },
          ]
        : [],
    ).concat(grantFindings(wholeGrant, 'projection', severity('projection'))),
  );
  found.set('cost-centres', config.costCentres === undefined ? [everyCostCentreFinding(ledger, options.fy, severity('cost-centres'))] : []);
  // Errors first, then warnings; each in the order of CHECKS.
  const failing = CHECKS.filter((c) => options.failOn.includes(c));
  const warning = CHECKS.filter((c) => !options.failOn.includes(c));
  const count = (checks: readonly CheckName[]): number => checks.reduce((n, c) => n + (found.get(c)?.length ?? 0), 0);
  const findings = joined<Finding>([...failing, ...warning].map((c) => found.get(c) ?? []));
  const errors = count(failing);
  return {
    schema: 'grant-recon/check@1',
    generatedAt: stamp,
    grant,
    failOn: [...options.failOn],
    status: errors > 0 ? 'fail' : 'pass',
    counts: { errors, warnings: count(warning) },
    findings,
    ...(window ? { window } : {}),
    years,
    ...(wholeGrant ? { wholeGrant } : {}),
    ...(options.restatements ? { against: { ...options.restatements.against, rowLevel: options.restatements.rowLevel } } : {}),
    ...base,
  };
}

/**
 * The findings of the whole grant against its grant cap: over it (`over-cap`), or, not over it, a projection that
 * would pass it (`projection`). None without a grant cap.
 */
function grantFindings(standing: GrantStanding | undefined, check: 'over-cap' | 'projection', severity: Finding['severity']): Finding[] {
  if (standing === undefined) return [];
  const cap = formatMoney(standing.cap);
  if (check === 'over-cap') {
    if (standing.overCap === 0n) return [];
    const message = `the whole grant: actual to date ${formatMoney(standing.actual)} is ${formatMoney(standing.overCap)} over its grant cap of ${cap}`;
    return [{ check, code: 'over-cap', severity, file: null, line: null, message, hint: FINDING_HINTS['over-cap'] }];
  }
  if (standing.overCap > 0n || standing.projectedOutturn <= standing.cap) return [];
  const message = `the whole grant: projected outturn ${formatMoney(standing.projectedOutturn)} (the earlier years' actual and this year's run rate) would pass the grant cap of ${cap}`;
  return [{ check, code: 'projection', severity, file: null, line: null, message, hint: FINDING_HINTS['projection'] }];
}

/**
 * The finding of a month and category whose payroll evidence disagrees with the GL pay postings: placed on the
 * first row of that evidence in the first payroll export that holds it; the other exports, if any, are named.
 */
function payrollFinding(severity: Finding['severity']): (held: PayrollDifference) => Finding {
  return (held) => {
    const d = payrollDifferenceReport(held);
    const others = held.files.slice(1);
    const also = others.length === 0 ? '' : `; the payroll evidence is also in ${others.join(', ')}`;
    return {
      check: 'payroll',
      code: 'payroll-difference',
      severity,
      file: held.files[0] as string,
      line: held.line,
      message: `${d.year} ${d.period} (${d.month}) ${d.category}: payroll ${formatMoney(d.payroll)} against GL pay postings ${formatMoney(d.gl)} (difference ${formatMoney(d.difference)})${also}`,
      hint: d.difference > 0n ? 'payroll shows more pay than the GL: is a pay journal missing from the GL export?' : 'the GL shows more pay than payroll: is a pay journal posted twice?',
    };
  };
}

/**
 * The finding of a configuration that names no grant cost centres: every cost centre's rows count as the grant's
 * (an export of another unit would be claimed as this one's), with the cost centres that did.
 */
function everyCostCentreFinding(ledger: Ledger, fy: number | undefined, severity: Finding['severity']): Finding {
  const counted = new Map<string, Pence>();
  for (const t of ledger.costCentres) if (fy === undefined || t.fy === fy) counted.set(t.costCentre, (counted.get(t.costCentre) ?? 0n) + t.amount);
  const list = [...counted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, amount]) => `${code} ${formatMoney(amount)}`);
  return {
    check: 'cost-centres',
    code: 'every-cost-centre',
    severity,
    file: null,
    line: null,
    message: `no grant cost centres are configured, so the rows of every cost centre count as the grant's${list.length > 0 ? `: ${list.join(', ')} included` : ''}`,
    hint: FINDING_HINTS['every-cost-centre'],
  };
}

/** How many row positions a closed-period finding names before it says how many more there are. */
const ROWS_NAMED = 5;

/**
 * A finding for each category of a closed period whose figure changed since the earlier reconciliation: the
 * period, the category, the net change, and (where both files have rows) the rows behind it, the first as the
 * finding's position.
 */
function closedPeriodFindings(restatements: RestatementsReport, config: GrantConfig, severity: Finding['severity']): Finding[] {
  const findings: Finding[] = [];
  for (const y of restatements.years) {
    const closed = config.years.find((g) => g.fy === y[FY])?.closedThrough;
    if (closed === undefined) continue;
    const lastClosed = throughPeriod(closed);
    for (const p of y.periods) {
      if (p[PERIOD] > lastClosed) continue;
      for (const c of p.categories) {
        if (c.restatement === 0n) continue;
        const first = c.changes[0];
        const at = first ? (first.after ?? first.before) : null;
        const named = c.changes.slice(0, ROWS_NAMED).map(describeChange);
        const more = c.changes.length > ROWS_NAMED ? `, and ${c.changes.length - ROWS_NAMED} more` : '';
        const rows = c.changes.length > 0 ? `; rows: ${named.join(', ')}${more}` : restatements.rowLevel ? '' : ' (the earlier file has no rows to say which)';
        findings.push({
          check: 'closed-periods',
          code: 'closed-period-restated',
          severity,
          file: at?.file ?? null,
          line: at?.line ?? null,
          message: `${y.year} ${p.period} (${p.month}) ${c.category} is closed but changed by ${formatMoney(c.restatement)} since ${restatements.against.file} (${formatMoney(c.earlier)} then, ${formatMoney(c.now)} now)${rows}`,
          hint: FINDING_HINTS['closed-period-restated'],
        });
      }
    }
  }
  return findings;
}

/** The checks of rows in error, by their code. */
const ROW_CHECKS = ['control-totals', 'conflicts', 'errors'] as const satisfies readonly CheckName[];

function checkOfRow(code: RowErrorCode): (typeof ROW_CHECKS)[number] {
  return code === 'control-total-mismatch' ? 'control-totals' : code === 'conflicting-duplicate' ? 'conflicts' : 'errors';
}

/** A finding for each of the `length` rows in error that `check` covers, in the order found, made as it is read. */
function rowFindings(errors: ErrorList, check: CheckName, length: number, severity: Finding['severity']): Sequence<Finding> {
  const covered: Sequence<RowError> = {
    length,
    *[Symbol.iterator]() {
      for (let i = 0; i < errors.length; i++) if (checkOfRow(errors.code(i)) === check) yield errors.at(i);
    },
  };
  return new MappedSequence(covered, (e): Finding => ({ check, code: e.code, severity, file: e.source.file, line: e.source.line, message: e.message, hint: e.hint ?? '' }));
}

function describeChange(change: RowChange): string {
  const row = change.after ?? change.before;
  return `${row ? `${row.file}:${row.line} ` : ''}${change.change} ${formatMoney(change.amount)}`;
}

function checkYear(y: YearReport): CheckYear {
  return {
    year: y.year,
    cap: y.cap,
    ytdActual: y.ytdActual,
    headroom: y.headroom,
    overCap: y.overCap,
    projectedOutturn: y.projectedOutturn,
    projectionPassesCapIn: y.projectionPassesCapIn,
  };
}

