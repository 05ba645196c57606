/**
 * What every reporting command does first: load the configuration, fix the generation time, read every input,
 * and stop with exit 2 when any file cannot be used at all (a claim is never made from part of the inputs).
 */
import { formatCount } from '../core/money.js';
import type { GrantConfig } from '../core/grant-config.js';
import { readConfig } from '../config/read-config.js';
import { MAX_INPUT_FILES } from '../core/dedup/duplicates.js';
import type { RowObserver } from '../core/fold/ledger.js';
import { firstOf } from '../core/store/sequence.js';
import { readLedger, type ReadResult } from '../ingest/read-ledger.js';
import { isPipe, STANDARD_INPUT } from '../ingest/parse-cells.js';
import { writeConfigWarnings } from './config-warnings.js';
import { rowDiagnostic } from '../core/diagnostic.js';
import { writeDiagnostic } from './diagnostics.js';
import { startProgress, totalSize, wantsProgress } from './progress.js';
import { resolveGeneratedAt } from './generated-at.js';
import { ExitRequest, UsageError, type ExitCode } from './usage-error.js';

/** Options every reporting command takes. */
export interface CommonOptions {
  readonly config?: string;
  readonly asOf?: string;
  readonly format?: string;
  readonly output?: string;
  readonly force?: boolean;
}

/** The inputs of a run, read. */
export interface Inputs {
  readonly config: GrantConfig;
  readonly generatedAt: string;
  readonly read: ReadResult;
}

/** What a run needs before it reads any file: the configuration and the generation time. */
export async function prepareRun(options: CommonOptions): Promise<Omit<Inputs, 'read'>> {
  const generatedAt = resolveGeneratedAt(options.asOf, process.env, () => new Date());
  const config = await readConfig(options.config);
  writeConfigWarnings(config, options.config);
  return { config, generatedAt };
}

/** Reads the files (showing each row's outcome to `observer`, if given); refused files are reported and end the run with exit 2. */
export async function readInputs(files: readonly string[], config: GrantConfig, observer?: RowObserver): Promise<ReadResult> {
  if (files.length === 0) throw new UsageError('no input files given', 'name one or more CSV exports, e.g. exports/*.csv');
  if (files.length > MAX_INPUT_FILES) {
    throw new UsageError(`${formatCount(files.length)} input files given; one run reads at most ${formatCount(MAX_INPUT_FILES)}`, 'join exports of one ledger into fewer files, or reconcile a shorter period');
  }
  await refusePipesGivenTwice(files);
  const sink = { stream: process.stderr, env: process.env };
  // The sizes are looked up only for a line that will show: piped and CI runs do no extra I/O.
  const line = startProgress(wantsProgress(sink) ? await totalSize(files) : 0, sink);
  let read: ReadResult;
  try {
    read = await readLedger(files, config, observer, line.progress);
  } finally {
    line.stop();
  }
  if (read.refused.length > 0) {
    for (const refusal of read.refused) writeDiagnostic(refusal.diagnostic());
    const n = read.refused.length;
    process.stderr.write(`grant-recon: ${n} file${n === 1 ? '' : 's'} could not be used; nothing was reported\n`);
    throw new ExitRequest(2);
  }
  return read;
}

/** A pipe (standard input, a named pipe) can be read once: given twice, its second reading would find nothing. */
async function refusePipesGivenTwice(files: readonly string[]): Promise<void> {
  const seen = new Set<string>();
  for (const file of files) {
    if (!seen.has(file)) {
      seen.add(file);
      continue;
    }
    if (await isPipe(file)) {
      const what = file === STANDARD_INPUT ? 'standard input (-)' : `the pipe ${file}`;
      throw new UsageError(`${what} is given more than once, but a pipe can be read only once`, 'name it once among the inputs');
    }
  }
}

/** After a report is written: say on stderr what went wrong in the rows; the exit code, 1 when rows are in error. */
export function finishWithRowErrors(read: ReadResult, echo: boolean): ExitCode {
  const warnings = read.ledger.warnings.count;
  if (warnings > 0) process.stderr.write(`grant-recon: ${warnings} row${warnings === 1 ? '' : 's'} read with a warning (amounts rounded from float noise), listed in the report\n`);
  const errors = read.ledger.errors;
  if (errors.length === 0) return 0;
  if (echo) {
    // The fold records errors as it reads: already in input order, then line.
    const shown = [...firstOf(errors, 20)];
    for (const e of shown) writeDiagnostic(rowDiagnostic(e));
    if (errors.length > shown.length) process.stderr.write(`… and ${errors.length - shown.length} more rows in error, all listed in the report\n`);
  }
  process.stderr.write(`grant-recon: ${errors.length} row${errors.length === 1 ? '' : 's'} in error; the report was written in full (exit 1)\n`);
  return 1;
}
