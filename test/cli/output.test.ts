import { mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeCell } from '../../src/render/csv-cells.js';
import { ROOT, runCli } from '../support/run-cli.js';

const APRIL = 'fixtures/sample/gl/gl-2022-04.csv';
const claimArgs = ['claim', APRIL, '--year', '2022/23', '--month', '2022-04'];

describe('-o FILE', () => {
  it('writes the file whole, with the format taken from its extension, and nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-'));
    const out = join(dir, 'claim.json');
    const run = runCli([...claimArgs, '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ schema: 'grant-recon/claim@1', period: { label: '2022-04' } });
    expect(readdirSync(dir)).toEqual(['claim.json']);
  });

  it('never replaces an existing file without --force: exit 2, file unchanged, no temporary file left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-'));
    const out = join(dir, 'claim.json');
    writeFileSync(out, 'the claim already sent\n');
    const run = runCli([...claimArgs, '-o', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${out} already exists; nothing was written`);
    expect(run.stderr).toContain('use --force to replace it');
    expect(readFileSync(out, 'utf8')).toBe('the claim already sent\n');
    expect(readdirSync(dir)).toEqual(['claim.json']);

    const forced = runCli([...claimArgs, '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('"schema": "grant-recon/claim@1"');
    expect(readdirSync(dir)).toEqual(['claim.json']);
  });

  it('says so when the folder does not exist', () => {
    const run = runCli([...claimArgs, '-o', join(tmpdir(), 'no-such-folder-grant-recon', 'claim.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error\[usage\]: cannot write .*claim\.json: the folder does not exist/);
  });

  it('--format wins over the extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-'));
    const out = join(dir, 'claim.json');
    expect(runCli([...claimArgs, '-o', out, '--format', 'csv']).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('section,year,period,month,category,item,rows,amount,detail\r\n')).toBe(true);
  });
});

describe('deterministic output', () => {
  it.each(['json', 'csv', 'md', 'table', 'html'])('the same inputs give the same bytes (%s)', (format) => {
    const args = ['reconcile', 'fixtures/sample/gl/gl-2022-04.csv', 'fixtures/messy/gl-2022-06-sap.csv', '--format', format];
    const first = runCli(args);
    const second = runCli(args);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('stamps --as-of, else SOURCE_DATE_EPOCH', () => {
    expect(runCli([...claimArgs, '--format', 'json', '--as-of', '2022-05-03']).stdout).toContain('"generatedAt": "2022-05-03T00:00:00Z"');
    expect(runCli([...claimArgs, '--format', 'json'], { SOURCE_DATE_EPOCH: '1650000000' }).stdout).toContain('"generatedAt": "2022-04-15T05:20:00Z"');
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  it('is off when stdout is not a terminal, on with FORCE_COLOR, and never with NO_COLOR', () => {
    expect(runCli(claimArgs, { NO_COLOR: undefined }).stdout).not.toContain(ESC);
    expect(runCli(claimArgs, { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).toContain(ESC);
    expect(runCli(claimArgs, { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toContain(ESC);
  });

  it('is never written into json, csv, md or html', () => {
    for (const format of ['json', 'csv', 'md', 'html']) expect(runCli([...claimArgs, '--format', format], { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).not.toContain(ESC);
  });
});

describe('CSV cells that a spreadsheet would run', () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+1+2', "'+1+2"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-12.50', '-12.50'],
    ['2893452.00', '2893452.00'],
    ['plain', 'plain'],
  ])('%j is written %j', (value, written) => {
    expect(safeCell(value)).toBe(written);
  });

  it('an input path that starts with = is neutralised in the CSV report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-'));
    copyFileSync(resolve(ROOT, APRIL), join(dir, '=cmd.csv'));
    const run = runCli(['reconcile', '=cmd.csv', '--format', 'csv'], {}, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("\r\ninput,,,,,'=cmd.csv,38,");
    expect(run.stdout).not.toContain(',=cmd.csv');
  });
});

describe('long lists: an export given twice', () => {
  // 1,205 rows and 1,001 rows with an impossible date, given as a.csv and again as b.csv: every readable row of
  // b.csv repeats a.csv's, and both files' bad rows are in error (rows in error take no part in duplicates).
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-long-'));
  const good = Array.from({ length: 1205 }, (_, i) => ({ line: i + 2, pence: BigInt(i * 37 + 1) }));
  const lines = [
    'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount',
    ...good.map((r, i) => `${5100000 + i},1,15/04/2022,SMH001,531000,${(r.pence / 100n).toString()}.${(r.pence % 100n).toString().padStart(2, '0')}`),
    ...Array.from({ length: 1001 }, (_, i) => `${6100000 + i},1,31/04/2022,SMH001,531000,1.00`),
  ];
  const a = join(dir, 'a.csv');
  const b = join(dir, 'b.csv');
  writeFileSync(a, `${lines.join('\n')}\n`);
  copyFileSync(a, b);
  const duplicateAmount = good.reduce((s, r) => s + r.pence, 0n);
  const pounds = (p: bigint): string => `${(p / 100n).toString()}.${(p % 100n).toString().padStart(2, '0')}`;

  it('lists every duplicate and every error in JSON and CSV', () => {
    const run = runCli(['reconcile', a, b, '--format', 'json']);
    const json = JSON.parse(run.stdout) as { duplicates: { file: string; line: number; duplicateOf: string }[]; errors: { file: string; line: number }[]; exclusions: { reason: string; rows: number; amount: string }[] };
    expect(json.duplicates).toEqual(good.map((r) => ({ file: b, line: r.line, duplicateOf: `${a}:${r.line}` })));
    expect(json.exclusions).toEqual([{ reason: 'duplicate', rows: 1205, amount: pounds(duplicateAmount) }]);
    expect(json.errors.map((e) => `${e.file}:${e.line}`)).toEqual([a, b].flatMap((f) => Array.from({ length: 1001 }, (_, i) => `${f}:${i + 1207}`)));

    const csv = runCli(['reconcile', a, b, '--format', 'csv']).stdout.split('\r\n');
    expect(csv.filter((l) => l.startsWith('duplicate,'))).toEqual(good.map((r) => `duplicate,,,,,duplicate,1,,${b}:${r.line} repeats ${a}:${r.line}`));
    expect(csv.filter((l) => l.startsWith('error,'))).toHaveLength(2002);
    expect(csv.at(-1)).toBe('');
  });

  it('rows --reason duplicate lists every duplicate with its amount in JSON and CSV, the first 1000 in a table', () => {
    const args = ['rows', a, b, '--reason', 'duplicate'];
    const json = JSON.parse(runCli([...args, '--format', 'json']).stdout) as { rows: { file: string; line: number; amount: string; duplicateOf: string }[]; total: { rows: number; amount: string } };
    expect(json.rows.map((r) => [r.file, r.line, r.amount, r.duplicateOf])).toEqual(good.map((r) => [b, r.line, pounds(r.pence), `${a}:${r.line}`]));
    expect(json.total).toEqual({ rows: 1205, amount: pounds(duplicateAmount), amountUnreadable: 0 });
    const csv = runCli([...args, '--format', 'csv']).stdout.split('\r\n');
    expect(csv.filter((l) => l.startsWith('row,'))).toHaveLength(1205);
    expect(csv).toContain(`total,,,,,,,,,1205,${pounds(duplicateAmount)},,,,,,,,,,,`);
    const table = runCli(args).stdout;
    expect(table).toContain(`${b}:1001 `);
    expect(table).not.toContain(`${b}:1002 `);
    expect(table).toContain('The first 1000 of 1205 are listed here; the JSON and CSV formats list them all.');
    expect(table).toContain(`1205 rows matched, £${Number(duplicateAmount / 100n).toLocaleString('en-GB')}.${(duplicateAmount % 100n).toString().padStart(2, '0')} in all.`);
  });

  it('validate prints the first 1000 rows in error with their lines, and counts the rest', () => {
    const out = runCli(['validate', a, b]).stdout;
    expect(out.split('\n').filter((l) => l.startsWith('  | '))).toHaveLength(1000);
    expect(out).toContain(`${a}:2206: error[bad-date]`);
    expect(out).not.toContain(`${a}:2207: error[bad-date]`);
    expect(out).toContain('… and 1002 more rows in error; --format json or csv lists them all');
  });

  it('lists the first 1000 of each in a table, Markdown or HTML, and says where the rest are', () => {
    for (const format of ['table', 'md', 'html']) {
      const out = runCli(['reconcile', a, b, '--format', format]).stdout;
      expect(out, format).toContain('Rows in error (2002)');
      expect(out, format).toContain('The first 1000 of 2002 are listed here; the JSON and CSV formats list them all.');
      expect(out, format).toContain('Duplicates (1205)');
      expect(out, format).toContain('The first 1000 of 1205 are listed here; the JSON and CSV formats list them all.');
      // Errors in file order (a.csv's first 1000), duplicates in the order found (b.csv:2 to b.csv:1001, each naming a.csv).
      expect(out, format).toContain(`${a}:2206`);
      expect(out, format).not.toContain(`${a}:2207`);
      expect(out, format).toContain(`${b}:1001`);
      expect(out, format).not.toContain(`${b}:1002`);
      expect(out.split(`${b}:`).length - 1, format).toBe(1000);
      expect(out.split(`${a}:`).length - 1, format).toBe(1000 + 1000);
    }
  });
});

describe('a reader that stops early (| head)', () => {
  it('ends quietly with the exit code the run would have had, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-pipe-'));
    const rows = Array.from({ length: 4000 }, (_, i) => `${5200000 + i},1,15/04/2022,SMH001,531000,1.00`);
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, ['Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount', ...rows, ''].join('\n'));
    copyFileSync(a, b);
    // 4,000 duplicates make about 400 KB of JSON, past any pipe's buffer; the reader takes the first piece and goes.
    for (const [args, code] of [
      [['reconcile', a, b, '--format', 'json'], 0],
      [['check', a, join(ROOT, 'fixtures/errors/bad-date.csv'), b, '--format', 'json'], 1],
    ] as const) {
      const child = spawn(process.execPath, [resolve(ROOT, 'bin/grant-recon.js'), ...args], { env: { PATH: process.env.PATH, NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const exit = await new Promise<number | null>((done) => child.on('close', done));
      expect(stderr, args[0]).not.toMatch(/EPIPE|at .*\(node:|internal error/);
      expect(exit, args[0]).toBe(code);
    }
  });

  it('--help and --version to a reader that has gone end quietly too, with 0', async () => {
    for (const args of [['rows', '--help'], ['--help'], ['--version']]) {
      const child = spawn(process.execPath, [resolve(ROOT, 'bin/grant-recon.js'), ...args], { env: { PATH: process.env.PATH, NO_COLOR: '1' } });
      // The reader is gone before the first byte is written (`| true`).
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exit = await new Promise<number | null>((done) => child.on('close', done));
      expect(stderr, args.join(' ')).toBe('');
      expect(exit, args.join(' ')).toBe(0);
    }
  });
});
