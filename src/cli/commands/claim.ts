/**
 * `grant-recon claim FILES… --year Y (--quarter Q | --month yyyy-mm | --half H | --final) [-o FILE]`: the claim
 * statement. A grant whose configuration sets `claimPeriods` is claimed only in periods of that kind (or finally).
 */
import { visible } from '../../render/visible.js';
import { buildClaim } from '../../core/reports/claim.js';
import { applyClaimHistory, checkPreviousClaims, claimsLeftOut, claimsMadeWithoutTheirHistory, earlierYearsRecordedOtherwise } from '../../core/reports/claim-history.js';
import { claimPeriodRange, fyDateRange, fyLabel, parseHalf, parseMonth, parseQuarter, type ClaimPeriodSpec } from '../../core/calendar/fiscal.js';
import { claimedHow, claimKindAllowed, claimKindOf, claimKindsOf, type ClaimFrequency } from '../../core/calendar/claim-periods.js';
import type { GrantConfig } from '../../core/grant-config.js';
import { gapWords } from '../../render/claim-words.js';
import { capOf, claimedBeforeOf, mostCapOf, yearCapOf } from '../../core/reports/cap.js';
import { fullYearActualOf } from '../../core/reports/reconcile.js';
import { refuseEarlierYearsNotShown } from '../earlier-years.js';
import { titlesOf } from '../../core/rules/categories.js';
import { collectIncludedRows, includedRowsReport, inInputOrder } from '../../core/reports/restatement.js';
import { renderClaimCsv } from '../../render/csv.js';
import { claimDocument } from '../../render/document.js';
import { renderClaimHtml } from '../../render/html.js';
import { resolveFormat } from '../format.js';
import { renderReport } from '../render-report.js';
import { refuseWorkbookOnTerminal, renderWorkbookOrRefuse } from '../render-workbook.js';
import { undigestedNote } from '../earlier/earlier-digest.js';
import { finishWithRowErrors, prepareRun, readInputs, type CommonOptions } from '../read-inputs.js';
import { UsageError, type ExitCode } from '../usage-error.js';
import { parseYearOption } from '../year-option.js';
import { writeResult } from '../write-output.js';

/** Options of `claim`. */
export interface ClaimCommandOptions extends CommonOptions {
  readonly year?: string;
  readonly quarter?: string;
  readonly month?: string;
  readonly half?: string;
  readonly final?: boolean;
  readonly previous?: string[];
  readonly previousDir?: string;
  readonly withRows?: boolean;
}

/** Said (stderr and every format) of a claim after the year's first period made without its earlier claims. */
const noEarlierClaimsNote = (folder: string): string =>
  `no earlier claims were given (--previous or --previous-dir), so previously claimed is worked out from the ledger as it stands now, and a change since they were sent (a late credit, a restated month) is not picked up as a prior-period adjustment: give the claims sent before, e.g. --previous-dir ${folder}`;

/** Said of a final claim made without the year's earlier claims. */
const finalWithoutEarlierClaimsNote = (folder: string): string =>
  `no earlier claims were given (--previous or --previous-dir), so this final claim claims the whole year: if claims were sent for the year already, give them, e.g. --previous-dir ${folder}`;

/** The folder of a year's claims sent, as the examples name it: `claims/2022-23`. */
const claimsFolderOf = (fy: number): string => `claims/${fyLabel(fy).replace('/', '-')}`;

