/**
 * A valid configuration that can hardly be meant is said on stderr as it is read: here, a configuration of another
 * grant that leaves out its years or its chart, and so takes PCD 1215's caps or chart.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'grant-recon-config-warnings-'));
const configOf = (name: string, config: object): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
};
const SAMPLE = 'fixtures/sample/gl/gl-2022-04.csv';

describe('a configuration of another grant that leaves out its years or chart', () => {
  it("is warned of on stderr, naming PCD 1215's caps and chart, and the run goes on", () => {
    const file = configOf('other.json', { grant: { reference: 'PCD 9999' } });
    const run = runCli(['validate', SAMPLE, '--config', file, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `${file}: warning[config]: $.years: not given, so grant PCD 9999 takes the years and caps of the built-in PCD 1215 (2022/23 capped at £2,893,452.00 and 2023/24 capped at £2,893,452.00)\n` +
        '  hint: give the grant\'s own years and caps, e.g. "years": [{ "year": "2024/25", "cap": "2755000.00" }]\n' +
        `${file}: warning[config]: $.chart: not given, so grant PCD 9999 places its accounts by the chart of the built-in PCD 1215\n` +
        '  hint: give the grant\'s own chart rules, e.g. "chart": [{ "name": "staff-pay", "prefix": "51", "category": "staff" }]\n',
    );
  });

  it('says nothing when the grant gives both, or when it is PCD 1215 itself', () => {
    const own = configOf('own.json', { grant: { reference: 'PCD 9999' }, years: [{ year: '2022/23', cap: '100.00' }], chart: [{ name: 'all', prefix: '5', category: 'staff' }] });
    expect(runCli(['validate', SAMPLE, '--config', own, '--format', 'json']).stderr).toBe('');
    const renamed = configOf('renamed.json', { grant: { name: 'Social Media Hub' } });
    expect(runCli(['validate', SAMPLE, '--config', renamed, '--format', 'json']).stderr).toBe('');
  });
});
