/**
 * CSV layouts (documented in docs/csv-layouts.md). One long table per report with a `section` column, so one file
 * carries every figure of the JSON and still filters and pivots cleanly in a spreadsheet:
 *   section,year,period,month,category,item,rows,amount,detail
 */
import type { ApportionmentLine } from '../core/reports/apportioned.js';
import type { BudgetLine } from '../core/reports/budget.js';
import type { CheckReport } from '../core/reports/check.js';
import type { ClaimReport } from '../core/reports/claim.js';
import type { ClaimRegister } from '../core/reports/claim-register.js';
import type { RowReport, RowsReport } from '../core/reports/drill-down.js';
import { formatPence } from '../core/money.js';
import { chain, MappedSequence } from '../core/store/sequence.js';
import { inYearToDate, type ReconciliationReport, type WindowReport } from '../core/reports/reconcile.js';
import type { GrantStanding } from '../core/reports/cap.js';
import type { InputLines, ReportBase } from '../core/reports/report-base.js';
import type { RestatementsReport, RowAt, RowChange } from '../core/reports/restatement.js';
import { writeCsv } from './csv-cells.js';
import { budgetFlag } from './document.js';
import { gapWords } from './claim-words.js';

const HEADER = ['section', 'year', 'period', 'month', 'category', 'item', 'rows', 'amount', 'detail'] as const;
type Row = [string, string, string, string, string, string, string, string, string];

const row = (section: string, fields: Partial<Record<(typeof HEADER)[number], string | number>>): Row =>
  HEADER.map((h) => (h === 'section' ? section : String(fields[h] ?? ''))) as Row;

/** Renders the reconciliation as CSV. */
export function renderReconciliationCsv(report: ReconciliationReport): Iterable<string> {
  const rows: Row[] = [];
  for (const y of report.years) {
    for (const p of y.periods) {
      // A period after --to is outside the year to date: said on each of its lines.
      const detail = inYearToDate(y, p) ? '' : 'outside the year to date';
      for (const { category } of y.categories) {
        rows.push(row('period', { year: y.year, period: p.period, month: p.month, category, item: 'actual', amount: formatPence(p.categories[category] ?? 0n), detail }));
      }
      rows.push(row('period', { year: y.year, period: p.period, month: p.month, item: 'total', amount: formatPence(p.total), detail }));
    }
    for (const c of y.categories) {
      rows.push(row('year', { year: y.year, month: y.to ?? '', category: c.category, item: 'ytdActual', amount: formatPence(c.ytdActual) }));
      rows.push(row('year', { year: y.year, month: y.to ?? '', category: c.category, item: 'fromGl', amount: formatPence(c.gl) }));
      rows.push(row('year', { year: y.year, month: y.to ?? '', category: c.category, item: 'fromPayroll', amount: formatPence(c.payroll) }));
      rows.push(...budgetRows(y.year, '', c.category, c.budget));
    }
    const figures: Record<string, bigint> = { cap: y.cap, ...(y.capCarriedIn === undefined ? {} : { capCarriedIn: y.capCarriedIn }), ytdActual: y.ytdActual, headroom: y.headroom, overCap: y.overCap, projectedOutturn: y.projectedOutturn };
    for (const [item, amount] of Object.entries(figures)) rows.push(row('year', { year: y.year, month: y.to ?? '', item, amount: formatPence(amount) }));
    if (y.windowMonths) rows.push(row('year', { year: y.year, month: y.to ?? '', item: 'windowMonths', rows: y.windowMonths.elapsed, detail: `run rate over ${y.windowMonths.elapsed} of the window's ${y.windowMonths.inWindow} months in the year` }));
    if (y.projectionPassesCapIn) rows.push(row('year', { year: y.year, month: y.to ?? '', item: 'projectionPassesCapIn', detail: y.projectionPassesCapIn }));
    for (const c of y.costCentres) rows.push(row('costCentre', { year: y.year, month: y.to ?? '', item: c.costCentre, rows: c.rows, amount: formatPence(c.amount) }));
  }
  rows.push(...grantRows(report));
  rows.push(row('scope', { item: 'inReport', rows: report.scope.inReport.rows, amount: formatPence(report.scope.inReport.amount) }));
  rows.push(row('scope', { item: 'outside', rows: report.scope.outside.rows, amount: formatPence(report.scope.outside.amount) }));
  for (const d of report.payrollDifferences) {
    for (const [item, amount] of [['payrollGl', d.gl], ['payrollPayroll', d.payroll], ['payrollDifference', d.difference]] as const) {
      rows.push(row('payroll', { year: d.year, period: d.period, month: d.month, category: d.category, item, amount: formatPence(amount) }));
    }
  }
  rows.push(...apportionmentRows(report.apportionments));
  return writeCsv(HEADER, chain(rows, report.restatements ? restatementRows(report.restatements) : [], baseRows(report)));
}

