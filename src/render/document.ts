/**
 * A report as a document of headings, lines and tables, built once and written as Markdown or as a terminal
 * table, so both carry the same figures in the same order.
 */
import type { CheckReport, Finding } from '../core/reports/check.js';
import type { ClaimReport } from '../core/reports/claim.js';
import type { ClaimRegister } from '../core/reports/claim-register.js';
import type { ApportionmentLine } from '../core/reports/apportioned.js';
import type { RowReport, RowsReport } from '../core/reports/drill-down.js';
import { formatCount, formatMoney } from '../core/money.js';
import { inYearToDate, type CostCentreLine, type ReconciliationReport, type WindowReport, type YearReport } from '../core/reports/reconcile.js';
import type { GrantStanding } from '../core/reports/cap.js';
import { linesAccountedFor } from '../core/line-tally.js';
import type { InputReport, ReportBase } from '../core/reports/report-base.js';
import type { RestatementsReport, RowAt, RowChange } from '../core/reports/restatement.js';
import type { Category } from '../core/types.js';
import type { BudgetLine } from '../core/reports/budget.js';
import { firstOf, type Sequence } from '../core/store/sequence.js';
import { titleOf, type CategoryTitles } from './category-titles.js';
import { claimColumnTitles, claimMeasures, claimScopeWords, finalClaimWords, frequencyWords, gapWords, type ClaimMeasure } from './claim-words.js';

/** How a piece of text should stand out, where the medium can show it. */
export type Tone = 'plain' | 'good' | 'warn' | 'bad' | 'dim';

/** One block of a document. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  /**
   * A text. `forAnalyst` marks what is for the analyst's formats and not the printable statement sent to the
   * funder: a command to run next, a note on the options a claim was made with.
   */
  | { readonly kind: 'text'; readonly text: string; readonly tone?: Tone; readonly forAnalyst?: true }
  | { readonly kind: 'table'; readonly columns: readonly Column[]; readonly rows: readonly (readonly Cell[])[] }
  /** A chart of a FY, drawn where the medium can (HTML); the figures it shows are in the tables beside it. */
  | { readonly kind: 'figure'; readonly chart: 'cumulative' | 'monthly'; readonly year: YearReport; readonly titles: CategoryTitles };

/** A table column. */
export interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
  /**
   * The most characters a cell of it shows in a terminal table or Markdown, longer text ending in `…`; HTML shows
   * the whole text (a page wraps it), as JSON and CSV do.
   */
  readonly maxWidth?: number;
  /** Its cells hold file paths (`file` or `file:line`): HTML lets only these break anywhere, so other columns keep their words. */
  readonly path?: true;
}

