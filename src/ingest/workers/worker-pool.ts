/**
 * Parsing in worker threads: csv-parse is most of the cost of reading an export, and runs in worker threads, one
 * part of a file each. Unobserved, a GL export's rows are folded there too (core/fold/part-ledger.ts), each as if no
 * earlier row shared its key; the main thread then judges duplicates and counts the rows in file order, so its
 * figures are those of a run without workers, byte for byte. Otherwise (payroll exports, a run that observes every
 * row) the workers only turn bytes into cells, with the same code (parseCells), and the main thread folds them.
 *
 * While one file is folded the next is already being parsed (readLedger asks for it ahead), each worker running at
 * most a bounded number of records ahead of the fold. Small inputs are parsed in the main thread, where starting
 * a worker would cost more than it saves: a file under MIN_BYTES, and every file of a run that reads under
 * MIN_RUN_BYTES in all. GRANT_RECON_WORKERS=0 turns workers off; =always uses them for every file, however small
 * (tests use it to prove that both ways agree).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CsvError, type CsvErrorCode } from 'csv-parse';
import { DecodeError, LineBreakCounter, type TextEncodingName } from '../decode.js';
import type { GrantConfig } from '../../core/grant-config.js';
import type { FoldedRows } from '../../core/fold/folded-batch.js';
import type { GlLayout } from '../../core/fold/ledger.js';
import type { FoldJob } from './fold-part.js';
import { workerSettings } from './worker-settings.js';
import { LineTooLongError, newFileFacts, parseCells, sliceBatch, type CellBatch, type FileFacts, type FoldedParcel, type ReadProgress } from '../parse-cells.js';

/** From the main thread to a worker. */
export type ToWorker =
  | { readonly type: 'job'; readonly id: number; readonly path: string; readonly start: number; readonly end: number | undefined; readonly fold: FoldJob | undefined }
  | { readonly type: 'taken'; readonly id: number; readonly records: number }
  | { readonly type: 'cancel'; readonly id: number };

/** An error as it crosses from a worker: enough to rebuild the DecodeError or CsvError the reader explains. */
export interface CrossingError {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
  readonly byteOffset: number | undefined;
  readonly line: number | undefined;
}

/** From a worker to the main thread. */
export type ToMain =
  | { readonly type: 'batch'; readonly id: number; readonly batch: CellBatch; readonly bytes: number; readonly encoding: TextEncodingName }
  | { readonly type: 'folded'; readonly id: number; readonly folded: FoldedRows; readonly bytes: number; readonly encoding: TextEncodingName }
  | { readonly type: 'layout'; readonly id: number; readonly layout: GlLayout | undefined }
  | { readonly type: 'end'; readonly id: number; readonly facts: FileFacts }
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly error: CrossingError };

/**
 * A worker's heap: what it keeps alive is small (under 4 MB: the parser's state and the batch being folded), so
 * its old generation is capped, to be collected instead of growing. Its young generation, where the parser's
 * short-lived cells die, is 8 MB: in alternating runs of 1,000,000 rows, 8 MB took as long as 48 MB for about
 * 20 MiB less at the peak, and 4 MB took a fifth longer. Should a worker still run out, it fails, and its file is
 * parsed again here. GRANT_RECON_WORKER_HEAP_MB sets the old generation's limit (tests make it tiny, to see that
 * happen).
 */
function workerHeap(): { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number } {
  return { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: workerSettings().heapMb ?? 24 };
}

/** Files smaller than this are parsed in the main thread. */
const MIN_BYTES = 4 * 1024 * 1024;
/**
 * A run that reads fewer bytes than this, in all its files, parses them in the main thread. Each worker loads the
 * code and compiles csv-parse and the fold afresh: on one file of the benchmark's rows, two workers took 1.2 s of
 * CPU more than the main thread alone at 26 MB and 1.5 s more at 50 MB, and finished no sooner up to 36 MB (6% sooner
 * at 50 MB). Measured alternately, docs/performance.md.
 */
const MIN_RUN_BYTES = 40 * 1024 * 1024;
const WORKER_FILE = fileURLToPath(new URL('./worker-thread.js', import.meta.url));

/** Should a run that reads `bytes` in all (its regular files) use workers for its large files? */
export function runUsesWorkers(bytes: number): boolean {
  const { use } = workerSettings();
  return use === 'always' || (use === 'by-size' && bytes >= MIN_RUN_BYTES);
}