/**
 * Each apportionment group as `apportionment` lines: `total`, `included` and `apportionedOut` (rows: the rows the
 * group split; detail: the rule, what it matches and its rate). None without apportionments.
 */
function apportionmentRows(lines: readonly ApportionmentLine[] | undefined): Row[] {
  return (lines ?? []).flatMap((l) => {
    const detail = `${l.rule}: ${l.match} at ${l.rate}`;
    return ([['total', l.total], ['included', l.included], ['apportionedOut', l.excluded]] as const).map(([item, amount]) =>
      row('apportionment', { year: l.year, period: l.period, month: l.month, item, rows: l.rows, amount: formatPence(amount), detail }),
    );
  });
}

/**
 * Restatements against an earlier reconciliation: an `against` line (the file; detail its SHA-256, and why rows
 * are not listed when they are not), a `restatement` line per FY, period and category restated (`restatement`;
 * detail then and now), per period (`total`, no category) and per FY (`total`, no period); a `change` line per
 * row behind them (item added, removed or changed; amount what it does to the figure; detail the row then and now).
 */
/** The restatements' rows, one by one as they are written (a row-level comparison can list a change for every row). */
function* restatementRows(r: RestatementsReport): Generator<Row> {
  yield row('against', { item: r.against.file, detail: `sha256:${r.against.sha256}${r.note ? `; ${r.note}` : '; row-level'}` });
  for (const y of r.years) {
    for (const p of y.periods) {
      for (const c of p.categories) {
        yield row('restatement', { year: y.year, period: p.period, month: p.month, category: c.category, item: 'restatement', amount: formatPence(c.restatement), detail: `then ${formatPence(c.earlier)}, now ${formatPence(c.now)}` });
        for (const change of c.changes) yield changeRow(y.year, p.period, p.month, c.category, change);
      }
      yield row('restatement', { year: y.year, period: p.period, month: p.month, item: 'total', amount: formatPence(p.restatement), detail: `then ${formatPence(p.earlier)}, now ${formatPence(p.now)}` });
    }
    yield row('restatement', { year: y.year, item: 'total', amount: formatPence(y.restatement), detail: y.reportedThrough === null ? 'no period reported' : `periods reported P01 to ${y.reportedThrough}` });
  }
}

/** A `change` line: a row behind a restatement (item added, removed or changed; detail the row then and now). */
function changeRow(year: string, period: string, month: string, category: string, change: RowChange): Row {
  const detail = [`row ${change.id}`, change.before ? `then ${rowAtText(change.before)}` : '', change.after ? `now ${rowAtText(change.after)}` : ''].filter((t) => t !== '').join('; ');
  return row('change', { year, period, month, category, item: change.change, rows: 1, amount: formatPence(change.amount), detail });
}

function rowAtText(r: RowAt): string {
  return `${r.file}:${r.line} ${formatPence(r.amount)} (${r.year} ${r.period} ${r.category})`;
}

/** A budget line's rows (`budget`, `variance`; the detail holds the percentage, any flag and any warning); none without a budget. */
function budgetRows(year: string, period: string, category: string, line: BudgetLine | null): Row[] {
  if (line === null) return [];
  const detail = `${line.variancePercent === null ? '' : `${line.variancePercent}%`} ${budgetFlag(line)?.text ?? ''}`.trim();
  return [
    row('budget', { year, period, category, item: 'budget', amount: formatPence(line.budget) }),
    row('budget', { year, period, category, item: 'variance', amount: formatPence(line.variance), detail }),
  ];
}

