/**
 * The settings of the worker threads, from the environment: GRANT_RECON_WORKERS, GRANT_RECON_PART_BYTES and
 * GRANT_RECON_WORKER_HEAP_MB. A value that cannot be meant (`GRANT_RECON_WORKERS=no`, a part of `4MB`) is refused,
 * never passed over for the default: whoever set it believes the run obeys it. An empty value is no setting.
 */

/** When files are parsed in worker threads: by their size (unset), never (`0`), or for every file (`always`). */
export type WorkerUse = 'by-size' | 'never' | 'always';

export interface WorkerSettings {
  readonly use: WorkerUse;
  /** The size of the parts a large file is cut into; undefined: the default. */
  readonly partBytes: number | undefined;
  /** The limit of a worker's old generation, in MB; undefined: the default. */
  readonly heapMb: number | undefined;
}

/** The names of the settings read here, with what each takes, as a message says it. */
export const WORKER_SETTING_NAMES = ['GRANT_RECON_WORKERS', 'GRANT_RECON_PART_BYTES', 'GRANT_RECON_WORKER_HEAP_MB'] as const;

type Environment = Readonly<Record<string, string | undefined>>;

/** The worker settings `env` gives, or what is wrong with each that cannot be meant. */
export function readWorkerSettings(env: Environment): { readonly ok: true; readonly settings: WorkerSettings } | { readonly ok: false; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const workers = given(env.GRANT_RECON_WORKERS);
  let use: WorkerUse = 'by-size';
  if (workers === '0') use = 'never';
  else if (workers === 'always') use = 'always';
  else if (workers !== undefined) problems.push(`GRANT_RECON_WORKERS is ${JSON.stringify(workers)}: give 0 (read every file in the main thread) or always (worker threads for every file), or unset it (worker threads for large runs)`);
  const partBytes = wholeNumber(env, 'GRANT_RECON_PART_BYTES', 1, MAX_PART_BYTES, 'bytes in each part a large file is cut into', problems);
  const heapMb = wholeNumber(env, 'GRANT_RECON_WORKER_HEAP_MB', 1, MAX_HEAP_MB, "MB of a worker thread's heap", problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: { use, partBytes, heapMb } };
}

/** The worker settings of this process's environment; throws on one that cannot be meant (the command line refused it at start). */
export function workerSettings(): WorkerSettings {
  const read = readWorkerSettings(process.env);
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.settings;
}

const MAX_PART_BYTES = 1024 * 1024 * 1024;
const MAX_HEAP_MB = 64 * 1024;

/** A value set and not empty, else undefined. */
function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A setting that is a whole number from `min` to `max` written in digits; undefined when unset. */
function wholeNumber(env: Environment, name: string, min: number, max: number, what: string, problems: string[]): number | undefined {
  const value = given(env[name]);
  if (value === undefined) return undefined;
  const number = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (number >= min && number <= max) return number;
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  problems.push(`${name} is ${shown}: give the ${what} as a whole number from ${min} to ${max} in digits, or unset it`);
  return undefined;
}
