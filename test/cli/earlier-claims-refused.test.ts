/**
 * Earlier claim files that cannot be believed are never passed over in silence (`claim --previous`,
 * `claim --previous-dir`, `claims list`): a claim file cut short, emptied or of a schema this version does not read;
 * a claim whose months run past its own period's end; a claim of another kind of claim period than the grant's; a
 * category map holding `__proto__`; the same file given twice; a claim of other categories in a register's folder.
 * Every forged file is made here from a genuine claim the tool writes, its digest worked out again as a forger who
 * knows the format would (render/json.ts: the SHA-256 of the document written without it), so that only the checks
 * of its figures stand between it and the claim. The grant is fixtures/earlier-claims/ (its README has the figures
 * by hand: 2023/24 H1 £23,000.00, the year £50,233.33, H2 £27,233.33 after H1).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPreviousClaims } from '../../src/core/reports/claim-history.js';
import type { PreviousClaim } from '../../src/core/reports/claim-history.js';
import { runCli } from '../support/run-cli.js';
import { withDigest } from '../support/forge.js';

const F = 'fixtures/earlier-claims';
const CONFIG = `${F}/config.json`;
/** The grant's reference, as its configuration writes it. */
const REFERENCE = (JSON.parse(readFileSync(CONFIG, 'utf8')) as { grant: { reference: string } }).grant.reference;
const GL = `${F}/gl.csv`;
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-earlier-refused-'));
const at = (name: string): string => join(dir, name);

type Json = Record<string, unknown> & {
  schema: string;
  period: Record<string, string>;
  totals: Record<string, string>;
  categories: { category: string; periodActual: string; cumulativeActual: string }[];
  periods: { period: string; month: string; total: string; categories: Record<string, string> }[];
};
const read = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

/** Writes a changed copy of a claim (or reconciliation) with its digest worked out again; returns its path. */
function forged(from: string, file: string, change: (json: Json) => void): string {
  const json = read(from);
  change(json);
  writeFileSync(file, withDigest(json));
  return file;
}
/** A folder holding copies of `files` (name → path), and its path. */
function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(dir, 'claims-'));
  for (const [name, from] of Object.entries(files)) copyFileSync(from, join(folder, name));
  return folder;
}
const pounds = (pence: bigint): string => `${pence < 0n ? '-' : ''}${(pence < 0n ? -pence : pence) / 100n}.${String((pence < 0n ? -pence : pence) % 100n).padStart(2, '0')}`;
const pence = (s: string): bigint => BigInt(s.replace('.', ''));

/** The H2 claim of 2023/24 with earlier claims given as `earlier`, as JSON. */
const claimH2 = (...earlier: string[]) => runCli(['claim', GL, '--config', CONFIG, '--year', '2023/24', '--half', 'H2', ...earlier, '--format', 'json']);
const list = (folder: string, ...more: string[]) => runCli(['claims', 'list', folder, '--config', CONFIG, ...more, '--format', 'json']);
type Register = { years: { year: string; claimed: string; claims: { file: string; period: string }[] }[]; skipped: { file: string; reason: string }[] };

const H1 = at('h1.json');
const H2 = at('h2.json');
const RECONCILIATION = at('reconciliation.json');
const H1_2425 = at('h1-2024-25.json');

beforeAll(() => {
  for (const args of [
    ['--year', '2023/24', '--half', 'H1', '-o', H1],
    ['--year', '2023/24', '--half', 'H2', '--previous', H1, '-o', H2],
    ['--year', '2024/25', '--half', 'H1', '--previous-dir', folderWith({}), '-o', H1_2425],
  ]) {
    const run = runCli(['claim', GL, '--config', CONFIG, ...args, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
  }
  writeFileSync(RECONCILIATION, runCli(['reconcile', GL, '--config', CONFIG, '--format', 'json']).stdout);
});

describe('the genuine claims and the way of forging', () => {
  it('are what the figures by hand say, and a claim written again by the forger is the claim as written', () => {
    expect(read(H1).totals).toMatchObject({ periodActual: '23000.00', cumulativeActual: '23000.00', claimDue: '23000.00' });
    expect(read(H2).totals).toMatchObject({ cumulativeActual: '50233.33', previouslyClaimed: '23000.00', claimDue: '27233.33' });
    expect(forged(H1, at('same-h1.json'), () => undefined)).toBe(at('same-h1.json'));
    expect(readFileSync(at('same-h1.json'), 'utf8')).toBe(readFileSync(H1, 'utf8'));
    expect(readFileSync(H2, 'utf8')).toBe(withDigest(read(H2)));
  });

  it('a claim written before the bidirectional controls were escaped, one held raw in its grant name, is read with its digest', () => {
    // As an earlier version wrote it: U+2028 and U+202E raw, the digest worked out over them raw.
    const raw = withDigest({ ...read(H1), grant: { ...(read(H1).grant as object), name: 'Cyber\u2028Resilience \u202ePilot' } });
    expect(raw).toContain('\u2028');
    const folder = folderWith({});
    writeFileSync(join(folder, 'h1.json'), raw);
    const run = claimH2('--previous-dir', folder);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Json).totals).toMatchObject({ previouslyClaimed: '23000.00' });
    // Edited after it was written, it is refused as any other.
    writeFileSync(join(folder, 'h1.json'), raw.replace('"23000.00"', '"23000.01"'));
    expect(claimH2('--previous-dir', folder).code).toBe(2);
  });

  it('--previous-dir with the genuine H1 takes it: H2 claims 50,233.33 − 23,000.00', () => {
    const run = claimH2('--previous-dir', folderWith({ 'h1.json': H1 }));
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Json).totals).toMatchObject({ previouslyClaimed: '23000.00', claimDue: pounds(5023333n - 2300000n) });
  });
});

