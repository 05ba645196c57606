/**
 * Reads the claim files given with `claim --previous` (as written by `claim --format json`), validating their
 * shape with zod (read-claim-file.ts): a file that is not such a claim is refused with exit 2, never half-read.
 */
import type { PreviousClaim } from '../core/claim-history.js';
import { readClaimFile } from './read-claim-file.js';
import { UsageError } from './usage-error.js';

/** Reads and validates each file; throws a UsageError naming every file that is not a claim. */
export async function readPreviousClaims(paths: readonly string[]): Promise<PreviousClaim[]> {
  const claims: PreviousClaim[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const read = await readClaimFile(path);
    if (read.ok) claims.push(read.claim);
    else problems.push(`--previous ${path}: ${read.problem}`);
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'), 'give the JSON claim files of this grant and year that were sent before this claim');
  return claims;
}
