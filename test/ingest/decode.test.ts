import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { DecodeError, ExportDecoder, type TextEncodingName } from '../../src/ingest/decode.js';

// The shared corpus sits beside the repository clone (`<clone>/../shared`), in CI as on a workstation.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.warn(`decode.test.ts: corpus tests SKIPPED: ${corpus} does not exist (put shared/ beside the clone)`);

/** Decodes `bytes` fed to one decoder in the given pieces; returns the text and the encoding decided. */
function decodeIn(pieces: readonly Buffer[]): { text: string; encoding: TextEncodingName } {
  const decoder = new ExportDecoder();
  let text = '';
  for (const piece of pieces) text += decoder.write(piece);
  text += decoder.end();
  return { text, encoding: decoder.encoding };
}

const whole = (bytes: Buffer) => decodeIn([bytes]);
/** The characters of `text` above U+007F, in order. */
const nonAscii = (text: string): string[] => [...text].filter((c) => c.charCodeAt(0) > 0x7f);
const byteByByte = (bytes: Buffer) => decodeIn([...bytes].map((b) => Buffer.from([b])));
/** Cuts `bytes` into pieces of `size` bytes. */
function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
/** The DecodeError thrown by decoding the pieces, failing the test when there is none. */
function decodeError(pieces: readonly Buffer[]): DecodeError {
  try {
    decodeIn(pieces);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('expected a DecodeError, the bytes decoded');
}

const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);
const BOM_UTF16LE = Buffer.from([0xff, 0xfe]);
const BOM_UTF16BE = Buffer.from([0xfe, 0xff]);
const utf16le = (text: string) => Buffer.concat([BOM_UTF16LE, Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([BOM_UTF16BE, Buffer.from(text, 'utf16le').swap16()]);

const SAMPLE = 'Document Number,Net Amount\r\n5105100016,£2,145.60\r\n';

describe('ExportDecoder: encodings', () => {
  it('reads plain ASCII as ascii, byte for byte', () => {
    expect(whole(Buffer.from('a,b\r\n1,2\r\n'))).toEqual({ text: 'a,b\r\n1,2\r\n', encoding: 'ascii' });
  });

  it('reads UTF-8 with a byte-order mark and drops the mark', () => {
    expect(whole(Buffer.concat([BOM_UTF8, Buffer.from(SAMPLE, 'utf8')]))).toEqual({ text: SAMPLE, encoding: 'utf-8' });
  });

  it('reads UTF-8 without a byte-order mark from its first multi-byte sequence', () => {
    expect(whole(Buffer.from(SAMPLE, 'utf8'))).toEqual({ text: SAMPLE, encoding: 'utf-8' });
  });

  it('reads UTF-16LE with a byte-order mark', () => {
    expect(whole(utf16le(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-16le' });
  });

  it('reads UTF-16BE with a byte-order mark', () => {
    expect(whole(utf16be(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-16be' });
  });

  it('reads Windows-1252: 0xA3 is £, 0x80 is €, 0x9C is œ', () => {
    const bytes = Buffer.from([...Buffer.from('Net,'), 0xa3, ...Buffer.from('1.00,'), 0x80, 0x9c, 0x0a]);
    expect(whole(bytes)).toEqual({ text: 'Net,£1.00,€œ\n', encoding: 'windows-1252' });
  });

  it('decides Windows-1252 at the first non-ASCII byte even 3 MB into the file', () => {
    const head = Buffer.alloc(3 * 1024 * 1024, 'x,1.00\n');
    const bytes = Buffer.concat([head, Buffer.from([0x4e, 0x65, 0x74, 0x2c, 0xa3, 0x35, 0x0a])]);
    const expected = `${head.toString('latin1')}Net,£5\n`;
    expect(whole(bytes)).toEqual({ text: expected, encoding: 'windows-1252' });
    // Fed in 64 KiB pieces, as a stream would: the ASCII pieces leave the decision open.
    expect(decodeIn(chunks(bytes, 64 * 1024))).toEqual({ text: expected, encoding: 'windows-1252' });
  });

  it('handles inputs shorter than a byte-order mark', () => {
    expect(whole(Buffer.alloc(0))).toEqual({ text: '', encoding: 'ascii' });
    expect(whole(Buffer.from('a'))).toEqual({ text: 'a', encoding: 'ascii' });
    expect(whole(Buffer.from('ab'))).toEqual({ text: 'ab', encoding: 'ascii' });
    expect(whole(BOM_UTF16LE)).toEqual({ text: '', encoding: 'utf-16le' });
    expect(whole(BOM_UTF16BE)).toEqual({ text: '', encoding: 'utf-16be' });
    expect(whole(BOM_UTF8)).toEqual({ text: '', encoding: 'utf-8' });
    expect(byteByByte(Buffer.from('ab'))).toEqual({ text: 'ab', encoding: 'ascii' });
  });
});

describe('ExportDecoder: sequences split across chunks (fed byte by byte)', () => {
  it('sees a UTF-8 byte-order mark split across chunks', () => {
    expect(byteByByte(Buffer.concat([BOM_UTF8, Buffer.from(SAMPLE, 'utf8')]))).toEqual({ text: SAMPLE, encoding: 'utf-8' });
    expect(decodeIn([BOM_UTF8.subarray(0, 1), Buffer.concat([BOM_UTF8.subarray(1), Buffer.from('a,b\n')])])).toEqual({
      text: 'a,b\n',
      encoding: 'utf-8',
    });
  });

  it('sees UTF-16 byte-order marks split across chunks', () => {
    expect(byteByByte(utf16le(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-16le' });
    expect(byteByByte(utf16be(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-16be' });
  });

  it('joins 2-, 3- and 4-byte UTF-8 sequences split across chunks', () => {
    const text = 'Supplier,Amount\nCafé Ltd,£5\nEuro Ltd,€6\nEmoji Ltd,😀7\n';
    expect(byteByByte(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    // The first non-ASCII byte alone at the end of a chunk.
    const bytes = Buffer.from('a,€\n', 'utf8');
    expect(decodeIn([bytes.subarray(0, 3), bytes.subarray(3, 4), bytes.subarray(4)])).toEqual({ text: 'a,€\n', encoding: 'utf-8' });
  });

  it('reads Windows-1252 byte by byte when its first non-ASCII byte cannot start a UTF-8 sequence', () => {
    // 0xA3 (£) is a UTF-8 continuation byte and 0xFC (ü) never occurs in UTF-8: both decide at once.
    expect(byteByByte(Buffer.from([0x61, 0x2c, 0xa3, 0x35, 0x0a]))).toEqual({ text: 'a,£5\n', encoding: 'windows-1252' });
    expect(byteByByte(Buffer.from([0x42, 0xfc, 0x63, 0x68, 0x0a]))).toEqual({ text: 'Büch\n', encoding: 'windows-1252' });
  });

  it('reads Windows-1252 byte by byte when its first non-ASCII byte is a UTF-8 lead byte (é = 0xE9)', () => {
    // 0xE9 leads a 3-byte UTF-8 sequence: the decoder waits for the bytes after it (",5") before deciding.
    expect(byteByByte(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x35, 0x0a]))).toEqual({ text: 'Café,5\n', encoding: 'windows-1252' });
    // A lead byte as the very last byte of the file decides Windows-1252 too.
    expect(decodeIn([Buffer.from([0x43, 0x61, 0x66]), Buffer.from([0xe9])])).toEqual({ text: 'Café', encoding: 'windows-1252' });
    // 0xF0 leads a 4-byte sequence; "A" after it cannot continue one.
    expect(byteByByte(Buffer.from([0x61, 0x62, 0xf0, 0x41, 0x42]))).toEqual({ text: 'abðAB', encoding: 'windows-1252' });
  });

  it('decides the same wherever the bytes are cut into two chunks', () => {
    const cases: [Buffer, { text: string; encoding: TextEncodingName }][] = [
      [Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x35, 0x0a]), { text: 'Café,5\n', encoding: 'windows-1252' }],
      [Buffer.from('Café,5\n😀,€\n', 'utf8'), { text: 'Café,5\n😀,€\n', encoding: 'utf-8' }],
      // 0xC3 0x78: a lead byte followed by ASCII is not UTF-8, so 0xC3 is Windows-1252 Ã.
      [Buffer.from([0x61, 0x2c, 0xc3, 0x78, 0x0a]), { text: 'a,Ãx\n', encoding: 'windows-1252' }],
    ];
    for (const [bytes, expected] of cases) {
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(decodeIn([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`).toEqual(expected);
      }
      expect(byteByByte(bytes)).toEqual(expected);
    }
  });
});

/** The message of a DecodeError at byte `at` of a file that is not valid `encoding`. */
const invalidAt = (encoding: string, at: number) => `the text is not valid ${encoding} at byte ${at}: the file mixes text encodings`;
/** The message of a DecodeError for a file whose only fault is that it ends in the middle of a character starting at byte `at`. */
const cutShortAt = (encoding: string, at: number) =>
  `the text is not valid ${encoding} at byte ${at}: the file ends in the middle of a character: it may be cut short`;
/** What a DecodeError says: message, byte offset and line. */
const described = (error: DecodeError) => ({ message: error.message, byteOffset: error.byteOffset, line: error.line });

describe('ExportDecoder: mixed encodings', () => {
  it('refuses a UTF-8 file that later holds a byte that is not UTF-8, naming the byte and its line', () => {
    // "a,é\n" is bytes 0-4 (é = C3 A9) and decides UTF-8; the next chunk "b,\xA3\n" is bytes 5-8: the Windows-1252
    // £ (0xA3) is byte 7, on line 2.
    const error = decodeError([Buffer.from('a,é\n', 'utf8'), Buffer.from([0x62, 0x2c, 0xa3, 0x0a])]);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.name).toBe('DecodeError');
    expect(described(error)).toEqual({ message: invalidAt('UTF-8', 7), byteOffset: 7, line: 2 });
  });

  it('refuses a UTF-8 file with a byte-order mark that holds a Windows-1252 £, naming the byte, whole and byte by byte', () => {
    // Mark 0-2, "a,b\n" 3-6, "1," 7-8: the £ is byte 9, on line 2.
    const bytes = Buffer.concat([BOM_UTF8, Buffer.from('a,b\n1,'), Buffer.from([0xa3]), Buffer.from('2\n')]);
    const expected = { message: invalidAt('UTF-8', 9), byteOffset: 9, line: 2 };
    expect(described(decodeError([bytes]))).toEqual(expected);
    expect(described(decodeError(chunks(bytes, 1)))).toEqual(expected);
    expect(described(decodeError(chunks(bytes, 4)))).toEqual(expected);
  });

  it('gives the same outcome for a mixed file whatever the chunking', () => {
    // UTF-8 é decides UTF-8 however the bytes arrive; the £ (byte 7, line 2) is then refused, never misread.
    const bytes = Buffer.concat([Buffer.from('a,é\n', 'utf8'), Buffer.from([0x62, 0x2c, 0xa3, 0x0a])]);
    const expected = { message: invalidAt('UTF-8', 7), byteOffset: 7, line: 2 };
    expect(described(decodeError([bytes]))).toEqual(expected);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(described(decodeError([bytes.subarray(0, cut), bytes.subarray(cut)])), `cut at ${cut}`).toEqual(expected);
    }
    expect(described(decodeError(chunks(bytes, 1)))).toEqual(expected);
  });

  it('names the byte where a broken sequence starts, even when it started in an earlier chunk', () => {
    // "é,\n" (bytes 0-3) decides UTF-8; then "a," (4-5) and a lead byte 0xC3 (6) that ends its chunk, followed by
    // "x": the broken sequence starts at byte 6, on line 2.
    const error = decodeError([Buffer.from('é,\n', 'utf8'), Buffer.from([0x61, 0x2c, 0xc3]), Buffer.from('x\n')]);
    expect(described(error)).toEqual({ message: invalidAt('UTF-8', 6), byteOffset: 6, line: 2 });
  });

  it('names the lead byte of an invalid sequence (an overlong E0 80 80)', () => {
    // "é\r\n\r\n" is bytes 0-5 (two line breaks); E0 is byte 6, on line 3.
    const bytes = Buffer.concat([Buffer.from('é\r\n\r\n', 'utf8'), Buffer.from([0xe0, 0x80, 0x80, 0x0a])]);
    expect(described(decodeError([bytes]))).toEqual({ message: invalidAt('UTF-8', 6), byteOffset: 6, line: 3 });
    expect(described(decodeError(chunks(bytes, 1)))).toEqual({ message: invalidAt('UTF-8', 6), byteOffset: 6, line: 3 });
  });

  it('counts CR-only line breaks, and a CRLF cut between chunks once, in the line of the bad byte', () => {
    // C3 A9 0D 0D A3: two CR line breaks, the £ is byte 4 on line 3.
    expect(described(decodeError([Buffer.concat([Buffer.from('é\r\r', 'utf8'), Buffer.from([0xa3])])]))).toEqual({
      message: invalidAt('UTF-8', 4),
      byteOffset: 4,
      line: 3,
    });
    // C3 A9 0D | 0A | A3: one CRLF, cut between chunks; the £ is byte 4 on line 2.
    expect(described(decodeError([Buffer.from('é\r', 'utf8'), Buffer.from('\n'), Buffer.from([0xa3])]))).toEqual({
      message: invalidAt('UTF-8', 4),
      byteOffset: 4,
      line: 2,
    });
  });

  it('reads a lead byte followed by ASCII as Windows-1252 when it is the first non-ASCII byte (nothing decided UTF-8 yet)', () => {
    expect(decodeIn([Buffer.from([0x61, 0x2c, 0xc3]), Buffer.from('x\n')])).toEqual({ text: 'a,Ãx\n', encoding: 'windows-1252' });
  });
});

/** Every way of feeding `bytes` that the position tests try: whole, cut once anywhere, and in 1-, 3- and 4-byte pieces. */
function feedings(bytes: Buffer): [string, Buffer[]][] {
  const out: [string, Buffer[]][] = [['whole', [bytes]]];
  for (let cut = 0; cut <= bytes.length; cut++) out.push([`cut at ${cut}`, [bytes.subarray(0, cut), bytes.subarray(cut)]]);
  for (const size of [1, 3, 4]) out.push([`in ${size}-byte pieces`, chunks(bytes, size)]);
  return out;
}

/** Asserts that every feeding of `bytes` fails with exactly `expected`. */
function expectDecodeErrorEverywhere(bytes: Buffer, expected: { message: string; byteOffset: number; line: number }): void {
  for (const [how, pieces] of feedings(bytes)) expect(described(decodeError(pieces)), how).toEqual(expected);
}

describe('ExportDecoder: files that end in the middle of a character', () => {
  it('refuses UTF-16LE and UTF-16BE with a dangling odd byte at the end, naming that byte and its line, whatever the chunking', () => {
    // Mark 0-1, "a,b\r\n" 2-11 (5 units of 2 bytes, one CRLF): the odd byte is byte 12, the file's last, on line 2.
    const le = Buffer.concat([utf16le('a,b\r\n'), Buffer.from([0x41])]);
    const be = Buffer.concat([utf16be('a,b\r\n'), Buffer.from([0x41])]);
    expect([le.length, be.length]).toEqual([13, 13]);
    expectDecodeErrorEverywhere(le, { message: cutShortAt('UTF-16LE', 12), byteOffset: 12, line: 2 });
    expectDecodeErrorEverywhere(be, { message: cutShortAt('UTF-16BE', 12), byteOffset: 12, line: 2 });
  });

  it('refuses UTF-16 that ends on a high surrogate, with or without one byte of its low surrogate, at the high surrogate', () => {
    // Mark 0-1, "a,b\n" 2-9 (one LF); D83D (the high half of 😀) is bytes 10-11, on line 2.
    const le = Buffer.concat([utf16le('a,b\n'), Buffer.from([0x3d, 0xd8])]);
    const be = Buffer.concat([utf16be('a,b\n'), Buffer.from([0xd8, 0x3d])]);
    expectDecodeErrorEverywhere(le, { message: cutShortAt('UTF-16LE', 10), byteOffset: 10, line: 2 });
    expectDecodeErrorEverywhere(be, { message: cutShortAt('UTF-16BE', 10), byteOffset: 10, line: 2 });
    // Plus byte 12, the first byte of the low surrogate DE00: still a character cut short, starting at byte 10.
    expectDecodeErrorEverywhere(Buffer.concat([le, Buffer.from([0x00])]), { message: cutShortAt('UTF-16LE', 10), byteOffset: 10, line: 2 });
  });

  it('refuses UTF-8 that ends in the middle of a character, at its lead byte', () => {
    // "a,é\n" is bytes 0-4 (é = C3 A9) and decides UTF-8; E2 82 (two of the three bytes of €) are bytes 5-6, on line 2.
    const bytes = Buffer.from([...Buffer.from('a,é\n', 'utf8'), 0xe2, 0x82]);
    expectDecodeErrorEverywhere(bytes, { message: cutShortAt('UTF-8', 5), byteOffset: 5, line: 2 });
  });

  it('says the file mixes encodings, not that it is cut short, when a bad byte comes before a cut character', () => {
    // "a,é\n" 0-4; the Windows-1252 £ (A3) is byte 5, on line 2; LF 6; a lone lead byte E2 ends the file at byte 7.
    const bytes = Buffer.from([...Buffer.from('a,é\n', 'utf8'), 0xa3, 0x0a, 0xe2]);
    expectDecodeErrorEverywhere(bytes, { message: invalidAt('UTF-8', 5), byteOffset: 5, line: 2 });
  });

  // E0 must be followed by A0-BF, ED by 80-9F, F4 by 80-8F: a file ending in E0 80 is not cut short, it is not UTF-8.
  it('says the file mixes encodings when it ends in bytes that cannot begin any UTF-8 character', () => {
    for (const tail of [
      [0xe0, 0x80],
      [0xed, 0xa0],
      [0xf4, 0x90],
    ]) {
      const bytes = Buffer.from([...Buffer.from('a,é\n', 'utf8'), ...tail]);
      expect(described(decodeError([bytes])), tail.map((b) => b.toString(16)).join(' ')).toEqual({ message: invalidAt('UTF-8', 5), byteOffset: 5, line: 2 });
    }
  });
});

describe('ExportDecoder: UTF-16 positions', () => {
  it('names the exact byte and line of a lone high surrogate, whatever the chunking, in UTF-16LE and UTF-16BE', () => {
    // Mark 0-1, "a,b\r\n1,2\r\n3," 2-25 (12 units, two CRLFs), a lone high surrogate D800 at bytes 26-27 on line 3,
    // then "x\r\n": the high surrogate is not followed by a low one.
    const le = Buffer.concat([utf16le('a,b\r\n1,2\r\n3,'), Buffer.from([0x00, 0xd8]), Buffer.from('x\r\n', 'utf16le')]);
    const be = Buffer.concat([utf16be('a,b\r\n1,2\r\n3,'), Buffer.from([0xd8, 0x00]), Buffer.from('x\r\n', 'utf16le').swap16()]);
    expectDecodeErrorEverywhere(le, { message: invalidAt('UTF-16LE', 26), byteOffset: 26, line: 3 });
    expectDecodeErrorEverywhere(be, { message: invalidAt('UTF-16BE', 26), byteOffset: 26, line: 3 });
  });

  it('names the exact byte and line of a lone low surrogate', () => {
    // Mark 0-1, "a,b\n" 2-9 (one LF); DC00 is bytes 10-11, on line 2.
    const le = Buffer.concat([utf16le('a,b\n'), Buffer.from([0x00, 0xdc]), Buffer.from('x\n', 'utf16le')]);
    expectDecodeErrorEverywhere(le, { message: invalidAt('UTF-16LE', 10), byteOffset: 10, line: 2 });
  });

  it('counts CR-only line breaks, and a CRLF cut between chunks once, in the line of a bad UTF-16 code unit', () => {
    // Mark 0-1, "a\rb\r" 2-9 (two CRs), lone DC00 at bytes 10-11 on line 3.
    const cr = Buffer.concat([utf16le('a\rb\r'), Buffer.from([0x00, 0xdc])]);
    expectDecodeErrorEverywhere(cr, { message: invalidAt('UTF-16LE', 10), byteOffset: 10, line: 3 });
    // Mark 0-1, "a\r\n" 2-7 (one CRLF), lone DC00 at bytes 8-9 on line 2: cut between CR (4-5) and LF (6-7) too.
    const crlf = Buffer.concat([utf16le('a\r\n'), Buffer.from([0x00, 0xdc])]);
    expectDecodeErrorEverywhere(crlf, { message: invalidAt('UTF-16LE', 8), byteOffset: 8, line: 2 });
  });

  it('joins a UTF-16 surrogate pair and a code unit split across chunks', () => {
    const text = 'Supplier,Amount\r\nEmoji Ltd,😀7\r\nCafé Ltd,£5\r\n';
    for (const [bytes, encoding] of [
      [utf16le(text), 'utf-16le'],
      [utf16be(text), 'utf-16be'],
    ] as const) {
      for (const [how, pieces] of feedings(bytes)) expect(decodeIn(pieces), how).toEqual({ text, encoding });
    }
  });
});

describe('ExportDecoder: a U+FEFF inside the text', () => {
  // A U+FEFF inside the file (two exports pasted together, each with its mark) is text, wherever the chunks fall.
  it('keeps a U+FEFF inside the text whatever the chunking', () => {
    const text = 'a,\ufeffb\n';
    for (const [bytes, encoding] of [
      [Buffer.concat([BOM_UTF8, Buffer.from(text, 'utf8')]), 'utf-8'],
      [utf16le(text), 'utf-16le'],
    ] as const) {
      for (const [how, pieces] of feedings(bytes)) expect(decodeIn(pieces), how).toEqual({ text, encoding });
    }
  });
});

describe.skipIf(!haveCorpus)(`ExportDecoder on the real corpus in ${corpus} (skipped when that folder is absent)`, () => {
  const read = (relative: string) => readFileSync(path.join(corpus, relative));

  it('reads Leeds 2011-12 as Windows-1252, with its one 0xFC as ü in "Pavel Büchler"', () => {
    const bytes = read('spend/leeds/2011-12.csv');
    const { text, encoding } = whole(bytes);
    expect(encoding).toBe('windows-1252');
    // Pure ASCII apart from that byte, and 0xFC is the same in Latin-1: the whole text is known exactly.
    expect(text).toBe(bytes.toString('latin1'));
    expect(nonAscii(text)).toEqual(['ü']);
    expect(text).toContain(',Pavel Büchler,');
    // Split right after the ü, as a chunk boundary could: 0xFC cannot start UTF-8, so nothing changes.
    const at = bytes.indexOf(0xfc);
    expect(decodeIn([bytes.subarray(0, at + 1), bytes.subarray(at + 1)])).toEqual({ text, encoding });
  });

  it('reads Leeds 2013-09 as Windows-1252, with its one 0xE5 as å in "Papakåta Ltd"', () => {
    const bytes = read('spend/leeds/2013-09.csv');
    const { text, encoding } = whole(bytes);
    expect(encoding).toBe('windows-1252');
    expect(text).toBe(bytes.toString('latin1'));
    expect(nonAscii(text)).toEqual(['å']);
    expect(text).toContain(',Papakåta Ltd\r\n');
  });

  it('reads Leeds 2013-09 the same when a chunk ends right after its å', () => {
    // 0xE5 leads a 3-byte UTF-8 sequence: cut after it, the decoder waits for the next chunk before deciding.
    const bytes = read('spend/leeds/2013-09.csv');
    const at = bytes.indexOf(0xe5);
    expect(at).toBe(1_325_862);
    expect(decodeIn([bytes.subarray(0, at + 1), bytes.subarray(at + 1)])).toEqual(whole(bytes));
    expect(decodeIn(chunks(bytes, 1024 * 1024))).toEqual(whole(bytes));
  });

  it('reads the BIS July 2014 file as Windows-1252: its two 0x9C bytes become œ, not £ (a DOS code page £)', () => {
    const bytes = read('spend/central-gov/BIS_spending_over__25_000_July_2014.csv');
    const high: [number, number][] = [];
    bytes.forEach((b, i) => {
      if (b > 0x7f) high.push([i, b]);
    });
    expect(high).toEqual([
      [475_982, 0x9c],
      [476_107, 0x9c],
    ]);
    const { text, encoding } = whole(bytes);
    expect(encoding).toBe('windows-1252');
    expect(nonAscii(text)).toEqual(['œ', 'œ']);
    expect(text.match(/Purchase of Equipment < œ3000/g)).toHaveLength(2);
    expect(text).not.toContain('£');
    expect(text.length).toBe(bytes.length);
  });

  it('reads a UTF-8 corpus file (Lambeth 2012-06, with † characters) exactly, whole and byte by byte', () => {
    const bytes = read('spend/lambeth/2012-06-payments.csv');
    const expected = { text: bytes.toString('utf8'), encoding: 'utf-8' };
    expect(expected.text).toContain('Report Date:† 02/07/2012† 16:59:18');
    expect(expected.text).not.toContain('\ufffd');
    expect(whole(bytes)).toEqual(expected);
    expect(byteByByte(bytes)).toEqual(expected);
  });

  it('reads csv-spectrum utf8.csv as UTF-8 (ʤ in the last field, no final newline)', () => {
    const bytes = read('csv-spectrum/csvs/utf8.csv');
    expect(whole(bytes)).toEqual({ text: 'a,b,c\n1,2,3\n4,5,ʤ', encoding: 'utf-8' });
    expect(byteByByte(bytes)).toEqual({ text: 'a,b,c\n1,2,3\n4,5,ʤ', encoding: 'utf-8' });
  });
});

describe('ExportDecoder: NUL characters, which no export holds', () => {
  const nulError = (run: number) => `the text holds ${run === 1 ? 'a NUL character (a zero byte)' : `${run} NUL characters (zero bytes) in a row`} on this line, which no export holds: the file is damaged there (a disk or copy fault, or a binary file), and rows may be lost in it`;
  // "h,a\r\n" is bytes 0-4, "1,x\n" 5-8, "2,\r" 9-11: the block of zeros starts at byte 12, on line 4.
  const damaged = Buffer.concat([Buffer.from('h,a\r\n1,x\n2,\r'), Buffer.alloc(5), Buffer.from('3,y\n')]);

  it.each([
    ['whole', [damaged]],
    ['byte by byte', [...damaged].map((b) => Buffer.from([b]))],
    ['in chunks of 7', chunks(damaged, 7)],
  ])('refuses a block of zeros far into an ASCII file, naming its line and first byte (%s)', (_how, pieces) => {
    const error = decodeError(pieces);
    expect(error.code).toBe('nul');
    expect({ line: error.line, byteOffset: error.byteOffset }).toEqual({ line: 4, byteOffset: 12 });
    // Fed whole, the run is seen whole; a chunk that cuts it names the part it holds.
    if (pieces.length === 1) expect(error.message).toBe(nulError(5));
  });

  it('refuses one NUL in a UTF-8 file and in a Windows-1252 one, after the encoding is decided', () => {
    // "a,é\n" is bytes 0-4 (é = C3 A9), "b,c" 5-7: the NUL is byte 8, on line 2.
    const utf8 = decodeError([Buffer.from('a,é\nb,c\0d\n', 'utf8')]);
    expect({ message: utf8.message, line: utf8.line, byteOffset: utf8.byteOffset, code: utf8.code }).toEqual({ message: nulError(1), line: 2, byteOffset: 8, code: 'nul' });
    const windows1252 = decodeError([Buffer.from([0x61, 0x2c, 0xa3, 0x0a, 0x62, 0x00, 0x0a])]);
    expect({ line: windows1252.line, code: windows1252.code }).toEqual({ line: 2, code: 'nul' });
  });

  it('reads UTF-16, whose ASCII characters each hold a zero byte, and refuses a NUL character in it', () => {
    expect(whole(utf16le('a,b\n1,2\n')).text).toBe('a,b\n1,2\n');
    expect(whole(utf16be('a,b\n1,2\n')).text).toBe('a,b\n1,2\n');
    const error = decodeError([utf16le('a,b\n1,\u00002\n')]);
    expect({ line: error.line, code: error.code }).toEqual({ line: 2, code: 'nul' });
  });
});
