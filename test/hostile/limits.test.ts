/**
 * The limits of what grant-recon reads, each with the message a user sees on stderr (pinned word for word): an
 * over-long field, a row of thousands of cells, a file that is not text, an empty file, a header with no rows, a
 * file of blank lines only, duplicate header names, a folder, an unreadable file, a missing file (and a dangling
 * link, a link loop, a path through a file, a named pipe). Memory stays bounded on a generated 100 MB single-field
 * file. Runs use a temp folder as their working directory, so the messages name short relative paths.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAccountsBalance, expectNoCrash, type AccountingJson } from '../support/report-invariants.js';
import { runCli, type CliRun } from '../support/run-cli.js';
import { BIN, cliEnv, runCliAsync } from '../support/run-cli-async.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-hostile-limits-'));
afterAll(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a file into the test folder; runs use that folder as their working directory, so messages name `name`. */
function file(name: string, content: string | Buffer): string {
  writeFileSync(path.join(dir, name), content);
  return name;
}

/** Runs in the test folder. */
const run = (args: readonly string[]): CliRun => runCli(args, {}, dir);

const GL_HEADER = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount';
const GL_ROW = 'D1,1,12/05/2022,SMH001,531100,100.00';
const NOTHING_REPORTED = 'grant-recon: 1 file could not be used; nothing was reported\n';

/** The stderr of a refused file: the diagnostic, its hint, and the closing line. */
const refusal = (where: string, problem: string, hint: string): string => `${where}: error[unusable-file]: ${problem}\n  hint: ${hint}\n${NOTHING_REPORTED}`;

/**
 * The file is refused: exit 2, nothing on stdout, exactly `stderr`. Every command reads its inputs through one
 * function, so `validate` shows the message; with `everyCommand`, reconcile (JSON) and check (JUnit) must agree.
 */
async function expectRefused(name: string, stderr: string, everyCommand = false): Promise<void> {
  const commands = [['validate', name]];
  if (everyCommand) commands.push(['reconcile', name, '--format', 'json'], ['check', name, '--format', 'junit']);
  const runs = await Promise.all(commands.map((args) => runCliAsync(args, { cwd: dir, timeoutMs: 30_000 })));
  runs.forEach((r, i) => {
    const what = (commands[i] as string[]).join(' ');
    expectNoCrash(r, what);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, what).toEqual({ code: 2, stdout: '', stderr });
  });
}

/** Reconciles to JSON and checks the control totals. */
async function reconcileJson(name: string): Promise<{ report: AccountingJson & { inputs: { rows: number }[] }; run: CliRun }> {
  const r = await runCliAsync(['reconcile', name, '--format', 'json'], { cwd: dir });
  expectNoCrash(r, name);
  const report = JSON.parse(r.stdout) as AccountingJson & { inputs: { rows: number }[] };
  expectAccountsBalance(report, name, { allYears: true });
  return { report, run: r };
}

/** A deterministic byte stream (a linear congruential generator), so the "random" files are the same every run. */
function pseudoRandomBytes(length: number, seed: number, avoidZero = false): Buffer {
  const bytes = Buffer.alloc(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    bytes[i] = avoidZero ? 1 + ((s >>> 8) % 255) : (s >>> 8) & 0xff;
  }
  return bytes;
}

