import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { LedgerFold, type GlLayout, type Ledger, type ObservedRow } from '../../src/core/fold/ledger.js';
import type { ExclusionReason, Pence } from '../../src/core/types.js';
import { exclusions, tally } from '../support/ledger-views.js';
import { GL_TEST_LAYOUT } from '../support/gl-layout.js';

type Row = readonly string[];
/** A record as the reader gives it: its first line, its cells, and the line breaks inside its quoted cells. */
interface Rec {
  readonly line: number;
  readonly cells: Row;
  readonly breaks?: number;
}

/** Folds GL files (header on line 1, rows from line 2 unless each record names its line) into a ledger. */
function fold(files: Record<string, readonly (Row | Rec)[]>, config: GrantConfig = PCD_1215, layout: GlLayout = GL_TEST_LAYOUT): Ledger {
  const ledger = new LedgerFold(config);
  for (const [file, rows] of Object.entries(files)) {
    const f = ledger.beginGlFile(file, layout);
    f.header(1, 0);
    rows.forEach((r, i) => {
      if ('cells' in r) f.accept(r.line, r.cells, r.breaks ?? 0);
      else f.accept(i + 2, r);
    });
    f.end();
  }
  return ledger.finish();
}

const errorsOf = (l: Ledger) => [...l.errors].map((e) => [`${e.source.file}:${e.source.line}`, e.code]);

// Columns: Document Number, Line, Posting Date, Period, Cost Centre, Account Code, Net Amount.
const staff = (doc: string, amount: string, date = '05/04/2022', cc = 'SMH001', account = '511000'): Row => [doc, '1', date, '', cc, account, amount];

describe('outcome precedence of a GL row (PRODUCT.md: error → control-total → footer → duplicate → outside-grant-years → not-grant-cost-centre → ineligible-account → included)', () => {
  const SMH: GrantConfig = { ...PCD_1215, costCentres: ['SMH001'] };

  it('a row in error is an error, though it repeats an earlier file and its year and account are not the grant\'s', () => {
    // 31/02/2022 does not exist; the same row in both files; account 60 is ineligible.
    const bad = staff('1', '5.00', '31/02/2022', 'OTHER', '601000');
    const l = fold({ 'a.csv': [bad], 'b.csv': [bad] }, SMH);
    expect(errorsOf(l)).toEqual([
      ['a.csv:2', 'bad-date'],
      ['b.csv:2', 'bad-date'],
    ]);
    expect(exclusions(l)).toEqual([]);
    expect([...l.duplicates]).toEqual([]);
    // Each error carries its readable amount: 5.00 = 500p.
    expect(tally(l, 1).errors).toEqual({ rows: 1, amount: 500n });
  });

  it('a key read before with other content is a conflicting-duplicate error, not an exclusion, even outside the grant years', () => {
    // Both rows dated 2021/22 (outside); the amount differs.
    const l = fold({ 'a.csv': [staff('7', '1.00', '01/03/2022')], 'b.csv': [staff('7', '2.00', '01/03/2022')] });
    expect(errorsOf(l)).toEqual([['b.csv:2', 'conflicting-duplicate']]);
    expect(exclusions(l)).toEqual([['outside-grant-years', 1, 100n]]);
    expect(tally(l, 1).errors).toEqual({ rows: 1, amount: 200n });
  });

  it('the total line and the notes below it are control-total and footer in a later file too, never duplicates of the earlier file\'s', () => {
    const file = [staff('1', '10.00'), ['Total', '', '', '', '', '', '10.00'], ['Prepared by Finance']];
    const l = fold({ 'a.csv': file, 'b.csv': file });
    // a: 1 included, total, footer. b: its row a duplicate of a's; its total and footer as in a.
    expect(exclusions(l)).toEqual([
      ['control-total', 2, 0n],
      ['footer', 2, 0n],
      ['duplicate', 1, 1000n],
    ]);
    expect([...l.duplicates]).toEqual([{ source: { file: 'b.csv', line: 2 }, duplicateOf: { file: 'a.csv', line: 2 } }]);
  });

  it('a duplicate is a duplicate before it is outside the grant years, outside a grant cost centre or on an ineligible account', () => {
    const outside = staff('1', '1.00', '28/03/2022');
    const otherCentre = staff('2', '2.00', '05/04/2022', 'OTHER');
    const ineligible = staff('3', '4.00', '05/04/2022', 'SMH001', '601000');
    const l = fold({ 'a.csv': [outside, otherCentre, ineligible], 'b.csv': [outside, otherCentre, ineligible] }, SMH);
    // a.csv: one row of each reason; b.csv: all three duplicates, 1.00 + 2.00 + 4.00 = 7.00.
    expect(exclusions(l)).toEqual([
      ['duplicate', 3, 700n],
      ['outside-grant-years', 1, 100n],
      ['not-grant-cost-centre', 1, 200n],
      ['ineligible-account', 1, 400n],
    ]);
  });

  it('outside the grant years comes before not a grant cost centre, which comes before an ineligible account', () => {
    const l = fold(
      {
        'a.csv': [
          // 2024/25, another cost centre, an ineligible account: outside-grant-years.
          staff('1', '1.00', '01/04/2024', 'OTHER', '601000'),
          // 2022/23, another cost centre, an ineligible account: not-grant-cost-centre.
          staff('2', '2.00', '01/04/2022', 'OTHER', '601000'),
          // 2022/23, the grant's cost centre, an ineligible account: ineligible-account.
          staff('3', '4.00', '01/04/2022', 'SMH001', '601000'),
          // All good: included.
          staff('4', '8.00', '01/04/2022', 'SMH001', '511000'),
        ],
      },
      SMH,
    );
    expect(exclusions(l)).toEqual([
      ['outside-grant-years', 1, 100n],
      ['not-grant-cost-centre', 1, 200n],
      ['ineligible-account', 1, 400n],
    ]);
    expect(tally(l).included).toEqual({ rows: 1, amount: 800n });
    expect(tally(l).excluded).toEqual({ rows: 3, amount: 700n });
  });
});

