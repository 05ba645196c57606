/** The golden cases: each folder under fixtures/golden holds a case.json and the expected outputs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './run-cli.js';

export const GOLDEN = resolve(ROOT, 'fixtures/golden');

export interface GoldenCase {
  readonly args: string[];
  readonly env?: Record<string, string>;
  /** The extension of the stdout file (json, csv, md, txt). */
  readonly stdout?: string;
}

/** Every case's folder name, sorted. */
export const goldenCases: readonly string[] = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

export function readCase(name: string): GoldenCase {
  return JSON.parse(readFileSync(join(GOLDEN, name, 'case.json'), 'utf8')) as GoldenCase;
}
