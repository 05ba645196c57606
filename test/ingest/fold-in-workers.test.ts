/**
 * Folding GL exports in worker threads, part by part (core/fold/part-ledger.ts), must give exactly the ledger of folding
 * them in one thread: the same totals, exclusions, errors with their lines, duplicates naming the same rows, and
 * file tallies. The exports here are built to make that hard: keys drawn from a few, so that rows repeat across
 * files (duplicates) and change inside and across them (conflicts, which the main thread reads from cells); rows
 * outside the grant years and ineligible accounts; unreadable dates and amounts; blank lines; quoted cells holding
 * line breaks; metadata above the header; a total line, right or wrong, with rows below it.
 *
 * The workers run the built code (dist/), as the command line does: `npm test` builds first.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

type ReadLedger = typeof import('../../src/ingest/read-ledger.js');
type Records = typeof import('../../src/ingest/read-records.js');
type Workers = typeof import('../../src/ingest/workers/worker-pool.js');
type Config = typeof import('../../src/config/read-config.js');
const dist = resolve(import.meta.dirname, '../../dist');
const { readLedger } = (await import(join(dist, 'ingest/read-ledger.js'))) as ReadLedger;
const records = (await import(join(dist, 'ingest/read-records.js'))) as Records;
const workers = (await import(join(dist, 'ingest/workers/worker-pool.js'))) as Workers;
const { readConfig } = (await import(join(dist, 'config/read-config.js'))) as Config;
const config = await readConfig(undefined);

const folder = mkdtempSync(join(tmpdir(), 'grant-recon-fold-in-workers-'));
let files = 0;

afterEach(() => {
  delete process.env.GRANT_RECON_WORKERS;
  delete process.env.GRANT_RECON_PART_BYTES;
  delete process.env.GRANT_RECON_WORKER_HEAP_MB;
});

const HEADER = 'Document Number,Line,Posting Date,Period,Cost Centre,Account Code,Description,Net Amount';

const glRow = fc
  .record({
    document: fc.integer({ min: 1, max: 6 }),
    line: fc.integer({ min: 1, max: 3 }),
    date: fc.constantFrom('05/04/2022', '31/03/2023', '15/10/2023', '01/04/2021', '12/05/2024', '31/02/2023', ''),
    period: fc.constantFrom('', 'P01', 'P07', 'P13', 'P99'),
    costCentre: fc.constantFrom('SMH001', ' smh002 ', 'XYZ999'),
    account: fc.constantFrom('501000', '511300', '531000', '559999', '601000', '41'),
    description: fc.constantFrom('Invoice', '"Two, parts"', '"line\none"', '"cr\r\nlf"', '"é £"', '"swallows\r\n5100009,1,05/04/2022,P01,SMH001,531000,x,5.00\r\nrows"'),
    amount: fc.constantFrom('10.00', '-2.50', '1,234.56', '0.01', '12.3x', '', '99999999.99'),
  })
  .map((r) => [`51000${r.document}`, r.line, r.date, r.period, r.costCentre, r.account, r.description, r.amount].join(','));

/** An export whose rows are drawn from `pool` (so that files share rows: duplicates) or fresh, or blank. */
const exportOf = (pool: readonly string[]): fc.Arbitrary<string> =>
  fc
    .record({
      metadata: fc.boolean(),
      rows: fc.array(
        fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 6 }, { arbitrary: glRow, weight: 3 }, { arbitrary: fc.constant(',,,,,,,'), weight: 1 }),
        { minLength: 1, maxLength: 25 },
      ),
      total: fc.constantFrom('none', 'right', 'wrong'),
      below: fc.constantFrom('', 'note only,,,,,,,', '5100099,1,01/05/2022,P02,SMH001,531000,Late,5.00'),
    })
    .map(({ metadata, rows, total, below }) => {
      const lines = [...(metadata ? ['Report: GL line items,,,,,,,', ',,,,,,,'] : []), HEADER, ...rows];
      if (total !== 'none') lines.push(`Total,,,,,,,${total === 'right' ? 'RIGHT' : '1.00'}`);
      if (total !== 'none' && below !== '') lines.push(below);
      return lines.join('\r\n');
    });

const exportTexts = fc.array(glRow, { minLength: 1, maxLength: 8 }).chain((pool) => fc.array(exportOf(pool), { minLength: 1, maxLength: 3 }));

/** Writes an export; a right total is the sum of the readable amounts above it (worked out by the ledger itself in neither way). */
function write(text: string): string {
  const path = join(folder, `gl-${files++}.csv`);
  writeFileSync(path, text.replace('RIGHT', rightTotal(text)));
  return path;
}

/** The sum of the amounts above the total line that read as pounds and pence, in pence, written as an amount. */
function rightTotal(text: string): string {
  let pence = 0n;
  for (const line of text.split('\r\n')) {
    if (line.startsWith('Total')) break;
    const amount = line.split(',').at(-1) ?? '';
    const match = /^(-?)(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})$/.exec(amount.replace(/^"|"$/g, ''));
    if (match) pence += (match[1] ? -1n : 1n) * BigInt(`${(match[2] as string).replace(/,/g, '')}${match[3] as string}`);
  }
  const sign = pence < 0n ? '-' : '';
  const abs = pence < 0n ? -pence : pence;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

