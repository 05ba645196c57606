/**
 * Earlier claims (`--previous`, `--previous-dir`, `claims list`) and earlier reconciliations (`--against`) are
 * checked, not trusted: a digest proves a file is as it was written, and a file's own figures must satisfy the
 * contract's formulas and the grant, or it is refused (exit 2) naming the field and the figures. A claim made
 * without its earlier claims says so.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { withDigest } from '../support/forge.js';

const dir = mkdtempSync(join(tmpdir(), 'grant-recon-earlier-'));
const months = (...ms: string[]) => ms.map((m) => `fixtures/sample/gl/gl-${m}.csv`);
const Q2_INPUTS = months('2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09');
const CLAIMS = 'fixtures/claims/2022-23';
const LEGACY_Q1 = 'fixtures/history/claim-2022-23-Q1-no-digest.json';

type Json = Record<string, unknown> & { totals: Record<string, string>; period: Record<string, string>; categories: Record<string, string>[] };
const read = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;
/** Writes a changed copy of a claim file and returns its path. */
function changed(from: string, name: string, change: (json: Json) => void): string {
  const json = read(from);
  change(json);
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  return file;
}
/**
 * Writes a changed copy of a claim file with its digest worked out again, as a forger who knows the format would:
 * the digest proves a file unchanged since written, not who wrote it, so the figures themselves must hold together.
 */
function forged(from: string, name: string, change: (json: Json) => void): string {
  const json = read(from);
  change(json);
  const file = join(dir, name);
  writeFileSync(file, withDigest(json));
  return file;
}
const claimQ2 = (...previous: string[]) => runCli(['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2', ...previous.flatMap((p) => ['--previous', p]), '--format', 'json']);

describe('the digest of a claim and a reconciliation', () => {
  it.each([
    ['claim', ['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2']],
    ['reconciliation', ['reconcile', ...Q2_INPUTS]],
  ])('a %s ends in the SHA-256 of the document written without it', (_what, args) => {
    const text = runCli([...args, '--format', 'json']).stdout;
    const match = /,\n {2}"digest": "sha256:([0-9a-f]{64})"\n}\n$/.exec(text);
    expect(match).not.toBeNull();
    const without = `${text.slice(0, match?.index)}\n}\n`;
    expect(match?.[1]).toBe(createHash('sha256').update(without).digest('hex'));
  });

  it('an earlier claim edited by one figure is refused; the same claim re-indented is read', () => {
    const edited = changed(`${CLAIMS}/claim-2022-23-Q1.json`, 'edited-q1.json', (j) => {
      j.totals.claimDue = '-99999999999.00';
    });
    const refused = claimQ2(edited);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^grant-recon: error\[usage\]: --previous .*edited-q1\.json: its digest does not match its content \(written sha256:[0-9a-f]{12}…, content sha256:[0-9a-f]{12}…\): it was changed after it was written\n/);
    const reindented = join(dir, 'reindented-q1.json');
    writeFileSync(reindented, JSON.stringify(read(`${CLAIMS}/claim-2022-23-Q1.json`), null, 4));
    const ok = claimQ2(reindented);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as Json).totals).toEqual((JSON.parse(claimQ2(`${CLAIMS}/claim-2022-23-Q1.json`).stdout) as Json).totals);
  });

  it('a claim whose digest was taken out is refused: the version that writes digests writes one into every file', () => {
    const stripped = changed(`${CLAIMS}/claim-2022-23-Q1.json`, 'stripped-q1.json', (j) => {
      delete j.digest;
    });
    expect(claimQ2(stripped).stderr).toContain('stripped-q1.json: it carries no digest, though grant-recon writes one into every file of its shape: it was changed after it was written');
  });

  it('a reconciliation edited by one figure is refused by --against', () => {
    const edited = join(dir, 'edited-reconciliation.json');
    writeFileSync(edited, readFileSync('fixtures/against/reconciliation-2022-05-figures.json', 'utf8').replace('"staff": "2680.40"', '"staff": "5359.80"'));
    const run = runCli(['reconcile', 'fixtures/against/june/gl-2022-06.csv', 'fixtures/against/june/payroll-2022-06.csv', '--against', edited]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('edited-reconciliation.json: its digest does not match its content');
  });
});

