/**
 * Reads again the earlier rows that conflicting duplicates cite, for their net amounts. The duplicate index keeps
 * no amounts (core/dedup/duplicates.ts), and a conflict is rare and fails the run: so when a run finds one, each file a
 * conflict cites is read once more, up to the last row wanted, to say what differs. A file is read again only if
 * its bytes are still those first read (the same SHA-256): a file changed since gives no amounts, never wrong ones.
 */
import { cellAt } from '../core/fold/file-fold.js';
import type { GlLayout } from '../core/fold/gl-file-fold.js';
import { parseAmount } from '../core/money.js';
import type { Pence, SourceRef } from '../core/types.js';
import { sha256Of } from './workers/worker-pool.js';
import { newFileFacts, type FileFacts } from './parse-cells.js';
import { readRecords } from './read-records.js';

/** A GL export as it was first read: its layout and the SHA-256 of its bytes. */
export interface FirstReading {
  readonly layout: GlLayout;
  readonly sha256: string;
}

/** The net amount of each cited row that could be read again, by file and line. */
export async function readCitedNets(cited: readonly SourceRef[], readings: ReadonlyMap<string, FirstReading>): Promise<(row: SourceRef) => Pence | undefined> {
  const nets = new Map<string, Map<number, Pence>>();
  const wanted = new Map<string, Set<number>>();
  for (const { file, line } of cited) {
    const lines = wanted.get(file) ?? new Set<number>();
    lines.add(line);
    wanted.set(file, lines);
  }
  for (const [file, lines] of wanted) {
    const reading = readings.get(file);
    if (reading === undefined) continue;
    const { layout } = reading;
    const found = new Map<number, Pence>();
    nets.set(file, found);
    let last = 0;
    for (const line of lines) last = Math.max(last, line);
    const facts: FileFacts = newFileFacts();
    try {
      if ((await sha256Of(file)) !== reading.sha256) continue;
      for await (const record of readRecords(file, facts)) {
        if (lines.has(record.line)) {
          const amount = parseAmount(cellAt(record.cells, layout.net));
          if (amount.ok) found.set(record.line, amount.pence);
        }
        if (record.line >= last) break;
      }
    } catch {
      // The file cannot be read again (moved, say): its conflicts say so, and still fail the run.
    }
  }
  return (row) => nets.get(row.file)?.get(row.line);
}
