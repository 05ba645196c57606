import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeResult } from '../../src/cli/write-output.js';

describe('writeResult with a result in pieces', () => {
  it('writes every piece, in order, to the -o file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-write-'));
    const out = join(dir, 'report.csv');
    function* pieces(): Generator<string> {
      for (let i = 0; i < 3000; i++) yield `row ${i},£${i}.00\r\n`;
    }
    await writeResult(pieces(), out, false);
    expect(readFileSync(out, 'utf8')).toBe(Array.from({ length: 3000 }, (_, i) => `row ${i},£${i}.00\r\n`).join(''));
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('leaves nothing behind when rendering fails part-way, and passes the failure on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-write-'));
    function* pieces(): Generator<string> {
      yield 'section,year\r\n';
      throw new Error('rendering failed');
    }
    await expect(writeResult(pieces(), join(dir, 'report.csv'), false)).rejects.toThrow('rendering failed');
    expect(readdirSync(dir)).toEqual([]);
  });
});
