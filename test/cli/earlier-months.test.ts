/**
 * Earlier grant years shown month by month (fixtures/grants/carried-cap: CYB 2024, a grant cap of £125,000.00 and
 * carry-forward, a window from 2023-08-01): a 2024/25 claim given only part of 2023/24 is refused, naming the
 * months missing; a month shown by excluded rows alone counts, a row in error shows nothing; months listed in
 * `noSpend` stand for rows the grant truly did not have, and a listed month the inputs hold included rows of is a
 * contradiction. The figures are worked by hand from the fixture's rows (fixtures/grants/carried-cap/README.md), in
 * the main thread and in worker threads alike.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const DIR = 'fixtures/grants/carried-cap';
const AS_OF = ['--as-of', '2025-01-01'];
const tmp = mkdtempSync(join(tmpdir(), 'grant-recon-earlier-months-'));

const glLines = readFileSync(`${DIR}/gl.csv`, 'utf8').trimEnd().split('\n');
const payrollLines = readFileSync(`${DIR}/payroll.csv`, 'utf8').trimEnd().split('\n');

/** A GL export of the fixture's header and the rows of the documents named (D101 …), in the fixture's order, edited by `edit`. */
function gl(name: string, documents: readonly string[], edit: (line: string) => string = (l) => l): string {
  const file = join(tmp, name);
  const rows = glLines.slice(1).filter((line) => documents.includes(line.split(',')[0] as string));
  writeFileSync(file, `${[glLines[0], ...rows.map(edit)].join('\n')}\n`);
  return file;
}

/** A configuration of CYB 2024 with `noSpend`. */
function configWith(name: string, noSpend: readonly string[]): string {
  const config = JSON.parse(readFileSync(`${DIR}/config.json`, 'utf8')) as Record<string, unknown>;
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify({ ...config, noSpend }, null, 2));
  return file;
}

// 2023/24 H1 as the window has it: D100 (July, outside the window), D101 and D102 (August), D103 (September); and
// payroll of July (outside the window) and August (D102's evidence). 2024/25 in full.
const H1_2324 = ['D100', 'D101', 'D102', 'D103'];
const Y2425 = ['D115', 'D116', 'D117', 'D118', 'D119', 'D120', 'D121', 'D122', 'D124'];
const payroll = join(tmp, 'payroll.csv');
writeFileSync(payroll, `${payrollLines.join('\n')}\n`);

const WORKERS = { GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '211' };
const threads = [
  ['the main thread', {}],
  ['worker threads', WORKERS],
] as const;

type ClaimJson = { cap: string; capCarriedIn: string; totals: Record<string, string>; wholeGrant: Record<string, string> };

