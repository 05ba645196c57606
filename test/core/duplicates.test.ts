import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateIndex, type DuplicateVerdict } from '../../src/core/dedup/duplicates.js';
import { hash128 } from '../../src/core/store/hash128.js';

/**
 * The duplicate index against a model of PRODUCT.md's rules written as plainly as possible (every copy's line kept
 * in arrays, maps keyed by strings): the index holds rows in a few packed words, and must judge every row alike.
 */
class ModelIndex {
  private readonly files: string[] = [];
  private readonly finished: boolean[] = [];
  private active = -1;
  private readonly tables = [new Map<string, ModelEntry>(), new Map<string, ModelEntry>()] as const;

  beginFile(file: string): void {
    this.files.push(file);
    this.finished.push(false);
    this.active = this.files.length - 1;
  }

  endFile(): void {
    this.finished[this.active] = true;
    this.active = -1;
  }

  judgeKeyless(hash: string, line: number): DuplicateVerdict {
    const table = this.tables[1];
    let entry = table.get(hash);
    if (!entry) table.set(hash, (entry = newEntry('')));
    return this.count(entry, line);
  }

  judgeKeyed(key: string, fingerprint: string, line: number): DuplicateVerdict {
    const table = this.tables[0];
    let entry = table.get(key);
    if (!entry) {
      table.set(key, (entry = newEntry(fingerprint)));
    } else if (entry.fingerprint !== fingerprint) {
      this.settle(entry);
      // The earlier file holding the key, or else the first copy in the file that last held it.
      const [file, line] = entry.earlierLines.length > 0 ? [entry.earlierFile, entry.earlierLines[0]] : [entry.currentFile, entry.currentLines[0]];
      return { kind: 'conflict', with: { file: this.files[file] as string, line: line as number } };
    }
    return this.count(entry, line);
  }

  /** A finished file that last held the row becomes the earlier one if it held more copies. */
  private settle(entry: ModelEntry): void {
    const file = entry.currentFile;
    if (file < 0 || file === this.active || !this.finished[file]) return;
    if (entry.currentLines.length > entry.earlierLines.length) {
      entry.earlierFile = file;
      entry.earlierLines = [...entry.currentLines];
    }
  }

  private count(entry: ModelEntry, line: number): DuplicateVerdict {
    this.settle(entry);
    if (entry.currentFile !== this.active) {
      entry.currentFile = this.active;
      entry.currentLines = [];
    }
    const copy = entry.currentLines.length;
    entry.currentLines.push(line);
    if (copy < entry.earlierLines.length) return { kind: 'duplicate', of: { file: this.files[entry.earlierFile] as string, line: entry.earlierLines[copy] as number } };
    return { kind: 'new' };
  }
}

interface ModelEntry {
  readonly fingerprint: string;
  currentFile: number;
  currentLines: number[];
  earlierFile: number;
  earlierLines: number[];
}

function newEntry(fingerprint: string): ModelEntry {
  return { fingerprint, currentFile: -1, currentLines: [], earlierFile: -1, earlierLines: [] };
}

/** A row of a generated file: its key and content drawn from small pools (so they repeat), and the lines skipped before it. */
interface GeneratedRow {
  readonly keyed: boolean;
  readonly key: number;
  readonly content: number;
  readonly gap: number;
}
interface GeneratedFile {
  readonly rows: readonly GeneratedRow[];
  /** Read to its end (a refused file is not, and its copies never count as earlier). */
  readonly finished: boolean;
}

const row = (keys: number, contents: number): fc.Arbitrary<GeneratedRow> =>
  fc.record({
    keyed: fc.boolean(),
    key: fc.nat(keys - 1),
    content: fc.nat(contents - 1),
    // Mostly the next line; sometimes far on (a gap the line store must carry whole).
    gap: fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.integer({ min: 2, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 300, max: 100_000 }) }),
  });

const files = (keys: number, contents: number, rows: number): fc.Arbitrary<GeneratedFile[]> =>
  fc.array(fc.record({ rows: fc.array(row(keys, contents), { maxLength: rows }), finished: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }), {
    minLength: 1,
    maxLength: 5,
  });

