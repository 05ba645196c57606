/**
 * Reads the earlier reconciliation given with `--against` (as written by `reconcile --format json`, with or
 * without `--with-rows`), and believes nothing in it before it is checked: its shape (zod), its digest (the
 * content is as it was written), its figures against the formulas and the grant (core/earlier-reconciliation-
 * checks.ts), and its rows against its figures. A file that cannot be read, is not JSON, is not a
 * reconciliation, is of another grant, or fails a check is a usage error (exit 2): a comparison is never made
 * with part of a file, or with a file changed since it was written.
 */
import { z } from 'zod';
import { MAX_JSON_DEPTH, tooDeep } from '../../config/json-depth.js';
import type { GrantConfig } from '../../core/grant-config.js';
import { checkReconciliationFigures, type ApportionmentGroupFigures, type ReconciliationYearFigures } from '../../core/earlier/reconciliation-checks.js';
import { configurationDifferences } from '../../core/earlier/configuration-checks.js';
import { withPeriod } from '../../core/calendar/fiscal-keys.js';
import { fiscalPeriodOfDate, LAST_PERIOD, parseFyLabel, parseMonth, periodLabel, periodOfLabel } from '../../core/calendar/fiscal.js';
import { formatMoney, parsePence } from '../../core/money.js';
import { cellKey, reportedPeriods, sumRowsByCell, type EarlierReport, type EarlierYear, type RowFingerprint } from '../../core/reports/restatement.js';
import { earlierCategoriesProblem } from '../../core/earlier/category-checks.js';
import { categoryIds, configurationWords } from '../../core/rules/categories.js';
import type { Category, Pence } from '../../core/types.js';
import { checkDigest, type DigestCheck } from './earlier-digest.js';
import { moneyString, readEarlierFile, repeatedKeyProblem, shapeProblem, tooManyValuesProblem } from './read-earlier-file.js';
import { UsageError } from '../usage-error.js';
import { membersOfUnsetTerms, RECONCILIATION_SCHEMA_V1, RECONCILIATION_SCHEMA_V2, reconciliationSchemaOf, schemaMemberOf, v1LabelProblem } from '../../core/reports/schema-version.js';

const year = z.string().refine((s) => parseFyLabel(s) !== undefined, { message: 'must be a financial year, e.g. "2022/23"' });
/** A rule's name or what it takes, as a report writes it: one line of at most 200 characters, quoted in messages as it stands. */
const words = z
  .string()
  .max(200)
  .refine((s) => !/[\p{Cc}\u2028\u2029]/u.test(s), { message: 'must be one line of text, without control characters' });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day yyyy-mm-dd');
const period = z.string().regex(/^P(0[1-9]|1[0-6])$/, 'must be a period P01 to P16');
/**
 * A category id as an earlier file states it: any id, checked against the configuration's categories after the
 * shape (core/earlier/category-checks.ts), so that a file of another configuration is told apart from a broken one.
 */
export const categoryId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a category id, e.g. "staff"');
/**
 * A period's amounts by category id. Every own key of the map as read is checked first: the shape library passes
 * over a `__proto__` key without a word (it would set the prototype of what it builds), so a file holding one would
 * be read as if the key were not there; it is refused as what it is, a key that is no category id.
 */
