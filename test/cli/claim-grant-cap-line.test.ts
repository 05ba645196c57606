/**
 * The grant-cap line in the claim JSON: `wholeGrant.heldByGrantCap`, "Over the grant cap left for the year" of every
 * other format, checked by the claim reader from the claim's own members (a forged value refused). The grant is
 * fixtures/grants/carried-cap, whose README works the figures out by hand: 2024/25 to September, £77,634.57 of
 * cumulative actual under a cap of £89,766.67, of which the grant cap leaves £74,766.67, so £2,867.90 is held back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { withDigest } from '../support/forge.js';

const F = 'fixtures/grants/carried-cap';
const ARGS = [`${F}/gl.csv`, `${F}/payroll.csv`, '--config', `${F}/config.json`, '--year', '2024/25'];
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-grant-cap-line-'));
type Claim = { schema: string; cap: string; totals: Record<string, string>; wholeGrant: Record<string, string> };


describe('wholeGrant.heldByGrantCap', () => {
  const h1 = runCli(['claim', ...ARGS, '--half', 'H1', '--format', 'json']);
  const claim = JSON.parse(h1.stdout) as Claim;

  it('is the figure of the other formats, worked out by hand', () => {
    expect(h1.code, h1.stderr).toBe(0);
    expect(claim.schema).toBe('grant-recon/claim@2');
    // By hand (README): min(max(77,634.57, 0), 89,766.67) = 77,634.57; the grant cap leaves 74,766.67: 2,867.90 held.
    expect([claim.cap, claim.totals.cumulativeActual, claim.wholeGrant.left, claim.totals.cumulativeClaimable]).toEqual(['89766.67', '77634.57', '74766.67', '74766.67']);
    expect(claim.wholeGrant.heldByGrantCap).toBe('2867.90');
    const csv = runCli(['claim', ...ARGS, '--half', 'H1', '--format', 'csv']);
    expect(csv.stdout).toContain('claim,2024/25,H1,,,heldByGrantCap,,2867.90,');
    const table = runCli(['claim', ...ARGS, '--half', 'H1']);
    expect(table.stdout).toMatch(/Over the grant cap left for the year \(not claimable\).*£2,867\.90/);
  });

  it('a genuine claim is read as an earlier claim; a forged or missing figure is refused, naming the field', () => {
    const genuine = join(dir, 'h1.json');
    writeFileSync(genuine, h1.stdout);
    const h2 = runCli(['claim', ...ARGS, '--half', 'H2', '--previous', genuine, '--format', 'json']);
    expect(h2.code, h2.stderr).toBe(0);
    expect((JSON.parse(h2.stdout) as Claim).totals.previouslyClaimed).toBe('74766.67');
    const forgedFile = (name: string, change: (g: Record<string, string>) => void): string => {
      const json = JSON.parse(readFileSync(genuine, 'utf8')) as Claim;
      change(json.wholeGrant);
      const path = join(dir, name);
      writeFileSync(path, withDigest(json));
      return path;
    };
    const cases: [string, string][] = [
      [forgedFile('zero.json', (g) => (g.heldByGrantCap = '0.00')), 'wholeGrant.heldByGrantCap 0.00 is not min(max(totals.cumulativeActual 77634.57, 0), cap 89766.67) less what wholeGrant.left 74766.67 allows of that = 2867.90'],
      [forgedFile('missing.json', (g) => delete g.heldByGrantCap), 'not a grant-recon claim: wholeGrant.heldByGrantCap is missing'],
    ];
    for (const [file, reason] of cases) {
      const run = runCli(['claim', ...ARGS, '--half', 'H2', '--previous', file, '--format', 'json']);
      expect(run.code, file).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`--previous ${file}: `);
      expect(run.stderr).toContain(reason);
    }
  });
});