describe('the total line of a GL export', () => {
  const rows: Row[] = [staff('1', '10.00'), staff('2', '5.50', '05/04/2022', 'SMH001', '601000')];

  it('a matching Total line is a control-total exclusion at 0.00: every row above counts as it was, and the line counts as a row of its own', () => {
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', '15.50']] });
    const t = tally(l);
    // 10.00 + 5.50 = 15.50 = 1550p.
    expect(t.controlTotal).toEqual({ line: 4, stated: 1550n, computed: 1550n, matches: true });
    expect(t.rows).toBe(3);
    expect(t.readTotal).toBe(1550n);
    expect(t.included).toEqual({ rows: 1, amount: 1000n });
    expect(t.excluded).toEqual({ rows: 2, amount: 550n });
    expect(t.lines).toEqual({ header: 1, metadata: 0, data: 2, total: 1, footer: 0, blank: 0, continuation: 0 });
  });

  it('recognises GRAND TOTAL in any case, and a total written as a credit', () => {
    const l = fold({ 'a.csv': [staff('1', '-3.00'), ['GRAND TOTAL', '', '', '', '', '', '(3.00)']] });
    expect(tally(l).controlTotal).toEqual({ line: 3, stated: -300n, computed: -300n, matches: true });
  });

  it('a total line whose amount cannot be read is a control-total-mismatch error with no money', () => {
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', 'n/a']] });
    expect([...l.errors]).toEqual([
      {
        source: { file: 'a.csv', line: 4 },
        code: 'control-total-mismatch',
        message: 'the export\'s total line has no readable amount in Net Amount ("n/a"); the rows above it sum to £15.50',
        hint: 'the export is truncated or was edited after it was run: export it again',
        excerpt: 'Total,,,,,,n/a',
      },
    ]);
    expect(tally(l).controlTotal).toEqual({ line: 4, stated: undefined, computed: 1550n, matches: false });
    // The total line carries 0.00 in error; it is not a row whose amount was lost.
    expect(tally(l).errors).toEqual({ rows: 1, amount: 0n });
    expect(tally(l).amountUnreadable).toBe(0);
  });

  it('a total line with a blank amount says so', () => {
    const l = fold({ 'a.csv': [...rows, ['Total']] });
    expect(l.errors.at(0).message).toBe("the export's total line has no readable amount in Net Amount (blank); the rows above it sum to £15.50");
  });

  it('a mismatch states both figures and their difference, credits included', () => {
    // Stated -£1,000.00, rows 15.50: difference -1000.00 - 15.50 = -£1,015.50.
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', '-1,000.00']] });
    expect(l.errors.at(0).message).toBe("the export's total line states -£1,000.00 but the rows above it sum to £15.50 (difference -£1,015.50)");
    expect(tally(l).controlTotal).toEqual({ line: 4, stated: -100000n, computed: 1550n, matches: false });
  });

  it('counts every readable amount above it, rows in error among them, but not amounts that cannot be read', () => {
    const l = fold({
      'a.csv': [
        staff('1', '10.00'), // included: 1000
        staff('2', '4.50', '31/02/2023'), // bad-date, amount readable: 450
        staff('3', '1.005'), // bad-amount: not readable
        [...staff('4', '7.00'), 'extra'], // wrong-column-count: no amount is read from it
        ['Total', '', '', '', '', '', '14.50'], // 1000 + 450 = 1450
      ],
    });
    expect(tally(l).controlTotal).toEqual({ line: 6, stated: 1450n, computed: 1450n, matches: true });
    expect(tally(l).errors).toEqual({ rows: 3, amount: 450n });
    expect(tally(l).amountUnreadable).toBe(2);
  });

  it('a row headed by the word Total that has a posting date is a row, not the total line', () => {
    const l = fold({ 'a.csv': [['Total Gas & Power', '1', '05/04/2022', '', 'SMH001', '551000', '99.00']] });
    expect(tally(l).controlTotal).toBeUndefined();
    expect(tally(l).included).toEqual({ rows: 1, amount: 9900n });
  });

  it('a lone amount on a row that has a key is not a total line', () => {
    const l = fold({ 'a.csv': [staff('1', '10.00'), ['7', '', '', '', '', '', '10.00']] });
    expect(tally(l).controlTotal).toBeUndefined();
    expect([...l.errors].map((e) => [e.code, e.message])).toEqual([['missing-field', 'required field Line is blank']]);
  });

  it('an unlabelled total (only an amount, no key, no date) that does not match is a mismatch', () => {
    const l = fold({ 'a.csv': [...rows, ['', '', '', '', '', '', '15.49']] });
    expect(errorsOf(l)).toEqual([['a.csv:4', 'control-total-mismatch']]);
    expect(tally(l).controlTotal).toEqual({ line: 4, stated: 1549n, computed: 1550n, matches: false });
  });

  it('only the first total line is checked: a second one below it is an after-total error carrying its amount', () => {
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', '15.50'], ['Total', '', '', '', '', '', '15.50']] });
    expect([...l.errors].map((e) => [e.source.line, e.code, e.message])).toEqual([[5, 'after-total', "an amount (15.50) stands below the export's total line"]]);
    // Rows 1550 + the line below the total 1550 = 3100 read; 1550 of it in error, so the file still balances.
    expect(tally(l).readTotal).toBe(3100n);
    expect(tally(l).errors).toEqual({ rows: 1, amount: 1550n });
    expect(tally(l).readTotal).toBe(tally(l).included.amount + tally(l).excluded.amount + tally(l).errors.amount);
  });

  it('a row below the total line with no amount is still an after-total error (it looks like a row), with no money', () => {
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', '15.50'], staff('9', '')] });
    expect([...l.errors].map((e) => [e.source.line, e.code, e.message])).toEqual([[5, 'after-total', "a row stands below the export's total line"]]);
    expect(tally(l).amountUnreadable).toBe(1);
    expect(tally(l).errors).toEqual({ rows: 1, amount: 0n });
  });

  it('notes below the total line are footers at 0.00, blank lines are blank', () => {
    const l = fold({ 'a.csv': [...rows, ['Total', '', '', '', '', '', '15.50'], [''], ['Run by J Smith'], ['Page 1 of 1', '', '']] });
    expect(exclusions(l)).toEqual([
      ['control-total', 1, 0n],
      ['footer', 2, 0n],
      ['ineligible-account', 1, 550n],
    ]);
    expect(tally(l).lines).toEqual({ header: 1, metadata: 0, data: 2, total: 1, footer: 2, blank: 1, continuation: 0 });
    // 2 data rows, the total line, 2 footers: 5 rows with an outcome (the blank line has none).
    expect(tally(l).rows).toBe(5);
  });
});