/** A 96-bit hash and a 64-bit fingerprint for pool members: distinct members, distinct words. */
function words(n: number, seed: number): [number, number, number] {
  return [(Math.imul(n + 1, 0x9e3779b1) ^ seed) >>> 0, (n * 7 + seed) >>> 0, (seed ^ 0x5bd1e995) >>> 0];
}
function judgeAll(generated: readonly GeneratedFile[]): { index: DuplicateVerdict[]; model: DuplicateVerdict[] } {
  const index = new DuplicateIndex();
  const model = new ModelIndex();
  const verdicts = { index: [] as DuplicateVerdict[], model: [] as DuplicateVerdict[] };
  generated.forEach((file, f) => {
    index.beginFile(`f${f}.csv`);
    model.beginFile(`f${f}.csv`);
    let line = 1;
    for (const r of file.rows) {
      line += r.gap;
      if (r.keyed) {
        const [a, b, c] = words(r.key, 1);
        const [fpA, fpB] = words(r.content, 2);
        verdicts.index.push(index.judgeKeyed(a, b, c, fpA, fpB, line));
        verdicts.model.push(model.judgeKeyed(String(r.key), String(r.content), line));
      } else {
        const [a, b, c] = words(r.content, 3);
        verdicts.index.push(index.judgeKeyless(a, b, c, line));
        verdicts.model.push(model.judgeKeyless(String(r.content), line));
      }
    }
    if (file.finished) {
      index.endFile();
      model.endFile();
    }
  });
  return verdicts;
}

describe('the duplicate index', () => {
  const scenarios = [
    { name: 'many keys, rows that seldom repeat', keys: 400, contents: 600, rows: 300, runs: 150 },
    { name: 'few keys and contents: many copies of a row in one file, and many conflicts', keys: 3, contents: 4, rows: 700, runs: 100 },
  ];
  for (const { name, keys, contents, rows, runs } of scenarios) {
    it(`judges every row as the plain model of the rules does: ${name}`, () => {
      fc.assert(
        fc.property(files(keys, contents, rows), (generated) => {
          const { index, model } = judgeAll(generated);
          expect(index).toEqual(model);
        }),
        { numRuns: runs },
      );
    });
  }

  it('names the copy a duplicate repeats, and the earlier row a conflict is with, past the lines it has to work out', () => {
    // 70,000 rows in a.csv (past the first page of 65,536 entries), some far apart; b.csv repeats every one of
    // them, and changes the last one's content.
    const index = new DuplicateIndex();
    index.beginFile('a.csv');
    for (let i = 0; i < 70_000; i++) index.judgeKeyed(i, 0, 0, i, 0, 2 + i * (i % 3 === 0 ? 1 : 400));
    index.endFile();
    index.beginFile('b.csv');
    for (let i = 0; i < 69_999; i++) {
      expect(index.judgeKeyed(i, 0, 0, i, 0, 5 + i)).toEqual({ kind: 'duplicate', of: { file: 'a.csv', line: 2 + i * (i % 3 === 0 ? 1 : 400) } });
    }
    expect(index.judgeKeyed(69_999, 0, 0, 1, 0, 99)).toEqual({ kind: 'conflict', with: { file: 'a.csv', line: 2 + 69_999 * 1 } });
  });

  it('judges alike however many rows it was told to expect, too few or too many (its slots grow at once to them)', () => {
    // Past the first slots (3,072 entries) and a doubling or more, in both tables; b.csv repeats each row, changes every
    // seventh keyed row's content, and adds rows of its own. Keys and contents are hashed as a fold hashes them.
    const words = (text: string): [number, number, number] => {
      const hashed = new Uint32Array(4);
      hash128(text, hashed);
      return [hashed[0] as number, hashed[1] as number, hashed[2] as number];
    };
    const keys = Array.from({ length: 25_000 }, (_, i) => words(`key ${i}`));
    const contents = Array.from({ length: 25_000 }, (_, i) => words(`content ${i}`));
    const judge = (expected: number | undefined): string => {
      const index = new DuplicateIndex();
      if (expected !== undefined) index.expectRows(expected);
      const verdicts: DuplicateVerdict[] = [];
      index.beginFile('a.csv');
      for (let i = 0; i < 20_000; i++) {
        verdicts.push(index.judgeKeyed(...(keys[i] as [number, number, number]), i, 0, 2 + i));
        verdicts.push(index.judgeKeyless(...(contents[i] as [number, number, number]), 2 + i));
      }
      index.endFile();
      index.beginFile('b.csv');
      for (let i = 0; i < 25_000; i++) {
        verdicts.push(index.judgeKeyed(...(keys[i] as [number, number, number]), i % 7 === 0 ? i + 1 : i, 0, 2 + i));
        verdicts.push(index.judgeKeyless(...(contents[i] as [number, number, number]), 2 + i));
      }
      return JSON.stringify(verdicts);
    };
    const unsized = judge(undefined);
    // What the rules say, counted independently of the index: a.csv's 40,000 rows are new; of b.csv's first 20,000
    // rows of each kind, every seventh keyed one conflicts (2,858) and the rest repeat a.csv; its last 5,000 of each
    // kind are new.
    const count = (kind: DuplicateVerdict['kind']): number => unsized.split(`"kind":"${kind}"`).length - 1;
    expect([count('new'), count('duplicate'), count('conflict')]).toEqual([40_000 + 10_000, 20_000 - 2_858 + 20_000, 2_858]);
    for (const expected of [0, 1_000, 45_000, 200_000]) expect(judge(expected)).toEqual(unsized);
  });
});
