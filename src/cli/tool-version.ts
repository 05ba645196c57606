/** The tool's version, from its package.json: shown by --version and named by the outputs that identify the tool. */
import { readFileSync } from 'node:fs';

export const TOOL_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