/** Should a file of `size` bytes be parsed in a worker? Never when the worker's code is not built (running from source). */
export function useWorker(size: number): boolean {
  const { use } = workerSettings();
  if (use === 'never' || !workerBuilt()) return false;
  return use === 'always' || size >= MIN_BYTES;
}

let built: boolean | undefined;
function workerBuilt(): boolean {
  built ??= existsSync(WORKER_FILE);
  return built;
}

/**
 * A file whose parts are folded in the workers as well as parsed: the layout its first part found, which the other
 * parts wait for (undefined once decided: they are parsed only).
 */
interface Folding {
  readonly config: GrantConfig;
  decided: boolean;
  layout: GlLayout | undefined;
}

/** One file's parse in a worker: what has arrived and not yet been taken, and how it ended. */
class Job {
  readonly arrived: { readonly batch: CellBatch | FoldedParcel; readonly encoding: TextEncodingName }[] = [];
  bytes = 0;
  ended: { facts: FileFacts } | { error: Error } | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly id: number,
    readonly path: string,
    readonly start: number,
    readonly end: number | undefined,
    readonly folding: Folding | undefined,
  ) {}

  /** What the worker is to do: fold (the first part finds the layout itself), or parse only. */
  get fold(): FoldJob | undefined {
    const { folding } = this;
    if (folding === undefined) return undefined;
    if (this.start === 0) return { config: folding.config, layout: undefined };
    return folding.layout && { config: folding.config, layout: folding.layout };
  }

  /** Can the job start? Not a later part of a file to fold before the first part has found its layout. */
  get ready(): boolean {
    return this.folding === undefined || this.start === 0 || this.folding.decided;
  }

  /** A message about this job (the pool handles a layout itself). */
  receive(message: Exclude<ToMain, { type: 'layout' }>): void {
    if (message.type === 'batch') {
      this.arrived.push({ batch: message.batch, encoding: message.encoding });
      this.bytes = message.bytes;
    } else if (message.type === 'folded') {
      this.arrived.push({ batch: { folded: message.folded, firstLine: 0, taken: message.folded.count }, encoding: message.encoding });
      this.bytes = message.bytes;
    } else if (message.type === 'end') {
      this.ended = { facts: message.facts };
    } else if (message.type === 'error') {
      this.ended = { error: rebuild(message.error) };
    } else {
      this.ended = { error: new Error('cancelled') };
    }
    if (this.ended) this.decided(undefined);
    const go = this.wake;
    this.wake = undefined;
    go?.();
  }

  /** The first part has found its layout (or ended without one): the other parts may start. */
  decided(layout: GlLayout | undefined): void {
    const { folding } = this;
    if (this.start !== 0 || folding === undefined || folding.decided) return;
    folding.decided = true;
    folding.layout = layout;
  }

  /** Waits until something has arrived or the parse has ended. */
  async next(): Promise<void> {
    if (this.arrived.length > 0 || this.ended) return;
    await new Promise<void>((resolve) => (this.wake = resolve));
  }
}