describe('--previous-dir refuses a claim file it cannot read (exit 2), naming it, and makes no claim', () => {
  const HINT = (folder: string) => `  hint: every .json file of ${folder} is read as a claim sent: restore each file named as it was sent, or take it out of the folder (a subfolder is not read); then make the claim again\n`;
  it.each([
    ['cut short', (g) => g.slice(0, 400), 'a claim file that cannot be read: it is not JSON that can be read (cut short, or damaged), so what it claimed is not known'],
    ['emptied', () => '', 'a claim file that cannot be read: it is empty, so what it claimed is not known'],
    ['of schema claim@3', (g) => g.replace('"grant-recon/claim@2"', '"grant-recon/claim@3"'), 'a claim file that this version cannot read: schema is "grant-recon/claim@3", not "grant-recon/claim@1" or "grant-recon/claim@2", the claims this version of grant-recon reads'],
    ['of schema "claim@2 " (a trailing space)', (g) => g.replace('"grant-recon/claim@2"', '"grant-recon/claim@2 "'), 'schema is "grant-recon/claim@2 ", not "grant-recon/claim@1" or "grant-recon/claim@2"'],
    ['of schema in capitals', (g) => g.replace('"grant-recon/claim@2"', '"Grant-Recon/Claim@2"'), 'schema is "Grant-Recon/Claim@2", not "grant-recon/claim@1" or "grant-recon/claim@2"'],
    ['without its schema', (g) => g.replace('"schema": "grant-recon/claim@2",', ''), 'schema is missing, not "grant-recon/claim@1" or "grant-recon/claim@2"'],
    ['of schema reconciliation@1, a claim still', (g) => g.replace('"grant-recon/claim@2"', '"grant-recon/reconciliation@1"'), 'schema is "grant-recon/reconciliation@1", not "grant-recon/claim@1" or "grant-recon/claim@2"'],
    ['without its totals', (g) => JSON.stringify({ ...(JSON.parse(g) as Json), totals: undefined }), 'not a grant-recon claim: totals is missing'],
    ['that is not JSON and shows nothing of a claim', () => '{ "schema": ', 'a claim file that cannot be read: it is not JSON at all (a claim cut short or damaged, or a file of another kind named .json), so what it claimed is not known'],
    // Passed over as no claim, or as another year's or grant's, H1 would be claimed again in H2.
    ['put inside a list', (g) => `[${g}]`, 'a claim file that this version cannot read: it holds a claim inside a list or an object, not the claim itself as grant-recon writes it'],
    ['put inside an object', (g) => `{"claim": ${g}}`, 'a claim file that this version cannot read: it holds a claim inside a list or an object, not the claim itself as grant-recon writes it'],
    ['put inside two lists', (g) => `[[${g}]]`, 'a claim file that this version cannot read: it holds a claim deeper inside lists or objects, or as a JSON string, not the claim itself as grant-recon writes it'],
    ['put inside an object inside an object', (g) => `{"sent": {"h1": ${g}}}`, 'it holds a claim deeper inside lists or objects, or as a JSON string'],
    ['saved as one JSON string', (g) => JSON.stringify(g), 'it holds a claim deeper inside lists or objects, or as a JSON string'],
    ['emptied to {}', () => '{}\n', 'a claim file that this version cannot read: it holds nothing ({}): a claim emptied, so what it claimed is not known'],
    ['emptied to null', () => 'null', 'it holds nothing (null): a claim emptied'],
    ['with its year written 2023-24, digest worked out again', (g) => withDigest({ ...(JSON.parse(g) as Json), year: '2023-24' }), 'its year is written "2023-24", not "2023/24", though its period 2023-04-01 to 2023-09-30 lies in 2023/24: it was changed after it was written, and passed over its claim due would be claimed again'],
    ['with its grant written with a space after, digest worked out again', (g) => withDigest({ ...(JSON.parse(g) as Json), grant: { ...(JSON.parse(g) as { grant: object }).grant, reference: `${(JSON.parse(g) as { grant: { reference: string } }).grant.reference} ` } }), 'its grant is written "'],
    ...(
      [
        ['without its space', (r: string) => r.replace(' ', ''), (r: string) => r.replace(' ', '')],
        ['with a no-break space', (r: string) => r.replace(' ', '\u00a0'), (r: string) => r.replace(' ', '\\u00a0')],
        ['with a zero-width space after', (r: string) => `${r}\u200b`, (r: string) => `${r}\\u200b`],
        ['with a hyphen for its space', (r: string) => r.replace(' ', '-'), (r: string) => r.replace(' ', '-')],
        ['with an invisible variation selector after', (r: string) => `${r}\ufe0f`, (r: string) => `${r}\\ufe0f`],
        ['with a combining accent', (r: string) => r.replace(/^(.)/, '$1\u0301'), (r: string) => r.replace(/^(.)/, '$1\\u0301')],
        ['with the letter O for the digit 0', (r: string) => r.replace('0', 'O'), (r: string) => r.replace('0', 'O')],
        ['with a Cyrillic letter for a Latin one', (r: string) => r.replace(/[A-Za-z]/, (c) => ({ C: '\u0421', c: '\u0441', E: '\u0415', e: '\u0435' })[c] ?? c), (r: string) => r.replace(/[A-Za-z]/, (c) => ({ C: '\\u0421', c: '\\u0441', E: '\\u0415', e: '\\u0435' })[c] ?? c)],
      ] as const
    ).map(
      ([how, write, shown]) =>
        [
          `with its grant written ${how}, digest worked out again`,
          (g: string) => withDigest({ ...(JSON.parse(g) as Json), grant: { ...(JSON.parse(g) as { grant: object }).grant, reference: write((JSON.parse(g) as { grant: { reference: string } }).grant.reference) } }),
          `its grant is written "${shown(REFERENCE)}", not "${REFERENCE}", as a claim of this grant would be`,
        ] as const,
    ),
  ] as [string, (genuine: string) => string, string][])('a claim file %s', (_what, make, reason) => {
    const folder = folderWith({});
    const text = make(readFileSync(H1, 'utf8'));
    expect(text).not.toBe(readFileSync(H1, 'utf8'));
    writeFileSync(join(folder, 'h1.json'), text);
    const run = claimH2('--previous-dir', folder);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`grant-recon: error[usage]: --previous-dir ${folder}: ${join(folder, 'h1.json')}: `);
    expect(run.stderr).toContain(reason);
    expect(run.stderr.endsWith(HINT(folder))).toBe(true);
    expect(run.stderr).not.toContain('no earlier claim covers');
  });

  it('a reconciliation beside the claims is passed over and named; the claim is made with the claims', () => {
    const folder = folderWith({ 'h1.json': H1, 'reconciliation.json': RECONCILIATION });
    const run = claimH2('--previous-dir', folder);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(`grant-recon: warning: --previous-dir: passed over ${join(folder, 'reconciliation.json')} (not a grant-recon claim: schema is "grant-recon/reconciliation@2", not "grant-recon/claim@2"): not a claim\n`);
    expect((JSON.parse(run.stdout) as Json).totals).toMatchObject({ previouslyClaimed: '23000.00', claimDue: '27233.33' });
  });
});

