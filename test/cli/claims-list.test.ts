/**
 * `grant-recon claims list DIR`: the claim register. Claims are made into a temporary folder with
 * `grant-recon claim … --format json -o …`, and the register's figures are worked out here by hand from the
 * claim files and from the sample's independent figures (fixtures/sample/expected.json).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as {
  claims: Record<string, Record<string, { totals: Record<string, string> }>>;
};
const sample = expected.claims['2022/23'] as Record<string, { totals: Record<string, string> }>;
const month = (ym: string) => `fixtures/sample/gl/gl-${ym}.csv`;
const Q1_FILES = ['2022-04', '2022-05', '2022-06'].map(month);
const YEAR_FILES = [...Q1_FILES, ...['2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03', '2023-p13'].map(month)];
const CAP = 289345200n;
const pence = (s: string): bigint => BigInt(s.replace('.', ''));
const pounds = (p: bigint): string => {
  const abs = p < 0n ? -p : p;
  return `${p < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

interface Register {
  schema: string;
  folder: string;
  years: {
    year: string;
    cap: string | null;
    claims: { file: string; period: string; from: string; to: string; claimDue: string; cumulativeClaimed: string; remaining: string | null }[];
    claimed: string;
    remaining: string | null;
    gaps: { from: string; to: string }[];
    overlaps: { file: string; period: string; with: { file: string; period: string }; from: string; to: string; message: string }[];
  }[];
  skipped: { file: string; reason: string }[];
  counts: { claims: number; skipped: number; gaps: number; overlaps: number };
}

let made: string;

/** A new folder holding copies of the named claims made in beforeAll. */
function folderOf(...claims: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-register-'));
  for (const c of claims) copyFileSync(join(made, c), join(dir, c));
  return dir;
}

function list(dir: string, ...args: string[]): { register: Register; code: number; stderr: string } {
  const run = runCli(['claims', 'list', dir, '--format', 'json', ...args]);
  expect(run.code, run.stderr).not.toBe(2);
  return { register: JSON.parse(run.stdout) as Register, code: run.code, stderr: run.stderr };
}

/** Pence as the register's messages write pounds: thousands grouped, two decimals. */
const formatThousands = (p: bigint): string => `${(p / 100n).toLocaleString('en-GB')}.${String(p % 100n).padStart(2, '0')}`;

const claimDueOf = (file: string): bigint => pence((JSON.parse(readFileSync(join(made, file), 'utf8')) as { totals: { claimDue: string } }).totals.claimDue);

beforeAll(() => {
  made = mkdtempSync(join(tmpdir(), 'grant-recon-claims-'));
  const claim = (files: string[], period: string[], out: string, previous: string[] = []) => {
    const run = runCli(['claim', ...files, '--year', '2022/23', ...period, ...previous.flatMap((p) => ['--previous', join(made, p)]), '--format', 'json', '-o', join(made, out)]);
    expect(run.code, run.stderr).toBe(0);
  };
  for (const q of ['Q1', 'Q2', 'Q3', 'Q4']) claim(YEAR_FILES, ['--quarter', q], `claim-${q}.json`);
  claim(Q1_FILES, ['--month', '2022-05'], 'claim-2022-05.json');
  claim(YEAR_FILES, ['--final'], 'claim-final-with-previous.json', ['claim-Q1.json', 'claim-Q2.json', 'claim-Q3.json', 'claim-Q4.json']);
  claim(YEAR_FILES, ['--final'], 'claim-final-alone.json');
});

