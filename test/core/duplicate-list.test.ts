import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateList } from '../../src/core/store/duplicate-list.js';

describe('DuplicateList', () => {
  it('gives back every duplicate pushed, in order, past its first growth, with the file names as given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a.csv', 'b.csv', 'exports/c d.csv', '=e.csv'), fc.integer({ min: 1, max: 0xffff_ffff }), fc.constantFrom('a.csv', 'b.csv', 'f.csv'), fc.integer({ min: 1, max: 0xffff_ffff })), { maxLength: 300 }),
        (entries) => {
          const list = new DuplicateList();
          for (const [file, line, ofFile, ofLine] of entries) list.push({ file, line }, { file: ofFile, line: ofLine });
          const expected = entries.map(([file, line, ofFile, ofLine]) => ({ source: { file, line }, duplicateOf: { file: ofFile, line: ofLine } }));
          expect(list.length).toBe(entries.length);
          expect([...list]).toEqual(expected);
          expect(entries.map((_, i) => list.at(i))).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a line it cannot hold and an index it does not have, rather than give a wrong row', () => {
    const list = new DuplicateList();
    expect(() => list.push({ file: 'b.csv', line: 2 ** 32 }, { file: 'a.csv', line: 1 })).toThrow(/line 4294967296 of b.csv cannot be listed/);
    expect(() => list.push({ file: 'b.csv', line: 2 }, { file: 'a.csv', line: 0 })).toThrow(/line 0 of a.csv/);
    expect(list.length).toBe(0);
    list.push({ file: 'b.csv', line: 2 }, { file: 'a.csv', line: 3 });
    expect(() => list.at(1)).toThrow(RangeError);
    expect(() => list.at(-1)).toThrow(RangeError);
    expect(list.at(0)).toEqual({ source: { file: 'b.csv', line: 2 }, duplicateOf: { file: 'a.csv', line: 3 } });
  });
});
