/**
 * `rows` selects by period, month or quarter. An option of `claim` that it does not take (`--half`, `--final`) is
 * refused (exit 2) with what rows takes instead, not only "unknown option".
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const refused = (args: string[]) => {
  const run = runCli(['rows', 'fixtures/sample/gl/gl-2022-04.csv', ...args]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  return run.stderr;
};

describe("rows given claim's period options", () => {
  it('--half names the quarters that make each half year, and --year for the whole year', () => {
    const hint =
      '  hint: rows selects by --period, --month or --quarter: give --quarter Q1, then --quarter Q2, for the rows of H1 (Q3 and Q4 for H2; Q4 takes P13–P16), or --year alone for the whole year (grant-recon rows --help lists what it takes)\n';
    expect(refused(['--year', '2022/23', '--half', 'H1'])).toBe(`grant-recon: error[usage]: unknown option '--half'\n${hint}`);
    expect(refused(['--half=H2'])).toBe(`grant-recon: error[usage]: unknown option '--half=H2'\n${hint}`);
  });

  it('--final names --year', () => {
    expect(refused(['--year', '2022/23', '--final'])).toBe(
      "grant-recon: error[usage]: unknown option '--final'\n  hint: rows selects by --period, --month or --quarter: give --year alone for the rows of the whole year, P01–P16 (grant-recon rows --help lists what it takes)\n",
    );
  });

  it('a misspelt option still gets the option meant', () => {
    expect(refused(['--yeer', '2022/23'])).toBe("grant-recon: error[usage]: unknown option '--yeer'\n  hint: did you mean --year? (grant-recon rows --help lists what it takes)\n");
  });
});