describe('a year of quarterly claims', () => {
  it('shows each claim in period order with the running sum of claim due and what the cap still allows', () => {
    const dir = folderOf('claim-Q3.json', 'claim-Q1.json', 'claim-Q4.json', 'claim-Q2.json');
    const { register, code } = list(dir);
    expect(code).toBe(0);
    expect(register.schema).toBe('grant-recon/claim-register@1');
    expect(register.years).toHaveLength(1);
    const year = register.years[0] as Register['years'][number];
    expect(year.year).toBe('2022/23');
    expect(year.cap).toBe('2893452.00');
    let cumulative = 0n;
    const rows = ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => {
      const due = claimDueOf(`claim-${q}.json`);
      // The claim files agree with the sample's independent figures.
      expect(pounds(due)).toBe(sample[q]?.totals.claimDue);
      cumulative += due;
      return { file: join(dir, `claim-${q}.json`), period: q, claimDue: pounds(due), cumulativeClaimed: pounds(cumulative), remaining: pounds(CAP - cumulative) };
    });
    expect(year.claims.map((c) => ({ file: c.file, period: c.period, claimDue: c.claimDue, cumulativeClaimed: c.cumulativeClaimed, remaining: c.remaining }))).toEqual(rows);
    expect(year.claims.map((c) => [c.from, c.to])).toEqual([
      ['2022-04-01', '2022-06-30'],
      ['2022-07-01', '2022-09-30'],
      ['2022-10-01', '2022-12-31'],
      ['2023-01-01', '2023-03-31'],
    ]);
    // Quarterly claims over the year add up to what the year can claim.
    expect(year.claimed).toBe(sample.final?.totals.cumulativeClaimable);
    expect(year.remaining).toBe(pounds(CAP - pence(sample.final?.totals.cumulativeClaimable as string)));
    expect(year.remaining).toBe('204963.15');
    expect(year.gaps).toEqual([]);
    expect(year.overlaps).toEqual([]);
    expect(register.skipped).toEqual([]);
  });

  it('flags a gap when Q2 is missing (exit 0: a gap is shown, not failed)', () => {
    const dir = folderOf('claim-Q1.json', 'claim-Q3.json', 'claim-Q4.json');
    const { register, code } = list(dir);
    expect(code).toBe(0);
    expect(register.years[0]?.gaps).toEqual([{ from: '2022-07-01', to: '2022-09-30' }]);
    expect(register.years[0]?.claimed).toBe(pounds(claimDueOf('claim-Q1.json') + claimDueOf('claim-Q3.json') + claimDueOf('claim-Q4.json')));
    const table = runCli(['claims', 'list', dir]).stdout;
    expect(table).toContain('GAP: no claim covers 2022-07-01 to 2022-09-30.');
  });

  it('names a claim made without one of the folder\'s claims before it, which claims its dates again, and exits 1', () => {
    // The year as sent (fixtures/claims/2022-23) with fixtures/claims/problems' Q3, made with Q1 alone as --previous.
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-register-'));
    for (const q of ['Q1', 'Q2']) copyFileSync(`fixtures/claims/2022-23/claim-2022-23-${q}.json`, join(dir, `claim-2022-23-${q}.json`));
    copyFileSync('fixtures/claims/problems/claim-2022-23-Q3.json', join(dir, 'claim-2022-23-Q3.json'));
    const { register, code, stderr } = list(dir);
    expect(code).toBe(1);
    const due = (q: string): bigint => pence((JSON.parse(readFileSync(join(dir, `claim-2022-23-${q}.json`), 'utf8')) as { totals: { claimDue: string } }).totals.claimDue);
    const before = due('Q1') + due('Q2');
    // By hand: Q3 records Q1's claim due as claimed before it; Q1 and Q2 claimed more, by Q2's claim due.
    const checks = (register.years[0] as unknown as { historyChecks?: { period: string; message: string }[] }).historyChecks;
    expect(checks?.map((c) => c.period)).toEqual(['Q3']);
    expect(checks?.[0]?.message).toContain(`but the folder's claims before it claim £${formatThousands(before)}: it claims again £${formatThousands(due('Q2'))} of dates those claims already claim`);
    expect(stderr).toContain('1 claim that the caps or the folder\'s earlier claims contradict (exit 1)');
  });

  it('names a final claim whose claims before it are not in the folder, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-register-'));
    copyFileSync('fixtures/claims/2022-23/claim-2022-23-final.json', join(dir, 'final.json'));
    const { register, code } = list(dir);
    expect(code).toBe(1);
    expect((register.years[0] as unknown as { historyChecks?: { message: string }[] }).historyChecks?.map((c) => c.message)).toEqual([
      `final (${join(dir, 'final.json')}) was made after £2,681,131.19 claimed before it, but the folder's other claims of the year claim £0.00: claims of £2,681,131.19 are missing from the folder, so what is still claimable is overstated by as much`,
    ]);
  });

  it('only dates before the latest claim can be a gap', () => {
    const { register } = list(folderOf('claim-Q1.json', 'claim-Q2.json'));
    expect(register.years[0]?.gaps).toEqual([]);
  });

  it('flags an overlap when a month claim inside Q1 is added, and exits 1', () => {
    const dir = folderOf('claim-Q1.json', 'claim-Q2.json', 'claim-2022-05.json');
    const { register, code, stderr } = list(dir);
    expect(code).toBe(1);
    expect(stderr).toContain('1 overlapping claim');
    const year = register.years[0] as Register['years'][number];
    expect(year.claims.map((c) => c.period)).toEqual(['Q1', '2022-05', 'Q2']);
    expect(year.overlaps).toEqual([
      {
        file: join(dir, 'claim-2022-05.json'),
        period: '2022-05',
        with: { file: join(dir, 'claim-Q1.json'), period: 'Q1' },
        from: '2022-05-01',
        to: '2022-05-31',
        message: expect.stringContaining('claims 2022-05-01 to 2022-05-31 again') as string,
      },
    ]);
    // The running sum is what was claimed, overlap included.
    expect(year.claimed).toBe(pounds(claimDueOf('claim-Q1.json') + claimDueOf('claim-2022-05.json') + claimDueOf('claim-Q2.json')));
    expect(runCli(['claims', 'list', dir]).stdout).toContain('OVERLAP: 2022-05');
    expect(runCli(['claims', 'list', dir, '--format', 'csv']).code).toBe(1);
  });

  it('a final claim made with the quarters as --previous claims only the rest; one made alone overlaps them', () => {
    const withPrevious = list(folderOf('claim-Q1.json', 'claim-Q2.json', 'claim-Q3.json', 'claim-Q4.json', 'claim-final-with-previous.json'));
    expect(withPrevious.code).toBe(0);
    const year = withPrevious.register.years[0] as Register['years'][number];
    expect(year.claims.map((c) => c.period)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'final']);
    expect(year.claims[4]?.claimDue).toBe('0.00');
    expect(year.claimed).toBe(sample.final?.totals.cumulativeClaimable);
    expect(year.overlaps).toEqual([]);

    const alone = list(folderOf('claim-Q1.json', 'claim-Q2.json', 'claim-final-alone.json'));
    expect(alone.code).toBe(1);
    expect(alone.register.years[0]?.overlaps.map((o) => [o.period, o.with.period, o.from, o.to])).toEqual([
      ['final', 'Q1', '2022-04-01', '2022-06-30'],
      ['final', 'Q2', '2022-07-01', '2022-09-30'],
    ]);
  });
});