describe('an earlier file of more values than any grant-recon writes', () => {
  // 6,000,001 empty objects: 12,000,002 commas and brackets in 18 MB. Parsed, hundreds of MB of them ran the
  // process out of memory with a stack trace.
  const many = Buffer.concat([Buffer.from('['), Buffer.from('{},'.repeat(6_000_000)), Buffer.from('{}]')]);
  const reason = 'it holds more than 12,000,000 values (commas and brackets), more than any file grant-recon writes (a reconciliation of 1,000,000 included rows holds about 7,000,000), and would exhaust memory to read';

  it('is refused by claims list (exit 1) and --previous-dir (exit 2) as a claim that cannot be read, and by --against', () => {
    const folder = folderWith({});
    writeFileSync(join(folder, 'q1.json'), many);
    const listed = list(folder);
    expect(listed.code).toBe(1);
    expect((JSON.parse(listed.stdout) as Register).skipped).toEqual([{ file: join(folder, 'q1.json'), reason: `a claim file that cannot be read: ${reason}` }]);
    const claim = claimH2('--previous-dir', folder);
    expect(claim.code).toBe(2);
    expect(claim.stderr).toContain(`${join(folder, 'q1.json')}: a claim file that cannot be read: ${reason}`);
    const against = runCli(['reconcile', GL, '--config', CONFIG, '--against', join(folder, 'q1.json')]);
    expect(against.code).toBe(2);
    expect(against.stderr).toContain(`--against ${join(folder, 'q1.json')}: ${reason}`);
  });
});

