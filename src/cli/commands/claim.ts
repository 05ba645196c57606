/** `grant-recon claim FILES… --year Y (--quarter Q | --month yyyy-mm | --final) [-o FILE]`: the claim statement. */
import { buildClaim } from '../../core/claim.js';
import { claimPeriodRange, parseMonth, parseQuarter, type ClaimPeriodSpec } from '../../core/fiscal.js';
import { renderClaimCsv } from '../../render/csv.js';
import { claimDocument } from '../../render/document.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderTable } from '../../render/table.js';
import { resolveFormat, useColor } from '../format.js';
import { finishWithRowErrors, prepareRun, readInputs, type CommonOptions } from '../read-inputs.js';
import { UsageError } from '../usage-error.js';
import { parseYearOption } from '../year-option.js';
import { writeResult } from '../write-output.js';

/** Options of `claim`. */
export interface ClaimCommandOptions extends CommonOptions {
  readonly year?: string;
  readonly quarter?: string;
  readonly month?: string;
  readonly final?: boolean;
  readonly previous?: string[];
}

/** Runs `claim`. */
export async function runClaim(files: string[], options: ClaimCommandOptions): Promise<void> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md']);
  if (options.year === undefined) throw new UsageError('claim needs --year', 'e.g. grant-recon claim exports/*.csv --year 2022/23 --quarter Q2');
  const spec = claimPeriodSpec(options);
  if (options.previous !== undefined && options.previous.length > 0) {
    throw new UsageError('--previous (claim history) is not available yet', 'without it, previouslyClaimed is what the ledger shows claimable before this claim period');
  }
  const { config, generatedAt } = await prepareRun(options);
  const fy = parseYearOption(options.year, config);
  const range = claimPeriodRange(fy, spec);
  if (!range.ok) throw new UsageError(range.message);
  const read = await readInputs(files, config);
  const report = buildClaim(read.ledger, read.inputs.map((i) => i.facts), config, fy, range.range, generatedAt);
  const text =
    format === 'json'
      ? renderJson(report)
      : format === 'csv'
        ? renderClaimCsv(report)
        : format === 'md'
          ? renderMarkdown(claimDocument(report))
          : renderTable(claimDocument(report), useColor(format, options.output, process.env, process.stdout.isTTY));
  await writeResult(text, options.output, options.force ?? false);
  finishWithRowErrors(read, true);
}

function claimPeriodSpec(options: ClaimCommandOptions): ClaimPeriodSpec {
  const chosen = [options.quarter !== undefined, options.month !== undefined, options.final === true].filter(Boolean).length;
  if (chosen !== 1) {
    throw new UsageError('give exactly one claim period: --quarter, --month or --final', 'e.g. --quarter Q2, --month 2022-09 or --final');
  }
  if (options.quarter !== undefined) {
    const q = parseQuarter(options.quarter);
    if (!q.ok) throw new UsageError(`--quarter: ${q.message}`);
    return { kind: 'quarter', quarter: q.quarter };
  }
  if (options.month !== undefined) {
    const m = parseMonth(options.month);
    if (!m.ok) throw new UsageError(`--month: ${m.message}`);
    return { kind: 'month', month: m.month };
  }
  return { kind: 'final' };
}