/** Renders the claim as CSV, with its totals and its cap. */
export function renderClaimCsv(report: ClaimReport): Iterable<string> {
  const period = report.period.label;
  const rows: Row[] = [];
  for (const c of report.categories) {
    rows.push(row('category', { year: report.year, period, category: c.category, item: 'periodActual', amount: formatPence(c.periodActual) }));
    rows.push(row('category', { year: report.year, period, category: c.category, item: 'cumulativeActual', amount: formatPence(c.cumulativeActual) }));
    rows.push(...budgetRows(report.year, period, c.category, c.budget));
  }
  for (const c of report.costCentres) rows.push(row('costCentre', { year: report.year, period, item: c.costCentre, rows: c.rows, amount: formatPence(c.amount) }));
  rows.push(...apportionmentRows(report.apportionments));
  rows.push(row('claim', { year: report.year, period, item: 'cap', amount: formatPence(report.cap) }));
  if (report.capCarriedIn !== undefined) rows.push(row('claim', { year: report.year, period, item: 'capCarriedIn', amount: formatPence(report.capCarriedIn) }));
  for (const [item, amount] of Object.entries(report.totals) as [string, bigint][]) rows.push(row('claim', { year: report.year, period, item, amount: formatPence(amount) }));
  // With a grant cap: what it keeps from the cumulative actual though the year's own cap has room (not claimable).
  if (report.wholeGrant) rows.push(row('claim', { year: report.year, period, item: 'heldByGrantCap', amount: formatPence(report.wholeGrant.heldByGrantCap) }));
  rows.push(...grantRows(report));
  for (const c of report.previousClaims) rows.push(row('previous', { year: report.year, period: c.period, item: 'claimDue', amount: formatPence(c.claimDue), detail: `${c.file} sha256:${c.sha256}` }));
  for (const r of report.priorPeriodRestatements) {
    rows.push(row('restatement', { year: report.year, category: r.category, item: 'restatement', amount: formatPence(r.restatement), detail: `claimed ${formatPence(r.claimed)}, now ${formatPence(r.now)}` }));
    for (const change of r.changes ?? []) rows.push(changeRow(report.year, '', '', r.category, change));
  }
  if (report.priorPeriodRows?.note) rows.push(row('restatement', { year: report.year, item: 'rows', detail: report.priorPeriodRows.note }));
  for (const note of report.notes) rows.push(row('note', { year: report.year, period, detail: note }));
  return writeCsv(HEADER, chain(rows, baseRows(report)));
}

/** Renders the check as CSV: one `finding` row each (item = code, rows = line, detail = severity: message), then each FY. */
export function renderCheckCsv(report: CheckReport): Iterable<string> {
  const findings = new MappedSequence(report.findings, (f) =>
    row('finding', { item: f.code, rows: f.line ?? '', detail: `${f.severity}: ${f.file === null ? '' : `${f.file}:${f.line ?? ''}: `}${f.message}` }),
  );
  const rows: Row[] = [];
  for (const y of report.years) {
    const figures: Record<string, bigint> = { cap: y.cap, ytdActual: y.ytdActual, headroom: y.headroom, overCap: y.overCap, projectedOutturn: y.projectedOutturn };
    for (const [item, amount] of Object.entries(figures)) rows.push(row('year', { year: y.year, item, amount: formatPence(amount) }));
  }
  rows.push(...grantRows(report));
  return writeCsv(HEADER, chain(findings, rows, baseRows(report, false)));
}

/**
 * The grant window (`window` lines: item from or to, detail the date) and the whole grant against its grant cap
 * (`grant` lines: item cap, actual, headroom, overCap, projectedOutturn, and in a claim claimedBefore and left),
 * where the configuration sets them; none otherwise.
 */
function grantRows(report: { readonly window?: WindowReport; readonly wholeGrant?: GrantStanding & { readonly claimedBefore?: bigint; readonly left?: bigint } }): Row[] {
  const rows: Row[] = [];
  if (report.window) {
    for (const end of ['from', 'to'] as const) rows.push(row('window', { item: end, detail: report.window[end] ?? 'open' }));
  }
  const g = report.wholeGrant;
  if (g) {
    const figures: [string, bigint | undefined][] = [['cap', g.cap], ['claimedBefore', g.claimedBefore], ['left', g.left], ['actual', g.actual], ['headroom', g.headroom], ['overCap', g.overCap], ['projectedOutturn', g.projectedOutturn]];
    for (const [item, amount] of figures) if (amount !== undefined) rows.push(row('grant', { item, amount: formatPence(amount) }));
  }
  return rows;
}

