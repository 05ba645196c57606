/**
 * A grant whose later year depends on the earlier one (fixtures/grants/carried-cap: a grant cap of £125,000.00 and
 * carry-forward), through the command line: a later year's claim without the earlier year's exports is refused,
 * the claim statement says what the grant cap keeps back, a claim made from earlier claims that leave one out is
 * refused, and `claims list` holds each claim's record of the earlier years against the folder. The figures are
 * worked by hand in the fixture's README: 2023/24 £50,233.33, carrying £9,766.67 (cap £89,766.67 for 2024/25);
 * 2024/25 H1 £77,634.57, of which the grant cap leaves £74,766.67.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonDigest } from '../../src/render/json.js';
import { runCli } from '../support/run-cli.js';

const DIR = 'fixtures/grants/carried-cap';
const CONFIG = ['--config', `${DIR}/config.json`];
const BOTH_YEARS = [`${DIR}/gl.csv`, `${DIR}/payroll.csv`];
const ONLY_2425 = [`${DIR}/gl-2425.csv`, `${DIR}/payroll-2425.csv`];
const AS_OF = ['--as-of', '2025-01-01'];

type ClaimJson = { cap: string; capCarriedIn: string; totals: Record<string, string>; wholeGrant: Record<string, string> };

/** Makes a claim as JSON into `dir/name`, asserting that it was written (exit 0). */
function claimInto(dir: string, name: string, ...args: string[]): string {
  const file = join(dir, name);
  const run = runCli(['claim', ...BOTH_YEARS, ...CONFIG, ...AS_OF, ...args, '--format', 'json', '-o', file]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return file;
}

describe('a later year claimed without the earlier year\'s exports', () => {
  it('is refused (exit 2), naming 2023/24 and what taking it as nothing spent would do, with nothing written', () => {
    const run = runCli(['claim', ...ONLY_2425, ...CONFIG, ...AS_OF, '--year', '2024/25', '--half', 'H1']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'grant-recon: error[usage]: the caps of 2024/25 depend on the earlier grant year 2023/24 (the configuration sets "grantCap" and "carryForward"), but the inputs hold no rows of 2023/24 at all (2023-08 to 2024-03): taken as having spent nothing there, its whole cap (£60,000.00) would carry forward into 2024/25, and the grant cap (£125,000.00) would be taken as untouched by it, so the claim could pass the caps',
    );
    expect(run.stderr).toContain('hint: give the exports of 2023/24 as well');
    expect(run.stderr).toContain('or, if the grant truly had no rows in that year, say so in the configuration: "noSpend": ["2023/24"]');
  });

  it('with both years, claims what the caps leave: cap £89,766.67 (£9,766.67 carried), claim due £74,766.67', () => {
    const run = runCli(['claim', ...BOTH_YEARS, ...CONFIG, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--format', 'json']);
    expect(run.code).toBe(0);
    const claim = JSON.parse(run.stdout) as ClaimJson;
    expect([claim.cap, claim.capCarriedIn]).toEqual(['89766.67', '9766.67']);
    expect([claim.totals.cumulativeActual, claim.totals.cumulativeClaimable, claim.totals.claimDue, claim.totals.overCap]).toEqual(['77634.57', '74766.67', '74766.67', '0.00']);
    expect([claim.wholeGrant.claimedBefore, claim.wholeGrant.left]).toEqual(['50233.33', '74766.67']);
  });

  it('the first year needs no earlier year: 2023/24 is claimed from its own exports', () => {
    const run = runCli(['claim', `${DIR}/gl.csv`, ...CONFIG, ...AS_OF, '--year', '2023/24', '--final', '--format', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ClaimJson).totals.claimDue).toBe('50233.33');
  });

  it('reconcile and check warn of it on stderr, naming 2023/24 and what it changes', () => {
    for (const command of ['reconcile', 'check']) {
      const run = runCli([command, ...ONLY_2425, ...CONFIG, ...AS_OF]);
      expect(run.stderr).toContain('grant-recon: warning: the caps of 2024/25 depend on the earlier grant year 2023/24');
      expect(run.stderr).toContain("so 2024/25's figures that depend on them (the cap carried into it, what it can claim, what the grant cap leaves it) are the most they could be, not what they are: give the exports of 2023/24 in full, or list the months that truly had no rows in \"noSpend\"");
    }
    const whole = runCli(['reconcile', ...BOTH_YEARS, ...CONFIG, ...AS_OF]);
    expect(whole.stderr).not.toContain('depend on the earlier grant year');
  });
});

describe('the claim statement of a year the grant cap limits', () => {
  const args = ['claim', ...BOTH_YEARS, ...CONFIG, ...AS_OF, '--year', '2024/25', '--half', 'H1'];

  it('says in its cap lines what the grant cap keeps back: £77,634.57 − £74,766.67 = £2,867.90, in every format', () => {
    const table = runCli(args);
    expect(table.stdout).toMatch(/Over cap \(not claimable\) +2024\/25, to 2024-09-30, the year's cap +£0\.00\n/);
    expect(table.stdout).toMatch(/Over the grant cap left for the year \(not claimable\) +2024\/25, to 2024-09-30, of £74,766\.67 left +£2,867\.90\n/);
    expect(runCli([...args, '--format', 'md']).stdout).toContain('Over the grant cap left for the year (not claimable)');
    expect(runCli([...args, '--format', 'html']).stdout).toContain('£2,867.90');
    expect(runCli([...args, '--format', 'csv']).stdout).toContain('claim,2024/25,H1,,,heldByGrantCap,,2867.90,');
  });

  it('a year the grant cap does not limit has the line at £0.00 (2023/24: £50,233.33 of £125,000.00)', () => {
    const run = runCli(['claim', ...BOTH_YEARS, ...CONFIG, ...AS_OF, '--year', '2023/24', '--final', '--format', 'csv']);
    expect(run.stdout).toContain('claim,2023/24,final,,,heldByGrantCap,,0.00,');
  });
});

describe('earlier claims given with one left out', () => {
  it('a final claim given only H2 is refused (exit 2): H2 records £74,766.67 claimed before it, which no claim given covers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-standing-'));
    const h1 = claimInto(dir, 'c-2425-H1.json', '--year', '2024/25', '--half', 'H1');
    const h2 = claimInto(dir, 'c-2425-H2.json', '--year', '2024/25', '--half', 'H2', '--previous', h1);
    const alone = runCli(['claim', ...BOTH_YEARS, ...CONFIG, ...AS_OF, '--year', '2024/25', '--final', '--previous', h2]);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toContain(
      `${h2} (H2) records previously claimed 74766.67, but the earlier claims given before it claimed 0.00 and none of them covers 2024-04-01 to 2024-09-30: the claims of those dates are missing, and this claim would claim 74766.67 of them again`,
    );
    expect(alone.stderr).toContain('hint: give every claim sent for 2024/25 before this claim period');
    // Both given: the final claim claims nothing more (the whole year's £74,766.67 was claimed by H1).
    const both = runCli(['claim', ...BOTH_YEARS, ...CONFIG, ...AS_OF, '--year', '2024/25', '--final', '--previous', h1, '--previous', h2, '--format', 'json']);
    expect(both.code).toBe(0);
    expect((JSON.parse(both.stdout) as ClaimJson).totals.claimDue).toBe('0.00');
  });
});

describe('claims list against the earlier years\' claims in the folder', () => {
  /** The genuine claims of both years, into a new folder. */
  function genuineClaims(): { dir: string; h1of2425: string } {
    const dir = mkdtempSync(join(tmpdir(), 'grant-standing-claims-'));
    const h1 = claimInto(dir, 'c-2324-H1.json', '--year', '2023/24', '--half', 'H1');
    claimInto(dir, 'c-2324-H2.json', '--year', '2023/24', '--half', 'H2', '--previous', h1);
    const h1of2425 = claimInto(dir, 'c-2425-H1.json', '--year', '2024/25', '--half', 'H1');
    return { dir, h1of2425 };
  }
  type Register = { years: { year: string; claimed: string; remaining: string; capCarriedIn: string; grantLeft: string; capChecks: { file: string; message: string }[] }[] };
  const list = (dir: string, format = 'json') => runCli(['claims', 'list', dir, ...CONFIG, ...AS_OF, '--format', format]);

  it('the genuine claims: 2024/25 claimed £74,766.67 of £89,766.67, the grant cap leaving no more (exit 0)', () => {
    const { dir } = genuineClaims();
    const run = list(dir);
    expect(run.code).toBe(0);
    const years = (JSON.parse(run.stdout) as Register).years;
    expect(years.map((y) => [y.year, y.claimed, y.capCarriedIn, y.grantLeft, y.remaining, y.capChecks])).toEqual([
      ['2023/24', '50233.33', '0.00', '125000.00', '9766.67', []],
      ['2024/25', '74766.67', '9766.67', '74766.67', '0.00', []],
    ]);
    expect(list(dir, 'table').stdout).toContain('Financial year 2024/25 (cap £80,000.00, and £9,766.67 carried from the year before; the grant cap leaves it £74,766.67)');
  });

  it('a folder with only the 2024/25 claim says £0.00 is still claimable, from what the claim records (not £5,233.33)', () => {
    const { h1of2425 } = genuineClaims();
    const alone = mkdtempSync(join(tmpdir(), 'grant-standing-alone-'));
    copyFileSync(h1of2425, join(alone, 'c-2425-H1.json'));
    const run = list(alone);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Register).years.map((y) => [y.year, y.grantLeft, y.remaining])).toEqual([['2024/25', '74766.67', '0.00']]);
  });

  it('a claim saying the earlier years claimed nothing is contradicted by their claims, and passing the grant cap fails (exit 1)', () => {
    const { dir, h1of2425 } = genuineClaims();
    // The 2024/25 H1 claim made as if 2023/24 had claimed nothing, its own figures holding together, digest redone.
    const forged = JSON.parse(readFileSync(h1of2425, 'utf8')) as Record<string, unknown> & ClaimJson;
    delete forged.digest;
    forged.totals = { ...forged.totals, cumulativeClaimable: '77634.57', claimDue: '77634.57' };
    forged.wholeGrant = { ...forged.wholeGrant, claimedBefore: '0.00', left: '125000.00', heldByGrantCap: '0.00' };
    writeFileSync(h1of2425, JSON.stringify({ ...forged, digest: jsonDigest(forged) }, null, 2));
    const run = list(dir);
    expect(run.code).toBe(1);
    const y = (JSON.parse(run.stdout) as Register).years[1];
    // By hand: £125,000.00 − £50,233.33 − £77,634.57 = −£2,867.90.
    expect(y?.remaining).toBe('-2867.90');
    expect(y?.capChecks.map((c) => c.file)).toEqual([h1of2425, h1of2425]);
    expect(run.stderr).toContain(`grant-recon: H1 (${h1of2425}) records that the grant's earlier years claimed £0.00 of the grant cap (wholeGrant.claimedBefore), but their claims in this folder claimed £50,233.33`);
    expect(run.stderr).toContain(`grant-recon: H1 (${h1of2425}) brings what 2024/25 claimed to £77,634.57, £2,867.90 more than its caps allow`);
    expect(list(dir, 'csv').stdout).toContain(`contradicted,2024/25,H1,,,${h1of2425},`);
  });
});

