import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { observe } from '../support/observe.js';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import type { FileTally } from '../../src/core/fold/ledger.js';
import { readLedger, type ReadResult } from '../../src/ingest/read-ledger.js';
import { UnusableFileError } from '../../src/ingest/unusable-file.js';

const CATEGORIES = PCD_1215_CATEGORIES.map((c) => c.id);

const repoRoot = path.resolve(import.meta.dirname, '../..');
const errorsDir = path.join(repoRoot, 'fixtures', 'errors');
const messyDir = path.join(repoRoot, 'fixtures', 'messy');
const sampleDir = path.join(repoRoot, 'fixtures', 'sample', 'gl');
// The shared corpus sits beside the repository clone (`<clone>/../shared`), in CI as on a workstation.
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.warn(`read-ledger.test.ts: corpus tests SKIPPED: ${corpus} does not exist (put shared/ beside the clone)`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-read-ledger-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileCount = 0;

/** Writes `content` to a new temp file and returns its path. */
function tempFile(content: string | Buffer): string {
  const file = path.join(tmp, `gl-${++fileCount}.csv`);
  writeFileSync(file, content);
  return file;
}

const read = (paths: readonly string[]): Promise<ReadResult> => readLedger(paths, PCD_1215);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The fold's control-total identity: every readable amount ends in exactly one outcome. */
function expectIdentity(tally: FileTally): void {
  expect(tally.readTotal, `${tally.file}: readTotal = included + excluded + errors`).toBe(
    tally.included.amount + tally.excluded.amount + tally.errors.amount,
  );
}

/** The one file tally of a single-file read, with the identity checked. */
function onlyTally(result: ReadResult): FileTally {
  expect(result.refused).toEqual([]);
  expect(result.ledger.files).toHaveLength(1);
  const tally = result.ledger.files[0] as FileTally;
  expectIdentity(tally);
  return tally;
}

const errorsOf = (result: ReadResult) => [...result.ledger.errors].map((e) => [e.source.line, e.code, e.message]);

/** readLedger through observe(), failing the test unless it returns. */
async function readObserved(paths: readonly string[]): Promise<{ result: ReadResult; uncaught: string[] }> {
  const { outcome, uncaught } = await observe(() => read(paths));
  if (outcome.kind === 'error') throw outcome.error;
  if (outcome.kind === 'pending') throw new Error('readLedger never settled');
  return { result: outcome.value, uncaught: uncaught.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))) };
}

/** The hint when the closest row looks like a GL line export (3 or more of its 6 required columns). */
const GL_NEEDS =
  'a GL line export needs Document Number, Line, Posting Date, Cost Centre, Account Code, Net Amount (in any order and case); check that this is the right file, or export it again with those columns';
/** The hint when the closest row looks like a payroll export. */
const PAYROLL_NEEDS =
  'a payroll export needs Payroll Period, Employee Number, Staff Type, Cost Centre, Pay Element, Amount (in any order and case); check that this is the right file, or export it again with those columns';
/** The refusal when no row names 3 or more of the required columns of either export. */
const NO_KNOWN_HEADER = 'no header row of a known export was found in the first 50 rows';
const EVERY_EXPORT_NEEDS =
  'a GL line export needs Document Number, Line, Posting Date, Cost Centre, Account Code, Net Amount; a payroll export needs Payroll Period, Employee Number, Staff Type, Cost Centre, Pay Element, Amount (in any order and case): check that this is the right file';
/** The refusal naming the closest row, which looks like an export but lacks some of its columns. */
const closestLacks = (line: number, label: string, missing: string) =>
  `no header row of a known export was found in the first 50 rows; the closest (line ${line}) looks like a ${label} but lacks ${missing}`;

interface ExpectedFixture {
  file: string;
  errors: { line: number; code: string }[];
  refused: boolean;
  rows?: { included: number; excluded: number; errors: number };
  reason?: string;
  line?: number;
  missingColumns?: string[];
}
const expected = (JSON.parse(readFileSync(path.join(errorsDir, 'expected.json'), 'utf8')) as { files: ExpectedFixture[] }).files;

