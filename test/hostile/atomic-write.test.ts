/**
 * `-o FILE` is written whole or not at all: a temporary file beside the target, then renamed into place. A run
 * interrupted by SIGINT or SIGTERM at any moment (while reading, while writing the temporary file) leaves the target
 * absent, or the old file's bytes when one existed and --force was given, or the complete new output: never a part.
 * SIGINT and SIGTERM remove the temporary file before the run ends by the signal; a hard kill (SIGKILL) may leave
 * one, but only as `.<name>.<pid>.<hex>.tmp`, never as the target.
 * A normal run or an error leaves no temporary file, an existing file is never replaced without --force, and
 * nothing but a regular file is ever replaced.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, watch, writeFileSync, writeSync, type FSWatcher } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccountsBalance, expectNoCrash, type AccountingJson } from '../support/report-invariants.js';
import { ROOT } from '../support/run-cli.js';
import { mapLimit, runCliAsync, startCli, type AsyncCliRun } from '../support/run-cli-async.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-hostile-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A large GL export: every second row has an impossible date, so the report lists many errors and its write takes a while. */
const ROWS = 50_000;
const big = path.join(dir, 'big-gl.csv');

function generateBigExport(): void {
  const fd = openSync(big, 'w');
  try {
    writeSync(fd, 'Document Number,Line,Posting Date,Cost Centre,Account Code,Description,Net Amount\n');
    let lines: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const date = i % 2 === 0 ? '31/02/2023' : `${1 + (i % 28)}/0${4 + (i % 3)}/2022`;
      lines.push(`D${i},1,${date},SMH001,5${1 + (i % 5)}1000,Line ${i},${i % 1000}.${String(i % 100).padStart(2, '0')}`);
      if (lines.length === 10_000) {
        writeSync(fd, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

let folders = 0;
/** A fresh, empty output folder, so its listing shows exactly what a run left. */
function outFolder(): string {
  const folder = path.join(dir, `out-${++folders}`);
  mkdirSync(folder);
  return folder;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The temporary file the writer makes beside `target`. */
const tempPattern = (target: string): RegExp => new RegExp(`^\\.${escapeRegExp(path.basename(target))}\\.\\d+\\.[0-9a-f]+\\.tmp$`);

const OLD = Buffer.from('{"the claim": "already sent to the Home Office"}\n');

interface Scenario {
  readonly name: string;
  /** The arguments, given the target path. */
  readonly args: (target: string) => string[];
  readonly targetName: string;
  /** Whether an old file sits at the target (and --force is given). */
  readonly old: boolean;
  readonly schema: string;
}

const SCENARIOS: Record<'reconcile' | 'claim', Scenario> = {
  reconcile: {
    name: 'reconcile -o a new file',
    args: (target) => ['reconcile', big, '-o', target],
    targetName: 'reconciliation.json',
    old: false,
    schema: 'grant-recon/reconciliation@1',
  },
  claim: {
    name: 'claim -o over an old file with --force',
    args: (target) => ['claim', big, '--year', '2022/23', '--quarter', 'Q1', '-o', target, '--force'],
    targetName: 'claim-2022-23-Q1.json',
    old: true,
    schema: 'grant-recon/claim@1',
  },
};

/** What a complete run writes (the output is deterministic), and how long it takes. */
const baseline = new Map<string, { bytes: Buffer; ms: number }>();

beforeAll(async () => {
  generateBigExport();
  await mapLimit(Object.values(SCENARIOS), 2, async (s) => {
    const folder = outFolder();
    const target = path.join(folder, s.targetName);
    if (s.old) writeFileSync(target, OLD);
    const run = await runCliAsync(s.args(target), { timeoutMs: 90_000 });
    expectNoCrash(run, s.name);
    expect(run.code, `${s.name}: half the rows are in error`).toBe(1);
    expect(readdirSync(folder), `${s.name}: a normal run leaves the target alone`).toEqual([s.targetName]);
    const bytes = readFileSync(target);
    const report = JSON.parse(bytes.toString('utf8')) as AccountingJson;
    expect(report.schema).toBe(s.schema);
    expectAccountsBalance(report, s.name);
    expect(report.rows.errors).toBe(ROWS / 2);
    baseline.set(s.name, { bytes, ms: run.ms });
  });
}, 120_000);

type Moment = { readonly kind: 'after'; readonly fraction: number } | { readonly kind: 'temp-file-appears' };

interface Interruption {
  readonly scenario: Scenario;
  readonly signal: 'SIGINT' | 'SIGTERM';
  readonly moment: Moment;
}

/** What an interrupted run left: the target's state, and whether the signal ended the run before it finished. */
interface Left {
  readonly what: string;
  readonly target: 'absent' | 'old' | 'complete';
  readonly leftovers: readonly string[];
  readonly run: AsyncCliRun;
  /** The signal was sent once the temporary file was there. */
  readonly whileWriting: boolean;
}

async function interrupt({ scenario, signal, moment }: Interruption): Promise<Left> {
  const folder = outFolder();
  const target = path.join(folder, scenario.targetName);
  if (scenario.old) writeFileSync(target, OLD);
  const full = baseline.get(scenario.name);
  if (!full) throw new Error(`no baseline for ${scenario.name}`);
  const what = `${scenario.name}, ${signal} ${moment.kind === 'after' ? `after ${Math.round(moment.fraction * 100)}% of a full run` : 'when the temporary file appears'}`;

  const started = startCli(scenario.args(target), { timeoutMs: 90_000 });
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const temp = tempPattern(target);
  if (moment.kind === 'after') {
    timer = setTimeout(() => started.child.kill(signal), Math.round(full.ms * moment.fraction));
  } else {
    watcher = watch(folder, (_event, filename) => {
      if (filename !== null && temp.test(filename)) started.child.kill(signal);
    });
  }
  const run = await started.done.finally(() => {
    clearTimeout(timer);
    watcher?.close();
  });
  // A signal is not a crash, but whatever did print must still be no stack trace.
  expectNoCrash({ ...run, code: run.signal === null ? run.code : 2 }, what);

  const entries = readdirSync(folder);
  const leftovers = entries.filter((e) => e !== scenario.targetName);
  expect(leftovers, `${what}: the temporary file is removed`).toEqual([]);
  let state: Left['target'];
  if (!entries.includes(scenario.targetName)) {
    expect(scenario.old, `${what}: the old file was removed`).toBe(false);
    state = 'absent';
  } else {
    const bytes = readFileSync(target);
    if (scenario.old && bytes.equals(OLD)) {
      state = 'old';
    } else {
      // Anything else at the target must be the whole output, byte for byte (the output is deterministic).
      expect(bytes.length, `${what}: the target is ${bytes.length} bytes, the full output ${full.bytes.length}`).toBe(full.bytes.length);
      expect(bytes.equals(full.bytes), `${what}: the target differs from the full output`).toBe(true);
      state = 'complete';
    }
  }
  if (run.signal === null) {
    // The run finished before the signal arrived: then it wrote the whole output, and cleaned up after itself.
    expect(run.code, what).toBe(1);
    expect(state, what).toBe('complete');
    expect(leftovers, what).toEqual([]);
  }
  return { what, target: state, leftovers, run, whileWriting: moment.kind === 'temp-file-appears' };
}

describe('-o FILE, interrupted', () => {
  const plan: Interruption[] = [
    { scenario: SCENARIOS.reconcile, signal: 'SIGINT', moment: { kind: 'after', fraction: 0.2 } },
    { scenario: SCENARIOS.reconcile, signal: 'SIGINT', moment: { kind: 'temp-file-appears' } },
    { scenario: SCENARIOS.reconcile, signal: 'SIGTERM', moment: { kind: 'temp-file-appears' } },
    { scenario: SCENARIOS.claim, signal: 'SIGTERM', moment: { kind: 'after', fraction: 0.5 } },
    { scenario: SCENARIOS.claim, signal: 'SIGTERM', moment: { kind: 'temp-file-appears' } },
    { scenario: SCENARIOS.claim, signal: 'SIGINT', moment: { kind: 'temp-file-appears' } },
  ];

  it('by SIGINT or SIGTERM while reading or while writing, leaves no target, the old file, or the whole output', async () => {
    const left = await mapLimit(plan, 2, interrupt);
    // The interruptions must have landed: at least one run ended by its signal before anything reached the target.
    const interrupted = left.filter((l) => l.run.signal !== null && l.target !== 'complete');
    const summary = left.map((l) => `${l.what}: ${l.run.signal ?? `exit ${l.run.code}`} after ${l.run.ms} ms, target ${l.target}, left ${l.leftovers.join(' ') || 'nothing'}`).join('\n');
    expect(interrupted.length, summary).toBeGreaterThan(0);
    // And at least one landed mid-write: ended by its signal once the temporary file was there, the target still
    // absent or old, and (above) the temporary file gone.
    expect(left.some((l) => l.run.signal !== null && l.whileWriting && l.target !== 'complete'), summary).toBe(true);
  }, 120_000);
});

describe('-o FILE, finished or refused', () => {
  const APRIL = path.join(ROOT, 'fixtures/sample/gl/gl-2022-04.csv');
  const BAD_DATE = path.join(ROOT, 'fixtures/errors/bad-date.csv');

  it('a normal run and a run with rows in error (exit 1) write the whole report and leave no temporary file', async () => {
    const cases: [string[], string, number][] = [
      [['reconcile', APRIL], 'reconcile.json', 0],
      [['validate', BAD_DATE], 'validate.json', 1],
      [['claim', APRIL, '--year', '2022/23', '--month', '2022-04'], 'claim.csv', 0],
      [['check', BAD_DATE], 'check.xml', 1],
    ];
    const folder = outFolder();
    const runs = await mapLimit(cases, 2, ([args, name]) => runCliAsync([...args, '-o', path.join(folder, name)]));
    runs.forEach((r, i) => {
      const [args, name, code] = cases[i] as [string[], string, number];
      expectNoCrash(r, args.join(' '));
      expect({ code: r.code, stdout: r.stdout }, args.join(' ')).toEqual({ code, stdout: '' });
      const text = readFileSync(path.join(folder, name), 'utf8');
      if (name.endsWith('.json')) expectAccountsBalance(JSON.parse(text) as AccountingJson, name);
      if (name.endsWith('.csv')) expect(text.startsWith('section,')).toBe(true);
      if (name.endsWith('.xml')) expect(text.trimEnd().endsWith('</testsuites>')).toBe(true);
    });
    expect(readdirSync(folder).sort()).toEqual(cases.map((c) => c[1]).sort());
  });

  it('never replaces an existing file without --force: exit 2, the file unchanged, no temporary file left, in every command', async () => {
    const folder = outFolder();
    const commands = [
      ['validate', APRIL],
      ['reconcile', APRIL],
      ['claim', APRIL, '--year', '2022/23', '--month', '2022-04'],
      ['check', APRIL],
    ];
    const target = path.join(folder, 'report.json');
    writeFileSync(target, OLD);
    const runs = await mapLimit(commands, 2, (args) => runCliAsync([...args, '-o', target]));
    runs.forEach((r, i) => {
      const what = (commands[i] as string[]).join(' ');
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, what).toEqual({
        code: 2,
        stdout: '',
        stderr: `grant-recon: error[usage]: ${target} already exists; nothing was written\n  hint: use --force to replace it, or choose another -o file\n`,
      });
    });
    expect(readFileSync(target).equals(OLD)).toBe(true);
    expect(readdirSync(folder)).toEqual(['report.json']);
  });

  it('two runs racing for one new -o file: one writes it whole, the other is refused, nothing else is left', async () => {
    const folder = outFolder();
    const target = path.join(folder, 'claim.json');
    const asOf = ['2022-05-01', '2022-05-02'];
    const runs = await Promise.all(asOf.map((d) => runCliAsync(['claim', APRIL, '--year', '2022/23', '--month', '2022-04', '--as-of', d, '-o', target])));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    const winner = runs.findIndex((r) => r.code === 0);
    const loser = runs[1 - winner] as AsyncCliRun;
    expect(loser.stderr).toContain(`${target} already exists; nothing was written`);
    const written = JSON.parse(readFileSync(target, 'utf8')) as { generatedAt: string };
    expect(written.generatedAt).toBe(`${asOf[winner] ?? ''}T00:00:00Z`);
    expect(readdirSync(folder)).toEqual(['claim.json']);
  });

  /**
   * Anything at the target but a regular file is refused before a temporary file is made, with or without
   * --force: a device (as root, renaming over /dev/null would replace the device), a named pipe, a socket, a folder,
   * and a symbolic link, even to a regular file (renaming over it would replace the link, not the file it leads to).
   */
  it('never replaces anything but a regular file, with or without --force: exit 2, saying what the target is, nothing made', async () => {
    const folder = outFolder();
    const targets: [string, string][] = [];
    // A device of its own (a twin of /dev/null) where this user may make one, that is as root: the case that matters.
    if (spawnSync('mknod', [path.join(folder, 'device'), 'c', '1', '3']).status === 0) targets.push(['device', 'a character device']);
    if (spawnSync('mkfifo', [path.join(folder, 'pipe')]).status === 0) targets.push(['pipe', 'a named pipe (FIFO)']);
    mkdirSync(path.join(folder, 'folder'));
    writeFileSync(path.join(folder, 'claim.json'), OLD);
    symlinkSync('claim.json', path.join(folder, 'link.json'));
    targets.push(['folder', 'a folder'], ['link.json', 'a symbolic link']);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(folder, 'socket'), resolve));
    targets.push(['socket', 'a socket']);
    const before = readdirSync(folder).sort();
    try {
      const cases = targets.flatMap(([name, kind]) => [[name, kind, false] as const, [name, kind, true] as const]);
      const runs = await mapLimit(cases, 2, ([name, , force]) => runCliAsync(['reconcile', APRIL, '-o', path.join(folder, name), ...(force ? ['--force'] : [])]));
      runs.forEach((r, i) => {
        const [name, kind, force] = cases[i] as (typeof cases)[number];
        const target = path.join(folder, name);
        expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, `${name}${force ? ' --force' : ''}`).toEqual({
          code: 2,
          stdout: '',
          stderr: `grant-recon: error[usage]: cannot write ${target}: it is ${kind}, not a regular file; nothing was written\n  hint: -o only ever replaces a regular file: give the path of a file (for a link, of the file it leads to), or leave out -o to write to stdout\n`,
        });
      });
      // Checked before the server closes: closing removes its socket.
      expect(readdirSync(folder).sort()).toEqual(before);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(lstatSync(path.join(folder, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(folder, 'claim.json')).equals(OLD)).toBe(true);
    expect(readdirSync(path.join(folder, 'folder'))).toEqual([]);
    if (targets.some(([name]) => name === 'device')) expect(lstatSync(path.join(folder, 'device')).isCharacterDevice()).toBe(true);
  });

  it('a refused input, a usage error or a missing folder writes nothing at all', async () => {
    const folder = outFolder();
    const target = path.join(folder, 'report.json');
    const runs = await Promise.all([
      runCliAsync(['reconcile', path.join(ROOT, 'fixtures/errors/unclosed-quote.csv'), '-o', target]),
      runCliAsync(['reconcile', APRIL, '--year', '2030/31', '-o', target]),
      runCliAsync(['claim', APRIL, '--year', '2022/23', '-o', target]),
      runCliAsync(['reconcile', APRIL, '-o', path.join(folder, 'no-such-folder', 'report.json')]),
    ]);
    for (const r of runs) {
      expectNoCrash(r, r.stderr);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(runs[3]?.stderr).toBe(
      `grant-recon: error[usage]: cannot write ${path.join(folder, 'no-such-folder', 'report.json')}: the folder does not exist\n  hint: check that the folder exists and can be written to\n`,
    );
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });
});
