/**
 * `grant-recon init SAMPLE.csv [-o grant-recon.config.json]`: a starter configuration for a new grant, made from one
 * export of it: the layout that maps the sample's header onto the GL line export's (or the payroll export's)
 * columns, guessed from names and values; the financial years its rows fall in; its cost centres; and a chart rule
 * for each account whose name says its category. What the sample cannot tell is written `FILL IN: …`, and the
 * configuration is refused until each is replaced. Stderr says what was decided, with the rows and money behind
 * each year, cost centre and account. Exit 0 when every column was decided, 1 when some were not (the file is
 * still written, marked).
 */
import type { ExitCode } from '../usage-error.js';
import { basename } from 'node:path';
import { formatCount, formatMoney, parseAmount } from '../../core/money.js';
import { fyLabel } from '../../core/calendar/fiscal.js';
import { guessGlLayout, guessPayrollLayout, looksLikePayroll, type LayoutGuess } from '../../ingest/guess-layout.js';
import { newFileFacts, type FileFacts } from '../../ingest/parse-cells.js';
import { normaliseHeaderName } from '../../ingest/profiles.js';
import { readRecords } from '../../ingest/read-records.js';
import { FILL_IN_VALUES, guessAccounts, SampleTally, sortedByCode, starterSections, type CodeTally } from '../../ingest/starter-config.js';
import { FILL_IN } from '../../config/fill-in.js';
import { clipped } from '../../render/document.js';
import { renderJson } from '../../render/json.js';
import { visible } from '../../render/visible.js';
import { UsageError } from '../usage-error.js';
import { writeResult } from '../write-output.js';

const SAMPLE_ROWS = 50;
/** Cost centres and accounts listed one by one on stderr; past these, how many more there are. */
const LISTED = 40;

/** Runs `init`. */
export async function runInit(sample: string, options: { output?: string; force?: boolean }): Promise<ExitCode> {
  const facts: FileFacts = newFileFacts();
  const records = readRecords(sample, facts)[Symbol.asyncIterator]();
  // The first rows find the header and check the guess; every row below the header is then tallied.
  const head: string[][] = [];
  for (let next = await records.next(); !next.done; next = await records.next()) {
    if (next.value.cells.some((c) => c.trim() !== '')) head.push([...next.value.cells]);
    if (head.length > SAMPLE_ROWS + 50) break;
  }
  const chosen = chooseHeader(head);
  if (chosen === undefined) throw new UsageError(`${sample}: no row looks like a header (three or more names, no amounts)`, 'give a CSV export whose first rows hold the column names');
  const { headerAt, payroll, guess } = chosen;
  // A line that names no column of either layout is no header, but a row (a headerless export whose first row has
  // no amount): its cells, which may be a person's name and employee number, are never quoted or written.
  if (Object.keys(guess.columns).length === 0) {
    throw new UsageError(
      `${sample}: record ${headerAt + 1} looks like a header (three or more names, no amounts), but none of its cells names a column of a GL line export or a payroll export: it may be a row of data, and no header was found`,
      'give a CSV export whose first rows hold the column names (Posting Date, Net Amount, Cost Centre …, or Payroll Period, Amount …)',
    );
  }
  const header = head[headerAt] as string[];
  const index = (role: string): number | undefined => {
    const name = (guess.columns as Record<string, string | undefined>)[role];
    return name === undefined ? undefined : header.findIndex((h) => h.trim() === name);
  };
  const tally = new SampleTally(
    payroll
      ? { kind: 'payroll', width: header.length, when: index('Payroll Period'), amount: index('Amount'), costCentre: index('Cost Centre'), staffType: index('Staff Type') }
      : { kind: 'gl', width: header.length, when: index('Posting Date'), period: index('Period'), amount: index('Net Amount'), costCentre: index('Cost Centre'), costCentreName: index('Cost Centre Name'), account: index('Account Code'), accountName: index('Account Name') },
  );
  for (const cells of head.slice(headerAt + 1)) tally.add(cells);
  for (let next = await records.next(); !next.done; next = await records.next()) tally.add(next.value.cells);

  const columns: Record<string, string> = {};
  for (const [role, name] of Object.entries(guess.columns) as [string, string][]) if (normaliseHeaderName(name) !== normaliseHeaderName(role)) columns[role] = name;
  for (const { role } of guess.undecided) columns[role] = `${FILL_IN} the column that holds the ${role}`;
  const hasLine = guess.columns.Line !== undefined;
  // A header the built-in layout reads as it is needs no profile (and a profile would only shadow it).
  const builtIn = Object.keys(columns).length === 0 && (payroll || hasLine);
  const profile = { name: basename(sample).replace(/\.[^.]*$/, ''), kind: payroll ? 'payroll' : 'gl', columns, ...(payroll ? {} : { key: hasLine ? ['Document Number', 'Line'] : [] }) };
  const accounts = guessAccounts(tally);
  const config = {
    grant: { reference: FILL_IN_VALUES.reference, name: FILL_IN_VALUES.name, funder: FILL_IN_VALUES.funder, recipient: FILL_IN_VALUES.recipient },
    ...starterSections(tally, accounts),
    ...(builtIn ? {} : { profiles: [profile] }),
  };
  const output = options.output ?? 'grant-recon.config.json';
  await writeResult(renderJson(config), output, options.force ?? false);

  const lines = [`grant-recon init: wrote ${output} for ${sample} (${payroll ? 'a payroll export' : 'a GL line export'}, header on record ${headerAt + 1})`];
  for (const [role, name] of Object.entries(guess.columns) as [string, string][]) lines.push(`  ${role}: "${shown(name)}"`);
  for (const { role, why } of guess.undecided) lines.push(`  ${role}: not decided (${why}); edit the FILL IN value`);
  if (!payroll && !hasLine) lines.push('  no Line column: rows are identified by their whole content ("key": [])');
  // A payroll export may hold personal data in any cell, its header too (a column titled with a name): its unused
  // header cells are counted, never quoted.
  const unused = guess.unused.length === 1 ? 'a column' : `${guess.unused.length} columns`;
  if (guess.unused.length > 0 && payroll) lines.push(`  not used: ${unused} (not named: a payroll export's cells are never quoted)`);
  else if (guess.unused.length > 0) lines.push(`  not used: ${guess.unused.map((u) => `"${shown(u)}"`).join(', ')}`);
  if (builtIn) lines.push(`  the header is the built-in ${payroll ? 'payroll' : 'GL line'} export's: no profile is needed`);
  lines.push(...rowLines(tally, accounts, payroll, !payroll && guess.columns.Period !== undefined));
  // Column names, codes and account names are the sample's own cells: their control characters are shown, never written to the terminal.
  process.stderr.write(`${visible(lines.join('\n'))}\n`);
  return guess.undecided.length > 0 ? 1 : 0;
}

