import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GlLayout } from '../../src/core/gl-rows.js';
import { readCitedNets } from '../../src/ingest/read-cited-rows.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-cited-rows-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Columns: Document Number, Line, Posting Date, Cost Centre, Account Code, Net Amount
const LAYOUT: GlLayout = {
  documentNumber: 0,
  line: 1,
  key: [
    ['Document Number', 0],
    ['Line', 1],
  ],
  postingDate: 2,
  costCentre: 3,
  account: 4,
  net: 5,
  period: undefined,
  width: 6,
};

describe('reading again the rows conflicts cite', () => {
  it('gives the net amount of each cited line, counting lines as the first reading did (a quoted line break, a metadata line)', async () => {
    const file = path.join(tmp, 'a.csv');
    writeFileSync(
      file,
      [
        'Report: GL lines',
        'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount',
        '5100,1,05/04/2022,SMH001,511000,10.00',
        '5100,2,05/04/2022,SMH001,511000,"1,234.50"',
        '"5100\nA",3,05/04/2022,SMH001,511000,(7.25)',
        '5100,4,05/04/2022,SMH001,511000,not money',
        '5100,5,05/04/2022,SMH001,511000,99.99',
        '',
      ].join('\r\n'),
    );
    const netAt = await readCitedNets(
      [4, 3, 5, 7, 8, 9, 40].map((line) => ({ file, line })),
      new Map([[file, LAYOUT]]),
    );
    // Line 5 holds the quoted break, so the record after it stands on line 7.
    expect([3, 4, 5, 7, 8, 9, 40].map((line) => netAt({ file, line }))).toEqual([1000n, 123450n, -725n, undefined, 9999n, undefined, undefined]);
  });

  it('gives nothing for a file that is gone or whose layout is not known, without failing', async () => {
    const gone = path.join(tmp, 'gone.csv');
    const known = path.join(tmp, 'known.csv');
    writeFileSync(known, 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\n5100,1,05/04/2022,SMH001,511000,10.00\n');
    const netAt = await readCitedNets(
      [
        { file: gone, line: 2 },
        { file: known, line: 2 },
      ],
      new Map([[gone, LAYOUT]]),
    );
    expect(netAt({ file: gone, line: 2 })).toBeUndefined();
    expect(netAt({ file: known, line: 2 })).toBeUndefined();
  });
});