describe('GL rows that cannot be read', () => {
  it('a value beyond the header\'s columns is a wrong-column-count error whose amount is not read', () => {
    const l = fold({ 'a.csv': [[...staff('1', '12.00'), 'Smith']] });
    expect([...l.errors]).toEqual([
      {
        source: { file: 'a.csv', line: 2 },
        code: 'wrong-column-count',
        message: "the row has a value in column 8, beyond the header's 7 columns",
        hint: 'a value holding a comma must be quoted ("Smith, J"); check the row was not split or merged',
        excerpt: '1,1,05/04/2022,,SMH001,511000,12.00,Smith',
      },
    ]);
    expect(tally(l)).toMatchObject({ rows: 1, readTotal: 0n, errors: { rows: 1, amount: 0n }, amountUnreadable: 1 });
  });

  it('an amount split at its thousands comma, shifting the cells after it, is a wrong-column-count error', () => {
    // A layout whose Net Amount is not the last column: Document Number, Line, Posting Date, Cost Centre, Account Code, Net Amount, Description.
    const layout: GlLayout = { documentNumber: 0, line: 1, key: [['Document Number', 0], ['Line', 1]], postingDate: 2, period: undefined, costCentre: 3, account: 4, net: 5, width: 7 };
    // Unquoted 1,234.56 with a blank description: 8 cells, the last blank.
    const l = fold({ 'a.csv': [['1', '1', '05/04/2022', 'SMH001', '511000', '1', '234.56', '']] }, PCD_1215, layout);
    expect(l.errors.at(0)).toMatchObject({
      code: 'wrong-column-count',
      message: 'the row has more cells than the header names, and its Net Amount reads as the first part of an amount split at a thousands comma: every cell after it has moved',
    });
    expect(tally(l)).toMatchObject({ included: { rows: 0, amount: 0n }, amountUnreadable: 1 });
  });

  it('an amount with more than two decimals is a bad-amount error, counted as a row without money', () => {
    const l = fold({ 'a.csv': [staff('1', '1.005')] });
    expect(l.errors.at(0).code).toBe('bad-amount');
    expect(l.errors.at(0).message).toMatch(/^Net Amount: amount "1\.005" has more than two decimal places/);
    expect(tally(l)).toMatchObject({ rows: 1, readTotal: 0n, errors: { rows: 1, amount: 0n }, amountUnreadable: 1 });
  });

  it('a blank amount is a missing field, never £0.00', () => {
    const l = fold({ 'a.csv': [staff('1', '')] });
    expect([...l.errors].map((e) => [e.code, e.message])).toEqual([['missing-field', 'required field Net Amount is blank']]);
    expect(tally(l).amountUnreadable).toBe(1);
  });

  it('a bad date keeps its readable amount in error', () => {
    const l = fold({ 'a.csv': [staff('1', '£1,234.56', '29/02/2023')] });
    expect(l.errors.at(0).code).toBe('bad-date');
    expect(tally(l)).toMatchObject({ readTotal: 123456n, errors: { rows: 1, amount: 123456n }, amountUnreadable: 0 });
  });

  it('a period outside 1–16 is a bad-period error', () => {
    const l = fold({ 'a.csv': [['1', '1', '05/04/2022', 'P0', 'SMH001', '511000', '1.00']] });
    expect(l.errors.at(0)).toMatchObject({
      code: 'bad-period',
      message: 'Period: period "P0" is outside 1–16; P01–P12 are April to March and P13–P16 are year-end adjustments',
    });
  });

  it('required fields are checked before values: a blank cost centre on a row with a bad date is a missing field', () => {
    const l = fold({ 'a.csv': [staff('1', '1.00', '31/02/2023', '')] });
    expect([...l.errors].map((e) => [e.code, e.message])).toEqual([['missing-field', 'required field Cost Centre is blank']]);
  });

  it('the excerpt of a GL row quotes cells that hold a comma', () => {
    const l = fold({ 'a.csv': [staff('1', '1.00', '31/02/2023', 'SMH, 001')] });
    expect(l.errors.at(0).excerpt).toBe('1,1,31/02/2023,,"SMH, 001",511000,1.00');
  });
});

