import { describe, expect, it } from 'vitest';
import { decodeWindows1252 } from '../../src/ingest/decode.js';

// Python's cp1252 codec for bytes 0x80–0x9F, with the five unassigned bytes mapped to the control character of
// the same number (WHATWG). Computed outside grant-recon: python3 -c "bytes([b]).decode('cp1252')".
const HIGH = '20ac 0081 201a 0192 201e 2026 2020 2021 02c6 2030 0160 2039 0152 008d 017d 008f 0090 2018 2019 201c 201d 2022 2013 2014 02dc 2122 0161 203a 0153 009d 017e 0178'
  .split(' ')
  .map((hex) => String.fromCharCode(parseInt(hex, 16)))
  .join('');

describe('Windows-1252', () => {
  it('decodes every one of the 256 bytes, dropping none (Node 20 drops 0x80–0x9F in its own decoder)', () => {
    const all = decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i));
    expect(all).toHaveLength(256);
    expect(all.slice(0, 0x80)).toBe(String.fromCharCode(...Array.from({ length: 0x80 }, (_, i) => i)));
    expect(all.slice(0x80, 0xa0)).toBe(HIGH);
    expect(all.slice(0xa0)).toBe(String.fromCharCode(...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i)));
  });

  it('reads £ (0xA3), € (0x80), œ (0x9C) and an en dash (0x96) in a line', () => {
    expect(decodeWindows1252(Buffer.from([0xa3, 0x31, 0x2c, 0x80, 0x9c, 0x96]))).toBe('£1,€œ–');
  });

  it('decodes a view into a larger buffer from its own offset', () => {
    const big = Buffer.from([0x41, 0x80, 0x42, 0xa3]);
    expect(decodeWindows1252(big.subarray(1, 3))).toBe('€B');
  });
});
