import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { observe } from '../support/observe.js';
import { MAX_RECORD_CHARS, lineBreaksIn, type FileFacts } from '../../src/ingest/parse-cells.js';
import { readRecords, type RawRecord } from '../../src/ingest/read-records.js';
import { UnusableFileError } from '../../src/ingest/unusable-file.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(repoRoot, 'fixtures', 'errors');
// The shared corpus sits beside the repository clone (`<clone>/../shared`), in CI as on a workstation.
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.warn(`read-records.test.ts: corpus tests SKIPPED: ${corpus} does not exist (put shared/ beside the clone)`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-read-records-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileCount = 0;

/** Writes `content` to a new temp file and returns its path. */
function tempFile(content: string | Buffer, name = `f${++fileCount}.csv`): string {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
}

const newFacts = (): FileFacts => ({ sha256: '', bytes: 0, encoding: 'ascii', lines: 0 });

/** Every record of the file, and the facts learnt. */
async function readAll(file: string): Promise<{ records: RawRecord[]; facts: FileFacts }> {
  const facts = newFacts();
  const records: RawRecord[] = [];
  for await (const record of readRecords(file, facts)) records.push(record);
  return { records, facts };
}

/** [line, cells] of every record in a temp file holding `content`. */
async function linesOf(content: string | Buffer): Promise<[number, readonly string[]][]> {
  const { records } = await readAll(tempFile(content));
  return records.map((r) => [r.line, r.cells]);
}

/** The UnusableFileError that reading the file throws, failing the test on anything else. */
async function refusal(file: string): Promise<UnusableFileError> {
  try {
    await readAll(file);
  } catch (error) {
    if (error instanceof UnusableFileError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be refused, it was read`);
}

const describeUncaught = (uncaught: unknown[]) => uncaught.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)));

describe('readRecords: physical line numbers where each record starts', () => {
  it('counts LF lines', async () => {
    expect(await linesOf('a,b\n1,2\n3,4\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
    ]);
  });

  it('counts CRLF lines', async () => {
    expect(await linesOf('a,b\r\n1,2\r\n3,4\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
    ]);
  });

  it('counts CR-only lines (old Mac exports)', async () => {
    expect(await linesOf('a,b\r1,2\r3,4\r')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
    ]);
  });

  it('reads the last record without a final newline', async () => {
    expect(await linesOf('a,b\n1,2\n3,4')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
    ]);
    expect(await linesOf('a,b\r\n1,"x\r\ny"')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\r\ny']],
    ]);
  });

  it('counts a LF inside a quoted field as a line of its own', async () => {
    expect(await linesOf('a,b\n1,"x\ny"\n3,4\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\ny']],
      [4, ['3', '4']],
    ]);
    expect(await linesOf('a,b\n"1\n2","x\n\ny"\n3,4\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1\n2', 'x\n\ny']],
      [6, ['3', '4']],
    ]);
  });

  it('counts a CRLF inside a quoted field of a CRLF file once (csv-parse counts it twice)', async () => {
    expect(await linesOf('a,b\r\n1,"x\r\ny"\r\n3,4\r\n5,"p\r\nq\r\nr"\r\n6,7\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\r\ny']],
      [4, ['3', '4']],
      [5, ['5', 'p\r\nq\r\nr']],
      [8, ['6', '7']],
    ]);
  });

  it('counts a lone LF inside a quoted field of a CRLF file, and a CR inside one of a CR-only file', async () => {
    expect(await linesOf('a,b\r\n1,"x\ny"\r\n3,4\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\ny']],
      [4, ['3', '4']],
    ]);
    expect(await linesOf('a,b\r1,"x\ry"\r3,4\r')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\ry']],
      [4, ['3', '4']],
    ]);
  });

  it('yields blank lines as records of one empty cell, keeping their lines', async () => {
    expect(await linesOf('a,b\n\n1,2\n\n\n3,4\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['']],
      [3, ['1', '2']],
      [4, ['']],
      [5, ['']],
      [6, ['3', '4']],
    ]);
    expect(await linesOf('a,b\r\n\r\n1,2\r\n\r\n3,4\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['']],
      [3, ['1', '2']],
      [4, ['']],
      [5, ['3', '4']],
    ]);
    expect(await linesOf('a,b\n  \n,\n1,2\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['  ']],
      [3, ['', '']],
      [4, ['1', '2']],
    ]);
  });

  it('keeps counting right after blank lines and multi-line fields mixed, in a CRLF file', async () => {
    expect(await linesOf('a,b\r\n\r\n1,"x\r\ny"\r\n\r\n3,4\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['']],
      [3, ['1', 'x\r\ny']],
      [5, ['']],
      [6, ['3', '4']],
    ]);
  });

  it('counts lines the same in UTF-16 and Windows-1252 files', async () => {
    const text = 'a,b\r\n1,"£\r\n2"\r\n3,4\r\n';
    const expected = [
      [1, ['a', 'b']],
      [2, ['1', '£\r\n2']],
      [4, ['3', '4']],
    ];
    expect(await linesOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual(expected);
    expect(await linesOf(Buffer.from(text, 'latin1'))).toEqual(expected);
  });

  it('splits records on CRLF, LF and CR alike, even mixed in one file', async () => {
    expect(await linesOf('a,b\r\n1,2\n3,4\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
    ]);
    expect(await linesOf('a,b\r\n1,2\n3,4\r\n5,6\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
      [4, ['5', '6']],
    ]);
    // CR, CRLF and LF in one file, and a lone CR inside a quoted field counted as a line of its own.
    expect(await linesOf('a,b\n1,2\r3,4\r\n5,"x\ry"\n6,7\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', '4']],
      [4, ['5', 'x\ry']],
      [6, ['6', '7']],
    ]);
    // A CR, CR, LF inside a quoted field: a lone CR, then a CRLF: two line breaks.
    expect(await linesOf('a,b\r\n1,"x\r\r\ny"\r\n3,4\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\r\r\ny']],
      [5, ['3', '4']],
    ]);
  });

  it('reads a CRLF cut between two read chunks (1 MiB) as one line break, not two', async () => {
    // Line 1 is 77 bytes ("a," + 73 x + CRLF); lines 2-10486 are 100 bytes each ("y," + 96 z + CRLF), so line 10486
    // ends at byte 77 + 10485 × 100 = 1,048,577: its CR is byte 1,048,575, the last of the first 1 MiB chunk.
    const bytes = Buffer.from(`a,${'x'.repeat(73)}\r\n${`y,${'z'.repeat(96)}\r\n`.repeat(10_485)}3,4\r\n`);
    expect([bytes[1024 * 1024 - 1], bytes[1024 * 1024]]).toEqual([0x0d, 0x0a]);
    const { records } = await readAll(tempFile(bytes));
    expect(records).toHaveLength(10_487);
    expect(records.every((r, i) => r.line === i + 1 && r.cells.length === 2)).toBe(true);
    expect(records.slice(-2)).toEqual([
      { line: 10_486, cells: ['y', 'z'.repeat(96)], breaks: 0 },
      { line: 10_487, cells: ['3', '4'], breaks: 0 },
    ]);
  });

  it('keeps bare quotes inside unquoted fields (relaxed quoting) and quotes after a closing quote', async () => {
    expect(await linesOf('a,b\n1,2"x\n3,x"y"z\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2"x']],
      [3, ['3', 'x"y"z']],
    ]);
    // A space after a closing quote keeps the quotes in the value (doubtful: "1,234.56" then reads as a bad amount).
    expect(await linesOf('a,b,c\n1,"1,234.56" ,x\n')).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', '"1,234.56" ', 'x']],
    ]);
  });
});

describe('lineBreaksIn', () => {
  it('counts CRLF, CR and LF once each', () => {
    expect(lineBreaksIn('1,2')).toBe(0);
    expect(lineBreaksIn('x\r\ny')).toBe(1);
    expect(lineBreaksIn('x\ny\rz\r\n')).toBe(3);
    expect(lineBreaksIn('x\n\n')).toBe(2);
    expect(lineBreaksIn('\r\r\n\n')).toBe(3);
    expect(lineBreaksIn('')).toBe(0);
  });
});

describe('readRecords: facts', () => {
  it('gives the SHA-256 and size of the file bytes and the encoding read', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n1,£2\n', 'utf8')]);
    const file = tempFile(bytes);
    const { records, facts } = await readAll(file);
    expect(records.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '£2'],
    ]);
    expect(facts).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, encoding: 'utf-8', lines: 2 });
  });

  it('hashes a file bigger than one read chunk (3 MB) exactly', async () => {
    const row = `${'x'.repeat(56)},1.00\r\n`;
    const bytes = Buffer.from(row.repeat(50_000));
    const file = tempFile(bytes);
    const { records, facts } = await readAll(file);
    expect(records).toHaveLength(50_000);
    expect(records.at(-1)).toEqual({ line: 50_000, cells: ['x'.repeat(56), '1.00'], breaks: 0 });
    expect(facts).toEqual({ sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), bytes: 3_150_000, encoding: 'ascii', lines: 50_000 });
  });

  it('reports each encoding', async () => {
    const encodingOf = async (bytes: Buffer) => (await readAll(tempFile(bytes))).facts.encoding;
    expect(await encodingOf(Buffer.from('a,b\n'))).toBe('ascii');
    expect(await encodingOf(Buffer.from('a,£\n', 'utf8'))).toBe('utf-8');
    expect(await encodingOf(Buffer.from('a,£\n', 'latin1'))).toBe('windows-1252');
    expect(await encodingOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]))).toBe('utf-16le');
    expect(await encodingOf(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a,b\n', 'utf16le').swap16()]))).toBe('utf-16be');
  });

  it('reads a Windows-1252 £ that sits 1.5 MB in, past the first read chunk', async () => {
    const head = `${'x'.repeat(94)},1.00\n`.repeat(15_000);
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from('y,\xa32.00\n', 'latin1')]);
    expect(bytes.indexOf(0xa3)).toBe(1_500_002);
    const { records, facts } = await readAll(tempFile(bytes));
    expect(records.at(-1)).toEqual({ line: 15_001, cells: ['y', '£2.00'], breaks: 0 });
    expect(facts.encoding).toBe('windows-1252');
  });
});

describe('readRecords: files that cannot be used', () => {
  it('refuses a missing file', async () => {
    const file = path.join(tmp, 'no-such.csv');
    const error = await refusal(file);
    expect(error.message).toBe(`${file}: no such file`);
    expect(error.problem).toBe('no such file');
    expect(error.hint).toBe('check the path and that the file can be read');
    expect(error.line).toBeUndefined();
    expect(error.file).toBe(file);
  });

  it('refuses a folder', async () => {
    const folder = path.join(tmp, 'exports');
    mkdirSync(folder);
    const error = await refusal(folder);
    expect(error.message).toBe(`${folder}: is a folder, not a file`);
    expect(error.hint).toBe('name the CSV files inside it, e.g. exports/*.csv');
  });

  it('refuses an empty file', async () => {
    const file = tempFile('');
    const error = await refusal(file);
    expect(error.message).toBe(`${file}: the file is empty`);
    expect(error.hint).toBe('export the ledger again');
    const fixture = path.join(fixtures, 'empty.csv');
    expect((await refusal(fixture)).message).toBe(`${fixture}: the file is empty`);
  });

  it('refuses a workbook and an HTML page saved as .csv, saying what they are', async () => {
    const workbook = path.join(fixtures, 'workbook.csv');
    expect((await refusal(workbook)).message).toBe(`${workbook}: this is an Excel workbook (.xlsx, a ZIP archive), not a CSV file`);
    const page = path.join(fixtures, 'error-page.csv');
    const error = await refusal(page);
    expect(error.message).toBe(`${page}: this is an HTML page (perhaps an error page or a web report saved as .csv), not a CSV file`);
    expect(error.hint).toBe('download the export again and check that the file opens as rows and columns');
  });

  it('yields nothing for a file holding only a byte-order mark', async () => {
    const { records, facts } = await readAll(tempFile(Buffer.from([0xef, 0xbb, 0xbf])));
    expect(records).toEqual([]);
    expect(facts.encoding).toBe('utf-8');
    expect(facts.bytes).toBe(3);
  });

  it('refuses fixtures/errors/unclosed-quote.csv at line 4, where the broken record starts, after yielding lines 1-3', async () => {
    const file = path.join(fixtures, 'unclosed-quote.csv');
    const facts = newFacts();
    const lines: number[] = [];
    const read = async () => {
      for await (const record of readRecords(file, facts)) lines.push(record.line);
    };
    await expect(read()).rejects.toThrow(UnusableFileError);
    expect(lines).toEqual([1, 2, 3]);
    const error = await refusal(file);
    expect(error.line).toBe(4);
    expect(error.message).toBe(`${file}:4: a quote opens here and never closes, so the rest of the file cannot be read reliably`);
    expect(error.hint).toBe('the export is truncated or damaged: export it again; no claim is made from part of a file');
    // Facts are only complete for a file read to its end.
    expect(facts.sha256).toBe('');
  });

  it('names the line where an unclosed quote starts after multi-line records and in CRLF and CR-only files', async () => {
    expect((await refusal(tempFile('a,b\n1,"x\ny"\n3,"z\n4,5\n'))).line).toBe(4);
    expect((await refusal(tempFile('a,b\r\n1,"x\r\ny"\r\n\r\n"z,\r\n4,5\r\n'))).line).toBe(5);
    expect((await refusal(tempFile('a,b\r1,2\r3,"x\r4,5\r'))).line).toBe(3);
  });

  it('refuses a record longer than 1M characters, naming its line', async () => {
    expect(MAX_RECORD_CHARS).toBe(1_048_576);
    const file = tempFile(`a,b\n1,2\n3,"${'x'.repeat(MAX_RECORD_CHARS + 10)}"\n5,6\n`);
    const error = await refusal(file);
    expect(error.line).toBe(3);
    expect(error.problem).toBe('a record here is longer than 1M characters, which no ledger line is');
    expect(error.message).toBe(`${file}:3: a record here is longer than 1M characters, which no ledger line is`);
    expect(error.hint).toBe('the file is damaged (perhaps a quote that never closes, or line breaks lost); export it again');
  });

  it('reads a field just under 1M characters', async () => {
    const { records } = await readAll(tempFile(`a,b\n1,${'x'.repeat(MAX_RECORD_CHARS - 10)}\n3,4\n`));
    expect(records.map((r) => [r.line, r.cells[1]?.length])).toEqual([
      [1, 1],
      [2, MAX_RECORD_CHARS - 10],
      [3, 1],
    ]);
  });

  it('refuses a record longer than 1M characters made of many short fields', async () => {
    // One line of 600,001 one-character fields: 1,200,001 characters. (The damaged Lambeth file shows the real
    // shape: line breaks lost, records run together into one many-field record.)
    const file = tempFile(`a,b\n${'1,'.repeat(600_000)}2\n3,4\n`);
    const error = await refusal(file);
    expect(error.line).toBe(2);
    expect(error.message).toBe(`${file}:2: a record here is longer than 1M characters, which no ledger line is`);
  });

  it('reads a record of many short fields just under 1M characters', async () => {
    // 2 × 524,287 characters ("1,") + "x" = 1,048,575 characters, one under the limit.
    const { records } = await readAll(tempFile(`a,b\n${'1,'.repeat(524_287)}x\n3,4\n`));
    expect(records.map((r) => [r.line, r.cells.length])).toEqual([
      [1, 2],
      [2, 524_288],
      [3, 2],
    ]);
  });

  it('reads a record of exactly 1,048,576 characters whether or not a line break (LF, CRLF or CR) follows it', async () => {
    const x = 'x'.repeat(1_048_576);
    const atEnd = await readAll(tempFile(`a,b\n${x}`));
    expect(atEnd.records.map((r) => [r.line, r.cells.length, r.cells[0]?.length])).toEqual([
      [1, 2, 1],
      [2, 1, 1_048_576],
    ]);
    for (const eol of ['\n', '\r\n', '\r']) {
      const followed = await readAll(tempFile(`a,b${eol}${x}${eol}3,4${eol}`));
      expect(
        followed.records.map((r) => [r.line, r.cells.length, r.cells[0]?.length]),
        JSON.stringify(eol),
      ).toEqual([
        [1, 2, 1],
        [2, 1, 1_048_576],
        [3, 2, 1],
      ]);
    }
  });

  it('refuses a record of 1,048,577 characters whether or not a line break follows it', async () => {
    const x = 'x'.repeat(1_048_577);
    for (const content of [`a,b\n${x}`, `a,b\n${x}\n3,4\n`, `a,b\r\n${x}\r\n3,4\r\n`, `a,b\r${x}\r3,4\r`]) {
      const file = tempFile(content);
      const error = await refusal(file);
      expect(error.message, JSON.stringify(content.slice(0, 5))).toBe(`${file}:2: a record here is longer than 1M characters, which no ledger line is`);
    }
  });

  it('counts the line breaks inside a quoted field as characters of the record, and neither the quotes nor the closing line ending', async () => {
    // 1,048,574 "x" + CRLF inside the quotes = 1,048,576 characters of the cell, then the closing LF.
    const exact = await readAll(tempFile(`a,b\n"${'x'.repeat(1_048_574)}\r\n"\n3,4\n`));
    expect(exact.records.map((r) => [r.line, r.cells.length, r.cells[0]?.length])).toEqual([
      [1, 2, 1],
      [2, 1, 1_048_576],
      [4, 2, 1],
    ]);
    // One "x" more: 1,048,577 characters.
    const file = tempFile(`a,b\n"${'x'.repeat(1_048_575)}\r\n"\n3,4\n`);
    expect((await refusal(file)).message).toBe(`${file}:2: a record here is longer than 1M characters, which no ledger line is`);
  });

  it('measures a record in characters, not bytes, however it is split into fields', async () => {
    // 600,000 "£" are 1,200,000 bytes of UTF-8 but 600,000 characters: read in one field and in two alike.
    const oneField = await readAll(tempFile(`a,b\n1,${'£'.repeat(600_000)}\n3,4\n`));
    expect(oneField.records.map((r) => [r.line, r.cells.map((c) => c.length)])).toEqual([
      [1, [1, 1]],
      [2, [1, 600_000]],
      [3, [1, 1]],
    ]);
    expect(oneField.records[1]?.cells[1]).toBe('£'.repeat(600_000));
    expect(oneField.facts.encoding).toBe('utf-8');
    const twoFields = await readAll(tempFile(`a,b\n1,${'£'.repeat(300_000)},${'£'.repeat(300_000)}\n3,4\n`));
    expect(twoFields.records.map((r) => [r.line, r.cells.map((c) => c.length)])).toEqual([
      [1, [1, 1]],
      [2, [1, 300_000, 300_000]],
      [3, [1, 1]],
    ]);
  });

  it('reads one field of exactly 1,048,576 three-byte characters (3 MiB of UTF-8), under csv-parse\'s byte backstop', async () => {
    const { records } = await readAll(tempFile(`a,b\n${'€'.repeat(1_048_576)}\n3,4\n`));
    expect(records.map((r) => [r.line, r.cells.length, r.cells[0]?.length])).toEqual([
      [1, 2, 1],
      [2, 1, 1_048_576],
      [3, 2, 1],
    ]);
    expect(records[1]?.cells[0]).toBe('€'.repeat(1_048_576));
    const file = tempFile(`a,b\n${'€'.repeat(1_048_577)}\n3,4\n`);
    expect((await refusal(file)).message).toBe(`${file}:2: a record here is longer than 1M characters, which no ledger line is`);
  });

  it('measures a UTF-16 record in characters too (1,048,576 characters are 2 MiB of UTF-16)', async () => {
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { records, facts } = await readAll(tempFile(utf16(`a,b\r\n${'x'.repeat(1_048_576)}\r\n3,4\r\n`)));
    expect(facts.encoding).toBe('utf-16le');
    expect(records.map((r) => [r.line, r.cells.length, r.cells[0]?.length])).toEqual([
      [1, 2, 1],
      [2, 1, 1_048_576],
      [3, 2, 1],
    ]);
    const file = tempFile(utf16(`a,b\r\n${'x'.repeat(1_048_577)}\r\n3,4\r\n`));
    expect((await refusal(file)).message).toBe(`${file}:2: a record here is longer than 1M characters, which no ledger line is`);
  });

  it('leaks no uncaught stream error when refusing a record longer than 1M characters', async () => {
    const file = tempFile(`a,b\n1,"${'x'.repeat(MAX_RECORD_CHARS + 10)}"\n`);
    const { outcome, uncaught } = await observe(() => readAll(file));
    expect(describeUncaught(uncaught)).toEqual([]);
    expect(outcome.kind).toBe('error');
    expect((outcome as { error: unknown }).error).toBeInstanceOf(UnusableFileError);
  });

  it('leaks no uncaught stream error when the caller stops reading early', async () => {
    const file = tempFile('a,b\n' + '1,2\n'.repeat(100));
    const { outcome, uncaught } = await observe(async () => {
      const lines: number[] = [];
      for await (const record of readRecords(file, newFacts())) {
        lines.push(record.line);
        if (lines.length === 3) break;
      }
      return lines;
    });
    expect(outcome).toEqual({ kind: 'value', value: [1, 2, 3] });
    expect(describeUncaught(uncaught)).toEqual([]);
  });

  it('leaks no uncaught stream error when the caller stops early in a file bigger than one read chunk', async () => {
    const file = tempFile(`a,b\n${`${'x'.repeat(57)},1\n`.repeat(30_000)}`);
    const { outcome, uncaught } = await observe(async () => {
      const lines: number[] = [];
      for await (const record of readRecords(file, newFacts())) {
        lines.push(record.line);
        if (lines.length === 50) break;
      }
      return lines.at(-1);
    });
    expect(outcome).toEqual({ kind: 'value', value: 50 });
    expect(describeUncaught(uncaught)).toEqual([]);
  });

  it('refuses a UTF-8 file that holds a byte that is not UTF-8 with UnusableFileError naming the line of the byte', async () => {
    // Mark 0-2, "a,b\n" 3-6, "1,2\n" 7-10, "3," 11-12: the £ (0xA3) is byte 13, on line 3.
    const file = tempFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xa3]), Buffer.from('4\n')]));
    const { outcome, uncaught } = await observe(() => readAll(file));
    expect(describeUncaught(uncaught)).toEqual([]);
    expect(outcome.kind).toBe('error');
    const error = (outcome as { error: unknown }).error as UnusableFileError;
    expect(error).toBeInstanceOf(UnusableFileError);
    expect(error.problem).toBe('the text is not valid UTF-8 at byte 13: the file mixes text encodings');
    expect(error.hint).toBe('re-save the export as "CSV UTF-8" and run again');
    expect(error.line).toBe(3);
    expect(error.message).toBe(`${file}:3: the text is not valid UTF-8 at byte 13: the file mixes text encodings`);
  });

  it('names the line of the bad byte, not of its record, past a multi-line field', async () => {
    // "a,é\r\n" 0-5, '1,"x\r\n' 6-11, 'y"\r\n' 12-15, "3," 16-17: the £ is byte 18, on line 4.
    const file = tempFile(Buffer.concat([Buffer.from('a,é\r\n1,"x\r\ny"\r\n3,', 'utf8'), Buffer.from([0xa3]), Buffer.from('4\r\n')]));
    const error = await refusal(file);
    expect([error.line, error.problem]).toEqual([4, 'the text is not valid UTF-8 at byte 18: the file mixes text encodings']);
  });

  it('names the byte and line of a bad byte in a later read chunk', async () => {
    // "a,é\n" 0-4, then 20,000 lines of 60 bytes (57 "x", ",1", LF: bytes 5 to 1,200,004, lines 2 to 20,001), "3,"
    // 1,200,005-6: the £ is byte 1,200,007, on line 20,002, in the second 1 MiB read chunk.
    const file = tempFile(Buffer.concat([Buffer.from(`a,é\n${`${'x'.repeat(57)},1\n`.repeat(20_000)}3,`, 'utf8'), Buffer.from([0xa3, 0x0a])]));
    const { outcome, uncaught } = await observe(() => readAll(file));
    expect(describeUncaught(uncaught)).toEqual([]);
    const error = (outcome as { error: unknown }).error as UnusableFileError;
    expect(error).toBeInstanceOf(UnusableFileError);
    expect(error.message).toBe(`${file}:20002: the text is not valid UTF-8 at byte 1200007: the file mixes text encodings`);
  });

  it('names the line and byte of a bad UTF-16 code unit', async () => {
    // Mark 0-1, "a,b\r\n1,2\r\n3," 2-25 (two CRLFs): the lone high surrogate D800 is bytes 26-27, on line 3.
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('a,b\r\n1,2\r\n3,', 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('x\r\n', 'utf16le'),
    ]);
    const file = tempFile(bytes);
    const { outcome, uncaught } = await observe(() => readAll(file));
    expect(describeUncaught(uncaught)).toEqual([]);
    const error = (outcome as { error: unknown }).error as UnusableFileError;
    expect(error).toBeInstanceOf(UnusableFileError);
    expect([error.line, error.problem, error.hint]).toEqual([
      3,
      'the text is not valid UTF-16LE at byte 26: the file mixes text encodings',
      're-save the export as "CSV UTF-8" and run again',
    ]);
    expect(error.message).toBe(`${file}:3: the text is not valid UTF-16LE at byte 26: the file mixes text encodings`);
  });

  it('refuses a UTF-16 file that ends in the middle of a character as perhaps cut short, naming the odd byte', async () => {
    // Mark 0-1, "a,b\r\n1,2\r\n" 2-21 (two CRLFs), then one byte: byte 22, the file's last, on line 3.
    const le = tempFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\n1,2\r\n', 'utf16le'), Buffer.from([0x33])]));
    const leError = await refusal(le);
    expect([leError.line, leError.message]).toEqual([
      3,
      `${le}:3: the text is not valid UTF-16LE at byte 22: the file ends in the middle of a character: it may be cut short`,
    ]);
    const be = tempFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a,b\r\n1,2\r\n', 'utf16le').swap16(), Buffer.from([0x00])]));
    expect((await refusal(be)).message).toBe(
      `${be}:3: the text is not valid UTF-16BE at byte 22: the file ends in the middle of a character: it may be cut short`,
    );
  });

  it('names the byte and line of a bad UTF-16 code unit in a later read chunk', async () => {
    // Mark 0-1, "a,b\r\n" 2-11 (line 1), then 10,000 lines of 62 characters (58 "x", ",1", CRLF) = 124 bytes each:
    // bytes 12 to 1,240,011, lines 2 to 10,001; "3," 1,240,012-15: the lone D800 is byte 1,240,016, on line 10,002, in
    // the second 1 MiB read chunk.
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`a,b\r\n${`${'x'.repeat(58)},1\r\n`.repeat(10_000)}3,`, 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('x\r\n', 'utf16le'),
    ]);
    expect(bytes.length).toBe(1_240_024);
    const file = tempFile(bytes);
    const { outcome, uncaught } = await observe(() => readAll(file));
    expect(describeUncaught(uncaught)).toEqual([]);
    const error = (outcome as { error: unknown }).error as UnusableFileError;
    expect(error).toBeInstanceOf(UnusableFileError);
    expect(error.message).toBe(`${file}:10002: the text is not valid UTF-16LE at byte 1240016: the file mixes text encodings`);
  });

  it('reads a UTF-16 surrogate pair cut by the end of the first read chunk', async () => {
    // Mark 0-1, "a," 2-5, 524,284 "x" 6 to 1,048,573: 😀 is D83D DE00, its high half bytes 1,048,574-5 (the last of the
    // first 1 MiB chunk), its low half 1,048,576-7.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`a,${'x'.repeat(524_284)}😀\r\n3,4\r\n`, 'utf16le')]);
    expect([bytes[1_048_574], bytes[1_048_575], bytes[1_048_576], bytes[1_048_577]]).toEqual([0x3d, 0xd8, 0x00, 0xde]);
    const { records, facts } = await readAll(tempFile(bytes));
    expect(facts.encoding).toBe('utf-16le');
    expect(records).toEqual([
      { line: 1, cells: ['a', `${'x'.repeat(524_284)}😀`], breaks: 0 },
      { line: 2, cells: ['3', '4'], breaks: 0 },
    ]);
  });

  it('reads Windows-1252 bytes 0x80-0x9F as their characters (€, “ ”, –, œ), dropping none', async () => {
    // 0x93 is the first non-ASCII byte: a UTF-8 continuation byte, so the file is Windows-1252 at once.
    const bytes = Buffer.from([
      ...Buffer.from('Supplier,Note\r\n'),
      0x93,
      ...Buffer.from('Acme'),
      0x94,
      0x2c,
      0x80,
      ...Buffer.from('5'),
      0x96,
      ...Buffer.from('6 '),
      0x9c,
      0x0d,
      0x0a,
    ]);
    const { records, facts } = await readAll(tempFile(bytes));
    expect(facts.encoding).toBe('windows-1252');
    expect(records).toEqual([
      { line: 1, cells: ['Supplier', 'Note'], breaks: 0 },
      { line: 2, cells: ['\u201cAcme\u201d', '\u20ac5\u20136 \u0153'], breaks: 0 },
    ]);
  });

  it('reads a Windows-1252 é that falls on the last byte of the first read chunk', async () => {
    // 1 MiB + 3 bytes of "x" with a LF at every offset 99 mod 100 below 1 MiB - 1 (the last at 1,048,499): lines 1 to
    // 10,485 are 99 "x"; line 10,486 is 75 "x" (1,048,500 to 1,048,574), é (0xE9, byte 1,048,575, the last of the first
    // chunk), "y", LF; then one more LF: a blank line 10,487.
    const bytes = Buffer.alloc(1024 * 1024 + 3, 'x');
    for (let i = 99; i < bytes.length; i += 100) bytes[i] = 0x0a;
    bytes[1024 * 1024 - 1] = 0xe9;
    bytes[1024 * 1024] = 0x79;
    bytes[1024 * 1024 + 1] = 0x0a;
    bytes[1024 * 1024 + 2] = 0x0a;
    const { records, facts } = await readAll(tempFile(bytes));
    expect(facts.encoding).toBe('windows-1252');
    expect(records).toHaveLength(10_487);
    expect(records[10_484]).toEqual({ line: 10_485, cells: ['x'.repeat(99)], breaks: 0 });
    expect(records.slice(-2)).toEqual([
      { line: 10_486, cells: [`${'x'.repeat(75)}éy`], breaks: 0 },
      { line: 10_487, cells: [''], breaks: 0 },
    ]);
  });
});

describe.skipIf(!haveCorpus)(`readRecords on the corpus in ${corpus} (skipped when that folder is absent)`, () => {
  const spectrum = path.join(corpus, 'csv-spectrum');
  const cases = haveCorpus ? readdirSync(path.join(spectrum, 'csvs')).map((f) => path.basename(f, '.csv')) : [];

  it('has the twelve csv-spectrum cases', () => {
    expect(cases.sort()).toEqual([
      'comma_in_quotes',
      'empty',
      'empty_crlf',
      'escaped_quotes',
      'json',
      'location_coordinates',
      'newlines',
      'newlines_crlf',
      'quotes_and_newlines',
      'simple',
      'simple_crlf',
      'utf8',
    ]);
  });

  /** The csv-spectrum file as objects keyed by its header, every row as wide as the header. */
  async function spectrumObjects(name: string): Promise<Record<string, string>[]> {
    const { records } = await readAll(path.join(spectrum, 'csvs', `${name}.csv`));
    const [header, ...rows] = records;
    if (!header) throw new Error(`${name}.csv yielded no records`);
    for (const row of rows) expect(row.cells).toHaveLength(header.cells.length);
    return rows.map((row) => Object.fromEntries(header.cells.map((h, i) => [h, row.cells[i] as string])));
  }

  it.each(cases.filter((c) => c !== 'location_coordinates'))('reads csv-spectrum %s exactly as its JSON', async (name) => {
    const expected: unknown = JSON.parse(readFileSync(path.join(spectrum, 'json', `${name}.json`), 'utf8'));
    expect(await spectrumObjects(name)).toEqual(expected);
  });

  it('reads csv-spectrum location_coordinates (bare quotes in an unquoted field); only the phone differs from the JSON, which is wrong upstream', async () => {
    // Unlike the other cases, this JSON is one object, not an array.
    const expected = JSON.parse(readFileSync(path.join(spectrum, 'json', 'location_coordinates.json'), 'utf8')) as Record<string, string>;
    expect(expected['Contact Phone Number']).toBe('1234567890');
    const actual = await spectrumObjects('location_coordinates');
    expect(actual).toHaveLength(1);
    expect(actual[0]).toEqual({ ...expected, 'Contact Phone Number': '2095257564' });
    expect(actual[0]?.['Location Coordinates']).toBe('37\ufffd36\'37.8"N 121\ufffd2\'17.9"W');
  });

  it('gives csv-spectrum multi-line records their physical lines', async () => {
    const lines = async (name: string) => (await readAll(path.join(spectrum, 'csvs', `${name}.csv`))).records.map((r) => r.line);
    expect(await lines('newlines')).toEqual([1, 2, 3, 5]);
    expect(await lines('newlines_crlf')).toEqual([1, 2, 3, 5]);
    expect(await lines('quotes_and_newlines')).toEqual([1, 2, 5]);
  });

  it('reads the damaged Lambeth 2011-11 file (CR-only, records run together at the end) without refusing it', async () => {
    // Pinned: relaxed quoting lets the stray quote through, and the lost record separators leave one 108-field
    // record on the last line. It is not refused here; readLedger refuses it for having no GL header.
    const file = path.join(corpus, 'spend', 'lambeth', 'damaged', '2011-11-payments.csv');
    const { records, facts } = await readAll(file);
    expect(records).toHaveLength(912);
    expect(records.every((r, i) => r.line === i + 1)).toBe(true);
    expect(records[0]?.cells).toEqual(['Sum of Invoice Nett Amount', '']);
    expect(records[1]?.cells).toEqual(['Supplier Name', 'Total']);
    expect(records[910]?.cells).toEqual(['Dorothea Restorations Ltd', '1000.00']);
    const last = records[911] as RawRecord;
    expect(last.line).toBe(912);
    expect(last.cells).toHaveLength(108);
    expect(last.cells.slice(0, 6)).toEqual([
      'Gerda Security Products Ltd',
      '991.00W C Evans & Sons Ltd',
      '990.00Essex Environmental Supplies Ltd.',
      '981.32Edmundson Electricals Ltd',
      '978.64Ashbourne Homes Ltd',
      ' Broome End care Centre"',
    ]);
    expect(last.cells.slice(-3)).toEqual(['504.50BSI Management Systems', '504.00Grand Total', '38293628.86']);
    expect(facts).toEqual({
      sha256: '00f352f928a3dc4bd18ef7fd9a67ba205e51f1d8d1e802c34b9980fbbc8cad3f',
      bytes: 31_006,
      encoding: 'utf-8',
      lines: 912,
    });
  });

  it('reads a real Windows-1252 file (Leeds 2011-12) with ü and the right SHA-256', async () => {
    const file = path.join(corpus, 'spend', 'leeds', '2011-12.csv');
    const { records, facts } = await readAll(file);
    expect(records).toHaveLength(9_964);
    expect(records.filter((r) => r.cells.includes('Pavel Büchler'))).toHaveLength(1);
    expect(facts).toEqual({
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      bytes: 2_465_712,
      encoding: 'windows-1252',
      lines: 9_964,
    });
  });
});
