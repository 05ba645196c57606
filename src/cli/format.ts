/** Output formats: `--format`, else the extension of `-o`, else `table`. The exit code never depends on it. */
import { extname } from 'node:path';
import { UsageError } from './usage-error.js';

/** Every format the tool knows. */
export type Format = 'table' | 'json' | 'csv' | 'md' | 'html' | 'xlsx' | 'junit' | 'github' | 'sarif';

const BY_EXTENSION: Record<string, Format> = { '.txt': 'table', '.json': 'json', '.csv': 'csv', '.md': 'md', '.html': 'html', '.htm': 'html', '.xlsx': 'xlsx', '.xml': 'junit', '.sarif': 'sarif' };

/**
 * Picks the format, refusing one the command does not write. An `-o` file whose extension no format writes (`.pdf`,
 * `.xls`) is refused unless --format says what to write: a text table named `claim.pdf` is no claim.
 */
export function resolveFormat(requested: string | undefined, output: string | undefined, allowed: readonly Format[]): Format {
  if (requested === undefined && output !== undefined) {
    const extension = extname(output).toLowerCase();
    if (extension !== '' && BY_EXTENSION[extension] === undefined) {
      const known = Object.entries(BY_EXTENSION).filter(([, format]) => allowed.includes(format)).map(([ext, format]) => `${ext} (${format})`);
      throw new UsageError(`-o ${output}: no format of this command is written as ${extension}`, `name the file with one of ${known.join(', ')}, or give --format`);
    }
  }
  const format = (requested ?? (output ? BY_EXTENSION[extname(output).toLowerCase()] : undefined) ?? 'table') as Format;
  if (!allowed.includes(format)) {
    if (format === 'xlsx') throw new UsageError('the xlsx format is written by claim and reconcile only', `use one of: ${allowed.join(', ')}`);
    throw new UsageError(`unknown or unsupported format "${format}" for this command`, `use one of: ${allowed.join(', ')}`);
  }
  return format;
}

/** Colour only for a table on a terminal, and never when NO_COLOR is set. */
export function useColor(format: Format, output: string | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (format !== 'table' || output !== undefined) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}