describe('files that are not claims of this grant are skipped, with the reason', () => {
  it('a reconciliation, a broken JSON file and a claim of another grant; other files are not read; the broken file may be a claim, and fails the run', () => {
    const dir = folderOf('claim-Q1.json');
    writeFileSync(join(dir, 'reconciliation.json'), runCli(['reconcile', month('2022-04'), '--format', 'json']).stdout);
    writeFileSync(join(dir, 'broken.json'), '{ "schema": ');
    // A claim of another grant, as grant-recon writes one (an edited file would fail its digest).
    const otherGrant = join(dir, 'other-grant.config');
    writeFileSync(otherGrant, JSON.stringify({ grant: { reference: 'PCD 9999' } }));
    writeFileSync(join(dir, 'other-grant.json'), runCli(['claim', month('2022-04'), '--year', '2022/23', '--month', '2022-04', '--config', otherGrant, '--format', 'json']).stdout);
    // Another grant's claim with categories of its own is named as another grant's, not as of other categories.
    const ownCategories = join(dir, 'own-categories.config');
    writeFileSync(ownCategories, JSON.stringify({ grant: { reference: 'VRU 1' }, categories: [{ id: 'vehicles', title: 'Vehicles' }], chart: [{ name: 'all', prefix: '5', category: 'vehicles' }] }));
    writeFileSync(join(dir, 'own-categories.json'), runCli(['claim', month('2022-04'), '--year', '2022/23', '--month', '2022-04', '--config', ownCategories, '--format', 'json']).stdout);
    writeFileSync(join(dir, 'notes.txt'), 'not a claim');
    mkdirSync(join(dir, 'older'));
    copyFileSync(join(made, 'claim-Q3.json'), join(dir, 'older', 'claim-Q3.json'));
    const { register, code } = list(dir);
    expect(code).toBe(1);
    expect(register.skipped).toEqual([
      { file: join(dir, 'broken.json'), reason: 'a claim file that cannot be read: it is not JSON at all (a claim cut short or damaged, or a file of another kind named .json), so what it claimed is not known' },
      { file: join(dir, 'other-grant.json'), reason: 'a claim of grant PCD 9999, not PCD 1215' },
      { file: join(dir, 'own-categories.json'), reason: 'a claim of grant VRU 1, not PCD 1215' },
      { file: join(dir, 'reconciliation.json'), reason: expect.stringContaining('not a grant-recon claim: schema is') as string },
    ]);
    expect(register.counts).toEqual({ claims: 1, skipped: 4, gaps: 0, overlaps: 0 });
    expect(register.years[0]?.claims.map((c) => c.period)).toEqual(['Q1']);
    expect(runCli(['claims', 'list', dir]).stdout).toContain('Skipped: not claims of this grant (4)');
  });

  it('an empty folder is an empty register', () => {
    const { register, code } = list(folderOf());
    expect(code).toBe(0);
    expect(register.years).toEqual([]);
  });
});