/** Runs `claim`. */
export async function runClaim(files: string[], options: ClaimCommandOptions): Promise<ExitCode> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html', 'xlsx']);
  refuseWorkbookOnTerminal(format, options.output, 'claim.xlsx');
  if (options.year === undefined) throw new UsageError('claim needs --year', 'e.g. grant-recon claim exports/*.csv --year 2022/23 --quarter Q2');
  const given = claimPeriodSpec(options);
  const { config, generatedAt } = await prepareRun(options);
  const fy = parseYearOption(options.year, config);
  // With no period given, the message names the periods this grant is claimed in, which the configuration says.
  const spec = given ?? refuseNoClaimPeriod(config, fy);
  refuseOtherClaimPeriods(config, spec, fy);
  const range = claimPeriodRange(fy, spec);
  if (!range.ok) throw new UsageError(range.message);
  if (options.previous?.length && options.previousDir !== undefined) {
    throw new UsageError('give the earlier claims with --previous or with --previous-dir, not both', 'e.g. --previous-dir claims/2022-23 (every earlier claim of the year in that folder)');
  }
  const claimOf = { reference: config.grant.reference, year: fyLabel(fy), range: range.range, cap: mostCapOf(config, fy), yearCap: capOf(config, fy) };
  // Loaded only with earlier claims: reading claim files takes zod (about 14 MiB).
  const earlier = options.previous?.length
    ? await (await import('../earlier/read-previous-claims.js')).readPreviousClaims(options.previous, config)
    : options.previousDir !== undefined
      ? await (await import('../earlier/read-previous-claims.js')).readPreviousClaimsIn(options.previousDir, config, claimOf)
      : undefined;
  const previous = earlier?.claims;
  if (previous) {
    const problems = checkPreviousClaims(previous, claimOf);
    if (problems.length > 0) throw new UsageError(problems.join('; '), 'give only the earlier claims of this grant and year, each period once, as they were sent');
    // An earlier claim that counts claims before it which are not given: its dates would be claimed twice.
    const leftOut = claimsLeftOut(previous, fyDateRange(fy).from);
    if (leftOut.length > 0) throw new UsageError(leftOut.join('; '), `give every claim sent for ${fyLabel(fy)} before this claim period, e.g. --previous-dir ${claimsFolderOf(fy)} (or one --previous for each)`);
  }
  const notes: string[] = previous ? claimsMadeWithoutTheirHistory(previous) : [];
  if (earlier && earlier.undigested.length > 0) notes.push(undigestedNote(earlier.undigested));
  for (const file of earlier?.passedOver ?? []) process.stderr.write(visible(`grant-recon: warning: --previous-dir: passed over ${file}\n`));
  if (earlier === undefined && range.range.from !== fyDateRange(fy).from) notes.push(noEarlierClaimsNote(claimsFolderOf(fy)));
  else if (earlier === undefined && range.range.label === 'final' && config.claimPeriods !== 'annual') notes.push(finalWithoutEarlierClaimsNote(claimsFolderOf(fy)));
  for (const note of notes) process.stderr.write(visible(`grant-recon: warning: ${note}\n`));
  if (options.withRows && format !== 'json') {
    throw new UsageError('--with-rows writes a fingerprint of every included row into the JSON claim', 'add --format json (or -o FILE.json)');
  }
  // Rows are collected only when asked for, or when an earlier claim has rows to compare with.
  const lastPeriod = range.range.lastPeriod;
  const collect = options.withRows || previous?.some((p) => p.rows) ? collectIncludedRows((rowFy, period) => rowFy === fy && period <= lastPeriod) : undefined;
  const read = await readInputs(files, config, collect?.observer);
  const rows = collect ? inInputOrder(collect.rows, read.ledger.files) : undefined;
  // With a grant cap or carry-forward, this year's caps come from the earlier years' actual: each must be in the inputs.
  refuseEarlierYearsNotShown(config, fy, read.ledger);
  const caps = yearCapOf(config, fullYearActualOf(read.ledger), fy);
  const history = previous ? applyClaimHistory(read.ledger, fy, caps, range.range, previous, fyDateRange(fy).from, rows, config.claimPeriods) : undefined;
  // An earlier claim's record of the grant's earlier years, held against the ledger's: a difference is said, with why.
  if (previous) {
    const claimedBefore = config.grantCap === undefined ? undefined : claimedBeforeOf(config.grantCap, caps);
    for (const note of earlierYearsRecordedOtherwise(previous, { claimedBefore, carriedIn: caps.carriedIn })) {
      notes.push(note);
      process.stderr.write(visible(`grant-recon: warning: ${note}\n`));
    }
  }
  if (history?.restatementRows?.note) process.stderr.write(visible(`grant-recon: ${history.restatementRows.note}\n`));
  for (const gap of history?.gaps ?? []) {
    process.stderr.write(`grant-recon: no earlier claim covers ${gapWords(gap)}; this claim's due takes it in\n`);
  }
  const report = buildClaim(read.ledger, read.inputs.map((i) => i.facts), config, fy, range.range, generatedAt, history, options.withRows && rows ? includedRowsReport(rows) : undefined, notes);
  const titles = titlesOf(config.categories);
  const result =
    format === 'xlsx'
      ? await renderWorkbookOrRefuse('claim', async () => (await import('../../render/claim-workbook.js')).renderClaimWorkbook(report, titles))
      : await renderReport(format, report, { csv: renderClaimCsv, document: (r) => claimDocument(r, titles), html: renderClaimHtml, digest: true }, options.output);
  await writeResult(result, options.output, options.force ?? false);
  return finishWithRowErrors(read, true);
}