describe('claims list of PCD 1215 (no grant cap): claims past the year\'s cap are never silent', () => {
  it('a Q4 claim saying nothing was claimed before it takes 2022/23 past its cap: exit 1, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-standing-pcd-'));
    for (const q of ['Q1', 'Q2', 'Q3']) copyFileSync(`fixtures/claims/2022-23/claim-2022-23-${q}.json`, join(dir, `claim-2022-23-${q}.json`));
    const q4 = JSON.parse(readFileSync('fixtures/claims/2022-23/claim-2022-23-Q4.json', 'utf8')) as Record<string, unknown> & ClaimJson;
    delete q4.digest;
    // Its own figures hold: claim due = cumulative claimable 2,681,131.19 − previously claimed 0.00.
    q4.totals = { ...q4.totals, previouslyClaimed: '0.00', claimDue: '2681131.19' };
    const file = join(dir, 'claim-2022-23-Q4.json');
    writeFileSync(file, JSON.stringify({ ...q4, digest: jsonDigest(q4) }, null, 2));
    const run = runCli(['claims', 'list', dir, '--format', 'json']);
    // By hand: Q1–Q3 claimed 2,013,596.12; with 2,681,131.19 more, 4,694,727.31 against the cap of 2,893,452.00.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`grant-recon: Q4 (${file}) brings what 2022/23 claimed to £4,694,727.31, £1,801,275.31 more than its cap allows (exit 1)`);
    // Made as if nothing was claimed before it, it claims Q1–Q3's dates again: named as a claim the folder contradicts.
    expect(run.stderr).toContain(
      `grant-recon: Q4 (${file}) was made after £0.00 claimed before it, but the folder's claims before it claim £2,013,596.12: it claims again £2,013,596.12 of dates those claims already claim\n`,
    );
    // The register's members are PCD 1215's as before (no capChecks, capCarriedIn or grantLeft), and that finding.
    expect(Object.keys((JSON.parse(run.stdout) as { years: object[] }).years[0] ?? {})).toEqual(['year', 'cap', 'claims', 'claimed', 'remaining', 'gaps', 'overlaps', 'historyChecks']);
  });
});

