import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { ERROR, EXCLUDED, FOLDED_WORDS, HASH, INCLUDED, KIND, LINE, PLACE, type FoldedRows } from '../../src/core/fold/folded-batch.js';
import { LedgerFold, type GlLayout, type Ledger } from '../../src/core/fold/ledger.js';
import { PartFold } from '../../src/core/fold/part-ledger.js';
import { EXCLUSION_REASONS } from '../../src/core/types.js';

/** Columns: Document Number, Line, Posting Date, Period, Cost Centre, Account Code, Net Amount, Description. */
const LAYOUT: GlLayout = { documentNumber: 0, line: 1, key: [['Document Number', 0], ['Line', 1]], postingDate: 2, period: 3, costCentre: 4, account: 5, net: 6, width: 8 };
const KEY = JSON.stringify(LAYOUT);

type Row = readonly string[];
/** A record: its cells and the line breaks inside its quoted cells. */
interface Rec {
  readonly cells: Row;
  readonly breaks: number;
}
const rec = (cells: Row, breaks = 0): Rec => ({ cells, breaks });

/** The line each record starts on, the header standing on line 1. */
function linesOf(records: readonly Rec[]): number[] {
  const lines: number[] = [];
  let line = 2;
  for (const r of records) {
    lines.push(line);
    line += 1 + r.breaks;
  }
  return lines;
}

/** Folds every file whole, in the main thread. */
function foldWhole(files: readonly (readonly Rec[])[], config: GrantConfig = PCD_1215): Ledger {
  const ledger = new LedgerFold(config);
  files.forEach((records, i) => {
    const f = ledger.beginGlFile(`f${i}.csv`, LAYOUT);
    f.header(1, 0);
    const lines = linesOf(records);
    records.forEach((r, j) => f.accept(lines[j] as number, r.cells, r.breaks));
    f.end();
  });
  return ledger.finish();
}

/**
 * Folds each file as the workers and the main thread do (ingest/workers/fold-part.ts, ingest/read-records.ts):
 * the records below the header cut into parts at `cuts` (record indexes), each part folded by a PartFold of its own
 * in batches cut at `batchCuts`, each batch's lines counted from its first record; the main thread takes the
 * batches in file order (GlFileFold.takeFolded) and, where it takes fewer than a batch holds or the part fold
 * stopped, reads the rest of the file from its cells.
 */
function foldInParts(
  files: readonly { readonly records: readonly Rec[]; readonly cuts: readonly number[]; readonly batchCuts: readonly number[] }[],
  config: GrantConfig = PCD_1215,
): { ledger: Ledger; taken: number; read: number } {
  const ledger = new LedgerFold(config);
  // Records the main thread took folded, and records it read from cells.
  let takenInAll = 0;
  let read = 0;
  files.forEach(({ records, cuts, batchCuts }, i) => {
    const f = ledger.beginGlFile(`f${i}.csv`, LAYOUT);
    f.header(1, 0);
    const lines = linesOf(records);
    const lineAfter = (j: number): number => (j < records.length ? (lines[j] as number) : (lines[records.length - 1] ?? 1) + 1 + (records[records.length - 1]?.breaks ?? 0));
    const bounds = [...new Set([0, ...cuts.filter((c) => c > 0 && c < records.length), records.length])].sort((a, b) => a - b);
    const batchBounds = new Set(batchCuts);
    let resumeAt: number | undefined;
    for (let k = 0; k + 1 < bounds.length && resumeAt === undefined; k++) {
      const part = new PartFold(config);
      const file = part.beginGlFile('', LAYOUT);
      let start = bounds[k] as number;
      const end = bounds[k + 1] as number;
      while (start < end && resumeAt === undefined) {
        let stop = start + 1;
        while (stop < end && !batchBounds.has(stop)) stop++;
        // One batch: records [start, stop).
        const base = lines[start] as number;
        let folded: FoldedRows | undefined;
        for (let j = start; j < stop; j++) {
          const r = records[j] as Rec;
          if (!part.fold(file, (lines[j] as number) - base, r.cells, r.breaks)) {
            folded = part.take((lines[j] as number) - base, KEY, true);
            break;
          }
        }
        folded ??= part.take(lineAfter(stop) - base, KEY, false);
        const taken = f.takeFolded(folded, base);
        takenInAll += taken;
        if (taken < folded.count || folded.stop) {
          const from = base + (taken < folded.count ? (folded.rows[taken * FOLDED_WORDS + LINE] as number) : folded.lines);
          resumeAt = lines.indexOf(from);
          if (resumeAt < 0) throw new Error(`no record starts on line ${from}`);
        }
        start = stop;
      }
    }
    if (resumeAt !== undefined) {
      for (let j = resumeAt; j < records.length; j++) f.accept(lines[j] as number, (records[j] as Rec).cells, (records[j] as Rec).breaks);
      read += records.length - resumeAt;
    }
    f.end();
  });
  return { ledger: ledger.finish(), taken: takenInAll, read };
}

