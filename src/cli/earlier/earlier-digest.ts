/**
 * The digest of the tool's own earlier files (claims, reconciliations): checking it, and what is said of a file
 * written before files carried one. Loads no zod, so that a command can speak of digests without paying for it.
 */
import { DIGEST_KEY, jsonDigest } from '../../render/json.js';
import { holdsLayoutCharacter, visibleInJsonBeforeLayout } from '../../render/visible.js';

/** What the digest of an earlier file showed: it matched its content, or the file has none (written before digests). */
export type DigestCheck = 'verified' | 'absent';

/**
 * Checks a parsed earlier file's digest (render/json.ts): its content must be what was written. A file without one
 * was written before files carried digests, and is checked by its figures alone.
 */
export function checkDigest(json: Record<string, unknown>): { ok: true; check: DigestCheck } | { ok: false; problem: string } {
  if (!(DIGEST_KEY in json)) {
    // The versions that write digests write controlTotals.errorsAmountUnreadable too: such a file without a digest
    // had it taken out, which no one does to a file as it was sent.
    const controlTotals = json.controlTotals as Record<string, unknown> | undefined;
    if (controlTotals !== undefined && 'errorsAmountUnreadable' in controlTotals) {
      return { ok: false, problem: 'it carries no digest, though grant-recon writes one into every file of its shape: it was changed after it was written' };
    }
    return { ok: true, check: 'absent' };
  }
  const { [DIGEST_KEY]: written, ...content } = json;
  const actual = jsonDigest(content);
  if (written === actual) return { ok: true, check: 'verified' };
  // Written before the bidirectional controls and separators were escaped, one of them held raw: its digest was
  // worked out over them raw.
  if (holdsLayoutCharacter(JSON.stringify(content)) && written === jsonDigest(content, visibleInJsonBeforeLayout)) return { ok: true, check: 'verified' };
  const shown = typeof written === 'string' ? written : JSON.stringify(written);
  return { ok: false, problem: `its digest does not match its content (written ${shown.slice(0, 19)}…, content ${actual.slice(0, 19)}…): it was changed after it was written` };
}

/** What is said of earlier files that carry no digest: they are checked by their figures alone. */
export function undigestedNote(files: readonly string[]): string {
  return `${files.join(', ')} ${files.length === 1 ? 'carries' : 'carry'} no digest (written before grant-recon wrote one): checked by ${files.length === 1 ? 'its' : 'their'} figures alone`;
}
