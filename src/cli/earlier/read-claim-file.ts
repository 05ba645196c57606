/**
 * Reads one claim file as written by `claim --format json`, and believes nothing in it before it is checked: its
 * shape (zod), its digest (the content is as it was written), and its own figures against the contract's formulas
 * and the grant (core/earlier/claim-checks.ts). The one reader of claim files: `claim --previous` refuses a file
 * that fails, `claims list` lists it as skipped with the reason.
 */
import { z } from 'zod';
import { MAX_JSON_DEPTH, tooDeep } from '../../config/json-depth.js';
import type { GrantConfig } from '../../core/grant-config.js';
import { claimOfOtherGrant, grantWrittenOtherwise, shownReference, type ClaimFile } from '../../core/reports/claim-register.js';
import { checkClaimFigures, claimPeriodKindProblem, type ClaimFigures } from '../../core/earlier/claim-checks.js';
import { formatMoney, parsePence } from '../../core/money.js';
import { fiscalPeriodOfDate, parseFyLabel, throughPeriod } from '../../core/calendar/fiscal.js';
import type { RowFingerprint } from '../../core/reports/restatement.js';
import { earlierCategoriesProblem } from '../../core/earlier/category-checks.js';
import { categoryIds, configurationWords } from '../../core/rules/categories.js';
import type { Category, Pence } from '../../core/types.js';
import { CLAIM_FREQUENCIES } from '../../core/calendar/claim-periods.js';
import { CLAIM_SCHEMA_V1, CLAIM_SCHEMA_V2, claimSchemaOf, membersOfUnsetTerms, schemaMemberOf, v1LabelProblem } from '../../core/reports/schema-version.js';
import { windowDifferences } from '../../core/earlier/configuration-checks.js';
import { categoryAmounts, categoryId, fingerprintsOf, includedRowSchema } from './read-against.js';
import { checkDigest, type DigestCheck } from './earlier-digest.js';
import { moneyString, readEarlierFile, repeatedKeyProblem, shapeProblem, tooManyValuesProblem } from './read-earlier-file.js';

/**
 * What is read of a claim file: the contract's claim JSON (other keys are allowed and ignored). `@1` is a claim of a
 * grant on the contract's terms; `@2` (a grant whose configuration sets any of the grant-terms keys,
 * core/reports/schema-version.ts) may hold the frequency in `period.frequency` and the members of those keys. Both
 * are read; a claim file of neither is refused naming both (schemaProblem), and a `@1` file that holds a member of
 * `@2` alone is refused naming it (v1LabelProblem).
 */
const claimFileV1 = z.object({
  schema: z.literal(CLAIM_SCHEMA_V1),
  grant: z.object({ reference: z.string() }),
  year: z.string(),
  // The dates are checked against the calendar and the label with the figures (core/earlier/claim-checks.ts).
  period: z.object({ label: z.string(), from: z.string(), to: z.string() }),
  cap: moneyString,
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
  controlTotals: z.object({ input: moneyString, included: moneyString, excluded: moneyString, errors: moneyString }).optional(),
  includedRows: z.array(includedRowSchema()).optional(),
});
const claimFileV2 = claimFileV1.extend({
  schema: z.literal(CLAIM_SCHEMA_V2),
  period: z.object({ label: z.string(), frequency: z.enum(CLAIM_FREQUENCIES).optional(), from: z.string(), to: z.string() }),
  capCarriedIn: moneyString.optional(),
  wholeGrant: z
    .object({ cap: moneyString, claimedBefore: moneyString, left: moneyString, heldByGrantCap: moneyString, actual: moneyString, headroom: moneyString, overCap: moneyString })
    .optional(),
});
type ClaimJson = z.infer<typeof claimFileV1> | z.infer<typeof claimFileV2>;

/** The schemas of the claims this version reads. */
const CLAIM_SCHEMAS = [CLAIM_SCHEMA_V1, CLAIM_SCHEMA_V2] as const;

