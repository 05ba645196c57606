/**
 * `reconcile --against` and `check --against` with the configurable keys: a reconciliation the tool wrote under
 * the grant-window example (fixtures/grants/window: grantCap, window, carryForward, apportionments) or the
 * shared-post example (fixtures/grants/shared-post: apportionments) is read back under another configuration, or
 * forged as a forger would (an edited figure, the digest worked out again over the edited content). A change of
 * configuration is refused naming each difference, never compared as restatements of the ledger nor called forged;
 * a forged figure is refused naming the member and the figure its own rule gives. Expected figures are the
 * examples' independent ones (expected.json, by oracle.py beside each), or worked by hand below.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonDigest } from '../../src/render/json.js';
import { ROOT, runCli, type CliRun } from '../support/run-cli.js';

const WINDOW = 'fixtures/grants/window';
const WINDOW_INPUTS = [`${WINDOW}/gl.csv`, `${WINDOW}/payroll.csv`];
const SHARED = 'fixtures/grants/shared-post';
const SHARED_INPUTS = ['gl-2022-12.csv', 'gl-2023-01.csv', 'gl-2023-01b.csv', 'payroll-2023-03.csv'].map((f) => `${SHARED}/${f}`);

const OTHER_CONFIGURATION_HINT =
  '  hint: compare against a reconciliation made under the same configuration, or reconcile again: a change of configuration is not a restatement of the ledger';

type Json = Record<string, unknown>;
type Year = { year: string; cap: string; capCarriedIn?: string; headroom: string; overCap: string; windowMonths?: unknown };
type Reconciliation = Json & {
  years: Year[];
  wholeGrant?: Record<string, string>;
  apportionments?: { rule: string; rate: string; total: string; included: string; excluded: string }[];
  controlTotals: Record<string, unknown>;
  window?: unknown;
  digest?: string;
};

const dir = mkdtempSync(join(tmpdir(), 'grant-recon-against-configuration-'));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;

/** A configuration file of the example, changed, written to the test folder. */
function configLike(base: string, name: string, change: (config: Json & { years: Json[]; window?: Json; apportionments?: Json[] }) => void): string {
  const config = readJson<Json & { years: Json[] }>(base);
  change(config);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** The reconciliation the tool writes from `inputs` under `config`. */
function genuine(inputs: readonly string[], config: string, name: string): string {
  const file = join(dir, name);
  const run = runCli(['reconcile', ...inputs, '--config', config, '-o', file]);
  expect(run.code).toBe(0);
  return file;
}

/** A genuine file edited as a forger would: the figures changed, then the digest worked out again over them. */
function forged(from: string, name: string, change: (json: Reconciliation) => void): string {
  const json = JSON.parse(readFileSync(from, 'utf8')) as Reconciliation;
  delete json.digest;
  change(json);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ ...json, digest: jsonDigest(json) }, null, 2));
  return file;
}

/** A refusal: exit 2, nothing on stdout, the message about the file, then the hint. */
function expectRefused(run: CliRun, file: string, problem: string, hint?: string): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  expect(run.stderr).toContain(`grant-recon: error[usage]: --against ${file}: ${problem}`);
  if (hint !== undefined) expect(run.stderr).toContain(`${problem}\n${hint}\n`);
  expect(run.stderr).not.toContain('restated');
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