/** Renders the validation (the shared sections only) as CSV. */
export function renderValidationCsv(report: ReportBase): Iterable<string> {
  return writeCsv(HEADER, baseRows(report));
}

/** The shared sections, row by row as they are written (the duplicates are read from the ledger meanwhile). */
function* baseRows(report: ReportBase, listErrors = true): Generator<Row> {
  for (const e of report.exclusions) yield row('exclusion', { item: e.reason, rows: e.rows, amount: formatPence(e.amount) });
  if (listErrors) for (const e of report.errors) yield row('error', { item: e.code, rows: 1, detail: `${e.file}:${e.line}: ${e.message}` });
  for (const d of report.duplicates) yield row('duplicate', { item: 'duplicate', rows: 1, detail: `${d.file}:${d.line} repeats ${d.duplicateOf}` });
  for (const w of report.warnings.listed) yield row('warning', { item: w.code, rows: 1, detail: `${w.file}:${w.line}: ${w.message}` });
  for (const f of report.inputs) yield row('input', { item: f.file, rows: f.rows, amount: formatPence(f.total), detail: `sha256:${f.sha256}` });
  for (const f of report.inputs) yield row('lines', { item: f.file, rows: f.lines.physical, detail: lineDetail(f.lines) });
  const ct = report.controlTotals;
  yield row('control', { item: 'input', rows: report.rows.included + report.rows.excluded + report.rows.errors, amount: formatPence(ct.input) });
  yield row('control', { item: 'included', rows: report.rows.included, amount: formatPence(ct.included) });
  yield row('control', { item: 'excluded', rows: report.rows.excluded, amount: formatPence(ct.excluded) });
  yield row('control', { item: 'errors', rows: report.rows.errors, amount: formatPence(ct.errors) });
  if (ct.errorsAmountUnreadable > 0) yield row('control', { item: 'errorsAmountUnreadable', rows: ct.errorsAmountUnreadable, detail: 'rows in error whose amount could not be read: no money' });
}

/** Where an input's lines went, as a CSV detail: `header 1, metadata 0, data 38, …`. */
function lineDetail(lines: InputLines): string {
  return `header ${lines.header}, metadata ${lines.metadata}, data ${lines.data}, total ${lines.total}, footer ${lines.footer}, blank ${lines.blank}, continuation ${lines.continuation}`;
}

const ROWS_HEADER = [
  'section', 'file', 'line', 'outcome', 'reason', 'category', 'year', 'period', 'month', 'rows', 'amount', 'detail',
  'documentNumber', 'documentLine', 'supplier', 'description', 'account', 'accountName', 'costCentre', 'costCentreName', 'payElement', 'why',
] as const;
/** The columns after `detail`, which only `row` lines fill: what the row is, and why it has its outcome. */
const ROW_ONLY = ROWS_HEADER.length - 12;

/**
 * Renders the drill-down as CSV: its own layout, one `row` line per matching row (detail: the row a duplicate
 * repeats; then what the row is and why, whole), then the `total` line (rows and amount: the figure drilled into),
 * then an `input` line per file.
 */
export function renderRowsCsv(report: RowsReport): Iterable<string> {
  if (report.apportionments === undefined) return writeCsv(ROWS_HEADER, drillDownRows(report));
  // With apportionments configured, each row also gives its whole amount, its two parts and the rate (empty for a
  // row none split).
  const parts = (r: RowReport): string[] => {
    const a = r.apportionment;
    return a ? [formatPence(a.amount), formatPence(a.included), formatPence(a.excluded), a.rate] : ['', '', '', ''];
  };
  return writeCsv([...ROWS_HEADER, ...APPORTIONED_COLUMNS], drillDownRows(report, parts, ['', '', '', '']));
}

/** The columns a drill-down adds when apportionments are configured. */
const APPORTIONED_COLUMNS = ['rowAmount', 'includedPart', 'apportionedOut', 'rate'] as const;

/**
 * The drill-down's CSV lines, row by row as they are written (the matches are read meanwhile); `extra` cells after
 * each row's, and `blank` after every other line's.
 */