/** `text` cut to at most `maxWidth` characters, ending in `…` when cut (never inside a surrogate pair). */
export function clipped(text: string, maxWidth: number | undefined): string {
  if (maxWidth === undefined || text.length <= maxWidth) return text;
  let end = maxWidth - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** A table cell: text, and a tone to show it in. */
export type Cell = string | { readonly text: string; readonly tone: Tone };

/** A hint at the command that goes further (the rows behind a figure): dim, and left out of the printable statement. */
const commandHint = (text: string): Block => ({ kind: 'text', text, tone: 'dim', forAnalyst: true });

const left = (title: string): Column => ({ title, align: 'left' });
const right = (title: string): Column => ({ title, align: 'right' });
const pathColumn = (title: string): Column => ({ title, align: 'left', path: true });

/**
 * Rows in error, duplicates, drill-down rows and findings listed in a table, Markdown or HTML report (and in
 * JUnit and GitHub annotations), at most: past that a page is no longer read but searched, and the JSON and CSV
 * list them all. An export given twice has a million duplicates.
 */
export const LISTED = 1000;

/** What is said under a list cut at LISTED of `count` items. */
export const listedText = (count: number, what = ''): string => `The first ${LISTED} of ${count}${what} are listed here; the JSON and CSV formats list them all.`;

const listedNote = (count: number, what = ''): Block => ({ kind: 'text', text: listedText(count, what), tone: 'dim' });

/** The first LISTED items as table rows, and the note that says how many there are when that is not all. */
function listed<T>(items: Sequence<T>, toRow: (item: T) => Cell[], what = ''): { readonly rows: Cell[][]; readonly more: Block[] } {
  return { rows: Array.from(firstOf(items, LISTED), toRow), more: items.length > LISTED ? [listedNote(items.length, what)] : [] };
}


/** The reconciliation as a document. */
export function reconciliationDocument(report: ReconciliationReport, titles: CategoryTitles): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Grant reconciliation: ${grantTitle(report)}` },
    { kind: 'text', text: `Generated ${report.generatedAt}`, tone: 'dim' },
    ...windowBlocks(report.window),
  ];
  for (const y of report.years) {
    blocks.push({ kind: 'heading', level: 2, text: `Financial year ${y.year} (cap ${formatMoney(y.cap)})` });
    blocks.push({ kind: 'figure', chart: 'cumulative', year: y, titles }, { kind: 'figure', chart: 'monthly', year: y, titles });
    // The month table holds the year to date, its total line the sum of the lines above it; with --to the later
    // periods are shown apart, outside the year to date.
    const ids = y.categories.map((c) => c.category);
    const monthColumns = [left('Period'), left('Month'), ...ids.map((c) => right(titleOf(titles, c))), right('Total')];
    const monthRow = (p: YearReport['periods'][number]): Cell[] => [p.period, p.month, ...ids.map((c) => formatMoney(p.categories[c] ?? 0n)), formatMoney(p.total)];
    blocks.push({
      kind: 'table',
      columns: monthColumns,
      rows: [
        ...y.periods.filter((p) => inYearToDate(y, p)).map(monthRow),
        ['Year', y.to ? `to ${y.to}` : 'all', ...y.categories.map((c) => formatMoney(c.ytdActual)), formatMoney(y.ytdActual)],
      ],
    });
    const after = y.periods.filter((p) => !inYearToDate(y, p));
    if (after.length > 0) {
      blocks.push({ kind: 'text', text: `After ${y.to ?? ''}: outside the year to date, and in none of the figures below.`, tone: 'dim' });
      blocks.push({ kind: 'table', columns: monthColumns, rows: after.map(monthRow) });
    }
    const over = y.overCap > 0n;
    blocks.push({
      kind: 'table',
      columns: [left('Measure'), right('Amount')],
      rows: [
        [`Year to date${y.to ? ` (P01 to ${y.to})` : ''}`, formatMoney(y.ytdActual)],
        ['Cap', formatMoney(y.cap)],
        ...(y.capCarriedIn === undefined ? [] : [['Of which carried from the year before', formatMoney(y.capCarriedIn)]]),
        ['Headroom', formatMoney(y.headroom)],
        ['Over cap', { text: formatMoney(y.overCap), tone: over ? 'bad' : 'plain' }],
        [projectionWords(y), { text: formatMoney(y.projectedOutturn), tone: y.projectedOutturn > y.cap ? 'warn' : 'plain' }],
      ],
    });
    if (y.capPassedIn) blocks.push({ kind: 'text', text: `Cumulative actual passes the cap in ${y.capPassedIn}.`, tone: 'bad' });
    if (y.projectionPassesCapIn) {
      blocks.push({ kind: 'text', text: `At the run rate the year passes its cap in ${y.projectionPassesCapIn}: projected outturn ${formatMoney(y.projectedOutturn)} against the cap of ${formatMoney(y.cap)}.`, tone: 'warn' });
    }
    blocks.push(...costCentreBlocks(y.costCentres, `Year to date${y.to ? ` (P01 to ${y.to})` : ''}`));
    blocks.push(...budgetBlocks(y.categories.map((c) => ({ category: c.category, actual: c.ytdActual, budget: c.budget })), titles));
    if (report.inputs.some((f) => f.profile === 'payroll')) {
      blocks.push({
        kind: 'table',
        columns: [left('Where the money came from'), right('GL'), right('Payroll'), right('Total')],
        rows: y.categories.map((c) => [titleOf(titles, c.category), formatMoney(c.gl), formatMoney(c.payroll), formatMoney(c.ytdActual)]),
      });
    }
  }
  blocks.push(...wholeGrantBlocks(report.wholeGrant, standingWords(report.wholeGrant, report.years)));
  if (report.payrollDifferences.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: `Payroll against GL pay postings (${report.payrollDifferences.length})` });
    blocks.push({
      kind: 'text',
      text: 'Where the GL has pay postings for a month and category, the payroll lines are its evidence (excluded as payroll-evidence). These disagree:',
    });
    blocks.push({
      kind: 'table',
      columns: [left('Year'), left('Period'), left('Month'), left('Category'), right('GL pay postings'), right('Payroll'), right('Difference')],
      rows: report.payrollDifferences.map((d) => [d.year, d.period, d.month, titleOf(titles, d.category), formatMoney(d.gl), formatMoney(d.payroll), { text: formatMoney(d.difference), tone: 'bad' }]),
    });
    const first = report.payrollDifferences[0];
    if (first) {
      blocks.push(commandHint(`The rows behind one: grant-recon rows FILES… --month ${first.month} --category ${first.category} --reason payroll-evidence (the payroll), or --outcome included (the GL postings).`));
    }
  }
  if (report.restatements) blocks.push(...restatementBlocks(report.restatements, titles));
  blocks.push(...apportionmentBlocks(report.apportionments, 'the years reported'));
  return [...blocks, ...scopeBlocks(report), ...baseBlocks(report)];
}

/**
 * Each apportionment rule's groups: the rate, the rows split, their total and its included and apportioned-out
 * parts. Nothing when no apportionment is configured.
 */
function apportionmentBlocks(lines: readonly ApportionmentLine[] | undefined, scope: string): Block[] {
  if (lines === undefined) return [];
  const sum = (pick: (l: ApportionmentLine) => bigint): bigint => lines.reduce((s, l) => s + pick(l), 0n);
  return [
    { kind: 'heading', level: 2, text: `Apportioned costs (${lines.length} group${lines.length === 1 ? '' : 's'})` },
    {
      kind: 'text',
      text: `Rows charged to the grant at a rate, by rule and period, over ${scope}: the included part is the rate of the group's total, rounded half away from zero; the rest is excluded as apportioned-out.`,
    },
    {
      kind: 'table',
      columns: [left('Rule'), left('Matches'), right('Rate'), left('Year'), left('Period'), left('Month'), right('Rows'), right('Total'), right('Included'), right('Apportioned out')],
      rows: [
        ...lines.map((l): Cell[] => [l.rule, l.match, l.rate, l.year, l.period, l.month, String(l.rows), formatMoney(l.total), formatMoney(l.included), formatMoney(l.excluded)]),
        ['Total', '', '', '', '', '', String(lines.reduce((s, l) => s + l.rows, 0)), formatMoney(sum((l) => l.total)), formatMoney(sum((l) => l.included)), formatMoney(sum((l) => l.excluded))],
      ],
    },
  ];
}

