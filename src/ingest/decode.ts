/**
 * Bytes → text, for the encodings real ledger exports arrive in.
 *
 * - A byte-order mark decides: UTF-8 (EF BB BF), UTF-16LE (FF FE), UTF-16BE (FE FF). The mark is dropped.
 * - Without one, the file is ASCII until its first non-ASCII character. That character decides: a complete,
 *   valid UTF-8 sequence makes the file UTF-8; anything else makes it Windows-1252 (Excel's "Save as CSV" on
 *   Windows, where `£` is the single byte 0xA3). Deciding at the first non-ASCII character, not in a fixed-size
 *   sniff, means a file whose only `£` sits a megabyte in is still read right, and the decision is the same
 *   however the bytes arrive in chunks.
 * - A file that turns out to be UTF-8 and later holds bytes that are not UTF-8 mixes encodings: it is refused,
 *   never read with replacement characters, because a misread cell could be a misread amount.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'ascii';

/**
 * What a DecodeError is: bytes that are not text in the file's encoding, or a NUL character, which no export's text
 * holds (a run of them is a damaged block of the file, where rows were).
 */
export type DecodeFault = 'encoding' | 'nul';

/** Thrown for a file that cannot be decoded; the reader reports it as an unusable file (exit 2). */
export class DecodeError extends Error {
  constructor(
    message: string,
    /** Offset in the file of the first byte that cannot be decoded. */
    readonly byteOffset: number,
    /** The 1-based line that byte stands on. */
    readonly line: number,
    readonly code: DecodeFault = 'encoding',
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** A streaming decoder: feed byte chunks in order, get text chunks back; `end()` flushes. */
export class ExportDecoder {
  private decoder: TextDecoder | undefined;
  /** Bytes held back: a possible byte-order mark, or a character cut by the end of a chunk. */
  private pending: Buffer | undefined;
  /** File offset of the next byte not yet decoded (pending bytes are not yet decoded). */
  private offset: number;
  private started: boolean;
  private readonly lines: LineBreakCounter;
  encoding: TextEncodingName = 'ascii';

  /**
   * A decoder for a whole file, or (with `from`) for the rest of one from a line's start: no byte-order mark is
   * looked for there, the encoding already decided by the bytes before (ascii: not yet decided) is kept, and
   * positions in messages count from the file's start.
   */
  constructor(from?: { readonly encoding: 'ascii' | 'utf-8' | 'windows-1252'; readonly offset: number; readonly lineBreaks: number }) {
    this.offset = from?.offset ?? 0;
    this.lines = new LineBreakCounter(from?.lineBreaks ?? 0);
    this.started = from !== undefined;
    if (from) this.encoding = from.encoding;
  }

  /** Physical lines decoded so far: the file's, once it has ended. */
  get lineCount(): number {
    return this.lines.lines;
  }

  /** The longest line decoded so far (see LineBreakCounter.longest), and its number. */
  get longestLine(): { readonly length: number; readonly line: number } {
    return { length: this.lines.longest, line: this.lines.longestAt };
  }

  /** Decodes one chunk of bytes into text. */
  write(chunk: Buffer): string {
    return this.writeUtf8(chunk).toString('utf8');
  }

  /** Flushes what is held back at the end of the file, as text. */
  end(): string {
    return this.endUtf8().toString('utf8');
  }

  /**
   * Decodes one chunk of bytes into the same text as UTF-8 bytes. ASCII and UTF-8 files pass through unchanged
   * once checked, so that a parser reading bytes never pays for the text twice.
   */
  writeUtf8(chunk: Buffer): Buffer {
    let bytes = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (!this.started) {
      // Hold back until the first 3 bytes are there, so a byte-order mark split across chunks is still seen.
      if (bytes.length < 3) {
        this.pending = bytes;
        return EMPTY;
      }
      this.started = true;
      bytes = this.readByteOrderMark(bytes);
    }
    return this.withoutNul(this.decode(bytes, false));
  }

  /** Flushes what is held back at the end of the file, as UTF-8 bytes. */
  endUtf8(): Buffer {
    let bytes = this.pending ?? EMPTY;
    this.pending = undefined;
    if (!this.started) {
      this.started = true;
      bytes = this.readByteOrderMark(bytes);
    }
    return this.withoutNul(this.decode(bytes, true));
  }

  /**
   * The text decoded, refused where it holds a NUL character: no export's text has one, and a run of them is a block
   * of the file damaged on a disk or in a copy, which can swallow whole rows while what is left around it still
   * splits into a row's columns. Asked of the decoded text (in UTF-16, every ASCII character has a zero byte).
   */
  private withoutNul(text: Buffer): Buffer {
    const at = text.indexOf(0);
    if (at < 0) return text;
    const line = this.lines.breaks - lineBreaksIn(text.subarray(at)) + 1;
    const byte = this.encoding === 'ascii' || this.encoding === 'utf-8' ? this.offset - text.length + at : this.offset;
    const run = nulRun(text, at);
    const what = run === 1 ? 'a NUL character (a zero byte)' : `${run} NUL characters (zero bytes) in a row`;
    throw new DecodeError(`the text holds ${what} on this line, which no export holds: the file is damaged there (a disk or copy fault, or a binary file), and rows may be lost in it`, byte, line, 'nul');
  }

  private readByteOrderMark(bytes: Buffer): Buffer {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return this.use('utf-8', bytes.subarray(3), 3);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return this.use('utf-16le', bytes.subarray(2), 2);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return this.use('utf-16be', bytes.subarray(2), 2);
    return bytes;
  }

  private use(encoding: TextEncodingName, rest: Buffer, skipped: number): Buffer {
    this.encoding = encoding;
    // ignoreBOM: the mark at the start of the file was already dropped; a U+FEFF anywhere else is text.
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    this.offset += skipped;
    return rest;
  }

  private decode(bytes: Buffer, last: boolean): Buffer {
    if (this.encoding === 'utf-8') return this.passUtf8(bytes, last);
    if (this.encoding === 'utf-16le' || this.encoding === 'utf-16be') return Buffer.from(this.decodeExact(bytes, last), 'utf8');
    if (this.encoding === 'windows-1252') {
      // Windows-1252 maps every byte: nothing can fail, and nothing is cut between chunks.
      this.offset += bytes.length;
      return Buffer.from(this.count(decodeWindows1252(bytes)), 'utf8');
    }
    if (isAscii(bytes)) {
      this.offset += bytes.length;
      return this.countBytes(bytes);
    }
    const firstHigh = indexOfNonAscii(bytes);
    const length = utf8SequenceLength(bytes[firstHigh] as number);
    if (length > 1 && firstHigh + length > bytes.length && !last) {
      // The deciding character is cut by the end of the chunk: decide when the rest of it arrives.
      this.pending = Buffer.from(bytes.subarray(firstHigh));
      this.offset += firstHigh;
      return this.countBytes(bytes.subarray(0, firstHigh));
    }
    const head = this.countBytes(bytes.subarray(0, firstHigh));
    this.offset += firstHigh;
    const tail = bytes.subarray(firstHigh);
    const sequence = tail.subarray(0, Math.max(length, 1));
    this.encoding = length > 1 && isValidUtf8(sequence) ? 'utf-8' : 'windows-1252';
    return Buffer.concat([head, this.decode(tail, last)]);
  }

  /** UTF-8 passes through as it is, once the platform has checked it; a bad byte is then found exactly. */
  private passUtf8(bytes: Buffer, last: boolean): Buffer {
    const complete = last ? bytes.length : completeUtf8Length(bytes);
    const part = bytes.subarray(0, complete);
    if (!isUtf8(part)) return Buffer.from(this.decodeExact(bytes, last), 'utf8');
    if (complete < bytes.length) this.pending = Buffer.from(bytes.subarray(complete));
    this.offset += complete;
    return this.countBytes(part);
  }

  /**
   * UTF-8 and UTF-16 without the platform's streaming state, so that a bad byte's position is known exactly: a
   * character cut by the end of the chunk is held back and decoded with the next one.
   */
  private decodeExact(bytes: Buffer, last: boolean): string {
    const complete = last ? bytes.length : completeLength(this.encoding, bytes);
    if (complete < bytes.length) this.pending = Buffer.from(bytes.subarray(complete));
    const part = bytes.subarray(0, complete);
    const decoder = this.decoder ?? FATAL_UTF8;
    try {
      const text = decoder.decode(part);
      this.offset += complete;
      return this.count(text);
    } catch {
      const good = longestValidPrefix(this.encoding, decoder, part);
      this.count(decoder.decode(part.subarray(0, good)));
      // Nothing bad before the end, only a character the end cuts short: the file is truncated.
      const cutShort = last && completeLength(this.encoding, part) === good && isValidPrefix(this.encoding, part.subarray(good));
      throw this.invalid(this.offset + good, cutShort);
    }
  }

  private invalid(at: number, cutShort = false): DecodeError {
    const line = this.lines.breaks + 1;
    const what = cutShort ? 'the file ends in the middle of a character: it may be cut short' : 'the file mixes text encodings';
    return new DecodeError(`the text is not valid ${this.encoding.toUpperCase()} at byte ${at}: ${what}`, at, line);
  }

  /** Counts the line breaks of decoded text, for the line of a decoding error. */
  private count(text: string): string {
    this.lines.text(text);
    return text;
  }

  /** As count(), over UTF-8 bytes. */
  private countBytes(bytes: Buffer): Buffer {
    this.lines.bytes(bytes);
    return bytes;
  }
}

/**
 * Counts line breaks (CRLF, LF or CR each once) in text or bytes fed in order, a CRLF cut between two pieces too;
 * and, for the line ledger and the refusal of an over-long line while streaming, the physical lines and the
 * length of the line still open. Lengths are in the units fed (bytes, or UTF-16 code units of text).
 */
export class LineBreakCounter {
  private lastWasCr = false;
  private lastWasBreak = false;
  private seen = false;
  /** The length of the line still open (after the last break). */
  private open = 0;
  /**
   * The longest line that crossed or ended at the end of a piece. A line that starts and ends inside one piece is
   * shorter than the piece, so a limit above the largest piece is never passed unseen.
   */
  longest = 0;
  /** The number of that line. */
  longestAt = 0;

  constructor(public breaks = 0) {}

  /** Physical lines so far: every break ends one, and text after the last break is one more. */
  get lines(): number {
    return this.breaks + (this.seen && !this.lastWasBreak ? 1 : 0);
  }

  /** Counts the breaks of a piece of text. */
  text(text: string): void {
    if (text === '') return;
    let breaks = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks++;
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) breaks++;
    const last = text.charCodeAt(text.length - 1);
    this.measure(text.length, firstBreak(text.indexOf('\n'), text.indexOf('\r')), Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')));
    this.add(breaks, text.charCodeAt(0) === 10, last === 13, last === 10 || last === 13);
  }

  /** Counts the breaks of a piece of ASCII-compatible bytes (a line break is the same byte as the character). */
  bytes(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const breaks = lineBreaksIn(bytes);
    const last = bytes[bytes.length - 1];
    this.measure(bytes.length, firstBreak(bytes.indexOf(10), bytes.indexOf(13)), Math.max(bytes.lastIndexOf(10), bytes.lastIndexOf(13)));
    this.add(breaks, bytes[0] === 10, last === 13, last === 10 || last === 13);
  }

  /** Measures the open line through a piece, before its breaks are counted (so the open line is number breaks + 1). */
  private measure(length: number, first: number, last: number): void {
    this.seen = true;
    const through = first < 0 ? this.open + length : this.open + first;
    if (through > this.longest) {
      this.longest = through;
      this.longestAt = this.breaks + 1;
    }
    this.open = first < 0 ? through : length - last - 1;
  }

  private add(breaks: number, startsWithLf: boolean, endsWithCr: boolean, endsWithBreak: boolean): void {
    // A CRLF cut between two pieces: the CR was counted alone, so its LF is not a break of its own.
    if (this.lastWasCr && startsWithLf) breaks--;
    this.breaks += breaks;
    this.lastWasCr = endsWithCr;
    this.lastWasBreak = endsWithBreak;
  }
}

/** Line breaks (CRLF, CR or LF each once) in ASCII-compatible bytes. */
function lineBreaksIn(bytes: Uint8Array): number {
  let breaks = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) breaks++;
  for (let i = bytes.indexOf(13); i >= 0; i = bytes.indexOf(13, i + 1)) if (bytes[i + 1] !== 10) breaks++;
  return breaks;
}

/** How many NUL bytes run from `at`. */
function nulRun(bytes: Uint8Array, at: number): number {
  let end = at;
  while (end < bytes.length && bytes[end] === 0) end++;
  return end - at;
}

/** The first of two positions that are found (-1: neither). */
function firstBreak(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

const EMPTY = Buffer.alloc(0);
const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Windows-1252's bytes 0x80–0x9F (€, ‚, ƒ, „, …, œ, Ÿ …); every other byte is the Latin-1 character of the same
 * number. The five bytes Windows-1252 leaves unassigned map to the control character of the same number, as the
 * WHATWG Encoding Standard says. Decoded here, not by the platform, because Node's own windows-1252 decoder
 * drops these bytes in some versions: a silently lost character could be a lost digit.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Decodes Windows-1252 bytes. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

function indexOfNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) > 0x7f) return i;
  return -1;
}

