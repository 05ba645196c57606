/**
 * Reads the claim files given with `claim --previous` (or found by `--previous-dir`), each checked before it is
 * believed (read-claim-file.ts): a file that is not a claim, or whose digest or figures do not hold, is refused
 * with exit 2, never half-read.
 */
import type { GrantConfig } from '../../core/grant-config.js';
import { claimOfOtherGrant, type ClaimFile } from '../../core/reports/claim-register.js';
import { formatMoney } from '../../core/money.js';
import { fyDateRange, parseFyLabel, type ClaimPeriodRange } from '../../core/calendar/fiscal.js';
import { readClaimFile } from './read-claim-file.js';
import { readClaimFolder } from './read-claim-folder.js';
import { UsageError } from '../usage-error.js';

/** The earlier claims read, and those of them that carry no digest (checked by their figures alone). */
export interface PreviousClaims {
  readonly claims: ClaimFile[];
  readonly undigested: string[];
  /** Files of a `--previous-dir` folder passed over: JSON documents of another kind (a reconciliation), and other grants' claims; each with why. */
  readonly passedOver?: readonly string[];
}

/**
 * Why a claim of the folder that would be passed over as another year's is this grant's claim of the year written
 * otherwise, if it is: its period lies in the year claimed though its year is written otherwise (`2022-23`). Passed
 * over, its claim due would be claimed again. (A grant reference written otherwise is refused as the file is read.)
 */
function writtenOtherwise(c: ClaimFile, claim: { readonly reference: string; readonly year: string }): string | undefined {
  const fy = parseFyLabel(claim.year);
  if (c.reference !== claim.reference || c.year === claim.year || fy === undefined) return undefined;
  const { from, to } = fyDateRange(fy);
  if (c.period.to < from || c.period.from > to) return undefined;
  return `its year is written ${JSON.stringify(c.year)}, not "${claim.year}", though its period ${c.period.from} to ${c.period.to} lies in ${claim.year}: it was changed after it was written, and passed over its claim due would be claimed again`;
}

/** A claim's claim due, and what it records as claimed before it where it does, as a warning names them. */
function dueAndBefore(c: ClaimFile): string {
  return `claim due ${formatMoney(c.claimDue)}${c.previouslyClaimed === undefined ? '' : `, made after ${formatMoney(c.previouslyClaimed)} claimed before it`}`;
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
 * that ends before this claim period begins (for a final claim, every non-final claim of the year). The folder is the
 * record of what was sent, so every `*.json` file of it must be read: a claim file there that cannot be read (cut
 * short, emptied, of a schema this version does not read), that fails its checks, or that was made with another
 * configuration (other categories, another kind of claim period) is refused, as with --previous, and so is a file
 * that is not JSON at all or is too large to read (what it claimed cannot be known), as `claims list` fails them. A
 * JSON document of another kind (a reconciliation) and what is not a regular file (a folder or a device named
 * `*.json`) are passed over and named in `passedOver`, as `claims list` skips them, and so are another grant's claims;
 * the claims of other years are passed over unnamed.
 */
export async function readPreviousClaimsIn(
  folder: string,
  config: GrantConfig,
  claim: { readonly reference: string; readonly year: string; readonly range: ClaimPeriodRange },
): Promise<PreviousClaims> {
  const claims: ClaimFile[] = [];
  const undigested: string[] = [];
  const passedOver: string[] = [];
  const problems: string[] = [];
  const final = claim.range.label === 'final';
  for (const { file, read } of await readClaimFolder(folder, config)) {
    if (!read.ok) {
      // As claims list skips them: JSON of another kind, and what is not a regular file (a folder or a device).
      if (read.kind === 'not-a-claim') passedOver.push(`${file} (${read.problem}): not a claim`);
      else if ((read.kind !== 'other-categories' && read.kind !== 'other-claim-periods') || read.reference === claim.reference) problems.push(`--previous-dir ${folder}: ${file}: ${read.problem}`);
      else passedOver.push(`${file}: ${claimOfOtherGrant(read.reference, claim.reference)}`);
      continue;
    }
    const c = read.claim;
    const written = writtenOtherwise(c, claim);
    if (written !== undefined) {
      problems.push(`--previous-dir ${folder}: ${file}: ${written}`);
      continue;
    }
    // Another grant's claim is named, though it counts for nothing here: relabelled from this grant's, its claim due
    // would be claimed again, and only a person reading the warning can tell.
    if (c.reference !== claim.reference) {
      passedOver.push(`${file}: ${claimOfOtherGrant(c.reference, claim.reference)}`);
      continue;
    }
    if (c.year !== claim.year) continue;
    // A claim that began before this one and runs into it (Q1 beside a claim of May): passed over, its dates before
    // this claim's would be claimed again. The year's final claim spans the year by design, and is passed over.
    if (!final && c.period.label !== 'final' && c.period.from < claim.range.from && c.period.to >= claim.range.from) {
      problems.push(
        `--previous-dir ${folder}: ${file}: its period ${c.period.label} (${c.period.from} to ${c.period.to}) began before the period claimed (${claim.range.label}, from ${claim.range.from}) and runs into it, so the claims overlap, and passed over, its dates before ${claim.range.from} would be claimed again`,
      );
      continue;
    }
    if (final ? c.period.label === 'final' : c.period.to >= claim.range.from) {
      // A claim of this very period, already sent: named, for this one is made beside it, not after it; and the
      // year's final claim beside a claim of an earlier period (made again after the year was closed, or a claim
      // relabelled final, whose dates this claim would claim again).
      if (!final && c.period.label === 'final') {
        passedOver.push(`${file}: the year's final claim (${dueAndBefore(c)}), though this claim is of ${claim.range.label}: it is made as if the final were not sent`);
      } else if (c.period.from === claim.range.from && c.period.to === claim.range.to) {
        passedOver.push(`${file}: a claim of this period already (${c.period.label}, ${dueAndBefore(c)}): this claim is made again beside it, not after it`);
      }
      continue;
    }
    claims.push(c);
    if (read.digest === 'absent') undigested.push(file);
  }
  if (problems.length > 0) {
    throw new UsageError(
      problems.join('; '),
      `every .json file of ${folder} is read as a claim sent: restore each file named as it was sent, or take it out of the folder (a subfolder is not read); then make the claim again`,
    );
  }
  return { claims, undigested, passedOver };
}
