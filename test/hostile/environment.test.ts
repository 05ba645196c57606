/**
 * Environment values out of range: SOURCE_DATE_EPOCH past 9999-12-31T23:59:59Z is a usage error (exit 2) saying the
 * range, never an internal error or a stamp of year 10000; a $GITHUB_STEP_SUMMARY that cannot take the job summary
 * (a folder, a missing folder, a named pipe, a full device) is a warning, and the exit code stays the findings'.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoCrash } from '../support/report-invariants.js';
import { ROOT } from '../support/run-cli.js';
import { runCliAsync } from '../support/run-cli-async.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-hostile-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const APRIL = path.join(ROOT, 'fixtures/sample/gl/gl-2022-04.csv');
const BAD_DATE = path.join(ROOT, 'fixtures/errors/bad-date.csv');

describe('SOURCE_DATE_EPOCH', () => {
  it.each(['253402300800', '8640000000001'])('%s is refused with the range it must be in (exit 2, nothing written)', async (epoch) => {
    const r = await runCliAsync(['reconcile', APRIL, '--format', 'json'], { env: { SOURCE_DATE_EPOCH: epoch } });
    expectNoCrash(r, epoch);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `grant-recon: error[usage]: SOURCE_DATE_EPOCH "${epoch}" is out of range: it must be a whole number of seconds from 0 to 253402300799 (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)\n  hint: e.g. SOURCE_DATE_EPOCH=1700000000 (2023-11-14T22:13:20Z)\n`,
    });
  });

  it('253402300799 stamps 9999-12-31T23:59:59Z, in the JSON and in a workbook', async () => {
    const r = await runCliAsync(['reconcile', APRIL, '--format', 'json'], { env: { SOURCE_DATE_EPOCH: '253402300799' } });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { generatedAt: string }).generatedAt).toBe('9999-12-31T23:59:59Z');
    const workbook = path.join(dir, 'claim.xlsx');
    const claim = await runCliAsync(['claim', APRIL, '--year', '2022/23', '--month', '2022-04', '-o', workbook], { env: { SOURCE_DATE_EPOCH: '253402300799' } });
    expect(claim.code, claim.stderr).toBe(0);
  });

  it('an --as-of whose offset carries it past 9999-12-31T23:59:59Z is refused too', async () => {
    const r = await runCliAsync(['reconcile', APRIL, '--as-of', '9999-12-31T23:59:59-01:00']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'grant-recon: error[usage]: --as-of "9999-12-31T23:59:59-01:00" is out of range: the generation time must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z (UTC)\n  hint: e.g. --as-of 2023-04-30 or --as-of 2023-04-30T17:00:00Z\n',
    });
  });
});

describe('GITHUB_STEP_SUMMARY that cannot take the summary', () => {
  const fifo = path.join(dir, 'summary-pipe.md');
  const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
  const cases: [string, string, string][] = [
    ['a folder', dir, 'it is a folder'],
    ['a missing folder', path.join(dir, 'no-such-folder', 'summary.md'), 'the folder does not exist'],
    ...(existsSync('/dev/full') ? [['a full device', '/dev/full', 'no space left on the device'] as [string, string, string]] : []),
    ...(hasFifo ? [['a named pipe', fifo, 'it is a named pipe (FIFO)'] as [string, string, string]] : []),
  ];

  it.each(cases)('%s: a warning, and the exit code and annotations the findings decide', async (_what, summary, problem) => {
    const warning = `grant-recon: warning[step-summary]: cannot append the job summary to $GITHUB_STEP_SUMMARY (${summary}): ${problem}\n  hint: the findings are in the annotations; set GITHUB_STEP_SUMMARY to a file that can be written, or unset it\n`;
    for (const [file, code, status] of [
      [BAD_DATE, 1, 'FAIL: 1 error, 0 warnings'],
      [APRIL, 0, 'pass: 0 errors, 1 warning'],
    ] as const) {
      const args = ['check', file, '--config', 'fixtures/sample/grant.config.json', '--format', 'github'];
      const [without, withSummary] = await Promise.all([runCliAsync(args, { timeoutMs: 30_000 }), runCliAsync(args, { env: { GITHUB_STEP_SUMMARY: summary }, timeoutMs: 30_000 })]);
      expectNoCrash(withSummary, summary);
      expect(without.code).toBe(code);
      expect({ code: withSummary.code, stdout: withSummary.stdout, stderr: withSummary.stderr }).toEqual({
        code,
        stdout: without.stdout,
        // The summary line ends the annotations on stdout; stderr holds only the warning.
        stderr: warning,
      });
      expect(withSummary.stdout.trimEnd().split('\n').at(-1)).toBe(`grant-recon check: ${status}`);
    }
  });

  it('a file is appended to, as before', async () => {
    const summary = path.join(dir, 'summary.md');
    const r = await runCliAsync(['check', BAD_DATE, '--config', 'fixtures/sample/grant.config.json', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: '' });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('grant-recon check: FAIL: 1 error, 0 warnings');
    expect(readFileSync(summary, 'utf8')).toContain('## grant-recon check: FAIL\n');
  });
});
