/**
 * The files grant-recon reads whole (its own earlier claims and reconciliations, and the configuration) are
 * regular files of bounded size: a device, a named pipe or a folder, given directly or through a link, and a file
 * larger than its kind may be, are refused at once with what they are (exit 2), or listed as skipped by
 * `claims list`; never read without end. Messages are pinned word for word. Runs use a temp folder as their
 * working directory, so messages name short relative paths.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoCrash } from '../support/report-invariants.js';
import { ROOT } from '../support/run-cli.js';
import { runCliAsync, type AsyncCliRun } from '../support/run-cli-async.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-hostile-earlier-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => path.join(dir, name);
const APRIL = path.join(ROOT, 'fixtures/sample/gl/gl-2022-04.csv');
const JULY = path.join(ROOT, 'fixtures/sample/gl/gl-2022-07.csv');
const HAS_DEV_ZERO = existsSync('/dev/zero');

/** A sparse file of `bytes`: as large as it says, without the disk space. */
function sparse(name: string, bytes: number): string {
  writeFileSync(at(name), '');
  truncateSync(at(name), bytes);
  return name;
}

/** Runs in the test folder; a run that reads without end is killed by the timeout and fails the test. */
async function run(args: readonly string[]): Promise<AsyncCliRun> {
  const r = await runCliAsync(args, { cwd: dir, timeoutMs: 30_000 });
  expectNoCrash(r, args.join(' '));
  return r;
}

