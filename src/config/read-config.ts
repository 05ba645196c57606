/** Reads a configuration file (I/O), validates it and normalises it over the built-in PCD 1215 grant. */
import { lstat } from 'node:fs/promises';
import { readBoundedFile } from '../files/read-bounded-file.js';
import type { GrantConfig } from '../core/grant-config.js';
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
 * The most bytes a configuration file may hold: 4 MiB. The configurations in fixtures/ are under 1 KiB, and one
 * listing every cost centre and account of the force would still fit many times over.
 */
export const CONFIG_FILE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The effective configuration: the file at `path` (or `grant-recon.config.json` in the working folder, when
 * there is one) applied over the built-in grant; the built-in PCD 1215 grant alone when there is neither.
 */
export async function readConfig(path: string | undefined): Promise<GrantConfig> {
  if (path === undefined) {
    if (!(await exists(DEFAULT_CONFIG_FILE))) return PCD_1215;
    path = DEFAULT_CONFIG_FILE;
  }
  const read = await readBoundedFile(path, { name: 'a configuration file', maxBytes: CONFIG_FILE_MAX_BYTES });
  if (!read.ok) throw new ConfigError(path, [{ path: '$', message: read.problem }]);
  const text = read.bytes.toString('utf8');
  // zod is loaded only when there is a file to validate: most runs use the built-in grant.
  const { parseConfigText } = await import('./parse-config.js');
  const result = parseConfigText(text, PCD_1215);
  if (!result.ok) throw new ConfigError(path, result.problems);
  return { ...result.config, source: path };
}

/** Whether the working folder has an entry of that name: a link to nothing, or a folder, is read and refused, never passed over. */
async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
