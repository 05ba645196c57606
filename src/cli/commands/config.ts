/** `grant-recon config schema` and `grant-recon config show`. */
import { readConfig } from '../../config/read-config.js';
import { configJsonSchema, describeConfig } from '../../config/schema.js';
import { renderJson } from '../../render/json.js';
import { writeConfigWarnings } from '../config-warnings.js';
import type { ExitCode } from '../usage-error.js';
import { writeResult } from '../write-output.js';

/** Prints the configuration file's JSON Schema. */
export async function runConfigSchema(): Promise<ExitCode> {
  await writeResult(renderJson(configJsonSchema()), undefined, false);
  return 0;
}

/** Prints the effective configuration, the built-in defaults included. */
export async function runConfigShow(options: { config?: string }): Promise<ExitCode> {
  const config = await readConfig(options.config);
  writeConfigWarnings(config, options.config);
  // Through the JSON writer, as every report: a configured name's control characters are escaped (visible.ts).
  await writeResult(renderJson(describeConfig(config)), undefined, false);
  return 0;
}