/** The projection's label: the months its run rate is over (of the grant window's months in the year, with one). */
export function projectionWords(y: Pick<YearReport, 'monthsElapsed' | 'windowMonths'>): string {
  const w = y.windowMonths;
  if (w !== undefined) return `Projected outturn (run rate over ${w.elapsed} of the window's ${w.inWindow} month${w.inWindow === 1 ? '' : 's'} in the year)`;
  return `Projected outturn (run rate over ${y.monthsElapsed} month${y.monthsElapsed === 1 ? '' : 's'})`;
}

/** The grant window, where the configuration sets one: its ends, and what becomes of the rows outside it. */
function windowBlocks(window: WindowReport | undefined): Block[] {
  return window === undefined ? [] : [{ kind: 'text', text: windowWords(window) }];
}

/** The grant window in words, the same in every format that writes it. */
export function windowWords(window: WindowReport): string {
  const ends = `${window.from ?? "the start of the grant's years"} to ${window.to ?? "the end of the grant's years"}`;
  return `Grant window: ${ends}. Rows outside it are excluded as outside-grant-window.`;
}

/** What a whole-grant standing runs to: the earlier years with all their data, and its last year to its date. */
function standingWords(standing: GrantStanding | undefined, years: readonly Pick<YearReport, 'year' | 'to'>[]): string {
  const to = years.find((y) => y.year === standing?.through)?.to;
  return `the grant's years to ${standing?.through ?? ''}${to ? `, to ${to}` : ''}`;
}

/** The whole grant against its grant cap, where the configuration sets one. */
function wholeGrantBlocks(standing: GrantStanding | undefined, covers: string): Block[] {
  if (standing === undefined) return [];
  return [
    { kind: 'heading', level: 2, text: `Whole grant (grant cap ${formatMoney(standing.cap)})` },
    {
      kind: 'table',
      columns: [left('Measure'), left('Covers'), right('Amount')],
      rows: [
        ['Grant cap', "all the grant's years", formatMoney(standing.cap)],
        ['Actual to date', covers, formatMoney(standing.actual)],
        ['Headroom', covers, formatMoney(standing.headroom)],
        ['Over grant cap', covers, { text: formatMoney(standing.overCap), tone: standing.overCap > 0n ? 'bad' : 'plain' }],
        ['Projected outturn', "the earlier years' actual and the last year's run rate", { text: formatMoney(standing.projectedOutturn), tone: standing.projectedOutturn > standing.cap ? 'warn' : 'plain' }],
      ],
    },
  ];
}

/** What of the included money lies in the report's months, when some lies outside them (another FY, after --to). */
function scopeBlocks(report: ReconciliationReport): Block[] {
  const { inReport, outside } = report.scope;
  if (outside.rows === 0 && outside.amount === 0n) return [];
  const rows = (n: number): string => `${formatCount(n)} row${n === 1 ? '' : 's'}`;
  const months = report.years.map((y) => `${y.year}${y.to ? ` up to ${y.to}` : ''}`).join(' and ');
  return [
    {
      kind: 'text',
      text: `The report's months (${months}) hold ${formatMoney(inReport.amount)} of the included money (${rows(inReport.rows)}); the other ${formatMoney(outside.amount)} (${rows(outside.rows)}) lies in months or years outside them. Where every row went, below, is over every input row.`,
    },
  ];
}

/** What changed in the periods an earlier reconciliation reported: per FY, period and category, and the rows behind it. */
function restatementBlocks(r: RestatementsReport, titles: CategoryTitles): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: `Restated since ${r.against.file}${r.against.generatedAt ? ` (generated ${r.against.generatedAt})` : ''}` },
  ];
  if (r.note) blocks.push({ kind: 'text', text: `Figures only: ${r.note}.`, tone: 'warn' });
  if (r.years.length === 0) blocks.push({ kind: 'text', text: 'The earlier file reports none of the financial years of this reconciliation: nothing to compare.', tone: 'warn' });
  for (const y of r.years) {
    const through = y.reportedThrough === null ? 'it reported no period of the year' : `the periods it reported, P01 to ${y.reportedThrough}`;
    if (y.periods.length === 0) {
      blocks.push({ kind: 'text', text: `${y.year}: nothing changed in ${through}.`, tone: 'good' });
      continue;
    }
    blocks.push({ kind: 'text', text: `${y.year}: restated by ${formatMoney(y.restatement)} in ${through}.`, tone: 'warn' });
    blocks.push({
      kind: 'table',
      columns: [left('Year'), left('Period'), left('Month'), left('Category'), right('Then'), right('Now'), right('Restatement')],
      rows: y.periods.flatMap((p) => [
        ...p.categories.map((c): Cell[] => [y.year, p.period, p.month, titleOf(titles, c.category), formatMoney(c.earlier), formatMoney(c.now), { text: formatMoney(c.restatement), tone: c.restatement === 0n ? 'plain' : 'warn' }]),
        [y.year, p.period, p.month, 'Period total', formatMoney(p.earlier), formatMoney(p.now), formatMoney(p.restatement)],
      ]),
    });
    if (r.rowLevel) blocks.push(...rowChangeBlocks(y.periods.flatMap((p) => p.categories.flatMap((c) => c.changes.map((change) => ({ where: `${y.year} ${p.period}`, category: c.category, change })))), titles));
  }
  return blocks;
}

/** The row changes behind restatements: what each row was, what it is, and what it does to the figure. */
function rowChangeBlocks(changes: readonly { where: string; category: Category; change: RowChange }[], titles: CategoryTitles): Block[] {
  if (changes.length === 0) return [];
  // A row-level comparison can list a change for every row of an export: the first LISTED, and how many there are.
  const { rows, more } = listed(changes, ({ where, category, change }) => [
    where,
    titleOf(titles, category),
    change.change,
    shownIdentity(change.id),
    change.before ? describeRowAt(change.before) : '',
    change.after ? describeRowAt(change.after) : '',
    formatMoney(change.amount),
  ], ' row changes');
  return [{ kind: 'table', columns: [left('Rows behind it'), left('Category'), left('Change'), left('Row'), pathColumn('Then'), pathColumn('Now'), right('Amount')], rows }, ...more];
}