describe('readLedger over fixtures/errors (expected.json)', () => {
  it('covers every fixture file', () => {
    const onDisk = readdirSync(errorsDir).filter((f) => f.endsWith('.csv'));
    expect(expected.map((f) => f.file).sort()).toEqual(onDisk.sort());
  });

  it.each(expected.filter((f) => !f.refused).map((f) => [f.file, f] as const))('%s: each error with its code and line', async (_name, fixture) => {
    const result = await read([path.join(errorsDir, fixture.file)]);
    const tally = onlyTally(result);
    expect([...result.ledger.errors].map((e) => ({ line: e.source.line, code: e.code }))).toEqual(fixture.errors);
    expect([...result.ledger.errors].every((e) => e.source.file === path.join(errorsDir, fixture.file))).toBe(true);
    expect({ included: tally.included.rows, excluded: tally.excluded.rows, errors: tally.errors.rows }).toEqual(fixture.rows);
  });

  it('pins the message of each row error', async () => {
    const messages = async (name: string) => errorsOf(await read([path.join(errorsDir, name)]));
    expect(await messages('bad-date.csv')).toEqual([[4, 'bad-date', 'Posting Date: date "31/02/2023" does not exist (February 2023 has 28 days)']]);
    expect(await messages('bad-period.csv')).toEqual([
      [4, 'bad-period', 'Period: period "P17" is outside 1–16; P01–P12 are April to March and P13–P16 are year-end adjustments'],
    ]);
    expect(await messages('bad-amount.csv')).toEqual([
      [4, 'bad-amount', 'Net Amount: amount "1.005" has more than two decimal places; write pounds and pence, e.g. 1234.56'],
    ]);
    expect(await messages('missing-field.csv')).toEqual([[4, 'missing-field', 'required field Account Code is blank']]);
    expect(await messages('wrong-column-count.csv')).toEqual([
      [4, 'wrong-column-count', "the row has a value in column 14, beyond the header's 13 columns"],
    ]);
    expect(await messages('conflicting-duplicate.csv')).toEqual([
      [
        4,
        'conflicting-duplicate',
        `Document Number + Line 5190000601/1 was already read at ${path.join(errorsDir, 'conflicting-duplicate.csv')}:2 with different content (Net Amount 4250.00 there, 4520.00 here)`,
      ],
    ]);
    expect(await messages('control-total-mismatch.csv')).toEqual([
      [6, 'control-total-mismatch', "the export's total line states £8,179.40 but the rows above it sum to £8,279.40 (difference -£100.00)"],
    ]);
    expect(await messages('after-total.csv')).toEqual([[7, 'after-total', "an amount (912.00) stands below the export's total line"]]);
  });

  it('holds the control totals to the penny in the fixtures with totals', async () => {
    const mismatch = onlyTally(await read([path.join(errorsDir, 'control-total-mismatch.csv')]));
    expect(mismatch.controlTotal).toEqual({ line: 6, stated: 817_940n, computed: 827_940n, matches: false });
    expect(mismatch.readTotal).toBe(827_940n);
    const after = onlyTally(await read([path.join(errorsDir, 'after-total.csv')]));
    expect(after.controlTotal).toEqual({ line: 6, stated: 827_940n, computed: 827_940n, matches: true });
    expect(after.readTotal).toBe(919_140n);
    expect(after.errors).toEqual({ rows: 1, amount: 91_200n });
    // A row in error keeps its readable amount in the error tally.
    const badDate = onlyTally(await read([path.join(errorsDir, 'bad-date.csv')]));
    expect(badDate.errors).toEqual({ rows: 1, amount: 198_040n });
    const badAmount = onlyTally(await read([path.join(errorsDir, 'bad-amount.csv')]));
    expect(badAmount.errors).toEqual({ rows: 1, amount: 0n });
  });

  it('refuses unclosed-quote.csv naming line 4, where the broken record starts', async () => {
    const file = path.join(errorsDir, 'unclosed-quote.csv');
    const result = await read([file]);
    expect(result.inputs).toEqual([]);
    expect(result.refused).toHaveLength(1);
    const refusal = result.refused[0] as UnusableFileError;
    expect(refusal).toBeInstanceOf(UnusableFileError);
    expect(refusal.line).toBe(4);
    expect(refusal.message).toBe(`${file}:4: a quote opens here and never closes, so the rest of the file cannot be read reliably`);
    expect(expected.find((f) => f.file === 'unclosed-quote.csv')?.line).toBe(4);
  });

  it('refuses workbook.csv, error-page.csv and empty.csv saying what they are, with no line', async () => {
    const workbook = path.join(errorsDir, 'workbook.csv');
    const page = path.join(errorsDir, 'error-page.csv');
    const empty = path.join(errorsDir, 'empty.csv');
    const result = await read([workbook, page, empty]);
    expect(result.inputs).toEqual([]);
    expect(result.ledger.files).toEqual([]);
    expect(result.refused.map((r) => [r.message, r.line])).toEqual([
      [`${workbook}: this is an Excel workbook (.xlsx, a ZIP archive), not a CSV file`, undefined],
      [`${page}: this is an HTML page (perhaps an error page or a web report saved as .csv), not a CSV file`, undefined],
      [`${empty}: the file is empty`, undefined],
    ]);
  });

  it('refuses no-header.csv naming the missing GL columns of the closest row', async () => {
    const file = path.join(errorsDir, 'no-header.csv');
    const result = await read([file]);
    expect(result.refused).toHaveLength(1);
    const refusal = result.refused[0] as UnusableFileError;
    const fixture = expected.find((f) => f.file === 'no-header.csv');
    expect(fixture?.missingColumns).toEqual(['Cost Centre', 'Net Amount']);
    // Its header names 4 of the 6 GL columns (Document Number, Line, Posting Date, Account Code) and no payroll one.
    expect(refusal.problem).toBe(closestLacks(1, 'GL line export', 'Cost Centre, Net Amount'));
    expect(refusal.hint).toBe(GL_NEEDS);
    expect(refusal.line).toBeUndefined();
    expect(refusal.message).toBe(`${file}: ${closestLacks(1, 'GL line export', 'Cost Centre, Net Amount')}`);
  });

  it('reports a file refused part-way in `refused`, and not in `inputs`', async () => {
    // The ledger of a read with a refusal is not meaningful (ReadResult's contract): the refused file was folded up
    // to its line 4 (today a tally with 2 included rows, £6,230.40, stays in ledger.files and in the year totals).
    // Callers must not use the ledger when `refused` is non-empty: the CLI reports the refusals and ends the run.
    const file = path.join(errorsDir, 'unclosed-quote.csv');
    const result = await read([file]);
    expect(result.refused.map((r) => [r.file, r.line])).toEqual([[file, 4]]);
    expect(result.inputs).toEqual([]);
  });

  it('does not judge a later file against the rows of a refused file', async () => {
    const header = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Description,Net Amount\n';
    const row = 'D1,1,12/05/2022,SMH001,531100,Hosting,100.00\n';
    const broken = tempFile(`${header}${row}D2,1,12/05/2022,SMH001,531100,"never closed,5.00\n`);
    const good = tempFile(`${header}${row}`);
    const result = await read([broken, good]);
    expect(result.refused.map((r) => r.line)).toEqual([3]);
    expect([...result.ledger.duplicates]).toEqual([]);
    const goodTally = result.ledger.files.find((t) => t.file === good);
    expect(goodTally?.included).toEqual({ rows: 1, amount: 10_000n });
  });
});

