import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GlLayout } from '../../src/core/fold/gl-file-fold.js';
import { GL_TEST_HEADER, GL_TEST_LAYOUT } from '../support/gl-layout.js';
import { readCitedNets } from '../../src/ingest/read-cited-rows.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'grant-recon-cited-rows-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LAYOUT = GL_TEST_LAYOUT;

/** The file as first read: the layout above and the SHA-256 of its bytes now. */
const readNow = (file: string): [string, { layout: GlLayout; sha256: string }] => [file, { layout: LAYOUT, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') }];

describe('reading again the rows conflicts cite', () => {
  it('gives the net amount of each cited line, counting lines as the first reading did (a quoted line break, a metadata line)', async () => {
    const file = path.join(tmp, 'a.csv');
    writeFileSync(
      file,
      [
        'Report: GL lines',
        GL_TEST_HEADER,
        '5100,1,05/04/2022,P01,SMH001,511000,10.00',
        '5100,2,05/04/2022,P01,SMH001,511000,"1,234.50"',
        '"5100\nA",3,05/04/2022,P01,SMH001,511000,(7.25)',
        '5100,4,05/04/2022,P01,SMH001,511000,not money',
        '5100,5,05/04/2022,P01,SMH001,511000,99.99',
        '',
      ].join('\r\n'),
    );
    const netAt = await readCitedNets(
      [4, 3, 5, 7, 8, 9, 40].map((line) => ({ file, line })),
      new Map([readNow(file)]),
    );
    // Line 5 holds the quoted break, so the record after it stands on line 7.
    expect([3, 4, 5, 7, 8, 9, 40].map((line) => netAt({ file, line }))).toEqual([1000n, 123450n, -725n, undefined, 9999n, undefined, undefined]);
  });

  it('gives nothing for a file that is gone, whose layout is not known, or whose bytes changed since, without failing', async () => {
    const gone = path.join(tmp, 'gone.csv');
    const known = path.join(tmp, 'known.csv');
    const changed = path.join(tmp, 'changed.csv');
    const header = `${GL_TEST_HEADER}\n`;
    writeFileSync(gone, `${header}5100,1,05/04/2022,P01,SMH001,511000,10.00\n`);
    writeFileSync(known, `${header}5100,1,05/04/2022,P01,SMH001,511000,10.00\n`);
    writeFileSync(changed, `${header}5100,1,05/04/2022,P01,SMH001,511000,10.00\n`);
    const readings = new Map([readNow(gone), readNow(changed)]);
    rmSync(gone);
    writeFileSync(changed, `${header}5100,1,05/04/2022,P01,SMH001,511000,11.00\n`);
    const cited = [gone, known, changed].map((file) => ({ file, line: 2 }));
    const netAt = await readCitedNets(cited, readings);
    expect(cited.map(netAt)).toEqual([undefined, undefined, undefined]);
    // And the same file, unchanged, gives its amount.
    expect((await readCitedNets(cited, new Map([readNow(changed)])))({ file: changed, line: 2 })).toBe(1100n);
  });

  it('takes any number of cited lines (a re-run export beside its original can conflict on every row)', async () => {
    const file = path.join(tmp, 'many.csv');
    writeFileSync(file, `${GL_TEST_HEADER}\n5100,1,05/04/2022,P01,SMH001,511000,10.00\n`);
    const cited = Array.from({ length: 300_000 }, (_, i) => ({ file, line: i + 2 }));
    const netAt = await readCitedNets(cited, new Map([readNow(file)]));
    expect([netAt({ file, line: 2 }), netAt({ file, line: 300_001 })]).toEqual([1000n, undefined]);
  });
});
