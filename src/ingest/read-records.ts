/**
 * Streams one export file as raw records, each with the physical line it starts on: parsed in this thread
 * (parse-cells.ts), or for a large file in worker threads (workers/worker-pool.ts), which may fold a GL export's rows
 * as well and give them as FoldedParcels.
 */
import type { GrantConfig } from '../core/grant-config.js';
import { FOLDED_WORDS, LINE } from '../core/fold/folded-batch.js';
import { checkReadable, explain, parseCells, recordLines, type FileFacts, type FoldedParcel, type ReadProgress } from './parse-cells.js';
import { forgetAhead, parseCellsInWorker, useWorker } from './workers/worker-pool.js';

/**
 * One CSV record as read: cells untouched, the 1-based physical line the record starts on, and the line breaks
 * inside it (in its quoted cells: the record spans `breaks + 1` physical lines).
 */
export interface RawRecord {
  readonly line: number;
  readonly cells: readonly string[];
  readonly breaks: number;
}

/** Opens `path` and yields its records one by one; throws UnusableFileError for a file that cannot be used at all. */
export async function* readRecords(path: string, facts: FileFacts): AsyncGenerator<RawRecord> {
  for await (const batch of readRecordBatches(path, facts)) {
    if (!Array.isArray(batch)) throw new Error('folded rows are given only to a reader that asks for them');
    yield* batch;
  }
}

/**
 * Opens `path` and yields its records in batches (whatever the parser has ready), so that the cost of an
 * asynchronous step is paid once a batch, not once a row; throws UnusableFileError for a file that cannot be used.
 * With `workers`, a large file is parsed in worker threads (workers/worker-pool.ts) while the caller folds the batches
 * before it; the caller must then call stopParsing() when it has read every file. With `foldWith` too, the rows of
 * a GL export are folded there as well, with that configuration, and given as FoldedParcels.
 */
export async function* readRecordBatches(path: string, facts: FileFacts, progress?: ReadProgress, workers = false, foldWith?: GrantConfig): AsyncGenerator<RawRecord[] | FoldedParcel> {
  let size: number | undefined;
  try {
    size = await checkReadable(path);
  } catch (error) {
    if (workers) forgetAhead(path);
    throw error;
  }
  if (size === undefined) facts.piped = true;
  const cells =
    size === undefined ? parseCells(path, facts, progress, undefined, true) : workers && useWorker(size) ? parseCellsInWorker(path, facts, progress, foldWith) : parseCells(path, facts, progress);
  let nextLine = 1;
  try {
    for await (const given of cells) {
      if ('folded' in given) {
        given.firstLine = nextLine;
        yield given;
        const { folded, taken } = given;
        nextLine += taken < folded.count ? (folded.rows[taken * FOLDED_WORDS + LINE] as number) : folded.lines;
        continue;
      }
      const { lines, next } = recordLines(given, nextLine);
      const batch: RawRecord[] = new Array<RawRecord>(given.cells.length);
      for (let i = 0; i < batch.length; i++) {
        const line = lines[i] as number;
        batch[i] = { line, cells: given.cells[i] as string[], breaks: (i + 1 < batch.length ? (lines[i + 1] as number) : next) - line - 1 };
      }
      nextLine = next;
      yield batch;
    }
  } catch (error) {
    throw explain(error, path, nextLine);
  }
}