/** The workers, each parsing one file at a time, and the files waiting for one. */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly waiting: Job[] = [];
  private readonly jobs = new Map<number, Job>();
  /** Jobs started and not yet finished with by their reader: their batches may wait in memory. */
  private readonly open = new Set<Job>();
  private workers = 0;
  private nextId = 0;
  private readonly size = Math.max(1, Math.min(availableParallelism(), 4));

  /** Queues a parse of bytes [start, end) of `path`; it starts as soon as a worker is free. */
  start(path: string, start: number, end: number | undefined, folding: Folding | undefined): Job {
    const job = new Job(this.nextId++, path, start, end, folding);
    this.jobs.set(job.id, job);
    this.waiting.push(job);
    this.dispatch();
    return job;
  }

  taken(job: Job, records: number): void {
    this.send(job, { type: 'taken', id: job.id, records });
  }

  /** The reader is done with the job (read to its end, or given up): another may start. */
  finished(job: Job): void {
    if (this.open.delete(job)) this.dispatch();
  }

  cancel(job: Job): void {
    this.finished(job);
    if (job.ended) return;
    const index = this.waiting.indexOf(job);
    if (index >= 0) {
      job.decided(undefined);
      this.waiting.splice(index, 1);
      this.jobs.delete(job.id);
      return;
    }
    this.send(job, { type: 'cancel', id: job.id });
  }

  private send(job: Job, message: ToWorker): void {
    for (const [worker, running] of this.running) if (running === job) worker.postMessage(message);
  }

  private dispatch(): void {
    // One job more than there are workers may be open, so that a worker is never idle for want of a job, while the
    // batches parsed ahead of the fold stay bounded.
    while (this.open.size <= this.size) {
      const index = this.waiting.findIndex((job) => job.ready);
      if (index < 0) return;
      let worker = this.idle.pop();
      if (worker === undefined && this.workers < this.size) worker = this.spawn();
      if (worker === undefined) return;
      const job = this.waiting.splice(index, 1)[0] as Job;
      this.open.add(job);
      this.running.set(worker, job);
      worker.postMessage({ type: 'job', id: job.id, path: job.path, start: job.start, end: job.end, fold: job.fold } satisfies ToWorker);
    }
  }

  async stop(): Promise<void> {
    const all = [...this.idle, ...this.running.keys()];
    this.idle.length = 0;
    this.running.clear();
    this.waiting.length = 0;
    await Promise.all(all.map((worker) => worker.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_FILE, { resourceLimits: workerHeap() });
    this.workers++;
    worker.on('message', (message: ToMain) => {
      const job = this.jobs.get(message.id);
      if (message.type === 'layout') {
        job?.decided(message.layout);
        this.dispatch();
        return;
      }
      job?.receive(message);
      if (message.type !== 'batch' && message.type !== 'folded') {
        this.jobs.delete(message.id);
        this.running.delete(worker);
        this.idle.push(worker);
        this.dispatch();
      }
    });
    worker.on('error', (error) => {
      // A fault in the worker itself (not a fault of the file): its job fails with it, and the worker is gone.
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.workers--;
      if (job) job.receive({ type: 'error', id: job.id, error: { name: 'Error', message: `the parsing thread failed: ${error.message}`, code: undefined, byteOffset: undefined, line: undefined } });
      this.dispatch();
    });
    return worker;
  }
}

let pool: WorkerPool | undefined;
/** Parses started ahead of their turn, by path, oldest first. */
const ahead = new Map<string, FilePlan[]>();

/** How a file is parsed: as a whole in one worker, or in parts (one worker each), with its hash taken here. */
interface FilePlan {
  readonly size: number;
  readonly jobs: readonly Job[];
  /** For a file in parts: its SHA-256 and physical lines, read alongside. */
  readonly whole: Promise<WholeFileFacts> | undefined;
}

/**
 * Starts parsing `path` in workers ahead of its turn, when it is a file large enough to be worth one; with
 * `config`, a GL export is folded there too (core/fold/part-ledger.ts).
 */
export function parseAhead(path: string, config?: GrantConfig): void {
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) return;
    size = info.size;
  } catch {
    return; // Its turn will say what is wrong with it.
  }
  if (!useWorker(size)) return;
  const plans = ahead.get(path) ?? [];
  plans.push(plan(path, size, config));
  ahead.set(path, plans);
}

/** Gives up the oldest parse started ahead for `path` and not taken (its file was refused before parsing). */
export function forgetAhead(path: string): void {
  const plans = ahead.get(path);
  const dropped = plans?.shift();
  if (plans?.length === 0) ahead.delete(path);
  if (dropped && pool) for (const job of dropped.jobs) pool.cancel(job);
}

/**
 * As parseCells, in workers: the cells of every record, batch by batch, in file order; throws what parseCells
 * would throw. A large file is cut into parts at line starts, each parsed by whichever worker is free, and their
 * batches are given in order. A part is trusted only as far as the bytes before it prove its cut right:
 * - the part before must end outside quotes (else it ends in an error);
 * - it must decide the encoding as the bytes before it did (the first non-ASCII character decides).
 * Where either fails, or a part meets any error, the rest of the file from that part's start is parsed here, as
 * one piece, with the encoding and line count of the bytes before it, after the records already given: so the
 * records, and any error, are exactly those of parsing the whole file in one piece.
 *
 * With `config` (and a plan made with it), a GL export's records below its header come folded (FoldedParcel).
 * Where the reader takes fewer records of a parcel than it holds, or the worker stopped after it, the rest of the
 * file is parsed here in the same way, from the first record not taken.
 */
