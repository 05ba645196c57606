/**
 * The line ledger and the shapes that used to lose rows silently: a quoted cell that swallows rows (suspect-quote),
 * rows above the header (row-above-header), and the Pay Date of payroll rows. Every physical line of a file is
 * accounted for, and the counts are checked against lines counted here from the bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { afterAll, describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { linesAccountedFor, type FileTally } from '../../src/core/ledger.js';
import { readLedger, type ReadResult } from '../../src/ingest/read-ledger.js';
import { compareEachRecordWithItself } from '../../src/ingest/read-records.js';
import { physicalLines } from '../support/report-invariants.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-line-ledger-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let count = 0;

function tempFile(content: string): string {
  const file = path.join(tmp, `f${++count}.csv`);
  writeFileSync(file, content);
  return file;
}

/** Reads one file, which must not be refused; checks its lines against a count of its bytes. */
async function readOne(file: string): Promise<{ result: ReadResult; tally: FileTally }> {
  const result = await readLedger([file], PCD_1215);
  expect(result.refused.map((r) => r.problem)).toEqual([]);
  const tally = result.ledger.files[0] as FileTally;
  expect(linesAccountedFor(tally.lines), 'the line ledger adds up to the lines of the bytes').toBe(physicalLines(readFileSync(file)));
  expect(result.inputs[0]?.facts.lines).toBe(physicalLines(readFileSync(file)));
  return { result, tally };
}

const errorsOf = (result: ReadResult) => [...result.ledger.errors].map((e) => ({ line: e.source.line, code: e.code, message: e.message }));

const GL = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount,Supplier';

describe('a quoted cell that swallows rows: suspect-quote', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('is an error where the quote opened, with the money of the rows it swallowed (%s)', async (_name, eol) => {
    const text = readFileSync(path.join(ROOT, 'fixtures/hostile/suspect-quote.csv'), 'utf8').replaceAll('\n', eol);
    const { result, tally } = await readOne(tempFile(text));
    expect(errorsOf(result)).toEqual([
      {
        line: 2,
        code: 'suspect-quote',
        message:
          'a quoted cell opens here and runs on over lines 3–4, which read as rows of this export (a Posting Date and a Net Amount in their columns, £500.00 between them, counted in error with this row): a quote is missing or one too many, and those rows would be lost inside one cell',
      },
    ]);
    expect(tally.errors).toEqual({ rows: 1, amount: 60_000n });
    expect(tally.included).toEqual({ rows: 2, amount: 45_000n });
    // Every amount the file holds: 100 + 200 + 300 (in error) + 400 + 50 (included).
    expect(tally.readTotal).toBe(105_000n);
    expect(tally.lines).toEqual({ header: 1, metadata: 0, data: 3, total: 0, footer: 0, blank: 0, continuation: 3 });
  });

  it('names the line where the quote opened when an earlier cell of the record runs over lines too', async () => {
    const file = tempFile(
      [
        'Document Number,Line,Posting Date,Cost Centre,Account Code,Description,Net Amount,Supplier',
        'D1,1,01/05/2022,SMH001,531000,"two-line',
        'note",50.00,"Acme',
        'D2,1,02/05/2022,SMH001,531000,x,20.00,Beta',
        'Ltd"',
        'D3,1,03/05/2022,SMH001,531000,y,30.00,Gamma',
        '',
      ].join('\n'),
    );
    const { result, tally } = await readOne(file);
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([[3, 'suspect-quote']]);
    expect(errorsOf(result)[0]?.message).toContain('runs on over line 4, which reads as a row');
    expect(tally.errors).toEqual({ rows: 1, amount: 7_000n });
    expect(tally.included).toEqual({ rows: 1, amount: 3_000n });
    expect(tally.lines).toEqual({ header: 1, metadata: 0, data: 2, total: 0, footer: 0, blank: 0, continuation: 3 });
  });

  it('leaves alone cells that run over lines without a row in them, the record\'s own cells on the next line among them', async () => {
    const file = tempFile(
      [
        GL,
        'D1,1,01/05/2022,SMH001,531000,10.00,"Acme',
        'Ltd, 12/05/2022 invoice 10.00"',
        '"D2',
        '",1,02/05/2022,SMH001,531000,20.00,Beta',
        'D3,1,03/05/2022,SMH001,531000,30.00,"Gamma ""quoted""',
        '"',
        '',
      ].join('\r\n'),
    );
    const { result, tally } = await readOne(file);
    expect(errorsOf(result)).toEqual([]);
    expect(tally.included).toEqual({ rows: 3, amount: 6_000n });
    expect(tally.lines).toEqual({ header: 1, metadata: 0, data: 3, total: 0, footer: 0, blank: 0, continuation: 3 });
  });

  it('quotes no amount of a payroll row in its message', async () => {
    const file = tempFile(
      [
        'Payroll Period,Employee Number,Staff Type,Cost Centre,Pay Element,Amount,Employee Name',
        '2022-05,E1,Police Staff,SMH001,Basic Pay,100.00,"Unclosed',
        '2022-05,E2,Police Staff,SMH001,Basic Pay,200.00,Second',
        'Name"',
        '',
      ].join('\n'),
    );
    const { result, tally } = await readOne(file);
    expect(errorsOf(result)).toEqual([
      {
        line: 2,
        code: 'suspect-quote',
        message:
          'a quoted cell opens here and runs on over line 3, which reads as a row of this export (a Payroll Period and an Amount in their columns): a quote is missing or one too many, and those rows would be lost inside one cell',
      },
    ]);
    expect(tally.errors).toEqual({ rows: 1, amount: 30_000n });
  });
});

