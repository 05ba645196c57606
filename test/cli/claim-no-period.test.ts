/**
 * `claim` without a claim period: the message names the options this grant may be claimed with, as its
 * `claimPeriods` sets them (claim-periods.ts, claimKindsOf), with an example of each in the year asked for; never an
 * option the grant refuses.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIM_FREQUENCIES, claimKindAllowed, claimKindsOf } from '../../src/core/calendar/claim-periods.js';
import { runCli } from '../support/run-cli.js';

const refused = (config: string | undefined, year: string) => {
  const run = runCli(['claim', 'fixtures/sample/gl/gl-2022-04.csv', ...(config ? ['--config', config] : []), '--year', year]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  return run.stderr;
};

describe('the kinds of claim period a grant may be claimed in', () => {
  it('are its own kind and the final claim; without a frequency, a quarter, a month or the final claim', () => {
    expect(claimKindsOf(undefined)).toEqual(['quarter', 'month', 'final']);
    expect(claimKindsOf('monthly')).toEqual(['month', 'final']);
    expect(claimKindsOf('quarterly')).toEqual(['quarter', 'final']);
    expect(claimKindsOf('half-yearly')).toEqual(['half', 'final']);
    expect(claimKindsOf('annual')).toEqual(['final']);
    // The same answer as the one rule of which kind is allowed, for every frequency.
    for (const f of [undefined, ...CLAIM_FREQUENCIES]) {
      expect(claimKindsOf(f)).toEqual((['quarter', 'month', 'half', 'final'] as const).filter((k) => claimKindAllowed(f, k)));
    }
  });
});

describe('claim with no claim period', () => {
  it('a half-yearly grant: --half or --final, with the half years as the example', () => {
    expect(refused('fixtures/grants/half-yearly/config.json', '2022/23')).toBe(
      'grant-recon: error[usage]: give the claim period: grant HO 7731 is claimed half-yearly ("claimPeriods": "half-yearly" in the configuration), so --half or --final\n' +
        "  hint: e.g. --half H1 (H1 April–September, H2 October–March with P13–P16), or --final (the whole year) for the year's final claim\n",
    );
  });

  it('a monthly grant: --month or --final, the example a month of the year asked for', () => {
    expect(refused('fixtures/grants/monthly/config.json', '2023/24')).toBe(
      'grant-recon: error[usage]: give the claim period: grant VRU 0042 is claimed monthly ("claimPeriods": "monthly" in the configuration), so --month or --final\n' +
        "  hint: e.g. --month 2023-09 (a month yyyy-mm; March takes P13–P16), or --final (the whole year) for the year's final claim\n",
    );
  });

  it('an annual grant: --final with the year', () => {
    expect(refused('fixtures/grants/annual/config.json', '2022/23')).toBe(
      'grant-recon: error[usage]: give the claim period: grant MOPAC 2210 is claimed annually ("claimPeriods": "annual" in the configuration), so --final\n' +
        '  hint: e.g. --year 2022/23 --final (the whole year)\n',
    );
  });

  it('a quarterly grant: --quarter or --final', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-no-period-'));
    const file = join(dir, 'quarterly.json');
    writeFileSync(file, JSON.stringify({ claimPeriods: 'quarterly' }));
    expect(refused(file, '2022/23')).toBe(
      'grant-recon: error[usage]: give the claim period: grant PCD 1215 is claimed quarterly ("claimPeriods": "quarterly" in the configuration), so --quarter or --final\n' +
        "  hint: e.g. --quarter Q2 (Q1 to Q4), or --final (the whole year) for the year's final claim\n",
    );
  });

  it('the built-in PCD 1215 (no claimPeriods): a quarter, a month or the final claim, never --half', () => {
    const stderr = refused(undefined, '2022/23');
    expect(stderr).toBe(
      'grant-recon: error[usage]: give the claim period: --quarter, --month or --final\n' +
        '  hint: e.g. --quarter Q2 (Q1 to Q4), --month 2022-09 (a month yyyy-mm; March takes P13–P16) or --final (the whole year)\n',
    );
    expect(stderr).not.toContain('--half');
  });
});