export async function* parseCellsInWorker(path: string, facts: FileFacts, progress?: ReadProgress, config?: GrantConfig): AsyncGenerator<CellBatch | FoldedParcel> {
  const plans = ahead.get(path);
  const taken = plans?.shift() ?? plan(path, statSync(path).size, config);
  if (plans?.length === 0) ahead.delete(path);
  const workers = pool as WorkerPool;
  // The encoding the parts read so far have decided (ascii: none yet).
  let decided: TextEncodingName = 'ascii';
  let k = 0;
  try {
    for (; k < taken.jobs.length; k++) {
      const job = taken.jobs[k] as Job;
      let given = 0;
      let bytesSeen = 0;
      let resumeHere = false;
      for (;;) {
        await job.next();
        const arrived = job.arrived.shift();
        if (arrived !== undefined) {
          const { batch, encoding } = arrived;
          // The first part, or the first to meet a non-ASCII character, decides; a later part must agree.
          if (k === 0 || decided === 'ascii') decided = encoding;
          else if (encoding !== 'ascii' && encoding !== decided) {
            resumeHere = true;
            break;
          }
          if (progress) progress.bytes += job.bytes - bytesSeen;
          bytesSeen = job.bytes;
          yield batch;
          if ('folded' in batch) {
            // The reader takes folded rows as far as it can, and reads on from cells where it cannot.
            given += batch.taken;
            workers.taken(job, batch.folded.count);
            if (batch.taken < batch.folded.count || batch.folded.stop) {
              resumeHere = true;
              break;
            }
          } else {
            given += batch.cells.length;
            workers.taken(job, batch.cells.length);
          }
          continue;
        }
        const ended = job.ended;
        if (ended === undefined) continue;
        if ('error' in ended) {
          // A whole file's fault that names its own line (the worker counted every line before it) is what one
          // piece meets too. Anything else is parsed again here from the records given, so that a refusal names the
          // line a read in one piece names: a CsvError's line is where the reader stands, and the worker had
          // parsed records it never gave (a parcel being folded, a batch being read).
          if (taken.jobs.length === 1 && namesItsLine(ended.error)) throw ended.error;
          resumeHere = true;
          break;
        }
        if (taken.jobs.length === 1) Object.assign(facts, ended.facts);
        workers.finished(job);
        break;
      }
      if (resumeHere) {
        for (const later of taken.jobs.slice(k)) workers.cancel(later);
        yield* parseRestHere(path, job.start, decided, given, facts, progress);
        decided = facts.encoding;
        break;
      }
    }
    if (taken.whole) {
      const whole = await taken.whole;
      facts.sha256 = whole.sha256;
      facts.lines = whole.lines;
      facts.bytes = taken.size;
      facts.encoding = decided;
    }
  } finally {
    for (const job of taken.jobs.slice(k)) workers.cancel(job);
  }
}

/** Below this, a file is parsed by one worker as a whole; above, in parts of about this size. */
function partBytes(): number {
  return workerSettings().partBytes ?? 4 * 1024 * 1024;
}

/** Queues the parse of a file: its parts cut at the line start after every partBytes(). */
function plan(path: string, size: number, config: GrantConfig | undefined): FilePlan {
  pool ??= new WorkerPool();
  const cuts = size >= 2 * partBytes() ? lineStartsNear(path, size, partBytes()) : [];
  const starts = [0, ...cuts];
  const folding = config && { config, decided: false, layout: undefined };
  const jobs = starts.map((start, i) => (pool as WorkerPool).start(path, start, starts[i + 1], folding));
  const whole = cuts.length > 0 ? readWholeFileFacts(path) : undefined;
  // A run that stops before this file's turn never asks for its hash: that is no error of the run.
  whole?.catch(() => undefined);
  return { size, jobs, whole };
}

/**
 * The first line start at or after each multiple of `part` (a line start: just after an LF); none for a UTF-16
 * file, whose line breaks are two bytes that a cut could split.
 */
