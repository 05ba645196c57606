/**
 * Recognises files that are not CSV at all from their first bytes, so that an Excel workbook or a saved HTML
 * error page named `.csv` is refused with a message that says what it is, instead of being read as rows of junk.
 */

/** What the first bytes of a file say it is, when it is plainly not a CSV export. */
export interface NotCsv {
  readonly what: string;
  readonly hint: string;
}

const SAVE_AS_CSV = 'open it in Excel and use File > Save As > "CSV UTF-8 (Comma delimited)", then run again';

/** Returns what the file is when its first bytes show it is not CSV text; undefined when it may be CSV. */
export function sniffNotCsv(head: Uint8Array): NotCsv | undefined {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return { what: 'an Excel workbook (.xlsx, a ZIP archive), not a CSV file', hint: SAVE_AS_CSV };
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { what: 'an Excel 97-2003 workbook (.xls), not a CSV file', hint: SAVE_AS_CSV };
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) {
    return { what: 'a PDF document, not a CSV file', hint: 'ask for the ledger export as CSV' };
  }
  const text = asciiStart(head);
  if (/^<(!doctype html|html|head|body|table)\b/i.test(text)) {
    return {
      what: 'an HTML page (perhaps an error page or a web report saved as .csv), not a CSV file',
      hint: 'download the export again and check that the file opens as rows and columns',
    };
  }
  if (/^<\?xml/i.test(text)) {
    return { what: 'an XML document (perhaps an Excel XML spreadsheet), not a CSV file', hint: SAVE_AS_CSV };
  }
  if (!isUtf16(head) && head.subarray(0, 4096).includes(0)) {
    return { what: 'a binary file (it holds NUL bytes), not a CSV file', hint: 'ask for the ledger export as CSV' };
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function isUtf16(head: Uint8Array): boolean {
  return startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
}

/** The first few hundred bytes as text, after a UTF-8 byte-order mark and leading white space. */
function asciiStart(head: Uint8Array): string {
  let start = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (start < head.length && [0x20, 0x09, 0x0a, 0x0d].includes(head[start] as number)) start++;
  return Buffer.from(head.subarray(start, start + 256)).toString('latin1');
}
