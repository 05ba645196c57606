/**
 * Duplicate and key-conflict detection across input files, as PRODUCT.md defines it:
 * - duplicates are judged across files, never inside one: identical rows inside one export are all kept;
 * - a row of a later file is a duplicate only as many times as the earlier file holding the most copies holds it,
 *   and it names the copy it repeats;
 * - a row whose key an earlier row holds with different content is a conflicting duplicate (inside one file too).
 */
import type { SourceRef } from './types.js';

/** What the index says of one row. */
export type DuplicateVerdict =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate'; readonly of: SourceRef }
  | { readonly kind: 'conflict'; readonly with: SourceRef; readonly theirContent: string };

interface Copies {
  count: number;
  refs: SourceRef[];
}

/** Remembers the content of every row read so far and judges each new row against earlier files. */
export class DuplicateIndex {
  private readonly earlier = new Map<string, Copies>();
  private current = new Map<string, Copies>();
  private readonly keys = new Map<string, { content: string; source: SourceRef }>();

  /** Judges a row of the current file and remembers it. `key` is undefined for profiles without a row key. */
  judge(content: string, key: string | undefined, source: SourceRef): DuplicateVerdict {
    if (key !== undefined) {
      const holder = this.keys.get(key);
      if (holder === undefined) this.keys.set(key, { content, source });
      else if (holder.content !== content) return { kind: 'conflict', with: holder.source, theirContent: holder.content };
    }
    let mine = this.current.get(content);
    if (!mine) {
      mine = { count: 0, refs: [] };
      this.current.set(content, mine);
    }
    const copy = mine.count;
    mine.count++;
    mine.refs.push(source);
    const before = this.earlier.get(content);
    if (before && copy < before.count) return { kind: 'duplicate', of: before.refs[copy] as SourceRef };
    return { kind: 'new' };
  }

  /** Closes the current file: its copies become "earlier" for the files that follow. */
  endFile(): void {
    for (const [content, mine] of this.current) {
      const before = this.earlier.get(content);
      if (!before || mine.count > before.count) this.earlier.set(content, mine);
    }
    this.current = new Map();
  }
}
