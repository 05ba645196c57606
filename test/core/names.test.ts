import { describe, expect, it } from 'vitest';
import { Names } from '../../src/core/store/names.js';

describe('Names', () => {
  it('numbers names in the order first given, and gives a repeated name its number again', () => {
    const names = new Names();
    expect(['b.csv', 'a.csv', 'b.csv', '', 'a.csv'].map((n) => names.number(n))).toEqual([0, 1, 0, 2, 1]);
    expect(names.names).toEqual(['b.csv', 'a.csv', '']);
    expect(names.name(1)).toBe('a.csv');
  });

  it('past the names it remembers (a Map holds at most 2^24), gives a new number, and every number its name', () => {
    const names = new Names(2);
    expect(['a', 'b', 'c', 'c', 'a', 'b', 'd'].map((n) => names.number(n))).toEqual([0, 1, 2, 3, 0, 1, 4]);
    expect(names.names).toEqual(['a', 'b', 'c', 'c', 'd']);
    expect([0, 1, 2, 3, 4].map((n) => names.name(n))).toEqual(['a', 'b', 'c', 'c', 'd']);
  });
});
