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
