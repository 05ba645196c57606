/** `grant-recon reconcile FILES… [--year Y] [--to yyyy-mm]`: the monthly reconciliation. */
import { parseMonth, fiscalPeriodOfDate, fyLabel } from '../../core/fiscal.js';
import { reconcile } from '../../core/reconcile.js';
import { renderReconciliationCsv } from '../../render/csv.js';
import { reconciliationDocument } from '../../render/document.js';
import { resolveFormat } from '../format.js';
import { renderReport } from '../render-report.js';
import { finishWithRowErrors, prepareRun, readInputs, type CommonOptions } from '../read-inputs.js';
import { parseYearOption } from '../year-option.js';
import { UsageError } from '../usage-error.js';
import { writeResult } from '../write-output.js';

/** Options of `reconcile`. */
export interface ReconcileCommandOptions extends CommonOptions {
  readonly year?: string;
  readonly to?: string;
}

/** Runs `reconcile`. */
export async function runReconcile(files: string[], options: ReconcileCommandOptions): Promise<void> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html']);
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
  const read = await readInputs(files, config);
  const report = reconcile(
    read.ledger,
    read.inputs.map((i) => i.facts),
    config,
    { ...(fy === undefined ? {} : { fy }), ...(toPeriod === undefined ? {} : { toPeriod }) },
    generatedAt,
  );
  const text = renderReport(format, report, { csv: renderReconciliationCsv, document: reconciliationDocument }, options.output);
  await writeResult(text, options.output, options.force ?? false);
  finishWithRowErrors(read, true);
}
