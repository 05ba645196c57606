import { describe, it, expect } from 'vitest';
import { HEADER_SEARCH_ROWS, isHeaderMatch, matchHeader, type HeaderMatch, type HeaderMiss } from '../../src/ingest/header.js';
import { BUILT_IN_PROFILES, GL_PROFILE, normaliseHeaderName, type SourceProfile } from '../../src/ingest/profiles.js';

const GL_REQUIRED = ['Document Number', 'Line', 'Posting Date', 'Cost Centre', 'Account Code', 'Net Amount'];
const GL_FULL = [
  'Document Number',
  'Line',
  'Posting Date',
  'Period',
  'Cost Centre',
  'Cost Centre Name',
  'Account Code',
  'Account Name',
  'Supplier',
  'Description',
  'Net Amount',
  'VAT Amount',
  'Gross Amount',
];

/** The match for `cells`, failing the test when the header is not recognised. */
function match(cells: readonly string[], profiles: readonly SourceProfile[] = BUILT_IN_PROFILES): HeaderMatch {
  const result = matchHeader(cells, profiles);
  if (!isHeaderMatch(result)) throw new Error(`expected a match, missing ${result.missing.join(', ')}`);
  return result;
}

/** The miss for `cells`, failing the test when a header is recognised. */
function miss(cells: readonly string[], profiles: readonly SourceProfile[] = BUILT_IN_PROFILES): HeaderMiss {
  const result = matchHeader(cells, profiles);
  if (isHeaderMatch(result)) throw new Error(`expected no match, got ${result.profile.id}`);
  return result;
}

const columnsOf = (m: HeaderMatch) => Object.fromEntries(m.columns);

describe('normaliseHeaderName', () => {
  it('trims, folds runs of white space to one space and lower-cases', () => {
    expect(normaliseHeaderName('  Posting \t  DATE ')).toBe('posting date');
    expect(normaliseHeaderName('Net\u00a0Amount')).toBe('net amount');
    expect(normaliseHeaderName('   ')).toBe('');
  });
});

