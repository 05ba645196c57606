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
import { linesAccountedFor, type FileTally } from '../../src/core/fold/ledger.js';
import { readLedger, type ReadResult } from '../../src/ingest/read-ledger.js';
import { compareEachRecordWithItself } from '../../src/ingest/parse-cells.js';
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
          'a quoted cell opens here and runs on over lines 3–4, which look like rows of this export (a Posting Date and a Net Amount in their columns, or one of them): a quote is missing or one too many, and those rows would be lost inside one cell; £600.00 in all is counted in error here',
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
    expect(errorsOf(result)[0]?.message).toContain('runs on over line 4, which looks like a row');
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
          'a quoted cell opens here and runs on over line 3, which looks like a row of this export (a Payroll Period and an Amount in their columns, or one of them): a quote is missing or one too many, and those rows would be lost inside one cell',
      },
    ]);
    expect(tally.errors).toEqual({ rows: 1, amount: 30_000n });
  });
});

describe('broken quotes over rows that are not perfectly formed', () => {
  const H = 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Description,Net Amount';
  it.each([
    ['a swallowed row with one comma too many', ['1001,1,05/05/2022,P02,SMH001,511000,"Laptop stand,100.00', '1002,1,06/05/2022,P02,SMH001,531000,Licence, annual,200.50', '1003,1,07/05/2022,P02,SMH001,531000,24" monitor,300.00'], [3, 4], 40_000n],
    ['a swallowed row with a blank date', ['1001,1,05/05/2022,P02,SMH001,511000,"Laptop,100.00', '1002,1,,P02,SMH001,531000,Soft",200.50'], [3], 30_050n],
    ['a swallowed row with a date that does not exist', ['1001,1,05/05/2022,P02,SMH001,511000,"Laptop,100.00', '1002,1,31/02/2022,P02,SMH001,531000,Soft,200.50', '1003,1,07/05/2022,P02,SMH001,531000,Soft",300.00'], [3, 4], 60_050n],
    ['a swallowed row with three decimals', ['1001,1,05/05/2022,P02,SMH001,511000,"Laptop,100.00', '1002,1,06/05/2022,P02,SMH001,531000,Soft,200.505', '1003,1,07/05/2022,P02,SMH001,531000,Soft",300.00'], [3, 4], 40_000n],
    ['the quote opening on a row whose own amount stands before it', ['1001,1,05/05/2022,P02,SMH001,511000,"Acme,100.00', '1002,1,06/05/2022,P02,SMH001,531000,Soft,200.50', '1003,1,07/05/2022,P02,SMH001,531000,Soft",300.00'], [3, 4], 60_050n],
  ])('%s: a suspect quote, never a silent loss, with every amount that can be read', async (_name, rows, swallowed, pence) => {
    const { result, tally } = await readOne(tempFile([H, ...rows, ''].join('\n')));
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([[2, 'suspect-quote']]);
    expect(errorsOf(result)[0]?.message).toContain(swallowed.length === 1 ? `runs on over line ${swallowed[0]}` : `runs on over lines ${swallowed[0]}–${swallowed.at(-1)}`);
    expect(tally.errors).toEqual({ rows: 1, amount: pence });
    expect(tally.included.rows).toBe(0);
  });

  it('a quote opened on the amount itself, and a second quote opened on a swallowed line: each line\'s amount counted once', async () => {
    const header = 'Document Number,Line,Posting Date,Period,Cost Centre,Cost Centre Name,Account Code,Account Name,Supplier,Description,Net Amount,VAT Amount,Gross Amount';
    const rows = [
      'D1,1,01/05/2022,P02,SMH001,X,511000,Acct,Acme,desc,"100.00,20.00,120.00',
      'D2,1,02/05/2022,P02,SMH001,X,511000,Acct,Beta,desc,200.00,40.00,240.00',
      'D3,1,03/05/2022,P02,"SMH001,X,511000,Acct,Gamma,desc,300.00,60.00,360.00',
      'D4,1,04/05/2022,P02,SMH001,X,511000,Acct,Delta,desc,400.00,80.00,480.00',
    ];
    const { result, tally } = await readOne(tempFile([header, ...rows, ''].join('\n')));
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([[2, 'suspect-quote']]);
    // 100 + 200 + 300 swallowed (the first line's own amount among them), 400 read as the row it is: £1,000 in all.
    expect(tally.errors).toEqual({ rows: 1, amount: 60_000n });
    expect(tally.included).toEqual({ rows: 1, amount: 40_000n });
  });

  it('names a swallowed line whose amount cannot be read', async () => {
    const rows = ['1001,1,05/05/2022,P02,SMH001,511000,"Laptop stand,100.00', '1002,1,06/05/2022,P02,SMH001,531000,Licence, annual,200.50', '1003,1,07/05/2022,P02,SMH001,531000,24" monitor,300.00'];
    const { result } = await readOne(tempFile([H, ...rows, ''].join('\n')));
    expect(errorsOf(result)[0]?.message).toMatch(/£400\.00 in all is counted in error here; the amount of line 3 cannot be read \(it does not split into the header's columns\)$/);
  });
});

describe('rows that do not split into the header\'s columns', () => {
  it('have no amount that can be read: a shifted cell is never taken for money', async () => {
    const payroll = tempFile(
      [
        'Payroll Period,Employee Name,Staff Type,Grade,Cost Centre,Pay Element,Employee Number,Amount,Pay Date',
        '2022-05,Zebulon Quixote,Police Staff,G7,SMH001,Basic Pay,204518,1000.00,25/05/2022',
        '2022-05,Trelawney, Sigourney,Police Staff,G5,SMH001,Basic Pay,731946,500.00,25/05/2022',
        '',
      ].join('\n'),
    );
    const { result, tally } = await readOne(payroll);
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([[3, 'wrong-column-count']]);
    expect(tally.errors).toEqual({ rows: 1, amount: 0n });
    expect(tally.amountUnreadable).toBe(1);
    expect(tally.readTotal).toBe(100_000n);
  });

  it('an unquoted 1,234.56 beside blank last columns is split, not £1.00, whatever the header\'s blank columns', async () => {
    for (const header of [GL, `${GL},,`]) {
      const { result, tally } = await readOne(
        tempFile([header, '1,1,01/05/2022,SMH001,511000,1,234.56,', '2,1,02/05/2022,SMH001,511000,"1,234.56",', '3,1,03/05/2022,SMH001,511000,12,', '4,1,04/05/2022,SMH001,511000,5,Acme,,', ''].join('\n')),
      );
      expect(errorsOf(result)).toEqual([
        {
          line: 2,
          code: 'wrong-column-count',
          message: 'the row has more cells than the header names, and its Net Amount reads as the first part of an amount split at a thousands comma: every cell after it has moved',
        },
      ]);
      expect(tally.amountUnreadable).toBe(1);
      // The quoted 1,234.56, the 12 with a trailing blank cell and the 5 with two: read as they are.
      expect(tally.included).toEqual({ rows: 3, amount: 123_456n + 1_200n + 500n });
    }
  });
});

describe('a supplier whose name starts with Total', () => {
  it('heads a row, not the export\'s total line: a total line has no date', async () => {
    const file = tempFile(
      [
        'Supplier,Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Net Amount',
        'Acme Ltd,1001,1,05/05/2022,P02,SMH001,541000,100.00',
        'TotalEnergies Marketing UK,1002,1,06/05/2022,P02,SMH001,541000,100.00',
        'Total Gas & Power Ltd,1003,1,06/05/2022,P02,SMH001,541000,50.00',
        'Total,,,,,,,250.00',
        '',
      ].join('\n'),
    );
    const { result, tally } = await readOne(file);
    expect(errorsOf(result)).toEqual([]);
    expect(tally.included).toEqual({ rows: 3, amount: 25_000n });
    expect(tally.controlTotal).toMatchObject({ line: 5, matches: true });
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

describe('lines that look like rows, however broken', () => {
  const H = 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Description,Net Amount';
  it('above a header on the last line: each a row in error, its amount unreadable where its cells do not fit the header', async () => {
    const { result, tally } = await readOne(tempFile(['1001,1,05/05/2022,P02,SMH001,511000,Pay, May,100.00', '1002,1,06/05/2022,P02,SMH001,531000,Licence, annual,200.50', H, ''].join('\n')));
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([
      [1, 'row-above-header'],
      [2, 'row-above-header'],
    ]);
    expect(tally.amountUnreadable).toBe(2);
  });

  it('above the header with a date that does not exist, and below the total line without an amount in its column', async () => {
    const file = tempFile(['1002,1,31/02/2022,P02,SMH001,531000,Soft,200.50', H, '1001,1,05/05/2022,P02,SMH001,511000,Pay,100.00', 'Total,,,,,,,100.00', '1003,1,06/05/2022,P02,SMH001,531000,4000.00', 'Prepared by the finance team,,,,,,,', ''].join('\n'));
    const { result, tally } = await readOne(file);
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([
      [1, 'row-above-header'],
      [4, 'control-total-mismatch'],
      [5, 'after-total'],
    ]);
    expect(tally.lines).toEqual({ header: 1, metadata: 0, data: 3, total: 1, footer: 1, blank: 0, continuation: 0 });
  });
});

describe('payroll Pay Date', () => {
  const HEADER = 'Payroll Period,Employee Number,Staff Type,Cost Centre,Pay Element,Amount,Pay Date';
  it('is validated like every other date where present, and may be blank', async () => {
    const file = tempFile([HEADER, '2022-05,E1,Police Staff,SMH001,Basic Pay,1.00,31/02/2022', '2022-05,E2,Police Staff,SMH001,Basic Pay,2.00,GRADEJKL33', '2022-05,E3,Police Staff,SMH001,Basic Pay,4.00,', '2022-05,E4,Police Staff,SMH001,Basic Pay,8.00,25/05/2022', ''].join('\n'));
    const { result, tally } = await readOne(file);
    expect(errorsOf(result)).toEqual([
      { line: 2, code: 'bad-date', message: 'Pay Date: date does not exist (February 2022 has 28 days)' },
      { line: 3, code: 'bad-date', message: 'Pay Date: date is not in a recognised format' },
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