describe('records that run over several lines', () => {
  it('a quoted cell that swallows rows is one suspect-quote error, carrying the money of every row inside it', () => {
    // The Net Amount's quote opens on line 2 and closes on line 4: lines 3 and 4 are rows of the layout.
    const cells = ['1', '1', '05/04/2022', '', 'SMH001', '511000', '10.00\n2,1,06/04/2022,,SMH001,511000,20.00\n3,1,07/04/2022,,SMH001,511000,30.00'];
    const l = fold({ 'a.csv': [{ line: 2, cells, breaks: 2 }, { line: 5, cells: staff('4', '1.00') }] });
    expect([...l.errors]).toEqual([
      expect.objectContaining({
        source: { file: 'a.csv', line: 2 },
        code: 'suspect-quote',
        message:
          'a quoted cell opens here and runs on over lines 3–4, which look like rows of this export (a Posting Date and a Net Amount in their columns, or one of them): a quote is missing or one too many, and those rows would be lost inside one cell; £60.00 in all is counted in error here',
        hint: 'correct the quotes on line 2 (a quoted cell must close before the next row begins), or export the file again',
      }),
    ]);
    // 10.00 + 20.00 + 30.00 = 60.00 in error; the row on line 5 is read as usual.
    expect(tally(l)).toMatchObject({ rows: 2, readTotal: 6100n, errors: { rows: 1, amount: 6000n }, included: { rows: 1, amount: 100n } });
    expect(tally(l).lines).toEqual({ header: 1, metadata: 0, data: 2, total: 0, footer: 0, blank: 0, continuation: 2 });
  });

  it('names a swallowed line whose amount cannot be read because it does not split into the columns', () => {
    const cells = ['1', '1', '05/04/2022', '', 'SMH001', '511000', '10.00\n2,1,06/04/2022,,SMH001,511000,20.00,extra'];
    const l = fold({ 'a.csv': [{ line: 2, cells, breaks: 1 }] });
    expect(l.errors.at(0).message).toBe(
      "a quoted cell opens here and runs on over line 3, which looks like a row of this export (a Posting Date and a Net Amount in their columns, or one of them): a quote is missing or one too many, and those rows would be lost inside one cell; £10.00 in all is counted in error here; the amount of line 3 cannot be read (it does not split into the header's columns)",
    );
    expect(tally(l).errors).toEqual({ rows: 1, amount: 1000n });
  });

  it.each([
    ['Line', 1],
    ['Period', 3],
  ])('a quote opened in a row\'s %s and closed in the next row\'s merges the two into the header\'s cells: one suspect-quote error with both amounts', (_column, at) => {
    // Line 2's cells up to the quote, then its rest and line 3's first cells inside one cell, then line 3's rest: seven
    // cells, as the header names, with a date and an amount in their columns, and line 2's 10.00 inside the quoted cell.
    const first = ['1', '1', '05/04/2022', '', 'SMH001', '511000', '10.00'];
    const second = ['2', '1', '06/04/2022', '', 'SMH001', '511000', '20.00'];
    const cells = [...first.slice(0, at), `${first.slice(at).join(',')}\n${second.slice(0, at + 1).join(',')}`, ...second.slice(at + 1)];
    expect(cells).toHaveLength(7);
    const l = fold({ 'a.csv': [{ line: 2, cells, breaks: 1 }, { line: 4, cells: staff('3', '1.00') }] });
    expect([...l.errors]).toEqual([
      expect.objectContaining({
        source: { file: 'a.csv', line: 2 },
        code: 'suspect-quote',
        message: expect.stringContaining('runs on over line 3, which looks like a row of this export') as string,
      }),
    ]);
    expect(l.errors.at(0).message).toContain('£30.00 in all is counted in error here');
    expect(tally(l)).toMatchObject({ rows: 2, readTotal: 3100n, errors: { rows: 1, amount: 3000n }, included: { rows: 1, amount: 100n } });
  });

  it('a description that runs over lines is a cell like any other', () => {
    const layout: GlLayout = { ...GL_TEST_LAYOUT, width: 8 };
    const l = fold({ 'a.csv': [{ line: 2, cells: [...staff('1', '10.00'), 'Licence renewal\nfor the hub'], breaks: 1 }, { line: 4, cells: [...staff('2', '2.00'), ''] }] }, PCD_1215, layout);
    expect([...l.errors]).toEqual([]);
    expect(tally(l).included).toEqual({ rows: 2, amount: 1200n });
    expect(tally(l).lines).toEqual({ header: 1, metadata: 0, data: 2, total: 0, footer: 0, blank: 0, continuation: 1 });
  });
});

