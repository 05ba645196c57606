/**
 * Outputs must not harm their reader. CSV cells that a spreadsheet would run as a formula (starting =, +, -, @, tab
 * or CR, and not a number) are neutralised; Markdown tables keep their rows whole whatever a value holds; JUnit XML
 * stays well-formed with <, &, " and control characters in file names and messages; GitHub annotations cannot be
 * forged from a file name; no format writes a control character raw. The hostile text arrives the ways it can: as
 * file names (which reports quote) and as cell values (which messages quote).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingWritten } from '../support/everything-written.js';
import { expectNoCrash } from '../support/report-invariants.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { mapLimit, runCliAsync, type AsyncCliRun } from '../support/run-cli-async.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-hostile-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (f: string): string => path.join(ROOT, 'fixtures', f);
/** Copies a fixture into the test folder under a hostile name; runs use the folder as cwd, so reports quote the name. */
function copy(from: string, name: string): string {
  copyFileSync(fixture(from), path.join(dir, name));
  return name;
}
function write(name: string, content: string): string {
  writeFileSync(path.join(dir, name), content);
  return name;
}
/** Runs in the test folder, failing on a crash. */
async function run(args: readonly string[], env: Record<string, string> = {}): Promise<AsyncCliRun> {
  const r = await runCliAsync(args, { cwd: dir, env, timeoutMs: 30_000 });
  expectNoCrash(r, args.join(' '));
  return r;
}

const GL_HEADER = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Description,Net Amount';

/** Cells a spreadsheet would run, in every column a message can quote or a fold can read. */
const FORMULA_CELLS = [
  GL_HEADER,
  'D1,1,12/05/2022,SMH001,531100,plain,10.00',
  `D1,1,12/05/2022,"=cmd|' /C calc'!A0",531100,@SUM(1+1),10.00`,
  'D2,1,-1+1,SMH001,531100,x,10.00',
  'D3,1,12/05/2022,SMH001,531100,x,+1',
  'D4,1,12/05/2022,SMH001,=1+1,x,1.00',
  'D5,1,12/05/2022,@x,531100,x,-1+1',
  'D6,1,@SUM(1+1),SMH001,531100,x,"=HYPERLINK(""http://evil.example/"",""x"")"',
  'D7,"=1+1",12/05/2022,SMH001,531100,x,"\t-2"',
  'D8,1,12/05/2022,SMH001,531100,x,"\r=1"',
  // A credit: June's comms go negative, and a negative amount is a number, not a formula.
  'D9,1,12/06/2022,SMH001,551000,credit,-250.00',
  '',
].join('\r\n');

// File names a spreadsheet would run. The ones with rows in error reach the CSV `error` details, the duplicates
// the `duplicate` details, every one the `input` rows.
const FORMULA_NAMES = {
  hyperlink: '=HYPERLINK("http:evil","x").csv',
  sum: '@SUM(1+1).csv',
  plus: '+1.csv',
  minus: '-1+1.csv',
  tab: '\tTAB.csv',
  cr: '\rCR.csv',
  payroll: '=payroll.csv',
};
const PREVIOUS = '=prev.json';

beforeAll(async () => {
  copy('errors/bad-amount.csv', FORMULA_NAMES.hyperlink);
  copy('errors/conflicting-duplicate.csv', FORMULA_NAMES.sum);
  copy('sample/gl/gl-2022-04.csv', FORMULA_NAMES.plus);
  // The same rows again in a later file: every row a duplicate, each naming the row it repeats.
  copy('sample/gl/gl-2022-04.csv', FORMULA_NAMES.minus);
  copy('errors/bad-date.csv', FORMULA_NAMES.tab);
  copy('errors/bad-period.csv', FORMULA_NAMES.cr);
  copy('payroll/errors/bad-amount.csv', FORMULA_NAMES.payroll);
  write('cells.csv', FORMULA_CELLS);
  // An earlier claim under a formula name, for the `previous` section of a claim CSV.
  const q1 = await run(['claim', '--year', '2022/23', '--quarter', 'Q1', '-o', PREVIOUS, '--', FORMULA_NAMES.plus]);
  expect(q1.code, q1.stderr).toBe(0);
});

const ALL = [...Object.values(FORMULA_NAMES), 'cells.csv'];

