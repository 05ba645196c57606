/**
 * Reads the earlier reconciliation given with `--against` (as written by `reconcile --format json`, with or
 * without `--with-rows`), validating it with zod. A file that cannot be read, is not JSON, is not a
 * reconciliation, is of another grant, or whose rows do not add up to its own figures is a usage error (exit 2):
 * a comparison is never made with part of a file.
 */
import { z } from 'zod';
import { fiscalPeriodOfDate, parseFyLabel, parseMonth, periodLabel } from '../core/fiscal.js';
import { formatMoney, parsePence } from '../core/money.js';
import { cellKey, reportedPeriods, sumRowsByCell, type EarlierReport, type EarlierYear, type RowFingerprint } from '../core/restatement.js';
import { CATEGORIES, type Pence } from '../core/types.js';
import { moneyString, readEarlierFile } from './read-earlier-file.js';
import { UsageError } from './usage-error.js';

const year = z.string().refine((s) => parseFyLabel(s) !== undefined, { message: 'must be a financial year, e.g. "2022/23"' });
const period = z.string().regex(/^P(0[1-9]|1[0-6])$/, 'must be a period P01 to P16');
const categoryAmounts = z.object(Object.fromEntries(CATEGORIES.map((c) => [c, moneyString])) as Record<(typeof CATEGORIES)[number], typeof moneyString>);

/** What `--against` reads of a reconciliation file (other keys are allowed and ignored). */
export const earlierReconciliationSchema = z.object({
  schema: z.literal('grant-recon/reconciliation@1'),
  generatedAt: z.string().optional(),
  grant: z.object({ reference: z.string() }),
  years: z.array(
    z.object({
      year,
      to: z.string().regex(/^\d{4}-\d{2}$/, 'must be a month yyyy-mm').nullable().optional(),
      periods: z.array(z.object({ period, total: moneyString, categories: categoryAmounts })),
    }),
  ),
  includedRows: z.array(includedRowSchema()).optional(),
});

/** One entry of `includedRows` (reconcile or claim --with-rows). */
export function includedRowSchema() {
  return z.object({ id: z.string().min(1), year, period, category: z.enum(CATEGORIES), amount: moneyString, file: z.string(), line: z.number().int().min(1) });
}

/** Entries of `includedRows`, validated by includedRowSchema(), as fingerprints. */
export function fingerprintsOf(entries: readonly z.infer<ReturnType<typeof includedRowSchema>>[]): RowFingerprint[] {
  return entries.map((r) => ({
    id: r.id,
    fy: parseFyLabel(r.year) as number,
    period: Number(r.period.slice(1)),
    category: r.category,
    amount: parsePence(r.amount) as Pence,
    file: r.file,
    line: r.line,
  }));
}

const HINT = 'give a reconciliation of this grant written by grant-recon reconcile --format json (with --with-rows for the rows behind each change)';

/** Reads and validates the earlier reconciliation; throws a UsageError (exit 2) saying what is wrong with it. */
export async function readEarlierReconciliation(path: string, grantReference: string): Promise<EarlierReport> {
  const read = await readEarlierFile(path, 'a reconciliation file');
  if (!read.ok) throw new UsageError(`--against ${path}: ${read.problem}`, HINT);
  const parsed = parseEarlierReconciliation(read.bytes.toString('utf8'), grantReference);
  if (!parsed.ok) throw new UsageError(`--against ${path}: ${parsed.problem}`, HINT);
  return { file: path, sha256: read.sha256, ...parsed.report };
}

/** Parses and validates an earlier reconciliation's text (pure): its years, reported periods and rows. */
export function parseEarlierReconciliation(
  text: string,
  grantReference: string,
): { ok: true; report: Omit<EarlierReport, 'file' | 'sha256'> } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: 'not a JSON file (write the earlier reconciliation with reconcile --format json)' };
  }
  const result = earlierReconciliationSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    return { ok: false, problem: `not a grant-recon reconciliation (${where}: ${issue?.message ?? 'invalid'})` };
  }
  const file = result.data;
  if (file.grant.reference !== grantReference) {
    return { ok: false, problem: `is a reconciliation of grant ${file.grant.reference}, not ${grantReference}` };
  }
  const rows: RowFingerprint[] | null = file.includedRows ? fingerprintsOf(file.includedRows) : null;
  const years: EarlierYear[] = [];
  const seen = new Set<number>();
  for (const y of file.years) {
    const fy = parseFyLabel(y.year) as number;
    if (seen.has(fy)) return { ok: false, problem: `lists ${y.year} twice` };
    seen.add(fy);
    const amounts: Pence[][] = Array.from({ length: 16 }, () => CATEGORIES.map(() => 0n));
    const listed: number[] = [];
    for (const p of y.periods) {
      const n = Number(p.period.slice(1));
      listed.push(n);
      amounts[n - 1] = CATEGORIES.map((c) => parsePence(p.categories[c]) as Pence);
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
  if (rows) {
    const problem = rowsAgreeWithFigures(rows, years);
    if (problem) return { ok: false, problem };
  }
  return { ok: true, report: { generatedAt: file.generatedAt ?? null, years, rows } };
}

/** The rows of a file must add up to its figures, cell by cell: a file edited by hand is not compared with. */
function rowsAgreeWithFigures(rows: readonly RowFingerprint[], years: readonly EarlierYear[]): string | undefined {
  const sums = sumRowsByCell(rows);
  for (const row of rows) {
    if (!years.some((y) => y.fy === row.fy)) return `its rows include ${row.file}:${row.line} of a year the file does not report`;
  }
  for (const y of years) {
    for (let p = 1; p <= 16; p++) {
      for (const [c, category] of CATEGORIES.entries()) {
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