/** A row key as written; a content hash shortened (it names no one, and is only for matching). */
export function shownIdentity(id: string): string {
  return id.startsWith('key:') ? id.slice(4) : `#${id.slice(5, 17)}`;
}

/** Where a row was and what it held: `file:line £amount (period category)`. */
export function describeRowAt(row: RowAt): string {
  return `${row.file}:${row.line} ${formatMoney(row.amount)} (${row.period} ${row.category})`;
}

/** The claim statement as a document. */
export function claimDocument(report: ClaimReport, categoryTitles: CategoryTitles): Block[] {
  const t = report.totals;
  // The claim due stands out (a repayment as a warning), and so does money over the cap.
  const toned = ({ measure, amount }: ClaimMeasure): Tone | undefined =>
    measure === 'claimDue' ? (amount < 0n ? 'warn' : 'good') : measure === 'overCap' || measure === 'grantOverCap' ? (amount > 0n ? 'bad' : 'plain') : undefined;
  const titles = claimColumnTitles(report);
  const final = finalClaimWords(report);
  return [
    { kind: 'heading', level: 1, text: `Grant claim: ${grantTitle(report)}` },
    { kind: 'text', text: `Financial year ${report.year}, claim period ${report.period.label} (${report.period.from} to ${report.period.to})${frequencyWords(report)}` },
    ...(final === null ? [] : [{ kind: 'text', text: final } satisfies Block]),
    { kind: 'text', text: `Generated ${report.generatedAt}`, tone: 'dim' },
    ...windowBlocks(report.window),
    {
      kind: 'table',
      columns: [left('Category'), right(titles.period), right(titles.cumulative)],
      rows: [
        ...report.categories.map((c) => [titleOf(categoryTitles, c.category), formatMoney(c.periodActual), formatMoney(c.cumulativeActual)]),
        ['Total', formatMoney(t.periodActual), formatMoney(t.cumulativeActual)],
      ],
    },
    {
      kind: 'table',
      columns: [left('Claim'), left('Covers'), right('Amount')],
      rows: claimMeasures(report).map((m): Cell[] => {
        const tone = toned(m);
        return [m.label, m.covers, tone === undefined ? formatMoney(m.amount) : { text: formatMoney(m.amount), tone }];
      }),
    },
    ...report.notes.map((text): Block => ({ kind: 'text', text: `Note: ${text}`, tone: 'warn', forAnalyst: true })),
    ...costCentreBlocks(report.costCentres, titles.cumulative),
    ...apportionmentBlocks(report.apportionments, `${report.year} from P01 to the end of the claim period`),
    ...budgetBlocks(report.categories.map((c) => ({ category: c.category, actual: c.cumulativeActual, budget: c.budget })), categoryTitles),
    ...claimHistoryBlocks(report, categoryTitles),
    { kind: 'text', text: claimScopeWords(report) },
    ...baseBlocks(report),
  ];
}

/** Budget against actual per category, where the configuration sets budgets; lines beyond tolerance, and lines nothing feeds, flagged. */
function budgetBlocks(lines: readonly { category: Category; actual: bigint; budget: BudgetLine | null }[], titles: CategoryTitles): Block[] {
  const budgeted = lines.filter((l): l is { category: Category; actual: bigint; budget: BudgetLine } => l.budget !== null);
  if (budgeted.length === 0) return [];
  return [
    {
      kind: 'table',
      columns: [left('Budget line'), right('Budget'), right('Actual'), right('Variance'), right('Variance %'), left('')],
      rows: budgeted.map((l) => [
        titleOf(titles, l.category),
        formatMoney(l.budget.budget),
        formatMoney(l.actual),
        { text: formatMoney(l.budget.variance), tone: l.budget.variance > 0n ? 'warn' : 'plain' },
        l.budget.variancePercent === null ? '' : `${l.budget.variancePercent}%`,
        budgetFlag(l.budget) ?? '',
      ]),
    },
  ];
}

/**
 * What a reader must know of a budget line, in every format that shows budgets: that nothing feeds it (its actual
 * is always 0.00), or that it is overspent beyond the virement tolerance; nothing otherwise.
 */
export function budgetFlag(line: BudgetLine): { readonly text: string; readonly tone: Tone } | undefined {
  if (line.warning !== undefined) return { text: line.warning, tone: 'warn' };
  return line.overTolerance ? { text: 'overspent beyond the virement tolerance', tone: 'bad' } : undefined;
}

