import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { ConfigError, readConfig } from '../../src/config/read-config.js';
import { configJsonSchema, describeConfig, normaliseConfig, validateConfig } from '../../src/config/schema.js';
import { makeChartLookup } from '../../src/core/rules/chart.js';
import { runCli } from '../support/run-cli.js';

function problems(raw: unknown) {
  const result = validateConfig(raw, PCD_1215);
  return result.ok ? [] : result.problems;
}

describe('configuration file', () => {
  it('the built-in grant is PCD 1215 with two years capped at £2,893,452.00', () => {
    expect(describeConfig(PCD_1215)).toMatchObject({
      grant: { reference: 'PCD 1215', funder: 'Home Office' },
      years: [
        { year: '2022/23', cap: '2893452.00' },
        { year: '2023/24', cap: '2893452.00' },
      ],
    });
  });

  it('round-trips: the shown configuration validates and normalises back to itself', () => {
    const shown = describeConfig(PCD_1215);
    const result = validateConfig(JSON.parse(JSON.stringify(shown)), PCD_1215);
    expect(result.ok).toBe(true);
    if (result.ok) expect(normaliseConfig(result.config, PCD_1215)).toEqual(PCD_1215);
  });

  it('closedThrough: a month of its own year, normalised to its period (March closes P13–P16 with it)', () => {
    const ok = validateConfig({ years: [{ year: '2022/23', cap: '10.00', closedThrough: '2023-01' }] }, PCD_1215);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(normaliseConfig(ok.config, PCD_1215).years).toEqual([{ fy: 2022, cap: 1000n, closedThrough: 10 }]);
    expect(problems({ years: [{ year: '2022/23', cap: '10.00', closedThrough: '2023-04' }] })).toEqual([
      { path: '$.years[0].closedThrough', message: '2023-04 is not a month of 2022/23 (give 2022-04 to 2023-03)' },
    ]);
    expect(problems({ years: [{ year: '2022/23', cap: '10.00', closedThrough: 'P09' }] })).toEqual([
      { path: '$.years[0].closedThrough', message: 'must be a month written yyyy-mm, e.g. "2022-12"' },
    ]);
  });

  it("a grant's names are titles: 200 characters at most (a workbook cell holds 32,767)", () => {
    const grant = { reference: 'PCD 1', name: 'n'.repeat(200), funder: 'Home Office', recipient: 'MPS' };
    expect(validateConfig({ grant }, PCD_1215).ok).toBe(true);
    expect(problems({ grant: { ...grant, name: 'n'.repeat(201), funder: 'f'.repeat(40_000) } })).toEqual([
      { path: '$.grant.name', message: "is longer than 200 characters: give the grant's title, as a claim heads it" },
      { path: '$.grant.funder', message: "is longer than 200 characters: give the grant's title, as a claim heads it" },
    ]);
  });

  it('reports each problem with its JSON path, and an unknown key is an error', () => {
    expect(problems({ years: [{ year: '2022/24', cap: '10' }], chart: [{ name: 'x', prefix: '5', code: '5', category: 'staff' }], colour: 'blue' })).toEqual([
      { path: '$.years[0].year', message: 'must be a financial year, e.g. "2022/23"' },
      { path: '$.years[0].cap', message: 'must be pounds and pence, as a string with two decimals ("2893452.00") or a number (2893452.00)' },
      { path: '$.chart[0]', message: 'give exactly one of "code", "prefix", or "from" with "to"' },
      { path: '$', message: 'Unrecognized key: "colour"' },
    ]);
  });

  it('an unknown key within two letters of one the place takes says which was meant, in lists and unions too', () => {
    expect(problems({ costCenters: ['SMH001'], Grant: { name: 'x' } })).toEqual([{ path: '$', message: 'Unrecognized keys: "costCenters", "Grant" (did you mean "costCentres" for "costCenters", "grant" for "Grant"?)' }]);
    expect(problems({ years: [{ year: '2022/23', cap: '10.00', capp: '1' }] })).toEqual([{ path: '$.years[0]', message: 'Unrecognized key: "capp" (did you mean "cap"?)' }]);
    expect(problems({ profiles: [{ name: 'x', kind: 'gl', columns: { 'Net Amount': 'Amount' }, floatnoise: 'round' }] })).toEqual([
      { path: '$.profiles[0]', message: 'Unrecognized key: "floatnoise" (did you mean "floatNoise"?)' },
    ]);
  });

  it('normalises codes to upper case and pay elements to lower case', () => {
    const result = validateConfig({ costCentres: ['smh001'], ineligiblePayElements: ['Apprenticeship Levy'], chart: [{ name: 'r', from: '510000', to: '519999', category: 'staff' }] }, PCD_1215);
    if (!result.ok) throw new Error('expected a valid config');
    const config = normaliseConfig(result.config, PCD_1215);
    expect(config.costCentres).toEqual(['SMH001']);
    expect(config.ineligiblePayElements).toEqual(['apprenticeship levy']);
    const lookup = makeChartLookup(config.chart);
    expect(lookup('512345')).toEqual({ category: 'staff', rule: 'r' });
    expect(lookup('51234')).toEqual({ category: 'ineligible', rule: undefined });
    expect(lookup('520000').category).toBe('ineligible');
  });

  it('publishes a JSON Schema generated from the zod schema', () => {
    const schema = configJsonSchema() as { type: string; properties: Record<string, unknown>; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'grant', 'categories', 'years', 'grantCap', 'carryForward', 'window', 'noSpend', 'chart', 'costCentres', 'ineligiblePayElements', 'profiles', 'budgets', 'virementTolerance', 'claimPeriods', 'apportionments']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('a file that is missing or not JSON is a ConfigError naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-config-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "years": [ }');
    await expect(readConfig(join(dir, 'none.json'))).rejects.toThrow(ConfigError);
    await expect(readConfig(bad)).rejects.toMatchObject({ file: bad, problems: [{ path: '$', message: expect.stringMatching(/^not valid JSON/) as string }] });
  });
});

describe('--config on the command line', () => {
  it('a broken config gets path-by-path messages and exit 2, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-config-'));
    const file = join(dir, 'grant.json');
    writeFileSync(file, JSON.stringify({ years: [{ year: '2024/25', cap: '2,755,000' }], extra: true }));
    const run = runCli(['reconcile', 'fixtures/sample/gl/gl-2022-04.csv', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${file}: error[config]: $.years[0].cap: must be pounds and pence, as a string with two decimals ("2893452.00") or a number (2893452.00)\n` +
        '  hint: run `grant-recon config schema` for what the file may hold\n' +
        `${file}: error[config]: $: Unrecognized key: "extra"\n` +
        '  hint: run `grant-recon config schema` for what the file may hold\n',
    );
  });

  it('a configured cap and grant cost centres change what is claimed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-config-'));
    const file = join(dir, 'grant.json');
    writeFileSync(file, JSON.stringify({ years: [{ year: '2022/23', cap: '100000.00' }], costCentres: ['SMH001'] }));
    const run = runCli(['claim', 'fixtures/sample/gl/gl-2022-04.csv', '--config', file, '--year', '2022/23', '--final', '--format', 'json']);
    expect(run.code).toBe(0);
    const claim = JSON.parse(run.stdout) as { cap: string; totals: { cumulativeClaimable: string; overCap: string }; exclusions: { reason: string }[] };
    expect(claim.cap).toBe('100000.00');
    expect(claim.totals.cumulativeClaimable).toBe('100000.00');
    expect(claim.exclusions.map((e) => e.reason)).toContain('not-grant-cost-centre');
  });
});
