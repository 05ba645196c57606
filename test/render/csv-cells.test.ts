import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/render/csv-cells.js';

describe('writeCsv', () => {
  it('writes in pieces of a thousand rows the bytes of one CSV, cells made safe across every piece', () => {
    const rows = Array.from({ length: 2500 }, (_, i) => [`=cell ${i}`, i % 3 === 0 ? 'a "quoted", cell' : 'line\nbreak', i]);
    const pieces = [...writeCsv(['section', 'detail', 'rows'], rows)];
    // The header and 999 rows, then 1000, then the last 501.
    expect(pieces).toHaveLength(3);
    // Every cell holding a line break is quoted, a lone LF too (a reader splits records at it otherwise).
    const whole = stringify([['section', 'detail', 'rows'], ...rows.map(([a, b, c]) => [`'${String(a)}`, b, String(c)])], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
    expect(pieces.join('')).toBe(whole);
    expect(pieces.join('')).toContain("'=cell 1,\"line\nbreak\",1\r\n");
    expect(pieces[1]?.startsWith("'=cell 999,")).toBe(true);
  });

  it('writes the header alone when there are no rows', () => {
    expect([...writeCsv(['section', 'item'], [])]).toEqual(['section,item\r\n']);
  });
});
