/**
 * What a worker thread makes of one part of a GL export when it folds as well as parses (core/fold/part-ledger.ts): the
 * first part's records up to its header as cells (the main thread reads the header itself), then every record
 * below the header as folded rows. The other parts of the file are folded with the layout the first part found.
 */
import type { GrantConfig } from '../../core/grant-config.js';
import type { GlFileFold } from '../../core/fold/gl-file-fold.js';
import type { FoldedRows } from '../../core/fold/folded-batch.js';
import type { GlLayout } from '../../core/fold/ledger.js';
import { PartFold } from '../../core/fold/part-ledger.js';
import { isHeaderMatch } from '../header.js';
import { glLayout, HeaderSearch, inputProfiles } from '../layouts.js';
import { recordLines, sliceBatch, type CellBatch } from '../parse-cells.js';

/** A part to fold: with the layout of its file, or (the first part) undefined, to find in its header. */
export interface FoldJob {
  readonly config: GrantConfig;
  readonly layout: GlLayout | undefined;
}

/**
 * What a fold job gives, in order: cells (the first part's records up to and including its header, or all of a
 * part that cannot be folded), the layout the first part found (undefined: none it can fold with), and folded rows.
 */
export type PartOutput = { readonly cells: CellBatch } | { readonly layout: GlLayout | undefined } | { readonly folded: FoldedRows };

/**
 * Records folded before they cross to the main thread as one parcel: each crossing costs a message and a count of
 * the parcel's places into the ledger, whatever its size, while a record folded takes 44 bytes.
 */
const PARCEL_RECORDS = 4096;

/** Folds the records of one part, batch by batch; stops after folded rows that say `stop`. */
export async function* foldPart(batches: AsyncIterable<CellBatch>, job: FoldJob): AsyncGenerator<PartOutput> {
  const part = new PartFold(job.config);
  const search = new HeaderSearch(inputProfiles(job.config));
  let layout = job.layout;
  let file: GlFileFold | undefined = layout && part.beginGlFile('', layout);
  let key = JSON.stringify(layout);
  // The first part looks for its header as the main thread does, record by record, as far as it would.
  let searching = layout === undefined;
  // The line of the next batch's first record, counted from the part's first record; and of the parcel's first.
  let at = 0;
  let base: number | undefined;
  for await (const batch of batches) {
    const { cells } = batch;
    let from = 0;
    if (searching) {
      for (; from < cells.length && searching; from++) {
        const match = search.look(cells[from] as string[]);
        if (isHeaderMatch(match)) {
          searching = false;
          if (match.profile.id === 'gl') {
            layout = glLayout(match);
            file = part.beginGlFile('', layout);
            key = JSON.stringify(layout);
          }
          yield { layout };
        } else if (search.exhausted) {
          searching = false;
          yield { layout: undefined };
        }
      }
      yield { cells: sliceBatch(batch, 0, from) };
    }
    if (file === undefined) {
      if (from < cells.length) yield { cells: from === 0 ? batch : sliceBatch(batch, from, cells.length) };
      continue;
    }
    if (from === cells.length) continue;
    // Lines count from the parcel's first record: the main thread knows where it stands.
    const { lines, next } = recordLines(batch, at);
    base ??= lines[from] as number;
    for (let i = from; i < cells.length; i++) {
      const line = (lines[i] as number) - base;
      const breaks = (i + 1 < cells.length ? (lines[i + 1] as number) : next) - (lines[i] as number) - 1;
      if (!part.fold(file, line, cells[i] as string[], breaks)) {
        yield { folded: part.take(line, key, true) };
        return;
      }
    }
    at = next;
    if (part.size >= PARCEL_RECORDS) {
      yield { folded: part.take(next - base, key, false) };
      base = undefined;
    }
  }
  if (base !== undefined) yield { folded: part.take(at - base, key, false) };
  if (searching) yield { layout: undefined };
}
