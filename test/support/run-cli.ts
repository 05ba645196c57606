/** Runs the built command line (dist/) as a user would, from the repository root. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** What a run printed and how it ended. */
export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs `grant-recon ARGS` with a fixed generation time and no colour unless `env` says otherwise. */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}, cwd = ROOT): CliRun {
  const result = spawnSync(process.execPath, [resolve(ROOT, 'bin/grant-recon.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, code: result.status ?? -1 };
}

/** Runs and parses stdout as JSON. */
export function runJson<T = Record<string, unknown>>(args: readonly string[]): { json: T; run: CliRun } {
  const run = runCli([...args, '--format', 'json']);
  return { json: JSON.parse(run.stdout) as T, run };
}
