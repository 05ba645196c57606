/** visible.ts: the one rule for control characters in outputs, in its three forms (text, JSON, XML). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visible, visibleInJson, visibleInXml } from '../../src/render/visible.js';

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

describe('visible', () => {
  it('shows C0 controls (but tab and line endings), DEL and C1 controls as \\xHH', () => {
    expect(visible('a\u0000\u0007\u001b[2J\t\n\r\u007f\u0080\u009b\u009fz')).toBe('a\\x00\\x07\\x1b[2J\t\n\r\\x7f\\x80\\x9b\\x9fz');
  });

  it('leaves no raw control in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(RAW.test(visible(s))).toBe(false);
      }),
    );
  });
});

describe('visibleInJson', () => {
  it('escapes what JSON.stringify leaves raw, and the value read back is the same', () => {
    expect(visibleInJson(JSON.stringify('\u007f\u009b'))).toBe('"\\u007f\\u009b"');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const json = visibleInJson(JSON.stringify({ s }));
        expect(RAW.test(json)).toBe(false);
        expect((JSON.parse(json) as { s: string }).s).toBe(s);
      }),
    );
  });
});

describe('visibleInXml', () => {
  it('also shows the noncharacters XML 1.0 forbids', () => {
    expect(visibleInXml('a\uFFFE\uFFFF\u001bz')).toBe('a\\uFFFE\\uFFFF\\x1bz');
  });
});

describe('characters that reorder or break a line unseen', () => {
  it('are shown as \\uHHHH in text: the bidirectional overrides, embeddings and isolates, and the line and paragraph separators', () => {
    expect(visible('Acme\u202e00.001\u202c Ltd')).toBe('Acme\\u202e00.001\\u202c Ltd');
    expect(visible('a\u2066b\u2069c\u2028d\u2029e\u202af')).toBe('a\\u2066b\\u2069c\\u2028d\\u2029e\\u202af');
    // Letters of right-to-left scripts, and the marks that only tag a direction, are text.
    expect(visible('شركة \u200f')).toBe('شركة \u200f');
  });

  it('are escaped in JSON, which reads back to the same value', () => {
    const value = 'x\u202ey\u2028z';
    const json = visibleInJson(JSON.stringify({ value }));
    expect(json).toBe('{"value":"x\\u202ey\\u2028z"}');
    expect((JSON.parse(json) as { value: string }).value).toBe(value);
  });
});