export const categoryAmounts = z
  .unknown()
  .superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null) return;
    const key = Object.keys(value).find((k) => !categoryId.safeParse(k).success);
    if (key !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${JSON.stringify(key.slice(0, 40))} is not a category id, and no category is named so` });
  })
  .pipe(z.record(categoryId, moneyString));

/**
 * What `--against` reads of a reconciliation file: the contract's reconciliation JSON (other keys are allowed and
 * ignored), `@1` or `@2` (core/reports/schema-version.ts). The members of the grant-terms keys are read from either
 * here, and a `@1` file that holds one is refused before its shape is read (v1LabelProblem).
 */
export const earlierReconciliationSchema = z.object({
  schema: z.enum([RECONCILIATION_SCHEMA_V1, RECONCILIATION_SCHEMA_V2]),
  generatedAt: z.string().optional(),
  grant: z.object({ reference: z.string() }),
  window: z.object({ from: isoDay.nullable(), to: isoDay.nullable() }).optional(),
  years: z.array(
    z.object({
      year,
      cap: moneyString,
      capCarriedIn: moneyString.optional(),
      to: z.string().regex(/^\d{4}-\d{2}$/, 'must be a month yyyy-mm').nullable().optional(),
      ytdActual: moneyString,
      headroom: moneyString,
      overCap: moneyString,
      monthsElapsed: z.number().int().min(0).max(12),
      windowMonths: z.object({ elapsed: z.number().int().min(0).max(12), inWindow: z.number().int().min(1).max(12) }).optional(),
      projectedOutturn: moneyString,
      categories: z.array(z.object({ category: categoryId, ytdActual: moneyString })),
      periods: z.array(z.object({ period, month: z.string(), total: moneyString, categories: categoryAmounts })),
    }),
  ),
  wholeGrant: z.object({ cap: moneyString, through: year, actual: moneyString, headroom: moneyString, overCap: moneyString, projectedOutturn: moneyString }).optional(),
  apportionments: z
    .array(z.object({ rule: words, match: words, rate: z.string().max(16), year, period, month: z.string().regex(/^\d{4}-\d{2}$/, 'must be a month yyyy-mm'), rows: z.number().int().min(0), total: moneyString, included: moneyString, excluded: moneyString }))
    .optional(),
  // The apportionment rules in full (a @2 reconciliation with apportionments; a @1 file holding it is refused first).
  terms: z
    .object({
      apportionments: z.array(
        z.object({
          name: words,
          match: z.union([z.strictObject({ costCentre: words }), z.strictObject({ account: words }), z.strictObject({ payElement: words })]),
          rate: z.string().max(16),
          from: isoDay,
          to: isoDay.nullable(),
        }),
      ),
    })
    .optional(),
  controlTotals: z.object({ input: moneyString, included: moneyString, excluded: moneyString, errors: moneyString }).optional(),
  includedRows: z.array(includedRowSchema()).optional(),
});

/** One entry of `includedRows` (reconcile or claim --with-rows). */
export function includedRowSchema() {
  return z.object({ id: z.string().min(1), year, period, category: categoryId, amount: moneyString, file: z.string(), line: z.number().int().min(1) });
}

/** Entries of `includedRows`, validated by includedRowSchema(), as fingerprints. */
export function fingerprintsOf(entries: readonly z.infer<ReturnType<typeof includedRowSchema>>[]): RowFingerprint[] {
  return entries.map((r) => ({
    id: r.id,
    fy: parseFyLabel(r.year) as number,
    period: periodOfLabel(r.period) as number,
    category: r.category,
    amount: parsePence(r.amount) as Pence,
    file: r.file,
    line: r.line,
  }));
}

const HINT = 'give a reconciliation of this grant written by grant-recon reconcile --format json (with --with-rows for the rows behind each change)';

/** What to do with a reconciliation written under another configuration. */
const OTHER_CONFIGURATION_HINT =
  'compare against a reconciliation made under the same configuration, or reconcile again: a change of configuration is not a restatement of the ledger';

/**
 * Reads and checks the earlier reconciliation; throws a UsageError (exit 2) saying what is wrong with it. `digest`
 * says whether it carried one (a file written before digests is checked by its figures alone).
 */
export async function readEarlierReconciliation(path: string, config: GrantConfig): Promise<EarlierReport & { readonly digest: DigestCheck }> {
  const read = await readEarlierFile(path, 'a reconciliation file');
  if (!read.ok) throw new UsageError(`--against ${path}: ${read.problem}`, HINT);
  const values = tooManyValuesProblem(read.bytes);
  if (values !== undefined) throw new UsageError(`--against ${path}: ${values}`, HINT);
  const parsed = parseEarlierReconciliation(read.bytes.toString('utf8'), config);
  if (!parsed.ok) throw new UsageError(`--against ${path}: ${parsed.problem}`, parsed.hint ?? HINT);
  return { file: path, sha256: read.sha256, ...parsed.report, digest: parsed.digest };
}

/** Parses and validates an earlier reconciliation's text (pure): its years, reported periods and rows. */
export function parseEarlierReconciliation(
  text: string,
  config: GrantConfig,
): { ok: true; report: Omit<EarlierReport, 'file' | 'sha256'>; digest: DigestCheck } | { ok: false; problem: string; hint?: string } {
  const grantReference = config.grant.reference;
  const body = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'not a JSON file (write the earlier reconciliation with reconcile --format json)' };
  }
  if (tooDeep(json)) return { ok: false, problem: `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep, which no reconciliation is` };
  const repeated = repeatedKeyProblem(body);
  if (repeated !== undefined) return { ok: false, problem: repeated };
  const relabelled = v1LabelProblem(json, 'reconciliation');
  if (relabelled !== undefined) return { ok: false, problem: relabelled };
  // A file of neither schema is told the one this grant's reconciliations are written with.
  const schema = schemaMemberOf(json);
  const known = schema === RECONCILIATION_SCHEMA_V1 || schema === RECONCILIATION_SCHEMA_V2;
  const result = (known ? earlierReconciliationSchema : earlierReconciliationSchema.extend({ schema: z.literal(reconciliationSchemaOf(config)) })).safeParse(json);
  if (!result.success) {
    return { ok: false, problem: `not a grant-recon reconciliation: ${shapeProblem(result.error, json)}` };
  }
  const file = result.data;
  if (file.grant.reference !== grantReference) {
    return { ok: false, problem: `is a reconciliation of grant ${file.grant.reference}, not ${grantReference}` };
  }
  const digest = checkDigest(json as Record<string, unknown>);
  if (!digest.ok) return { ok: false, problem: digest.problem };
  const categories = earlierCategoriesProblem(
    file.years.flatMap((y) => [
      { where: `years ${y.year} categories`, listed: y.categories.map((c) => c.category) },
      ...y.periods.map((p) => ({ where: `years ${y.year} ${p.period} categories`, listed: Object.keys(p.categories) })),
    ]),
    file.includedRows ?? [],
    config,
  );
  if (categories !== undefined) return { ok: false, problem: categories };
  // Every version that writes terms writes them exactly beside the apportionment groups: one without the other was taken out.
  if (file.schema === RECONCILIATION_SCHEMA_V2 && (file.terms === undefined) !== (file.apportionments === undefined)) {
    const [held, lacking] = file.terms === undefined ? ['apportionments', 'terms'] : ['terms', 'apportionments'];
    return { ok: false, problem: `${lacking} is missing, though grant-recon writes it into every ${RECONCILIATION_SCHEMA_V2} that holds ${held}: it was changed after it was written` };
  }
  const differences = configurationDifferences(
    {
      window: file.window,
      years: file.years.map((y) => ({ year: y.year, cap: parsePence(y.cap) as Pence, ...(y.capCarriedIn === undefined ? {} : { capCarriedIn: parsePence(y.capCarriedIn) as Pence }) })),
      grantCap: file.wholeGrant && parsePence(file.wholeGrant.cap),
      apportionments: file.apportionments,
      terms: file.terms?.apportionments,
    },
    config,
  );
  if (differences.length > 0) {
    return { ok: false, problem: `it was written under another configuration than ${configurationWords(config)}: ${differences.join('; ')}`, hint: OTHER_CONFIGURATION_HINT };
  }
  const ids = categoryIds(config);
  const rows: RowFingerprint[] | null = file.includedRows ? fingerprintsOf(file.includedRows) : null;
  const years: EarlierYear[] = [];
  const seen = new Set<number>();
  for (const y of file.years) {
    const fy = parseFyLabel(y.year) as number;
    if (seen.has(fy)) return { ok: false, problem: `lists ${y.year} twice` };
    seen.add(fy);
    const amounts: Pence[][] = Array.from({ length: LAST_PERIOD }, () => ids.map(() => 0n));
    const listed: number[] = [];
    for (const p of y.periods) {
      const n = periodOfLabel(p.period) as number;
      listed.push(n);
      amounts[n - 1] = ids.map((c) => parsePence(p.categories[c] ?? '0.00') as Pence);
    }
    let toPeriod: number | null = null;
    if (y.to) {
      const month = parseMonth(y.to);
      const position = month.ok ? fiscalPeriodOfDate(`${month.month}-01`) : undefined;
      if (position?.fy !== fy) return { ok: false, problem: `years.${y.year}.to ${y.to} is not a month of ${y.year}` };
      toPeriod = position.period;
    }
    const monthsWithData = rows
      ? rows.filter((r) => r.fy === fy).map((r) => r.period)
      : listed.filter((n) => (amounts[n - 1] as Pence[]).some((a) => a !== 0n));
    years.push({ fy, amounts, reported: reportedPeriods(toPeriod, monthsWithData, listed) });
  }
  const g = file.wholeGrant;
  const pence = (text: string): Pence => parsePence(text) as Pence;
  const wholeGrant = g && { cap: pence(g.cap), through: g.through, actual: pence(g.actual), headroom: pence(g.headroom), overCap: pence(g.overCap), projectedOutturn: pence(g.projectedOutturn) };
  const groups: ApportionmentGroupFigures[] = (file.apportionments ?? []).map((a) => ({ ...a, total: pence(a.total), included: pence(a.included), excluded: pence(a.excluded) }));
  const figures = checkReconciliationFigures(file.years.map((y) => yearFigures(y, ids)), file.controlTotals && controlTotalsOf(file.controlTotals), config, wholeGrant, groups);
  if (figures.length > 0) return { ok: false, problem: `its figures do not hold together: ${figures.join('; ')}` };
  if (rows) {
    const problem = rowsAgreeWithFigures(rows, years, ids);
    if (problem) return { ok: false, problem };
  }
  // Last, once its figures hold together: what it holds of terms the configuration does not set: made under them, or with their record taken out after.
  const unset = membersOfUnsetTerms(json, 'reconciliation', config);
  if (unset.length > 0) {
    return { ok: false, problem: `it holds ${unset.join(', ')}, which ${configurationWords(config)} does not set: it was written under other grant terms, or changed after it was written`, hint: OTHER_CONFIGURATION_HINT };
  }
  return { ok: true, report: { generatedAt: file.generatedAt ?? null, years, rows }, digest: digest.check };
}

type EarlierYearJson = z.infer<typeof earlierReconciliationSchema>['years'][number];

/** A year's figures in pence (the schema has checked that each amount is one). */
function yearFigures(y: EarlierYearJson, ids: readonly Category[]): ReconciliationYearFigures {
  const p = (text: string): Pence => parsePence(text) as Pence;
  return {
    year: y.year,
    cap: p(y.cap),
    ...(y.capCarriedIn === undefined ? {} : { capCarriedIn: p(y.capCarriedIn) }),
    to: y.to ?? null,
    ytdActual: p(y.ytdActual),
    headroom: p(y.headroom),
    overCap: p(y.overCap),
    monthsElapsed: y.monthsElapsed,
    ...(y.windowMonths ? { windowMonths: y.windowMonths } : {}),
    projectedOutturn: p(y.projectedOutturn),
    categories: y.categories.map((c) => ({ category: c.category, ytdActual: p(c.ytdActual) })),
    periods: y.periods.map((m) =>
      withPeriod(
        {
          period: m.period,
          month: m.month,
          total: p(m.total),
          categories: Object.fromEntries(ids.map((c) => [c, p(m.categories[c] ?? '0.00')])),
        },
        periodOfLabel(m.period) as number,
      ),
    ),
  };
}

function controlTotalsOf(ct: { input: string; included: string; excluded: string; errors: string }): { input: Pence; included: Pence; excluded: Pence; errors: Pence } {
  return { input: parsePence(ct.input) as Pence, included: parsePence(ct.included) as Pence, excluded: parsePence(ct.excluded) as Pence, errors: parsePence(ct.errors) as Pence };
}

/** The rows of a file must add up to its figures, cell by cell: a file edited by hand is not compared with. */
function rowsAgreeWithFigures(rows: readonly RowFingerprint[], years: readonly EarlierYear[], ids: readonly Category[]): string | undefined {
  const sums = sumRowsByCell(rows);
  for (const row of rows) {
    if (!years.some((y) => y.fy === row.fy)) return `its rows include ${row.file}:${row.line} of a year the file does not report`;
  }
  for (const y of years) {
    for (let p = 1; p <= 16; p++) {
      for (const [c, category] of ids.entries()) {
        const figure = (y.amounts[p - 1] as Pence[])[c] as Pence;
        const sum = sums.get(cellKey(y.fy, p, category)) ?? 0n;
        if (sum !== figure) {
          return `its rows do not add up to its figures (${periodLabel(p)} ${category}: rows ${formatMoney(sum)}, figure ${formatMoney(figure)}): the file was changed after it was written`;
        }
      }
    }
  }
  return undefined;
}