describe('earlier claims with their digests worked out again', () => {
  const Q3_INPUTS = [...Q2_INPUTS, ...months('2022-10', '2022-11', '2022-12')];
  const claimQ3 = (...previous: string[]) => runCli(['claim', ...Q3_INPUTS, '--year', '2022/23', '--quarter', 'Q3', ...previous.flatMap((p) => ['--previous', p]), '--format', 'json']);

  it('the way of forging is sound: the file as sent, written again, is the file as sent', () => {
    expect(readFileSync(forged(`${CLAIMS}/claim-2022-23-Q2.json`, 'same-q2.json', () => undefined), 'utf8')).toBe(readFileSync(`${CLAIMS}/claim-2022-23-Q2.json`, 'utf8'));
  });

  it('a claim whose own figures hold but whose claim due, with the others, passes out of 0 to the cap is refused', () => {
    // Q2 "made" after claiming the whole cap: claim due 1,391,542.52 − 2,893,452.00 = −1,501,909.48, each formula
    // holding; with Q1's 725,281.12 the year would have claimed −776,628.36, and Q3 would claim it back again.
    const q2 = forged(`${CLAIMS}/claim-2022-23-Q2.json`, 'negative-q2.json', (j) => {
      j.totals.previouslyClaimed = '2893452.00';
      j.totals.claimDue = '-1501909.48';
    });
    const run = claimQ3(`${CLAIMS}/claim-2022-23-Q1.json`, q2);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      "the earlier claims' claim due add up to -776628.36, but what was claimed before for a year lies between 0.00 and its cap, 2893452.00: one of them is not what was sent",
    );
  });

  it('a claim made without the claims before it is read, and said', () => {
    // Q2 made as if nothing had been claimed: claim due 1,391,542.52, Q1's 725,281.12 claimed a second time.
    const q2 = forged(`${CLAIMS}/claim-2022-23-Q2.json`, 'again-q2.json', (j) => {
      j.totals.previouslyClaimed = '0.00';
      j.totals.claimDue = '1391542.52';
    });
    const run = claimQ3(`${CLAIMS}/claim-2022-23-Q1.json`, q2);
    expect(run.code, run.stderr).toBe(0);
    const note = `${q2} (Q2) was made with previously claimed 0.00, but the earlier claims given before it claimed 725281.12`;
    expect(run.stderr).toBe(`grant-recon: warning: ${note}\n`);
    const claim = JSON.parse(run.stdout) as { notes: string[]; totals: Record<string, string> };
    expect(claim.notes).toEqual([note]);
    // Previously claimed is what the files claimed, 725,281.12 + 1,391,542.52.
    expect(claim.totals.previouslyClaimed).toBe('2116823.64');
  });
});