describe('more input files than one run tells apart', () => {
  it('is a usage error before any file is read (exit 2), naming the limit', () => {
    // The files need not exist: the count is checked first. Each is named by a shell glob in real use.
    const names = Array.from({ length: 16_383 }, (_, i) => `m${i}.csv`);
    const result = run(['reconcile', ...names]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('grant-recon: error[usage]: 16,383 input files given; one run reads at most 16,382\n  hint: join exports of one ledger into fewer files, or reconcile a shorter period\n');
  });
});

describe('a field over 1M characters', () => {
  it('is refused, naming the line of the record (a quoted field of 1,100,000 characters)', async () => {
    const name = file('long-field.csv', `${GL_HEADER},Description\n${GL_ROW},"${'a'.repeat(1_100_000)}"\n`);
    await expectRefused(
      name,
      refusal(`${name}:2`, 'a record here is longer than 1M characters, which no ledger line is', 'the file is damaged (perhaps a quote that never closes, or line breaks lost); export it again'),
      true,
    );
  });

  it('is refused the same when it is unquoted and the file has no line break after it', async () => {
    const name = file('long-unquoted.csv', `${GL_HEADER},Description\n${GL_ROW},${'b'.repeat(1_100_000)}`);
    await expectRefused(
      name,
      refusal(`${name}:2`, 'a record here is longer than 1M characters, which no ledger line is', 'the file is damaged (perhaps a quote that never closes, or line breaks lost); export it again'),
    );
  });
});

describe('a long cell under the limit', () => {
  // A long run of spaces inside an amount must not make reading it slow (a backtracking pattern once did).
  it('an amount cell of 300,000 characters with spaces inside is judged in linear time (the run ends within 3 s)', async () => {
    const name = file('slow-amount.csv', `${GL_HEADER}\n${GL_ROW.replace('100.00', `"1${' '.repeat(300_000)}x"`)}\n`);
    const r = await runCliAsync(['validate', name], { cwd: dir, timeoutMs: 3_000 });
    expect(r.code).toBe(1);
  }, 15_000);
});

describe('a row with thousands of cells', () => {
  const cells = 20_000;
  const wideRow = `${GL_ROW}${',x'.repeat(cells)}`;

  it('is a wrong-column-count row error with a short excerpt, the other rows still read (exit 1)', async () => {
    const name = file('wide-row.csv', `${GL_HEADER}\n${wideRow}\nD2,1,12/05/2022,SMH001,531100,2.00\n`);
    const [{ report, run: r }, table] = await Promise.all([reconcileJson(name), runCliAsync(['reconcile', name], { cwd: dir })]);
    expect(r.code).toBe(1);
    expect(report.rows).toEqual({ included: 1, excluded: 0, errors: 1 });
    expect(report.errors).toEqual([
      {
        file: name,
        line: 2,
        code: 'wrong-column-count',
        message: "the row has a value in column 7, beyond the header's 6 columns",
        hint: 'a value holding a comma must be quoted ("Smith, J"); check the row was not split or merged',
      },
    ]);
    expect(table.code).toBe(1);
    // The offending line is shown cut to 200 characters: a runaway row cannot flood the terminal.
    expect(table.stderr).toBe(
      [
        `${name}:2: error[wrong-column-count]: the row has a value in column 7, beyond the header's 6 columns`,
        `  | ${wideRow.slice(0, 199)}…`,
        '  hint: a value holding a comma must be quoted ("Smith, J"); check the row was not split or merged',
        'grant-recon: 1 row in error; the report was written in full (exit 1)',
        '',
      ].join('\n'),
    );
  });

  it('is read when the extra cells are all empty (trailing empty cells are ignored)', async () => {
    const name = file('wide-empty.csv', `${GL_HEADER}\n${GL_ROW}${','.repeat(cells)}\n`);
    const { report, run: r } = await reconcileJson(name);
    expect({ code: r.code, stderr: r.stderr, rows: report.rows }).toEqual({ code: 0, stderr: '', rows: { included: 1, excluded: 0, errors: 0 } });
  });

  it('is read as a header of thousands of columns (extra columns are allowed)', async () => {
    const extra = Array.from({ length: cells }, (_, i) => `,Extra ${i}`).join('');
    const name = file('wide-header.csv', `${GL_HEADER}${extra}\n${GL_ROW}${',y'.repeat(cells)}\n`);
    const { report, run: r } = await reconcileJson(name);
    expect({ code: r.code, stderr: r.stderr, rows: report.rows }).toEqual({ code: 0, stderr: '', rows: { included: 1, excluded: 0, errors: 0 } });
  });
});

describe('a file that is not text', () => {
  const binary = refusal('%s', 'this is a binary file (it holds NUL bytes), not a CSV file', 'ask for the ledger export as CSV');

  it('random bytes with NUL bytes among them are refused as binary', async () => {
    const bytes = pseudoRandomBytes(64 * 1024, 7);
    bytes[100] = 0;
    const name = file('random.csv', bytes);
    await expectRefused(name, binary.replace('%s', name), true);
  });

  it('a PNG image is refused as binary', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89]),
      pseudoRandomBytes(2048, 11),
    ]);
    const name = file('image.png.csv', png);
    await expectRefused(name, binary.replace('%s', name));
  });

  it('random bytes without a NUL are refused too (no header is found in them), never read as rows', async () => {
    const name = file('noise.csv', pseudoRandomBytes(64 * 1024, 3, true));
    await expectRefused(
      name,
      refusal(
        name,
        'no header row of a known export was found in the first 50 rows',
        'a GL line export needs Document Number, Line, Posting Date, Cost Centre, Account Code, Net Amount; a payroll export needs Payroll Period, Employee Number, Staff Type, Cost Centre, Pay Element, Amount (in any order and case): check that this is the right file',
      ),
    );
  });
});