describe('another grant\'s claim in the folder of claims sent', () => {
  it('is passed over and named, so that this grant\'s claim relabelled as another\'s cannot go unseen', () => {
    const other = forged(H1, at('h1-other-grant.json'), (j) => {
      j.grant = { ...(j.grant as object), reference: 'PCD 9999' };
    });
    const folder = folderWith({ 'h1.json': other });
    const run = claimH2('--previous-dir', folder);
    expect(run.code, run.stderr).toBe(0);
    const reference = (read(H1).grant as { reference: string }).reference;
    expect(run.stderr).toContain(`grant-recon: warning: --previous-dir: passed over ${join(folder, 'h1.json')}: a claim of grant PCD 9999, not ${reference}\n`);
    // It counts for nothing here: H2 claims the whole year to date.
    expect((JSON.parse(run.stdout) as Json).totals).toMatchObject({ previouslyClaimed: '0.00', claimDue: '50233.33' });
  });
});

describe('claims list names a claim file it cannot read and exits 1; a schema change is no way round the digest', () => {
  it('a tampered claim with its schema changed fails as the tampered claim does, and neither is counted', () => {
    const tampered = readFileSync(H2, 'utf8').replace('"claimDue": "27233.33"', '"claimDue": "37233.33"');
    expect(tampered).not.toBe(readFileSync(H2, 'utf8'));
    for (const [text, reason] of [
      [tampered, 'its digest does not match its content'],
      [tampered.replace('"grant-recon/claim@2"', '"grant-recon/claim@3"'), 'schema is "grant-recon/claim@3", not "grant-recon/claim@1" or "grant-recon/claim@2", the claims this version of grant-recon reads'],
      [tampered.replace('"grant-recon/claim@2"', '"grant-recon/claim@2 "'), 'schema is "grant-recon/claim@2 ", not "grant-recon/claim@1" or "grant-recon/claim@2"'],
      [tampered.slice(0, 2000), 'it is not JSON that can be read (cut short, or damaged)'],
      ['', 'it is empty'],
    ] as const) {
      const folder = folderWith({ 'h1.json': H1 });
      writeFileSync(join(folder, 'h2.json'), text);
      const run = list(folder);
      expect(run.code, reason).toBe(1);
      expect(run.stderr).toContain(`${join(folder, 'h2.json')}: `);
      expect(run.stderr).toContain(reason);
      const register = JSON.parse(run.stdout) as Register;
      // Only the genuine H1 is counted: nothing of the refused file reaches a figure.
      expect(register.years.map((y) => [y.year, y.claimed, y.claims.map((c) => c.period)])).toEqual([['2023/24', '23000.00', ['H1']]]);
      expect(register.skipped).toEqual([{ file: join(folder, 'h2.json'), reason: expect.stringContaining(reason) as string }]);
    }
  });

  it('a reconciliation is skipped with exit 0, its reason naming the schema this grant\'s claims are written with', () => {
    const run = list(folderWith({ 'h1.json': H1, 'reconciliation.json': RECONCILIATION }));
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Register).skipped.map((s) => s.reason)).toEqual(['not a grant-recon claim: schema is "grant-recon/reconciliation@2", not "grant-recon/claim@2"']);
  });
});