/** The claim period the options give; undefined when they give none (refused once the configuration is read). */
function claimPeriodSpec(options: ClaimCommandOptions): ClaimPeriodSpec | undefined {
  const chosen = [options.quarter !== undefined, options.month !== undefined, options.half !== undefined, options.final === true].filter(Boolean).length;
  if (chosen === 0) return undefined;
  if (chosen !== 1) {
    if (options.half !== undefined) throw new UsageError('give exactly one claim period: --quarter, --month, --half or --final', 'e.g. --half H1, or --final for the year\'s final claim');
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
  if (options.half !== undefined) {
    const h = parseHalf(options.half);
    if (!h.ok) throw new UsageError(`--half: ${h.message}`);
    return { kind: 'half', half: h.half };
  }
  return { kind: 'final' };
}

/** The option that claims each kind of claim period, and an example of it in FY `fy`. */
const optionsOf = (fy: number): Readonly<Record<ClaimPeriodSpec['kind'], { readonly option: string; readonly example: string }>> => ({
  month: { option: '--month', example: `--month ${fy}-09 (a month yyyy-mm; March takes P13–P16)` },
  quarter: { option: '--quarter', example: '--quarter Q2 (Q1 to Q4)' },
  half: { option: '--half', example: '--half H1 (H1 April–September, H2 October–March with P13–P16)' },
  final: { option: '--final', example: '--final (the whole year)' },
});

/** `a`, `a or b`, `a, b or c`. */
const orList = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`);

/**
 * A claim with no claim period is refused, naming the options this grant may be claimed with (claim-periods.ts
 * claimKindsOf: its frequency's own kind and the final claim, or without a frequency a quarter, a month or the final
 * claim) and an example of each in the year asked for.
 */
function refuseNoClaimPeriod(config: GrantConfig, fy: number): never {
  const OPTION_OF = optionsOf(fy);
  const kinds = claimKindsOf(config.claimPeriods);
  const options = orList(kinds.map((kind) => OPTION_OF[kind].option));
  const frequency = config.claimPeriods;
  if (frequency === undefined) throw new UsageError(`give the claim period: ${options}`, `e.g. ${orList(kinds.map((kind) => OPTION_OF[kind].example))}`);
  throw new UsageError(
    `give the claim period: grant ${config.grant.reference} is claimed ${claimedHow(frequency)} ("claimPeriods": "${frequency}" in the configuration), so ${options}`,
    frequency === 'annual' ? `e.g. --year ${fyLabel(fy)} ${OPTION_OF.final.example}` : `e.g. ${OPTION_OF[claimKindOf(frequency)].example}, or ${OPTION_OF.final.example} for the year's final claim`,
  );
}

/** A claim period of another kind than the grant is claimed in is refused, naming the grant's frequency and the option to use. */
function refuseOtherClaimPeriods(config: GrantConfig, spec: ClaimPeriodSpec, fy: number): void {
  const OPTION_OF = optionsOf(fy);
  const frequency: ClaimFrequency | undefined = config.claimPeriods;
  if (claimKindAllowed(frequency, spec.kind)) return;
  const given = OPTION_OF[spec.kind].option;
  if (frequency === undefined) {
    throw new UsageError(`${given} claims a half year, but grant ${config.grant.reference} is not claimed half-yearly`, `claim a quarter (--quarter Q2), a month (--month ${fy}-09) or the final claim (--final), or set "claimPeriods": "half-yearly" in the configuration`);
  }
  const own = OPTION_OF[claimKindOf(frequency)];
  const use = frequency === 'annual' ? `claim the whole year with ${own.example}` : `claim with ${own.example}, or make the year's final claim with --final`;
  throw new UsageError(`grant ${config.grant.reference} is claimed ${claimedHow(frequency)} ("claimPeriods": "${frequency}" in the configuration), so ${given} is not one of its claim periods`, use);
}
