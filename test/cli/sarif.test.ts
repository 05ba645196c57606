/**
 * `check --format sarif` (or `-o FILE.sarif`): the log validates against the SARIF 2.1.0 JSON schema
 * (test/support/sarif-2.1.0.json, see test/support/README.md), with Ajv and its formats, so that a file URI that is
 * not a URI reference fails, whatever the findings and whatever the inputs are named; and it keeps to what GitHub
 * code scanning takes: a location on every result, at most 25,000 results.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

// ajv-formats is CommonJS: its function is the default export's default when imported from ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;
// The schema's `required` lists in anyOf branches name properties declared elsewhere: legal, but not strict.
const ajv = addFormats(new Ajv2020({ allErrors: true, strictRequired: false }));
const validate = ajv.compile(JSON.parse(readFileSync(resolve(ROOT, 'test/support/sarif-2.1.0.json'), 'utf8')) as object);

interface Log {
  runs: {
    results: { ruleId: string; level: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; message: { text: string } }[];
    invocations?: unknown[];
    properties: { findings: number; listed: number };
  }[];
}

/** The log of a check run, with the schema's verdict on it. */
function sarifOf(args: readonly string[], cwd = ROOT): { log: Log; errors: string[]; code: number; stderr: string } {
  const run = runCli(['check', '--format', 'sarif', ...args], {}, cwd);
  const log = JSON.parse(run.stdout) as Log;
  validate(log);
  return { log, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`), code: run.code, stderr: run.stderr };
}

const sample = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as { files: string[] };
const payroll = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected-payroll.json'), 'utf8')) as { files: string[] };
const ERRORS = ['after-total', 'bad-amount', 'bad-date', 'bad-period', 'conflicting-duplicate', 'control-total-mismatch', 'missing-field', 'wrong-column-count'].map((f) => `fixtures/errors/${f}.csv`);
const PAYROLL_ERRORS = ['bad-amount', 'bad-period', 'missing-field', 'unknown-staff-type', 'wrong-column-count'].map((f) => `fixtures/payroll/errors/${f}.csv`);

/** What GitHub code scanning refuses or cannot place: a result without a location, or without a line. */
function expectGithubCanPlaceEveryResult(log: Log): void {
  for (const r of log.runs[0]?.results ?? []) {
    expect(r.locations?.length, r.ruleId).toBe(1);
    expect(r.locations?.[0]?.physicalLocation.region.startLine, r.ruleId).toBeGreaterThanOrEqual(1);
    expect(r.locations?.[0]?.physicalLocation.artifactLocation.uri, r.ruleId).not.toBe('');
  }
}

describe('check --format sarif validates against the SARIF 2.1.0 schema', () => {
  it.each([
    ['a pass', [...sample.files, '--year', '2022/23'], 0],
    ['over cap', [...sample.files, '--year', '2023/24'], 1],
    ['many errors from the broken exports', [...ERRORS, ...PAYROLL_ERRORS, '--fail-on', 'errors,conflicts'], 1],
    ['GL and payroll, every check failing', [...payroll.files, '--fail-on', 'all'], 1],
    [
      'closed periods changed (--against)',
      ['fixtures/against/june/gl-2022-06.csv', 'fixtures/against/june/payroll-2022-06.csv', '--config', 'fixtures/against/closed-through-2022-04.config.json', '--against', 'fixtures/against/reconciliation-2022-05.json'],
      1,
    ],
  ])('%s', (_name, args, code) => {
    const { log, errors, code: exit, stderr } = sarifOf(args);
    expect(errors).toEqual([]);
    expect(exit).toBe(code);
    expect(stderr).toMatch(/^grant-recon check: (pass|FAIL): \d+ errors?, \d+ warnings?\n$/);
    expect(log.runs[0]?.results.length).toBe(log.runs[0]?.properties.findings);
    expectGithubCanPlaceEveryResult(log);
  });

  it('places the payroll difference on the payroll export that is its evidence', () => {
    const { log } = sarifOf([...payroll.files, '--year', '2023/24', '--fail-on', 'payroll']);
    const difference = log.runs[0]?.results.find((r) => r.ruleId === 'payroll-difference');
    expect(difference).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'fixtures/sample/payroll/payroll-2023-11.csv' }, region: { startLine: 2 } } }] });
  });
});

describe('check -o FILE.sarif', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-sarif-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes SARIF, picked by the extension, and says the summary line on stderr', () => {
    const out = join(dir, 'findings.sarif');
    const run = runCli(['check', 'fixtures/errors/bad-date.csv', '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('grant-recon check: FAIL: 1 error, 1 warning\n');
    const log = JSON.parse(readFileSync(out, 'utf8')) as Log;
    expect(validate(log)).toBe(true);
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(['bad-date', 'every-cost-centre']);
  });

  it('file names that are not URIs as they stand become URI references: spaces, #, %, ?, :, control characters, other scripts', () => {
    const names = ['gl 2022#04 100%?.csv', 'a:b.csv', 'x\n::error::y\u001b\u009b.csv', 'données-é.csv', '[brackets]{}|^`.csv'];
    for (const name of names) copyFileSync(resolve(ROOT, 'fixtures/errors/bad-date.csv'), join(dir, name));
    const { log, errors } = sarifOf(['--', ...names], dir);
    expect(errors).toEqual([]);
    const uris = (log.runs[0]?.results ?? []).filter((r) => r.ruleId === 'bad-date').map((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(['gl%202022%2304%20100%25%3F.csv', 'a%3Ab.csv', 'x%0A%3A%3Aerror%3A%3Ay%1B%C2%9B.csv', 'donn%C3%A9es-%C3%A9.csv', '%5Bbrackets%5D%7B%7D%7C%5E%60.csv']);
    // Read back, each names its file.
    expect(uris.map((u) => decodeURIComponent(u ?? ''))).toEqual(names);
    // An absolute path is a file: URI.
    const absolute = sarifOf([join(dir, names[0] as string)]);
    expect(absolute.errors).toEqual([]);
    expect(absolute.log.runs[0]?.results[0]?.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe(`file://${dir.split('/').map(encodeURIComponent).join('/')}/gl%202022%2304%20100%25%3F.csv`);
  });

  it('lists the first 25,000 findings of more, says so in the log and on stderr, and still validates', () => {
    const file = join(dir, 'many.csv');
    const rows = Array.from({ length: 25_010 }, (_, i) => `${7100000 + i},1,31/04/2022,SMH001,531000,1.00`);
    writeFileSync(file, ['Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount', ...rows, ''].join('\n'));
    const { log, errors, code, stderr } = sarifOf([file, '--config', 'fixtures/sample/grant.config.json']);
    expect(errors).toEqual([]);
    expect(code).toBe(1);
    expect(log.runs[0]?.results).toHaveLength(25_000);
    expect(log.runs[0]?.properties).toMatchObject({ findings: 25_010, listed: 25_000 });
    expect(log.runs[0]?.invocations).toHaveLength(1);
    expect(stderr).toBe(
      'grant-recon check: the SARIF log lists the first 25000 of 25010 findings (GitHub code scanning takes at most 25,000 results a run); --format json or csv lists them all\ngrant-recon check: FAIL: 25010 errors, 0 warnings\n',
    );
  });
});
