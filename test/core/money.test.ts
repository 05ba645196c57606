import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatCount, formatMoney, formatPence, maxPence, minPence, parseAmount, parsePence, PenceSum, roundFloatNoise, scaleRoundHalfUp } from '../../src/core/money.js';

/** The pence of an accepted amount, failing the test with the message otherwise. */
function pence(text: string): bigint {
  const r = parseAmount(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse: ${r.message}`);
  return r.pence;
}

/** The message of a rejected amount, failing the test if it parses. */
function rejection(text: string): string {
  const r = parseAmount(text);
  if (r.ok) throw new Error(`expected "${text}" to be rejected, got ${r.pence}`);
  return r.message;
}

describe('parseAmount accepts the export forms', () => {
  it.each([
    ['1234.56', 123456n],
    ['1,234.56', 123456n],
    ['£1,234.56', 123456n],
    ['£1234.56', 123456n],
    ['-£1,234.56', -123456n],
    ['-1234.56', -123456n],
    ['-1,234.56', -123456n],
    ['(1,234.56)', -123456n],
    ['(£1,234.56)', -123456n],
    ['(1234.56)', -123456n],
    ['1,234.56-', -123456n],
    ['£1,234.56-', -123456n],
    ['1234.56 CR', -123456n],
    ['1234.56CR', -123456n],
    ['1234.56   cr', -123456n],
    ['1,234.56 Cr', -123456n],
    ['£1,234.56 CR', -123456n],
    ['900', 90000n],
    ['671.1', 67110n],
    ['713.25', 71325n],
    ['0.05', 5n],
    ['-0.05', -5n],
    ['0', 0n],
    ['1,234,567.89', 123456789n],
    ['1,000', 100000n],
    ['  12.50  ', 1250n],
    ['\t-3.00\r', -300n],
    ['12345678901234567.89', 1234567890123456789n],
    ['-99999999999999999999.99', -9999999999999999999999n],
    ['9999999999999.99', 999999999999999n],
    ['0001.00', 100n],
  ])('%j → %s pence', (text, expected) => {
    expect(pence(text)).toBe(expected);
  });

  it('reads -0.00 and its relatives as zero', () => {
    expect(pence('-0.00')).toBe(0n);
    expect(pence('(0.00)')).toBe(0n);
    expect(pence('0.00-')).toBe(0n);
    expect(pence('0.00 CR')).toBe(0n);
  });
});

describe('parseAmount rejects everything else', () => {
  it.each([
    '',
    '   ',
    '.50',
    '-.50',
    '£.50',
    '900.',
    '1,234.',
    '12,34.00',
    '1,2345.00',
    ',123.00',
    '1234,567.00',
    '1,234,56.00',
    '-(5.00)',
    '(5.00)-',
    '-5.00 CR',
    '(5.00 CR)',
    '--5.00',
    '5.00--',
    '(-5.00)',
    '+5.00',
    '+£5.00',
    '(+5.00)',
    '1.005',
    '0.001',
    '1,234.567',
    'abc',
    '12a.00',
    '1 234',
    '1 234.56',
    '1.234,56',
    '1.2.3',
    '£',
    '-',
    '()',
    'CR',
    '(5.00',
    '5.00)',
    '£-5.00',
    '£(5.00)',
    '5.00£',
    '££5.00',
    '- 5.00',
    '( 5.00 )',
    '5.00 -',
    '−5.00',
    '$5.00',
    '5e3',
    'NaN',
    '1_000.00',
    '5.00 DR',
  ])('%j', (text) => {
    expect(parseAmount(text).ok).toBe(false);
  });

  it('says what is wrong, with a valid example', () => {
    expect(rejection('1.005')).toBe('amount "1.005" has more than two decimal places; write pounds and pence, e.g. 1234.56');
    expect(rejection(' 900. ')).toBe('amount "900." has a decimal point with no pence after it; write e.g. 900 or 900.00');
    expect(rejection('.50')).toBe('amount ".50" has no digit before the decimal point; write e.g. 0.50');
    expect(rejection('12,34.00')).toBe(
      'amount "12,34.00" has thousands separators that are not grouped by threes; write e.g. 1,234,567.89 or 1234567.89',
    );
    expect(rejection('-(5.00)')).toBe(
      'amount "-(5.00)" has more than one sign; write a negative amount one way, e.g. -1,234.56 or (1,234.56)',
    );
    expect(rejection('+5.00')).toBe('amount "+5.00" has a plus sign; write a positive amount without a sign, e.g. 1234.56');
    expect(rejection('')).toBe('amount "" is empty; write pounds and pence, e.g. 1234.56');
    expect(rejection('1.234,56')).toBe(
      'amount "1.234,56" has a comma after the decimal point; use a point for pence and commas for thousands, e.g. 1,234.56',
    );
    expect(rejection('abc')).toBe(
      'amount "abc" has no digits; write pounds and pence, e.g. 1234.56',
    );
    expect(rejection('1 234')).toBe(
      'amount "1 234" is not a recognised amount; write pounds and pence, e.g. 1234.56 or e.g. -1,234.56 or (1,234.56)',
    );
  });

  it('offers the message without the cell text, for payroll rows', () => {
    const r = parseAmount('1.005');
    expect(r).toEqual({
      ok: false,
      message: 'amount "1.005" has more than two decimal places; write pounds and pence, e.g. 1234.56',
      redactedMessage: 'amount has more than two decimal places; write pounds and pence, e.g. 1234.56',
    });
  });

  it('quotes at most 40 characters of a runaway cell', () => {
    const long = 'x'.repeat(100);
    expect(rejection(long)).toBe(`amount "${'x'.repeat(40)}…" has no digits; write pounds and pence, e.g. 1234.56`);
  });
});

describe('formatPence', () => {
  it.each([
    [289345200n, '2893452.00'],
    [-1250n, '-12.50'],
    [0n, '0.00'],
    [-5n, '-0.05'],
    [5n, '0.05'],
    [100n, '1.00'],
    [-100n, '-1.00'],
    [123456789012345678901n, '1234567890123456789.01'],
  ])('%s → %s', (p, text) => {
    expect(formatPence(p)).toBe(text);
  });
});

describe('formatMoney', () => {
  it.each([
    [289345200n, '£2,893,452.00'],
    [-1250n, '-£12.50'],
    [0n, '£0.00'],
    [-5n, '-£0.05'],
    [99999n, '£999.99'],
    [100000n, '£1,000.00'],
    [12345678n, '£123,456.78'],
    [-123456789n, '-£1,234,567.89'],
  ])('%s → %s', (p, text) => {
    expect(formatMoney(p)).toBe(text);
  });
});

describe('parsePence reads only the canonical form', () => {
  it.each([
    ['2893452.00', 289345200n],
    ['-12.50', -1250n],
    ['0.00', 0n],
    ['-0.00', 0n],
    ['-0.05', -5n],
  ])('%j → %s', (text, p) => {
    expect(parsePence(text)).toBe(p);
  });

  it.each(['12.5', '12', '1,234.00', '£1.00', ' 1.00', '1.00 ', '(1.00)', '+1.00', '1.000', '', '.50', '1.00-'])(
    'rejects %j',
    (text) => {
      expect(parsePence(text)).toBeUndefined();
    },
  );
});

describe('scaleRoundHalfUp', () => {
  it('projects a run rate: ytd × 12 / n', () => {
    expect(scaleRoundHalfUp(100000n, 12n, 5n)).toBe(240000n);
    expect(scaleRoundHalfUp(100n, 12n, 7n)).toBe(171n); // 171.428…
    expect(scaleRoundHalfUp(1n, 1n, 3n)).toBe(0n);
    expect(scaleRoundHalfUp(2n, 1n, 3n)).toBe(1n);
  });

  it('rounds halves away from zero', () => {
    expect(scaleRoundHalfUp(5n, 1n, 2n)).toBe(3n);
    expect(scaleRoundHalfUp(-5n, 1n, 2n)).toBe(-3n);
    expect(scaleRoundHalfUp(3n, 1n, 2n)).toBe(2n);
    expect(scaleRoundHalfUp(-3n, 1n, 2n)).toBe(-2n);
    expect(scaleRoundHalfUp(1n, 1n, 2n)).toBe(1n);
    expect(scaleRoundHalfUp(-1n, 1n, 2n)).toBe(-1n);
    expect(scaleRoundHalfUp(5n, 1n, -2n)).toBe(-3n);
    expect(scaleRoundHalfUp(-5n, -1n, -2n)).toBe(-3n);
    expect(scaleRoundHalfUp(0n, 12n, 7n)).toBe(0n);
  });

  it('throws on a zero denominator (a bug, not data)', () => {
    expect(() => scaleRoundHalfUp(1n, 12n, 0n)).toThrow(RangeError);
  });

  it('agrees with rounding the exact rational half away from zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: -100n, max: 100n }),
        fc.bigInt({ min: -100n, max: 100n }).filter((d) => d !== 0n),
        (p, num, den) => {
          const r = scaleRoundHalfUp(p, num, den);
          // |p·num/den − r| ≤ 1/2, with equality only when r is the value further from zero.
          const diffTimesDen2 = 2n * (p * num - r * den); // 2·den·(exact − r)
          const absDen = den < 0n ? -den : den;
          const absDiff = diffTimesDen2 < 0n ? -diffTimesDen2 : diffTimesDen2;
          expect(absDiff <= absDen).toBe(true);
          if (absDiff === absDen) {
            const exactSign = (p * num < 0n) !== (den < 0n) ? -1n : 1n;
            expect(r * exactSign > 0n).toBe(true);
          }
        },
      ),
    );
  });
});

describe('minPence and maxPence', () => {
  it('pick the extreme', () => {
    expect(minPence(5n)).toBe(5n);
    expect(minPence(5n, -3n, 7n)).toBe(-3n);
    expect(maxPence(5n, -3n, 7n)).toBe(7n);
    expect(maxPence(0n, -1n)).toBe(0n);
    expect(minPence(0n, 289345200n)).toBe(0n);
  });
});

const LIMIT = 10n ** 15n;
const anyPence = fc.bigInt({ min: -LIMIT, max: LIMIT });

describe('round trips', () => {
  it('formatPence → parsePence', () => {
    fc.assert(fc.property(anyPence, (p) => {
      expect(parsePence(formatPence(p))).toBe(p);
    }));
  });

  it('formatPence → parseAmount', () => {
    fc.assert(fc.property(anyPence, (p) => {
      expect(pence(formatPence(p))).toBe(p);
    }));
  });

  it('formatMoney → parseAmount', () => {
    fc.assert(fc.property(anyPence, (p) => {
      expect(pence(formatMoney(p))).toBe(p);
    }));
  });
});

/** How a generated amount is written. */
interface AmountStyle {
  readonly pound: boolean;
  readonly grouped: boolean;
  readonly decimals: 0 | 1 | 2;
  readonly negativeStyle: 'minus' | 'brackets' | 'trailing' | 'credit';
  readonly creditSpaces: number;
  readonly creditCase: 'CR' | 'cr' | 'Cr' | 'cR';
  readonly outerSpace: string;
}

const amountStyle: fc.Arbitrary<AmountStyle> = fc.record({
  pound: fc.boolean(),
  grouped: fc.boolean(),
  decimals: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
  negativeStyle: fc.constantFrom<AmountStyle['negativeStyle']>('minus', 'brackets', 'trailing', 'credit'),
  creditSpaces: fc.integer({ min: 0, max: 3 }),
  creditCase: fc.constantFrom<AmountStyle['creditCase']>('CR', 'cr', 'Cr', 'cR'),
  outerSpace: fc.constantFrom('', ' ', '  ', '\t'),
});

/** Writes |p| in a style, returning undefined when the decimals asked for would lose pence. */
function writeAmount(p: bigint, style: AmountStyle): string | undefined {
  const abs = p < 0n ? -p : p;
  const poundsText = (abs / 100n).toString();
  const penceText = (abs % 100n).toString().padStart(2, '0');
  if (style.decimals === 0 && penceText !== '00') return undefined;
  if (style.decimals === 1 && !penceText.endsWith('0')) return undefined;
  const fraction = style.decimals === 0 ? '' : `.${penceText.slice(0, style.decimals)}`;
  const whole = style.grouped ? poundsText.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : poundsText;
  const body = `${style.pound ? '£' : ''}${whole}${fraction}`;
  let text = body;
  if (p < 0n) {
    switch (style.negativeStyle) {
      case 'minus':
        text = `-${body}`;
        break;
      case 'brackets':
        text = `(${body})`;
        break;
      case 'trailing':
        text = `${body}-`;
        break;
      case 'credit':
        text = `${body}${' '.repeat(style.creditSpaces)}${style.creditCase}`;
        break;
    }
  }
  return `${style.outerSpace}${text}${style.outerSpace}`;
}

/** A generated amount: the value and its text in some accepted style. */
const writtenAmount = fc
  .tuple(anyPence, amountStyle)
  .map(([p, style]) => {
    const text = writeAmount(p, style) ?? writeAmount(p, { ...style, decimals: 2 });
    return { p, text: text ?? '' };
  });

describe('every generated amount in an accepted form reads back to its value', () => {
  it('parses', () => {
    fc.assert(
      fc.property(writtenAmount, ({ p, text }) => {
        expect(pence(text)).toBe(p);
      }),
    );
  });

  it('rejects a third decimal place', () => {
    fc.assert(
      fc.property(anyPence, amountStyle, fc.integer({ min: 0, max: 9 }), (p, style, digit) => {
        const text = writeAmount(p, { ...style, decimals: 2, outerSpace: '' }) ?? '';
        // Insert a digit right after the two pence digits, wherever the sign decoration sits.
        const mutated = text.replace(/(\.\d\d)/, `$1${digit}`);
        expect(parseAmount(mutated).ok).toBe(false);
      }),
    );
  });

  it('rejects a second sign', () => {
    fc.assert(
      fc.property(
        anyPence.filter((p) => p < 0n),
        amountStyle,
        fc.constantFrom('minus', 'brackets', 'trailing', 'credit'),
        (p, style, extra) => {
          const text = writeAmount(p, { ...style, decimals: 2, outerSpace: '' }) ?? '';
          const doubled =
            extra === 'minus' ? `-${text}` : extra === 'brackets' ? `(${text})` : extra === 'trailing' ? `${text}-` : `${text} CR`;
          expect(parseAmount(doubled).ok).toBe(false);
        },
      ),
    );
  });

  it('rejects a leading plus', () => {
    fc.assert(
      fc.property(writtenAmount, ({ text }) => {
        expect(parseAmount(`+${text.trim()}`).ok).toBe(false);
      }),
    );
  });

  it('rejects a point with nothing after it, or nothing before it', () => {
    fc.assert(
      fc.property(anyPence, fc.boolean(), (p, pound) => {
        const abs = p < 0n ? -p : p;
        const whole = (abs / 100n).toString();
        expect(parseAmount(`${pound ? '£' : ''}${whole}.`).ok).toBe(false);
        expect(parseAmount(`${pound ? '£' : ''}.${(abs % 100n).toString().padStart(2, '0')}`).ok).toBe(false);
      }),
    );
  });

  it('rejects a thousands separator moved out of its place', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 100000n, max: LIMIT }), fc.nat(), (p, pick) => {
        const grouped = writeAmount(p, {
          pound: false,
          grouped: true,
          decimals: 2,
          negativeStyle: 'minus',
          creditSpaces: 0,
          creditCase: 'CR',
          outerSpace: '',
        }) ?? '';
        const commas = [...grouped].flatMap((c, i) => (c === ',' ? [i] : []));
        const at = commas[pick % commas.length] ?? 0;
        // Move one comma a place to the left: the groups around it are no longer threes.
        const moved = `${grouped.slice(0, at - 1)},${grouped[at - 1] ?? ''}${grouped.slice(at + 1)}`;
        expect(parseAmount(moved).ok).toBe(false);
      }),
    );
  });

  it('rejects a letter inserted anywhere', () => {
    fc.assert(
      fc.property(writtenAmount, fc.nat(), fc.constantFrom('x', 'O', 'l', 'e', '$'), ({ text }, at, letter) => {
        const t = text.trim();
        const i = at % (t.length + 1);
        const mutated = `${t.slice(0, i)}${letter}${t.slice(i)}`;
        expect(parseAmount(mutated).ok).toBe(false);
      }),
    );
  });
});

describe('PenceSum', () => {
  const safe = fc.oneof(
    fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 2 ** 52, -(2 ** 52)),
    fc.maxSafeInteger(),
    fc.maxSafeInteger().map((n) => -n),
  );

  it('sums safe-integer pence exactly, however far the sum goes beyond 2^53, and counts them', () => {
    fc.assert(
      fc.property(fc.array(safe, { maxLength: 60 }), fc.array(safe, { maxLength: 20 }), (first, second) => {
        const sum = new PenceSum();
        for (const p of first) sum.add(p);
        expect(sum.count).toBe(first.length);
        expect(sum.take()).toBe(first.reduce((a, p) => a + BigInt(p), 0n));
        // take() starts again from nothing.
        expect(sum.count).toBe(0);
        for (const p of second) sum.add(p);
        expect(sum.take()).toBe(second.reduce((a, p) => a + BigInt(p), 0n));
      }),
      { numRuns: 500 },
    );
  });

  it('carries a sum that passes 2^53 - 1 by one penny', () => {
    const sum = new PenceSum();
    sum.add(Number.MAX_SAFE_INTEGER);
    sum.add(1);
    sum.add(1);
    expect(sum.take()).toBe(9_007_199_254_740_993n);
  });
});

describe('roundFloatNoise', () => {
  it('reads a spreadsheet\'s float noise as the penny-exact amount it is within a millionth of a penny of, in every form', () => {
    expect(roundFloatNoise('515.9000000000001')).toBe(51_590n);
    expect(roundFloatNoise('1,234.5599999999999')).toBe(123_456n);
    expect(roundFloatNoise('-£1,000.0000000001')).toBe(-100_000n);
    expect(roundFloatNoise('(99.99000000001)')).toBe(-9_999n);
    expect(roundFloatNoise('0.01000000001 CR')).toBe(-1n);
  });

  it('leaves as they are amounts with real decimals beyond the penny, and text', () => {
    for (const text of ['12.345', '0.005', '1.00000002', '1.99999998', 'abc', '12.34', '']) expect(roundFloatNoise(text), text).toBeUndefined();
  });

  it('rounds exactly the amounts within a millionth of a penny of a penny-exact one (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: -200_000, max: 200_000 }), (pence, offset) => {
        // pence + offset × 10^-13 pounds, written with 13 decimals: within 10^-8 pounds (a millionth of a penny)
        // when |offset| ≤ 100,000.
        const scaled = pence * 100_000_000_000n + BigInt(offset);
        const sign = scaled < 0n ? '-' : '';
        const abs = scaled < 0n ? -scaled : scaled;
        const text = `${sign}${abs / 10n ** 13n}.${String(abs % 10n ** 13n).padStart(13, '0')}`;
        expect(roundFloatNoise(text), text).toBe(Math.abs(offset) <= 100_000 ? pence : undefined);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatCount', () => {
  it('writes a count as en-GB does, grouped in thousands by commas', () => {
    expect([0, 7, 999, 1_000, 12_345, 1_000_000, -4_321].map(formatCount)).toEqual(['0', '7', '999', '1,000', '12,345', '1,000,000', '-4,321']);
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => formatCount(n) === n.toLocaleString('en-GB')));
  });
});