/** A cell a spreadsheet would run: it starts with =, +, -, @, tab or CR and is not a number. */
const runsAsFormula = (cell: string): boolean => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);

describe('CSV output neutralises formulas', () => {
  const commands: Record<string, string[]> = {
    validate: ['validate', '--format', 'csv'],
    reconcile: ['reconcile', '--format', 'csv'],
    claim: ['claim', '--year', '2022/23', '--quarter', 'Q2', '--previous', PREVIOUS, '--format', 'csv'],
    check: ['check', '--format', 'csv'],
  };
  const outputs = new Map<string, string[][]>();

  beforeAll(async () => {
    const names = Object.keys(commands);
    const runs = await mapLimit(names, 2, (name) => run([...(commands[name] as string[]), '--', ...ALL]));
    runs.forEach((r, i) => {
      const name = names[i] as string;
      expect(r.code, `${name}: rows are in error, the report is still written\n${r.stderr}`).toBe(1);
      expect(r.stdout.endsWith('\r\n'), name).toBe(true);
      outputs.set(name, parse(r.stdout, { relax_column_count: false }));
    });
  }, 60_000);

  it.each(['validate', 'reconcile', 'claim', 'check'])('no cell of %s --format csv would run as a formula', (name) => {
    const rows = outputs.get(name) ?? [];
    expect(rows[0]).toEqual(['section', 'year', 'period', 'month', 'category', 'item', 'rows', 'amount', 'detail']);
    const offending = rows.flatMap((row, r) => row.filter(runsAsFormula).map((cell) => `row ${r + 1}: ${JSON.stringify(cell)}`));
    expect(offending).toEqual([]);
  });

  it('the hostile names and values did reach the CSV, each behind an apostrophe', () => {
    const cells = (name: string): string[] => (outputs.get(name) ?? []).flat();
    const reconcile = cells('reconcile');
    for (const name of Object.values(FORMULA_NAMES)) expect(reconcile, `input row for ${JSON.stringify(name)}`).toContain(`'${name}`);
    // Error details start with the file name; duplicate details too.
    expect(reconcile.some((c) => c.startsWith(`'${FORMULA_NAMES.hyperlink}:`))).toBe(true);
    expect(reconcile.some((c) => c.startsWith(`'${FORMULA_NAMES.tab}:`))).toBe(true);
    expect(reconcile.some((c) => c.startsWith(`'${FORMULA_NAMES.cr}:`))).toBe(true);
    expect(reconcile.some((c) => c.startsWith(`'${FORMULA_NAMES.minus}:2 repeats `))).toBe(true);
    expect(cells('validate').some((c) => c.startsWith(`'${FORMULA_NAMES.sum}:`))).toBe(true);
    expect(cells('claim').some((c) => c.startsWith(`'${PREVIOUS} sha256:`))).toBe(true);
  });

  it('a number stays a number: negative amounts are not given an apostrophe', () => {
    const amounts = (outputs.get('reconcile') ?? []).map((row) => row[7] ?? '').filter((a) => a !== '' && a !== 'amount');
    expect(amounts.every((a) => /^-?\d+\.\d\d$/.test(a)), amounts.filter((a) => !/^-?\d+\.\d\d$/.test(a)).join(', ')).toBe(true);
    expect(amounts.some((a) => a.startsWith('-'))).toBe(true);
  });
});

/**
 * Problems with the pipe tables of a Markdown document, read as GFM reads it: lines end at LF, CR or CRLF; a `|`
 * after a backslash is text, a backslash escapes the character after it; a table runs until a blank line, and every
 * line of it must have as many cell separators as its header.
 */
function brokenTableRows(markdown: string): string[] {
  const separators = (line: string): number => {
    let n = 0;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '\\') i++;
      else if (line[i] === '|') n++;
    }
    return n;
  };
  const problems: string[] = [];
  let header: number | undefined;
  for (const line of markdown.split(/\r\n|\n|\r/)) {
    if (header === undefined) {
      if (line.startsWith('|')) header = separators(line);
      continue;
    }
    if (line.trim() === '') {
      header = undefined;
      continue;
    }
    const n = separators(line);
    if (!line.startsWith('|') || n !== header) problems.push(`${n} separators, header has ${header}: ${JSON.stringify(line)}`);
  }
  return problems;
}

