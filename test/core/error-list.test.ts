import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorList, EXCERPTS_KEPT } from '../../src/core/store/error-list.js';
import { firstOf } from '../../src/core/store/sequence.js';
import { ROW_ERROR_CODES, type RowError } from '../../src/core/types.js';

const rowError: fc.Arbitrary<RowError> = fc.record(
  {
    source: fc.record({ file: fc.constantFrom('a.csv', 'b.csv', 'exports/2022 06.csv', '=c.csv'), line: fc.integer({ min: 1, max: 0xffff_ffff }) }),
    code: fc.constantFrom(...ROW_ERROR_CODES),
    // Messages and hints repeat, as they do wherever the same bad value does, and may be anything, the empty text included.
    message: fc.oneof(fc.constantFrom('Posting Date: date "31/02/2023" does not exist', 'required field Net Amount is blank', ''), fc.string()),
    hint: fc.constantFrom('write dates as dd/mm/yyyy, e.g. 31/03/2023', '', 'fill the cell'),
    excerpt: fc.string(),
  },
  { requiredKeys: ['source', 'code', 'message'] },
);

/** What the list gives back for `error` recorded at `index`: the excerpt only among the first EXCERPTS_KEPT. */
function asKept(error: RowError, index: number): RowError {
  if (index < EXCERPTS_KEPT || error.excerpt === undefined) return error;
  const { source, code, message, hint } = error;
  return { source, code, message, ...(hint === undefined ? {} : { hint }) };
}

describe('ErrorList', () => {
  it('gives back every error recorded, in order, past its first growth, with its hint where it has one', () => {
    fc.assert(
      fc.property(fc.array(rowError, { maxLength: 300 }), (errors) => {
        const list = new ErrorList();
        for (const e of errors) list.push(e);
        expect(list.length).toBe(errors.length);
        expect([...list]).toEqual(errors);
        expect(errors.map((_, i) => list.at(i))).toEqual(errors);
        expect([...firstOf(list, 20)]).toEqual(errors.slice(0, 20));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the excerpt of the first EXCERPTS_KEPT errors only, and everything else of every error', () => {
    const errors = Array.from({ length: EXCERPTS_KEPT + 5 }, (_, i): RowError => ({
      source: { file: 'a.csv', line: i + 2 },
      code: 'bad-date',
      message: `Posting Date: date "${i % 7}/13/2023" does not exist`,
      hint: 'write dates as dd/mm/yyyy, e.g. 31/03/2023',
      excerpt: `51000,${i},${i % 7}/13/2023`,
    }));
    const list = new ErrorList();
    for (const [i, e] of errors.entries()) {
      expect(list.keepsExcerpt).toBe(i < EXCERPTS_KEPT);
      list.push(e);
    }
    expect([...list]).toEqual(errors.map(asKept));
    expect(list.at(EXCERPTS_KEPT - 1).excerpt).toBe(`51000,${EXCERPTS_KEPT - 1},${(EXCERPTS_KEPT - 1) % 7}/13/2023`);
    expect(list.at(EXCERPTS_KEPT)).not.toHaveProperty('excerpt');
  });

  it('reads in input order then line, keeping the recorded order within a line, and as recorded when already in order', () => {
    fc.assert(
      fc.property(fc.array(rowError, { maxLength: 300 }), fc.shuffledSubarray(['a.csv', 'b.csv', 'exports/2022 06.csv', '=c.csv'], { minLength: 4, maxLength: 4 }), (errors, files) => {
        const order = new Map(files.map((f, i) => [f, i]));
        const list = new ErrorList();
        for (const e of errors) list.push(e);
        const expected = errors
          .map((e, i) => ({ e: asKept(e, i), i }))
          .sort((x, y) => (order.get(x.e.source.file) as number) - (order.get(y.e.source.file) as number) || x.e.source.line - y.e.source.line || x.i - y.i)
          .map(({ e }) => e);
        const sorted = list.sorted(order);
        expect(sorted.length).toBe(errors.length);
        expect([...sorted]).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('replaces messages by index in a new list, leaving the list it came from as it was', () => {
    const list = new ErrorList();
    list.push({ source: { file: 'b.csv', line: 3 }, code: 'conflicting-duplicate', message: 'key 5100/1 was already read at a.csv:2', hint: 'keep one' });
    list.push({ source: { file: 'b.csv', line: 4 }, code: 'bad-amount', message: 'Net Amount: "x" is not an amount' });
    const completed = list.withMessages(new Map([[0, 'key 5100/1 was already read at a.csv:2 (Net Amount 10.00 there, 7.00 here)']]));
    expect(completed.at(0)).toEqual({ source: { file: 'b.csv', line: 3 }, code: 'conflicting-duplicate', message: 'key 5100/1 was already read at a.csv:2 (Net Amount 10.00 there, 7.00 here)', hint: 'keep one' });
    expect(completed.at(1)).toEqual(list.at(1));
    expect(list.at(0).message).toBe('key 5100/1 was already read at a.csv:2');
    expect([...completed.sorted(new Map([['b.csv', 0]]))].map((e) => e.message)).toEqual([completed.at(0).message, list.at(1).message]);
    expect(() => completed.push({ source: { file: 'b.csv', line: 5 }, code: 'bad-date', message: 'm' })).toThrow(/read only/);
    expect(completed).toHaveLength(2);
  });

  it('refuses a line it cannot hold and an index it does not have, rather than give a wrong row', () => {
    const list = new ErrorList();
    expect(() => list.push({ source: { file: 'a.csv', line: 2 ** 32 }, code: 'bad-date', message: 'm' })).toThrow(/line 4294967296 of a.csv cannot be listed/);
    expect(list.length).toBe(0);
    list.push({ source: { file: 'a.csv', line: 2 }, code: 'bad-date', message: 'm' });
    expect(() => list.at(1)).toThrow(RangeError);
    expect(() => list.at(-1)).toThrow(RangeError);
    expect(() => list.at(0.5)).toThrow(RangeError);
  });
});
