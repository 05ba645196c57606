import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountOfNumberText } from '../../src/config/amount-numbers.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import { PCD_1215 } from '../../src/config/pcd1215.js';

/** The pence of the one budget of a file whose budget is written as `budgetText` (a JSON value's text). */
function budgetPence(budgetText: string): bigint | string[] {
  const result = parseConfigText(`{ "budgets": [ { "year": "2022/23", "category": "staff", "budget": ${budgetText} } ] }`, PCD_1215);
  return result.ok ? (result.config.budgets[0]?.budget ?? -1n) : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('caps and budgets written as JSON numbers', () => {
  it('are read from their text, exactly', () => {
    expect(budgetPence('120000.50')).toBe(12_000_050n);
    expect(budgetPence('120000.5')).toBe(12_000_050n);
    expect(budgetPence('120000')).toBe(12_000_000n);
    expect(budgetPence('0.3')).toBe(30n);
    expect(budgetPence('0')).toBe(0n);
    // A double holds 123456789012345678.01 as 123456789012345680: the text is read, never the double.
    expect(budgetPence('123456789012345678.01')).toBe(12_345_678_901_234_567_801n);
    expect(budgetPence('9007199254740993.07')).toBe(900_719_925_474_099_307n);
  });

  it('a cap too', () => {
    const result = parseConfigText('{"years": [{"year": "2024/25", "cap": 2755000.1}, {"year": "2025/26", "cap": 0.07}]}', PCD_1215);
    expect(result.ok && result.config.years.map((y) => y.cap)).toEqual([275_500_010n, 7n]);
  });

  it('refuses more than two decimals and exponents, once each, with the path', () => {
    expect(budgetPence('1.005')).toEqual(['$.budgets[0].budget: 1.005 has more than two decimals: an amount is pounds and pence, e.g. 120000.50 or "120000.50"']);
    expect(budgetPence('0.30000000000000004')).toEqual(['$.budgets[0].budget: 0.30000000000000004 has more than two decimals: an amount is pounds and pence, e.g. 120000.50 or "120000.50"']);
    expect(budgetPence('1e21')).toEqual(['$.budgets[0].budget: 1e21 is written with an exponent: write the amount in pounds and pence, e.g. 120000.50 or "120000.50"']);
    expect(budgetPence('1.5E+2')).toEqual(['$.budgets[0].budget: 1.5E+2 is written with an exponent: write the amount in pounds and pence, e.g. 120000.50 or "120000.50"']);
    // Read as written, a negative number is then refused as a negative string is.
    expect(budgetPence('-5')).toEqual(['$.budgets[0].budget: -5.00 is negative: a budget must be 0.00 or more']);
    const cap = parseConfigText('{"years": [{"year": "2024/25", "cap": 0}]}', PCD_1215);
    expect(cap.ok ? [] : cap.problems).toEqual([{ path: '$.years[0].cap', message: '0.00 is zero: a cap must be more than 0.00' }]);
  });

  it('leaves numbers elsewhere alone, and other problems of the file are still reported', () => {
    const result = parseConfigText('{"budgets": [{"year": "2022/23", "category": "staf", "budget": 1.001}], "profiles": [{"name": "p", "kind": "gl", "columns": {}, "headerSearchRows": 60}]}', PCD_1215);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['$.budgets[0].budget', '$.budgets[0].category']);
  });

  it('a number and the same amount as a string give the same pence', () => {
    const amounts = fc.record({
      pounds: fc.bigInt({ min: 0n, max: 10n ** 24n }),
      pence: fc.integer({ min: 0, max: 99 }),
      decimals: fc.constantFrom(0, 1, 2),
    });
    fc.assert(
      fc.property(amounts, ({ pounds, pence, decimals }) => {
        // The number as a JSON text with 0, 1 or 2 decimals; its string twin always has two.
        const twoDigits = String(pence).padStart(2, '0');
        const fraction = decimals === 0 ? '' : decimals === 1 ? `.${twoDigits.slice(0, 1)}` : `.${twoDigits}`;
        const asNumber = `${pounds}${fraction}`;
        const asString = `"${pounds}.${fraction.slice(1).padEnd(2, '0')}"`;
        expect(budgetPence(asNumber)).toBe(budgetPence(asString));
        expect(amountOfNumberText(asNumber)).toBe(asString.slice(1, -1));
      }),
    );
  });
});