describe('an earlier claim whose figures run past its own period is refused', () => {
  // The H2 claim relabelled H1 (2023-04-01 to 2023-09-30), claiming the whole year as if nothing had been claimed,
  // its months P01–P13 kept: each formula holds, and the digest is worked out again.
  const relabelled = () =>
    forged(H2, at('h2-as-h1.json'), (j) => {
      j.period = { ...j.period, label: 'H1', from: '2023-04-01', to: '2023-09-30' };
      j.totals.previouslyClaimed = '0.00';
      j.totals.claimDue = j.totals.cumulativeClaimable as string;
    });

  it('--previous: its months run to P13, past its period.to; no claim is made', () => {
    const run = claimH2('--previous', relabelled());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--previous ${at('h2-as-h1.json')}: its figures do not hold together: periods runs to P13 (2024-03), past the end of its own claim period H1 (period.to 2023-09-30, P06): a claim's months stop at its period's end`);
    expect(run.stderr).not.toContain('Prior-period');
  });

  it('--previous-dir refuses it and claims list flags it (exit 1), counting only the genuine claims', () => {
    const folder = folderWith({ 'h1.json': relabelled() });
    const dirRun = claimH2('--previous-dir', folder);
    expect(dirRun.code).toBe(2);
    expect(dirRun.stderr).toContain(`${join(folder, 'h1.json')}: its figures do not hold together: periods runs to P13 (2024-03)`);
    const listed = list(folderWith({ 'forged.json': relabelled(), 'h1-2024-25.json': H1_2425 }));
    expect(listed.code).toBe(1);
    expect((JSON.parse(listed.stdout) as Register).years.map((y) => y.year)).toEqual(['2024/25']);
  });

  it('its months cut to P01–P06 leave its cumulative actual past them', () => {
    const file = forged(relabelled(), at('h2-as-h1-cut.json'), (j) => {
      j.periods = j.periods.slice(0, 6);
    });
    const run = claimH2('--previous', file);
    expect(run.code).toBe(2);
    // By hand: the year's tooling 24,900.00 against 12,000.00 in P01–P06.
    expect(run.stderr).toContain('categories tooling cumulativeActual 24900.00 is not the sum of its months, 12000.00');
  });

  it('a month of another year, and a period actual that is not its months, are refused', () => {
    const early = forged(H1, at('h1-march.json'), (j) => {
      (j.periods[0] as { month: string }).month = '2023-03';
    });
    expect(claimH2('--previous', early).stderr).toContain('periods P01 month 2023-03 is not P01 of 2023/24, 2023-04');
    const moved = forged(H1, at('h1-period-actual.json'), (j) => {
      // 5,000.00 of tooling moved from the period into "before it", the cumulative figures left as they were.
      const tooling = j.categories.find((c) => c.category === 'tooling') as Json['categories'][number];
      tooling.periodActual = pounds(pence(tooling.periodActual) - 500000n);
      j.totals.periodActual = pounds(pence(j.totals.periodActual as string) - 500000n);
    });
    expect(claimH2('--previous', moved).stderr).toContain('categories tooling periodActual 7000.00 is not the sum of its months of H1 (P01 to P06), 12000.00');
  });

  it('the built-in grant: Q2 relabelled Q1 with its months P01–P06 kept is flagged by claims list', () => {
    const q1 = forged('fixtures/claims/2022-23/claim-2022-23-Q2.json', at('q2-as-q1.json'), (j) => {
      j.period = { label: 'Q1', from: '2022-04-01', to: '2022-06-30' };
      j.totals.previouslyClaimed = '0.00';
      j.totals.claimDue = j.totals.cumulativeClaimable as string;
    });
    const folder = folderWith({ 'q1.json': q1 });
    const run = runCli(['claims', 'list', folder, '--format', 'json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Register).skipped[0]?.reason).toContain("periods runs to P06 (2022-09), past the end of its own claim period Q1 (period.to 2022-06-30, P03): a claim's months stop at its period's end");
    expect((JSON.parse(run.stdout) as Register).years).toEqual([]);
  });
});

describe('an earlier claim of another kind of claim period than the grant\'s is refused', () => {
  /** H1 relabelled as a claim of `period`, its figures made to hold: its period actual is its months' in `months`. */
  const relabel = (name: string, period: Record<string, string>, months: string[], schema = 'grant-recon/claim@2') =>
    forged(H1, at(name), (j) => {
      j.schema = schema;
      j.period = period;
      for (const c of j.categories) c.periodActual = pounds(j.periods.filter((m) => months.includes(m.period)).reduce((s, m) => s + pence(m.categories[c.category] as string), 0n));
      j.totals.periodActual = pounds(j.categories.reduce((s, c) => s + pence(c.periodActual), 0n));
    });
  const cases = () => [
    [relabel('as-month.json', { label: '2023-09', frequency: 'monthly', from: '2023-09-01', to: '2023-09-30' }, ['P06']), 'its period 2023-09 is of a grant claimed monthly (period.frequency "monthly"), but this grant is claimed half-yearly (claimPeriods "half-yearly"): it was made with another configuration'],
    [relabel('as-quarter.json', { label: 'Q2', frequency: 'quarterly', from: '2023-07-01', to: '2023-09-30' }, ['P04', 'P05', 'P06']), 'its period Q2 is of a grant claimed quarterly (period.frequency "quarterly")'],
    // Relabelled @1 as well, it holds members only @2 holds (this grant's window, caps, rules and categories): refused as no @1 file.
    [relabel('as-claim1-q2.json', { label: 'Q2', from: '2023-07-01', to: '2023-09-30' }, ['P04', 'P05', 'P06'], 'grant-recon/claim@1'), 'schema is "grant-recon/claim@1", but it holds window (of "window"), capCarriedIn (of "carryForward"), wholeGrant (of "grantCap"), apportionments (of "apportionments"), categories other than staff, officers, software, equipment, training, comms (of "categories"), exclusions outside-grant-window (of "window"), exclusions apportioned-out (of "apportionments"), which only "grant-recon/claim@2" holds'],
  ] as const;

  it('by --previous and --previous-dir (exit 2), naming the kind found and the grant\'s', () => {
    for (const [file, reason] of cases()) {
      // By hand: the period actual of P04–P06 is 11,000.00 + 12,000.00 = 23,000.00; of P06 alone 3,000.00.
      expect(read(file).totals.periodActual).toBe(file.endsWith('as-month.json') ? '3000.00' : '23000.00');
      const run = claimH2('--previous', file);
      expect(run.code, file).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`--previous ${file}: ${reason}`);
      const folder = folderWith({ 'earlier.json': file });
      const fromDir = claimH2('--previous-dir', folder);
      expect(fromDir.code).toBe(2);
      expect(fromDir.stderr).toContain(`${join(folder, 'earlier.json')}: ${reason}`);
    }
  });

  it('flagged by claims list (exit 1), named, and not counted', () => {
    for (const [file, reason] of cases()) {
      const folder = folderWith({ 'earlier.json': file });
      const run = list(folder);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${join(folder, 'earlier.json')}: ${reason}`);
      expect((JSON.parse(run.stdout) as Register).years).toEqual([]);
    }
  });
});