/** Everything a ledger holds, as plain values to compare. */
function plain(l: Ledger) {
  return {
    years: l.years,
    exclusions: [...l.exclusions],
    errors: [...l.errors],
    duplicates: [...l.duplicates],
    files: l.files,
    costCentres: l.costCentres,
    payrollDifferences: l.payrollDifferences,
    warnings: l.warnings,
  };
}

const row = (doc: string, date: string, account: string, amount: string, cc = 'SMH001', period = '', description = ''): Row => [doc, '1', date, period, cc, account, amount, description];

/** A file with one row of each kind the part fold decides, and a total line and a footer it leaves to the main thread. */
const MIXED: Rec[] = [
  rec(row('1', '05/04/2022', '511000', '1,000.00')), // included: staff P01
  rec(row('2', '15/04/2023', '541000', '-200.00', 'SMH001', 'P13')), // included: equipment 2022/23 P13
  rec(['', '', '']), // blank line
  rec(row('3', '05/05/2022', '601000', '50.00')), // ineligible-account
  rec(row('4', '28/03/2022', '511000', '20.00')), // outside-grant-years
  rec(row('5', '31/02/2023', '511000', '4.50')), // bad-date, amount readable
  rec(row('6', '05/05/2022', '511000', '1.005')), // bad-amount
  rec([...row('7', '05/05/2022', '511000', '3.00'), 'x']), // wrong-column-count
  rec(row('8', '06/06/2022', '531000', '12.00', 'SMH001', '', 'a note\nover two lines'), 1), // included, two lines
  rec(row('1', '05/04/2022', '511000', '1,000.00')), // the same row again in this file: kept
  rec(row('9', '07/07/2022', '551000', '(7.25)', 'cyb002')), // included: comms, another cost centre
  rec(['Total', '', '', '', '', '', '1,789.25']), // 1000 - 200 + 50 + 20 + 4.50 + 12 + 1000 - 7.25 = 1,879.25: a mismatch
  rec(['Run 2023-05-01']), // footer
];

