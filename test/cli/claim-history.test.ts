/**
 * Claims made each quarter from the ledger as it stood then, with later corrections, and `--previous`: the
 * figures below are worked out by hand from the sample's independent figures (fixtures/sample/expected.json).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as {
  claims: Record<string, Record<string, { totals: Record<string, string> }>>;
};
const month = (ym: string) => `fixtures/sample/gl/gl-${ym}.csv`;
const Q1_FILES = ['2022-04', '2022-05', '2022-06'].map(month);
const Q2_FILES = [...Q1_FILES, ...['2022-07', '2022-08', '2022-09'].map(month)];
const Q3_FILES = [...Q2_FILES, ...['2022-10', '2022-11', '2022-12'].map(month)];
const YEAR_FILES = [...Q3_FILES, ...['2023-01', '2023-02', '2023-03', '2023-p13'].map(month)];
const pence = (s: string) => BigInt(s.replace('.', ''));
const pounds = (p: bigint) => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${String((p < 0n ? -p : p) % 100n).padStart(2, '0')}`;
const sample = expected.claims['2022/23'] as Record<string, { totals: Record<string, string> }>;

interface Claim {
  totals: Record<string, string>;
  previousClaims: { period: string; claimDue: string }[];
  priorPeriodRestatements: { category: string; restatement: string }[];
  unclaimedGaps: { from: string; to: string }[];
}

let dir: string;
const claim = (files: string[], period: string[], previous: string[] = [], out?: string) => {
  const args = ['claim', ...files, '--year', '2022/23', ...period, ...previous.flatMap((p) => ['--previous', join(dir, p)]), '--format', 'json'];
  const run = runCli(out ? [...args, '-o', join(dir, out)] : args);
  return { run, json: (out ? JSON.parse(readFileSync(join(dir, out), 'utf8')) : run.code === 2 ? undefined : JSON.parse(run.stdout)) as Claim };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'grant-recon-history-'));
  // A £12,345.67 staff credit for May (P02), which reached the ledger only in September.
  writeFileSync(join(dir, 'late-credit.csv'), 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Net Amount\n9990001,1,15/09/2022,P02,SMH001,511000,-12345.67\n');
});

describe('a year of quarterly claims', () => {
  it('Q1, made from the April–June exports, claims what the sample says', () => {
    const { json } = claim(Q1_FILES, ['--quarter', 'Q1'], [], 'q1.json');
    expect(json.totals).toEqual(sample.Q1?.totals);
  });

  it('Q2 recovers the late Q1 credit as a prior-period adjustment', () => {
    const { json } = claim([...Q2_FILES, join(dir, 'late-credit.csv')], ['--quarter', 'Q2'], ['q1.json'], 'q2.json');
    const q1Due = pence(sample.Q1?.totals.claimDue as string);
    const q2Cumulative = pence(sample.Q2?.totals.cumulativeActual as string) - 1234567n;
    expect(json.totals).toEqual({
      periodActual: sample.Q2?.totals.periodActual,
      cumulativeActual: pounds(q2Cumulative),
      cumulativeClaimable: pounds(q2Cumulative),
      previouslyClaimed: pounds(q1Due),
      priorPeriodAdjustment: '-12345.67',
      claimDue: pounds(q2Cumulative - q1Due),
      headroom: pounds(289345200n - q2Cumulative),
      overCap: '0.00',
    });
    expect(json.previousClaims).toMatchObject([{ period: 'Q1', claimDue: pounds(q1Due) }]);
    expect(json.priorPeriodRestatements.filter((r) => r.restatement !== '0.00')).toEqual([{ category: 'staff', claimed: '344333.77', now: '331988.10', restatement: '-12345.67' }]);
  });

  it('Q3 with both earlier claims has nothing left to adjust', () => {
    const { json } = claim([...Q3_FILES, join(dir, 'late-credit.csv')], ['--quarter', 'Q3'], ['q1.json', 'q2.json'], 'q3.json');
    expect(json.totals.priorPeriodAdjustment).toBe('0.00');
    expect(json.totals.claimDue).toBe(sample.Q3?.totals.claimDue);
  });

  it('Q3 recovers a Q1 credit that arrived after the Q2 claim, and names the row that moved', () => {
    // Q1 and Q2 claimed from the clean ledger (with their rows); the May credit reaches the ledger in October, after
    // the Q2 claim went (a posting date well within six months of May, so that P02 reads as 2022/23's).
    writeFileSync(join(dir, 'late-credit-oct.csv'), 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Net Amount\n9990002,1,03/10/2022,P02,SMH001,511000,-12345.67\n');
    const withRows = (files: string[], period: string[], previous: string[], out: string) =>
      runCli(['claim', ...files, '--year', '2022/23', ...period, ...previous.flatMap((p) => ['--previous', join(dir, p)]), '--format', 'json', '--with-rows', '-o', join(dir, out)]);
    expect(withRows(Q1_FILES, ['--quarter', 'Q1'], [], 'clean-q1.json').code).toBe(0);
    expect(withRows(Q2_FILES, ['--quarter', 'Q2'], ['clean-q1.json'], 'clean-q2.json').code).toBe(0);
    const run = runCli(['claim', ...Q3_FILES, join(dir, 'late-credit-oct.csv'), '--year', '2022/23', '--quarter', 'Q3', '--previous', join(dir, 'clean-q1.json'), '--previous', join(dir, 'clean-q2.json'), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    interface Change {
      change: string;
      amount: string;
      after: { file: string; line: number } | null;
    }
    const json = JSON.parse(run.stdout) as Omit<Claim, 'priorPeriodRestatements'> & { priorPeriodRestatements: { category: string; restatement: string; changes?: Change[] }[] };
    const q2Cumulative = pence(sample.Q2?.totals.cumulativeActual as string);
    const q3Cumulative = pence(sample.Q3?.totals.cumulativeActual as string) - 1234567n;
    expect(json.totals).toEqual({
      periodActual: sample.Q3?.totals.periodActual,
      cumulativeActual: pounds(q3Cumulative),
      cumulativeClaimable: pounds(q3Cumulative),
      // Q1's due and Q2's due: the whole of the clean Q2 cumulative, under the cap.
      previouslyClaimed: pounds(q2Cumulative),
      priorPeriodAdjustment: '-12345.67',
      claimDue: pounds(q3Cumulative - q2Cumulative),
      headroom: pounds(289345200n - q3Cumulative),
      overCap: '0.00',
    });
    const moved = json.priorPeriodRestatements.filter((r) => r.restatement !== '0.00');
    expect(moved.map((r) => [r.category, r.restatement])).toEqual([['staff', '-12345.67']]);
    expect(moved[0]?.changes?.map((c) => [c.change, c.amount, `${c.after?.file ?? ''}:${c.after?.line ?? ''}`])).toEqual([['added', '-12345.67', `${join(dir, 'late-credit-oct.csv')}:2`]]);
  });

  it('Q4 and then the final claim: every claim due adds up to what the year can claim', () => {
    const q4 = claim([...YEAR_FILES, join(dir, 'late-credit.csv')], ['--quarter', 'Q4'], ['q1.json', 'q2.json', 'q3.json'], 'q4.json').json;
    const final = claim([...YEAR_FILES, join(dir, 'late-credit.csv')], ['--final'], ['q1.json', 'q2.json', 'q3.json', 'q4.json']).json;
    const yearClaimable = pence(sample.final?.totals.cumulativeClaimable as string) - 1234567n;
    expect(final.totals.cumulativeClaimable).toBe(pounds(yearClaimable));
    expect(final.totals.claimDue).toBe('0.00');
    const dues = ['q1.json', 'q2.json', 'q3.json'].map((f) => pence((JSON.parse(readFileSync(join(dir, f), 'utf8')) as Claim).totals.claimDue as string));
    expect(dues.reduce((s, d) => s + d, 0n) + pence(q4.totals.claimDue as string)).toBe(yearClaimable);
  });

  it('a final claim without --previous means nothing was claimed before', () => {
    const { json } = claim(YEAR_FILES, ['--final']);
    expect(json.totals.previouslyClaimed).toBe('0.00');
    expect(json.totals.claimDue).toBe(sample.final?.totals.cumulativeClaimable);
  });

  it('says which dates no earlier claim covers; the claim due takes them in', () => {
    const run = runCli(['claim', ...Q3_FILES, '--year', '2022/23', '--quarter', 'Q3', '--previous', join(dir, 'q1.json'), '--format', 'json']);
    expect(run.stderr).toContain('no earlier claim covers 2022-07-01 to 2022-09-30');
    const json = JSON.parse(run.stdout) as Claim;
    expect(json.unclaimedGaps).toEqual([{ from: '2022-07-01', to: '2022-09-30' }]);
    expect(json.totals.priorPeriodAdjustment).toBe('0.00');
    expect(json.totals.claimDue).toBe(pounds(pence(sample.Q2?.totals.claimDue as string) + pence(sample.Q3?.totals.claimDue as string)));
  });
});

describe('earlier claims that cannot be used are refused (exit 2, nothing written)', () => {
  const refused = (period: string[], previous: string[], message: string) => {
    const { run } = claim(YEAR_FILES, period, previous);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  };

  it('the same file twice', () => refused(['--quarter', 'Q3'], ['q1.json', 'q1.json'], 'is the same claim file as'));
  it('a claim that does not end before this one begins', () => refused(['--quarter', 'Q2'], ['q2.json'], 'does not end before this claim period begins (2022-07-01)'));
  it('overlapping claims', () => {
    claim(Q1_FILES, ['--month', '2022-05'], [], 'may.json');
    refused(['--quarter', 'Q3'], ['q1.json', 'may.json'], 'overlaps');
  });
  it('a claim of another year', () => {
    runCli(['claim', month('2023-04'), '--year', '2023/24', '--month', '2023-04', '-o', join(dir, 'apr-2023.json')]);
    refused(['--quarter', 'Q3'], ['apr-2023.json'], 'is a claim for 2023/24, not 2022/23');
  });
  it('a final claim given to a final claim', () => {
    claim(YEAR_FILES, ['--final'], [], 'final.json');
    refused(['--final'], ['final.json'], 'is a final claim');
  });
  it('a file that is not a claim', () => {
    writeFileSync(join(dir, 'reconciliation.json'), runCli(['reconcile', month('2022-04'), '--format', 'json']).stdout);
    refused(['--quarter', 'Q3'], ['reconciliation.json'], 'not a grant-recon claim');
    refused(['--quarter', 'Q3'], ['no-such.json'], 'no such file');
  });
});
