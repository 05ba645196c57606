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

/**
 * A runCli that runs each command once: asked again for the same arguments, environment and folder, it gives the
 * first run's output. For a test file whose cases ask the same question of unchanging inputs (fixtures) and write
 * nothing: a run that writes a file, or reads one the test changes, must use runCli. Each call of cliOnce() has a
 * memory of its own, so that nothing is shared between test files.
 */
export function cliOnce(): (args: readonly string[], env?: Record<string, string | undefined>, cwd?: string) => CliRun {
  const runs = new Map<string, CliRun>();
  return (args, env = {}, cwd = ROOT) => {
    const key = JSON.stringify([args, Object.entries(env).sort(), cwd]);
    let run = runs.get(key);
    if (run === undefined) {
      run = runCli(args, env, cwd);
      runs.set(key, run);
    }
    return run;
  };
}
