/** Reads a configuration file (I/O), validates it and normalises it over the built-in PCD 1215 grant. */
import { readFile, stat } from 'node:fs/promises';
import type { GrantConfig } from './grant-config.js';
import { PCD_1215 } from './pcd1215.js';
import type { ConfigProblem } from './schema.js';

/** A configuration file that cannot be used: every problem, each with its JSON path. Exit 2. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${file}: invalid configuration`);
    this.name = 'ConfigError';
  }
}

/** The configuration file read without --config, when the working folder has one. */
export const DEFAULT_CONFIG_FILE = 'grant-recon.config.json';

/**
 * The effective configuration: the file at `path` (or `grant-recon.config.json` in the working folder, when
 * there is one) applied over the built-in grant; the built-in PCD 1215 grant alone when there is neither.
 */
export async function readConfig(path: string | undefined): Promise<GrantConfig> {
  if (path === undefined) {
    if (!(await exists(DEFAULT_CONFIG_FILE))) return PCD_1215;
    path = DEFAULT_CONFIG_FILE;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigError(path, [{ path: '$', message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'unknown error'})` }]);
  }
  // zod is loaded only when there is a file to validate: most runs use the built-in grant.
  const { parseConfigText } = await import('./parse-config.js');
  const result = parseConfigText(text, PCD_1215);
  if (!result.ok) throw new ConfigError(path, result.problems);
  return result.config;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
