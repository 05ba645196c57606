import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextHeap } from '../../src/core/store/text-heap.js';

describe('TextHeap', () => {
  it('gives back every text as it was held, whatever its characters', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'Vidmark Forensics Ltd', '£18,750.00 — café')), { maxLength: 300 }), (texts) => {
        const heap = new TextHeap();
        const numbers = texts.map((t) => heap.number(t));
        expect(numbers.map((n) => heap.text(n))).toEqual(texts);
      }),
      { numRuns: 100 },
    );
  });

  it('holds a text repeated over nearby rows once', () => {
    const heap = new TextHeap();
    const first = heap.number('Capital IT Supplies Ltd');
    const size = heap.size;
    expect(heap.number('Capital IT Supplies Ltd')).toBe(first);
    expect(heap.size).toBe(size);
    // 4 bytes of length, then 23 of UTF-8.
    expect(size).toBe(27);
  });
});
