/**
 * The cells of a file's last line when the file does not end with a line break: a file cut short (a download or a
 * copy stopped) ends inside a row, whose amount may be cut too (`1980.40` read as `19`). Read back from the file's
 * end once the file has been read; only ASCII-compatible encodings (a UTF-16 export, and a pipe, are not read back).
 */
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { decodeWindows1252, type TextEncodingName } from './decode.js';

/** How far back from the end the last line break is looked for: no line is longer (parse-cells.ts MAX_LINE_LENGTH). */
const BACK = 4 * 1024 * 1024 + 8;

/** The last line's cells, or undefined when the file ends with a line break (or is not read back). */
export async function unterminatedLastLine(path: string, encoding: TextEncodingName): Promise<readonly string[] | undefined> {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return undefined;
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) return undefined;
    // The last byte first: a file that ends with a line break, as nearly every export does, reads no more.
    const end = Buffer.alloc(1);
    await file.read(end, 0, 1, size - 1);
    if (end[0] === 0x0a || end[0] === 0x0d) return undefined;
    const length = Math.min(size, BACK);
    const tail = Buffer.alloc(length);
    await file.read(tail, 0, length, size - length);
    const start = Math.max(tail.lastIndexOf(0x0a), tail.lastIndexOf(0x0d)) + 1;
    if (start === 0 && length < size) return undefined;
    const bytes = tail.subarray(start);
    const text = encoding === 'windows-1252' ? decodeWindows1252(bytes) : bytes.toString('utf8');
    const records: string[][] = parse(text, { relax_quotes: true, relax_column_count: true, bom: false });
    return records[0];
  } finally {
    await file.close();
  }
}
