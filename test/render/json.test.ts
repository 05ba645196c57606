import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPence } from '../../src/core/money.js';
import { MappedSequence } from '../../src/core/store/sequence.js';
import { renderJson } from '../../src/render/json.js';

const replacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? formatPence(value) : value);
const expected = (value: unknown): string => `${JSON.stringify(value, replacer, 2)}\n`;
const text = (report: object): string => [...renderJson(report)].join('');

/** Report-like values: objects and arrays of strings, numbers, booleans, null, money (bigint) and missing members. */
const { report } = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constant(undefined)),
  value: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('report')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  report: fc.dictionary(fc.string(), tie('value'), { maxKeys: 6 }),
}));

/** The same value with every array of every object member made a streamed sequence over it. */
function streamed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(streamed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? new MappedSequence(v.map(streamed), (x) => x) : streamed(v)]));
}

describe('renderJson', () => {
  it('writes the bytes of JSON.stringify with amounts as two-decimal strings, whether lists are arrays or streamed', () => {
    fc.assert(
      fc.property(report, (r) => {
        const object = r as object;
        expect(text(object)).toBe(expected(object));
        expect(text(streamed(object) as object)).toBe(expected(object));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the members and forms a report has: nested lists, empty ones, money, and members left out', () => {
    const report = {
      schema: 'grant-recon/reconciliation@1',
      cap: 289345200n,
      years: [{ year: '2022/23', periods: [{ period: 'P01', total: -1250n }], empty: [] }],
      missing: undefined,
      errors: [],
      duplicates: new MappedSequence([{ file: 'b.csv', line: 2, duplicateOf: 'a.csv:3' }], (d) => d),
      none: new MappedSequence([], (d) => d),
      inputs: { nested: new MappedSequence([1n, 2n], (n) => n * 100n) },
    };
    expect(text(report)).toBe(
      `${JSON.stringify({ ...report, duplicates: [{ file: 'b.csv', line: 2, duplicateOf: 'a.csv:3' }], none: [], inputs: { nested: [100n, 200n] } }, replacer, 2)}\n`,
    );
    expect(text(report)).toContain('"cap": "2893452.00"');
    expect(text(report)).toContain('"nested": [\n      "1.00",\n      "2.00"\n    ]');
  });

  it('calls toJSON with the member name or index, as JSON.stringify does, and writes what is no list as it does', () => {
    const report = {
      named: { toJSON: (key: string) => `member ${key}` },
      list: [{ toJSON: (key: string) => `item ${key}` }, { toJSON: () => undefined }],
      bytes: new Uint8Array([1, 2]),
      boxed: new String('ab'),
      when: new Date(Date.UTC(2023, 2, 31)),
    };
    expect(text(report)).toBe(expected(report));
  });

  it('reads a long streamed list item by item into pieces, never as one array', () => {
    let read = 0;
    const source = {
      length: 200_000,
      *[Symbol.iterator]() {
        for (let i = 0; i < 200_000; i++, read++) yield { file: 'b.csv', line: i + 2, duplicateOf: `a.csv:${i + 2}` };
      },
    };
    const duplicates = new MappedSequence(source, (d) => d);
    duplicates.toJSON = () => {
      throw new Error('the list was made into an array');
    };
    const first = renderJson({ duplicates }).next();
    expect(first.done).toBe(false);
    // The first piece is out when a few hundred of the 200,000 have been read.
    expect(read).toBeLessThan(2000);
    const pieces = [...renderJson({ duplicates })];
    expect(pieces.length).toBeGreaterThan(100);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(1 << 16);
    const parsed = JSON.parse(pieces.join('')) as { duplicates: { line: number; duplicateOf: string }[] };
    expect(parsed.duplicates).toHaveLength(200_000);
    expect(parsed.duplicates[199_999]).toEqual({ file: 'b.csv', line: 200_001, duplicateOf: 'a.csv:200001' });
  });
});