function claimHistoryBlocks(report: ClaimReport, titles: CategoryTitles): Block[] {
  if (report.previousClaims.length === 0) return [];
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Earlier claims of the year' },
    {
      kind: 'table',
      columns: [left('Claim'), left('From'), left('To'), right('Claim due'), pathColumn('File')],
      rows: [
        ...report.previousClaims.map((c) => [c.period, c.from, c.to, formatMoney(c.claimDue), c.file]),
        ['Previously claimed', '', '', formatMoney(report.totals.previouslyClaimed), ''],
      ],
    },
  ];
  for (const gap of report.unclaimedGaps) {
    blocks.push({ kind: 'text', text: `No earlier claim covers ${gapWords(gap)}: this claim's due takes it in.`, tone: 'warn' });
  }
  if (report.priorPeriodRestatements.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [left('Restated since the latest earlier claim'), right('Claimed then'), right('Ledger now'), right('Restatement')],
      rows: report.priorPeriodRestatements.map((r) => [
        titleOf(titles, r.category),
        formatMoney(r.claimed),
        formatMoney(r.now),
        { text: formatMoney(r.restatement), tone: r.restatement === 0n ? 'plain' : 'warn' },
      ]),
    });
  }
  const rows = report.priorPeriodRows;
  if (rows?.note) blocks.push({ kind: 'text', text: `Figures only: ${rows.note}.`, tone: 'warn' });
  if (rows?.listed) {
    const changes = report.priorPeriodRestatements.flatMap((r) => (r.changes ?? []).map((change) => ({ where: report.year, category: r.category, change })));
    if (changes.length === 0) blocks.push({ kind: 'text', text: 'No row has moved since the latest earlier claim.', tone: 'good' });
    blocks.push(...rowChangeBlocks(changes, titles));
  }
  return blocks;
}

/** The validation as a document: the shared sections only (without the errors table where they are listed above it). */
export function validationDocument(report: ReportBase, errorsListedAbove = false): Block[] {
  return [
    { kind: 'heading', level: 1, text: `Validation: ${grantTitle(report)}` },
    { kind: 'text', text: `Generated ${report.generatedAt}`, tone: 'dim' },
    ...baseBlocks(report, !errorsListedAbove),
  ];
}

/** The check as a document: findings grouped by file, the worst group first, then each FY's standing. */
export function checkDocument(report: CheckReport): Block[] {
  const { errors, warnings } = report.counts;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (fail on: ${report.failOn.join(', ') || 'nothing'})`;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Check: ${grantTitle(report)}` },
    { kind: 'text', text: `Generated ${report.generatedAt}`, tone: 'dim' },
    { kind: 'text', text: report.status === 'pass' ? `PASS: ${summary}` : `FAIL: ${summary}`, tone: report.status === 'pass' ? 'good' : 'bad' },
    ...windowBlocks(report.window),
  ];
  // The first LISTED findings of files in the report's order (the most serious first), and every finding of the
  // grant years (a few), grouped by file.
  const shown: Finding[] = [];
  let inFiles = 0;
  for (const f of report.findings) {
    if (f.file === null || inFiles++ < LISTED) shown.push(f);
  }
  for (const [where, findings] of groupByFile(shown)) {
    blocks.push({ kind: 'heading', level: 2, text: where ?? 'Grant years' });
    blocks.push({
      kind: 'table',
      columns: [left('Line'), left('Severity'), left('Code'), left('Problem'), left('Hint')],
      rows: findings.map((f) => [
        f.line === null ? '' : String(f.line),
        { text: f.severity, tone: f.severity === 'error' ? 'bad' : 'warn' },
        f.code,
        f.message,
        { text: f.hint, tone: 'dim' },
      ]),
    });
  }
  if (inFiles > LISTED) blocks.push(listedNote(inFiles, ' findings in files, the most serious first,'));
  blocks.push({ kind: 'heading', level: 2, text: 'Financial years' });
  blocks.push({
    kind: 'table',
    columns: [left('Year'), right('Cap'), right('Actual'), right('Headroom'), right('Over cap'), right('Projected outturn'), left('Projection passes cap in')],
    rows: report.years.map((y) => [
      y.year,
      formatMoney(y.cap),
      formatMoney(y.ytdActual),
      formatMoney(y.headroom),
      { text: formatMoney(y.overCap), tone: y.overCap > 0n ? 'bad' : 'plain' },
      formatMoney(y.projectedOutturn),
      y.projectionPassesCapIn ?? '',
    ]),
  });
  blocks.push(...wholeGrantBlocks(report.wholeGrant, standingWords(report.wholeGrant, [])));
  return [...blocks, ...baseBlocks(report, false)];
}

/** Findings grouped by file (file-less first when it holds the worst), groups in order of their worst finding. */
function groupByFile(findings: readonly Finding[]): Map<string | null, Finding[]> {
  const groups = new Map<string | null, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.file);
    if (list) list.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}

function grantTitle(report: Pick<ReportBase, 'grant'>): string {
  return `${report.grant.reference} ${report.grant.name} (${report.grant.funder} to ${report.grant.recipient})`;
}

