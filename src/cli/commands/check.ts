/** `grant-recon check FILES… [--year Y] [--fail-on LIST]`: for CI; --fail-on alone decides exit 1. */
import { buildCheck, DEFAULT_FAIL_ON, DEFAULT_FAIL_ON_AGAINST, parseFailOn, CHECKS } from '../../core/reports/check.js';
import { buildRestatements, collectIncludedRows, inInputOrder } from '../../core/reports/restatement.js';
import { renderCheckCsv } from '../../render/csv.js';
import { visible } from '../../render/visible.js';
import { checkDocument } from '../../render/document.js';
import { checkSummaryLine, renderGithubAnnotations, renderGithubSummary } from '../../render/github.js';
import { renderJson } from '../../render/json.js';
import type { Rendered } from '../../render/rendered.js';
import { renderJunit } from '../../render/junit.js';
import { renderSarif, SARIF_RESULTS_PER_RUN, sarifCapNote } from '../../render/sarif.js';
import { renderDocumentHtml } from '../../render/html.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderTable } from '../../render/table.js';
import { resolveFormat, useColor } from '../format.js';
import { TOOL_VERSION } from '../tool-version.js';
import { prepareRun, readInputs, type CommonOptions } from '../read-inputs.js';
import { appendStepSummary } from '../step-summary.js';
import { UsageError, type ExitCode } from '../usage-error.js';
import { parseYearOption } from '../year-option.js';
import { undigestedNote } from '../earlier/earlier-digest.js';
import { writeResult } from '../write-output.js';
import { holdsIncludedRows } from '../../core/reports/reconcile.js';
import { warnEarlierYearsNotShown } from '../earlier-years.js';

/** Options of `check`. */
export interface CheckCommandOptions extends CommonOptions {
  readonly year?: string;
  readonly failOn?: string;
  readonly against?: string;
}

/** Runs `check`. */
export async function runCheck(files: string[], options: CheckCommandOptions): Promise<ExitCode> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html', 'junit', 'github', 'sarif']);
  let failOn = options.against === undefined ? DEFAULT_FAIL_ON : DEFAULT_FAIL_ON_AGAINST;
  if (options.failOn !== undefined) {
    const parsed = parseFailOn(options.failOn);
    if (!parsed.ok) {
      throw new UsageError(`--fail-on: unknown check ${parsed.unknown.map((u) => `"${u}"`).join(', ')}`, `use a comma list of ${[...CHECKS, 'all'].join(', ')}`);
    }
    failOn = parsed.checks;
  }
  const { config, generatedAt } = await prepareRun(options);
  const fy = options.year === undefined ? undefined : parseYearOption(options.year, config);
  // Loaded only with --against: reading the earlier file takes zod (about 14 MiB).
  const earlier = options.against === undefined ? undefined : await (await import('../earlier/read-against.js')).readEarlierReconciliation(options.against, config);
  if (earlier?.digest === 'absent') process.stderr.write(visible(`grant-recon: warning: ${undigestedNote([earlier.file])}\n`));
  if (earlier && !config.years.some((y) => y.closedThrough !== undefined)) {
    process.stderr.write('grant-recon: --against: no period is closed in the configuration (years[].closedThrough), so no closed period can be found changed\n');
  }
  const collect = earlier?.rows ? collectIncludedRows() : undefined;
  const read = await readInputs(files, config, collect?.observer);
  const rows = collect ? inInputOrder(collect.rows, read.ledger.files) : null;
  const fys = read.ledger.years.map((y) => y.fy).filter((y) => fy === undefined || y === fy);
  const holds = holdsIncludedRows(read.ledger);
  // The year checked to (or the latest holding rows): its caps depend on every earlier grant year's actual.
  warnEarlierYearsNotShown(config, fy ?? [...fys].reverse().find(holds), read.ledger);
  const restatements = earlier ? buildRestatements(earlier, read.ledger.years, rows, fys) : undefined;
  const report = buildCheck(read.ledger, read.inputs.map((i) => i.facts), config, { ...(fy === undefined ? {} : { fy }), failOn, ...(restatements ? { restatements } : {}) }, generatedAt);
  let text: Rendered;
  switch (format) {
    case 'json':
      text = renderJson(report);
      break;
    case 'csv':
      text = renderCheckCsv(report);
      break;
    case 'md':
      text = renderMarkdown(checkDocument(report));
      break;
    case 'html':
      text = await renderDocumentHtml(checkDocument(report));
      break;
    case 'junit':
      text = renderJunit(report);
      break;
    case 'github':
      text = renderGithubAnnotations(report);
      break;
    case 'sarif':
      text = renderSarif(report, { version: TOOL_VERSION });
      break;
    default:
      text = renderTable(checkDocument(report), useColor(format, options.output, process.env, process.stdout.isTTY));
  }
  await writeResult(text, options.output, options.force ?? false);
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (format === 'github' && summaryFile) await appendStepSummary(summaryFile, renderGithubSummary(report));
  // One summary line where stdout and stderr meet: the annotations end with their own (a CI log shows both
  // streams), and so does a table or Markdown report on the terminal. A report piped or written elsewhere has the
  // line said on stderr.
  const summarised = options.output === undefined && (format === 'github' || ((format === 'table' || format === 'md') && process.stdout.isTTY));
  if (format === 'sarif' && report.findings.length > SARIF_RESULTS_PER_RUN) process.stderr.write(`grant-recon check: ${sarifCapNote(report.findings.length)}; --format json or csv lists them all\n`);
  if (!summarised) process.stderr.write(`${checkSummaryLine(report)}\n`);
  return report.status === 'pass' ? 0 : 1;
}
