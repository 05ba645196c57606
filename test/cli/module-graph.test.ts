/**
 * What each command loads before it runs: the packages reached by static imports from its module. Heavy packages
 * are loaded where they are used (zod to read a configuration or an earlier file, date-fns by the functions it
 * needs), because every run pays for what it loads: the index of date-fns took about 17 MiB and zod 14 MiB of
 * every reconcile, however small its input.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';

/** The packages a module reaches through static imports (`import type` and `await import()` load nothing here). */
function packagesReached(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [statement, from] of source.matchAll(/^(?:import|export)\s(?:[^;'"]*?\sfrom\s)?'([^']+)';/gm)) {
      if (/^(import|export) type\s/.test(statement) || from === undefined) continue;
      if (from.startsWith('.')) visit(resolve(dirname(file), from.replace(/\.js$/, '.ts')));
      else packages.add(from);
    }
  };
  visit(resolve(ROOT, entry));
  return packages;
}

describe('what a command loads', () => {
  it('--version and --help load commander alone', () => {
    expect([...packagesReached('src/cli/main.ts')].filter((p) => !p.startsWith('node:'))).toEqual(['commander']);
  });

  it.each(['reconcile', 'claim', 'check', 'validate', 'rows'])('%s loads neither zod nor the index of date-fns unless its options need them', (command) => {
    const packages = packagesReached(`src/cli/commands/${command}.ts`);
    expect(packages.has('csv-parse')).toBe(true);
    expect(packages.has('zod')).toBe(false);
    expect(packages.has('date-fns')).toBe(false);
  });

  it('finds zod where a command always needs it', () => {
    expect(packagesReached('src/cli/commands/config.ts').has('zod')).toBe(true);
    expect(packagesReached('src/cli/earlier/read-against.ts').has('zod')).toBe(true);
  });
});