function lineStartsNear(path: string, size: number, part: number): number[] {
  const cuts: number[] = [];
  const window = Buffer.alloc(64 * 1024);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, window, 0, 2, 0);
    if ((window[0] === 0xff && window[1] === 0xfe) || (window[0] === 0xfe && window[1] === 0xff)) return [];
    for (let at = part; at < size; at += part) {
      if (cuts.length > 0 && at <= (cuts[cuts.length - 1] as number)) continue;
      const read = readSync(fd, window, 0, window.length, at);
      const lf = window.subarray(0, read).indexOf(10);
      if (lf >= 0 && at + lf + 1 < size) cuts.push(at + lf + 1);
    }
  } finally {
    closeSync(fd);
  }
  return cuts;
}

/** The SHA-256 of a file's bytes, in hex. */
export async function sha256Of(path: string): Promise<string> {
  return (await readWholeFileFacts(path)).sha256;
}

/** What a file in parts is known by as a whole: the SHA-256 of its bytes, and its physical lines. */
interface WholeFileFacts {
  readonly sha256: string;
  readonly lines: number;
}

/**
 * The SHA-256 and physical lines of a file whose line breaks are single bytes (ASCII, UTF-8, Windows-1252: the
 * files that are cut into parts; a UTF-16 file is parsed whole, and its lines counted as it is decoded).
 */
async function readWholeFileFacts(path: string): Promise<WholeFileFacts> {
  const hash = createHash('sha256');
  const lines = new LineBreakCounter();
  // One block, read into again and again: a stream's fresh buffer for each chunk cost four times the hash itself
  // (the pages of each new buffer are faulted in, then collected).
  const block = Buffer.allocUnsafe(1 << 20);
  const file = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await file.read(block, 0, block.length, null);
      if (bytesRead === 0) break;
      const piece = block.subarray(0, bytesRead);
      hash.update(piece);
      lines.bytes(piece);
    }
  } finally {
    await file.close();
  }
  return { sha256: hash.digest('hex'), lines: lines.lines };
}

/**
 * The rest of a file from `start` (a line start), parsed here in one piece, after the first `skip` records
 * (given already), with the encoding the bytes before it decided and their line count.
 */
async function* parseRestHere(path: string, start: number, decided: TextEncodingName, skip: number, facts: FileFacts, progress?: ReadProgress): AsyncGenerator<CellBatch> {
  const encoding: 'ascii' | 'utf-8' | 'windows-1252' = decided === 'utf-8' || decided === 'windows-1252' ? decided : 'ascii';
  const rest: FileFacts = { ...newFileFacts(), encoding };
  let left = skip;
  const range = start === 0 ? undefined : { start, end: undefined, before: { encoding, lineBreaks: lineBreaksBefore(path, start) } };
  for await (const batch of parseCells(path, rest, progress, range)) {
    if (left >= batch.cells.length) {
      left -= batch.cells.length;
      continue;
    }
    yield left > 0 ? sliceBatch(batch, left, batch.cells.length) : batch;
    left = 0;
  }
  // From the file's start, this parse read it all: its facts are the file's.
  if (start === 0) Object.assign(facts, rest);
  else facts.encoding = rest.encoding;
}

/** A fault of the file that carries its own line, counted by the decoder from the file's first byte (not the reader's place). */
function namesItsLine(error: Error): boolean {
  return error instanceof DecodeError || error instanceof LineTooLongError;
}

/** Line breaks (CRLF, CR or LF each once) in the first `end` bytes of a file. */
function lineBreaksBefore(path: string, end: number): number {
  const block = Buffer.alloc(1 << 20);
  const lines = new LineBreakCounter();
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < end; ) {
      const read = readSync(fd, block, 0, Math.min(block.length, end - at), at);
      if (read === 0) break;
      lines.bytes(block.subarray(0, read));
      at += read;
    }
  } finally {
    closeSync(fd);
  }
  return lines.breaks;
}

/** Stops every worker: parses not taken by now never will be. */
export async function stopParsing(): Promise<void> {
  const stopping = pool;
  pool = undefined;
  ahead.clear();
  await stopping?.stop();
}

function rebuild(error: CrossingError): Error {
  if (error.name === 'DecodeError') return new DecodeError(error.message, error.byteOffset ?? 0, error.line ?? 1, error.code === 'nul' ? 'nul' : 'encoding');
  if (error.name === 'CsvError' && error.code !== undefined) return new CsvError(error.code as CsvErrorCode, error.message);
  if (error.name === 'LineTooLongError' && error.line !== undefined) return new LineTooLongError(error.line);
  return new Error(error.message);
}