describe('an earlier claim of the year made when the earlier years stood otherwise', () => {
  it('says what it counted of them and what the ledger gives now, so the prior-period adjustment is explained', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-earlier-years-since-'));
    const h1 = claimInto(dir, 'h1.json', '--year', '2024/25', '--half', 'H1');
    // 2023/24 restated since: D101's £12,000.00 is £11,000.00 now, so 2023/24 claims £49,233.33 (not £50,233.33)
    // and leaves £10,766.67 of its cap to carry (not £9,766.67).
    const restated = join(dir, 'gl.csv');
    writeFileSync(restated, readFileSync(`${DIR}/gl.csv`, 'utf8').replace('SIEM licence,12000.00', 'SIEM licence,11000.00'));
    const run = runCli(['claim', restated, `${DIR}/payroll.csv`, ...CONFIG, ...AS_OF, '--year', '2024/25', '--half', 'H2', '--previous', h1, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`grant-recon: warning: ${h1} (H1) was made counting 50233.33 claimable in the grant's earlier years, but the ledger now gives 49233.33: the grant cap leaves this year 1000.00 more than it did then, which the prior-period adjustment takes in`);
    expect(run.stderr).toContain(`grant-recon: warning: ${h1} (H1) was made counting a cap of 9766.67 carried into the year, but the ledger now gives 10766.67, which the prior-period adjustment takes in`);
    // The same ledger as when H1 was made: nothing to say.
    const same = runCli(['claim', ...BOTH_YEARS, ...CONFIG, ...AS_OF, '--year', '2024/25', '--half', 'H2', '--previous', h1, '--format', 'json']);
    expect(same.code).toBe(0);
    expect(same.stderr).not.toContain('was made counting');
  });
});
