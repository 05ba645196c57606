/**
 * A grant window is judged in worker threads as in one (core/fold/part-ledger.ts asks the ledger fold's own
 * question): the same rows are outside it, part by part. The workers run the built code (dist/).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

type ReadLedger = typeof import('../../src/ingest/read-ledger.js');
type ParseConfig = typeof import('../../src/config/parse-config.js');
type Builtin = typeof import('../../src/config/pcd1215.js');
const dist = resolve(import.meta.dirname, '../../dist');
const { readLedger } = (await import(join(dist, 'ingest/read-ledger.js'))) as ReadLedger;
const { parseConfigText } = (await import(join(dist, 'config/parse-config.js'))) as ParseConfig;
const { PCD_1215 } = (await import(join(dist, 'config/pcd1215.js'))) as Builtin;

afterEach(() => {
  delete process.env.GRANT_RECON_WORKERS;
  delete process.env.GRANT_RECON_PART_BYTES;
});

const HEADER = 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Description,Net Amount';

describe('a grant window in worker threads', () => {
  it('excludes the same rows as outside-grant-window as one thread does', async () => {
    const parsed = parseConfigText(JSON.stringify({ window: { from: '2022-07-01', to: '2024-01-31' } }), PCD_1215);
    if (!parsed.ok) throw new Error('config');
    // Row i is posted on day i of the 731 days from 1 April 2022 (to 31 March 2024); every tenth is a P13 row.
    const rows: string[] = [];
    let outside = 0;
    for (let i = 0; i < 731; i++) {
      const day = new Date(Date.UTC(2022, 3, 1 + i));
      const iso = day.toISOString().slice(0, 10);
      const p13 = i % 10 === 0;
      const [y, m, d] = iso.split('-');
      rows.push(`7${i},1,${d}/${m}/${y},${p13 ? 'P13' : ''},SMH001,531000,Licence,1.00`);
      // Worked here: a P13 row is of the FY whose 31 March is nearest its date (a tie to the earlier). Of 2022/23
      // (March 2023 inside) it is inside; of 2023/24 (March 2024 after the window) outside; of 2021/22 it is
      // outside the grant's years, not the window.
      const nearest = [2021, 2022, 2023].map((fy) => [fy, Math.abs(day.getTime() - Date.UTC(fy + 1, 2, 31))] as const).reduce((a, b) => (b[1] < a[1] ? b : a));
      if (p13 ? nearest[0] === 2023 : iso < '2022-07-01' || iso > '2024-01-31') outside++;
    }
    const path = join(mkdtempSync(join(tmpdir(), 'grant-recon-window-')), 'gl.csv');
    writeFileSync(path, [HEADER, ...rows].join('\r\n'));
    const ledgerOf = async (workers: string, part?: number) => {
      process.env.GRANT_RECON_WORKERS = workers;
      if (part !== undefined) process.env.GRANT_RECON_PART_BYTES = String(part);
      const read = await readLedger([path], parsed.config);
      return { years: read.ledger.years, exclusions: [...read.ledger.exclusions] };
    };
    const alone = await ledgerOf('0');
    expect(alone.exclusions.find(([reason]) => reason === 'outside-grant-window')?.[1]).toEqual({ rows: outside, amount: BigInt(outside * 100) });
    expect(await ledgerOf('always', 4000)).toEqual(alone);
  });
});
