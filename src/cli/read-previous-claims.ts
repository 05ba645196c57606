/**
 * Reads the claim files given with `claim --previous` (as written by `claim --format json`), validating their
 * shape with zod: a file that is not such a claim is refused with exit 2, never half-read.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PreviousClaim } from '../core/claim-history.js';
import { parsePence } from '../core/money.js';
import { CATEGORIES, type Category } from '../core/types.js';
import { UsageError } from './usage-error.js';

const money = z.string().refine((s) => parsePence(s) !== undefined, { message: 'must be an amount with two decimals, e.g. "1234.50"' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date yyyy-mm-dd');

const claimFile = z.object({
  schema: z.literal('grant-recon/claim@1'),
  grant: z.object({ reference: z.string() }),
  year: z.string(),
  period: z.object({ label: z.string(), from: isoDate, to: isoDate }),
  categories: z.array(z.object({ category: z.enum(CATEGORIES), cumulativeActual: money })).optional(),
  totals: z.object({ claimDue: money }),
});

/** Reads and validates each file; throws a UsageError naming every file that is not a claim. */
export async function readPreviousClaims(paths: readonly string[]): Promise<PreviousClaim[]> {
  const claims: PreviousClaim[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      const code = (error as { code?: string }).code;
      problems.push(`--previous ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a claim file' : `cannot be read (${code ?? 'error'})`}`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      problems.push(`--previous ${path}: not a JSON claim file (write claims with claim --format json)`);
      continue;
    }
    const parsed = claimFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') || 'the file' : 'the file';
      problems.push(`--previous ${path}: not a grant-recon claim (${where}: ${issue?.message ?? 'invalid'})`);
      continue;
    }
    const claim = parsed.data;
    claims.push({
      file: path,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      reference: claim.grant.reference,
      year: claim.year,
      period: claim.period,
      claimDue: parsePence(claim.totals.claimDue) as bigint,
      cumulativeActual: new Map<Category, bigint>((claim.categories ?? []).map((c) => [c.category, parsePence(c.cumulativeActual) as bigint])),
    });
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'), 'give the JSON claim files of this grant and year that were sent before this claim');
  return claims;
}
