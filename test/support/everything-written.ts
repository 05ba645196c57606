/** Runs a command twice, printing (coloured) and with -o, and returns every byte it wrote, for searching. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

/** The exit codes of both runs, how many files -o left, and stdout, stderr and the written file joined. */
export function everythingWritten(args: readonly string[]): { codes: number[]; files: number; everything: string } {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-written-'));
  const printed = runCli(args, { NO_COLOR: undefined, FORCE_COLOR: '1' });
  const written = runCli([...args, '-o', join(dir, 'out')]);
  const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  return { codes: [printed.code, written.code], files: files.length, everything: [printed.stdout, printed.stderr, written.stdout, written.stderr, ...files].join('\n') };
}