describe('a part fold gives the ledger of the whole fold', () => {
  it('for a file of every kind of row, cut at every record into two parts', () => {
    const whole = plain(foldWhole([MIXED]));
    // The figures by hand first, so that both sides are also right, not only equal.
    expect(whole.errors.map((e) => [e.source.line, e.code])).toEqual([
      [7, 'bad-date'],
      [8, 'bad-amount'],
      [9, 'wrong-column-count'],
      [14, 'control-total-mismatch'],
    ]);
    expect(whole.files[0]).toMatchObject({
      rows: 12,
      // Readable amounts above the total: 1,879.25 (the total line states 1,789.25).
      readTotal: 187925n,
      included: { rows: 5, amount: 180475n }, // 1000 - 200 + 12 + 1000 - 7.25 = 1,804.75
      excluded: { rows: 3, amount: 7000n }, // 50 + 20 + footer 0
      errors: { rows: 4, amount: 450n },
      amountUnreadable: 2,
      lines: { header: 1, metadata: 0, data: 10, total: 1, footer: 1, blank: 1, continuation: 1 },
    });
    for (let cut = 0; cut <= MIXED.length; cut++) {
      const parted = foldInParts([{ records: MIXED, cuts: [cut], batchCuts: [] }]);
      expect(plain(parted.ledger)).toEqual(whole);
      // The parts fold the 11 records above the total line; the main thread reads the total line and the footer.
      expect([parted.taken, parted.read]).toEqual([11, 2]);
    }
  });

  it('for a file cut into one-record parts and one-record batches', () => {
    const every = MIXED.map((_, i) => i);
    expect(plain(foldInParts([{ records: MIXED, cuts: every, batchCuts: [] }]).ledger)).toEqual(plain(foldWhole([MIXED])));
    expect(plain(foldInParts([{ records: MIXED, cuts: [], batchCuts: every }]).ledger)).toEqual(plain(foldWhole([MIXED])));
  });

  it('judges the rows of a part against an earlier file: duplicates name the earlier row, and a conflict hands the rest to the main thread', () => {
    const earlier = [rec(row('1', '05/04/2022', '511000', '10.00')), rec(row('2', '05/04/2022', '511000', '20.00'))];
    const later = [
      rec(row('1', '05/04/2022', '511000', '10.00')), // duplicate of f0.csv:2
      rec(row('3', '05/04/2022', '511000', '30.00')),
      rec(row('2', '05/04/2022', '511000', '25.00')), // conflicting duplicate of f0.csv:3
      rec(row('4', '05/04/2022', '511000', '40.00')),
    ];
    const whole = plain(foldWhole([earlier, later]));
    expect(whole.duplicates).toEqual([{ source: { file: 'f1.csv', line: 2 }, duplicateOf: { file: 'f0.csv', line: 2 } }]);
    expect(whole.errors).toEqual([
      expect.objectContaining({ source: { file: 'f1.csv', line: 4 }, code: 'conflicting-duplicate', message: 'Document Number + Line 2/1 was already read at f0.csv:3 with different content' }),
    ]);
    // f1: 30.00 + 40.00 included, 10.00 duplicate, 25.00 in error.
    expect(whole.files[1]).toMatchObject({ included: { rows: 2, amount: 7000n }, excluded: { rows: 1, amount: 1000n }, errors: { rows: 1, amount: 2500n } });
    for (let cut = 0; cut <= later.length; cut++) {
      const parted = foldInParts([{ records: earlier, cuts: [], batchCuts: [] }, { records: later, cuts: [cut], batchCuts: [] }]);
      expect(plain(parted.ledger)).toEqual(whole);
      // f0's 2 records and f1's first 2 are taken folded; the conflict on f1's third sends it and the fourth to the main thread.
      expect([parted.taken, parted.read]).toEqual([4, 2]);
    }
  });

  it('stops at an amount a float cannot carry, and the main thread reads it and the rest', () => {
    // 99,999,999,999,999.99 is 9,999,999,999,999,999p, more than 2^53 (9,007,199,254,740,992).
    const records = [rec(row('1', '05/04/2022', '531000', '1.00')), rec(row('2', '05/04/2022', '531000', '99,999,999,999,999.99')), rec(row('3', '05/04/2022', '531000', '2.00'))];
    const part = new PartFold(PCD_1215);
    const file = part.beginGlFile('', LAYOUT);
    expect(part.fold(file, 0, records[0]?.cells ?? [], 0)).toBe(true);
    expect(part.fold(file, 1, records[1]?.cells ?? [], 0)).toBe(false);
    const whole = plain(foldWhole([records]));
    // Software in 2022/23 P01: 1.00 + 99,999,999,999,999.99 + 2.00.
    expect(whole.years[0]?.amounts[0]).toEqual([0n, 0n, 9_999_999_999_999_999n + 100n + 200n, 0n, 0n, 0n]);
    const parted = foldInParts([{ records, cuts: [], batchCuts: [] }]);
    expect(plain(parted.ledger)).toEqual(whole);
    expect([parted.taken, parted.read]).toEqual([1, 2]);
  });

  it('for any rows, any earlier file and any cuts into parts and batches (property)', () => {
    const cell = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('', 'Total', '511000', '501000', '531000', '601000', '05/04/2022', '31/12/2022', '15/04/2023', '28/03/2022', '31/02/2023', 'P13', 'P01', 'P17', 'SMH001', 'cyb002', '1.005', '9,999,999,999,999,999.99', '90,071,992,547,409.91', '-90,071,992,547,409.91') },
      { weight: 3, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => (n / 100).toFixed(2)) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 6 }).map(String) },
    );
    // Mostly rows of the layout, some broken ones and notes; a description over lines, which may swallow a row.
    const goodRow = fc
      .tuple(
        fc.integer({ min: 1, max: 6 }).map(String),
        fc.constantFrom('05/04/2022', '31/12/2022', '15/04/2023', '28/03/2022', '02/04/2024'),
        fc.constantFrom('', 'P13', '9'),
        fc.constantFrom('SMH001', 'cyb002'),
        fc.constantFrom('511000', '501000', '531000', '601000'),
        // Mostly small amounts; now and then one at the edge of what a float carries exactly (2^53 − 1 pence).
        fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -100_000, max: 100_000 }).map((n) => (n / 100).toFixed(2)) }, { weight: 1, arbitrary: fc.constantFrom('90,071,992,547,409.91', '(90,071,992,547,409.91)', '90,071,992,547,409.92') }),
      )
      .map(([doc, date, period, cc, account, amount]): Rec => rec([doc, '1', date, period, cc, account, amount, '']));
    const multiLine = fc
      .tuple(goodRow, fc.constantFrom('a note\nover two lines', 'swallowed\n7,1,05/04/2022,,SMH001,511000,1.00,'))
      .map(([r, text]): Rec => rec([...r.cells.slice(0, 7), text], 1));
    const record = fc.oneof({ weight: 6, arbitrary: goodRow }, { weight: 2, arbitrary: fc.array(cell, { maxLength: 9 }).map((cells) => rec(cells)) }, { weight: 1, arbitrary: multiLine });
    const file = fc.array(record, { maxLength: 30 });
    const cuts = fc.array(fc.nat(30), { maxLength: 4 });
    const runs = { taken: 0, read: 0 };
    fc.assert(
      fc.property(file, file, cuts, cuts, (earlier, later, partCuts, batchCuts) => {
        const whole = plain(foldWhole([earlier, later]));
        const parted = foldInParts([{ records: earlier, cuts: partCuts, batchCuts }, { records: later, cuts: batchCuts, batchCuts: partCuts }]);
        expect(plain(parted.ledger)).toEqual(whole);
        // Every record is taken folded or read from its cells, once (blank records are taken too).
        expect(parted.taken + parted.read).toBe(earlier.length + later.length);
        runs.taken += parted.taken;
        runs.read += parted.read;
      }),
      { numRuns: 300 },
    );
    // The property ran both ways: records taken folded, and records the main thread read after a part stopped (about
    // a thousand taken in a run, more or fewer by the seed: the bounds leave room for any seed).
    expect(runs.taken).toBeGreaterThan(300);
    expect(runs.read).toBeGreaterThan(30);
  });
});

