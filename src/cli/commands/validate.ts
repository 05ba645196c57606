/** `grant-recon validate FILES…`: reads and checks exports without reconciling; every problem with file:line. */
import type { ExitCode } from '../usage-error.js';
import { EXCERPTS_KEPT } from '../../core/store/error-list.js';
import { buildReportBase } from '../../core/reports/report-base.js';
import { firstOf } from '../../core/store/sequence.js';
import { renderValidationCsv } from '../../render/csv.js';
import { validationDocument } from '../../render/document.js';
import { renderJson } from '../../render/json.js';
import type { Rendered } from '../../render/rendered.js';
import { renderDocumentHtml } from '../../render/html.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderTable } from '../../render/table.js';
import { rowDiagnostic } from '../../core/diagnostic.js';
import { formatDiagnostic } from '../diagnostics.js';
import { resolveFormat, useColor } from '../format.js';
import { finishWithRowErrors, prepareRun, readInputs, type CommonOptions } from '../read-inputs.js';
import { writeResult } from '../write-output.js';

/** Runs `validate`. */
export async function runValidate(files: string[], options: CommonOptions): Promise<ExitCode> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html']);
  const { config, generatedAt } = await prepareRun(options);
  const read = await readInputs(files, config);
  const report = { schema: 'grant-recon/validation@1' as const, ...buildReportBase(read.ledger, read.inputs.map((i) => i.facts), config.grant, generatedAt) };
  let text: Rendered;
  if (format === 'json') text = renderJson(report);
  else if (format === 'csv') text = renderValidationCsv(report);
  else if (format === 'md') text = renderMarkdown(validationDocument(report));
  else if (format === 'html') text = await renderDocumentHtml(validationDocument(report));
  else {
    const color = useColor(format, options.output, process.env, process.stdout.isTTY);
    // The rows in error that kept their excerpt; past them, the JSON and CSV list every one.
    const { errors } = read.ledger;
    const problems = Array.from(firstOf(errors, EXCERPTS_KEPT), (e) => formatDiagnostic(rowDiagnostic(e), color));
    const more = errors.length - problems.length;
    const rest = more > 0 ? `… and ${more} more rows in error; --format json or csv lists them all\n` : '';
    text = problems.join('') + rest + (problems.length > 0 ? '\n' : '') + renderTable(validationDocument(report, problems.length > 0), color);
  }
  await writeResult(text, options.output, options.force ?? false);
  return finishWithRowErrors(read, false);
}