describe('readLedger over small GL files', () => {
  it('reads report metadata lines above the header and a blank leading column, counting metadataLines', async () => {
    const file = tempFile(
      [
        'Ledger report,,,,,,',
        'Run date: 01/07/2022 09:14,,,,,,',
        ',,,,,,',
        ',Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount',
        ',D1,1,12/05/2022,SMH001,531100,100.00',
        ',D2,1,13/05/2022,SMH001,991000,50.00',
        ',D3,1,14/05/2022,SMH001,541000,"1,234.56-"',
        ',Total,,,,,"-1,084.56"',
        '',
      ].join('\r\n'),
    );
    const result = await read([file]);
    const tally = onlyTally(result);
    expect(tally).toEqual({
      file,
      profile: 'gl',
      rows: 4,
      readTotal: -108_456n,
      lines: { header: 1, metadata: 2, data: 3, total: 1, footer: 0, blank: 1, continuation: 0 },
      included: { rows: 2, amount: -113_456n },
      excluded: { rows: 2, amount: 5_000n },
      errors: { rows: 0, amount: 0n },
      amountUnreadable: 0,
      controlTotal: { line: 8, stated: -108_456n, computed: -108_456n, matches: true },
    });
    expect(result.ledger.errors).toHaveLength(0);
    expect(result.ledger.exclusions.get('ineligible-account')).toEqual({ rows: 1, amount: 5_000n });
    expect(result.ledger.exclusions.get('control-total')).toEqual({ rows: 1, amount: 0n });
    const may2022 = result.ledger.years.find((y) => y.fy === 2022)?.amounts[1];
    expect(may2022?.[CATEGORIES.indexOf('software')]).toBe(10_000n);
    expect(may2022?.[CATEGORIES.indexOf('equipment')]).toBe(-123_456n);
    expect(result.inputs).toEqual([{ tally, facts: { sha256: sha256(file), bytes: readFileSync(file).length, encoding: 'ascii', lines: 8 } }]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('gives row errors the physical line their record starts on, past multi-line cells and blank lines (%s)', async (_name, eol) => {
    const file = tempFile(
      [
        'Document Number,Line,Posting Date,Cost Centre,Account Code,Description,Net Amount',
        `D1,1,12/05/2022,SMH001,531100,"two${eol}line note",10.00`,
        '',
        'D2,1,31/02/2023,SMH001,531100,x,10.00',
        `D3,1,12/05/2022,SMH001,531100,"a${eol}b",1.005`,
        'D4,1,12/05/2022,,531100,x,3.00',
        '',
      ].join(eol),
    );
    const result = await read([file]);
    const tally = onlyTally(result);
    expect([...result.ledger.errors].map((e) => [e.source.line, e.code])).toEqual([
      [5, 'bad-date'],
      [6, 'bad-amount'],
      [8, 'missing-field'],
    ]);
    expect(tally.lines.blank).toBe(1);
    expect(tally.rows).toBe(4);
    expect(tally.included).toEqual({ rows: 1, amount: 1_000n });
    expect(tally.errors).toEqual({ rows: 3, amount: 1_300n });
  });

  it('reads a header on row 50 and refuses one on row 51 (the header is searched for in the first 50 rows)', async () => {
    const header = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\n';
    const row = 'D1,1,12/05/2022,SMH001,531100,10.00\n';
    const notes = (n: number) => Array.from({ length: n }, (_, i) => `Report note ${i + 1}\n`).join('');
    const on50 = tempFile(notes(49) + header + row);
    const tally = onlyTally(await read([on50]));
    expect(tally.lines.metadata).toBe(49);
    expect(tally.included).toEqual({ rows: 1, amount: 1_000n });

    const on51 = tempFile(notes(50) + header + row);
    // readLedger stops reading after row 50: no stream error may leak from the file left half-read.
    const { result, uncaught } = await readObserved([on51]);
    expect(uncaught).toEqual([]);
    // Rows 1-50 are the notes, which name no column of either export.
    expect(result.refused.map((r) => [r.message, r.hint, r.line])).toEqual([[`${on51}: ${NO_KNOWN_HEADER}`, EVERY_EXPORT_NEEDS, undefined]]);
    expect(result.ledger.files).toEqual([]);
  });

  it('refuses a header that names a profile column twice, at the header line', async () => {
    const file = tempFile('Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount,net amount\nD1,1,12/05/2022,SMH001,531100,1.00,2.00\n');
    const result = await read([file]);
    expect(result.refused).toHaveLength(1);
    const refusal = result.refused[0] as UnusableFileError;
    expect(refusal.line).toBe(1);
    expect(refusal.message).toBe(
      `${file}:1: the header names column Net Amount more than once (columns 6, 7), so it is unclear which to read`,
    );
    expect(refusal.hint).toBe('rename or remove the extra column and run again');
  });

  it('names the closest row when the header lacks columns, even below metadata', async () => {
    const file = tempFile('GL report\nDocument Number,Line,Posting Date,Account Code,Amount\nD1,1,12/05/2022,531100,1.00\n');
    const result = await read([file]);
    // Line 2 names 4 of the 6 GL columns; its "Amount" is 1 of the 6 payroll ones.
    expect(result.refused.map((r) => [r.problem, r.hint, r.line])).toEqual([[closestLacks(2, 'GL line export', 'Cost Centre, Net Amount'), GL_NEEDS, undefined]]);
  });

  it('refuses a file that holds no rows, and one of blank lines only', async () => {
    const bomOnly = tempFile(Buffer.from([0xef, 0xbb, 0xbf]));
    const blanks = tempFile('\r\n,,,\r\n\r\n');
    const result = await read([bomOnly, blanks]);
    expect(result.refused.map((r) => [r.message, r.hint, r.line])).toEqual([
      [`${bomOnly}: the file holds no rows`, 'export the ledger again', undefined],
      [`${blanks}: ${NO_KNOWN_HEADER}`, EVERY_EXPORT_NEEDS, undefined],
    ]);
  });

  it('refuses an unrelated CSV, whose header names no column of either export, saying what each export needs', async () => {
    const file = tempFile('Body Name,Paid Date,Trans No,Value,Supplier Name\nOxford City Council,01/04/2014,T1,1500,Acme\n');
    const result = await read([file]);
    expect(result.refused.map((r) => [r.message, r.problem, r.hint, r.line])).toEqual([
      [`${file}: ${NO_KNOWN_HEADER}`, NO_KNOWN_HEADER, EVERY_EXPORT_NEEDS, undefined],
    ]);
  });

  it('names the closest row only when it has at least half (3 of 6) of the required columns of an export', async () => {
    const refusalOf = async (content: string) => {
      const result = await read([tempFile(content)]);
      expect(result.refused).toHaveLength(1);
      const refusal = result.refused[0] as UnusableFileError;
      return [refusal.problem, refusal.hint, refusal.line];
    };
    // 3 of 6 GL columns.
    expect(await refusalOf('Document Number,Line,Posting Date\nD1,1,12/05/2022\n')).toEqual([
      closestLacks(1, 'GL line export', 'Cost Centre, Account Code, Net Amount'),
      GL_NEEDS,
      undefined,
    ]);
    // 2 of 6 GL columns (Description is optional), 0 payroll ones.
    expect(await refusalOf('Document Number,Line,Description\nD1,1,Hosting\n')).toEqual([NO_KNOWN_HEADER, EVERY_EXPORT_NEEDS, undefined]);
    // 3 of 6 payroll columns.
    expect(await refusalOf('Payroll Period,Employee Number,Amount\n2022-05,E1,100.00\n')).toEqual([
      closestLacks(1, 'payroll export', 'Staff Type, Cost Centre, Pay Element'),
      PAYROLL_NEEDS,
      undefined,
    ]);
    // 2 of 6 payroll columns (Employee Name and Grade are optional).
    expect(await refusalOf('Employee Number,Employee Name,Grade,Amount\nE1,A N Other,PS3,100.00\n')).toEqual([
      NO_KNOWN_HEADER,
      EVERY_EXPORT_NEEDS,
      undefined,
    ]);
  });

  it('names a closest row that looks like a payroll export, below a metadata line', async () => {
    const file = tempFile('Payroll report May 2022\nPayroll Period,Employee Number,Staff Type,Amount\n2022-05,E1,Police Staff,100.00\n');
    const result = await read([file]);
    expect(result.refused.map((r) => [r.message, r.hint, r.line])).toEqual([
      [`${file}: ${closestLacks(2, 'payroll export', 'Cost Centre, Pay Element')}`, PAYROLL_NEEDS, undefined],
    ]);
  });

  it('gives a row that ties between the two exports to the GL line export', async () => {
    // Document Number, Line, Cost Centre: 3 GL columns; Cost Centre, Payroll Period, Employee Number: 3 payroll ones.
    const file = tempFile('Document Number,Line,Cost Centre,Payroll Period,Employee Number\nD1,1,SMH001,2022-05,E1\n');
    const result = await read([file]);
    expect(result.refused.map((r) => [r.problem, r.hint])).toEqual([
      [closestLacks(1, 'GL line export', 'Posting Date, Account Code, Net Amount'), GL_NEEDS],
    ]);
  });

  it('names the row missing the fewest columns, and the earlier of two rows that tie', async () => {
    const fewest = tempFile('Document Number,Line,Posting Date\nDocument Number,Line,Posting Date,Account Code\nD1,1,12/05/2022,531100\n');
    const tie = tempFile('Document Number,Line,Posting Date\nDocument Number,Line,Account Code\nD1,1,12/05/2022\n');
    const result = await read([fewest, tie]);
    expect(result.refused.map((r) => r.problem)).toEqual([
      closestLacks(2, 'GL line export', 'Cost Centre, Net Amount'),
      closestLacks(1, 'GL line export', 'Cost Centre, Account Code, Net Amount'),
    ]);
  });

  // Between rows, the earlier of two equally close rows is named (inside one row, a tie goes to the GL profile).
  it('names the earlier of two equally close header rows, whatever their profiles', async () => {
    const file = tempFile('Payroll Period,Employee Number,Staff Type\nDocument Number,Line,Posting Date\n');
    const result = await read([file]);
    expect(result.refused.map((r) => r.problem)).toEqual([closestLacks(1, 'payroll export', 'Cost Centre, Pay Element, Amount')]);
  });

  it('says what each export needs, naming no closest row, when a row names optional GL columns only (0 of 6 required)', async () => {
    const file = tempFile('Supplier,Description,Value\nAcme Ltd,Hosting,100.00\n');
    const result = await read([file]);
    expect(result.refused.map((r) => [r.problem, r.hint, r.line])).toEqual([[NO_KNOWN_HEADER, EVERY_EXPORT_NEEDS, undefined]]);
  });

  it('reads a header that names a descriptive column twice, reading the first', async () => {
    const file = tempFile(
      'Document Number,Line,Posting Date,Cost Centre,Account Code,Description,Net Amount,Description\nD1,1,12/05/2022,SMH001,531100,Hosting,100.00,Hosting May\n',
    );
    const result = await read([file]);
    const tally = onlyTally(result);
    expect(tally.included).toEqual({ rows: 1, amount: 10_000n });
    expect(result.ledger.errors).toHaveLength(0);
  });

  it('refuses a header that names Period twice, at the header line', async () => {
    const file = tempFile('Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Net Amount,PERIOD\nD1,1,12/05/2022,P02,SMH001,531100,1.00,P03\n');
    const result = await read([file]);
    expect(result.refused.map((r) => [r.message, r.hint])).toEqual([
      [`${file}:1: the header names column Period more than once (columns 4, 8), so it is unclear which to read`, 'rename or remove the extra column and run again'],
    ]);
  });

  it('refuses a file that mixes text encodings at the line of the bad byte, keeping nothing of it in inputs', async () => {
    const header = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Description,Net Amount\n';
    // The header is bytes 0-81; "D1,...,Café,100.00\n" 82-124 (é is 2 bytes in UTF-8 and decides UTF-8);
    // "D2,1,12/05/2022,SMH001,531100," 125-154: the Windows-1252 £ (0xA3) is byte 155, on line 3.
    const file = tempFile(
      Buffer.concat([
        Buffer.from(`${header}D1,1,12/05/2022,SMH001,531100,Café,100.00\nD2,1,12/05/2022,SMH001,531100,`, 'utf8'),
        Buffer.from([0xa3]),
        Buffer.from('5 fee,5.00\n'),
      ]),
    );
    const result = await read([file]);
    expect(result.inputs).toEqual([]);
    expect(result.refused.map((r) => [r.message, r.hint])).toEqual([
      [`${file}:3: the text is not valid UTF-8 at byte 155: the file mixes text encodings`, 're-save the export as "CSV UTF-8" and run again'],
    ]);
  });

  it('reads the other files when one is refused, keeping command-line order, and judges duplicates against earlier files', async () => {
    const header = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\n';
    const first = tempFile(`${header}D1,1,12/05/2022,SMH001,531100,100.00\nD2,1,12/05/2022,SMH001,531100,20.00\n`);
    const missing = path.join(tmp, 'missing.csv');
    const second = tempFile(`${header}D2,1,12/05/2022,smh001 ,531100,20.00\nD3,1,12/05/2022,SMH001,551000,3.00\n`);
    const result = await read([first, missing, second]);
    expect(result.refused.map((r) => r.message)).toEqual([`${missing}: no such file`]);
    expect(result.inputs.map((i) => i.tally.file)).toEqual([first, second]);
    expect(result.inputs.map((i) => i.facts.sha256)).toEqual([sha256(first), sha256(second)]);
    expect([...result.ledger.duplicates]).toEqual([{ source: { file: second, line: 2 }, duplicateOf: { file: first, line: 3 } }]);
    const [a, b] = result.ledger.files as FileTally[];
    expect(a?.included).toEqual({ rows: 2, amount: 12_000n });
    expect(b?.included).toEqual({ rows: 1, amount: 300n });
    expect(b?.excluded).toEqual({ rows: 1, amount: 2_000n });
    for (const tally of result.ledger.files) expectIdentity(tally);
  });
});

describe('readLedger over the messy and sample fixtures', () => {
  it('reads the SAP-style twin: Windows-1252, metadata lines, blank leading column, total and footer', async () => {
    const file = path.join(messyDir, 'gl-2022-06-sap.csv');
    const result = await read([file]);
    const tally = onlyTally(result);
    expect(tally).toMatchObject({
      rows: 44,
      readTotal: 24_144_501n,
      lines: { blank: 2, metadata: 4 },
      included: { rows: 41, amount: 24_134_989n },
      excluded: { rows: 3, amount: 9_512n },
      errors: { rows: 0, amount: 0n },
      controlTotal: { line: 49, stated: 24_144_501n, computed: 24_144_501n, matches: true },
    });
    expect(result.inputs[0]?.facts).toEqual({ sha256: sha256(file), bytes: 7_590, encoding: 'windows-1252', lines: 51 });
  });

  it('reads the UTF-16LE twin', async () => {
    const file = path.join(messyDir, 'gl-2022-07-utf16.csv');
    const result = await read([file]);
    expect(onlyTally(result)).toMatchObject({ rows: 39, included: { rows: 39, amount: 21_287_356n }, errors: { rows: 0, amount: 0n } });
    expect(result.inputs[0]?.facts.encoding).toBe('utf-16le');
  });

  it('holds readTotal = included + excluded + errors for every fixture file, alone and in the messy run', async () => {
    const files = [
      ...readdirSync(sampleDir).map((f) => path.join(sampleDir, f)),
      ...readdirSync(messyDir)
        .filter((f) => f.endsWith('.csv'))
        .map((f) => path.join(messyDir, f)),
      ...expected.filter((f) => !f.refused).map((f) => path.join(errorsDir, f.file)),
    ].filter((f) => f.endsWith('.csv'));
    expect(files.length).toBe(26 + 5 + 8);
    for (const file of files) onlyTally(await read([file]));
    const together = await read(files);
    expect(together.refused).toEqual([]);
    expect(together.ledger.files).toHaveLength(files.length);
    for (const tally of together.ledger.files) expectIdentity(tally);
  });
});

describe.skipIf(!haveCorpus)(`readLedger on the corpus in ${corpus} (skipped when that folder is absent)`, () => {
  const spend = (relative: string) => path.join(corpus, 'spend', relative);

  it('refuses the Oxford spend file, whose header names one payroll column (Amount) and no GL column', async () => {
    const file = spend('oxford/expenditure-over-500-apr-jun-2014.csv');
    const result = await read([file]);
    expect(result.inputs).toEqual([]);
    expect(result.refused.map((r) => [r.problem, r.hint, r.line])).toEqual([[NO_KNOWN_HEADER, EVERY_EXPORT_NEEDS, undefined]]);
  });

  it('refuses Leeds 2011-09, whose "Net amount" is 1 of the 6 GL columns, without naming a closest row', async () => {
    const result = await read([spend('leeds/2011-09.csv')]);
    expect(result.refused.map((r) => [r.problem, r.hint, r.line])).toEqual([[NO_KNOWN_HEADER, EVERY_EXPORT_NEEDS, undefined]]);
  });

  it('refuses the damaged Lambeth 2011-11 file (no GL header) without throwing', async () => {
    const result = await read([spend('lambeth/damaged/2011-11-payments.csv')]);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]).toBeInstanceOf(UnusableFileError);
    expect(result.refused[0]?.problem).toBe(NO_KNOWN_HEADER);
    expect(result.refused[0]?.hint).toBe(EVERY_EXPORT_NEEDS);
  });

  it('leaks no uncaught stream error when refusing a file with no header', async () => {
    const { result, uncaught } = await readObserved([spend('oxford/expenditure-over-500-apr-jun-2014.csv')]);
    expect(uncaught).toEqual([]);
    expect(result.refused).toHaveLength(1);
  });
});
