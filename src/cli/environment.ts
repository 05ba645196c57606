/**
 * grant-recon's own settings in the environment (GRANT_RECON_*), checked once, before a command runs: a setting
 * misspelt (GRANT_RECON_WORKER=0: a name within two letters of one) or a value that cannot be meant is a usage error
 * (exit 2), never passed over for the default, since whoever set it believes the run obeys it. An empty value is no
 * setting.
 */
import { nearest } from '../config/nearest.js';
import { readWorkerSettings, WORKER_SETTING_NAMES } from '../ingest/workers/worker-settings.js';

type Environment = Readonly<Record<string, string | undefined>>;

const DEBUG = 'GRANT_RECON_DEBUG';
const SETTINGS: readonly string[] = [...WORKER_SETTING_NAMES, DEBUG];
const PREFIX = 'GRANT_RECON_';
/** The values of GRANT_RECON_DEBUG, as pipelines write a switch. */
const DEBUG_ON: readonly string[] = ['1', 'true'];
const DEBUG_OFF: readonly string[] = ['0', 'false'];

/** What is wrong with the GRANT_RECON_* settings of `env`, one message each, in the order of their names. */
export function environmentProblems(env: Environment): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.toUpperCase().startsWith(PREFIX) || SETTINGS.includes(name)) continue;
    // A name far from every setting may be a pipeline's own (GRANT_RECON_VERSION, to pin the tool): left alone.
    const meant = nearest(name, SETTINGS);
    if (meant !== undefined) problems.push(`${name} is not a setting of grant-recon (did you mean ${meant}?): set ${meant}, or unset ${name}`);
  }
  const workers = readWorkerSettings(env);
  if (!workers.ok) problems.push(...workers.problems);
  const debug = env[DEBUG];
  if (debug !== undefined && debug !== '' && !DEBUG_ON.includes(debug) && !DEBUG_OFF.includes(debug)) {
    problems.push(`${DEBUG} is ${JSON.stringify(debug.length > 40 ? `${debug.slice(0, 40)}…` : debug)}: give 1 or true (an internal error writes its stack trace), or 0 or false, or unset it`);
  }
  return problems;
}

/** Whether an internal error writes its stack trace (GRANT_RECON_DEBUG=1). */
export function debugging(env: Environment): boolean {
  return DEBUG_ON.includes(env[DEBUG] ?? '');
}