/** What the rows said: years, cost centres, accounts placed and not, and what is left to fill in. */
function rowLines(tally: SampleTally, accounts: ReturnType<typeof guessAccounts>, payroll: boolean, byPeriod: boolean): string[] {
  const rows = (n: number): string => `${formatCount(n)} row${n === 1 ? '' : 's'}`;
  const counted = (t: CodeTally): string => `${rows(t.rows)}, ${formatMoney(t.amount)}`;
  const unreadable = payroll ? 'period, staff type' : byPeriod ? 'date, period' : 'date';
  const lines = [`  rows read: ${rows(tally.rows)}${tally.skipped > 0 ? ` (and ${rows(tally.skipped)} left out: a total line, or no readable ${unreadable} or amount)` : ''}`];
  const years = [...tally.years.entries()].sort(([a], [b]) => a - b);
  // With a Period column, rows are counted in the year their period puts them in, as every report counts them.
  const how = byPeriod ? ' (each row in the year its Period puts it in, as every report counts it: a P13 posted in April is its year-end\'s)' : '';
  lines.push(
    years.length > 0
      ? `  years${how}: ${years.map(([fy, n]) => `${fyLabel(fy)} (${rows(n)})`).join(', ')}; give each its cap, and remove a year that is not the grant's`
      : `  years: no row had a readable ${payroll ? 'payroll period' : 'date'}: fill in the grant years and their caps`,
  );
  const centres = sortedByCode(tally.costCentres);
  if (payroll) {
    lines.push('  cost centres: not taken from a payroll export (a shifted row puts a name in that cell), so "costCentres" is left out: run init on a GL export of the grant for them');
  } else if (centres.length > 0) {
    lines.push(`  cost centres (costCentres: remove those that are not the grant's, whose rows are then excluded):`);
    lines.push(...listed(centres.map((c) => `    ${codeAndName(c)}: ${counted(c)}`)));
  } else lines.push('  cost centres: none read, so "costCentres" is left out and every cost centre counts');
  if (centres.length > 0) lines.push(...unlisted(tally, centres, 'cost centre'));
  if (!payroll) {
    const placed = accounts.filter((a) => a.category !== undefined);
    const unplaced = accounts.filter((a) => a.category === undefined);
    if (placed.length > 0) {
      lines.push('  chart rules guessed from the account names (check each):');
      lines.push(...listed(placed.map((a) => `    ${codeAndName(a)} → ${a.category ?? ''}: ${counted(a)}`)));
    }
    if (unplaced.length > 0) {
      lines.push('  accounts not placed (ineligible until a chart rule places them; add a rule for each the grant pays for):');
      lines.push(...listed(unplaced.map((a) => `    ${codeAndName(a)}: ${counted(a)}`), false));
    }
    if (accounts.length > 0) lines.push(...unlisted(tally, accounts, 'account'));
  } else lines.push('  chart: a payroll export names no accounts; its rows take their category from Staff Type. Run init on a GL export of the grant for its chart rules');
  lines.push(
    '  categories: the six of PCD 1215, written out: rename, add or remove them for a grant of its own (docs/configuration.md#categories)',
    '  not written, for the grant to add where it has them: claimPeriods (how often it is claimed), window, grantCap, carryForward, apportionments (docs/configuration.md)',
  );
  lines.push('  to fill in: every value written "FILL IN: …" (the grant, the caps, and any rule or column not decided); the tool refuses the file until each is replaced');
  return lines;
}