async function ledgerOf(paths: readonly string[], way: { workers: string; part?: number }): Promise<unknown> {
  process.env.GRANT_RECON_WORKERS = way.workers;
  if (way.part !== undefined) process.env.GRANT_RECON_PART_BYTES = String(way.part);
  else delete process.env.GRANT_RECON_PART_BYTES;
  const read = await readLedger(paths, config);
  return { ...read, ledger: { ...read.ledger, exclusions: [...read.ledger.exclusions], errors: [...read.ledger.errors], duplicates: [...read.ledger.duplicates] } };
}

/** How many records of `path` come folded from the workers (a GL export read alone, unobserved). */
async function foldedRecords(path: string): Promise<number> {
  process.env.GRANT_RECON_WORKERS = 'always';
  let folded = 0;
  try {
    for await (const batch of records.readRecordBatches(path, { sha256: '', bytes: 0, encoding: 'ascii', lines: 0 }, undefined, true, config)) {
      if (!Array.isArray(batch)) folded += batch.folded.count;
    }
  } finally {
    await workers.stopParsing();
  }
  return folded;
}

describe('folding GL exports in worker threads, in parts', () => {
  it('gives the ledger of folding in one thread: totals, exclusions, errors, duplicates and tallies', async () => {
    await fc.assert(
      fc.asyncProperty(exportTexts, fc.integer({ min: 40, max: 400 }), async (texts, part) => {
        const paths = texts.map(write);
        const alone = await ledgerOf(paths, { workers: '0' });
        expect(await ledgerOf(paths, { workers: 'always', part })).toEqual(alone);
        expect(await ledgerOf(paths, { workers: 'always' })).toEqual(alone);
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('keeps the excerpt of the first 1000 rows in error only, as in one thread, however the file is cut into parts', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `5300${i},1,${i % 5 === 0 ? '05/04/2022' : '31/04/2022'},P01,SMH001,531000,Licence,${i}.25`);
    const paths = [write([HEADER, ...rows].join('\n'))];
    const alone = (await ledgerOf(paths, { workers: '0' })) as { ledger: { errors: { source: { line: number }; excerpt?: string }[] } };
    expect(await ledgerOf(paths, { workers: 'always', part: 20_000 })).toEqual(alone);
    const { errors } = alone.ledger;
    expect(errors).toHaveLength(2000);
    expect(errors[999]?.excerpt).toMatch(/^5300\d+,1,31\/04\/2022,P01,SMH001,531000,Licence,/);
    expect(errors[1000]).not.toHaveProperty('excerpt');
    expect(errors[1999]).not.toHaveProperty('excerpt');
  });

  it('reads a file here when its workers fail (a heap too small for any), with the same ledger', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `5100${i % 2500},1,05/04/2022,P01,SMH001,${i % 7 === 0 ? '601000' : '531000'},"Licence, ${i}",${i}.25`);
    const paths = [write([HEADER, ...rows.slice(0, 2000)].join('\n')), write([HEADER, ...rows.slice(1000)].join('\n'))];
    const alone = await ledgerOf(paths, { workers: '0' });
    process.env.GRANT_RECON_WORKER_HEAP_MB = '1';
    expect(await ledgerOf(paths, { workers: 'always', part: 20_000 })).toEqual(alone);
  });

  it('gives the same ledger when a parcel of folded rows spans many parsed batches and stops inside one', async () => {
    // About 1.4 MB: a part holds many 64 KB batches, and a parcel of 4,096 records spans several of them. A key met
    // again with another amount (a conflict) late in the file stops a parcel part-way, and the main thread reads on.
    const rows = Array.from({ length: 12_000 }, (_, i) => {
      const date = i % 97 === 0 ? '31/02/2023' : i % 2 === 0 ? '05/04/2022' : '15/10/2023';
      const description = i % 13 === 0 ? `"Licence, ${i}\nsecond line"` : `Licence ${i}`;
      return `5400${i % 11_000},1,${date},${i % 3 === 0 ? 'P13' : ''},SMH00${1 + (i % 2)},${i % 7 === 0 ? '601000' : '531000'},${description},${i % 11_000 === i ? i : i + 1}.25`;
    });
    const paths = [write([HEADER, ...rows, 'Total,,,,,,,1.00', 'note,,,,,,,'].join('\r\n'))];
    const alone = (await ledgerOf(paths, { workers: '0' })) as { ledger: { errors: { code: string }[] } };
    expect(alone.ledger.errors.filter((e) => e.code === 'conflicting-duplicate').length).toBeGreaterThan(900);
    for (const part of [100_000, 300_000, 10_000_000]) expect(await ledgerOf(paths, { workers: 'always', part })).toEqual(alone);
  }, 120_000);

  it('folds the rows below the header in the workers, not here', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `51001${i},1,05/04/2022,P01,SMH001,531000,Licence,10.00`);
    const path = write([HEADER, ...rows].join('\n'));
    expect(await foldedRecords(path)).toBe(40);
  });

  it('gives a payroll export, which it does not fold, as cells', async () => {
    expect(await foldedRecords(resolve(import.meta.dirname, '../../fixtures/payroll/errors/bad-amount.csv'))).toBe(0);
  });
});