describe('what a part fold keeps of each record', () => {
  it('a few words a record: its kind, its line from the batch\'s first, where it counts, and the hashes to judge it by', () => {
    const part = new PartFold(PCD_1215);
    const file = part.beginGlFile('', LAYOUT);
    const records = [row('1', '05/05/2022', '501000', '12.34'), ['', ''], row('2', '05/05/2022', '601000', '5.00'), row('3', '31/02/2023', '501000', '1.00'), row('4', '05/05/2022', '501000', 'x')];
    records.forEach((cells, i) => expect(part.fold(file, i, cells, 0)).toBe(true));
    const taken = part.take(5, KEY, false);
    expect(taken.count).toBe(5);
    expect(taken.lines).toBe(5);
    expect(taken.stop).toBe(false);
    expect(taken.layout).toBe(KEY);
    const word = (r: number, w: number): number => taken.rows[r * FOLDED_WORDS + w] as number;
    expect([0, 1, 2, 3, 4].map((r) => [word(r, KIND), word(r, LINE)])).toEqual([
      [INCLUDED, 0],
      [0, 1], // blank
      [EXCLUDED, 2],
      [ERROR, 3],
      [ERROR, 4],
    ]);
    // Included: officers (category 1) in 2022/23 P02: ((2022 × 32) + 2) × 16 + 1 = 1,035,297.
    expect(word(0, PLACE)).toBe(1_035_297);
    // Excluded: the reason's index, and the month it is dated in above it: ineligible-account (6) in 2022/23 P02,
    // ((2022 × 32) + 2) × 16 + 6 = 1,035,302.
    expect(EXCLUSION_REASONS.indexOf('ineligible-account')).toBe(6);
    expect(word(2, PLACE)).toBe(1_035_302);
    // A keyed row keeps a key hash; a blank record none.
    expect([word(0, HASH), word(0, HASH + 1), word(0, HASH + 2)].some((w) => w !== 0)).toBe(true);
    expect([word(1, HASH), word(1, HASH + 1), word(1, HASH + 2)]).toEqual([0, 0, 0]);
    expect([...taken.pence]).toEqual([1234, 0, 500, 100, Number.NaN]);
    expect(taken.costCentres).toEqual(['SMH001']);
    expect(taken.errors.map((e) => [e.source.line, e.code])).toEqual([
      [3, 'bad-date'],
      [4, 'bad-amount'],
    ]);
    // The next take starts afresh.
    expect(part.take(0, KEY, false).count).toBe(0);
  });

  it('leaves the total line and a swallowing quote to the main thread, keeping nothing of them', () => {
    const part = new PartFold(PCD_1215);
    const file = part.beginGlFile('', LAYOUT);
    expect(part.fold(file, 0, ['Total', '', '', '', '', '', '1.00', ''], 0)).toBe(false);
    expect(part.fold(file, 0, row('1', '05/04/2022', '511000', '1.00', 'SMH001', '', 'x\n2,1,05/04/2022,,SMH001,511000,2.00,'), 1)).toBe(false);
    expect(part.take(0, KEY, true).count).toBe(0);
  });

  it('reads GL exports only: it has no payroll file to begin', () => {
    const part = new PartFold(PCD_1215);
    expect('beginPayrollFile' in part).toBe(false);
    expect(() => part.holdPayroll()).toThrow('a part fold reads GL exports only');
  });
});