describe('the cap comes from the effective configuration', () => {
  it('a claim of a FY the grant does not have is shown without a cap; with --config, under its cap', () => {
    const dir = folderOf();
    copyFileSync(resolve(ROOT, 'fixtures/claims/problems/claim-2024-25-Q1.json'), join(dir, 'claim-2024-25-Q1.json'));
    const without = list(dir).register.years[0];
    expect(without).toMatchObject({ year: '2024/25', cap: null, claimed: '3950.00', remaining: null });
    expect(without?.claims[0]).toMatchObject({ claimDue: '3950.00', cumulativeClaimed: '3950.00', remaining: null });
    const withConfig = list(dir, '--config', 'fixtures/claims/three-years.config.json').register.years[0];
    expect(withConfig).toMatchObject({ year: '2024/25', cap: '1000000.00', claimed: '3950.00', remaining: '996050.00' });
    expect(runCli(['claims', 'list', dir]).stdout).toContain('2024/25 is not a year of the grant');
  });
});

describe('a folder that cannot be used is exit 2', () => {
  it('a missing folder', () => {
    const run = runCli(['claims', 'list', join(tmpdir(), 'grant-recon-no-such-folder')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no such folder');
  });

  it('a file instead of a folder', () => {
    const run = runCli(['claims', 'list', 'fixtures/claims/2022-23/claim-2022-23-Q1.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a file, not a folder');
  });
});

describe('the committed folder', () => {
  it('fixtures/claims/2022-23: the year claimed quarter by quarter, then the final claim, without gap or overlap', () => {
    const { register, code } = list('fixtures/claims/2022-23');
    expect(code).toBe(0);
    const year = register.years[0] as Register['years'][number];
    expect(year.claims.map((c) => c.period)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'final']);
    expect(year.claimed).toBe(sample.final?.totals.cumulativeClaimable);
    expect(year.remaining).toBe('204963.15');
    expect(register.counts).toEqual({ claims: 5, skipped: 0, gaps: 0, overlaps: 0 });
  });
});