describe('an earlier claim written before digests is checked by its figures', () => {
  it('is read, with a note on stderr and in the claim', () => {
    const run = claimQ2(LEGACY_Q1);
    expect(run.code).toBe(0);
    const note = `${LEGACY_Q1} carries no digest (written before grant-recon wrote one): checked by its figures alone`;
    expect(run.stderr).toBe(`grant-recon: warning: ${note}\n`);
    expect((JSON.parse(run.stdout) as { notes: string[] }).notes).toEqual([note]);
  });

  it('named with control characters in its file name, its note shows them, never writes them to the terminal', () => {
    const named = join(mkdtempSync(join(dir, 'esc-')), 'q1\u001b]0;PWNED\u0007\u001b[2J\u202e.json');
    copyFileSync(LEGACY_Q1, named);
    const run = claimQ2(named);
    expect(run.code, run.stderr).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(run.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(run.stderr).toContain('q1\\x1b]0;PWNED\\x07\\x1b[2J\\u202e.json carries no digest');
  });

  it.each([
    ['a claim due far beyond the cap', (j: Json) => void (j.totals.claimDue = '-99999999999.00'), 'totals.claimDue -99999999999.00 is not cumulativeClaimable 725281.12 − previouslyClaimed 0.00 = 725281.12'],
    ['a claimable above the cap', (j: Json) => void (j.totals.cumulativeClaimable = '3000000.00'), 'totals.cumulativeClaimable 3000000.00 is not min(max(cumulativeActual 725281.12, 0), cap 2893452.00) = 725281.12'],
    ['a cap that is not the grant\'s', (j: Json) => void (j.cap = '3000000.00'), "cap 3000000.00 is not the grant's cap for 2022/23, 2893452.00"],
    ['categories that do not add up', (j: Json) => void ((j.categories[0] as Record<string, string>).cumulativeActual = '344334.77'), "totals.cumulativeActual 725281.12 is not the sum of the categories' cumulativeActual, 725282.12"],
    ['a date that does not exist', (j: Json) => void (j.period.from = '2022-02-30'), 'period.from "2022-02-30" is not a date written yyyy-mm-dd that exists'],
    ['from after to', (j: Json) => void (j.period.from = '2022-07-01'), 'period.from 2022-07-01 is after period.to 2022-06-30'],
    ['a label that does not match its dates', (j: Json) => void (j.period.label = 'Q2'), 'period Q2 of 2022/23 runs from 2022-07-01 to 2022-09-30, not from 2022-04-01 to 2022-06-30'],
    ['something claimed before the first quarter', (j: Json) => {
      j.totals.previouslyClaimed = '100.00';
      j.totals.claimDue = '725181.12';
    }, 'totals.previouslyClaimed 100.00 is not 0.00: nothing of 2022/23 can be claimed before Q1, its first period'],
  ])('%s is refused (exit 2), naming the field and the figures', (name, change, problem) => {
    const file = changed(LEGACY_Q1, `${name.replaceAll(/\W+/g, '-')}.json`, change);
    const run = claimQ2(file);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain(`--previous ${file}: its figures do not hold together: `);
    expect(run.stderr).toContain(problem);
  });
});

describe('an earlier reconciliation written before digests is checked by its figures', () => {
  /** The May reconciliation as an earlier version wrote it (no digest), changed. */
  function legacyReconciliation(name: string, change: (json: { years: Record<string, unknown>[] }) => void): string {
    const json = JSON.parse(readFileSync('fixtures/against/reconciliation-2022-05-figures.json', 'utf8')) as { years: Record<string, unknown>[]; digest?: string; controlTotals: Record<string, unknown> };
    delete json.digest;
    delete json.controlTotals.errorsAmountUnreadable;
    change(json);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(json, null, 2));
    return file;
  }
  type Period = { period: string; month: string; total: string; categories: Record<string, string> };
  const periodsOf = (j: { years: Record<string, unknown>[] }) => (j.years[0] as { periods: Period[] }).periods;
  const against = (file: string) => runCli(['reconcile', 'fixtures/against/june/gl-2022-06.csv', 'fixtures/against/june/payroll-2022-06.csv', '--against', file]);

  it('is compared with, saying it carries no digest', () => {
    const file = legacyReconciliation('legacy.json', () => undefined);
    const run = against(file);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`grant-recon: warning: ${file} carries no digest (written before grant-recon wrote one): checked by its figures alone`);
  });

  it.each([
    ['a phantom restatement (one figure edited)', (j: { years: Record<string, unknown>[] }) => void ((periodsOf(j)[0] as Period).categories.staff = '5359.80'), 'years 2022/23 P01: total 10430.90 is not the sum of its categories, 13110.30'],
    ['a month that does not exist', (j: { years: Record<string, unknown>[] }) => void ((periodsOf(j)[9] as Period).month = '2022-13'), 'years 2022/23: P10: month "2022-13" is not 2023-01, the month of P10 in 2022/23'],
    ['a period given twice', (j: { years: Record<string, unknown>[] }) => void (periodsOf(j)[2] = periodsOf(j)[1] as Period), 'years 2022/23: period P02 stands where P03 should'],
    ['no periods', (j: { years: Record<string, unknown>[] }) => void ((j.years[0] as { periods: Period[] }).periods = []), 'years 2022/23: it lists 0 of the periods P01 to P12'],
    ['a year outside the grant', (j: { years: Record<string, unknown>[] }) => void ((j.years[0] as { year: string }).year = '2024/25'), 'years 2024/25: 2024/25 is not a year of the grant (2022/23, 2023/24)'],
  ])('%s is refused (exit 2), naming what is wrong', (name, change, problem) => {
    const file = legacyReconciliation(`${name.replaceAll(/\W+/g, '-')}.json`, change);
    const run = against(file);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain(`--against ${file}: its figures do not hold together: `);
    expect(run.stderr).toContain(problem);
  });
});

