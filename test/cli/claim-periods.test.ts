/**
 * Claim periods set per grant (`claimPeriods`): the worked configurations under fixtures/grants/ (a monthly, a
 * half-yearly and an annual grant over the sample GL exports) claim in their own periods, with figures checked
 * against fixtures/grants/expected.json (scripts/fixtures/grants_oracle.py: Python, no code shared with the tool);
 * a claim of another shape is a usage error naming the grant's frequency and the option to use.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

interface Claim {
  period: { label: string; from: string; to: string };
  cap: string;
  categories: { category: string; periodActual: string; cumulativeActual: string }[];
  totals: Record<string, string>;
}
const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/grants/expected.json'), 'utf8')) as {
  files: string[];
  grants: Record<string, { years: Record<string, Record<string, Claim>> }>;
  register: { folder: string; year: string; claims: Record<string, string>[]; claimed: string; remaining: string; gaps: { from: string; to: string; claimPeriods: string[] }[] };
};
const FILES = readdirSync(resolve(ROOT, 'fixtures/sample/gl'))
  .filter((n) => n.endsWith('.csv'))
  .sort()
  .map((n) => `fixtures/sample/gl/${n}`);
const config = (grant: string) => `fixtures/grants/${grant}/config.json`;
const OPTION: Record<string, (label: string) => string[]> = {
  monthly: (label) => ['--month', label],
  'half-yearly': (label) => ['--half', label],
  annual: () => ['--final'],
};
const pence = (s: string): bigint => BigInt(s.replace('.', ''));
const pounds = (p: bigint): string => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${String((p < 0n ? -p : p) % 100n).padStart(2, '0')}`;

function claimJson(grant: string, year: string, period: string[], extra: string[] = []) {
  const run = runCli(['claim', ...FILES, '--config', config(grant), '--year', year, ...period, '--format', 'json', ...extra]);
  return { run, json: JSON.parse(run.stdout) as Claim & { schema: string; period: { frequency?: string }; unclaimedGaps: unknown[] } };
}

describe('each grant claims in its own periods, to the penny of the independent figures', () => {
  it('uses every sample export', () => {
    expect(FILES).toEqual(expected.files);
  });

  const cases: [string, string, string][] = [];
  for (const [grant, { years }] of Object.entries(expected.grants)) {
    for (const [year, claims] of Object.entries(years)) {
      for (const label of Object.keys(claims)) {
        // Every month of 2022/23; of 2023/24, March (with P13) only: each run reads all 26 exports.
        if (grant === 'monthly' && year === '2023/24' && label !== '2024-03') continue;
        cases.push([grant, year, label]);
      }
    }
  }

  it.each(cases)('%s %s %s', (grant, year, label) => {
    const want = expected.grants[grant]?.years[year]?.[label] as Claim;
    const { run, json } = claimJson(grant, year, (OPTION[grant] as (l: string) => string[])(label));
    expect(run.code).toBe(0);
    expect(json.schema).toBe('grant-recon/claim@2');
    expect(json.period).toEqual({ ...want.period, frequency: grant });
    expect(json.cap).toBe(want.cap);
    expect(json.categories.map(({ category, periodActual, cumulativeActual }) => ({ category, periodActual, cumulativeActual }))).toEqual(want.categories);
    expect(json.totals).toMatchObject(want.totals);
  });

  it('the monthly grant caps March 2023: its actual passes the £2,500,000.00 cap, so only the cap is claimable', () => {
    const march = expected.grants.monthly?.years['2022/23']?.['2023-03'] as Claim;
    // Worked by hand: 2,688,488.85 − 2,500,000.00 is over the cap; the claim due is the cap less what was claimable to February.
    expect(march.totals).toMatchObject({ cumulativeActual: '2688488.85', cumulativeClaimable: '2500000.00', overCap: '188488.85', headroom: '0.00' });
    expect(pence(march.totals.claimDue as string)).toBe(250000000n - pence(march.totals.previouslyClaimed as string));
  });

  it('the final claim stays open to a monthly grant, for the whole year', () => {
    const { run, json } = claimJson('monthly', '2022/23', ['--final']);
    expect(run.code).toBe(0);
    expect(json.period).toEqual({ label: 'final', frequency: 'monthly', from: '2022-04-01', to: '2023-03-31' });
    expect(json.totals).toMatchObject({ periodActual: '2688488.85', previouslyClaimed: '0.00', claimDue: '2500000.00' });
  });

  it('an annual grant\'s claim says what it is, and asks for no earlier claims', () => {
    const run = runCli(['claim', ...FILES, '--config', config('annual'), '--year', '2023/24', '--final']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Financial year 2023/24, claim period final (2023-04-01 to 2024-03-31), of a grant claimed annually');
    expect(run.stdout).toContain('MOPAC 2210 is claimed annually: this claim covers the whole of 2023/24');
    expect(run.stderr).toBe('');
  });
});

describe('claims of a monthly grant with a gap', () => {
  it('claims list names the gap in the grant\'s months, with the figures of the independent register', () => {
    const run = runCli(['claims', 'list', expected.register.folder, '--config', config('monthly'), '--format', 'json']);
    expect(run.code).toBe(0);
    const register = JSON.parse(run.stdout) as { years: { year: string; claims: Record<string, string>[]; claimed: string; remaining: string; gaps: unknown[] }[] };
    const year = register.years[0];
    expect(year?.year).toBe(expected.register.year);
    expect(year?.claims.map(({ period, claimDue, cumulativeClaimed, remaining }) => ({ period, claimDue, cumulativeClaimed, remaining }))).toEqual(expected.register.claims);
    expect(year?.claimed).toBe(expected.register.claimed);
    expect(year?.remaining).toBe(expected.register.remaining);
    expect(year?.gaps).toEqual(expected.register.gaps);
  });

  it('the next claim, made with the claims sent, takes the gap in and names its months', () => {
    const { run, json } = claimJson('monthly', '2022/23', ['--month', '2022-09'], ['--previous-dir', expected.register.folder]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('grant-recon: no earlier claim covers 2022-06-01 to 2022-07-31 (2022-06, 2022-07); this claim\'s due takes it in\n');
    expect(json.unclaimedGaps).toEqual([{ from: '2022-06-01', to: '2022-07-31', claimPeriods: ['2022-06', '2022-07'] }]);
    const september = expected.grants.monthly?.years['2022/23']?.['2022-09'] as Claim;
    // Claimable to September less the three claims sent (April, May, August).
    const due = pence(september.totals.cumulativeClaimable as string) - pence(expected.register.claimed);
    expect(json.totals).toMatchObject({ previouslyClaimed: expected.register.claimed, claimDue: pounds(due) });
    const table = runCli(['claim', ...FILES, '--config', config('monthly'), '--year', '2022/23', '--month', '2022-09', '--previous-dir', expected.register.folder]);
    expect(table.stdout).toMatch(/Claim due from Violence Reduction Unit +2022-09 \(2022-09-01 to 2022-09-30\), and 2022-06-01 to 2022-07-31 \(2022-06, 2022-07\) that no earlier claim covered/);
    expect(table.stdout).toMatch(/Previously claimed +2022-04, 2022-05, 2022-08 \(2022-04-01 to 2022-08-31\)/);
  });
});

describe('a claim of another shape is a usage error', () => {
  const refused = (grant: string | undefined, period: string[]) => {
    const run = runCli(['claim', 'fixtures/sample/gl/gl-2022-04.csv', ...(grant ? ['--config', config(grant)] : []), '--year', '2022/23', ...period]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    return run.stderr;
  };

  it('names the grant\'s frequency and the option to use', () => {
    expect(refused('monthly', ['--quarter', 'Q1'])).toBe(
      'grant-recon: error[usage]: grant VRU 0042 is claimed monthly ("claimPeriods": "monthly" in the configuration), so --quarter is not one of its claim periods\n' +
        "  hint: claim with --month 2022-09 (a month yyyy-mm; March takes P13–P16), or make the year's final claim with --final\n",
    );
    expect(refused('half-yearly', ['--month', '2022-09'])).toBe(
      'grant-recon: error[usage]: grant HO 7731 is claimed half-yearly ("claimPeriods": "half-yearly" in the configuration), so --month is not one of its claim periods\n' +
        "  hint: claim with --half H1 (H1 April–September, H2 October–March with P13–P16), or make the year's final claim with --final\n",
    );
    expect(refused('annual', ['--half', 'H1'])).toBe(
      'grant-recon: error[usage]: grant MOPAC 2210 is claimed annually ("claimPeriods": "annual" in the configuration), so --half is not one of its claim periods\n' +
        '  hint: claim the whole year with --final (the whole year)\n',
    );
  });

  it('--half needs a half-yearly grant; a bad half and two periods are refused', () => {
    expect(refused(undefined, ['--half', 'H1'])).toBe(
      'grant-recon: error[usage]: --half claims a half year, but grant PCD 1215 is not claimed half-yearly\n' +
        '  hint: claim a quarter (--quarter Q2), a month (--month 2022-09) or the final claim (--final), or set "claimPeriods": "half-yearly" in the configuration\n',
    );
    expect(refused('half-yearly', ['--half', 'H3'])).toBe('grant-recon: error[usage]: --half: half "H3" is not one of H1 (April–September) or H2 (October–March); write e.g. H1\n');
    expect(refused('half-yearly', ['--half', 'H1', '--final'])).toBe(
      "grant-recon: error[usage]: give exactly one claim period: --quarter, --month, --half or --final\n  hint: e.g. --half H1, or --final for the year's final claim\n",
    );
  });
});

describe('the configuration key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-claim-periods-'));
  const withConfig = (raw: object) => {
    const path = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(raw));
    return { path, run: runCli(['config', 'show', '--config', path]) };
  };

  it('refuses a frequency that is not one, with its JSON path', () => {
    const { path, run } = withConfig({ claimPeriods: 'fortnightly' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}: error[config]: $.claimPeriods: "fortnightly" is not how often a grant is claimed: write "monthly", "quarterly", "half-yearly" or "annual"`);
    const typo = withConfig({ claimPeriod: 'monthly' });
    expect(typo.run.code).toBe(2);
    expect(typo.run.stderr).toContain('(did you mean "claimPeriods"?)');
  });

  it('config show gives it when set, and not when absent', () => {
    const { run } = withConfig({ claimPeriods: 'half-yearly' });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { claimPeriods?: string }).claimPeriods).toBe('half-yearly');
    expect(runCli(['config', 'show']).stdout).not.toContain('claimPeriods');
  });

  it('a quarterly grant set as such takes only quarters and the final claim, as claim@2', () => {
    const { path } = withConfig({ claimPeriods: 'quarterly' });
    const month = runCli(['claim', 'fixtures/sample/gl/gl-2022-04.csv', '--config', path, '--year', '2022/23', '--month', '2022-04']);
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('is claimed quarterly ("claimPeriods": "quarterly" in the configuration), so --month is not one of its claim periods');
    const q1 = runCli(['claim', 'fixtures/sample/gl/gl-2022-04.csv', 'fixtures/sample/gl/gl-2022-05.csv', 'fixtures/sample/gl/gl-2022-06.csv', '--config', path, '--year', '2022/23', '--quarter', 'Q1', '--format', 'json']);
    const json = JSON.parse(q1.stdout) as { schema: string; period: object; totals: { periodActual: string } };
    expect(json.schema).toBe('grant-recon/claim@2');
    expect(json.period).toEqual({ label: 'Q1', frequency: 'quarterly', from: '2022-04-01', to: '2022-06-30' });
    // fixtures/sample/expected.json: the PCD 1215 sample's Q1 actual.
    expect(json.totals.periodActual).toBe('725281.12');
  });
});
