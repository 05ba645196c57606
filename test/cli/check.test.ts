import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parseFailOn } from '../../src/core/reports/check.js';
import { ROOT, cliOnce, runCli } from '../support/run-cli.js';

/** The sample's grant cost centres: without them, every run would carry the finding that every cost centre counts. */
const GRANT = ['--config', 'fixtures/sample/grant.config.json'];

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as { files: string[] };
const SAMPLE = expected.files;
const BROKEN = ['fixtures/errors/bad-date.csv', 'fixtures/errors/conflicting-duplicate.csv', 'fixtures/errors/control-total-mismatch.csv'];
const FORMATS = ['table', 'json', 'csv', 'md', 'junit', 'github', 'sarif'];

interface CheckJson {
  status: string;
  counts: { errors: number; warnings: number };
  findings: { check: string; code: string; severity: string; file: string | null; line: number | null; message: string }[];
  years: { year: string; overCap: string; projectionPassesCapIn: string | null }[];
  inputs: { file: string; sha256: string }[];
}
/** For the runs over fixtures, which write nothing: a command two cases ask is run once. */
const once = cliOnce();
const check = (args: string[]) => {
  const run = once(['check', ...GRANT, ...args, '--format', 'json']);
  return { run, json: JSON.parse(run.stdout) as CheckJson };
};