describe('NUL characters far into an export', () => {
  // The sample exports of April to September 2022 under one header; a block of 600 zero bytes replaces bytes
  // 16,000 to 16,599, running over four rows: what is left around it still splits into a row's columns, so before NUL
  // was refused past the first 4 KB, the four rows' money was lost and the control totals agreed.
  const months = ['04', '05', '06', '07', '08', '09'].map((m) => readFileSync(`fixtures/sample/gl/gl-2022-${m}.csv`, 'utf8'));
  const joined = Buffer.from(months.map((text, i) => (i === 0 ? text : text.slice(text.indexOf('\n') + 1))).join(''));
  const damaged = Buffer.from(joined);
  damaged.fill(0, 16_000, 16_600);
  const line = joined.subarray(0, 16_000).toString('latin1').split('\n').length;
  const expected = (name: string, run: number, at: number): string =>
    refusal(
      `${name}:${at}`,
      `the text holds ${run} NUL characters (zero bytes) in a row on this line, which no export holds: the file is damaged there (a disk or copy fault, or a binary file), and rows may be lost in it`,
      'export it again, or copy it again from where it was exported; no claim is made from part of a file',
    );

  it('a block of zeros is refused by every command, naming its line', async () => {
    expect(line).toBe(100);
    const name = file('zeroed-block.csv', damaged);
    await expectRefused(name, expected(name, 600, line), true);
  });

  it('the same, read in parts by worker threads', () => {
    const name = file('zeroed-block-parts.csv', damaged);
    const r = runCli(['reconcile', name, '--format', 'json'], { GRANT_RECON_WORKERS: 'always', GRANT_RECON_PART_BYTES: '4096' }, dir);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: expected(name, 600, line) });
  });

  it('one NUL at the end of a row is refused as well', async () => {
    const text = joined.toString('utf8').split('\n');
    text[150] = `${text[150] as string}\u0000`;
    const name = file('one-nul.csv', text.join('\n'));
    await expectRefused(name, expected(name, 1, 151).replace('1 NUL characters (zero bytes) in a row', 'a NUL character (a zero byte)'));
  });
});

describe('a file cut short inside its last row', () => {
  const text = readFileSync('fixtures/sample/gl/gl-2022-04.csv', 'utf8').replace(/\r?\n$/, '');
  const lines = text.split(/\r?\n/);
  const lastRow = lines.at(-1) as string;
  // Cut inside the Net Amount of the last row: `…,Description,1076.62,0.00,1076.62` becomes `…,Description,10`.
  const cells = lastRow.split(',');
  const cut = `${cells.slice(0, 10).join(',')},${(cells[10] as string).slice(0, 2)}`;

  it('is refused by every command, naming the last line: its amount may be cut', async () => {
    const name = file('cut-short.csv', [...lines.slice(0, -1), cut].join('\n'));
    await expectRefused(
      name,
      refusal(
        `${name}:${lines.length}`,
        "the file ends inside this row, with no line break after it: the row stops after column 11 of the header's 13, so its last cell, its amount among them, may be cut (a download or a copy that stopped)",
        'export it again, or copy it again from where it was exported; no claim is made from part of a file',
      ),
      true,
    );
  });

  it('a last row that runs past its amount and lacks only empty columns after it, with no line break after it, is read as it is', async () => {
    // The sample's rows end Net Amount, VAT Amount, Gross Amount: the last row without its empty-looking last two.
    const shortened = `${cells.slice(0, 11).join(',')},${cells[11] as string}`;
    const r = await reconcileJson(file('short-last.csv', [...lines.slice(0, -1), shortened].join('\n')));
    const withBreak = await reconcileJson(file('short-last-break.csv', `${[...lines.slice(0, -1), shortened].join('\n')}\n`));
    expect(r.run.code).toBe(withBreak.run.code);
    expect(r.report.controlTotals).toEqual(withBreak.report.controlTotals);
  });

  it('a last row with every cell, or a note, without a line break after it is read as it is', async () => {
    const whole = await reconcileJson(file('no-final-break.csv', text));
    const withBreak = await reconcileJson(file('final-break.csv', `${text}\n`));
    expect(whole.run.code).toBe(0);
    expect(whole.report.controlTotals).toEqual(withBreak.report.controlTotals);
    // A note that does not look like a row is read as it is read with a line break after it.
    const note = await reconcileJson(file('note-last.csv', `${text}\nReport generated by SAP`));
    const noteWithBreak = await reconcileJson(file('note-last-break.csv', `${text}\nReport generated by SAP\n`));
    expect(note.run.code).toBe(noteWithBreak.run.code);
    expect(note.report.controlTotals).toEqual(noteWithBreak.report.controlTotals);
  });
});

