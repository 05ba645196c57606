/**
 * `grant-recon rows FILES… [--year Y] [--period P | --month yyyy-mm | --quarter Q] [--category C] [--outcome O]
 * [--reason R] [--no-inputs]`: the rows behind a figure, with their total (which equals the figure drilled into).
 */
import type { GrantConfig } from '../../core/grant-config.js';
import { buildRowsReport, collectMatchingRows, type PeriodSelection, type RowFilter } from '../../core/reports/drill-down.js';
import { outcomeOfReason, ROW_OUTCOMES, ROW_REASONS, type RowOutcome, type RowReason } from '../../core/types.js';
import { fiscalPeriodOfDate, fyLabel, parseFyLabel, parseMonth, parsePeriodCell, parseQuarter } from '../../core/calendar/fiscal.js';
import { EXCLUSION_REASONS, ROW_ERROR_CODES } from '../../core/types.js';
import { renderRowsCsv } from '../../render/csv.js';
import { rowsDocument } from '../../render/document.js';
import { resolveFormat } from '../format.js';
import { renderReport } from '../render-report.js';
import { finishWithRowErrors, prepareRun, readInputs, type CommonOptions } from '../read-inputs.js';
import { UsageError, type ExitCode } from '../usage-error.js';
import { writeResult } from '../write-output.js';

/** Options of `rows`. */
export interface RowsCommandOptions extends CommonOptions {
  readonly year?: string;
  readonly period?: string;
  readonly month?: string;
  readonly quarter?: string;
  readonly category?: string;
  readonly outcome?: string;
  readonly reason?: string;
  /** false with --no-inputs: the table, md and html formats sum the inputs up in one line. */
  readonly inputs?: boolean;
}

/** Runs `rows`. */
export async function runRows(files: string[], options: RowsCommandOptions): Promise<ExitCode> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html']);
  const { config, generatedAt } = await prepareRun(options);
  // The categories a row can be in are the configuration's.
  const filter = parseRowFilter(options, config);
  noteYearOutsideGrant(filter, config);
  const collected = collectMatchingRows(filter);
  const read = await readInputs(files, config, collected.observer);
  const report = buildRowsReport(collected.matches, filter, read.ledger, read.inputs.map((i) => i.facts), config.grant, generatedAt, config.apportionments);
  const document = (r: typeof report): ReturnType<typeof rowsDocument> => rowsDocument(r, { inputs: options.inputs !== false });
  const text = await renderReport(format, report, { csv: renderRowsCsv, document }, options.output);
  await writeResult(text, options.output, options.force ?? false);
  return finishWithRowErrors(read, true);
}

/** Reads the filter options; a value that is not allowed is a usage error naming the allowed values. */
export function parseRowFilter(options: RowsCommandOptions, config: Pick<GrantConfig, 'categories'>): RowFilter {
  let fy: number | undefined;
  if (options.year !== undefined) {
    fy = parseFyLabel(options.year);
    if (fy === undefined) throw new UsageError(`--year "${options.year}" is not a financial year`, 'write it as 2022/23');
  }
  const given = [options.period, options.month, options.quarter].filter((o) => o !== undefined).length;
  if (given > 1) throw new UsageError('give at most one of --period, --month and --quarter', 'e.g. --period P05, --month 2022-08 or --quarter Q2');
  let periods: PeriodSelection | undefined;
  if (options.period !== undefined) {
    const cell = parsePeriodCell(options.period);
    if (!cell.ok || cell.period === undefined) throw new UsageError(`--period: ${cell.ok ? 'no period given' : cell.message}`, 'write P01 (April) … P12 (March), or P13–P16 for year-end');
    periods = { kind: 'period', period: cell.period };
  } else if (options.quarter !== undefined) {
    const q = parseQuarter(options.quarter);
    if (!q.ok) throw new UsageError(`--quarter: ${q.message}`);
    periods = { kind: 'quarter', quarter: q.quarter };
  } else if (options.month !== undefined) {
    const m = parseMonth(options.month);
    if (!m.ok) throw new UsageError(`--month: ${m.message}`);
    const monthFy = fiscalPeriodOfDate(`${m.month}-01`).fy;
    if (fy !== undefined && fy !== monthFy) throw new UsageError(`--month ${m.month} is not a month of ${fyLabel(fy)}`, `give a month from ${fy}-04 to ${fy + 1}-03, or leave out --year`);
    fy = monthFy;
    periods = { kind: 'month', month: m.month };
  }
  const category = oneOf('--category', options.category, config.categories.map((c) => c.id));
  const outcome = oneOf<RowOutcome>('--outcome', options.outcome, ROW_OUTCOMES);
  const reason = oneOf<RowReason>('--reason', options.reason, ROW_REASONS, `exclusion reasons ${EXCLUSION_REASONS.join(', ')}; error codes ${ROW_ERROR_CODES.join(', ')}`);
  if (reason !== undefined && outcome !== undefined && outcomeOfReason(reason) !== outcome) {
    throw new UsageError(`--reason ${reason} is a reason of ${outcomeOfReason(reason)} rows, never of ${outcome} rows`, `use --outcome ${outcomeOfReason(reason)}, or leave out --outcome`);
  }
  return {
    ...(fy === undefined ? {} : { fy }),
    ...(periods === undefined ? {} : { periods }),
    ...(category === undefined ? {} : { category }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(reason === undefined ? {} : { reason }),
  };
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], described = allowed.join(', ')): T | undefined {
  if (value === undefined) return undefined;
  const normalised = value.trim().toLowerCase();
  const found = allowed.find((a) => a === normalised);
  if (found === undefined) throw new UsageError(`${option} "${value}" is not one of the allowed values`, `use one of: ${described}`);
  return found;
}

/** A year outside the grant is allowed (its rows are excluded as outside-grant-years), but said on stderr. */
function noteYearOutsideGrant(filter: RowFilter, config: GrantConfig): void {
  if (filter.fy === undefined || config.years.some((y) => y.fy === filter.fy)) return;
  process.stderr.write(
    `grant-recon: ${fyLabel(filter.fy)} is not a year of the grant (${config.years.map((y) => fyLabel(y.fy)).join(', ')}): only rows excluded as outside-grant-years can be in it\n`,
  );
}
