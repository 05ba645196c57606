/**
 * Reads one claim file as written by `claim --format json`, and believes nothing in it before it is checked: its
 * shape (zod), its digest (the content is as it was written), and its own figures against the contract's formulas
 * and the grant (core/earlier/claim-checks.ts). The one reader of claim files: `claim --previous` refuses a file
 * that fails, `claims list` lists it as skipped with the reason.
 */
import { z } from 'zod';
import { MAX_JSON_DEPTH, tooDeep } from '../../config/json-depth.js';
import type { GrantConfig } from '../../core/grant-config.js';
import type { ClaimFile } from '../../core/reports/claim-register.js';
import { checkClaimFigures, type ClaimFigures } from '../../core/earlier/claim-checks.js';
import { formatMoney, parsePence } from '../../core/money.js';
import { fiscalPeriodOfDate, parseFyLabel, throughPeriod } from '../../core/calendar/fiscal.js';
import type { RowFingerprint } from '../../core/reports/restatement.js';
import { earlierCategoriesProblem } from '../../core/earlier/category-checks.js';
import { categoryIds } from '../../core/rules/categories.js';
import type { Category, Pence } from '../../core/types.js';
import { CLAIM_FREQUENCIES } from '../../core/calendar/claim-periods.js';
import { categoryAmounts, categoryId, fingerprintsOf, includedRowSchema } from './read-against.js';
import { checkDigest, type DigestCheck } from './earlier-digest.js';
import { moneyString, readEarlierFile, shapeProblem } from './read-earlier-file.js';

/**
 * What is read of a claim file: the contract's claim JSON (other keys are allowed and ignored). `@1` is a claim of a
 * grant without a claim frequency; `@2` (a grant whose configuration sets `claimPeriods`) is `@1` with the
 * frequency in `period.frequency`. Both are read; a file of neither is refused with `@1`'s wording.
 */
const claimFileV1 = z.object({
  schema: z.literal('grant-recon/claim@1'),
  grant: z.object({ reference: z.string() }),
  year: z.string(),
  // The dates are checked against the calendar and the label with the figures (core/earlier/claim-checks.ts).
  period: z.object({ label: z.string(), from: z.string(), to: z.string() }),
  cap: moneyString,
  capCarriedIn: moneyString.optional(),
  // Any category ids: they are checked against the configuration's next (earlierCategoriesProblem), saying which differ.
  categories: z.array(z.object({ category: categoryId, periodActual: moneyString, cumulativeActual: moneyString })),
  periods: z.array(z.object({ period: z.string(), month: z.string(), total: moneyString, categories: categoryAmounts })).optional(),
  totals: z.object({
    periodActual: moneyString,
    cumulativeActual: moneyString,
    cumulativeClaimable: moneyString,
    previouslyClaimed: moneyString,
    claimDue: moneyString,
    headroom: moneyString,
    overCap: moneyString,
  }),
  wholeGrant: z.object({ cap: moneyString, claimedBefore: moneyString, left: moneyString, actual: moneyString, headroom: moneyString, overCap: moneyString }).optional(),
  controlTotals: z.object({ input: moneyString, included: moneyString, excluded: moneyString, errors: moneyString }).optional(),
  includedRows: z.array(includedRowSchema()).optional(),
});
const claimFileV2 = claimFileV1.extend({
  schema: z.literal('grant-recon/claim@2'),
  period: z.object({ label: z.string(), frequency: z.enum(CLAIM_FREQUENCIES), from: z.string(), to: z.string() }),
});
type ClaimJson = z.infer<typeof claimFileV1> | z.infer<typeof claimFileV2>;

/** The shape a claim file is checked against: by its schema member, `@2`'s for `@2`, else `@1`'s (whose message then names `@1`). */
function claimShapeOf(json: unknown): typeof claimFileV1 | typeof claimFileV2 {
  const schema = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).schema : undefined;
  return schema === 'grant-recon/claim@2' ? claimFileV2 : claimFileV1;
}

/**
 * A claim file read, or why it cannot be used (the path not included): `not-a-claim` for a file of another kind,
 * `inconsistent` for a claim whose digest or figures do not hold (changed after it was written, or forged),
 * `other-categories` for a claim (of grant `reference`) whose categories are not the configuration's.
 */
export type ClaimFileRead =
  | { readonly ok: true; readonly claim: ClaimFile; readonly digest: DigestCheck }
  | { readonly ok: false; readonly kind: 'not-a-claim' | 'inconsistent'; readonly problem: string }
  | { readonly ok: false; readonly kind: 'other-categories'; readonly reference: string; readonly problem: string };

