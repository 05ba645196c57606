/**
 * Reads every input export into one Ledger: the thin I/O shell around the pure fold (core/fold/ledger.ts).
 * Files are read in command-line order, because duplicates are judged against earlier files.
 */
import type { GrantConfig } from '../core/grant-config.js';
import { completeConflicts, GlFileFold, type GlLayout } from '../core/fold/gl-file-fold.js';
import { LedgerFold, linesAccountedFor, type FileTally, type Ledger, type RowObserver } from '../core/fold/ledger.js';
import type { PayrollFileFold } from '../core/fold/payroll-file-fold.js';
import { isHeaderMatch, type HeaderMiss } from './header.js';
import { glLayout, HeaderSearch, inputProfiles, payrollLayout, requiredColumns, searchRows } from './layouts.js';
import type { SourceProfile } from './profiles.js';
import { parseAhead, runUsesWorkers, stopParsing } from './workers/worker-pool.js';
import { readCitedNets, type FirstReading } from './read-cited-rows.js';
import { newFileFacts, type FileFacts, type ReadProgress } from './parse-cells.js';
import { readRecordBatches, type RawRecord } from './read-records.js';
import { UnusableFileError } from './unusable-file.js';
import { unterminatedLastLine } from './last-line.js';
import { stat } from 'node:fs/promises';

/** One input file: its tally from the fold and the facts of reading it. */
export interface InputFile {
  readonly tally: FileTally;
  readonly facts: FileFacts;
}

/**
 * The ledger of the inputs, and the files that could not be used at all. The ledger and inputs are meaningful
 * only when nothing was refused: a file refused part-way has already folded some rows, so a run with a refused
 * file must report the refusals and nothing else (a claim is never made from part of the inputs).
 */
export interface ReadResult {
  readonly ledger: Ledger;
  readonly inputs: readonly InputFile[];
  readonly refused: readonly UnusableFileError[];
}

/** Reads the files into a ledger; a file that cannot be used is refused with its reason, the others still read. */
export async function readLedger(paths: readonly string[], config: GrantConfig, observer?: RowObserver, progress?: ReadProgress): Promise<ReadResult> {
  const fold = new LedgerFold(config, observer);
  const profiles = inputProfiles(config);
  const inputs: InputFile[] = [];
  const refused: UnusableFileError[] = [];
  /** Each GL export's layout, for reading again a row a conflicting duplicate cites. */
  const layouts = new Map<string, GlLayout>();
  const bytes = await regularFileBytes(paths);
  fold.expectRows(Math.floor(bytes / BYTES_A_ROW));
  const workers = runUsesWorkers(bytes);
  try {
    // Parses are queued in file order, each file's parts before the next file's, which the workers follow.
    // Unobserved, a GL export's rows are folded in the workers too; an observer is given each row from here.
    const foldWith = observer === undefined ? config : undefined;
    if (paths[0] !== undefined && workers) parseAhead(paths[0], foldWith);
    for (const [i, path] of paths.entries()) {
      const facts: FileFacts = newFileFacts();
      // The next file is parsed (in a worker, when large) while this one is folded.
      const next = paths[i + 1];
      if (next !== undefined && workers) parseAhead(next, foldWith);
      try {
        if (progress) progress.file = path;
        const tally = await readOneFile(path, fold, facts, profiles, { workers, foldWith }, progress, layouts);
        inputs.push({ tally, facts });
      } catch (error) {
        if (!(error instanceof UnusableFileError)) throw error;
        refused.push(error);
      }
    }
  } finally {
    await stopParsing();
  }
  const ledger = fold.finish();
  const { conflicts } = fold;
  // A run with a refused file reports the refusals alone: its conflicts' messages would not be shown.
  if (conflicts.length === 0 || refused.length > 0) return { ledger, inputs, refused };
  const readings = new Map<string, FirstReading>();
  for (const { tally, facts } of inputs) {
    const layout = layouts.get(tally.file);
    // A pipe was read once, and cannot be read again.
    if (layout !== undefined && facts.piped !== true) readings.set(tally.file, { layout, sha256: facts.sha256 });
  }
  const theirNet = await readCitedNets(
    conflicts.map((c) => c.with),
    readings,
  );
  return { ledger: { ...ledger, errors: completeConflicts(ledger.errors, conflicts, theirNet) }, inputs, refused };
}

/** The bytes a GL export's row takes, about (140 in the benchmark's realistic rows): too few rows guessed costs a doubling or two. */
const BYTES_A_ROW = 160;

/** The bytes of the inputs that are regular files (a pipe's size is not known). */
async function regularFileBytes(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const path of paths) {
    try {
      const facts = await stat(path);
      if (facts.isFile()) bytes += facts.size;
    } catch {
      // Its turn to be read says what is wrong with it.
    }
  }
  return bytes;
}