const pence = (text: string): bigint => BigInt(text.replace('.', ''));
const money = (p: bigint): string => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${((p < 0n ? -p : p) % 100n).toString().padStart(2, '0')}`;

describe('a reconciliation of the grant-window example read under another configuration', () => {
  let file: string;
  beforeAll(() => {
    file = genuine(WINDOW_INPUTS, `${WINDOW}/config.json`, 'window.json');
  });
  const against = (config: string, command = 'reconcile'): CliRun => runCli([command, ...WINDOW_INPUTS, '--config', config, '--against', file]);
  const prefix = (config: string): string => `it was written under another configuration than the configuration ${config}: `;

  it('is compared as it was written under the same configuration: nothing restated', () => {
    const run = against(`${WINDOW}/config.json`, 'reconcile');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2024/25: nothing changed in the periods it reported, P01 to P03.');
    expect(run.stdout).not.toContain('restated by');
  });

  it.each([
    ['the window ends earlier', (c: Json & { window?: Json }) => void ((c.window as Json).to = '2024-06-15'), 'written with window to 2024-06-30; the configuration now says 2024-06-15'],
    ['the window starts earlier', (c: Json & { window?: Json }) => void ((c.window as Json).from = '2022-07-01'), 'written with window from 2022-10-01; the configuration now says 2022-07-01'],
    ['the window is gone', (c: Json) => void delete c.window, 'written with a grant window from 2022-10-01 to 2024-06-30; the configuration now has no window'],
    ['the grant cap is raised', (c: Json) => void (c.grantCap = '950000.00'), 'written with a grant cap of 900000.00; the configuration now says 950000.00'],
    ['a year\'s cap is lowered', (c: Json & { years: Json[] }) => void ((c.years[1] as Json).cap = '450000.00'), 'written with a cap of 500000.00 for 2023/24; the configuration now says 450000.00'],
    ['unspent cap now carries forward', (c: Json) => void (c.carryForward = true), 'written without carryForward (no year states capCarriedIn); the configuration now carries unspent cap forward'],
    [
      'apportionments are added',
      (c: Json) => void (c.apportionments = [{ name: 'shared laptops', match: { account: '541000' }, rate: '37.5%', from: '2022-12-01', to: '2023-03-31' }]),
      'written without apportionments; the configuration now apportions ("shared laptops" at 37.5%)',
    ],
  ])('%s: refused (exit 2), naming the difference plainly', (name, change, difference) => {
    const config = configLike(`${WINDOW}/config.json`, `${name.replaceAll(/\W+/g, '-')}.config.json`, change);
    expectRefused(against(config), file, `${prefix(config)}${difference}`, OTHER_CONFIGURATION_HINT);
  });

  it('names every difference at once, and check --against refuses the same way', () => {
    const config = configLike(`${WINDOW}/config.json`, 'several.config.json', (c) => {
      (c.window as Json).to = '2024-05-31';
      delete c.grantCap;
      (c.years[0] as Json).cap = '310000.00';
    });
    const problem =
      `${prefix(config)}written with window to 2024-06-30; the configuration now says 2024-05-31; ` +
      'written with a cap of 300000.00 for 2022/23; the configuration now says 310000.00; written with a grant cap of 900000.00; the configuration now has none';
    expectRefused(against(config), file, problem, OTHER_CONFIGURATION_HINT);
    expectRefused(against(config, 'check'), file, problem, OTHER_CONFIGURATION_HINT);
  });

  it('a file of carry-forward read without it, and one without carry-forward read with it, are refused', () => {
    const carrying = genuine(WINDOW_INPUTS, `${WINDOW}/carry-forward.config.json`, 'carry-forward.json');
    const noCarry = configLike(`${WINDOW}/carry-forward.config.json`, 'no-carry.config.json', (c) => void delete c.carryForward);
    expectRefused(
      runCli(['reconcile', ...WINDOW_INPUTS, '--config', noCarry, '--against', carrying]),
      carrying,
      `it was written under another configuration than the configuration ${noCarry}: written with carryForward (capCarriedIn stated for 2022/23, 2023/24, 2024/25); the configuration now carries no unspent cap forward`,
      OTHER_CONFIGURATION_HINT,
    );
    // The file of config.json (a grant cap, no carry-forward) under the carry-forward configuration (no grant cap).
    const config = `${WINDOW}/carry-forward.config.json`;
    expectRefused(
      against(config, 'check'),
      file,
      `${prefix(config)}written without carryForward (no year states capCarriedIn); the configuration now carries unspent cap forward; written with a grant cap of 900000.00; the configuration now has none`,
      OTHER_CONFIGURATION_HINT,
    );
  });

  it('a file written before the window existed (no window, no windowMonths, no digest) is read as written without one, and refused', () => {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Reconciliation;
    delete json.digest;
    delete json.controlTotals.errorsAmountUnreadable;
    delete json.window;
    for (const y of json.years) delete y.windowMonths;
    const legacy = join(dir, 'legacy-window.json');
    writeFileSync(legacy, JSON.stringify(json, null, 2));
    const config = `${WINDOW}/config.json`;
    expectRefused(runCli(['reconcile', ...WINDOW_INPUTS, '--config', config, '--against', legacy]), legacy, `${prefix(config)}written without a grant window (every day of its years); the configuration now has a window from 2022-10-01 to 2024-06-30`, OTHER_CONFIGURATION_HINT);
  });
});

describe('a reconciliation with apportionments read under other rules', () => {
  const APPORTIONED = `${WINDOW}/apportioned.config.json`;
  let file: string;
  beforeAll(() => {
    file = genuine(WINDOW_INPUTS, APPORTIONED, 'apportioned.json');
  });
  const against = (config: string): CliRun => runCli(['reconcile', ...WINDOW_INPUTS, '--config', config, '--against', file]);
  const prefix = (config: string): string => `it was written under another configuration than the configuration ${config}: `;

  it.each([
    ['another rate', (c: { apportionments?: Json[] }) => void ((c.apportionments?.[0] as Json).rate = '50%'), 'written with the apportionment rule "shared laptops" at 37.5%; the configuration now says 50%'],
    ['a rule renamed', (c: { apportionments?: Json[] }) => void ((c.apportionments?.[1] as Json).name = 'coordinator'), 'written with the apportionment rule "hub coordinator" (account 511000 at 90%); the configuration now has no rule of that name; written without the apportionment rule "coordinator"; the configuration now has it (account 511000 at 90% from 2024-04-01)'],
    ['another account', (c: { apportionments?: Json[] }) => void ((c.apportionments?.[1] as Json).match = { account: '511500' }), 'written with the apportionment rule "hub coordinator" taking account 511000; the configuration now says account 511500'],
    ['no apportionments', (c: Json) => void delete c.apportionments, 'written with apportionments ("shared laptops" at 37.5%, "hub coordinator" at 90%); the configuration now has none'],
  ])('%s: refused (exit 2), naming the difference', (name, change, difference) => {
    const config = configLike(APPORTIONED, `apportioned-${name.replaceAll(/\W+/g, '-')}.config.json`, change);
    expectRefused(against(config), file, `${prefix(config)}${difference}`, OTHER_CONFIGURATION_HINT);
  });

  it('the same rate written otherwise (37.50%) is the same configuration', () => {
    const config = configLike(APPORTIONED, 'apportioned-same-rate.config.json', (c) => void ((c.apportionments?.[0] as Json).rate = '37.50%'));
    const run = against(config);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2024/25: nothing changed in the periods it reported, P01 to P03.');
    expect(run.stdout).not.toContain('restated by');
  });

  it('the shared-post example at another rate is refused, by reconcile and by check', () => {
    const shared = genuine(SHARED_INPUTS, `${SHARED}/config.json`, 'shared-post.json');
    const config = configLike(`${SHARED}/config.json`, 'shared-post-45.config.json', (c) => void ((c.apportionments?.[0] as Json).rate = '45%'));
    const problem = `${prefix(config)}written with the apportionment rule "shared analyst post" at 40%; the configuration now says 45%`;
    expectRefused(runCli(['reconcile', ...SHARED_INPUTS, '--config', config, '--against', shared]), shared, problem, OTHER_CONFIGURATION_HINT);
    expectRefused(runCli(['check', ...SHARED_INPUTS, '--config', config, '--against', shared]), shared, problem, OTHER_CONFIGURATION_HINT);
  });
});

describe('a forged reconciliation whose new members contradict its own figures', () => {
  interface Expected {
    years: Record<string, { cap: string; ytdActual: string }>;
  }
  const expected = readJson<Record<string, Expected>>(`${WINDOW}/expected.json`);
  const NOT_HELD = 'its figures do not hold together: ';
  const refusedUnder = (config: string, inputs: readonly string[], file: string, problem: string): void => {
    expectRefused(runCli(['reconcile', ...inputs, '--config', config, '--against', file]), file, `${NOT_HELD}${problem}`);
  };

  it('the whole grant\'s actual is the sum of the years the file states (and check --against says the same)', () => {
    const file = genuine(WINDOW_INPUTS, `${WINDOW}/config.json`, 'forge-base.json');
    const years = expected['config.json']?.years ?? {};
    // Every year is reported whole (no --to), so the grant's actual is the three years' actuals added up.
    const sum = Object.values(years).reduce((s, y) => s + pence(y.ytdActual), 0n);
    expect(money(sum)).toBe('958000.75');
    const edited = forged(file, 'whole-grant-actual.json', (j) => {
      Object.assign(j.wholeGrant as Json, { actual: '100.00', headroom: '899900.00', overCap: '0.00' });
    });
    const problem = `wholeGrant.actual 100.00 is not the sum of the whole years 2022/23, 2023/24 and 2024/25 ytdActual, ${money(sum)}`;
    refusedUnder(`${WINDOW}/config.json`, WINDOW_INPUTS, edited, problem);
    expectRefused(runCli(['check', ...WINDOW_INPUTS, '--config', `${WINDOW}/config.json`, '--against', edited]), edited, `${NOT_HELD}${problem}`);
    const through = forged(file, 'whole-grant-through.json', (j) => void ((j.wholeGrant as Json).through = '2023/24'));
    refusedUnder(`${WINDOW}/config.json`, WINDOW_INPUTS, through, 'wholeGrant.through 2023/24 is not the latest year holding figures: 2024/25 holds some');
  });

  it('each year\'s capCarriedIn is what the file\'s own earlier years leave unspent', () => {
    const config = `${WINDOW}/carry-forward.config.json`;
    const file = genuine(WINDOW_INPUTS, config, 'carry-base.json');
    const years = expected['carry-forward.config.json']?.years ?? {};
    // By hand: 2022/23 spent 324,000.75 of 300,000.00 (nothing left, nothing carried); 2023/24 480,000.00 of
    // 500,000.00, so 20,000.00 carries into 2024/25.
    const y1 = years['2022/23'] as { cap: string; ytdActual: string };
    const y2 = years['2023/24'] as { cap: string; ytdActual: string };
    const left = (y: { cap: string; ytdActual: string }): bigint => (pence(y.ytdActual) >= pence(y.cap) ? 0n : pence(y.cap) - pence(y.ytdActual));
    expect([money(left(y1)), money(left(y2))]).toEqual(['0.00', '20000.00']);
    const raised = forged(file, 'carried-50000.json', (j) => void Object.assign(j.years[2] as Year, { capCarriedIn: '50000.00', cap: '250000.00', headroom: '96000.00' }));
    refusedUnder(
      config,
      WINDOW_INPUTS,
      raised,
      `years 2024/25: capCarriedIn 50000.00 is not what the file's earlier years leave unspent, ${money(left(y2))} (2022/23 actual 324000.75 against cap 300000.00; 2023/24 actual 480000.00 against cap 500000.00)`,
    );
    const fromOverspent = forged(file, 'carried-into-2023.json', (j) => void Object.assign(j.years[1] as Year, { capCarriedIn: '10000.00', cap: '510000.00', headroom: '30000.00' }));
    refusedUnder(config, WINDOW_INPUTS, fromOverspent, `years 2023/24: capCarriedIn 10000.00 is not what the file's earlier years leave unspent, ${money(left(y1))} (2022/23 actual 324000.75 against cap 300000.00)`);
    const missing = forged(file, 'carried-missing.json', (j) => {
      const y = j.years[2] as Year;
      delete y.capCarriedIn;
      Object.assign(y, { cap: '200000.00', headroom: '46000.00' });
    });
    refusedUnder(config, WINDOW_INPUTS, missing, 'years 2024/25: capCarriedIn is missing: the grant carries unspent cap forward');
  });

  it('an apportionment group\'s included part is its rate of its total, and the two parts add up to it', () => {
    const config = `${WINDOW}/apportioned.config.json`;
    const file = genuine(WINDOW_INPUTS, config, 'apportioned-base.json');
    // 37.5% of 45,000.50 is 16,875.1875: 16,875.19, rounded half away from zero.
    const whole = forged(file, 'group-whole.json', (j) => void Object.assign(j.apportionments?.[0] as Json, { included: '45000.50', excluded: '0.00' }));
    refusedUnder(config, WINDOW_INPUTS, whole, 'apportionments[0] ("shared laptops" 2022/23 P09): included 45000.50 is not 37.5% of total 45000.50, rounded half away from zero: 16875.19');
    const apart = forged(file, 'group-apart.json', (j) => void Object.assign(j.apportionments?.[0] as Json, { excluded: '28125.30' }));
    refusedUnder(config, WINDOW_INPUTS, apart, 'apportionments[0] ("shared laptops" 2022/23 P09): included 16875.19 + excluded 28125.30 is not total 45000.50');
    // A rule name is quoted in messages: one that would write to the terminal is refused by its shape first.
    const escape = forged(file, 'group-escape.json', (j) => void ((j.apportionments?.[0] as Json).rule = 'shared laptops\u001b[2J'));
    expectRefused(
      runCli(['reconcile', ...WINDOW_INPUTS, '--config', config, '--against', escape]),
      escape,
      'not a grant-recon reconciliation: apportionments.0.rule is "shared laptops\\u001b[2J": must be one line of text, without control characters',
    );
  });

  it('windowMonths stated in a file without a window (the shared-post example has none) is refused', () => {
    const file = genuine(SHARED_INPUTS, `${SHARED}/config.json`, 'shared-post-base.json');
    const edited = forged(file, 'window-months.json', (j) => void ((j.years[0] as Year).windowMonths = { elapsed: 12, inWindow: 12 }));
    refusedUnder(`${SHARED}/config.json`, SHARED_INPUTS, edited, 'years 2022/23: windowMonths 12 of 12 is stated, but the file has no grant window');
  });
});