describe('Markdown output keeps table rows whole', () => {
  beforeAll(() => {
    copy('errors/bad-amount.csv', 'a|b.csv');
    write('back\\slash|pipe.csv', `${GL_HEADER}\nD1,1,12/05/2022,SMH001,531100,x,"1\\|2"\nD2,1,"x|y",SMH001,531100,x,1.00\nD3,1,12/05/2022,SMH001,531100,x,"*_[x](y)<b>#"\n`);
    copyFileSync(path.join(dir, PREVIOUS), path.join(dir, 'p|rev.json'));
    copy('errors/bad-date.csv', 'cr\rname.csv');
  });
  const PIPED = ['a|b.csv', 'back\\slash|pipe.csv', 'cells.csv'];

  it.each([
    ['validate', ['validate', '--format', 'md']],
    ['reconcile', ['reconcile', '--format', 'md']],
    ['claim', ['claim', '--year', '2022/23', '--quarter', 'Q2', '--previous', 'p|rev.json', '--format', 'md']],
    ['check', ['check', '--format', 'md']],
  ])('%s --format md escapes | (and the backslash before it) in file names and messages', async (_name, args) => {
    const r = await run([...args, '--', ...PIPED]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('a\\|b.csv');
    expect(brokenTableRows(r.stdout)).toEqual([]);
  });

  // A lone CR ends a line in CommonMark: inside a cell it must become a space.
  it('a carriage return in a file name does not split a table row', async () => {
    const r = await run(['validate', '--format', 'md', '--', 'cr\rname.csv']);
    expect(r.code).toBe(1);
    expect(brokenTableRows(r.stdout)).toEqual([]);
  });
});

describe('GitHub annotations and step summary', () => {
  const forged = 'x\n::error::forged,a:b.csv';
  beforeAll(() => {
    copy('errors/bad-date.csv', forged);
  });

  it('a file name with a line break cannot forge an annotation; : and , are escaped in properties', async () => {
    const summary = path.join(dir, 'summary-1.md');
    const r = await run(['check', '--format', 'github', '--', forged, 'cells.csv', 'a|b.csv'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('::error::forged'))).toEqual([]);
    expect(lines).toContain(
      '::error file=x%0A%3A%3Aerror%3A%3Aforged%2Ca%3Ab.csv,line=4,title=grant-recon check errors::bad-date: Posting Date: date "31/02/2023" does not exist (February 2023 has 28 days) (hint: no calendar has this day: correct the date in the ledger, then export again)',
    );
    for (const l of lines.filter((x) => x !== '')) expect(l, 'every line is an annotation or the summary line').toMatch(/^(::(error|warning) (file=[^:]*,)?title=grant-recon check [a-z-]+::|grant-recon check: )/);
    expect(brokenTableRows(readFileSync(summary, 'utf8'))).toEqual([]);
  });

  // In the step summary a backslash is escaped too, so that `\|` cannot turn into a column separator.
  it('the step summary keeps its rows whole when a value holds a backslash before a |', async () => {
    const summary = path.join(dir, 'summary-2.md');
    const r = await run(['check', '--format', 'github', '--', 'back\\slash|pipe.csv'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    expect(brokenTableRows(readFileSync(summary, 'utf8'))).toEqual([]);
  });
});

describe('JUnit XML output stays well-formed', () => {
  const schema = readFileSync(path.join(ROOT, 'test/support/junit.xsd'), 'utf8');
  beforeAll(() => {
    copy('errors/bad-amount.csv', `<a&b>"q'.csv`);
    copy('errors/bad-date.csv', 'ctrl\u0001\u001b\u007f\t.csv');
    write('xml-cells.csv', `${GL_HEADER}\nD1,1,12/05/2022,SMH001,531100,x,"<&>""\u0001\u001b\uFFFE]]>"\nD2,1,"</testcase>&amp;",SMH001,531100,x,1.00\n`);
  });
  const FILES = [`<a&b>"q'.csv`, 'ctrl\u0001\u001b\u007f\t.csv', 'xml-cells.csv', FORMULA_NAMES.hyperlink];

  it.each([
    ['failures', []],
    ['warnings in system-out', ['--fail-on', 'conflicts']],
  ])('with <, &, ", control characters and ]]> in file names and messages (%s)', async (_name, extra) => {
    const r = await run(['check', '--format', 'junit', ...extra, '--', ...FILES]);
    expect([0, 1]).toContain(r.code);
    const result = await validateXML({ xml: [{ fileName: 'check.xml', contents: r.stdout }], schema: [schema] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(r.stdout).toContain('name="&lt;a&amp;b&gt;&quot;q\'.csv"');
  });
});

describe('terminal output', () => {
  beforeAll(() => {
    write('escapes.csv', `${GL_HEADER}\nD1,1,"\u001b]0;owned\u0007\u001b[2J",SMH001,531100,x,1.00\nD2,1,12/05/2022,SMH001,531100,x,"\u001b[31m1"\n`);
  });

  // Control characters from an export are shown as \xHH, never written to a terminal.
  it('carries no terminal control characters from the input to stdout or stderr', async () => {
    const r = await run(['reconcile', 'escapes.csv']);
    expect(r.code).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/[\u0007\u001b\u009b]/);
  });
});

describe('HTML output', () => {
  const HOSTILE_NAME = `<img src=x onerror="alert(1)">&'.csv`;
  beforeAll(() => {
    copy('errors/bad-amount.csv', HOSTILE_NAME);
    write('html-cells.csv', `${GL_HEADER}\nD1,1,12/05/2022,SMH001,531100,x,"<script>alert(1)</script>"\nD2,1,"</table><a href=//evil>",SMH001,531100,x,1.00\nD3,1,12/05/2022,SMH001,531100,x,"\u001b[31m1"\n`);
  });

  it.each([
    ['validate', ['validate', '--format', 'html']],
    ['reconcile', ['reconcile', '--format', 'html']],
    ['claim', ['claim', '--year', '2022/23', '--quarter', 'Q2', '--format', 'html']],
    ['check', ['check', '--format', 'html']],
    ['rows', ['rows', '--format', 'html']],
  ])('%s --format html writes file names and quoted cells as text, never as markup', async (_name, args) => {
    const r = await run([...args, '--', HOSTILE_NAME, 'html-cells.csv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;.csv');
    expect(r.stdout).not.toMatch(/<img|<script|<a |onerror="/);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    // Only the page's own elements appear: no markup from an export slipped through.
    const tags = new Set([...r.stdout.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(
      ['body', 'circle', 'defs', 'desc', 'figcaption', 'figure', 'g', 'h1', 'h2', 'head', 'html', 'li', 'line', 'main', 'meta', 'p', 'path', 'pattern', 'rect', 'section', 'style', 'svg', 'table', 'tbody', 'td', 'text', 'th', 'thead', 'title', 'tr', 'ul']
        .filter((t) => tags.has(t))
        .sort(),
    );
  });
});

/**
 * Control characters reach outputs the ways hostile text can: in a file name (which every report quotes), in a cell
 * (which a row error's message quotes), in a configured name and in a sample's header. In every format of every
 * command, none may be written raw, to stdout, to stderr or to the -o file: ESC and BEL, every other C0 control
 * but the NUL (which no path or cell can hold) and the tab and line endings (each format's own structure), DEL,
 * and the C1 controls U+0080–U+009F. Each must still be there to see, as `\xHH` (or `\u00HH` in JSON).
 */
describe('control characters, in every format of every command', () => {
  const C0 = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).filter((c) => !'\t\n\r'.includes(c));
  const C1 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i));
  const CONTROLS = [...C0, '\u007f', ...C1].join('');
  // eslint-disable-next-line no-control-regex
  const RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
  const NAME = `ctl${CONTROLS}.csv`;
  const CLAIMS = 'claims-ctl';
  const CONFIG = 'ctl.config.json';
  const SAMPLE = `sample${CONTROLS}.csv`;

  beforeAll(async () => {
    // A cell of every control, in a date the row error quotes (truncated, as messages truncate a long cell).
    write(NAME, `${GL_HEADER}\nD1,1,12/05/2022,SMH001,531100,ok,10.00\nD2,1,"${CONTROLS}",SMH001,531100,x,1.00\nD3,1,"\u001b]0;owned\u0007\u009b2J\u007f",SMH001,531100,x,1.00\n`);
    write(CONFIG, JSON.stringify({ grant: { name: `Hub ${CONTROLS}`, recipient: `MPS\u001b[2J\u009b31m` } }));
    write(SAMPLE, `Doc${CONTROLS},Line,Date,Centre,Account,Amount\nD1,1,12/05/2022,SMH001,531100,10.00\n`);
    mkdirSync(path.join(dir, CLAIMS));
    const q1 = await run(['claim', '--year', '2022/23', '--quarter', 'Q1', '--config', CONFIG, '-o', path.join(CLAIMS, `q1${CONTROLS}.json`), '--', NAME]);
    expect(q1.code, q1.stderr).toBe(1);
    write(path.join(CLAIMS, `broken${CONTROLS}.json`), '{');
  });

  /** Fails on any raw control, naming where it is; and checks that the hostile text did arrive, made visible. */
  function expectShownNotWritten(text: string, what: string): void {
    const raw = [...text.matchAll(RAW)].map((m) => `U+${(m[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}`);
    expect(raw.slice(0, 5), what).toEqual([]);
    expect(/\\x1b|\\u001b/.test(text), `${what}: ESC shown`).toBe(true);
    expect(/\\x9b|\\u009b/.test(text), `${what}: U+009B shown`).toBe(true);
  }

  const FORMATS = ['table', 'json', 'csv', 'md', 'html'];
  const cases: [string, string[], string[]][] = [
    ['validate', ['validate', NAME], FORMATS],
    ['reconcile', ['reconcile', NAME, '--config', CONFIG], FORMATS],
    ['claim', ['claim', NAME, '--year', '2022/23', '--quarter', 'Q1', '--config', CONFIG], FORMATS],
    ['check', ['check', NAME, '--config', CONFIG], [...FORMATS, 'junit', 'github', 'sarif']],
    ['rows', ['rows', NAME], FORMATS],
    ['claims list', ['claims', 'list', CLAIMS, '--config', CONFIG], FORMATS],
  ];
  const runs = cases.flatMap(([name, args, formats]) => formats.map((format) => [`${name} --format ${format}`, [...args, '--format', format]] as const));

  it.each(runs)('%s: stdout, stderr and the -o file', (what, args) => {
    const summary = path.join(dir, `summary-${what.replace(/\W+/g, '-')}.md`);
    const { codes, files, everything } = everythingWritten(args, { color: false, cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    for (const code of codes) expect([0, 1], what).toContain(code);
    expect(files, what).toBe(1);
    expectShownNotWritten(everything, what);
    if (what.endsWith('github')) expectShownNotWritten(readFileSync(summary, 'utf8'), `${what}: the job summary`);
  });

  it('config show', () => {
    const r = runCli(['config', 'show', '--config', CONFIG], {}, dir);
    expect(r.code, r.stderr).toBe(0);
    expectShownNotWritten(r.stdout + r.stderr, 'config show');
    expect((JSON.parse(r.stdout) as { grant: { name: string } }).grant.name, 'JSON escapes keep the value itself').toBe(`Hub ${CONTROLS}`);
  });

  it('init: the configuration written and the columns it names on stderr', () => {
    const out = path.join(dir, 'init.config.json');
    const r = runCli(['init', SAMPLE, '-o', out], {}, dir);
    expect([0, 1], r.stderr).toContain(r.code);
    expectShownNotWritten(readFileSync(out, 'utf8'), 'init: the configuration');
    expectShownNotWritten(r.stderr, 'init: stderr');
  });

  it('claim --format xlsx: every part of the workbook', async () => {
    const out = path.join(dir, 'claim-ctl.xlsx');
    const r = runCli(['claim', NAME, '--year', '2022/23', '--quarter', 'Q1', '--config', CONFIG, '-o', out], {}, dir);
    expect(r.code, r.stderr).toBe(1);
    expectShownNotWritten(r.stderr, 'claim xlsx: stderr');
    const zip = await JSZip.loadAsync(readFileSync(out));
    const parts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map(async (f) => [f.name, await f.async('string')] as const));
    for (const [name, text] of parts) expect([...text.matchAll(RAW)].length, `${name} holds no raw control`).toBe(0);
    expectShownNotWritten(parts.map(([, text]) => text).join('\n'), 'claim xlsx');
  });
});