function baseBlocks(report: ReportBase, listErrors = true): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Where every row went' }];
  const ct = report.controlTotals;
  const totalRows = report.rows.included + report.rows.excluded + report.rows.errors;
  blocks.push({
    kind: 'table',
    columns: [left('Outcome'), right('Rows'), right('Amount')],
    rows: [
      ['Included', String(report.rows.included), formatMoney(ct.included)],
      ...report.exclusions.map((e) => [`Excluded: ${e.reason}`, String(e.rows), formatMoney(e.amount)]),
      ...errorRows(report.rows.errors, ct),
      ['Input total', String(totalRows), formatMoney(ct.input)],
    ],
  });
  blocks.push(controlTotalsLine(ct));
  if (report.exclusions.length > 0) {
    blocks.push(commandHint(`The rows behind an exclusion: grant-recon rows FILES… --reason ${report.exclusions[0]?.reason ?? 'duplicate'} (any reason above).`));
  }
  if (listErrors && report.errors.length > 0) {
    const errors = listed(report.errors, (e) => [`${e.file}:${e.line}`, { text: e.code, tone: 'bad' }, e.message]);
    blocks.push({ kind: 'heading', level: 2, text: `Rows in error (${report.errors.length})` });
    blocks.push({ kind: 'table', columns: [pathColumn('Position'), left('Code'), left('Problem')], rows: errors.rows }, ...errors.more);
    blocks.push(commandHint('All of them, with hints: grant-recon validate FILES…; as rows: grant-recon rows FILES… --outcome error.'));
  }
  if (report.warnings.count > 0) {
    const { count, listed: shown } = report.warnings;
    blocks.push({ kind: 'heading', level: 2, text: `Rows read with a warning (${count})` });
    blocks.push({ kind: 'table', columns: [pathColumn('Position'), left('Code'), left('Warning')], rows: shown.map((w) => [`${w.file}:${w.line}`, { text: w.code, tone: 'warn' }, w.message]) });
    if (count > shown.length) blocks.push({ kind: 'text', text: `… and ${formatCount(count - shown.length)} more, not listed.`, tone: 'dim' });
  }
  if (report.duplicates.length > 0) {
    const duplicates = listed(report.duplicates, (d) => [`${d.file}:${d.line}`, d.duplicateOf]);
    blocks.push({ kind: 'heading', level: 2, text: `Duplicates (${report.duplicates.length})` });
    blocks.push({ kind: 'table', columns: [pathColumn('Position'), pathColumn('Repeats')], rows: duplicates.rows }, ...duplicates.more);
    blocks.push(commandHint('As rows with their amounts: grant-recon rows FILES… --reason duplicate.'));
  }
  blocks.push({ kind: 'heading', level: 2, text: 'Inputs' });
  blocks.push({
    kind: 'table',
    columns: [pathColumn('File'), right('Rows'), right('Total'), right('Included'), right('Excluded'), right('In error'), left('Own total line'), left('SHA-256')],
    rows: report.inputs.map((f) => [
      f.file,
      String(f.rows),
      formatMoney(f.total),
      formatMoney(f.included.amount),
      formatMoney(f.excluded.amount),
      formatMoney(f.errors.amount),
      f.controlTotal === null
        ? { text: 'none', tone: 'dim' }
        : f.controlTotal.matches
          ? { text: `line ${f.controlTotal.line}: agrees`, tone: 'good' }
          : { text: `line ${f.controlTotal.line}: MISMATCH`, tone: 'bad' },
      f.sha256,
    ]),
  });
  blocks.push(...lineBlocks(report.inputs));
  return blocks;
}

/** The sentence under the outcome table: whether the control totals agree. */
export function controlTotalsLine(ct: ReportBase['controlTotals']): { readonly kind: 'text'; readonly text: string; readonly tone: Tone } {
  return ct.balanced
    ? { kind: 'text', text: `Control totals agree: input ${formatMoney(ct.input)} = included ${formatMoney(ct.included)} + excluded ${formatMoney(ct.excluded)} + in error ${formatMoney(ct.errors)}${unreadableNote(ct.errorsAmountUnreadable)}.`, tone: 'good' }
    : { kind: 'text', text: `CONTROL TOTALS DO NOT AGREE: input ${formatMoney(ct.input)} against ${formatMoney(ct.included + ct.excluded + ct.errors)} accounted for.`, tone: 'bad' };
}

/**
 * The "In error" lines of the outcome table: the rows whose amount was read, with their money, and apart from
 * them the rows whose amount could not be read, with no money (never £0.00: their money is unknown).
 */
function errorRows(errors: number, ct: ReportBase['controlTotals']): Cell[][] {
  const unreadable = ct.errorsAmountUnreadable;
  const read = errors - unreadable;
  const lines: Cell[][] = [];
  if (read > 0 || unreadable === 0) lines.push([{ text: 'In error', tone: read > 0 ? 'bad' : 'plain' }, String(read), formatMoney(ct.errors)]);
  if (unreadable > 0) lines.push([{ text: 'In error, amount unreadable', tone: 'bad' }, String(unreadable), { text: 'no amount', tone: 'bad' }]);
  return lines;
}

/** What the control totals sentence adds when rows in error have no readable amount. */
function unreadableNote(unreadable: number): string {
  if (unreadable === 0) return '';
  const one = unreadable === 1;
  return `; ${formatCount(unreadable)} more row${one ? '' : 's'} in error hold${one ? 's' : ''} no amount that could be read, so ${one ? 'its' : 'their'} money is in none of these figures`;
}

/** What the drill-down's total sentence adds when matching rows in error have no readable amount. */
function unreadableOfMatched(unreadable: number): string {
  if (unreadable === 0) return '';
  const one = unreadable === 1;
  return `; ${formatCount(unreadable)} of them ${one ? 'is a row' : 'are rows'} in error with no amount that could be read, so ${one ? 'its' : 'their'} money is not in it`;
}

/** The cost centres whose rows were included, with their rows and money: what the grant's figure is made of. */
function costCentreBlocks(lines: readonly CostCentreLine[], total: string): Block[] {
  if (lines.length === 0) return [];
  const rows = lines.reduce((n, l) => n + l.rows, 0);
  const amount = lines.reduce((s, l) => s + l.amount, 0n);
  return [
    {
      kind: 'table',
      columns: [left('Cost centre'), right('Included rows'), right('Amount')],
      rows: [...lines.map((l) => [l.costCentre, String(l.rows), formatMoney(l.amount)]), [total, String(rows), formatMoney(amount)]],
    },
  ];
}