/** The shape a claim file is checked against: by its schema member, `@2`'s for `@2`, else `@1`'s. */
function claimShapeOf(json: unknown): typeof claimFileV1 | typeof claimFileV2 {
  return schemaMemberOf(json) === CLAIM_SCHEMA_V2 ? claimFileV2 : claimFileV1;
}

/**
 * Whether a file shows the signs of a claim, so that one it cannot read is a claim that cannot be used rather than a
 * file of another kind: a JSON object with a claim's `period` or `totals`, or whose schema names a claim in any form
 * (`grant-recon/claim@3`, `grant-recon/claim@2 ` with a space, any case), or a list or object holding such a claim;
 * text that is not JSON, when it is empty or names a claim schema or a claim's `claimDue` (a claim file cut short or
 * damaged).
 */
function showsClaimSigns(json: unknown): boolean {
  if (holdsWrappedClaim(json)) return true;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const member = (key: string): boolean => Object.prototype.hasOwnProperty.call(json, key);
  return member('period') || member('totals') || namesClaimSchema(json);
}

/** A claim put inside a list or an object (`[claim]`, `{"claim": claim}`): a claim sent all the same, known by its schema. */
function holdsWrappedClaim(json: unknown): boolean {
  const held = Array.isArray(json) ? json : typeof json === 'object' && json !== null ? Object.values(json) : [];
  return held.some(namesClaimSchema);
}

/** Whether a parsed document names a schema of another of grant-recon's documents (a reconciliation, a claim register). */
function namesOtherDocument(json: unknown): boolean {
  const schema = schemaMemberOf(json);
  return typeof schema === 'string' && /^grant-recon\//.test(schema) && !CLAIM_SCHEMA_WORDS.test(schema);
}

/**
 * JSON that holds nothing (`{}`, `[]`, `null`, `""`): a claim emptied, as an empty file is, since no document of
 * another kind is written so. A claim put deeper inside lists or objects, or saved as one JSON string, shows itself by
 * its text (textShowsClaimSigns).
 */
function holdsNothing(json: unknown): boolean {
  if (json === null || json === '') return true;
  return typeof json === 'object' && Object.keys(json).length === 0;
}

/** Whether a parsed document's schema names a claim in any form. */
const namesClaimSchema = (json: unknown): boolean => {
  const schema = schemaMemberOf(json);
  return typeof schema === 'string' && CLAIM_SCHEMA_WORDS.test(schema);
};
const CLAIM_SCHEMA_WORDS = /grant-recon\s*\/\s*claim(?!-register)/i;
const textShowsClaimSigns = (text: string): boolean => text.trim() === '' || CLAIM_SCHEMA_WORDS.test(text) || text.includes('"claimDue"');

/**
 * What is wrong with a claim file's schema member, if it is not one this version reads. A claim file names both
 * schemas read; a file of another kind (a reconciliation) is told the schema this grant's claims are written with.
 */
function schemaProblem(json: unknown, claimLike: boolean, config: GrantConfig): string | undefined {
  const schema = schemaMemberOf(json);
  if (typeof schema === 'string' && (CLAIM_SCHEMAS as readonly string[]).includes(schema)) return undefined;
  if (claimLike && holdsWrappedClaim(json)) return 'it holds a claim inside a list or an object, not the claim itself as grant-recon writes it';
  if (claimLike && holdsNothing(json)) return `it holds nothing (${JSON.stringify(json)}): a claim emptied, so what it claimed is not known`;
  if (claimLike && schema === undefined && !showsClaimSigns(json)) return 'it holds a claim deeper inside lists or objects, or as a JSON string, not the claim itself as grant-recon writes it';
  const shown = schema === undefined ? 'missing' : typeof schema === 'string' ? JSON.stringify(schema.length > 80 ? `${schema.slice(0, 80)}…` : schema) : 'not a string';
  if (!claimLike) return `schema is ${shown}, not "${claimSchemaOf(config)}"`;
  return `schema is ${shown}, not ${CLAIM_SCHEMAS.map((c) => `"${c}"`).join(' or ')}, the claims this version of grant-recon reads`;
}