describe('files with nothing to read', () => {
  const NO_HEADER_HINT =
    'a GL line export needs Document Number, Line, Posting Date, Cost Centre, Account Code, Net Amount; a payroll export needs Payroll Period, Employee Number, Staff Type, Cost Centre, Pay Element, Amount (in any order and case): check that this is the right file';

  it('an empty file is refused', async () => {
    const name = file('empty.csv', '');
    await expectRefused(name, refusal(name, 'the file is empty', 'export the ledger again'), true);
  });

  it('a file holding only a byte-order mark is refused as holding no rows', async () => {
    const name = file('bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]));
    await expectRefused(name, refusal(name, 'the file holds no rows', 'export the ledger again'));
  });

  it('a file of blank lines only (CRLF, LF, CR and empty cells) is refused: no header', async () => {
    const name = file('blank-lines.csv', '\r\n\n\r,,,,\r\n \n'.repeat(5));
    await expectRefused(name, refusal(name, 'no header row of a known export was found in the first 50 rows', NO_HEADER_HINT));
  });

  it('a header with no rows reports 0 rows and exits 0, in every command', async () => {
    const name = file('header-only.csv', `${GL_HEADER}\r\n`);
    const [{ report, run: r }, ...others] = await Promise.all([
      reconcileJson(name),
      runCliAsync(['validate', name], { cwd: dir }),
      runCliAsync(['check', name], { cwd: dir }),
    ]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(report.rows).toEqual({ included: 0, excluded: 0, errors: 0 });
    expect(report.inputs.map((i) => i.rows)).toEqual([0]);
    expect(report.controlTotals).toEqual({ input: '0.00', included: '0.00', excluded: '0.00', errors: '0.00', errorsAmountUnreadable: 0, balanced: true });
    expect(others.map((o) => o.code)).toEqual([0, 0]);
  });
});

describe('duplicate header names', () => {
  it('a column whose values are read (Net Amount) named twice is refused at the header line', async () => {
    const name = file('two-net-amounts.csv', `${GL_HEADER},net  AMOUNT\n${GL_ROW},200.00\n`);
    await expectRefused(
      name,
      refusal(`${name}:1`, 'the header names column Net Amount more than once (columns 6, 7), so it is unclear which to read', 'rename or remove the extra column and run again'),
      true,
    );
  });

  it('Period named twice is refused too (its values are read)', async () => {
    const name = file('two-periods.csv', `Period,${GL_HEADER},PERIOD\nP02,${GL_ROW},P03\n`);
    await expectRefused(
      name,
      refusal(`${name}:1`, 'the header names column Period more than once (columns 1, 8), so it is unclear which to read', 'rename or remove the extra column and run again'),
    );
  });

  it('a payroll Amount named twice is refused', async () => {
    const name = file('two-amounts.csv', 'Payroll Period,Employee Number,Staff Type,Cost Centre,Pay Element,Amount,Grade,amount\n2022-05,E1,Police Staff,SMH001,Basic Pay,1.00,G,2.00\n');
    await expectRefused(
      name,
      refusal(`${name}:1`, 'the header names column Amount more than once (columns 6, 8), so it is unclear which to read', 'rename or remove the extra column and run again'),
    );
  });

  it('a descriptive column (Description) named twice is read, the first kept', async () => {
    const name = file('two-descriptions.csv', `${GL_HEADER},Description,Description\n${GL_ROW},first,second\n`);
    const { report, run: r } = await reconcileJson(name);
    expect({ code: r.code, stderr: r.stderr, rows: report.rows }).toEqual({ code: 0, stderr: '', rows: { included: 1, excluded: 0, errors: 0 } });
  });
});

describe('paths that are not a readable file', () => {
  it('a folder is refused', async () => {
    mkdirSync(path.join(dir, 'exports.csv'));
    await expectRefused('exports.csv', refusal('exports.csv', 'is a folder, not a file', 'name the CSV files inside it, e.g. exports/*.csv'), true);
  });

  it('a missing file is refused', async () => {
    await expectRefused('no-such-export.csv', refusal('no-such-export.csv', 'no such file', 'check the path and that the file can be read'), true);
  });

  it('a dangling symbolic link is refused as missing, and a link loop or a path through a file as unreadable', async () => {
    symlinkSync('nowhere.csv', path.join(dir, 'dangling.csv'));
    await expectRefused('dangling.csv', refusal('dangling.csv', 'no such file', 'check the path and that the file can be read'));
    symlinkSync('loop.csv', path.join(dir, 'loop.csv'));
    await expectRefused('loop.csv', refusal('loop.csv', 'cannot be read (ELOOP)', 'check the path and that the file can be read'));
    const through = `${file('plain.csv', `${GL_HEADER}\n`)}/inside.csv`;
    await expectRefused(through, refusal(through, 'cannot be read (ENOTDIR)', 'check the path and that the file can be read'));
  });

  it('a named pipe is read as it streams, with the figures of the file it carries', async () => {
    const fifo = path.join(dir, 'pipe.csv');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return; // no mkfifo on this system: nothing to test
    const carried = file('carried.csv', `${GL_HEADER}\n${GL_ROW}\n`);
    // The writer opens the pipe once the reader does, as a shell's `cat export.csv > pipe.csv &` would.
    const writer = spawn('sh', ['-c', `cat ${carried} > pipe.csv`], { cwd: dir });
    const r = await runCliAsync(['validate', 'pipe.csv', '--format', 'json'], { cwd: dir, timeoutMs: 15_000 });
    writer.kill();
    expectNoCrash(r, 'validate pipe.csv');
    const direct = run(['validate', carried, '--format', 'json']);
    expect(r.code).toBe(direct.code);
    const figures = (json: string) => {
      const report = JSON.parse(json) as AccountingJson & { inputs: { lines: unknown; sha256: string; rows: number }[] };
      return { rows: report.rows, controlTotals: report.controlTotals, inputs: report.inputs.map((i) => ({ lines: i.lines, sha256: i.sha256, rows: i.rows })) };
    };
    expect(figures(r.stdout)).toEqual(figures(direct.stdout));
  });

  /**
   * How to make a file that this process's user cannot read. chmod 000 stops an ordinary user; root reads through
   * it, so as root the command runs as the unprivileged user `nobody` (uid 65534) when that works.
   */
  const unreadable = ((): { mode: 'chmod' | 'as-nobody' | 'skip'; reason: string } => {
    const probe = path.join(dir, 'probe');
    writeFileSync(probe, 'x');
    chmodSync(probe, 0o000);
    let readable = true;
    try {
      readFileSync(probe);
    } catch {
      readable = false;
    }
    rmSync(probe, { force: true });
    if (!readable) return { mode: 'chmod', reason: '' };
    if (process.getuid?.() !== 0) return { mode: 'skip', reason: 'chmod 000 does not stop this user reading' };
    const nobody = spawnSync(process.execPath, ['-e', ''], { uid: 65534, gid: 65534 });
    if (nobody.status === 0) return { mode: 'as-nobody', reason: '' };
    return { mode: 'skip', reason: 'running as root, where chmod 000 does not stop reading, and node cannot run as nobody (uid 65534)' };
  })();

  it.skipIf(unreadable.mode === 'skip')(`a file that cannot be read (chmod 000) is refused${unreadable.mode === 'skip' ? ` (skipped: ${unreadable.reason})` : ''}`, () => {
    const name = file('locked.csv', `${GL_HEADER}\n${GL_ROW}\n`);
    chmodSync(path.join(dir, name), 0o000);
    const expected = refusal(name, 'permission denied: the file cannot be read', 'check that the file can be read');
    for (const args of [['validate', name], ['reconcile', name, '--format', 'json']]) {
      let r: CliRun;
      if (unreadable.mode === 'chmod') {
        r = run(args);
      } else {
        // As root: the folder must be open to nobody, and the run made as nobody.
        chmodSync(dir, 0o755);
        const spawned = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: cliEnv(), encoding: 'utf8', uid: 65534, gid: 65534 });
        r = { code: spawned.status ?? -1, stdout: spawned.stdout, stderr: spawned.stderr };
      }
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, args.join(' ')).toEqual({ code: 2, stdout: '', stderr: expected });
    }
  });
});