async function readOneFile(
  path: string,
  fold: LedgerFold,
  facts: FileFacts,
  profiles: readonly SourceProfile[],
  /** Whether large files are parsed in workers, and the configuration they fold a GL export with, if they do. */
  { workers, foldWith }: { readonly workers: boolean; readonly foldWith: GrantConfig | undefined },
  progress: ReadProgress | undefined,
  layouts: Map<string, GlLayout>,
): Promise<FileTally> {
  const above: RawRecord[] = [];
  const search = new HeaderSearch(profiles);
  let closest: { miss: HeaderMiss; line: number } | undefined;
  let fileFold: GlFileFold | PayrollFileFold | undefined;
  // The layout found, as the workers that fold the file's parts state theirs.
  let layout = '';
  for await (const batch of readRecordBatches(path, facts, progress, workers, foldWith)) {
    if (!Array.isArray(batch)) {
      // Rows a worker has folded with the same layout: judged for duplicates and counted here, in file order.
      batch.taken = fileFold instanceof GlFileFold && batch.folded.layout === layout ? fileFold.takeFolded(batch.folded, batch.firstLine) : 0;
      if (progress) progress.rows += batch.taken;
      continue;
    }
    if (progress) progress.rows += batch.length;
    let from = 0;
    if (fileFold === undefined) {
      for (; from < batch.length && fileFold === undefined; from++) {
        const record = batch[from] as RawRecord;
        const match = search.look(record.cells);
        if (isHeaderMatch(match)) {
          if (match.profile.id === 'gl') {
            const gl = glLayout(match);
            layout = JSON.stringify(gl);
            layouts.set(path, gl);
            fileFold = fold.beginGlFile(path, gl);
          } else {
            fileFold = fold.beginPayrollFile(path, payrollLayout(match));
          }
          fileFold.header(record.line, record.breaks);
          // What stood above the header is known for what it is only now, by the layout the header gives.
          for (const line of above) fileFold.aboveHeader(line.line, line.cells, line.breaks);
        } else {
          if (!closest || match.missing.length < closest.miss.missing.length) closest = { miss: match, line: record.line };
          above.push(record);
          if (search.exhausted) throw noHeader(path, closest, profiles);
        }
      }
      if (fileFold === undefined) continue;
    }
    for (let i = from; i < batch.length; i++) {
      const row = batch[i] as RawRecord;
      fileFold.accept(row.line, row.cells, row.breaks);
    }
  }
  if (fileFold === undefined) throw noHeader(path, closest, profiles);
  const tally = fileFold.end();
  // The line ledger: every physical line of the file, as counted from its bytes, has gone somewhere.
  const accounted = linesAccountedFor(tally.lines);
  if (accounted !== facts.lines) {
    throw new UnusableFileError(
      path,
      `the file has ${facts.lines} lines but its records account for ${accounted}, so some lines could not be read as the parser saw them`,
      'the file is damaged; export it again (and report this file to the maintainers of grant-recon)',
    );
  }
  // A file cut short ends inside a row: its last line, without a line break, stops short of the header's columns.
  const last = facts.piped ? undefined : await unterminatedLastLine(path, facts.encoding);
  if (last !== undefined && fileFold.cutShort(last)) {
    throw new UnusableFileError(
      path,
      `the file ends inside this row, with no line break after it: the row stops after column ${last.length} of the header's ${fileFold.width}, so its last cell, its amount among them, may be cut (a download or a copy that stopped)`,
      'export it again, or copy it again from where it was exported; no claim is made from part of a file',
      facts.lines,
    );
  }
  return tally;
}

function noHeader(path: string, closest: { miss: HeaderMiss; line: number } | undefined, profiles: readonly SourceProfile[]): UnusableFileError {
  if (!closest) return new UnusableFileError(path, 'the file holds no rows', 'export the ledger again');
  const { miss, line } = closest;
  if (miss.repeated) {
    return new UnusableFileError(
      path,
      `the header names column ${miss.repeated.name} more than once (columns ${miss.repeated.positions.join(', ')}), so it is unclear which to read`,
      'rename or remove the extra column and run again',
      line,
    );
  }
  const needs = (profile: SourceProfile): string => `a ${profile.label} needs ${requiredColumns(profile).join(', ')}`;
  const matched = requiredColumns(miss.profile).length - miss.missing.length;
  // A row that shares a column or two with a profile does not look like it: say what each profile needs.
  if (matched < Math.ceil(requiredColumns(miss.profile).length / 2)) {
    return new UnusableFileError(
      path,
      `no header row of a known export was found in the first ${searchRows(profiles)} rows`,
      `${profiles.map(needs).join('; ')} (in any order and case): check that this is the right file`,
    );
  }
  return new UnusableFileError(
    path,
    `no header row of a known export was found in the first ${searchRows(profiles)} rows; the closest (line ${line}) looks like a ${miss.profile.label} but lacks ${miss.missing.join(', ')}`,
    `${needs(miss.profile)} (in any order and case); check that this is the right file, or export it again with those columns`,
  );
}