/** The line ledger of the inputs: where each physical line went, and whether they add up to the file's lines. */
function lineBlocks(inputs: readonly InputReport[]): Block[] {
  const physical = inputs.reduce((n, f) => n + f.lines.physical, 0);
  const off = inputs.filter((f) => linesAccountedFor(f.lines) !== f.lines.physical);
  const count = (n: number): string => `${formatCount(n)} line${n === 1 ? '' : 's'}`;
  return [
    { kind: 'heading', level: 2, text: 'Lines' },
    {
      kind: 'table',
      columns: [pathColumn('File'), right('Lines'), right('Header'), right('Above header'), right('Data rows'), right('Total line'), right('Footer'), right('Blank'), right('In quoted cells')],
      rows: inputs.map((f) => {
        const l = f.lines;
        return [f.file, String(l.physical), String(l.header), String(l.metadata), String(l.data), String(l.total), String(l.footer), String(l.blank), String(l.continuation)];
      }),
    },
    off.length === 0
      ? { kind: 'text', text: `Lines agree: all ${count(physical)} of the inputs are accounted for.`, tone: 'good' }
      : { kind: 'text', text: `LINES DO NOT AGREE in ${off.map((f) => f.file).join(', ')}.`, tone: 'bad' },
  ];
}

/** How a drill-down document is written. */
interface RowsDocumentOptions {
  /** The table of inputs and their lines (true), or one line that sums them up (false: `rows --no-inputs`). */
  readonly inputs: boolean;
}

/**
 * The columns of the drill-down that say what a row is: each shown only where a listed row has a value for it, so a
 * drill into payroll rows has no Supplier column, and one into GL rows no Pay element. Free text is cut in a
 * terminal table and in Markdown (Column.maxWidth); JSON and CSV carry it whole.
 */
const ROW_DETAIL_COLUMNS: readonly { readonly column: Column; readonly cell: (r: RowReport) => string }[] = [
  { column: left('Document'), cell: (r) => joinedText([r.documentNumber, r.documentLine], '/') },
  { column: { ...left('Supplier'), maxWidth: 28 }, cell: (r) => r.supplier ?? '' },
  { column: { ...left('Description'), maxWidth: 40 }, cell: (r) => r.description ?? '' },
  { column: { ...left('Account'), maxWidth: 32 }, cell: (r) => joinedText([r.account, r.accountName], ' ') },
  { column: { ...left('Cost centre'), maxWidth: 32 }, cell: (r) => joinedText([r.costCentre, r.costCentreName], ' ') },
  { column: left('Pay element'), cell: (r) => r.payElement ?? '' },
  // A row an apportionment split: its whole amount and the part left out (Amount is the included part).
  { column: right('Row amount'), cell: (r) => (r.apportionment ? formatMoney(r.apportionment.amount) : '') },
  { column: right('Apportioned out'), cell: (r) => (r.apportionment ? formatMoney(r.apportionment.excluded) : '') },
];

const joinedText = (parts: readonly (string | null)[], separator: string): string => parts.filter((p): p is string => p !== null).join(separator);