describe('a category map holding "__proto__" is refused, as "constructor" is', () => {
  const withProto = (from: string, name: string, where: (j: Json) => Record<string, string>) =>
    forged(from, at(name), (j) => {
      Object.defineProperty(where(j), '__proto__', { value: '5.00', enumerable: true, writable: true, configurable: true });
    });

  it('in a claim: by --previous, --previous-dir and claims list', () => {
    const file = withProto(H1, 'proto.json', (j) => (j.periods[0] as { categories: Record<string, string> }).categories);
    expect(readFileSync(file, 'utf8')).toContain('"__proto__": "5.00"');
    const reason = 'not a grant-recon claim: periods.0.categories.__proto__ is "5.00": "__proto__" is not a category id, and no category is named so';
    const run = claimH2('--previous', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--previous ${file}: ${reason}`);
    const folder = folderWith({ 'h1.json': file });
    expect(claimH2('--previous-dir', folder).code).toBe(2);
    const listed = list(folder);
    expect(listed.code).toBe(1);
    expect((JSON.parse(listed.stdout) as Register).skipped).toEqual([{ file: join(folder, 'h1.json'), reason }]);
  });

  it('in a reconciliation given to --against', () => {
    const file = withProto(RECONCILIATION, 'proto-reconciliation.json', (j) => ((j.years as { periods: { categories: Record<string, string> }[] }[])[0]?.periods[0] as { categories: Record<string, string> }).categories);
    const run = runCli(['reconcile', GL, '--config', CONFIG, '--against', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--against ${file}: not a grant-recon reconciliation: years.0.periods.0.categories.__proto__ is "5.00": "__proto__" is not a category id`);
  });
});

