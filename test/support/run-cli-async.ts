/**
 * Runs the built command line (dist/) without blocking the test process: several runs can share the machine's
 * cores, and a run can be signalled while it works. The environment is the same as runCli's.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT, type CliRun } from './run-cli.js';

/** The command line's entry point. */
export const BIN = resolve(ROOT, 'bin/grant-recon.js');

/** How an asynchronous run ended: a CliRun, plus the signal that ended it, if one did. */
export interface AsyncCliRun extends CliRun {
  readonly signal: NodeJS.Signals | null;
  /** Wall-clock milliseconds from spawn to exit. */
  readonly ms: number;
}

/** Options of a run. */
export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Options for node itself, before the script (e.g. --max-old-space-size=256). */
  readonly nodeArgs?: readonly string[];
  /** A run still going after this long is killed and the promise rejects: a hang is a bug too. */
  readonly timeoutMs?: number;
  /** Extra spawn options (uid, gid). */
  readonly spawn?: Pick<SpawnOptions, 'uid' | 'gid'>;
}

/** The environment every run gets: a fixed generation time and no colour, as runCli gives. */
export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1', ...env };
}

/** A started run: the child, and a promise of how it ended. */
export interface StartedRun {
  readonly child: ChildProcess;
  readonly done: Promise<AsyncCliRun>;
}

/** Starts `grant-recon ARGS` and returns at once. */
export function startCli(args: readonly string[], options: RunOptions = {}): StartedRun {
  const started = Date.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cliEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.spawn,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<AsyncCliRun>((resolvePromise, reject) => {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`grant-recon ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
        signal,
        ms: Date.now() - started,
      });
    });
  });
  return { child, done };
}

/** Runs `grant-recon ARGS` to the end. */
export function runCliAsync(args: readonly string[], options: RunOptions = {}): Promise<AsyncCliRun> {
  return startCli(args, options).done;
}

/** Maps `items` through `fn` with at most `limit` calls in flight, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
