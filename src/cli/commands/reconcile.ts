/** `grant-recon reconcile FILES… [--year Y] [--to yyyy-mm]`: the monthly reconciliation. */
import { parseMonth, fiscalPeriodOfDate, fyLabel } from '../../core/calendar/fiscal.js';
import { holdsIncludedRows, reconcile } from '../../core/reports/reconcile.js';
import { warnEarlierYearsNotShown } from '../earlier-years.js';
import { titlesOf } from '../../core/rules/categories.js';
import { buildRestatements, collectIncludedRows, includedRowsReport, inInputOrder } from '../../core/reports/restatement.js';
import { renderReconciliationCsv } from '../../render/csv.js';
import { reconciliationDocument } from '../../render/document.js';
import { visible } from '../../render/visible.js';
import { resolveFormat } from '../format.js';
import { renderReport } from '../render-report.js';
import { refuseWorkbookOnTerminal, renderWorkbookOrRefuse } from '../render-workbook.js';
import { finishWithRowErrors, prepareRun, readInputs, type CommonOptions } from '../read-inputs.js';
import { parseYearOption } from '../year-option.js';
import { UsageError, type ExitCode } from '../usage-error.js';
import { undigestedNote } from '../earlier/earlier-digest.js';
import { writeResult } from '../write-output.js';

/** Options of `reconcile`. */
export interface ReconcileCommandOptions extends CommonOptions {
  readonly year?: string;
  readonly to?: string;
  readonly withRows?: boolean;
  readonly against?: string;
}

/** Runs `reconcile`. */
export async function runReconcile(files: string[], options: ReconcileCommandOptions): Promise<ExitCode> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html', 'xlsx']);
  refuseWorkbookOnTerminal(format, options.output, 'reconciliation.xlsx');
  const { config, generatedAt } = await prepareRun(options);
  let fy = options.year === undefined ? undefined : parseYearOption(options.year, config);
  let toPeriod: number | undefined;
  if (options.to !== undefined) {
    const month = parseMonth(options.to);
    if (!month.ok) throw new UsageError(`--to: ${month.message}`, 'give a month, e.g. --to 2022-09');
    const position = fiscalPeriodOfDate(`${month.month}-01`);
    if (fy !== undefined && position.fy !== fy) {
      throw new UsageError(`--to ${options.to} is not a month of ${fyLabel(fy)}`, `give a month from ${fy}-04 to ${fy + 1}-03`);
    }
    if (!config.years.some((y) => y.fy === position.fy)) {
      throw new UsageError(`--to ${options.to} is in ${fyLabel(position.fy)}, which is not a year of the grant`, `the grant years are ${config.years.map((y) => fyLabel(y.fy)).join(', ')}`);
    }
    fy = position.fy;
    toPeriod = position.period;
  }
  if (options.withRows && format !== 'json') {
    throw new UsageError('--with-rows writes a fingerprint of every included row into the JSON reconciliation', 'add --format json (or -o FILE.json)');
  }
  // Loaded only with --against: reading the earlier file takes zod (about 14 MiB).
  const earlier = options.against === undefined ? undefined : await (await import('../earlier/read-against.js')).readEarlierReconciliation(options.against, config);
  if (earlier?.digest === 'absent') process.stderr.write(visible(`grant-recon: warning: ${undigestedNote([earlier.file])}\n`));
  // Rows are collected only when asked for (--with-rows) or needed (an earlier file with rows): memory grows with them.
  const collect = options.withRows || earlier?.rows ? collectIncludedRows() : undefined;
  const read = await readInputs(files, config, collect?.observer);
  const rows = collect ? inInputOrder(collect.rows, read.ledger.files) : null;
  const fys = read.ledger.years.map((y) => y.fy).filter((y) => fy === undefined || y === fy);
  const holds = holdsIncludedRows(read.ledger);
  // The year reported to (or the latest holding rows): its caps depend on every earlier grant year's actual.
  warnEarlierYearsNotShown(config, fy ?? [...fys].reverse().find(holds), read.ledger);
  const report = reconcile(
    read.ledger,
    read.inputs.map((i) => i.facts),
    config,
    { ...(fy === undefined ? {} : { fy }), ...(toPeriod === undefined ? {} : { toPeriod }) },
    generatedAt,
    {
      ...(earlier ? { restatements: buildRestatements(earlier, read.ledger.years, rows, fys) } : {}),
      ...(options.withRows && rows ? { includedRows: includedRowsReport(rows.filter((r) => fys.includes(r.fy))) } : {}),
    },
  );
  if (earlier && earlier.rows === null) process.stderr.write(visible(`grant-recon: --against ${earlier.file}: ${report.restatements?.note ?? ''}\n`));
  const titles = titlesOf(config.categories);
  const text =
    format === 'xlsx'
      ? await renderWorkbookOrRefuse('reconciliation', async () => (await import('../../render/reconcile-workbook.js')).renderReconciliationWorkbook(report, titles))
      : await renderReport(format, report, { csv: renderReconciliationCsv, document: (r) => reconciliationDocument(r, titles), digest: true }, options.output);
  await writeResult(text, options.output, options.force ?? false);
  return finishWithRowErrors(read, true);
}
