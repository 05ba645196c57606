/**
 * Parses one export file into batches of cells: bytes → decoded text → csv-parse, never the whole file in one
 * string, in the main thread or in a worker thread alike (workers/worker-thread.ts runs this code too). Each batch
 * carries the physical lines of its records, so every diagnostic can say `file:line`; read-records.ts chooses
 * where a file is parsed and gives its records.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, pipeline, type Readable } from 'node:stream';
import { parse, CsvError, type Options, type Parser } from 'csv-parse';
import type { FoldedRows } from '../core/fold/folded-batch.js';
import { DecodeError, ExportDecoder, type TextEncodingName } from './decode.js';
import { sniffNotCsv } from './sniff.js';
import { UnusableFileError } from './unusable-file.js';


/** What reading a file learnt besides its records; complete once the records are exhausted. */
export interface FileFacts {
  sha256: string;
  bytes: number;
  encoding: TextEncodingName;
  /** Physical lines, counted from the bytes (CRLF, LF or CR ends one; text after the last break is one more). */
  lines: number;
  /** Read from a pipe or standard input, once: it cannot be read again. */
  piped?: boolean;
}

/** The name that stands for standard input among the inputs. */
export const STANDARD_INPUT = '-';

/** Is the input a pipe (standard input, or a named pipe), which can be read only once? */
export async function isPipe(path: string): Promise<boolean> {
  if (path === STANDARD_INPUT) return true;
  try {
    return (await stat(path)).isFIFO();
  } catch {
    return false; // Its turn to be read will say what is wrong with it.
  }
}

/** New, empty facts, for a reader to fill in. */
export function newFileFacts(): FileFacts {
  return { sha256: '', bytes: 0, encoding: 'ascii', lines: 0 };
}

/** How far reading has got, updated as bytes and records go by, for a progress line to read. */
export interface ReadProgress {
  /** The file being read now. */
  file: string;
  /** Bytes read so far, over every file. */
  bytes: number;
  /** Records read so far, over every file. */
  rows: number;
}

/** The longest record accepted, in characters (its line ending aside); a longer one is a broken file, not a ledger line. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * The longest physical line accepted, in bytes (or characters of UTF-16 text), checked while the bytes stream in,
 * before the parser holds the line's cells: a line of 40,000,000 commas took 2 GB as empty cells before its record
 * could be measured. A record holds at least a quarter as many characters as the bytes of its line (a character
 * is at most 4 bytes; the quotes of an empty cell and its comma are 3 bytes for one comma), so a longer line is
 * always a record longer than MAX_RECORD_CHARS.
 */
export const MAX_LINE_LENGTH = 4 * MAX_RECORD_CHARS + 4;

