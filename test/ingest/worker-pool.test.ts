/**
 * Parsing in worker threads, cut into parts, must give exactly what parsing in one piece gives: the same records
 * on the same lines, the same facts, and the same refusal with the same line for a file that cannot be read. The
 * files here are built to make cuts land badly: inside quoted cells holding line breaks, between a CR and its LF,
 * before the first non-ASCII character and after it, beside a stray byte that is not UTF-8.
 *
 * The workers run the built code (dist/), as the command line does: `npm test` builds first.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

type Records = typeof import('../../src/ingest/read-records.js');
type Workers = typeof import('../../src/ingest/workers/worker-pool.js');
const dist = resolve(import.meta.dirname, '../../dist/ingest');
const records = (await import(join(dist, 'read-records.js'))) as Records;
const workers = (await import(join(dist, 'workers/worker-pool.js'))) as Workers;

const folder = mkdtempSync(join(tmpdir(), 'grant-recon-parse-workers-'));
let files = 0;

interface Outcome {
  readonly records: [number, string[]][];
  readonly facts: unknown;
  readonly refusal: string | undefined;
}

/**
 * Reads `path` one way. The workers are not stopped after a read: one pool serves every file of the test, as it
 * serves every file of a run of the command line, after a refusal too (starting two workers a case cost most of the
 * test's time); afterAll stops it.
 */
async function read(path: string, inWorkers: boolean): Promise<Outcome> {
  const facts = { sha256: '', bytes: 0, encoding: 'ascii', lines: 0 };
  const out: [number, string[]][] = [];
  try {
    for await (const batch of records.readRecordBatches(path, facts as never, undefined, inWorkers)) {
      if (!Array.isArray(batch)) throw new Error('folded rows without asking for them');
      for (const record of batch) out.push([record.line, [...record.cells]]);
    }
    return { records: out, facts, refusal: undefined };
  } catch (error) {
    return { records: out, facts: undefined, refusal: `${(error as Error).message} @${(error as { line?: number }).line}` };
  }
}

/** Reads `bytes` both ways, with parts of `part` bytes, and expects the same. */
async function expectSame(bytes: Buffer, part: number): Promise<void> {
  const path = join(folder, `f${files++}.csv`);
  writeFileSync(path, bytes);
  const alone = await read(path, false);
  process.env.GRANT_RECON_WORKERS = 'always';
  process.env.GRANT_RECON_PART_BYTES = String(part);
  try {
    const inParts = await read(path, true);
    // A refused file yields some records first; only those before the refusal in one piece are promised.
    if (alone.refusal !== undefined) {
      expect(inParts.refusal).toBe(alone.refusal);
    } else {
      expect(inParts).toEqual(alone);
    }
  } finally {
    delete process.env.GRANT_RECON_WORKERS;
    delete process.env.GRANT_RECON_PART_BYTES;
  }
}

afterAll(async () => {
  await workers.stopParsing();
});

const cell = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 .£é-]{0,12}$/),
  // A quoted cell: commas, doubled quotes and line breaks of every kind inside.
  fc.array(fc.constantFrom('a', ',', '""', '\n', '\r\n', '\r', 'é', '£', ' '), { maxLength: 8 }).map((parts) => `"${parts.join('')}"`),
);
const row = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(','));
const eol = fc.constantFrom('\n', '\r\n', '\r');
const text = fc.tuple(fc.array(fc.tuple(row, eol), { minLength: 1, maxLength: 30 }), fc.boolean()).map(([rows, last]) => {
  const body = rows.map(([r, e]) => r + e).join('');
  return last ? body : body.replace(/(\r\n|\n|\r)$/, '');
});

describe('parsing in worker threads, in parts', () => {
  it('gives the records, lines and facts of parsing in one piece, for UTF-8, Windows-1252 and broken files', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252', 'stray-byte', 'open-quote'),
        fc.integer({ min: 3, max: 40 }),
        async (content, kind, part) => {
          let bytes: Buffer;
          if (kind === 'windows-1252') bytes = Buffer.from(content, 'latin1');
          else if (kind === 'utf-8-bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content, 'utf8')]);
          else if (kind === 'stray-byte') bytes = Buffer.concat([Buffer.from(content, 'utf8'), Buffer.from([0xe9, 0x0a]), Buffer.from(content, 'utf8')]);
          else if (kind === 'open-quote') bytes = Buffer.from(`${content}\n1,"never closed\n2,3\n`, 'utf8');
          else bytes = Buffer.from(content, 'utf8');
          await expectSame(bytes, part);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('cuts a real-sized file into parts and gives the same records and SHA-256', async () => {
    const lines = ['Document Number,Line,Posting Date,Net Amount'];
    for (let i = 0; i < 20_000; i++) lines.push(`${5100000000 + i},${i % 7},${1 + (i % 28)}/0${1 + (i % 9)}/2023,"${i}.${i % 100}"`);
    // A line break inside quotes, and the first non-ASCII character, deep in the file.
    lines.splice(12_345, 0, '5199999999,1,01/04/2023,"multi\nline"', '5199999998,1,01/04/2023,"£1.00"');
    await expectSame(Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), 64 * 1024);
  }, 60_000);
});

describe('when a run uses workers at all', () => {
  const MIB = 1024 * 1024;
  const asked = (setting: string | undefined, bytes: number): boolean => {
    const before = process.env.GRANT_RECON_WORKERS;
    if (setting === undefined) delete process.env.GRANT_RECON_WORKERS;
    else process.env.GRANT_RECON_WORKERS = setting;
    try {
      return workers.runUsesWorkers(bytes);
    } finally {
      if (before === undefined) delete process.env.GRANT_RECON_WORKERS;
      else process.env.GRANT_RECON_WORKERS = before;
    }
  };

  it('from 40 MiB of inputs in all: below, starting the workers cost more than they saved (docs/performance.md)', () => {
    expect(asked(undefined, 40 * MIB - 1)).toBe(false);
    expect(asked(undefined, 40 * MIB)).toBe(true);
    expect(asked(undefined, 0)).toBe(false);
  });

  it('always with GRANT_RECON_WORKERS=always, never with GRANT_RECON_WORKERS=0', () => {
    expect(asked('always', 0)).toBe(true);
    expect(asked('0', 1024 * MIB)).toBe(false);
  });
});