describe('--fail-on', () => {
  it('reads a comma list, all, and refuses unknown tokens', () => {
    expect(parseFailOn('errors, over-cap')).toEqual({ ok: true, checks: ['over-cap', 'errors'] });
    expect(parseFailOn('all')).toEqual({ ok: true, checks: ['over-cap', 'closed-periods', 'control-totals', 'conflicts', 'errors', 'payroll', 'projection', 'cost-centres'] });
    expect(parseFailOn('errors,overcap')).toEqual({ ok: false, unknown: ['overcap'] });
    expect(parseFailOn('')).toEqual({ ok: false, unknown: [''] });
  });

  it('an unknown token is a usage error (exit 2) in every format', () => {
    for (const format of FORMATS) {
      const run = runCli(['check', ...GRANT, SAMPLE[0] as string, '--fail-on', 'errors,overcap', '--format', format]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('error[usage]: --fail-on: unknown check "overcap"');
    }
  });
});

describe('check on the sample', () => {
  it('2022/23 passes, in every format', () => {
    for (const format of FORMATS) expect(once(['check', ...GRANT, ...SAMPLE, '--year', '2022/23', '--format', format]).code).toBe(0);
    const { json } = check([...SAMPLE, '--year', '2022/23']);
    expect(json).toMatchObject({ status: 'pass', counts: { errors: 0, warnings: 0 }, findings: [] });
  });

  it('2023/24 fails over its cap, in every format', () => {
    for (const format of FORMATS) expect(once(['check', ...GRANT, ...SAMPLE, '--year', '2023/24', '--format', format]).code).toBe(1);
    const { json } = check([...SAMPLE, '--year', '2023/24']);
    expect(json.findings).toEqual([
      {
        check: 'over-cap',
        code: 'over-cap',
        severity: 'error',
        file: null,
        line: null,
        message: '2023/24 actual £3,011,630.43 is £118,178.43 over its cap of £2,893,452.00',
        hint: expect.any(String) as string,
      },
    ]);
  });

  it('over-cap left out of --fail-on is a warning and exits 0', () => {
    const { run, json } = check([...SAMPLE, '--year', '2023/24', '--fail-on', 'errors']);
    expect(run.code).toBe(0);
    expect(json.counts).toEqual({ errors: 0, warnings: 1 });
  });
});

describe('check on broken exports', () => {
  it('reports every finding with file and line, the most serious first, and exits 1 in every format', () => {
    const { json } = check(BROKEN);
    expect(json.findings.map((f) => [f.code, f.severity, f.file, f.line])).toEqual([
      ['control-total-mismatch', 'error', 'fixtures/errors/control-total-mismatch.csv', 6],
      ['conflicting-duplicate', 'error', 'fixtures/errors/conflicting-duplicate.csv', 4],
      ['bad-date', 'error', 'fixtures/errors/bad-date.csv', 4],
    ]);
    for (const format of FORMATS) expect(once(['check', ...GRANT, ...BROKEN, '--format', format]).code).toBe(1);
  });

  it('--fail-on decides alone: findings not selected are warnings', () => {
    const { run, json } = check([...BROKEN, '--fail-on', 'conflicts']);
    expect(run.code).toBe(1);
    expect(json.findings.map((f) => [f.code, f.severity])).toEqual([
      ['conflicting-duplicate', 'error'],
      ['control-total-mismatch', 'warning'],
      ['bad-date', 'warning'],
    ]);
    expect(check([...BROKEN, '--fail-on', 'over-cap']).run.code).toBe(0);
  });

  it('an unusable file is exit 2 whatever --fail-on says', () => {
    expect(runCli(['check', ...GRANT, 'fixtures/errors/workbook.csv', '--fail-on', 'over-cap']).code).toBe(2);
  });
});

describe('projection early warning', () => {
  it('names the month the run rate would reach the cap, as a warning unless selected', () => {
    // Three months of £900,000 a month: £2.7m by June runs at £10.8m a year; it passes the cap in July.
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-check-'));
    const file = join(dir, 'fast.csv');
    writeFileSync(file, ['Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount', '1,1,15/04/2022,SMH001,511000,900000.00', '2,1,15/05/2022,SMH001,511000,900000.00', '3,1,15/06/2022,SMH001,511000,900000.00', ''].join('\n'));
    const warned = check([file, '--year', '2022/23']);
    expect(warned.run.code).toBe(0);
    expect(warned.json.years[0]?.projectionPassesCapIn).toBe('2022-07');
    expect(warned.json.findings).toEqual([
      expect.objectContaining({ code: 'projection', severity: 'warning', message: '2022/23 projected outturn £10,800,000.00 (run rate) would pass the cap of £2,893,452.00 in 2022-07' }),
    ]);
    expect(check([file, '--year', '2022/23', '--fail-on', 'projection']).run.code).toBe(1);
  });
});

describe('junit', () => {
  const schema = readFileSync(resolve(ROOT, 'test/support/junit.xsd'), 'utf8');
  it.each([
    ['clean', [...SAMPLE, '--year', '2022/23']],
    ['failing', [...SAMPLE, ...BROKEN]],
    ['with warnings', [...BROKEN, '--fail-on', 'conflicts']],
    [
      'closed periods changed (--against)',
      ['fixtures/against/june/gl-2022-06.csv', 'fixtures/against/june/payroll-2022-06.csv', '--config', 'fixtures/against/closed-through-2022-04.config.json', '--against', 'fixtures/against/reconciliation-2022-05.json'],
    ],
  ])('validates against the JUnit schema (%s)', async (_name, args) => {
    const run = once(['check', ...GRANT, ...args, '--format', 'junit']);
    const result = await validateXML({ xml: [{ fileName: 'check.xml', contents: run.stdout }], schema: [schema] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has a test case per check and per file, failing where a finding is at the fail-on level', () => {
    const xml = runCli(['check', ...GRANT, ...BROKEN, '--format', 'junit', '--as-of', '2024-05-01']).stdout;
    expect(xml).toContain('<testsuites name="grant-recon check" tests="10" failures="6" errors="0" time="0">');
    expect(xml).toContain('<testsuite name="checks" tests="7" failures="3"');
    expect(xml).toContain('<testsuite name="files" tests="3" failures="3"');
  });
});

describe('many findings', () => {
  it('the table lists the first 1000 findings in files, and always the grant years\' own; JUnit lists 1000 a case', async () => {
    // 1,500 rows in error, and one included row whose run rate (£300,000.00 in April: £3,600,000.00 a year)
    // passes the cap: the projection finding comes after the errors, and is listed all the same.
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-many-'));
    const file = join(dir, 'gl.csv');
    writeFileSync(file, ['Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount', '7000000,1,15/04/2022,SMH001,531000,300000.00', ...Array.from({ length: 1500 }, (_, i) => `${7100000 + i},1,31/04/2022,SMH001,531000,1.00`), ''].join('\n'));
    const run = runCli(['check', ...GRANT, file, '--year', '2022/23', '--fail-on', 'all']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL: 1501 errors, 0 warnings');
    expect(run.stdout).toMatch(/Grant years\n\nLine +Severity +Code +Problem +Hint\n +error +projection +2022\/23 projected outturn £3,600,000\.00/);
    const listed = run.stdout.split('\n').filter((l) => /^\d+ +error +bad-date /.test(l));
    expect(listed).toHaveLength(1000);
    expect(listed[999]).toMatch(/^1002 /);
    expect(run.stdout).toContain('The first 1000 of 1500 findings in files, the most serious first, are listed here; the JSON and CSV formats list them all.');
    const json = JSON.parse(runCli(['check', ...GRANT, file, '--year', '2022/23', '--fail-on', 'all', '--format', 'json']).stdout) as { findings: unknown[] };
    expect(json.findings).toHaveLength(1501);

    // Findings that fail the check come before warnings, whichever file holds them: x.csv holds six keyed rows;
    // y.csv repeats one with another amount, then has 1,500 bad dates (warnings under --fail-on conflicts); z.csv
    // repeats the other five with another amount. All six conflicts are listed.
    const keyed = (amount: string) => Array.from({ length: 6 }, (_, i) => `${7200000 + i},1,15/04/2022,SMH001,531000,${amount}`);
    const x = join(dir, 'x.csv');
    const y = join(dir, 'y.csv');
    const z = join(dir, 'z.csv');
    const head = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount';
    writeFileSync(x, [head, ...keyed('10.00'), ''].join('\n'));
    writeFileSync(y, [head, keyed('11.00')[0], ...Array.from({ length: 1500 }, (_, i) => `${7300000 + i},1,31/04/2022,SMH001,531000,1.00`), ''].join('\n'));
    writeFileSync(z, [head, ...keyed('12.00').slice(1), ''].join('\n'));
    const mixed = runCli(['check', ...GRANT, x, y, z, '--fail-on', 'conflicts']).stdout;
    expect(mixed).toContain('FAIL: 6 errors, 1500 warnings');
    expect(mixed.split('\n').filter((l) => /^\d+ +error +conflicting-duplicate /.test(l))).toHaveLength(6);
    expect(mixed.split('\n').filter((l) => /^\d+ +warning +bad-date /.test(l))).toHaveLength(994);

    // JUnit: each finding once. The file's case lists the first 1000 and counts the rest; the errors case says how
    // many are under their files; the XML stays valid.
    const xml = runCli(['check', ...GRANT, file, '--year', '2022/23', '--fail-on', 'all', '--format', 'junit']).stdout;
    expect(xml.split('… and 500 more; grant-recon check --format json lists them all')).toHaveLength(2);
    expect(xml.match(/error\[bad-date\]/g)).toHaveLength(1000);
    expect(xml).toContain('<failure message="1500 findings; first: Posting Date: date &quot;31/04/2022&quot;');
    expect(xml).toContain('<failure message="1500 errors, each listed under its file in the files suite" type="errors">');
    const result = await validateXML({ xml: [{ fileName: 'check.xml', contents: xml }], schema: [readFileSync(resolve(ROOT, 'test/support/junit.xsd'), 'utf8')] });
    expect(result.errors).toEqual([]);
  });
});

describe('github', () => {
  it('writes annotations, the most serious first, and appends the full table to $GITHUB_STEP_SUMMARY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-gh-'));
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const run = runCli(['check', ...GRANT, ...SAMPLE, ...BROKEN, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('::error title=grant-recon check over-cap::over-cap: 2023/24 actual £3,011,630.43 is £118,178.43 over its cap of £2,893,452.00 (hint: the excess cannot be claimed in this or any later year; check the coding of the largest lines, or fund the excess elsewhere)');
    expect(lines[1]).toMatch(/^::error file=fixtures\/errors\/control-total-mismatch.csv,line=6,title=grant-recon check control-totals::control-total-mismatch: /);
    expect(lines[2]).toMatch(/^::error file=fixtures\/errors\/conflicting-duplicate.csv,line=4,title=grant-recon check conflicts::conflicting-duplicate: /);
    expect(lines[3]).toMatch(/^::error file=fixtures\/errors\/bad-date.csv,line=4,title=grant-recon check errors::bad-date: /);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n## grant-recon check: FAIL\n')).toBe(true);
    expect(written).toContain('| error | bad-date | fixtures/errors/bad-date.csv:4 |');
  });

  it('annotates the first 1000 findings of a broken export, and keeps the job summary under GitHub\'s 1 MiB', () => {
    // 1,500 rows with an impossible date, in a file whose path is over a thousand characters: a summary listing
    // every finding would be 1.7 MB, and GitHub would show none of it.
    let dir = mkdtempSync(join(tmpdir(), 'grant-recon-gh-'));
    for (let i = 0; i < 5; i++) dir = join(dir, `${'exports-of-the-social-media-hub-'.repeat(6)}${i}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'gl.csv');
    writeFileSync(file, ['Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount', ...Array.from({ length: 1500 }, (_, i) => `${7100000 + i},1,31/04/2022,SMH001,531000,1.00`), ''].join('\n'));
    const summary = join(dir, 'summary.md');
    const run = runCli(['check', ...GRANT, file, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(1000);
    expect(lines[999]).toContain(`line=1001,title=grant-recon check errors::bad-date: `);
    expect(lines.at(-2)).toBe('grant-recon check: 500 more findings are not annotated; --format json or csv lists them all');
    expect(lines.at(-1)).toBe('grant-recon check: FAIL: 1500 errors, 0 warnings');
    const written = readFileSync(summary);
    expect(written.length).toBeLessThan(1024 * 1024);
    const listed = written.toString('utf8').split('\n').filter((l) => l.startsWith('| error | bad-date |')).length;
    expect(listed).toBeGreaterThan(400);
    expect(listed).toBeLessThan(1000);
    expect(written.toString('utf8')).toContain(`The first ${listed} of 1500 findings are listed here (a job summary holds at most 1 MiB); \`grant-recon check --format json\` or \`csv\` lists them all.`);
    expect(written.toString('utf8')).toContain('| 2022/23 |');
  });
});