describe('a key given twice in one object is refused: readers differ on which of the two they take', () => {
  /** The genuine H1 with `extra` written into it where `at` stands, and the 1-based line of each of `key`'s two places. */
  const withRepeat = (from: string, name: string, at: string, extra: string, key: string): { file: string; lines: [number, number] } => {
    const text = readFileSync(from, 'utf8');
    expect(text).toContain(at);
    const changedText = text.replace(at, extra);
    const file = join(dir, name);
    writeFileSync(file, changedText);
    const lines = changedText.split('\n').flatMap((line, i) => (line.trimStart().startsWith(`"${key}":`) ? [i + 1] : []));
    expect(lines).toHaveLength(2);
    return { file, lines: lines as [number, number] };
  };

  it('a claim with a second claimDue before its own: its digest still holds, and --previous, --previous-dir and claims list refuse it', () => {
    const { file, lines } = withRepeat(H1, 'claim-due-twice.json', '"claimDue": "23000.00"', '"claimDue": "0.00",\n    "claimDue": "23000.00"', 'claimDue');
    // JSON.parse keeps the last, so the file's digest is the genuine one's: only the repeat gives it away.
    expect(withDigest(read(file))).toBe(readFileSync(H1, 'utf8'));
    const reason = `totals.claimDue is given twice (at lines ${lines[0]} and ${lines[1]}), which grant-recon never writes: readers differ on which of the two they take, so the file was changed after it was written`;
    const previous = claimH2('--previous', file);
    expect(previous.code).toBe(2);
    expect(previous.stdout).toBe('');
    expect(previous.stderr).toContain(`--previous ${file}: ${reason}`);
    const folder = folderWith({ 'h1.json': file });
    const fromFolder = claimH2('--previous-dir', folder);
    expect(fromFolder.code).toBe(2);
    expect(fromFolder.stderr).toContain(`${join(folder, 'h1.json')}: ${reason}`);
    const listed = list(folder);
    expect(listed.code).toBe(1);
    expect((JSON.parse(listed.stdout) as Register).skipped).toEqual([{ file: join(folder, 'h1.json'), reason }]);
  });

  it('a claim with a second schema after its digest is not passed over as a file of another kind', () => {
    const { file, lines } = withRepeat(H1, 'schema-twice.json', '\n}\n', ',\n  "schema": "notes/v1"\n}\n', 'schema');
    const folder = folderWith({ 'h1.json': file });
    const run = claimH2('--previous-dir', folder);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${join(folder, 'h1.json')}: schema is given twice (at lines ${lines[0]} and ${lines[1]}), which grant-recon never writes`);
    expect(run.stderr).not.toContain('passed over');
  });

  it('a reconciliation given to --against', () => {
    const { file, lines } = withRepeat(RECONCILIATION, 'reconciliation-twice.json', '"schema": ', '"grant": {"reference": "another"},\n  "schema": ', 'grant');
    const run = runCli(['reconcile', GL, '--config', CONFIG, '--against', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--against ${file}: grant is given twice (at lines ${lines[0]} and ${lines[1]}), which grant-recon never writes`);
  });
});