/** A physical line longer than MAX_LINE_LENGTH: the file is refused at that line. */
export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is longer than ${MAX_LINE_LENGTH - 4} bytes`);
    this.name = 'LineTooLongError';
  }
}

/**
 * Rows a worker thread has folded as well as parsed (core/fold/part-ledger.ts, with `foldWith`): the reader takes them
 * (GlFileFold.takeFolded) and says how many it took; where it took fewer, the records from there on are given
 * again as cells.
 */
export interface FoldedParcel {
  readonly folded: FoldedRows;
  /** The line of the first record (set as the parcel is given). */
  firstLine: number;
  /** How many records the reader took (set by the reader; all of them unless it says otherwise). */
  taken: number;
}

/**
 * Records as parsed: their cells, and the line breaks inside records that hold any, as pairs of the record's
 * index in `cells` and its count (undefined: none), so that line numbers cost nothing for the rest.
 */
export interface CellBatch {
  readonly cells: string[][];
  readonly breaks: number[] | undefined;
}

/** The line each record of a batch starts on, the first on `first`, and the line after the last record. */
export function recordLines(batch: CellBatch, first: number): { readonly lines: Float64Array; readonly next: number } {
  const { cells, breaks } = batch;
  const lines = new Float64Array(cells.length);
  let line = first;
  let pair = 0;
  for (let i = 0; i < cells.length; i++) {
    lines[i] = line++;
    if (breaks !== undefined && breaks[pair] === i) {
      line += breaks[pair + 1] as number;
      pair += 2;
    }
  }
  return { lines, next: line };
}

/** Records [from, to) of a batch. */
export function sliceBatch(batch: CellBatch, from: number, to: number): CellBatch {
  let breaks: number[] | undefined;
  const pairs = batch.breaks ?? [];
  for (let i = 0; i < pairs.length; i += 2) {
    const index = pairs[i] as number;
    if (index >= from && index < to) (breaks ??= []).push(index - from, pairs[i + 1] as number);
  }
  return { cells: batch.cells.slice(from, to), breaks };
}

/** Part of a file, from the start of a line: bytes [start, end) (end undefined: to the end of the file). */
export interface ByteRange {
  readonly start: number;
  readonly end: number | undefined;
  /**
   * The encoding the bytes before `start` decided (ascii: none yet), and the line breaks among them; undefined
   * for a range from the file's start, read as the whole file is (a byte-order mark first).
   */
  readonly before: { readonly encoding: 'ascii' | 'utf-8' | 'windows-1252'; readonly lineBreaks: number } | undefined;
}

/**
 * The cells of every record of `path` (or of a range of it), batch by batch, as csv-parse gives them; throws
 * DecodeError or CsvError where the file cannot be read on. `facts.encoding` is the encoding decided so far, as
 * each batch is given; the rest of `facts` is filled in once the last batch is taken (the size is that of the bytes
 * read; the hash is the whole file's, and empty for a range).
 */
export async function* parseCells(path: string, facts: FileFacts, progress?: ReadProgress, range?: ByteRange, piped = false): AsyncGenerator<CellBatch> {
  // A range's hash would be of part of the file, which nothing reads: the file's own is taken whole.
  const hash = range === undefined ? createHash('sha256') : undefined;
  const decoder = new ExportDecoder(range?.before && { ...range.before, offset: range.start });
  let bytes = 0;
  // A pipe is looked at for what it is (sniffNotCsv) as its first bytes arrive: it cannot be opened twice.
  let head: Buffer | undefined = piped ? Buffer.alloc(0) : undefined;

  /** Decodes a chunk, refusing at once a line too long to be a ledger line. */
  const decoded = (chunk: Buffer, last: boolean): Buffer => {
    const utf8 = last ? Buffer.concat([decoder.writeUtf8(chunk), decoder.endUtf8()]) : decoder.writeUtf8(chunk);
    const longest = decoder.longestLine;
    if (longest.length > MAX_LINE_LENGTH) throw new LineTooLongError(longest.line);
    return utf8;
  };
  /** The bytes to decode now: a pipe's first SNIFF_BYTES are held until they show the input may be CSV. */
  const sniffed = (chunk: Buffer, last: boolean): Buffer => {
    if (head === undefined) return chunk;
    head = Buffer.concat([head, chunk]);
    if (head.length < SNIFF_BYTES && !last) return EMPTY;
    const all = head;
    head = undefined;
    if (all.length === 0) throw emptyInput(path);
    const notCsv = sniffNotCsv(all);
    if (notCsv) throw new UnusableFileError(path, `this is ${notCsv.what}`, notCsv.hint);
    return all;
  };

  // Chunks of 64 KB (a few hundred records): a batch is folded while it is still young, so the collector never
  // copies or promotes it. Chunks of 1 MB (thousands of records) took as long and a third more memory.
  const bytesIn = openBytes(path, range);
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        hash?.update(chunk);
        bytes += chunk.length;
        if (progress) progress.bytes += chunk.length;
        const utf8 = decoded(sniffed(chunk, false), false);
        done(null, utf8.length === 0 ? undefined : utf8);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        const utf8 = decoded(sniffed(EMPTY, true), true);
        done(null, utf8.length === 0 ? undefined : utf8);
      } catch (error) {
        done(error as Error);
      }
    },
  });
  const parser = parse({
    // Every line ending, even mixed in one file (exports pasted together); CRLF first so it counts once.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    // Neither record info nor the raw record text is asked for: each costs a large part of the parsing itself.
    // Line numbers come from the cells instead: a line break can stand inside a quoted cell only, and stays in it.
    // csv-parse's own limit counts one field's bytes; ours (below) counts the whole record's characters. Its limit
    // is only a backstop, set where no record within ours can reach it (a character is at most 4 bytes).
    max_record_size: 4 * MAX_RECORD_CHARS,
    // Let the parser run ahead a chunk's worth of records, so that batches are worth their step (csv-parse passes
    // stream options on to its Transform).
    readableHighWaterMark: 512,
  } as Options);
  compareEachRecordWithItself(parser);
  // pipeline() carries an error from any stage to the parser, whose iterator below then throws it; and when the
  // caller stops early, it closes the file. Its own callback has nothing left to do.
  pipeline(bytesIn, decode, parser, () => undefined);
  try {
    for await (const cells of readyBatches<string[]>(parser)) {
      facts.encoding = decoder.encoding;
      let breaks: number[] | undefined;
      for (let i = 0; i < cells.length; i++) {
        const within = checkedLineBreaks(cells[i] as string[]);
        if (within === TOO_LONG) {
          // The records before it are given first, so that the refusal names the long record's line.
          if (i > 0) yield { cells: cells.slice(0, i), breaks };
          throw new CsvError('CSV_MAX_RECORD_SIZE', 'record too long');
        }
        if (within > 0) (breaks ??= []).push(i, within);
      }
      yield { cells, breaks };
    }
  } finally {
    parser.destroy();
  }
  facts.sha256 = hash?.digest('hex') ?? '';
  facts.bytes = bytes;
  facts.encoding = decoder.encoding;
  facts.lines = decoder.lineCount;
}

const EMPTY = Buffer.alloc(0);
/** How much of a file is looked at to tell what it is (sniffNotCsv). */
const SNIFF_BYTES = 4096;

/** The bytes of a file, of part of it, or of a pipe (standard input for `-`). */
function openBytes(path: string, range: ByteRange | undefined): Readable {
  const chunks = { highWaterMark: 64 * 1024 };
  if (path === STANDARD_INPUT) return createReadStream('', { ...chunks, fd: 0, autoClose: false });
  return createReadStream(path, { ...chunks, ...(range && { start: range.start, ...(range.end !== undefined && { end: range.end - 1 }) }) });
}

/**
 * csv-parse compares each record's cell count with the first record's and, where they differ, builds an error (a
 * stack trace and a deep copy of its state) even with relax_column_count, only to drop it: about 14 µs a record,
 * so a header and a million blank lines took 27 s, and every row of an export whose first line is a title paid it.
 * Each record is compared with itself instead (the fold checks cell counts against the header). This reaches into
 * the parser's own object (`api`, csv-parse 7): test/ingest/read-records.test.ts fails should that change.
 */
export function compareEachRecordWithItself(parser: Parser): void {
  const api = (parser as unknown as { api: ParserApi }).api;
  const onRecord = api.__onRecord;
  api.__onRecord = function (this: ParserApi, push: unknown): unknown {
    this.state.expectedRecordLength = this.state.record.length;
    return onRecord.call(this, push);
  };
}

/** The part of csv-parse's internal parser object that compareEachRecordWithItself touches. */
interface ParserApi {
  __onRecord: (this: ParserApi, push: unknown) => unknown;
  readonly state: { expectedRecordLength: number; readonly record: readonly unknown[] };
}

/** Every object a readable stream has ready, as one array per step; rethrows the stream's error. */
async function* readyBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: Error | undefined;
  const signal = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  stream.on('readable', signal);
  stream.on('end', () => {
    ended = true;
    signal();
  });
  stream.on('error', (error: Error) => {
    failure = error;
    signal();
  });
  stream.on('close', () => {
    ended = true;
    signal();
  });
  for (;;) {
    const batch: T[] = [];
    for (let item = stream.read() as T | null; item !== null; item = stream.read() as T | null) batch.push(item);
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (failure !== undefined) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/**
 * Refuses a missing, unreadable or non-CSV file, a folder or a device, before any parsing, with a message saying
 * which; returns the size of a file, or undefined for an input read once as it streams (standard input, a pipe, a
 * file whose size is given as 0).
 */
export async function checkReadable(path: string): Promise<number | undefined> {
  if (path === STANDARD_INPUT) {
    if (process.stdin.isTTY) {
      throw new UnusableFileError(path, 'standard input is a terminal, not an export', 'pipe an export into it, e.g. zcat gl-2022-09.csv.gz | grant-recon validate -');
    }
    return undefined;
  }
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new UnusableFileError(path, 'is a folder, not a file', 'name the CSV files inside it, e.g. exports/*.csv');
    }
    if (info.isFIFO()) return undefined;
    const other = notAFile(info);
    if (other) throw new UnusableFileError(path, `is ${other}, not a file`, 'name a CSV export, or pipe one in as - (standard input)');
    size = info.size;
  } catch (error) {
    if (error instanceof UnusableFileError) throw error;
    throw new UnusableFileError(path, describeFsError(error), 'check the path and that the file can be read');
  }
  // A file that says it is empty is read as it streams: a special file (/proc/…) says so and holds text, and an
  // empty one is refused when no byte comes.
  if (size === 0) return undefined;
  let head: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UnusableFileError(path, describeFsError(error), 'check that the file can be read');
  }
  const notCsv = sniffNotCsv(head);
  if (notCsv) throw new UnusableFileError(path, `this is ${notCsv.what}`, notCsv.hint);
  return size;
}

/** The refusal of an input that gave no bytes: standard input, a pipe, or a file. */
function emptyInput(path: string): UnusableFileError {
  if (path === STANDARD_INPUT) return new UnusableFileError(path, 'standard input is empty', 'pipe a ledger export into it, e.g. zcat gl-2022-09.csv.gz | grant-recon validate -');
  let pipe = false;
  try {
    pipe = statSync(path).isFIFO();
  } catch {
    // Gone since it was read: it gave no bytes all the same.
  }
  if (pipe) return new UnusableFileError(path, 'the pipe gave no bytes', 'write the export into the pipe as it is read');
  return new UnusableFileError(path, 'the file is empty', 'export the ledger again');
}

/** What a path that is neither a file, a folder nor a pipe is (a device such as /dev/zero, a socket). */
function notAFile(info: Stats): string | undefined {
  if (info.isCharacterDevice()) return 'a character device (such as /dev/zero or a terminal)';
  if (info.isBlockDevice()) return 'a block device (a disk)';
  if (info.isSocket()) return 'a socket';
  return info.isFile() ? undefined : 'not a regular file';
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: the file cannot be read';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `cannot be read (${code ?? 'unknown error'})`;
}

/** An error of the file system (ENOENT, EIO …), as Node gives them: the file could not be read on. */
function isFsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

export function explain(error: unknown, path: string, recordLine: number): unknown {
  if (error instanceof UnusableFileError) return error;
  if (error instanceof DecodeError) {
    const hint = error.code === 'nul' ? 'export it again, or copy it again from where it was exported; no claim is made from part of a file' : 're-save the export as "CSV UTF-8" and run again';
    return new UnusableFileError(path, error.message, hint, error.line);
  }
  if (error instanceof LineTooLongError) {
    return new UnusableFileError(
      path,
      `this line is longer than ${(MAX_LINE_LENGTH - 4) / 1024 / 1024} MiB, which no ledger line is`,
      'the file is damaged (perhaps its line breaks were lost); export it again',
      error.line,
    );
  }
  if (error instanceof CsvError) {
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new UnusableFileError(
        path,
        'a quote opens here and never closes, so the rest of the file cannot be read reliably',
        'the export is truncated or damaged: export it again; no claim is made from part of a file',
        recordLine,
      );
    }
    if (error.code === 'CSV_MAX_RECORD_SIZE') {
      return new UnusableFileError(
        path,
        `a record here is longer than ${MAX_RECORD_CHARS / 1024 / 1024}M characters, which no ledger line is`,
        'the file is damaged (perhaps a quote that never closes, or line breaks lost); export it again',
        recordLine,
      );
    }
    return new UnusableFileError(
      path,
      `the CSV cannot be read here: ${error.message.replace(/ at line \d+.*$/, '')}`,
      'the file is damaged or not comma-separated; export it again as CSV',
      recordLine,
    );
  }
  if (isFsError(error)) return new UnusableFileError(path, describeFsError(error), 'check that the file can be read', recordLine);
  return error;
}

/** What checkedLineBreaks says of a record longer than MAX_RECORD_CHARS. */
const TOO_LONG = -1;

/**
 * Line breaks inside a record (CRLF, CR or LF each count once), which can only stand inside its quoted cells;
 * TOO_LONG for a record longer than MAX_RECORD_CHARS characters: its cells and the commas between them (the
 * quotes around a cell are not counted, as the parser does not keep them).
 */
function checkedLineBreaks(cells: readonly string[]): number {
  let breaks = 0;
  let length = cells.length - 1;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c] as string;
    length += cell.length;
    // Most cells hold no line break: two native searches answer that without a scan here.
    if (cell.indexOf('\n') !== -1 || cell.indexOf('\r') !== -1) breaks += lineBreaksIn(cell);
  }
  return length > MAX_RECORD_CHARS ? TOO_LONG : breaks;
}

/** Line breaks in a text (CRLF, CR or LF each count once). */
export function lineBreaksIn(text: string): number {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      breaks++;
      if (text.charCodeAt(i + 1) === 10) i++;
    } else if (c === 10) {
      breaks++;
    }
  }
  return breaks;
}