describe('float noise, where a layout reads it', () => {
  const noisy: GlLayout = { ...GL_TEST_LAYOUT, floatNoise: true };
  function foldNoisy(amounts: readonly string[]): Ledger {
    const ledger = new LedgerFold(PCD_1215);
    const f = ledger.beginGlFile('a.csv', noisy);
    f.header(1, 0);
    amounts.forEach((amount, i) => f.accept(i + 2, staff(String(i), amount)));
    f.end();
    return ledger.finish();
  }

  it('reads an amount within a millionth of a penny of a penny-exact one as it, with a warning; three real decimals stay an error', () => {
    const l = foldNoisy(['515.9000000000001', '(1,234.5599999999999)', '12.345']);
    // 515.90 − 1,234.56 = −718.66 included; 12.345 is a bad amount.
    expect(tally(l).included).toEqual({ rows: 2, amount: -71866n });
    expect([...l.errors].map((e) => [e.source.line, e.code])).toEqual([[4, 'bad-amount']]);
    expect(l.warnings).toEqual({
      count: 2,
      kept: [
        { source: { file: 'a.csv', line: 2 }, code: 'amount-rounded', message: 'Net Amount "515.9000000000001" is a spreadsheet\'s float noise on 515.90: read as 515.90' },
        { source: { file: 'a.csv', line: 3 }, code: 'amount-rounded', message: 'Net Amount "(1,234.5599999999999)" is a spreadsheet\'s float noise on -1234.56: read as -1234.56' },
      ],
    });
  });

  it('without the layout saying so, float noise is a bad amount', () => {
    const l = fold({ 'a.csv': [staff('1', '515.9000000000001')] });
    expect(l.errors.at(0).code).toBe('bad-amount');
    expect(l.warnings.count).toBe(0);
  });
});

