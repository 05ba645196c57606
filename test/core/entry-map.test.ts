import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryMap } from '../../src/core/dedup/entry-map.js';

describe('EntryMap', () => {
  it('holds what a Map of entry numbers holds, through growth, for ids in runs and far apart', () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2 ** 31 - 2 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(id, fc.nat(0xffff_ffff), fc.nat(0x3ffe)), { maxLength: 2000 }), (writes) => {
        const map = new EntryMap(2);
        const model = new Map<number, [number, number]>();
        for (const [key, line, file] of writes) {
          const slot = map.slot(key);
          map.set(slot, 0, file);
          map.set(slot, 1, line);
          model.set(key, [file, line]);
        }
        expect(map.size).toBe(model.size);
        for (const [key, [file, line]] of model) {
          const slot = map.find(key);
          expect(slot).toBeGreaterThanOrEqual(0);
          expect([map.get(slot, 0), map.get(slot, 1)]).toEqual([file, line]);
        }
        for (const [key] of writes) if (!model.has(key + 1)) expect(map.find(key + 1)).toBe(-1);
      }),
      { numRuns: 60 },
    );
  });

  it('gives a new entry zero values, and the same slot to the same entry until it grows', () => {
    const map = new EntryMap(1);
    const slot = map.slot(41);
    expect(map.get(slot, 0)).toBe(0);
    map.set(slot, 0, 7);
    expect(map.slot(41)).toBe(slot);
    for (let id = 0; id < 100_000; id++) map.set(map.slot(id * 3), 0, id);
    // 41 is no multiple of 3: the loop never touches it.
    expect(map.size).toBe(100_001);
    expect(map.get(map.find(41), 0)).toBe(7);
    expect(map.get(map.find(299_997), 0)).toBe(99_999);
  });
});