/** The drill-down as a document: what was asked for, the matching rows, what each is and why, their total, and the inputs. */
export function rowsDocument(report: RowsReport, options: RowsDocumentOptions = { inputs: true }): Block[] {
  const f = report.filter;
  const asked = [
    f.year && `year ${f.year}`,
    f.period && `period ${f.period}`,
    f.quarter && `quarter ${f.quarter}`,
    f.month && `month ${f.month}`,
    f.category && `category ${f.category}`,
    f.outcome && `outcome ${f.outcome}`,
    f.reason && `reason ${f.reason}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  const total = `${report.total.rows} row${report.total.rows === 1 ? '' : 's'}`;
  const shown = Array.from(firstOf(report.rows, LISTED));
  const details = ROW_DETAIL_COLUMNS.filter((d) => shown.some((r) => d.cell(r) !== ''));
  const rows = shown.map((r): Cell[] => [
    `${r.file}:${r.line}`,
    { text: r.outcome, tone: r.outcome === 'error' ? 'bad' : r.outcome === 'excluded' ? 'warn' : 'plain' },
    r.reason ?? '',
    r.category ?? '',
    r.year ?? '',
    r.period ?? '',
    r.month ?? '',
    r.amount === null ? { text: 'no amount', tone: 'bad' } : formatMoney(r.amount),
    ...details.map((d) => d.cell(r)),
    r.why ?? '',
  ]);
  const columns = [pathColumn('Position'), left('Outcome'), left('Reason'), left('Category'), left('Year'), left('Period'), left('Month'), right('Amount'), ...details.map((d) => d.column), left('Why')];
  const totalRow: Cell[] = [`Total (${total})`, '', '', '', '', '', '', formatMoney(report.total.amount), ...details.map(() => ''), ''];
  return [
    { kind: 'heading', level: 1, text: `Rows: ${grantTitle(report)}` },
    { kind: 'text', text: `Filter: ${asked.length > 0 ? asked.join(', ') : 'none (every row)'}` },
    { kind: 'text', text: `Generated ${report.generatedAt}`, tone: 'dim' },
    { kind: 'table', columns, rows: [...rows, totalRow] },
    ...(report.rows.length > LISTED ? [listedNote(report.rows.length)] : []),
    { kind: 'text', text: `${total} matched, ${formatMoney(report.total.amount)} in all${unreadableOfMatched(report.total.amountUnreadable)}.` },
    ...(options.inputs ? inputBlocks(report.inputs) : [inputsSummary(report.inputs)]),
  ];
}

/** The inputs of a drill-down in full: each file's rows, input total and SHA-256, then where its lines went. */
function inputBlocks(inputs: readonly InputReport[]): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'Inputs' },
    {
      kind: 'table',
      columns: [pathColumn('File'), right('Rows'), right('Total'), left('SHA-256')],
      rows: inputs.map((i) => [i.file, String(i.rows), formatMoney(i.total), i.sha256]),
    },
    ...lineBlocks(inputs),
  ];
}

/** The inputs in one line: how many files and rows, their total, and whether their own total lines and lines agree. */
function inputsSummary(inputs: readonly InputReport[]): Block {
  const count = (n: number, what: string): string => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`;
  const rows = inputs.reduce((n, i) => n + i.rows, 0);
  const amount = inputs.reduce((sum, i) => sum + i.total, 0n);
  const physical = inputs.reduce((n, i) => n + i.lines.physical, 0);
  const withTotal = inputs.filter((i) => i.controlTotal !== null);
  const mismatched = withTotal.filter((i) => i.controlTotal?.matches !== true);
  const linesOff = inputs.filter((i) => linesAccountedFor(i.lines) !== i.lines.physical);
  const totals =
    withTotal.length === 0
      ? 'no export has its own total line'
      : mismatched.length === 0
        ? `own total lines agree (${count(withTotal.length, 'file')})`
        : `OWN TOTAL LINE MISMATCH in ${mismatched.map((i) => i.file).join(', ')}`;
  const lines = linesOff.length === 0 ? `all ${count(physical, 'line')} accounted for` : `LINES DO NOT AGREE in ${linesOff.map((i) => i.file).join(', ')}`;
  return {
    kind: 'text',
    text: `Inputs: ${count(inputs.length, 'file')}, ${count(rows, 'row')}, ${formatMoney(amount)} read; ${totals}; ${lines}.`,
    tone: mismatched.length === 0 && linesOff.length === 0 ? 'good' : 'bad',
  };
}

/** The claim register as a document: per FY each claim with the running total, then gaps, overlaps and skips. */
export function claimRegisterDocument(register: ClaimRegister): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Claim register: ${grantTitle(register)}` },
    { kind: 'text', text: `Folder ${register.folder}: ${register.counts.claims} claim${register.counts.claims === 1 ? '' : 's'}, ${register.counts.skipped} other file${register.counts.skipped === 1 ? '' : 's'} skipped` },
    { kind: 'text', text: `Generated ${register.generatedAt}`, tone: 'dim' },
  ];
  if (register.years.length === 0) blocks.push({ kind: 'text', text: 'No claim files found.', tone: 'warn' });
  for (const y of register.years) {
    const carried = y.capCarriedIn === undefined || y.capCarriedIn === 0n ? '' : `, and ${formatMoney(y.capCarriedIn)} carried from the year before`;
    const grantLeft = y.grantLeft === undefined ? '' : `; the grant cap leaves it ${formatMoney(y.grantLeft)}`;
    blocks.push({ kind: 'heading', level: 2, text: `Financial year ${y.year} (${y.cap === null ? 'not a year of the grant: no cap' : `cap ${formatMoney(y.cap)}${carried}${grantLeft}`})` });
    const remaining = (amount: bigint | null): Cell => (amount === null ? '' : { text: formatMoney(amount), tone: amount < 0n ? 'bad' : 'plain' });
    blocks.push({
      kind: 'table',
      columns: [left('Claim'), left('From'), left('To'), right('Claim due'), right('Cumulative claimed'), right('Still claimable'), pathColumn('File')],
      rows: [
        ...y.claims.map((c): Cell[] => [c.period, c.from, c.to, formatMoney(c.claimDue), formatMoney(c.cumulativeClaimed), remaining(c.remaining), c.file]),
        ['Claimed', '', '', '', formatMoney(y.claimed), remaining(y.remaining), ''],
      ],
    });
    for (const gap of y.gaps) blocks.push({ kind: 'text', text: `GAP: no claim covers ${gapWords(gap)}.`, tone: 'warn' });
    for (const o of y.overlaps) blocks.push({ kind: 'text', text: `OVERLAP: ${o.message}.`, tone: 'bad' });
    if (y.cap === null) blocks.push({ kind: 'text', text: `${y.year} is not a year of the grant in the configuration: no cap to claim against.`, tone: 'warn' });
    else {
      // The year's cap with what carried into it; with a grant cap, what it leaves the year can be less than that
      // cap allows: then it is the grant cap that speaks.
      const cap = y.cap + (y.capCarriedIn ?? 0n);
      const capWords = y.capCarriedIn === undefined || y.capCarriedIn === 0n ? formatMoney(cap) : `${formatMoney(cap)} (${formatMoney(y.cap)} and ${formatMoney(y.capCarriedIn)} carried from the year before)`;
      const byGrantCap = y.remaining !== null && y.remaining !== cap - y.claimed;
      const limit = byGrantCap ? 'what the grant cap leaves' : `the cap of ${capWords}`;
      if (y.remaining !== null && y.remaining < 0n) blocks.push({ kind: 'text', text: `Claimed ${formatMoney(-y.remaining)} more than ${limit}.`, tone: 'bad' });
      else blocks.push({ kind: 'text', text: `Claimed ${formatMoney(y.claimed)} of the cap of ${capWords}; ${formatMoney(y.remaining ?? 0n)} is still claimable${byGrantCap ? ', as the grant cap leaves no more' : ''}.` });
      for (const check of y.capChecks ?? []) blocks.push({ kind: 'text', text: `CONTRADICTED: ${check.message}.`, tone: 'bad' });
    }
    for (const check of y.historyChecks ?? []) blocks.push({ kind: 'text', text: `CONTRADICTED: ${check.message}.`, tone: 'bad' });
  }
  if (register.skipped.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: `Skipped: not claims of this grant (${register.skipped.length})` });
    blocks.push({ kind: 'table', columns: [pathColumn('File'), left('Reason')], rows: register.skipped.map((s) => [s.file, s.reason]) });
  }
  return blocks;
}