describe('lines above the header', () => {
  it('a line that reads as a row of the layout is a row in error with its amount; a title is metadata', async () => {
    const { result, tally } = await readOne(path.join(ROOT, 'fixtures/hostile/row-above-header.csv'));
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([[2, 'row-above-header']]);
    expect(tally.errors).toEqual({ rows: 1, amount: 10_000n });
    expect(tally.included).toEqual({ rows: 1, amount: 20_000n });
    expect(tally.lines).toEqual({ header: 1, metadata: 1, data: 2, total: 0, footer: 0, blank: 0, continuation: 0 });
  });

  it('a header that is the last line, below lines that hold a date and an amount each: every one of them is in error', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `D${i},1,${String((i % 28) + 1).padStart(2, '0')}/05/2022,SMH001,511000,${i + 1}.00`);
    const file = tempFile(['Report of payments', 'Run date: 01/06/2022,,,,,', '', ...rows, 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount', ''].join('\n'));
    const { result, tally } = await readOne(file);
    expect(result.ledger.errors).toHaveLength(40);
    expect(new Set([...result.ledger.errors].map((e) => e.code))).toEqual(new Set(['row-above-header']));
    // 1 + 2 + … + 40 pounds: nothing reads as £0.00.
    expect(tally.errors).toEqual({ rows: 40, amount: 82_000n });
    expect(tally.included.rows).toBe(0);
    expect(tally.lines).toEqual({ header: 1, metadata: 2, data: 40, total: 0, footer: 0, blank: 1, continuation: 0 });
  });
});

describe('payroll Pay Date', () => {
  const HEADER = 'Payroll Period,Employee Number,Staff Type,Cost Centre,Pay Element,Amount,Pay Date';
  it('is validated like every other date where present, and may be blank', async () => {
    const file = tempFile([HEADER, '2022-05,E1,Police Staff,SMH001,Basic Pay,1.00,31/02/2022', '2022-05,E2,Police Staff,SMH001,Basic Pay,2.00,GRADEJKL33', '2022-05,E3,Police Staff,SMH001,Basic Pay,4.00,', '2022-05,E4,Police Staff,SMH001,Basic Pay,8.00,25/05/2022', ''].join('\n'));
    const { result, tally } = await readOne(file);
    expect(errorsOf(result)).toEqual([
      { line: 2, code: 'bad-date', message: 'Pay Date: date does not exist (February 2022 has 28 days)' },
      { line: 3, code: 'bad-date', message: 'Pay Date: date is not in a recognised format; use dd/mm/yyyy, e.g. 31/03/2023' },
    ]);
    expect(tally.included).toEqual({ rows: 2, amount: 1_200n });
  });
});

describe('csv-parse compares each record with itself', () => {
  it('builds no error for records narrower or wider than the first (a header and blank lines cost no more than rows)', async () => {
    const parser = parse({ relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] });
    compareEachRecordWithItself(parser);
    const records: string[][] = [];
    parser.on('readable', () => {
      for (let r = parser.read() as string[] | null; r !== null; r = parser.read() as string[] | null) records.push(r);
    });
    const ended = new Promise((resolve) => parser.on('end', resolve));
    parser.end('a,b,c\n\n\n1,2\n1,2,3,4\n');
    await ended;
    expect(records).toEqual([['a', 'b', 'c'], [''], [''], ['1', '2'], ['1', '2', '3', '4']]);
    expect(parser.info.invalid_field_length).toBe(0);
  });
});