/**
 * A claim file read, or why it cannot be used (the path not included): `unreadable` for a file that may be a claim
 * but cannot be read as one this version reads (text that is not JSON at all, cut short or emptied; too large to
 * read, or its read failed; JSON with the signs of a claim of a schema not read, or of another shape); `not-a-claim`
 * for what is surely no claim (`json`: JSON of another kind, such as a reconciliation; else not a regular file: a
 * folder, a device); `inconsistent` for a claim whose digest or figures do not hold
 * (changed after it was written, or forged); `other-categories` for a claim (of grant `reference`) whose categories
 * are not the configuration's; `other-claim-periods` for one whose kind of claim period is not the grant's.
 */
export type ClaimFileRead =
  | { readonly ok: true; readonly claim: ClaimFile; readonly digest: DigestCheck }
  | { readonly ok: false; readonly kind: 'unreadable' | 'inconsistent'; readonly problem: string }
  | { readonly ok: false; readonly kind: 'not-a-claim'; readonly json: boolean; readonly problem: string }
  | { readonly ok: false; readonly kind: 'other-categories' | 'other-claim-periods'; readonly reference: string; readonly problem: string };

/** Reads one claim file and checks it: its shape, its digest, and its figures against the formulas and the grant. */
export async function readClaimFile(path: string, config: GrantConfig): Promise<ClaimFileRead> {
  const read = await readEarlierFile(path, 'a claim file');
  if (!read.ok) {
    // Only what is not a regular file is surely no claim. A file too large to read, or one whose read failed, may be
    // a claim sent: what it claimed is not known.
    if (read.failure === 'not-a-file') return { ok: false, kind: 'not-a-claim', json: false, problem: read.problem };
    return { ok: false, kind: 'unreadable', problem: read.problem };
  }
  const values = tooManyValuesProblem(read.bytes);
  if (values !== undefined) return { ok: false, kind: 'unreadable', problem: `a claim file that cannot be read: ${values}` };
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Text that is not JSON at all may be a claim cut within its first bytes (`{"sch`): what it claimed is not known.
    const what = text.trim() === '' ? 'it is empty' : textShowsClaimSigns(text) ? 'it is not JSON that can be read (cut short, or damaged)' : 'it is not JSON at all (a claim cut short or damaged, or a file of another kind named .json)';
    return { ok: false, kind: 'unreadable', problem: `a claim file that cannot be read: ${what}, so what it claimed is not known` };
  }
  const claimLike = showsClaimSigns(json) || (!namesOtherDocument(json) && (textShowsClaimSigns(text) || holdsNothing(json)));
  if (tooDeep(json)) {
    const problem = `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep, which no claim file is`;
    return claimLike ? { ok: false, kind: 'unreadable', problem } : { ok: false, kind: 'not-a-claim', json: true, problem };
  }
  // A key given twice would let the file show one claim to this reader and another to the next: checked before the
  // schema, which a second `schema` key could otherwise turn into a file of another kind, passed over.
  if (claimLike || textShowsClaimSigns(text)) {
    const repeated = repeatedKeyProblem(text);
    if (repeated !== undefined) return { ok: false, kind: 'inconsistent', problem: repeated };
  }
  const schema = schemaProblem(json, claimLike, config);
  if (schema !== undefined) {
    return claimLike
      ? { ok: false, kind: 'unreadable', problem: `a claim file that this version cannot read: ${schema}` }
      : { ok: false, kind: 'not-a-claim', json: true, problem: `not a grant-recon claim: ${schema}` };
  }
  const relabelled = v1LabelProblem(json, 'claim');
  if (relabelled !== undefined) return { ok: false, kind: 'inconsistent', problem: relabelled };
  const parsed = claimShapeOf(json).safeParse(json);
  if (!parsed.success) return { ok: false, kind: 'unreadable', problem: `not a grant-recon claim: ${shapeProblem(parsed.error, json)}` };
  const digest = checkDigest(json as Record<string, unknown>);
  if (!digest.ok) return { ok: false, kind: 'inconsistent', problem: digest.problem };
  const claim: ClaimJson = parsed.data;
  if (grantWrittenOtherwise(claim.grant.reference, config.grant.reference)) {
    return {
      ok: false,
      kind: 'inconsistent',
      problem: `its grant is written ${shownReference(claim.grant.reference)}, not "${config.grant.reference}", as a claim of this grant would be: it was changed after it was written, and passed over as another grant's, its claim due would be claimed again`,
    };
  }
  // Every version that writes a digest writes the claim's months: such a file without them had them taken out.
  if (digest.check === 'verified' && claim.periods === undefined) {
    return { ok: false, kind: 'inconsistent', problem: 'periods is missing, though grant-recon writes the months into every claim that carries a digest: it was changed after it was written' };
  }
  const categories = earlierCategoriesProblem(
    [
      { where: 'categories', listed: claim.categories.map((c) => c.category) },
      ...(claim.periods ?? []).map((p) => ({ where: `periods ${p.period} categories`, listed: Object.keys(p.categories) })),
    ],
    claim.includedRows ?? [],
    config,
  );
  if (categories !== undefined) {
    // Another grant's claim is that first: its categories are its own, and no configuration of this grant would read them.
    const problem = claim.grant.reference === config.grant.reference ? categories : claimOfOtherGrant(claim.grant.reference, config.grant.reference);
    return { ok: false, kind: 'other-categories', reference: claim.grant.reference, problem };
  }
  const figures = figuresOf(claim, categoryIds(config));
  const problems = checkClaimFigures(figures, config);
  if (problems.length > 0) return { ok: false, kind: 'inconsistent', problem: `its figures do not hold together: ${problems.join('; ')}` };
  const cumulativeActual = new Map<Category, bigint>(figures.categories.map((c) => [c.category, c.cumulativeActual]));
  const rows = claim.includedRows ? fingerprintsOf(claim.includedRows) : null;
  if (rows) {
    const problem = rowsAgreeWithClaim(rows, claim.year, claim.period.to, cumulativeActual, categoryIds(config));
    if (problem) return { ok: false, kind: 'inconsistent', problem };
  }
  // Another grant's claims keep their own claim periods; this grant's must be of its kind.
  if (claim.grant.reference === config.grant.reference) {
    const kind = claimPeriodKindProblem(figures.period, config.claimPeriods);
    if (kind !== undefined) return { ok: false, kind: 'other-claim-periods', reference: claim.grant.reference, problem: kind };
    // Made under the configuration's terms: no member of a key it does not set, and its window (none: every day).
    const terms = [...membersOfUnsetTerms(json, 'claim', config).map((m) => `it holds ${m}, which the configuration does not set`), ...windowDifferences(recordedWindowOf(json), config)];
    if (terms.length > 0) return { ok: false, kind: 'inconsistent', problem: `it was made under other grant terms than ${configurationWords(config)}, or changed after it was written: ${terms.join('; ')}` };
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
  // Only a `@2` claim may state what carried into its year and the whole grant (a `@1` file holding them is refused).
  const v2 = claim.schema === CLAIM_SCHEMA_V2 ? claim : undefined;
  const wholeGrant = v2?.wholeGrant;
  return {
    year: claim.year,
    period: claim.period,
    cap: p(claim.cap),
    ...(v2?.capCarriedIn === undefined ? {} : { capCarriedIn: p(v2.capCarriedIn) }),
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
    ...(wholeGrant
      ? {
          wholeGrant: {
            cap: p(wholeGrant.cap),
            claimedBefore: p(wholeGrant.claimedBefore),
            left: p(wholeGrant.left),
            heldByGrantCap: p(wholeGrant.heldByGrantCap),
            actual: p(wholeGrant.actual),
            headroom: p(wholeGrant.headroom),
            overCap: p(wholeGrant.overCap),
          },
        }
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

/** A claim's `window` as the configuration checks take it (undefined: written without one, every day of its years). */
function recordedWindowOf(json: unknown): { readonly from: string | null; readonly to: string | null } | undefined {
  const window = (json as { window?: unknown }).window;
  if (typeof window !== 'object' || window === null) return window === undefined ? undefined : { from: null, to: null };
  const day = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return { from: day((window as Record<string, unknown>).from), to: day((window as Record<string, unknown>).to) };
}
