/**
 * Real public spending exports (../shared/corpus, with provenance in its README), read through the GL profile by
 * renaming their header cells and keeping every other byte as published. Their own total lines are the
 * independent sums: the publisher's figure, not ours.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { readLedger } from '../../src/ingest/read-ledger.js';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/spend');
const present = existsSync(CORPUS);

/** Copies a corpus file with the header line's column names replaced, every other byte unchanged. */
function asGlExport(relative: string, headerLine: number, renames: Record<string, string>): string {
  const bytes = readFileSync(join(CORPUS, relative));
  let start = 0;
  for (let i = 1; i < headerLine; i++) start = bytes.indexOf(0x0a, start) + 1;
  const end = bytes.indexOf(0x0a, start);
  let header = bytes.subarray(start, end).toString('latin1');
  for (const [from, to] of Object.entries(renames)) {
    if (!header.includes(from)) throw new Error(`${relative}: header has no ${from}`);
    header = header.replace(from, to);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'grant-recon-corpus-')), relative.replace(/\//g, '-'));
  writeFileSync(path, Buffer.concat([bytes.subarray(0, start), Buffer.from(header, 'latin1'), bytes.subarray(end)]));
  return path;
}

const LEEDS = { 'Date paid': 'Posting Date', 'Net amount': 'Net Amount', 'Transaction number': 'Document Number', 'Service label': 'Cost Centre' };
const LAMBETH = { Body: 'Document Number', Department: 'Cost Centre', 'Supplier Name': 'Line', 'Invoice Creation Date': 'Posting Date', 'Invoice Nett Amount': 'Net Amount', 'Subj Description': 'Account Code' };

describe.skipIf(!present)('real exports from the corpus (skipped: ../shared/corpus is not beside the repository)', () => {
  it('Leeds 2013-09: Windows-1252, dd-MMM-yy dates, varying decimals; its unlabelled total agrees', async () => {
    const path = asGlExport('leeds/2013-09.csv', 1, { 'Body,': 'Line,', DetailedExpenditureCode: 'Account Code', DatePaid: 'Posting Date', TransactionNumber: 'Document Number', NetAmount: 'Net Amount', ServiceLabel: 'Cost Centre' });
    const { ledger, inputs, refused } = await readLedger([path], PCD_1215);
    expect(refused).toEqual([]);
    expect(ledger.errors).toHaveLength(0);
    const [input] = inputs;
    expect(input?.facts.encoding).toBe('windows-1252');
    expect(input?.tally.controlTotal).toEqual({ line: 8632, stated: 8_868_382_409n, computed: 8_868_382_409n, matches: true });
    // Every row is from 2013: outside the grant's years, and every penny of them accounted for.
    expect(ledger.exclusions.get('outside-grant-years')).toEqual({ rows: 8630, amount: 8_868_382_409n });
  });

  it('Leeds 2011-12: 25 empty trailing columns, a total row then blank padding; the total agrees', async () => {
    const path = asGlExport('leeds/2011-12.csv', 1, { 'Body,': 'Line,', 'Detailed expense code': 'Account Code', ...LEEDS });
    const { ledger, inputs } = await readLedger([path], PCD_1215);
    expect(ledger.errors).toHaveLength(0);
    expect(inputs[0]?.facts.encoding).toBe('windows-1252');
    expect(inputs[0]?.tally).toMatchObject({ rows: 9954, lines: { blank: 9 }, controlTotal: { line: 9956, stated: 7_891_771_050n, matches: true } });
  });

  it('Lambeth 2012-06: nine report lines above the header, a "Total" line that agrees with the rows', async () => {
    const path = asGlExport('lambeth/2012-06-payments.csv', 10, LAMBETH);
    const { inputs } = await readLedger([path], PCD_1215);
    const tally = inputs[0]?.tally;
    expect(tally?.lines.metadata).toBe(6);
    expect(tally?.controlTotal).toEqual({ line: 3167, stated: 4_029_233_484n, computed: 4_029_233_484n, matches: true });
    expect(tally?.readTotal).toBe(4_029_233_484n);
  });

  it('Lambeth 2012-06 as damaged by a later script: the mismatch with its total line is reported', async () => {
    const path = asGlExport('lambeth/damaged/2012-06-payments.csv', 10, LAMBETH);
    const { ledger, inputs } = await readLedger([path], PCD_1215);
    // The corpus README: the total row survives as 40292334.84 but the readable rows sum to 39,775,940.53.
    expect(inputs[0]?.tally.controlTotal).toEqual({ line: 3167, stated: 4_029_233_484n, computed: 3_977_594_053n, matches: false });
    const mismatch = [...ledger.errors].filter((e) => e.code === 'control-total-mismatch');
    expect(mismatch.map((e) => [e.source.line, e.message])).toEqual([
      [3167, "the export's total line states £40,292,334.84 but the rows above it sum to £39,775,940.53 (difference £516,394.31)"],
    ]);
    // 638 records lost a field and one lost two: the date and the amount ran together.
    expect([...ledger.errors].filter((e) => e.code === 'wrong-column-count')).toHaveLength(639);
    const t = inputs[0]?.tally;
    expect(t && t.readTotal === t.included.amount + t.excluded.amount + t.errors.amount).toBe(true);
  });
});