describe('matchHeader', () => {
  it('matches the exact GL header, mapping every profile column to its cell', () => {
    const m = match(GL_FULL);
    expect(m.profile).toBe(GL_PROFILE);
    expect(columnsOf(m)).toEqual({
      'Document Number': 0,
      Line: 1,
      'Posting Date': 2,
      Period: 3,
      'Cost Centre': 4,
      'Cost Centre Name': 5,
      'Account Code': 6,
      'Account Name': 7,
      Supplier: 8,
      Description: 9,
      'Net Amount': 10,
      'VAT Amount': 11,
      'Gross Amount': 12,
    });
    expect(m.width).toBe(13);
  });

  it('matches the required columns alone; optional columns are simply absent', () => {
    const m = match(GL_REQUIRED);
    expect(columnsOf(m)).toEqual({ 'Document Number': 0, Line: 1, 'Posting Date': 2, 'Cost Centre': 3, 'Account Code': 4, 'Net Amount': 5 });
    expect(m.width).toBe(6);
  });

  it('ignores order, case and runs of spaces in the names', () => {
    const m = match(['NET AMOUNT', 'posting  date', ' Account   Code ', 'cost centre', 'LINE', 'Document\tNumber']);
    expect(columnsOf(m)).toEqual({ 'Net Amount': 0, 'Posting Date': 1, 'Account Code': 2, 'Cost Centre': 3, Line: 4, 'Document Number': 5 });
    expect(m.width).toBe(6);
  });

  it('allows extra columns, which widen the header but map to nothing', () => {
    const m = match(['Company Code', ...GL_REQUIRED, 'Approver', 'Notes']);
    expect(columnsOf(m)).toEqual({ 'Document Number': 1, Line: 2, 'Posting Date': 3, 'Cost Centre': 4, 'Account Code': 5, 'Net Amount': 6 });
    expect(m.width).toBe(9);
  });

  it('reads past a blank leading column (SAP report exports) and ignores trailing empty cells in the width', () => {
    const m = match(['', ...GL_REQUIRED, '', '  ', '']);
    expect(columnsOf(m)).toEqual({ 'Document Number': 1, Line: 2, 'Posting Date': 3, 'Cost Centre': 4, 'Account Code': 5, 'Net Amount': 6 });
    expect(m.width).toBe(7);
  });

  it('names the missing required columns, in profile order', () => {
    const m = miss(['Document Number', 'Line', 'Posting Date', 'Supplier', 'Account Code', 'Amount Paid']);
    expect(m.profile).toBe(GL_PROFILE);
    expect(m.missing).toEqual(['Cost Centre', 'Net Amount']);
    expect(m.repeated).toBeUndefined();
    expect(miss(['Supplier', 'Amount'], [GL_PROFILE]).missing).toEqual(GL_REQUIRED);
    expect(miss([], [GL_PROFILE]).missing).toEqual(GL_REQUIRED);
  });

  it('does not accept a near-miss name (Net Amount (£), Posting Dt)', () => {
    expect(miss(['Document Number', 'Line', 'Posting Dt', 'Cost Centre', 'Account Code', 'Net Amount (£)']).missing).toEqual([
      'Posting Date',
      'Net Amount',
    ]);
  });

  it('reports a required column named twice as a miss with `repeated` (1-based positions)', () => {
    const m = miss(['Document Number', 'Line', 'Posting Date', 'Cost Centre', 'Account Code', 'Net Amount', 'net  amount']);
    expect(m).toEqual({ profile: GL_PROFILE, missing: [], repeated: { name: 'Net Amount', positions: [6, 7] } });
  });

  it('reports Period named twice as a miss with `repeated`: its values are read, so two are ambiguous', () => {
    const m = miss([...GL_REQUIRED, 'Period', 'PERIOD']);
    expect(m).toEqual({ profile: GL_PROFILE, missing: [], repeated: { name: 'Period', positions: [7, 8] } });
  });

  it('accepts a descriptive optional column named twice, keeping the first', () => {
    const m = match([...GL_REQUIRED, 'Description', 'DESCRIPTION']);
    expect(m.columns.get('Description')).toBe(6);
    expect(m.width).toBe(8);
    for (const name of ['Cost Centre Name', 'Account Name', 'Supplier', 'VAT Amount', 'Gross Amount']) {
      expect(match([name, ...GL_REQUIRED, name.toLowerCase()]).columns.get(name), name).toBe(0);
    }
  });

  it('reads the values of the six required columns and Period only', () => {
    expect(GL_PROFILE.columns.filter((c) => c.read).map((c) => c.name)).toEqual([...GL_REQUIRED, 'Period']);
    expect(GL_PROFILE.columns.filter((c) => c.required).map((c) => c.name)).toEqual(GL_REQUIRED);
  });

  it('names only the first repeated column, in profile order', () => {
    const m = miss(['Net Amount', ...GL_REQUIRED, 'Line']);
    expect(m.repeated).toEqual({ name: 'Line', positions: [3, 8] });
  });

  it('reports missing columns rather than a repetition when both occur', () => {
    const m = miss(['Line', 'Line', 'Posting Date']);
    expect(m.missing).toEqual(['Document Number', 'Cost Centre', 'Account Code', 'Net Amount']);
    expect(m.repeated).toBeUndefined();
  });

  it('allows an extra column repeated (it is not a profile column)', () => {
    expect(match([...GL_REQUIRED, 'Notes', 'notes']).width).toBe(8);
  });

  describe('with several profiles', () => {
    const PAYROLL: SourceProfile = {
      id: 'payroll',
      label: 'Payroll export',
      columns: [
        { name: 'Payroll Period', required: true, read: true },
        { name: 'Employee Number', required: true, read: true },
        { name: 'Staff Type', required: true, read: true },
        { name: 'Cost Centre', required: true, read: true },
        { name: 'Pay Element', required: true, read: true },
        { name: 'Amount', required: true, read: true },
        { name: 'Grade', required: false, read: false },
      ],
      amountColumn: 'Amount',
      key: [],
    };
    const both = [GL_PROFILE, PAYROLL];

    it('matches the profile whose required columns are all present', () => {
      const m = match(['Payroll Period', 'Employee Number', 'Staff Type', 'Cost Centre', 'Pay Element', 'Amount'], both);
      expect(m.profile).toBe(PAYROLL);
      expect(m.columns.get('Amount')).toBe(5);
    });

    it('names the missing columns of the closest profile', () => {
      const m = miss(['Payroll Period', 'Employee Number', 'Cost Centre', 'Amount'], both);
      expect(m.profile).toBe(PAYROLL);
      expect(m.missing).toEqual(['Staff Type', 'Pay Element']);
      const gl = miss(['Document Number', 'Line', 'Cost Centre', 'Net Amount'], both);
      expect(gl.profile).toBe(GL_PROFILE);
      expect(gl.missing).toEqual(['Posting Date', 'Account Code']);
    });

    it('breaks a tie for closest in favour of the earlier profile', () => {
      expect(miss(['Cost Centre'], both).profile).toBe(GL_PROFILE);
      expect(miss(['Cost Centre'], [PAYROLL, GL_PROFILE]).profile).toBe(PAYROLL);
    });

    it('takes the first profile in order when a header satisfies two', () => {
      const cells = [...GL_REQUIRED, 'Payroll Period', 'Employee Number', 'Staff Type', 'Pay Element', 'Amount'];
      expect(match(cells, both).profile).toBe(GL_PROFILE);
      expect(match(cells, [PAYROLL, GL_PROFILE]).profile).toBe(PAYROLL);
    });
  });

  it('needs at least one profile', () => {
    expect(() => matchHeader(GL_REQUIRED, [])).toThrow('matchHeader needs at least one profile');
  });

  it('searches the first 50 rows for the header', () => {
    expect(HEADER_SEARCH_ROWS).toBe(50);
  });
});
