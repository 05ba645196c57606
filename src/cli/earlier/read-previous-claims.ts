/**
 * Reads the claim files given with `claim --previous` (or found by `--previous-dir`), each checked before it is
 * believed (read-claim-file.ts): a file that is not a claim, or whose digest or figures do not hold, is refused
 * with exit 2, never half-read.
 */
import type { GrantConfig } from '../../core/grant-config.js';
import type { ClaimFile } from '../../core/reports/claim-register.js';
import type { ClaimPeriodRange } from '../../core/calendar/fiscal.js';
import { readClaimFile } from './read-claim-file.js';
import { readClaimFolder } from './read-claim-folder.js';
import { UsageError } from '../usage-error.js';

/** The earlier claims read, and those of them that carry no digest (checked by their figures alone). */
export interface PreviousClaims {
  readonly claims: ClaimFile[];
  readonly undigested: string[];
}

/** Reads and checks each file; throws a UsageError naming every file that cannot be used, and why. */
export async function readPreviousClaims(paths: readonly string[], config: GrantConfig): Promise<PreviousClaims> {
  const claims: ClaimFile[] = [];
  const undigested: string[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const read = await readClaimFile(path, config);
    if (!read.ok) {
      problems.push(`--previous ${path}: ${read.problem}`);
      continue;
    }
    claims.push(read.claim);
    if (read.digest === 'absent') undigested.push(path);
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '), 'give the JSON claim files of this grant and year that were sent before this claim');
  return { claims, undigested };
}

/**
 * The earlier claims of a claim from a folder of claims sent (`--previous-dir`): every claim of the grant and year
 * that ends before this claim period begins (for a final claim, every non-final claim of the year). A claim file
 * there that fails its checks is refused, as with --previous: the folder is the record of what was sent.
 */
export async function readPreviousClaimsIn(
  folder: string,
  config: GrantConfig,
  claim: { readonly reference: string; readonly year: string; readonly range: ClaimPeriodRange },
): Promise<PreviousClaims> {
  const claims: ClaimFile[] = [];
  const undigested: string[] = [];
  const problems: string[] = [];
  const final = claim.range.label === 'final';
  for (const { file, read } of await readClaimFolder(folder, config)) {
    if (!read.ok) {
      // A claim of this grant written with other categories cannot be read with this configuration's; another
      // grant's claims in the folder are passed over, as the claims of other years are.
      if (read.kind === 'inconsistent' || (read.kind === 'other-categories' && read.reference === claim.reference)) problems.push(`--previous-dir ${folder}: ${file}: ${read.problem}`);
      continue;
    }
    const c = read.claim;
    if (c.reference !== claim.reference || c.year !== claim.year) continue;
    if (final ? c.period.label === 'final' : c.period.to >= claim.range.from) continue;
    claims.push(c);
    if (read.digest === 'absent') undigested.push(file);
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '), 'the folder must hold the claims as they were sent: restore the file, or take it out of the folder');
  return { claims, undigested };
}
