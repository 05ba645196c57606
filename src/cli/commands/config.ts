/** `grant-recon config schema` and `grant-recon config show`. */
import { readConfig } from '../../config/read-config.js';
import { configJsonSchema, describeConfig } from '../../config/schema.js';
import { writeResult } from '../write-output.js';

/** Prints the configuration file's JSON Schema. */
export async function runConfigSchema(): Promise<void> {
  await writeResult(`${JSON.stringify(configJsonSchema(), null, 2)}\n`, undefined, false);
}

/** Prints the effective configuration, the built-in defaults included. */
export async function runConfigShow(options: { config?: string }): Promise<void> {
  const config = await readConfig(options.config);
  await writeResult(`${JSON.stringify(describeConfig(config), null, 2)}\n`, undefined, false);
}
