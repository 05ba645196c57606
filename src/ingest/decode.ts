/**
 * Bytes → text, for the encodings real ledger exports arrive in.
 *
 * - A byte-order mark decides: UTF-8 (EF BB BF), UTF-16LE (FF FE), UTF-16BE (FE FF). The mark is dropped.
 * - Without one, the file is ASCII until its first byte above 0x7F. That byte decides: if the bytes from there on
 *   are valid UTF-8 the file is UTF-8, otherwise it is Windows-1252 (Excel's "Save as CSV" on Windows, where `£`
 *   is the single byte 0xA3). Deciding at the first non-ASCII byte, not in a fixed-size sniff, means a file whose
 *   only `£` sits a megabyte in is still read right.
 * - A file that turns out to be UTF-8 and later holds bytes that are not UTF-8 mixes encodings: it is refused,
 *   never read with replacement characters, because a misread cell could be a misread amount.
 */

import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'ascii';

/** Thrown for a file that cannot be decoded at all; the CLI reports it as an unusable file (exit 2). */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** A streaming decoder: feed byte chunks in order, get text chunks back; `end()` flushes. */
export class ExportDecoder {
  private decoder: TextDecoder | undefined;
  private pending: Buffer | undefined;
  private offset = 0;
  private started = false;
  encoding: TextEncodingName = 'ascii';

  /** Decodes one chunk of bytes. */
  write(chunk: Buffer): string {
    let bytes = chunk;
    if (!this.started) {
      // Hold back until the first 3 bytes are there, so a byte-order mark split across chunks is still seen.
      bytes = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      this.pending = undefined;
      if (bytes.length < 3) {
        this.pending = bytes;
        return '';
      }
      this.started = true;
      bytes = this.readByteOrderMark(bytes);
    }
    return this.decode(bytes, true);
  }

  /** Flushes what is held back at the end of the file. */
  end(): string {
    let out = '';
    if (!this.started) {
      this.started = true;
      const rest = this.pending ?? Buffer.alloc(0);
      this.pending = undefined;
      out += this.decode(this.readByteOrderMark(rest), false);
    }
    if (this.decoder) {
      try {
        out += this.decoder.decode();
      } catch {
        throw new DecodeError(this.invalidMessage(this.offset), this.offset);
      }
    }
    return out;
  }

  private readByteOrderMark(bytes: Buffer): Buffer {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return this.use('utf-8', bytes.subarray(3), 3);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return this.use('utf-16le', bytes.subarray(2), 2);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return this.use('utf-16be', bytes.subarray(2), 2);
    return bytes;
  }

  private use(encoding: TextEncodingName, rest: Buffer, skipped: number): Buffer {
    this.encoding = encoding;
    this.decoder = new TextDecoder(encoding, { fatal: true });
    this.offset += skipped;
    return rest;
  }

  private decode(bytes: Buffer, stream: boolean): string {
    if (this.decoder) return this.decodeWith(this.decoder, bytes, stream);
    const firstHigh = indexOfNonAscii(bytes);
    if (firstHigh < 0) {
      this.offset += bytes.length;
      return bytes.toString('latin1');
    }
    const head = bytes.subarray(0, firstHigh).toString('latin1');
    this.offset += firstHigh;
    const tail = bytes.subarray(firstHigh);
    this.encoding = looksLikeUtf8(tail, stream) ? 'utf-8' : 'windows-1252';
    this.decoder = new TextDecoder(this.encoding, { fatal: true });
    return head + this.decodeWith(this.decoder, tail, stream);
  }

  private decodeWith(decoder: TextDecoder, bytes: Buffer, stream: boolean): string {
    try {
      const text = decoder.decode(bytes, { stream });
      this.offset += bytes.length;
      return text;
    } catch {
      throw new DecodeError(this.invalidMessage(this.offset + firstInvalidUtf8(bytes)), this.offset);
    }
  }

  private invalidMessage(at: number): string {
    return (
      `the file is not valid ${this.encoding.toUpperCase()} (byte ${at}): it mixes text encodings. ` +
      'Re-save the export as "CSV UTF-8" and run again'
    );
  }
}

function indexOfNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) > 0x7f) return i;
  return -1;
}

/** True when the bytes (which start with a non-ASCII byte) read as UTF-8, allowing a sequence cut at the end. */
function looksLikeUtf8(bytes: Buffer, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  // Only for the message: binary search the longest prefix that still decodes.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (looksLikeUtf8(bytes.subarray(0, mid), true)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