describe.each(threads)('a 2024/25 claim given only part of 2023/24 (%s)', (_, env) => {
  const h1 = gl('h1.csv', [...H1_2324, ...Y2425]);
  const claim = (...args: string[]) => runCli(['claim', h1, payroll, ...AS_OF, '--year', '2024/25', '--half', 'H1', ...args], env);

  it('is refused (exit 2), naming 2023/24, October to March, what it would do, and both ways out', () => {
    const run = claim('--config', `${DIR}/config.json`);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // 2023/24's months given: D101 £12,000.00 + D102 £8,000.00 + D103 £3,000.00 = £23,000.00.
    expect(run.stderr).toBe(
      'grant-recon: error[usage]: the caps of 2024/25 depend on the earlier grant year 2023/24 (the configuration sets "grantCap" and "carryForward"), but the inputs hold no rows of 2023/24 in 2023-10 to 2024-03: taken as having spent nothing there, 2023/24\'s actual would be taken as the £23,000.00 of its months given: more of its cap could carry forward into 2024/25 than it left, and more of the grant cap (£125,000.00) could be left to 2024/25 than 2023/24 leaves, so the claim could pass the caps\n' +
        '  hint: give the exports of 2023/24\'s 2023-10 to 2024-03 as well (every earlier grant year\'s GL and payroll exports, with all their data), e.g. grant-recon claim gl-2023-24.csv … --year 2024/25 …; or, if the grant truly had no rows in those months, say so in the configuration: "noSpend": ["2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]\n',
    );
  });

  it('with October to March listed as spending nothing, claims what the caps leave, worked by hand', () => {
    const config = configWith('h1-rest-listed.config.json', ['2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03']);
    const run = claim('--config', config, '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as ClaimJson;
    // 2023/24: £23,000.00 of its £60,000.00 cap, carrying £37,000.00: 2024/25's cap £80,000.00 + £37,000.00 =
    // £117,000.00. The grant cap leaves £125,000.00 − £23,000.00 = £102,000.00. 2024/25 H1's £77,634.57 is under both.
    expect([out.cap, out.capCarriedIn]).toEqual(['117000.00', '37000.00']);
    expect([out.wholeGrant.claimedBefore, out.wholeGrant.left]).toEqual(['23000.00', '102000.00']);
    expect([out.totals.cumulativeActual, out.totals.cumulativeClaimable, out.totals.claimDue]).toEqual(['77634.57', '77634.57', '77634.57']);
  });

  it('a listed year stands for all its months: 2023/24 then spent nothing (cap £140,000.00, grant cap left £125,000.00)', () => {
    const only = gl('2425-only.csv', Y2425);
    const run = runCli(['claim', only, `${DIR}/payroll-2425.csv`, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', configWith('year-listed.config.json', ['2023/24']), '--format', 'json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as ClaimJson;
    expect([out.cap, out.capCarriedIn, out.wholeGrant.left, out.totals.claimDue]).toEqual(['140000.00', '60000.00', '125000.00', '77634.57']);
  });

  it('a month shown by excluded rows alone counts; a row in error shows nothing', () => {
    // November's only row, D105, is another cost centre's and December's, D106, an ineligible account: both
    // excluded, both show their month. October, January, February and March are listed.
    const config = configWith('h1-some-listed.config.json', ['2023-10', '2024-01', '2024-02', '2024-03']);
    const shown = gl('h1-excluded.csv', [...H1_2324, 'D105', 'D106', ...Y2425]);
    const ok = runCli(['claim', shown, payroll, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', config, '--format', 'json'], env);
    expect(ok.stderr).toBe('');
    expect((JSON.parse(ok.stdout) as ClaimJson).wholeGrant.claimedBefore).toBe('23000.00');
    // D105 with an amount that cannot be read is a row in error: November is shown by nothing.
    const broken = gl('h1-error.csv', [...H1_2324, 'D105', 'D106', ...Y2425], (line) => (line.startsWith('D105,') ? line.replace(/700\.00$/, '7OO.00') : line));
    const refused = runCli(['claim', broken, payroll, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', config], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('but the inputs hold no rows of 2023/24 in 2023-11, and "noSpend" does not list them: taken as having spent nothing there');
  });

  it('March is not shown by its P13 rows alone (posted after it, in the next export), and can be listed', () => {
    // 2023/24 without March's P12 rows D111 and D112, with the P13 rows D113 and D114: refused, naming 2024-03;
    // with March listed, £50,233.33 − £1,333.33 − £11,000.00 = £37,900.00 before 2024/25 (its P13 rows still count).
    const noMarch = gl('no-march.csv', glLines.slice(1).map((l) => l.split(',')[0] as string).filter((d) => d !== 'D111' && d !== 'D112'));
    const refused = runCli(['claim', noMarch, payroll, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', `${DIR}/config.json`, '--format', 'json'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('but the inputs hold no rows of 2023/24 in 2024-03: taken as having spent nothing there, 2023/24\'s actual would be taken as the £37,900.00 of its months given');
    const listed = runCli(['claim', noMarch, payroll, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', configWith('march-listed.config.json', ['2024-03']), '--format', 'json'], env);
    expect(listed.stderr).toBe('');
    expect((JSON.parse(listed.stdout) as ClaimJson).wholeGrant.claimedBefore).toBe('37900.00');
  });
});

describe('a year or month listed as spending nothing that the inputs hold included rows of', () => {
  const whole = [`${DIR}/gl.csv`, `${DIR}/payroll.csv`];

  it('refuses the claim (exit 2), naming the entry, the rows and the money', () => {
    // October 2023 holds D104, £2,500.00; 2023/24 holds twelve included GL rows, £50,233.33 (README).
    const config = configWith('contradicted.config.json', ['2023-10', '2023-09']);
    const run = runCli(['claim', ...whole, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'grant-recon: error[usage]: $.noSpend[0] lists 2023-10 as having no rows for the grant, but the inputs hold 1 included row of it (£2,500.00); $.noSpend[1] lists 2023-09 as having no rows for the grant, but the inputs hold 1 included row of it (£3,000.00): the configuration and the exports disagree, so the caps of 2024/25 cannot be worked out from them\n' +
        '  hint: remove each entry named from "noSpend" if the grant did spend then, or take the rows out of the exports if they are not the grant\'s\n',
    );
    const year = runCli(['claim', ...whole, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', configWith('contradicted-year.config.json', ['2023/24'])]);
    expect(year.code).toBe(2);
    expect(year.stderr).toContain('$.noSpend[0] lists 2023/24 as having no rows for the grant, but the inputs hold 12 included rows of it (£50,233.33): the configuration and the exports disagree');
  });

  it('a payroll month that is spend contradicts a listed year too: 2023/24 with only its August payroll (£8,000.00)', () => {
    const only = gl('2425-only-b.csv', Y2425);
    const config = configWith('contradicted-by-payroll.config.json', ['2023/24']);
    const run = runCli(['claim', only, `${DIR}/payroll.csv`, ...AS_OF, '--year', '2024/25', '--half', 'H1', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('$.noSpend[0] lists 2023/24 as having no rows for the grant, but the inputs hold 1 included row of it (£8,000.00)');
  });

  it('reconcile and check warn of it on stderr and go on', () => {
    const config = configWith('contradicted-warn.config.json', ['2023-10']);
    for (const command of ['reconcile', 'check']) {
      const run = runCli([command, ...whole, ...AS_OF, '--config', config]);
      expect(run.stderr).toContain('grant-recon: warning: $.noSpend[0] lists 2023-10 as having no rows for the grant, but the inputs hold 1 included row of it (£2,500.00): remove it from "noSpend" if the grant did spend then\n');
      expect(run.stdout).not.toBe('');
    }
  });
});
