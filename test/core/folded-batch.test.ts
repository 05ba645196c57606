/**
 * The place words a worker's fold packs each row's outcome into (core/fold/folded-batch.ts) must give back what was
 * packed, for every reason, category, period and year a row can hold, and must fit the 32-bit words they cross in.
 * A seventeenth exclusion reason would be read back as another reason in another month (the reason sits below
 * EXCLUDED_DATED, 16); the configuration allows no more than MAX_CATEGORIES categories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPORTIONED_RULE, excludedAt, excludedPlace, includedAt, includedPlace } from '../../src/core/fold/folded-batch.js';
import { EXCLUSION_REASONS, MAX_CATEGORIES } from '../../src/core/types.js';

// Dates are read from 1900 to 2099, so a row's financial year is 1899/00 to 2099/00.
const fy = fc.integer({ min: 1899, max: 2099 });
const period = fc.integer({ min: 1, max: 16 });

describe('place words', () => {
  it('give back the reason, year and period of every excluded row, dated or not, within 32 bits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXCLUSION_REASONS), fy, period, (reason, year, p) => {
        const dated = excludedPlace(reason, year, p);
        expect(excludedAt(dated)).toEqual([EXCLUSION_REASONS.indexOf(reason), year, p]);
        expect(dated).toBeLessThan(2 ** 32);
        expect(excludedAt(excludedPlace(reason))).toEqual([EXCLUSION_REASONS.indexOf(reason), undefined, undefined]);
      }),
    );
  });

  it('give back the year, period and category of every included row, below the apportionment rule count', () => {
    fc.assert(
      fc.property(fy, period, fc.integer({ min: 0, max: MAX_CATEGORIES - 1 }), (year, p, category) => {
        const place = includedPlace(year, p, category);
        expect(includedAt(place)).toEqual([year, p, category]);
        expect(place).toBeLessThan(APPORTIONED_RULE);
      }),
    );
  });

  it('keep every exclusion reason apart: each reason reads back as itself', () => {
    const read = EXCLUSION_REASONS.map((reason) => excludedAt(excludedPlace(reason, 2023, 13))[0]);
    expect(read).toEqual(EXCLUSION_REASONS.map((_, i) => i));
  });
});