describe('lines above the header', () => {
  it('are metadata or blank, and a line that reads as a row is a row-above-header error with its amount', () => {
    const ledger = new LedgerFold(PCD_1215);
    const f = ledger.beginGlFile('a.csv', GL_TEST_LAYOUT);
    f.header(4, 0);
    f.aboveHeader(1, ['GL line report', 'Period: 2022-04'], 0);
    f.aboveHeader(2, ['', ''], 0);
    f.aboveHeader(3, staff('9', '12.34'), 0);
    f.accept(5, staff('1', '1.00'));
    f.end();
    const l = ledger.finish();
    expect([...l.errors]).toEqual([
      expect.objectContaining({
        source: { file: 'a.csv', line: 3 },
        code: 'row-above-header',
        message: 'this line stands above the header (line 4) but looks like a row of this export (a Posting Date and a Net Amount in their columns, or one of them), so it is not read as data',
      }),
    ]);
    expect(tally(l)).toMatchObject({ rows: 2, readTotal: 1334n, errors: { rows: 1, amount: 1234n }, included: { rows: 1, amount: 100n } });
    expect(tally(l).lines).toEqual({ header: 1, metadata: 1, data: 2, total: 0, footer: 0, blank: 1, continuation: 0 });
  });

  it('a row-like line above the header that does not split into the columns is in error with no amount', () => {
    const ledger = new LedgerFold(PCD_1215);
    const f = ledger.beginGlFile('a.csv', GL_TEST_LAYOUT);
    f.header(2, 0);
    f.aboveHeader(1, [...staff('9', '12.34'), 'x'], 0);
    f.end();
    const l = ledger.finish();
    expect(l.errors.at(0).code).toBe('row-above-header');
    expect(tally(l)).toMatchObject({ readTotal: 0n, errors: { rows: 1, amount: 0n }, amountUnreadable: 1 });
  });
});

