/** Runs a command twice, printing (coloured) and with -o, and returns every byte it wrote, for searching. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './run-cli.js';

/** How to run: `color` false prints without colour (whose escape sequences would hide a raw ESC from a search). */
export interface WrittenOptions {
  readonly color?: boolean;
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  /** The -o file's name (its extension picks the format when --format is not given); `out` by default. */
  readonly output?: string;
}

/**
 * The exit codes of both runs, how many files -o left, stdout, stderr and the written files joined as text, and
 * the written files' bytes (for a workbook, which is not text).
 */
export function everythingWritten(
  args: readonly string[],
  options: WrittenOptions = {},
): { codes: number[]; files: number; everything: string; written: Buffer[] } {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-written-'));
  const color = options.color ?? true;
  const printed = runCli(args, { ...(color ? { NO_COLOR: undefined, FORCE_COLOR: '1' } : {}), ...options.env }, options.cwd ?? ROOT);
  const written = runCli([...args, '-o', join(dir, options.output ?? 'out')], options.env, options.cwd ?? ROOT);
  const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)));
  return {
    codes: [printed.code, written.code],
    files: bytes.length,
    everything: [printed.stdout, printed.stderr, written.stdout, written.stderr, ...bytes.map((b) => b.toString('utf8'))].join('\n'),
    written: bytes,
  };
}
