/**
 * The worker thread behind worker-pool.ts: parses the files it is given with parseCells (the same code as in
 * the main thread) and posts their cells batch by batch, or, where it is asked to fold them too (fold-part.ts),
 * their folded rows. It runs ahead of the fold by at most a bounded number of
 * records, then waits for the main thread to take them, so that memory stays bounded however large the file.
 */
import { parentPort } from 'node:worker_threads';
import { CsvError } from 'csv-parse';
import { DecodeError } from '../decode.js';
import { foldPart, type FoldJob, type PartOutput } from './fold-part.js';
import type { CellBatch, FileFacts, ReadProgress } from '../parse-cells.js';
import { LineTooLongError, newFileFacts, parseCells } from '../parse-cells.js';
import type { ToMain, ToWorker } from './worker-pool.js';

/** Records posted and not yet taken, beyond which the worker waits. */
const AHEAD = 65_536;

const port = parentPort;
if (port === null) throw new Error('worker-thread.js runs only as a worker thread');

let current = -1;
let ahead = 0;
let cancelled = false;
let wake: (() => void) | undefined;
let queue = Promise.resolve();

const post = (message: ToMain, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

port.on('message', (message: ToWorker) => {
  if (message.type === 'job') {
    queue = queue.then(() => run(message.id, message.path, message.start, message.end, message.fold));
  } else if (message.id !== current) {
    // About a parse that has already ended: nothing to do.
  } else if (message.type === 'taken') {
    ahead -= message.records;
    if (ahead <= AHEAD) resume();
  } else {
    cancelled = true;
    resume();
  }
});

async function* plain(batches: AsyncIterable<CellBatch>): AsyncGenerator<PartOutput> {
  for await (const batch of batches) yield { cells: batch };
}

function resume(): void {
  const go = wake;
  wake = undefined;
  go?.();
}

async function run(id: number, path: string, start: number, end: number | undefined, fold: FoldJob | undefined): Promise<void> {
  current = id;
  ahead = 0;
  cancelled = false;
  const facts: FileFacts = newFileFacts();
  const progress: ReadProgress = { file: path, bytes: 0, rows: 0 };
  try {
    // A part of a file after its first starts a line; the encoding is decided afresh (the main thread checks it).
    const range = start === 0 && end === undefined ? undefined : { start, end, before: start === 0 ? undefined : { encoding: 'ascii' as const, lineBreaks: 0 } };
    const cells = parseCells(path, facts, progress, range);
    for await (const out of fold ? foldPart(cells, fold) : plain(cells)) {
      if (cancelled) break;
      if ('layout' in out) {
        post({ type: 'layout', id, layout: out.layout });
        continue;
      }
      if ('cells' in out) {
        post({ type: 'batch', id, batch: out.cells, bytes: progress.bytes, encoding: facts.encoding });
        ahead += out.cells.cells.length;
      } else {
        const { folded } = out;
        post({ type: 'folded', id, folded, bytes: progress.bytes, encoding: facts.encoding }, [folded.rows.buffer as ArrayBuffer, folded.pence.buffer as ArrayBuffer]);
        ahead += folded.count;
      }
      while (ahead > AHEAD && !cancelled) await new Promise<void>((resolve) => (wake = resolve));
      if (cancelled) break;
    }
    post(cancelled ? { type: 'cancelled', id } : { type: 'end', id, facts });
  } catch (error) {
    const e = error as Error & { code?: string };
    const name = error instanceof CsvError ? 'CsvError' : error instanceof DecodeError ? 'DecodeError' : e.name;
    const at =
      error instanceof DecodeError
        ? { byteOffset: error.byteOffset, line: error.line }
        : { byteOffset: undefined, line: error instanceof LineTooLongError ? error.line : undefined };
    post({ type: 'error', id, error: { name, message: e.message, code: e.code, ...at } });
  }
}
