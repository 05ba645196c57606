import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { sniffNotCsv } from '../../src/ingest/sniff.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/errors');

const SAVE_AS_CSV = 'open it in Excel and use File > Save As > "CSV UTF-8 (Comma delimited)", then run again';
const XLSX = { what: 'an Excel workbook (.xlsx, a ZIP archive), not a CSV file', hint: SAVE_AS_CSV };
const XLS = { what: 'an Excel 97-2003 workbook (.xls), not a CSV file', hint: SAVE_AS_CSV };
const PDF = { what: 'a PDF document, not a CSV file', hint: 'ask for the ledger export as CSV' };
const HTML = {
  what: 'an HTML page (perhaps an error page or a web report saved as .csv), not a CSV file',
  hint: 'download the export again and check that the file opens as rows and columns',
};
const XML = { what: 'an XML document (perhaps an Excel XML spreadsheet), not a CSV file', hint: SAVE_AS_CSV };
const BINARY = { what: 'a binary file (it holds NUL bytes), not a CSV file', hint: 'ask for the ledger export as CSV' };

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const GL_HEADER = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\r\n';

describe('sniffNotCsv: files that are plainly not CSV', () => {
  it('recognises an .xlsx workbook (a ZIP archive, PK\\x03\\x04) and an empty ZIP (PK\\x05\\x06)', () => {
    expect(sniffNotCsv(bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], '[Content_Types].xml'))).toEqual(XLSX);
    expect(sniffNotCsv(bytes([0x50, 0x4b, 0x05, 0x06], [0, 0, 0, 0]))).toEqual(XLSX);
  });

  it('recognises fixtures/errors/workbook.csv as an .xlsx workbook', () => {
    expect(sniffNotCsv(readFileSync(path.join(fixtures, 'workbook.csv')))).toEqual(XLSX);
  });

  it('recognises an .xls workbook by its OLE compound-file header', () => {
    expect(sniffNotCsv(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00]))).toEqual(XLS);
    // Seven of the eight bytes is not the header (and holds no NUL, so nothing else fires either).
    expect(sniffNotCsv(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0x41]))).toBeUndefined();
  });

  it('recognises a PDF', () => {
    expect(sniffNotCsv(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'))).toEqual(PDF);
  });

  it.each([
    ['<!DOCTYPE html>\n<html>'],
    ['<!doctype html>'],
    ['<html>\n<head><title>500</title></head>'],
    ['<HTML LANG="en">'],
    ['<head><title>Error</title></head>'],
    ['<body>Service unavailable</body>'],
    ['<table><tr><td>1</td></tr></table>'],
    ['  \r\n\t\n<!DOCTYPE html>'],
    ['\xef\xbb\xbf<!DOCTYPE html>'],
    ['\xef\xbb\xbf \r\n <html>'],
  ])('recognises an HTML page starting %j', (start) => {
    expect(sniffNotCsv(bytes(start))).toEqual(HTML);
  });

  it('recognises fixtures/errors/error-page.csv as an HTML page', () => {
    expect(sniffNotCsv(readFileSync(path.join(fixtures, 'error-page.csv')))).toEqual(HTML);
  });

  it('recognises an XML document, also after a byte-order mark and white space', () => {
    expect(sniffNotCsv(bytes('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'))).toEqual(XML);
    expect(sniffNotCsv(bytes('\xef\xbb\xbf\n<?XML version="1.0"?>'))).toEqual(XML);
  });

  it('recognises a binary file by a NUL byte in its first 4096 bytes', () => {
    expect(sniffNotCsv(bytes('a,b\n', [0x00, 0x01, 0x02], '1,2\n'))).toEqual(BINARY);
    expect(sniffNotCsv(bytes('x'.repeat(4095), [0x00]))).toEqual(BINARY);
  });

  it('looks for NUL bytes only in the first 4096 bytes', () => {
    expect(sniffNotCsv(bytes('x'.repeat(4096), [0x00]))).toBeUndefined();
  });
});

describe('sniffNotCsv: CSV exports are not flagged', () => {
  it('passes a plain CSV, and a CSV with a UTF-8 byte-order mark', () => {
    expect(sniffNotCsv(bytes(GL_HEADER, '5105100016,1,28/03/2022,SMH001,551000,2145.60\r\n'))).toBeUndefined();
    expect(sniffNotCsv(bytes('\xef\xbb\xbf', GL_HEADER))).toBeUndefined();
  });

  it('passes a Windows-1252 CSV (a £ is 0xA3)', () => {
    expect(sniffNotCsv(bytes('Amounts in \xa3 GBP\r\n', GL_HEADER))).toBeUndefined();
  });

  it('passes a UTF-16 CSV with a byte-order mark although it is full of NUL bytes', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GL_HEADER, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(GL_HEADER, 'utf16le').swap16()]);
    expect(le.includes(0)).toBe(true);
    expect(sniffNotCsv(le)).toBeUndefined();
    expect(sniffNotCsv(be)).toBeUndefined();
  });

  it('passes CSV text that merely mentions markup or starts with < or PK', () => {
    expect(sniffNotCsv(bytes('Description,Net Amount\n<html> template work,10.00\n'))).toBeUndefined();
    expect(sniffNotCsv(bytes('<5000,Amount\n'))).toBeUndefined();
    expect(sniffNotCsv(bytes('<htmlish>,1\n'))).toBeUndefined();
    expect(sniffNotCsv(bytes('PK Services Ltd,100.00\n'))).toBeUndefined();
    expect(sniffNotCsv(bytes('%PD,1\n'))).toBeUndefined();
  });

  it('passes an empty head (the empty file is refused elsewhere)', () => {
    expect(sniffNotCsv(new Uint8Array(0))).toBeUndefined();
  });
});