describe('memory stays bounded', () => {
  const TIME = '/usr/bin/time';
  const MB = 1024 * 1024;

  /** Writes `head`, then `megabytes` MiB of `fill`, then `tail`, in 1 MiB chunks: the file is never held in memory. */
  function generate(name: string, head: string, megabytes: number, fill: string, tail: string): string {
    const full = path.join(dir, name);
    const fd = openSync(full, 'w');
    try {
      writeSync(fd, head);
      const chunk = Buffer.alloc(MB, fill);
      for (let i = 0; i < megabytes; i++) writeSync(fd, chunk);
      writeSync(fd, tail);
    } finally {
      closeSync(fd);
    }
    return name;
  }

  /**
   * Runs validate with the V8 heap capped at 256 MB (so unbounded growth is a crash the test sees), under
   * /usr/bin/time for the peak RSS when it is installed.
   */
  async function validateMeasured(name: string): Promise<{ run: CliRun; peakKb: number | undefined }> {
    const nodeArgs = ['--max-old-space-size=256'];
    if (!existsSync(TIME)) {
      const r = await runCliAsync(['validate', name], { cwd: dir, nodeArgs, timeoutMs: 60_000 });
      return { run: r, peakKb: undefined };
    }
    const r = spawnSync(TIME, ['-f', 'peak-rss-kb=%M', process.execPath, ...nodeArgs, BIN, 'validate', name], { cwd: dir, env: cliEnv(), encoding: 'utf8', timeout: 60_000 });
    const match = /(?:^|\n)peak-rss-kb=(\d+)\n?$/.exec(r.stderr);
    // /usr/bin/time adds its own line when the command fails ("Command exited with non-zero status 2"): drop both.
    const stderr = r.stderr.replace(/(?:Command exited with non-zero status \d+\n)?peak-rss-kb=\d+\n?$/, '');
    return { run: { code: r.status ?? -1, stdout: r.stdout, stderr }, peakKb: match ? Number(match[1]) : undefined };
  }

  const LONG_LINE = ['this line is longer than 4 MiB, which no ledger line is', 'the file is damaged (perhaps its line breaks were lost); export it again'] as const;
  const LONG_RECORD = ['a record here is longer than 1M characters, which no ledger line is', 'the file is damaged (perhaps a quote that never closes, or line breaks lost); export it again'] as const;
  it.each([
    ['one quoted field of 100 MB on one line', 'quoted', `${GL_HEADER},Description\n${GL_ROW},"`, 'a', '"\n', 2, LONG_LINE],
    ['a quote that opens on line 1 and runs 100 MB on one line', 'unclosed', '"', 'a', '', 1, LONG_LINE],
    ['a quoted field of 100 MB of short lines', 'quoted-lines', `${GL_HEADER},Description\n${GL_ROW},"`, 'a\n', '"\n', 2, LONG_RECORD],
    ['a line of 100 MB of commas (empty cells)', 'commas', `${GL_HEADER}\n`, ',', '\n', 2, LONG_LINE],
  ] as const)('%s: refused while streaming, peak RSS under 300 MB', async (_what, kind, head, fill, tail, line, [message, hint]) => {
    const name = generate(`huge-${kind}.csv`, head, 100, fill, tail);
    try {
      const { run: r, peakKb } = await validateMeasured(name);
      expectNoCrash(r, name);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: refusal(`${name}:${line}`, message, hint) });
      if (existsSync(TIME)) {
        expect(peakKb, 'peak RSS reported by /usr/bin/time').toBeDefined();
        expect(peakKb ?? Infinity, `peak RSS ${peakKb} KB`).toBeLessThan(300 * 1024);
      }
    } finally {
      rmSync(path.join(dir, name), { force: true });
    }
  }, 60_000);
});