/** The length of the UTF-8 sequence a lead byte starts; 0 for a byte that cannot lead one. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    FATAL_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** How many leading bytes end on a character boundary: a sequence cut by the end is left for the next chunk. */
function completeUtf8Length(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const length = utf8SequenceLength(byte);
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** True when the bytes could begin a character of the encoding: a file ending in them was cut short. */
function isValidPrefix(encoding: TextEncodingName, bytes: Buffer): boolean {
  try {
    new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** How many leading bytes end on a character boundary in the encoding. */
function completeLength(encoding: TextEncodingName, bytes: Buffer): number {
  if (encoding === 'utf-8') return completeUtf8Length(bytes);
  let even = bytes.length - (bytes.length % 2);
  if (even >= 2) {
    // A high surrogate at the end waits for the low one that completes it.
    const unit = encoding === 'utf-16le' ? (bytes[even - 2] as number) | ((bytes[even - 1] as number) << 8) : ((bytes[even - 2] as number) << 8) | (bytes[even - 1] as number);
    if (unit >= 0xd800 && unit <= 0xdbff) even -= 2;
  }
  return even;
}

/** The longest prefix that decodes (for the position of a bad byte; only on the error path). */
function longestValidPrefix(encoding: TextEncodingName, decoder: TextDecoder, bytes: Buffer): number {
  const decodes = (n: number): boolean => {
    try {
      decoder.decode(bytes.subarray(0, n));
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (decodes(completeLength(encoding, bytes.subarray(0, mid)))) lo = mid;
    else hi = mid - 1;
  }
  return completeLength(encoding, bytes.subarray(0, lo));
}