function* drillDownRows(report: RowsReport, extra: (r: RowReport) => string[] = () => [], blank: readonly string[] = []): Generator<(string | number)[]> {
  for (const r of report.rows) {
    yield [...drillDownRow(r), ...extra(r)];
  }
  const unreadable = report.total.amountUnreadable;
  const none: string[] = Array.from({ length: ROW_ONLY }, () => '');
  yield ['total', '', '', '', '', '', '', '', '', report.total.rows, formatPence(report.total.amount), unreadable === 0 ? '' : `${unreadable} of the rows with no amount that could be read`, ...none, ...blank];
  for (const i of report.inputs) yield ['input', i.file, '', '', '', '', '', '', '', i.rows, formatPence(i.total), `sha256:${i.sha256}`, ...none, ...blank];
  for (const i of report.inputs) yield ['lines', i.file, '', '', '', '', '', '', '', i.lines.physical, '', lineDetail(i.lines), ...none, ...blank];
}

/** One matching row's CSV cells, in ROWS_HEADER order. */
function drillDownRow(r: RowReport): (string | number)[] {
  return [
    'row', r.file, r.line, r.outcome, r.reason ?? '', r.category ?? '', r.year ?? '', r.period ?? '', r.month ?? '', 1,
    r.amount === null ? '' : formatPence(r.amount),
    r.amount === null ? 'no amount that could be read' : (r.duplicateOf ?? (r.rule === null ? '' : `rule: ${r.rule}`)),
    r.documentNumber ?? '', r.documentLine ?? '', r.supplier ?? '', r.description ?? '', r.account ?? '', r.accountName ?? '',
    r.costCentre ?? '', r.costCentreName ?? '', r.payElement ?? '', r.why ?? '',
  ];
}

/**
 * Renders the claim register as CSV in the common layout: per claim `claimDue`, `cumulativeClaimed` and
 * `remaining` (period = the claim's label; detail = file and dates), per FY `cap` (with a carry-forward also
 * `capCarriedIn`; with a grant cap `grantLeft`), `claimed` and `remaining`, then `gap`, `overlap`, `contradicted`
 * (item the file) and `skipped` lines.
 */
export function renderClaimRegisterCsv(register: ClaimRegister): Iterable<string> {
  const rows: Row[] = [];
  for (const y of register.years) {
    for (const c of y.claims) {
      const detail = `${c.file} (${c.from} to ${c.to}) sha256:${c.sha256}`;
      rows.push(row('claim', { year: y.year, period: c.period, item: 'claimDue', amount: formatPence(c.claimDue), detail }));
      rows.push(row('claim', { year: y.year, period: c.period, item: 'cumulativeClaimed', amount: formatPence(c.cumulativeClaimed), detail }));
      if (c.remaining !== null) rows.push(row('claim', { year: y.year, period: c.period, item: 'remaining', amount: formatPence(c.remaining), detail }));
    }
    if (y.cap !== null) rows.push(row('year', { year: y.year, item: 'cap', amount: formatPence(y.cap) }));
    if (y.capCarriedIn !== undefined) rows.push(row('year', { year: y.year, item: 'capCarriedIn', amount: formatPence(y.capCarriedIn) }));
    if (y.grantLeft !== undefined) rows.push(row('year', { year: y.year, item: 'grantLeft', amount: formatPence(y.grantLeft) }));
    rows.push(row('year', { year: y.year, item: 'claimed', amount: formatPence(y.claimed) }));
    if (y.remaining !== null) rows.push(row('year', { year: y.year, item: 'remaining', amount: formatPence(y.remaining) }));
    for (const g of y.gaps) rows.push(row('gap', { year: y.year, item: 'gap', detail: gapWords(g) }));
    for (const o of y.overlaps) rows.push(row('overlap', { year: y.year, period: o.period, item: 'overlap', detail: o.message }));
    for (const c of [...(y.capChecks ?? []), ...(y.historyChecks ?? [])]) rows.push(row('contradicted', { year: y.year, period: c.period, item: c.file, detail: c.message }));
  }
  for (const s of register.skipped) rows.push(row('skipped', { item: s.file, detail: s.reason }));
  return writeCsv(HEADER, rows);
}
