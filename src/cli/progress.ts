/**
 * A progress line on long runs: when reading has taken more than a second and stderr is a terminal, one line
 * rewritten in place (file, bytes and rows read, rows per second), cleared when reading ends. Nothing when stderr
 * is piped or a file, or under CI (`CI` set), so logs and reports never carry it.
 */
import { formatCount } from '../core/money.js';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ReadProgress } from '../ingest/parse-cells.js';
import { visible } from '../render/visible.js';

/** Where the line goes and what decides whether it shows; the clock and timings are given for tests. */
export interface ProgressSink {
  readonly stream: { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined; write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => number;
  /** How long reading runs before the line appears (ms). */
  readonly delayMs?: number;
  /** How often the line is rewritten (ms). */
  readonly intervalMs?: number;
}

/** A running progress line: the counters for the reader to update, and stop() to clear the line. */
export interface ProgressLine {
  readonly progress: ReadProgress;
  stop(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

/** Whether a progress line may be shown: stderr a terminal that can rewrite a line, and not under CI. */
export function wantsProgress(sink: Pick<ProgressSink, 'stream' | 'env'>): boolean {
  const ci = sink.env.CI;
  return sink.stream.isTTY === true && sink.env.TERM !== 'dumb' && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

/** Starts the progress line for reading `totalBytes` (0 when unknown); it shows only after the delay. */
export function startProgress(totalBytes: number, sink: ProgressSink): ProgressLine {
  const progress: ReadProgress = { file: '', bytes: 0, rows: 0 };
  if (!wantsProgress(sink)) return { progress, stop: () => undefined };
  const now = sink.now ?? (() => performance.now());
  const started = now();
  let shown = false;
  const timer = setInterval(() => {
    const elapsed = now() - started;
    if (elapsed < (sink.delayMs ?? 1000)) return;
    shown = true;
    sink.stream.write(`${CLEAR_LINE}${formatProgress(progress, totalBytes, elapsed, sink.stream.columns)}`);
  }, sink.intervalMs ?? 250);
  // The line must never keep the process alive.
  timer.unref();
  return {
    progress,
    stop: () => {
      clearInterval(timer);
      if (shown) sink.stream.write(CLEAR_LINE);
    },
  };
}

/**
 * The line itself: `reading gl.csv · 45.2 of 129.0 MB (35%) · 350,123 rows · 230,000 rows/s`,
 * kept within `columns` − 1 characters (a wrapped line could not be rewritten in place): the file name is
 * shortened first, then the line cut.
 */
export function formatProgress(progress: ReadProgress, totalBytes: number, elapsedMs: number, columns?: number): string {
  const figures = progressFigures(progress, totalBytes, elapsedMs);
  const name = visible(basename(progress.file));
  const line = `reading ${name} · ${figures}`;
  if (columns === undefined || columns <= 0 || line.length < columns) return line;
  const room = columns - 1 - (line.length - name.length);
  const shortName = room >= 8 ? `…${name.slice(name.length - (room - 1))}` : '…';
  const short = `reading ${shortName} · ${figures}`;
  return short.length < columns ? short : short.slice(0, Math.max(0, columns - 1));
}

function progressFigures(progress: ReadProgress, totalBytes: number, elapsedMs: number): string {
  const parts: string[] = [];
  parts.push(totalBytes > 0 ? `${megabytes(progress.bytes)} of ${megabytes(totalBytes)} MB (${Math.min(100, Math.floor((progress.bytes * 100) / totalBytes))}%)` : `${megabytes(progress.bytes)} MB`);
  parts.push(`${formatCount(progress.rows)} rows`);
  if (elapsedMs > 0) parts.push(`${formatCount(Math.round((progress.rows * 1000) / elapsedMs))} rows/s`);
  return parts.join(' · ');
}

/** The total size of the files that exist (a missing one is refused later, with its reason). */
export async function totalSize(paths: readonly string[]): Promise<number> {
  const sizes = await Promise.all(paths.map((p) => stat(p).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