describe('a claim made without its earlier claims', () => {
  const NOTE =
    'no earlier claims were given (--previous or --previous-dir), so previously claimed is worked out from the ledger as it stands now, and a change since they were sent (a late credit, a restated month) is not picked up as a prior-period adjustment: give the claims sent before, e.g. --previous-dir claims/2022-23';

  it('says so on stderr and in every analyst\'s format, after the year\'s first period', () => {
    const json = runCli(['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2', '--format', 'json']);
    expect(json.stderr).toBe(`grant-recon: warning: ${NOTE}\n`);
    expect((JSON.parse(json.stdout) as { notes: string[] }).notes).toEqual([NOTE]);
    for (const format of ['table', 'md']) expect(runCli(['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2', '--format', format]).stdout).toContain(`Note: ${NOTE.slice(0, 60)}`);
    // The printable statement is for the funder: it says where previously claimed came from, not which options to give.
    const html = runCli(['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2', '--format', 'html']).stdout;
    expect(html).not.toContain('--previous');
    expect(html).toContain('<td>Previously claimed</td><td>2022-04-01 to 2022-06-30, from the ledger now</td>');
    expect(runCli(['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2', '--format', 'csv']).stdout).toContain('note,2022/23,Q2,,,,,,"no earlier claims were given');
  });

  it('says nothing of the year\'s first quarter', () => {
    const run = runCli(['claim', ...months('2022-04', '2022-05', '2022-06'), '--year', '2022/23', '--quarter', 'Q1', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { notes: string[] }).notes).toEqual([]);
  });

  it('--previous-dir takes every earlier claim of the year from the folder of claims sent', () => {
    const inputs = [...Q2_INPUTS, ...months('2022-10', '2022-11', '2022-12')];
    const byDir = runCli(['claim', ...inputs, '--year', '2022/23', '--quarter', 'Q3', '--previous-dir', CLAIMS, '--format', 'json']);
    const byFiles = runCli(['claim', ...inputs, '--year', '2022/23', '--quarter', 'Q3', '--previous', `${CLAIMS}/claim-2022-23-Q1.json`, '--previous', `${CLAIMS}/claim-2022-23-Q2.json`, '--format', 'json']);
    expect(byDir.code).toBe(0);
    // The folder holds Q3 and the year's final as sent: named, since this Q3 is made beside them, not after them.
    expect(byDir.stderr).toBe(
      `grant-recon: warning: --previous-dir: passed over ${CLAIMS}/claim-2022-23-Q3.json: a claim of this period already (Q3, claim due £622,053.60, made after £1,391,542.52 claimed before it): this claim is made again beside it, not after it\n` +
        `grant-recon: warning: --previous-dir: passed over ${CLAIMS}/claim-2022-23-final.json: the year's final claim (claim due £7,357.66, made after £2,681,131.19 claimed before it), though this claim is of Q3: it is made as if the final were not sent\n`,
    );
    expect(byDir.stdout).toBe(byFiles.stdout);
    expect((JSON.parse(byDir.stdout) as { previousClaims: { period: string }[] }).previousClaims.map((c) => c.period)).toEqual(['Q1', 'Q2']);
  });

  it('--previous-dir refuses a claim that began before the period claimed and runs into it: Q1 beside a claim of May', () => {
    const folder = mkdtempSync(join(dir, 'q1-only-'));
    copyFileSync(`${CLAIMS}/claim-2022-23-Q1.json`, join(folder, 'claim-2022-23-Q1.json'));
    const run = runCli(['claim', ...months('2022-04', '2022-05'), '--year', '2022/23', '--month', '2022-05', '--previous-dir', folder, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `--previous-dir ${folder}: ${join(folder, 'claim-2022-23-Q1.json')}: its period Q1 (2022-04-01 to 2022-06-30) began before the period claimed (2022-05, from 2022-05-01) and runs into it, so the claims overlap, and passed over, its dates before 2022-05-01 would be claimed again`,
    );
  });

  it('--previous-dir names a claim relabelled final beside a claim of Q2: passed over, its dates would be claimed again unseen', () => {
    const folder = mkdtempSync(join(dir, 'relabelled-final-'));
    // Q1 relabelled final (its months kept, so its figures hold), its digest worked out again.
    writeFileSync(join(folder, 'q1.json'), withDigest({ ...read(`${CLAIMS}/claim-2022-23-Q1.json`), period: { label: 'final', from: '2022-04-01', to: '2023-03-31' } }));
    const run = runCli(['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2', '--previous-dir', folder, '--format', 'json']);
    expect(run.stderr).toContain(
      `grant-recon: warning: --previous-dir: passed over ${join(folder, 'q1.json')}: the year's final claim (claim due £725,281.12, made after £0.00 claimed before it), though this claim is of Q2: it is made as if the final were not sent\n`,
    );
  });

  it('--previous-dir names the year\'s final claim already sent when the final is made again without the claims before it', () => {
    const folder = mkdtempSync(join(dir, 'final-only-'));
    copyFileSync(`${CLAIMS}/claim-2022-23-final.json`, join(folder, 'final.json'));
    const run = runCli(['claim', ...months('2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03', '2023-p13'), '--year', '2022/23', '--final', '--previous-dir', folder, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `grant-recon: warning: --previous-dir: passed over ${join(folder, 'final.json')}: a claim of this period already (final, claim due £7,357.66, made after £2,681,131.19 claimed before it): this claim is made again beside it, not after it\n`,
    );
  });

  it('--previous-dir refuses a folder holding a claim that fails its checks', () => {
    const folder = mkdtempSync(join(dir, 'claims-'));
    copyFileSync(`${CLAIMS}/claim-2022-23-Q1.json`, join(folder, 'claim-2022-23-Q1.json'));
    writeFileSync(join(folder, 'claim-2022-23-Q2.json'), readFileSync(`${CLAIMS}/claim-2022-23-Q2.json`, 'utf8').replace('"claimDue": "666261.40"', '"claimDue": "966261.40"'));
    const run = runCli(['claim', ...Q2_INPUTS, ...months('2022-10'), '--year', '2022/23', '--quarter', 'Q3', '--previous-dir', folder]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`claim-2022-23-Q2.json: its digest does not match its content`);
  });

  it('--previous and --previous-dir together are a usage error', () => {
    const run = runCli(['claim', ...Q2_INPUTS, '--year', '2022/23', '--quarter', 'Q2', '--previous', `${CLAIMS}/claim-2022-23-Q1.json`, '--previous-dir', CLAIMS]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give the earlier claims with --previous or with --previous-dir, not both');
  });
});
