/**
 * `grant-recon init SAMPLE.csv [-o grant-recon.config.json]`: a starter configuration whose layout maps the
 * sample's header onto the GL line export's columns, guessed from names and values, saying what it could not
 * decide. Exit 0 when every column was decided, 1 when some were not (the file is still written, marked).
 */
import type { ExitCode } from '../usage-error.js';
import { basename } from 'node:path';
import { parseAmount } from '../../core/money.js';
import { guessGlLayout, type GlRole } from '../../ingest/guess-layout.js';
import { newFileFacts, type FileFacts } from '../../ingest/parse-cells.js';
import { readRecords } from '../../ingest/read-records.js';
import { renderJson } from '../../render/json.js';
import { visible } from '../../render/visible.js';
import { UsageError } from '../usage-error.js';
import { writeResult } from '../write-output.js';

const SAMPLE_ROWS = 50;

/** Runs `init`. */
export async function runInit(sample: string, options: { output?: string; force?: boolean }): Promise<ExitCode> {
  const facts: FileFacts = newFileFacts();
  const records: string[][] = [];
  for await (const record of readRecords(sample, facts)) {
    if (record.cells.some((c) => c.trim() !== '')) records.push([...record.cells]);
    if (records.length > SAMPLE_ROWS + 50) break;
  }
  const headerAt = records.findIndex(looksLikeHeader);
  if (headerAt < 0) throw new UsageError(`${sample}: no row looks like a header (three or more names, no amounts)`, 'give a CSV export whose first rows hold the column names');
  const header = records[headerAt] as string[];
  const guess = guessGlLayout(header, records.slice(headerAt + 1, headerAt + 1 + SAMPLE_ROWS));
  const columns: Record<string, string> = {};
  for (const [role, name] of Object.entries(guess.columns) as [GlRole, string][]) if (name.toLowerCase() !== role.toLowerCase()) columns[role] = name;
  for (const { role } of guess.undecided) columns[role] = `FILL IN: the column that holds the ${role}`;
  const config = {
    profiles: [{ name: basename(sample).replace(/\.[^.]*$/, ''), kind: 'gl', columns, key: guess.columns.Line ? ['Document Number', 'Line'] : [] }],
  };
  const output = options.output ?? 'grant-recon.config.json';
  await writeResult(renderJson(config), output, options.force ?? false);
  const lines = [`grant-recon init: wrote ${output} for ${sample} (header on record ${headerAt + 1})`];
  for (const [role, name] of Object.entries(guess.columns)) lines.push(`  ${role}: "${name}"`);
  for (const { role, why } of guess.undecided) lines.push(`  ${role}: not decided (${why}); edit the FILL IN value`);
  if (!guess.columns.Line) lines.push('  no Line column: rows are identified by their whole content ("key": [])');
  if (guess.unused.length > 0) lines.push(`  not used: ${guess.unused.map((u) => `"${u}"`).join(', ')}`);
  // Column names are the sample's own cells: their control characters are shown, never written to the terminal.
  process.stderr.write(`${visible(lines.join('\n'))}\n`);
  return guess.undecided.length > 0 ? 1 : 0;
}

/** Three or more names, none of them an amount. */
function looksLikeHeader(cells: readonly string[]): boolean {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  return filled.length >= 3 && filled.every((c) => !parseAmount(c).ok);
}