/**
 * The rows read that no listed code holds (an empty cell, a value that is not a code, or past the most codes
 * listed), so that the lists above add up to the rows read.
 */
function unlisted(tally: SampleTally, codes: readonly CodeTally[], what: string): string[] {
  const rows = tally.rows - codes.reduce((n, c) => n + c.rows, 0);
  if (rows === 0) return [];
  const amount = tally.amount - codes.reduce((s, c) => s + c.amount, 0n);
  return [`    and ${formatCount(rows)} row${rows === 1 ? '' : 's'}, ${formatMoney(amount)}, with no ${what} that reads as a code (an empty cell, or a value such as a formula or a name): not listed`];
}

function listed(lines: readonly string[], inFile = true): string[] {
  return lines.length <= LISTED ? [...lines] : [...lines.slice(0, LISTED), `    … and ${lines.length - LISTED} more${inFile ? ' (all in the file)' : ''}`];
}

/** A sample's own text as stderr shows it: at most SHOWN characters (a header cell can run to megabytes). */
const SHOWN = 80;
const shown = (text: string): string => clipped(text, SHOWN);

/** A cost centre or account as its list shows it: its code, and its name where the export gives one. */
const codeAndName = (t: CodeTally): string => shown(`${t.code}${t.name === undefined ? '' : ` ${t.name}`}`);

/** How many of the first records may be the header: a report's preamble runs to a few lines, not more. */
const HEADER_CANDIDATES = 30;

/**
 * The header among the first records: of the rows that look like one, the one whose names and the values below
 * them decide the most columns (a preamble line such as `Financial Year :, 2014 / 15, DO NOT PRINT` decides none),
 * the first of them on a tie.
 */
function chooseHeader(head: readonly string[][]): { headerAt: number; payroll: boolean; guess: LayoutGuess<string> } | undefined {
  let best: { headerAt: number; payroll: boolean; guess: LayoutGuess<string> } | undefined;
  for (let at = 0; at < Math.min(head.length, HEADER_CANDIDATES); at++) {
    const header = head[at] as string[];
    if (!looksLikeHeader(header)) continue;
    const samples = head.slice(at + 1, at + 1 + SAMPLE_ROWS);
    const payroll = looksLikePayroll(header);
    const guess: LayoutGuess<string> = payroll ? guessPayrollLayout(header, samples) : guessGlLayout(header, samples);
    if (best === undefined || Object.keys(guess.columns).length > Object.keys(best.guess.columns).length) best = { headerAt: at, payroll, guess };
  }
  return best;
}

/** Three or more names, none of them an amount. */
function looksLikeHeader(cells: readonly string[]): boolean {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  return filled.length >= 3 && filled.every((c) => !parseAmount(c).ok);
}