let hasFifo = false;
beforeAll(async () => {
  const q1 = await run(['claim', APRIL, '--year', '2022/23', '--quarter', 'Q1', '--format', 'json', '-o', 'q1.json']);
  expect(q1.code, q1.stderr).toBe(0);
  symlinkSync('q1.json', at('q1-link.json'));
  if (HAS_DEV_ZERO) symlinkSync('/dev/zero', at('zero.json'));
  hasFifo = spawnSync('mkfifo', [at('pipe.json')]).status === 0;
  sparse('big.json', 300 * 1024 * 1024);
  sparse('big.config.json', 5 * 1024 * 1024);
  mkdirSync(at('folder.json'));
  // Twenty thousand arrays inside one another: JSON, but no file the tool writes, and deeper than its checks walk.
  writeFileSync(at('deep.json'), `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
});

const PREVIOUS_HINT = '  hint: give the JSON claim files of this grant and year that were sent before this claim\n';
const AGAINST_HINT = '  hint: give a reconciliation of this grant written by grant-recon reconcile --format json (with --with-rows for the rows behind each change)\n';
const CONFIG_HINT = '  hint: run `grant-recon config schema` for what the file may hold\n';

/** Exit 2, nothing on stdout, exactly `stderr`. */
function expectRefused(r: AsyncCliRun, stderr: string): void {
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr });
}

describe('claim --previous', () => {
  it.skipIf(!HAS_DEV_ZERO)('refuses a device, directly or through a link', async () => {
    for (const name of ['/dev/zero', 'zero.json']) {
      expectRefused(await run(['claim', JULY, '--year', '2022/23', '--quarter', 'Q2', '--previous', name]), `grant-recon: error[usage]: --previous ${name}: is a character device, not a claim file\n${PREVIOUS_HINT}`);
    }
  });

  it('refuses a named pipe at once, a folder, and a file larger than a claim file may be', async () => {
    if (hasFifo) {
      expectRefused(await run(['claim', JULY, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'pipe.json']), `grant-recon: error[usage]: --previous pipe.json: is a named pipe (FIFO), not a claim file\n${PREVIOUS_HINT}`);
    }
    expectRefused(await run(['claim', JULY, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'folder.json']), `grant-recon: error[usage]: --previous folder.json: is a folder, not a claim file\n${PREVIOUS_HINT}`);
    expectRefused(
      await run(['claim', JULY, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'big.json']),
      `grant-recon: error[usage]: --previous big.json: is 300 MiB, more than the 256 MiB a claim file may be\n${PREVIOUS_HINT}`,
    );
  });

  it('reads a claim file through a symbolic link', async () => {
    const r = await run(['claim', APRIL, JULY, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'q1-link.json', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { previousClaims: { file: string }[] }).previousClaims.map((c) => c.file)).toEqual(['q1-link.json']);
  });
});

describe('a JSON file nested thousands of levels deep', () => {
  it('is refused as what it is by --previous and --against, and skipped by claims list; never an internal error', async () => {
    expectRefused(
      await run(['claim', JULY, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'deep.json']),
      `grant-recon: error[usage]: --previous deep.json: the JSON is nested more than 32 levels deep, which no claim file is\n${PREVIOUS_HINT}`,
    );
    expectRefused(
      await run(['reconcile', APRIL, '--against', 'deep.json']),
      `grant-recon: error[usage]: --against deep.json: the JSON is nested more than 32 levels deep, which no reconciliation is\n${AGAINST_HINT}`,
    );
    expectRefused(await run(['validate', APRIL, '--config', 'deep.json']), `deep.json: error[config]: $: the JSON is nested more than 32 levels deep, which no configuration is\n${CONFIG_HINT}`);
    const folder = mkdtempSync(path.join(dir, 'claims-'));
    symlinkSync(at('deep.json'), path.join(folder, 'deep.json'));
    const r = await run(['claims', 'list', folder, '--format', 'json']);
    expect((JSON.parse(r.stdout) as { skipped: unknown[] }).skipped).toEqual([{ file: path.join(folder, 'deep.json'), reason: 'the JSON is nested more than 32 levels deep, which no claim file is' }]);
  });
});

describe('reconcile and check --against', () => {
  it.skipIf(!HAS_DEV_ZERO)('refuse a device', async () => {
    for (const command of ['reconcile', 'check']) {
      expectRefused(await run([command, APRIL, '--against', '/dev/zero']), `grant-recon: error[usage]: --against /dev/zero: is a character device, not a reconciliation file\n${AGAINST_HINT}`);
    }
  });

  it('refuse a named pipe at once, and a file larger than a reconciliation may be', async () => {
    if (hasFifo) expectRefused(await run(['reconcile', APRIL, '--against', 'pipe.json']), `grant-recon: error[usage]: --against pipe.json: is a named pipe (FIFO), not a reconciliation file\n${AGAINST_HINT}`);
    expectRefused(await run(['check', APRIL, '--against', 'big.json']), `grant-recon: error[usage]: --against big.json: is 300 MiB, more than the 256 MiB a reconciliation file may be\n${AGAINST_HINT}`);
  });
});

describe('--config, and the configuration file of the working folder', () => {
  it.skipIf(!HAS_DEV_ZERO)('a device is refused, named with --config or found in the working folder', async () => {
    expectRefused(await run(['config', 'show', '--config', '/dev/zero']), `/dev/zero: error[config]: $: is a character device, not a configuration file\n${CONFIG_HINT}`);
    const cwd = mkdtempSync(path.join(dir, 'cwd-'));
    symlinkSync('/dev/zero', path.join(cwd, 'grant-recon.config.json'));
    const r = await runCliAsync(['reconcile', APRIL], { cwd, timeoutMs: 30_000 });
    expectNoCrash(r, 'reconcile with grant-recon.config.json -> /dev/zero');
    expectRefused(r, `grant-recon.config.json: error[config]: $: is a character device, not a configuration file\n${CONFIG_HINT}`);
  });

  it('a named pipe is refused at once, and a file larger than a configuration may be', async () => {
    if (hasFifo) expectRefused(await run(['validate', APRIL, '--config', 'pipe.json']), `pipe.json: error[config]: $: is a named pipe (FIFO), not a configuration file\n${CONFIG_HINT}`);
    expectRefused(await run(['validate', APRIL, '--config', 'big.config.json']), `big.config.json: error[config]: $: is 5 MiB, more than the 4 MiB a configuration file may be\n${CONFIG_HINT}`);
  });

  it('a link to nothing in the working folder is refused, not passed over for the built-in grant', async () => {
    const cwd = mkdtempSync(path.join(dir, 'cwd-'));
    symlinkSync('nowhere.json', path.join(cwd, 'grant-recon.config.json'));
    const r = await runCliAsync(['reconcile', APRIL], { cwd, timeoutMs: 30_000 });
    expectRefused(r, `grant-recon.config.json: error[config]: $: no such file\n${CONFIG_HINT}`);
  });
});

describe('claims list', () => {
  it('lists a device, a named pipe, a folder and an oversized file of the folder as skipped, each with what it is; the oversized file may be a claim, and fails the run', async () => {
    const folder = mkdtempSync(path.join(dir, 'claims-'));
    symlinkSync(at('q1.json'), path.join(folder, 'a-claim.json'));
    if (HAS_DEV_ZERO) symlinkSync('/dev/zero', path.join(folder, 'b-zero.json'));
    if (hasFifo) symlinkSync(at('pipe.json'), path.join(folder, 'c-pipe.json'));
    symlinkSync(at('big.json'), path.join(folder, 'd-big.json'));
    mkdirSync(path.join(folder, 'e-folder.json'));
    const r = await run(['claims', 'list', folder, '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      `grant-recon: a claim file cannot be used and is left out of the register, so what it claims is not counted (exit 1): ${path.join(folder, 'd-big.json')}: is 300 MiB, more than the 256 MiB a claim file may be\n` +
        `  hint: restore each file named as it was sent, or take it out of ${folder}; a claim made with another configuration is listed with that one (--config)\n`,
    );
    const register = JSON.parse(r.stdout) as { skipped: { file: string; reason: string }[]; years: { claims: { file: string }[] }[] };
    expect(register.years.flatMap((y) => y.claims.map((c) => c.file))).toEqual([path.join(folder, 'a-claim.json')]);
    expect(register.skipped).toEqual([
      ...(HAS_DEV_ZERO ? [{ file: path.join(folder, 'b-zero.json'), reason: 'is a character device, not a claim file' }] : []),
      ...(hasFifo ? [{ file: path.join(folder, 'c-pipe.json'), reason: 'is a named pipe (FIFO), not a claim file' }] : []),
      { file: path.join(folder, 'd-big.json'), reason: 'is 300 MiB, more than the 256 MiB a claim file may be' },
      { file: path.join(folder, 'e-folder.json'), reason: 'is a folder, not a claim file' },
    ]);
  });
});