/** Reads one claim file and checks it: its shape, its digest, and its figures against the formulas and the grant. */
export async function readClaimFile(path: string, config: GrantConfig): Promise<ClaimFileRead> {
  const read = await readEarlierFile(path, 'a claim file');
  if (!read.ok) return { ok: false, kind: 'not-a-claim', problem: read.problem };
  let json: unknown;
  try {
    json = JSON.parse(read.bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, kind: 'not-a-claim', problem: 'not a JSON claim file (write claims with claim --format json)' };
  }
  if (tooDeep(json)) return { ok: false, kind: 'not-a-claim', problem: `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep, which no claim file is` };
  const parsed = claimShapeOf(json).safeParse(json);
  if (!parsed.success) {
    return { ok: false, kind: 'not-a-claim', problem: `not a grant-recon claim: ${shapeProblem(parsed.error, json)}` };
  }
  const digest = checkDigest(json as Record<string, unknown>);
  if (!digest.ok) return { ok: false, kind: 'inconsistent', problem: digest.problem };
  const claim: ClaimJson = parsed.data;
  const categories = earlierCategoriesProblem(
    [
      { where: 'categories', listed: claim.categories.map((c) => c.category) },
      ...(claim.periods ?? []).map((p) => ({ where: `periods ${p.period} categories`, listed: Object.keys(p.categories) })),
    ],
    claim.includedRows ?? [],
    config,
  );
  if (categories !== undefined) return { ok: false, kind: 'other-categories', reference: claim.grant.reference, problem: categories };
  const figures = figuresOf(claim, categoryIds(config));
  const problems = checkClaimFigures(figures, config);
  if (problems.length > 0) return { ok: false, kind: 'inconsistent', problem: `its figures do not hold together: ${problems.join('; ')}` };
  const cumulativeActual = new Map<Category, bigint>(figures.categories.map((c) => [c.category, c.cumulativeActual]));
  const rows = claim.includedRows ? fingerprintsOf(claim.includedRows) : null;
  if (rows) {
    const problem = rowsAgreeWithClaim(rows, claim.year, claim.period.to, cumulativeActual, categoryIds(config));
    if (problem) return { ok: false, kind: 'inconsistent', problem };
  }
  return {
    ok: true,
    digest: digest.check,
    claim: {
      file: path,
      sha256: read.sha256,
      reference: claim.grant.reference,
      year: claim.year,
      period: { label: claim.period.label, from: claim.period.from, to: claim.period.to },
      claimDue: figures.totals.claimDue,
      cumulativeActual,
      rows,
      previouslyClaimed: figures.totals.previouslyClaimed,
      // What it records of the years before it, for the register to hold against the folder's claims of them.
      capCarriedIn: figures.capCarriedIn,
      claimedBefore: figures.wholeGrant?.claimedBefore,
    },
  };
}

/** The claim's amounts in pence (the schema has checked that each is one). */
function figuresOf(claim: ClaimJson, ids: readonly Category[]): ClaimFigures {
  const p = (text: string): Pence => parsePence(text) as Pence;
  const amounts = (record: Readonly<Record<Category, string>>): Record<Category, Pence> => Object.fromEntries(ids.map((c) => [c, p(record[c] ?? '0.00')]));
  const t = claim.totals;
  return {
    year: claim.year,
    period: claim.period,
    cap: p(claim.cap),
    ...(claim.capCarriedIn === undefined ? {} : { capCarriedIn: p(claim.capCarriedIn) }),
    categories: claim.categories.map((c) => ({ category: c.category, periodActual: p(c.periodActual), cumulativeActual: p(c.cumulativeActual) })),
    ...(claim.periods ? { periods: claim.periods.map((m) => ({ period: m.period, month: m.month, total: p(m.total), categories: amounts(m.categories) })) } : {}),
    totals: {
      periodActual: p(t.periodActual),
      cumulativeActual: p(t.cumulativeActual),
      cumulativeClaimable: p(t.cumulativeClaimable),
      previouslyClaimed: p(t.previouslyClaimed),
      claimDue: p(t.claimDue),
      headroom: p(t.headroom),
      overCap: p(t.overCap),
    },
    ...(claim.wholeGrant
      ? { wholeGrant: { cap: p(claim.wholeGrant.cap), claimedBefore: p(claim.wholeGrant.claimedBefore), left: p(claim.wholeGrant.left), actual: p(claim.wholeGrant.actual), headroom: p(claim.wholeGrant.headroom), overCap: p(claim.wholeGrant.overCap) } }
      : {}),
    ...(claim.controlTotals ? { controlTotals: { input: p(claim.controlTotals.input), included: p(claim.controlTotals.included), excluded: p(claim.controlTotals.excluded), errors: p(claim.controlTotals.errors) } } : {}),
  };
}

/** A claim's rows must be of its FY, up to the end of its period, and add up to its cumulative actual per category. */
function rowsAgreeWithClaim(rows: readonly RowFingerprint[], year: string, to: string, cumulativeActual: ReadonlyMap<Category, bigint>, ids: readonly Category[]): string | undefined {
  const fy = parseFyLabel(year);
  const end = /^\d{4}-\d{2}-\d{2}$/.test(to) ? fiscalPeriodOfDate(to) : undefined;
  if (fy === undefined || end === undefined) return 'its rows cannot be checked: the year or period is not one grant-recon writes';
  const last = throughPeriod(end.period);
  const sums = new Map<Category, bigint>(ids.map((c) => [c, 0n]));
  for (const row of rows) {
    if (row.fy !== fy || row.period > last) return `its rows include ${row.file}:${row.line}, outside ${year} P01 to the end of the claim period`;
    sums.set(row.category, (sums.get(row.category) ?? 0n) + row.amount);
  }
  for (const [category, sum] of sums) {
    const claimed = cumulativeActual.get(category);
    if (claimed !== undefined && claimed !== sum) {
      return `its rows do not add up to its cumulative actual (${category}: rows ${formatMoney(sum)}, claimed ${formatMoney(claimed)}): the file was changed after it was written`;
    }
  }
  return undefined;
}
