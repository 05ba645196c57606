/**
 * Reads every input export into one Ledger: the thin I/O shell around the pure fold (core/ledger.ts).
 * Files are read in command-line order, because duplicates are judged against earlier files.
 */
import type { GrantConfig } from '../config/grant-config.js';
import type { GlFileFold } from '../core/gl-rows.js';
import { LedgerFold, type FileTally, type GlLayout, type Ledger, type PayrollLayout, type RowObserver } from '../core/ledger.js';
import type { PayrollFileFold } from '../core/payroll-rows.js';
import { HEADER_SEARCH_ROWS, isHeaderMatch, matchHeader, type HeaderMatch, type HeaderMiss } from './header.js';
import { BUILT_IN_PROFILES, profileFromSpec, type SourceProfile } from './profiles.js';
import { parseAhead, stopParsing } from './parse-workers.js';
import { readRecordBatches, type FileFacts, type RawRecord, type ReadProgress } from './read-records.js';
import { UnusableFileError } from './unusable-file.js';

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
  // Configured layouts first, so that a layout the analyst described wins over a built-in one.
  const profiles = [...config.profiles.map(profileFromSpec), ...BUILT_IN_PROFILES];
  const inputs: InputFile[] = [];
  const refused: UnusableFileError[] = [];
  try {
    // Parses are queued in file order, each file's parts before the next file's, which the workers follow.
    if (paths[0] !== undefined) parseAhead(paths[0]);
    for (const [i, path] of paths.entries()) {
      const facts: FileFacts = { sha256: '', bytes: 0, encoding: 'ascii' };
      // The next file is parsed (in a worker, when large) while this one is folded.
      const next = paths[i + 1];
      if (next !== undefined) parseAhead(next);
      try {
        if (progress) progress.file = path;
        const tally = await readOneFile(path, fold, facts, profiles, progress);
        inputs.push({ tally, facts });
      } catch (error) {
        if (!(error instanceof UnusableFileError)) throw error;
        refused.push(error);
      }
    }
  } finally {
    await stopParsing();
  }
  return { ledger: fold.finish(), inputs, refused };
}

async function readOneFile(path: string, fold: LedgerFold, facts: FileFacts, profiles: readonly SourceProfile[], progress?: ReadProgress): Promise<FileTally> {
  const above: RawRecord[] = [];
  let closest: { miss: HeaderMiss; line: number } | undefined;
  let fileFold: GlFileFold | PayrollFileFold | undefined;
  for await (const batch of readRecordBatches(path, facts, progress, true)) {
    if (progress) progress.rows += batch.length;
    let from = 0;
    if (fileFold === undefined) {
      for (; from < batch.length && fileFold === undefined; from++) {
        const record = batch[from] as RawRecord;
        const match = matchHeader(record.cells, profiles);
        if (isHeaderMatch(match)) {
          const blankAbove = above.filter((r) => r.cells.every((c) => c.trim() === '')).length;
          fileFold =
            match.profile.id === 'gl'
              ? fold.beginGlFile(path, glLayout(match), above.length - blankAbove)
              : fold.beginPayrollFile(path, payrollLayout(match), above.length - blankAbove);
          fileFold.tally.blankLines = blankAbove;
        } else {
          if (!closest || match.missing.length < closest.miss.missing.length) closest = { miss: match, line: record.line };
          above.push(record);
          if (above.length >= searchRows(profiles)) throw noHeader(path, closest, profiles);
        }
      }
      if (fileFold === undefined) continue;
    }
    for (let i = from; i < batch.length; i++) {
      const row = batch[i] as RawRecord;
      fileFold.accept(row.line, row.cells);
    }
  }
  if (fileFold === undefined) throw noHeader(path, closest, profiles);
  return fileFold.end();
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

/** How many rows are searched for a header: the default, or more where a configured layout asks for it. */
function searchRows(profiles: readonly SourceProfile[]): number {
  return Math.max(HEADER_SEARCH_ROWS, ...profiles.map((p) => p.headerSearchRows ?? 0));
}

function requiredColumns(profile: SourceProfile): string[] {
  return profile.columns.filter((c) => c.required).map((c) => c.header ?? c.name);
}

function columnIndex(match: HeaderMatch): (name: string) => number {
  return (name) => {
    const index = match.columns.get(name);
    if (index === undefined) throw new Error(`profile column ${name} not mapped`);
    return index;
  };
}

function payrollLayout(match: HeaderMatch): PayrollLayout {
  const at = columnIndex(match);
  return {
    payrollPeriod: at('Payroll Period'),
    employeeNumber: at('Employee Number'),
    staffType: at('Staff Type'),
    costCentre: at('Cost Centre'),
    payElement: at('Pay Element'),
    amount: at('Amount'),
    payDate: match.columns.get('Pay Date'),
    width: match.width,
  };
}

function glLayout(match: HeaderMatch): GlLayout {
  const at = columnIndex(match);
  return {
    documentNumber: at('Document Number'),
    line: match.columns.get('Line'),
    key: match.profile.key.map((name) => [name, at(name)] as const),
    postingDate: at('Posting Date'),
    costCentre: at('Cost Centre'),
    account: at('Account Code'),
    net: at('Net Amount'),
    period: match.columns.get('Period'),
    width: match.width,
    ...(match.profile.monthFirst ? { monthFirst: true } : {}),
  };
}
