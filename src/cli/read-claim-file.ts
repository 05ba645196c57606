/**
 * Reads one claim file as written by `claim --format json`, validating its shape with zod. The one reader of
 * claim files: `claim --previous` refuses a file that is not a claim, `claims list` lists it as skipped.
 */
import { z } from 'zod';
import type { ClaimFile } from '../core/claim-register.js';
import { formatMoney, parsePence } from '../core/money.js';
import { fiscalPeriodOfDate, parseFyLabel, throughPeriod } from '../core/fiscal.js';
import type { RowFingerprint } from '../core/restatement.js';
import { CATEGORIES, type Category } from '../core/types.js';
import { fingerprintsOf, includedRowSchema } from './read-against.js';
import { moneyString, readEarlierFile } from './read-earlier-file.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date yyyy-mm-dd');

const claimFile = z.object({
  schema: z.literal('grant-recon/claim@1'),
  grant: z.object({ reference: z.string() }),
  year: z.string(),
  period: z.object({ label: z.string(), from: isoDate, to: isoDate }),
  categories: z.array(z.object({ category: z.enum(CATEGORIES), cumulativeActual: moneyString })).optional(),
  // previouslyClaimed is read when it is there and well formed, and never a reason to refuse a file.
  totals: z.object({ claimDue: moneyString, previouslyClaimed: z.unknown().optional() }),
  includedRows: z.array(includedRowSchema()).optional(),
});

/** A claim file read, or why it is not a claim (the path not included). */
export type ClaimFileRead = { readonly ok: true; readonly claim: ClaimFile } | { readonly ok: false; readonly problem: string };

/** Reads and validates one claim file. */
export async function readClaimFile(path: string): Promise<ClaimFileRead> {
  const read = await readEarlierFile(path, 'a claim file');
  if (!read.ok) return read;
  let json: unknown;
  try {
    json = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return { ok: false, problem: 'not a JSON claim file (write claims with claim --format json)' };
  }
  const parsed = claimFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || 'the file' : 'the file';
    return { ok: false, problem: `not a grant-recon claim (${where}: ${issue?.message ?? 'invalid'})` };
  }
  const claim = parsed.data;
  const previouslyClaimed = claim.totals.previouslyClaimed;
  const cumulativeActual = new Map<Category, bigint>((claim.categories ?? []).map((c) => [c.category, parsePence(c.cumulativeActual) as bigint]));
  const rows = claim.includedRows ? fingerprintsOf(claim.includedRows) : null;
  if (rows) {
    const problem = rowsAgreeWithClaim(rows, claim.year, claim.period.to, cumulativeActual);
    if (problem) return { ok: false, problem };
  }
  return {
    ok: true,
    claim: {
      file: path,
      sha256: read.sha256,
      reference: claim.grant.reference,
      year: claim.year,
      period: claim.period,
      claimDue: parsePence(claim.totals.claimDue) as bigint,
      cumulativeActual,
      rows,
      previouslyClaimed: typeof previouslyClaimed === 'string' ? parsePence(previouslyClaimed) : undefined,
    },
  };
}

/** A claim's rows must be of its FY, up to the end of its period, and add up to its cumulative actual per category. */
function rowsAgreeWithClaim(rows: readonly RowFingerprint[], year: string, to: string, cumulativeActual: ReadonlyMap<Category, bigint>): string | undefined {
  const fy = parseFyLabel(year);
  const end = /^\d{4}-\d{2}-\d{2}$/.test(to) ? fiscalPeriodOfDate(to) : undefined;
  if (fy === undefined || end === undefined) return 'its rows cannot be checked: the year or period is not one grant-recon writes';
  const last = throughPeriod(end.period);
  const sums = new Map<Category, bigint>(CATEGORIES.map((c) => [c, 0n]));
  for (const row of rows) {
    if (row.fy !== fy || row.period > last) return `its rows include ${row.file}:${row.line}, outside ${year} P01 to the end of the claim period`;
    sums.set(row.category, (sums.get(row.category) as bigint) + row.amount);
  }
  for (const [category, sum] of sums) {
    const claimed = cumulativeActual.get(category);
    if (claimed !== undefined && claimed !== sum) {
      return `its rows do not add up to its cumulative actual (${category}: rows ${formatMoney(sum)}, claimed ${formatMoney(claimed)}): the file was changed after it was written`;
    }
  }
  return undefined;
}
