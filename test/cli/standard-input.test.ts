/**
 * Ledger inputs from a pipe: `-` reads standard input (a pipe from zcat is a common CI step) and a named pipe is
 * read as it streams, with the figures of the file it carries; a device is refused with a true message.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccountsBalance, expectNoCrash, physicalLines, type AccountingJson } from '../support/report-invariants.js';
import { ROOT, runCli, type CliRun } from '../support/run-cli.js';

/** Runs `grant-recon ARGS` with `input` on its standard input. */
function runWithInput(args: readonly string[], input: Buffer | string): CliRun {
  const result = spawnSync(process.execPath, [resolve(ROOT, 'bin/grant-recon.js'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status ?? -1 };
}

const SAMPLE = 'fixtures/sample/gl/gl-2022-09.csv';
const NOTHING_REPORTED = 'grant-recon: 1 file could not be used; nothing was reported\n';

describe('standard input as a ledger input', () => {
  it('reads `-` as the export piped in: the figures, lines and SHA-256 of the file itself, named -', () => {
    const bytes = readFileSync(resolve(ROOT, SAMPLE));
    const piped = runWithInput(['reconcile', '-', '--format', 'json'], bytes);
    const direct = runCli(['reconcile', SAMPLE, '--format', 'json']);
    expectNoCrash(piped, 'reconcile -');
    expect(piped.code).toBe(0);
    // The same document but for the file's name (and so its digest).
    const undigested = (json: string) => json.replace(/,\n {2}"digest": "sha256:[0-9a-f]{64}"\n}\n$/, '\n}\n');
    expect(undigested(piped.stdout)).toBe(undigested(direct.stdout).replaceAll(`"${SAMPLE}"`, '"-"'));
    const report = JSON.parse(piped.stdout) as AccountingJson;
    expectAccountsBalance(report, 'reconcile -', { allYears: true });
    expect(report.inputs[0]?.lines.physical).toBe(physicalLines(bytes));
  });

  it('reads `-` beside files, in its place among them', () => {
    const piped = runWithInput(['validate', 'fixtures/sample/gl/gl-2022-04.csv', '-', '--format', 'json'], readFileSync(resolve(ROOT, 'fixtures/errors/bad-date.csv')));
    expect(piped.code).toBe(1);
    const report = JSON.parse(piped.stdout) as AccountingJson;
    expect(report.inputs.map((i) => i.file)).toEqual(['fixtures/sample/gl/gl-2022-04.csv', '-']);
    expect(report.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['-:4']);
  });

  it.each([
    ['empty', '', '-: error[unusable-file]: standard input is empty\n  hint: pipe a ledger export into it, e.g. zcat gl-2022-09.csv.gz | grant-recon validate -\n'],
    [
      'a workbook',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
      '-: error[unusable-file]: this is an Excel workbook (.xlsx, a ZIP archive), not a CSV file\n  hint: open it in Excel and use File > Save As > "CSV UTF-8 (Comma delimited)", then run again\n',
    ],
    [
      'a quote that never closes',
      'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\nD1,1,01/05/2022,SMH001,511000,"10.00\n',
      '-:2: error[unusable-file]: a quote opens here and never closes, so the rest of the file cannot be read reliably\n  hint: the export is truncated or damaged: export it again; no claim is made from part of a file\n',
    ],
  ])('refuses %s, as it refuses such a file', (_what, input, message) => {
    const run = runWithInput(['validate', '-'], input);
    expect(run).toEqual({ code: 2, stdout: '', stderr: message + NOTHING_REPORTED });
  });

  it('refuses `-` given twice: a pipe can be read once', () => {
    const run = runWithInput(['validate', '-', '-'], 'x');
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'grant-recon: error[usage]: standard input (-) is given more than once, but a pipe can be read only once\n  hint: name it once among the inputs\n' });
  });
});

describe('devices', () => {
  it.each(['/dev/zero', '/dev/null'])('%s is refused at once as a device, never read', (device) => {
    const run = runCli(['validate', device]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `${device}: error[unusable-file]: is a character device (such as /dev/zero or a terminal), not a file\n  hint: name a CSV export, or pipe one in as - (standard input)\n${NOTHING_REPORTED}`,
    });
  });
});
