/** Views of a finished ledger that the fold tests read: a file's tally, and the exclusions that occurred. */
import type { FileTally, Ledger } from '../../src/core/fold/ledger.js';
import { EXCLUSION_REASONS, type ExclusionReason, type Pence } from '../../src/core/types.js';

/** The tally of the ledger's `i`th file (in the order the files were begun). */
export function tally(l: Ledger, i = 0): FileTally {
  const t = l.files[i];
  if (t === undefined) throw new Error(`no file ${i}`);
  return t;
}

/** The exclusions that occurred, reason by reason, as [reason, rows, pence]. */
export function exclusions(l: Ledger): [ExclusionReason, number, Pence][] {
  return EXCLUSION_REASONS.flatMap((reason) => {
    const t = l.exclusions.get(reason);
    return t && t.rows > 0 ? [[reason, t.rows, t.amount] as [ExclusionReason, number, Pence]] : [];
  });
}