describe('GL control totals for any mix of rows (property, against a model)', () => {
  // Each row is made from a kind and an amount, so that its outcome and money are known without the fold.
  type Kind = 'included' | 'ineligible' | 'outside' | 'bad-date' | 'bad-amount' | 'extra-cell' | 'blank';
  const kinds: Kind[] = ['included', 'ineligible', 'outside', 'bad-date', 'bad-amount', 'extra-cell', 'blank'];
  /** An amount written in one of the export forms, by hand: plain, £ and thousands, brackets, trailing minus, CR. */
  function written(p: bigint, form: number): string {
    const negative = p < 0n;
    const abs = negative ? -p : p;
    const pounds = (abs / 100n).toString();
    const pence = (abs % 100n).toString().padStart(2, '0');
    const grouped = pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    if (!negative) return [`${pounds}.${pence}`, `£${grouped}.${pence}`, `${grouped}.${pence}`][form % 3] as string;
    return [`-${pounds}.${pence}`, `(${grouped}.${pence})`, `${grouped}.${pence}-`, `${pounds}.${pence} CR`, `-£${grouped}.${pence}`][form % 5] as string;
  }
  const rowArb = fc.record({ kind: fc.constantFrom(...kinds), pence: fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n }), form: fc.nat(4), period: fc.integer({ min: 1, max: 16 }) });

  it('rows, money and lines are exactly where the model puts them, and a total line of their sum matches', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.boolean(), (model, withTotal) => {
        const rows: Row[] = model.map((r, i) => {
          const doc = String(1000 + i);
          const amount = written(r.pence, r.form);
          // A period P01–P16 dated 30/09/2022 resolves to 2022/23 (P13–P16 at its 31 March, nearest in 2022/23 too).
          const p = `P${String(r.period).padStart(2, '0')}`;
          switch (r.kind) {
            case 'included':
              return [doc, '1', '30/09/2022', p, 'SMH001', '531000', amount];
            case 'ineligible':
              return [doc, '1', '30/09/2022', p, 'SMH001', '701000', amount];
            case 'outside':
              return [doc, '1', '15/06/2021', '', 'SMH001', '531000', amount];
            case 'bad-date':
              return [doc, '1', '30/09/22', p, 'SMH001', '531000', amount];
            case 'bad-amount':
              return [doc, '1', '30/09/2022', p, 'SMH001', '531000', `${amount}.5`];
            case 'extra-cell':
              return [doc, '1', '30/09/2022', p, 'SMH001', '531000', amount, 'x'];
            case 'blank':
              return ['', '', ''];
          }
        });
        const sum = (ks: Kind[]): bigint => model.filter((r) => ks.includes(r.kind)).reduce((s, r) => s + r.pence, 0n);
        const count = (ks: Kind[]): number => model.filter((r) => ks.includes(r.kind)).length;
        const readable = sum(['included', 'ineligible', 'outside', 'bad-date']);
        const total = withTotal ? [['Total', '', '', '', '', '', written(readable, 0)], ['end of report']] : [];
        const l = fold({ 'a.csv': [...rows, ...total] });
        const t = tally(l);
        const dataRows = model.length - count(['blank']);
        expect(t.readTotal).toBe(readable);
        expect(t.included).toEqual({ rows: count(['included']), amount: sum(['included']) });
        expect(t.excluded).toEqual({ rows: count(['ineligible', 'outside']) + (withTotal ? 2 : 0), amount: sum(['ineligible', 'outside']) });
        expect(t.errors).toEqual({ rows: count(['bad-date', 'bad-amount', 'extra-cell']), amount: sum(['bad-date']) });
        expect(t.amountUnreadable).toBe(count(['bad-amount', 'extra-cell']));
        expect(t.rows).toBe(dataRows + (withTotal ? 2 : 0));
        expect(t.lines).toEqual({ header: 1, metadata: 0, data: dataRows, total: withTotal ? 1 : 0, footer: withTotal ? 1 : 0, blank: count(['blank']), continuation: 0 });
        expect(t.controlTotal).toEqual(withTotal ? { line: rows.length + 2, stated: readable, computed: readable, matches: true } : undefined);
        // input = included + excluded + errors, to the penny.
        expect(t.readTotal).toBe(t.included.amount + t.excluded.amount + t.errors.amount);
        // The included money sits in 2022/23, software (category 2), in its period.
        const year = l.years.find((y) => y.fy === 2022);
        for (let p = 1; p <= 16; p++) {
          const inPeriod = model.filter((r) => r.kind === 'included' && r.period === p);
          expect(year?.amounts[p - 1]).toEqual([0n, 0n, inPeriod.reduce((s, r) => s + r.pence, 0n), 0n, 0n, 0n]);
          expect(year?.rowCounts[p - 1]).toBe(inPeriod.length);
        }
        expect(exclusions(l)).toEqual(
          (
            [
              ['control-total', withTotal ? 1 : 0, 0n],
              ['footer', withTotal ? 1 : 0, 0n],
              ['outside-grant-years', count(['outside']), sum(['outside'])],
              ['ineligible-account', count(['ineligible']), sum(['ineligible'])],
            ] as [ExclusionReason, number, Pence][]
          ).filter(([, n]) => n > 0),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('what a GL row is, for an observer that wants it', () => {
  // Columns: Document Number, Line, Posting Date, Period, Cost Centre, Cost Centre Name, Account Code, Account
  // Name, Supplier, Description, Net Amount.
  const DESCRIBED: GlLayout = {
    ...GL_TEST_LAYOUT,
    costCentre: 4,
    costCentreName: 5,
    account: 6,
    accountName: 7,
    supplier: 8,
    description: 9,
    net: 10,
    width: 11,
  };
  const line = (doc: string, account: string, accountName: string, amount: string, date = '14/09/2022'): Row => [doc, '2', date, 'P06', ' smh002 ', 'Social Media Hub - DI', account, accountName, '  Vidmark Forensics Ltd ', 'Video analysis software, annual', amount];
  const ruled: GrantConfig = { ...PCD_1215, chart: [{ name: 'hospitality', match: { prefix: '60' }, category: 'ineligible' }, ...PCD_1215.chart] };

  function observe(files: Record<string, readonly Row[]>, wantsDetail: boolean, layout: GlLayout = DESCRIBED, config: GrantConfig = PCD_1215): ObservedRow[] {
    const seen: ObservedRow[] = [];
    const observer = Object.assign((row: ObservedRow) => void seen.push(row), wantsDetail ? { wantsDetail: true } : {});
    const ledger = new LedgerFold(config, observer);
    for (const [file, rows] of Object.entries(files)) {
      const f = ledger.beginGlFile(file, layout);
      f.header(1, 0);
      rows.forEach((cells, i) => f.accept(i + 2, cells));
      f.end();
    }
    ledger.finish();
    return seen;
  }

  it('is given its document, supplier, description, account and cost centre: codes as compared, names as written but trimmed', () => {
    const [row] = observe({ 'a.csv': [line('5105100083', '531000', 'Software Licences', '18750.00')] }, true);
    expect(row?.detail).toEqual({
      documentNumber: '5105100083',
      documentLine: '2',
      supplier: 'Vidmark Forensics Ltd',
      description: 'Video analysis software, annual',
      account: '531000',
      accountName: 'Software Licences',
      costCentre: 'SMH002',
      costCentreName: 'Social Media Hub - DI',
    });
    expect(row).toMatchObject({ outcome: 'included', rule: 'software-53', amount: 1875000n });
  });

  it('an excluded row carries the account that decided it, with the chart rule that made it ineligible or none', () => {
    const rows = observe({ 'a.csv': [line('1', '601000', 'Hospitality', '186.40'), line('2', '991000', 'Suspense', '5.00')] }, true, DESCRIBED, ruled);
    expect(rows.map((r) => [r.reason, r.rule, r.detail?.account])).toEqual([
      ['ineligible-account', 'hospitality', '601000'],
      ['ineligible-account', undefined, '991000'],
    ]);
  });

  it('a duplicate carries its detail as well as the row it repeats', () => {
    const row = line('9', '531000', 'Software Licences', '1.00');
    const [, duplicate] = observe({ 'a.csv': [row], 'b.csv': [row] }, true);
    expect(duplicate).toMatchObject({ reason: 'duplicate', duplicateOf: { file: 'a.csv', line: 2 }, detail: { documentNumber: '9', supplier: 'Vidmark Forensics Ltd' } });
  });

  it('a column the layout lacks, or an empty cell, is absent', () => {
    const rows = observe({ 'a.csv': [['7', '1', '05/04/2022', '', 'SMH001', '511000', '2.00']] }, true, GL_TEST_LAYOUT);
    expect(rows[0]?.detail).toEqual({ documentNumber: '7', documentLine: '1', account: '511000', costCentre: 'SMH001' });
    const blank = observe({ 'a.csv': [['7', '1', '05/04/2022', '', 'SMH001', '', '511000', '', '', '', '2.00']] }, true);
    expect(blank[0]?.detail).toEqual({ documentNumber: '7', documentLine: '1', account: '511000', costCentre: 'SMH001' });
  });

  it('is not read for an observer that does not ask for it', () => {
    const rows = observe({ 'a.csv': [line('1', '531000', 'Software Licences', '1.00'), line('2', '601000', 'Hospitality', '2.00')] }, false);
    expect(rows.map((r) => r.detail)).toEqual([undefined, undefined]);
  });

  it('a row in error carries its message', () => {
    const rows = observe({ 'a.csv': [line('1', '531000', 'Software Licences', '1.00', '31/02/2023')] }, true);
    expect(rows[0]).toMatchObject({ outcome: 'error', code: 'bad-date' });
    expect(rows[0]?.detail?.message).toMatch(/^Posting Date: /);
  });
});