describe('the same earlier claim given twice is said first', () => {
  it('before any sum of the earlier claims, which would count it twice', () => {
    const run = runCli(['claim', GL, '--config', CONFIG, '--year', '2024/25', '--half', 'H2', '--previous', H1_2425, '--previous', H1_2425]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(`grant-recon: error[usage]: ${H1_2425} is the same claim file as ${H1_2425}`);
    expect(run.stderr).not.toContain('add up to');
  });

  it('the sum of distinct claims past the most the year\'s cap can be names that cap for what it is', () => {
    const claim = (file: string, sha256: string, from: string, to: string, claimDue: bigint): PreviousClaim => ({
      file,
      sha256,
      reference: 'CYB 2024',
      year: '2024/25',
      period: { label: from.slice(5, 7) === '04' ? 'H1' : 'H2', from, to },
      claimDue,
      cumulativeActual: new Map(),
      rows: null,
    });
    const range = { label: 'final', from: '2024-04-01', to: '2025-03-31', firstPeriod: 1, lastPeriod: 16 };
    const twice = [claim('h1.json', 'a', '2024-04-01', '2024-09-30', 7476667n), claim('h2.json', 'b', '2024-10-01', '2025-03-31', 7476667n)];
    // 74,766.67 × 2 = 149,533.34, past 80,000.00 + all that 2023/24's 60,000.00 could carry forward = 140,000.00.
    expect(checkPreviousClaims(twice, { reference: 'CYB 2024', year: '2024/25', range, cap: 14000000n, yearCap: 8000000n })).toEqual([
      "the earlier claims' claim due add up to 149533.34, but what was claimed before for a year lies between 0.00 and the most its cap can be, 140000.00 (its own cap 80000.00 and all that the earlier years' caps could carry forward into it): one of them is not what was sent",
    ]);
    const same = [twice[0] as PreviousClaim, { ...(twice[0] as PreviousClaim), file: 'copy.json' }];
    expect(checkPreviousClaims(same, { reference: 'CYB 2024', year: '2024/25', range, cap: 14000000n, yearCap: 8000000n })).toEqual(['copy.json is the same claim file as h1.json']);
  });
});

describe('claims list refuses a register holding a claim of other categories, saying which file and what to run', () => {
  it('names the file and the categories that differ, and the command to list it with its own configuration', () => {
    const renamed = at('renamed.config.json');
    const config = JSON.parse(readFileSync(CONFIG, 'utf8')) as { categories: { id: string }[]; chart: { category: string }[] };
    for (const c of config.categories) if (c.id === 'courses') c.id = 'learning';
    for (const r of config.chart) if (r.category === 'courses') r.category = 'learning';
    writeFileSync(renamed, JSON.stringify(config));
    const other = at('h1-learning.json');
    expect(runCli(['claim', GL, '--config', renamed, '--year', '2023/24', '--half', 'H1', '--format', 'json', '-o', other]).code).toBe(0);
    const folder = folderWith({ 'h1.json': H1, 'h1-learning.json': other });
    const run = runCli(['claims', 'list', folder, '--config', CONFIG]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const file = join(folder, 'h1-learning.json');
    expect(run.stderr).toContain(
      `grant-recon: error[usage]: a claim file of CYB 2024 in ${folder} was written with other categories than the configuration ${CONFIG}, so no register is made with it: ${file}: categories: its categories (analysts, investigators, tooling, learning) are not those of the configuration ${CONFIG} (analysts, investigators, tooling, courses): "learning" is not a category of it, "courses" is missing`,
    );
    expect(run.stderr).toContain(`  hint: if the claims of ${folder} were made with another configuration, list them with it: grant-recon claims list ${folder} --config THAT-CONFIG.json; if ${file} does not belong with the claims of ${folder}, move it out of the folder\n`);
    // With the configuration it was written with, that claim is listed and the other is the one refused.
    expect(runCli(['claims', 'list', folderWith({ 'h1-learning.json': other }), '--config', renamed]).code).toBe(0);
  });
});

describe('claims list and --previous-dir agree on the files of a folder of claims sent', () => {
  const CUT = '{"sch';
  const NOT_JSON = 'a claim file that cannot be read: it is not JSON at all (a claim cut short or damaged, or a file of another kind named .json), so what it claimed is not known';
  const BIG = 'is 257 MiB, more than the 256 MiB a claim file may be';

  it('a reconciliation and a folder named .json are surely no claims: claims list skips them (exit 0), --previous-dir passes them over', () => {
    const folder = folderWith({ 'h1.json': H1, 'reconciliation.json': RECONCILIATION });
    mkdirSync(join(folder, 'more.json'));
    const listed = list(folder);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { skipped: { file: string; reason: string }[] }).skipped).toEqual([
      { file: join(folder, 'more.json'), reason: 'is a folder, not a claim file' },
      { file: join(folder, 'reconciliation.json'), reason: expect.stringContaining('not a grant-recon claim: schema is') as string },
    ]);
    const run = claimH2('--previous-dir', folder);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(
      `grant-recon: warning: --previous-dir: passed over ${join(folder, 'more.json')} (is a folder, not a claim file): not a claim\n` +
        `grant-recon: warning: --previous-dir: passed over ${join(folder, 'reconciliation.json')} (not a grant-recon claim: schema is "grant-recon/reconciliation@2", not "grant-recon/claim@2"): not a claim\n`,
    );
    // H1 claimed £23,000.00 (README): the year to December is £50,233.33, so H2 is due £27,233.33.
    expect((JSON.parse(run.stdout) as Json).totals).toMatchObject({ previouslyClaimed: '23000.00', claimDue: '27233.33' });
  });

  it.each([
    ['a claim cut within its first bytes', (file: string) => writeFileSync(file, CUT), NOT_JSON],
    ['a file over the size limit', (file: string) => {
      // Sparse: no disk is taken for it.
      writeFileSync(file, '');
      truncateSync(file, 257 * 1024 * 1024);
    }, BIG],
  ] as [string, (file: string) => void, string][])('%s may be a claim: claims list fails (exit 1), naming it; --previous-dir refuses (exit 2)', (_what, make, reason) => {
    const folder = folderWith({ 'h1.json': H1 });
    const file = join(folder, 'h0.json');
    make(file);
    const listed = list(folder);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`grant-recon: a claim file cannot be used and is left out of the register, so what it claims is not counted (exit 1): ${file}: ${reason}\n`);
    expect((JSON.parse(listed.stdout) as { skipped: { file: string; reason: string }[] }).skipped).toEqual([{ file, reason }]);
    const run = claimH2('--previous-dir', folder);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`grant-recon: error[usage]: --previous-dir ${folder}: ${file}: ${reason}`);
  });
});
