/**
 * The configuration file's schema (zod), its JSON Schema (generated from it, never hand-written) and the
 * normalisation of a valid raw configuration into the trusted GrantConfig.
 *
 * Every check that JSON Schema can say is made here, with a zod construct that z.toJSONSchema turns into a JSON
 * Schema keyword (`.regex` → `pattern`, `.min` → `minItems`/`minLength`/`minimum`, `z.enum` → `enum`), so that an
 * editor flags what the tool refuses as it is typed; where zod has no such construct, `.meta` adds the keyword
 * beside the zod check that the tool runs.
 */
import { z } from 'zod';
import { parseFyLabel, fyLabel, monthOfPeriod } from '../core/fiscal.js';
import { formatPence, parsePence } from '../core/money.js';
import { CATEGORIES } from '../core/types.js';
import type { AccountMatch, ChartRule, GrantConfig } from './grant-config.js';

const MONEY_MESSAGE = 'must be pounds and pence as a string, e.g. "2893452.00"';

/** Pounds and pence as formatPence writes them, 0.00 or more. */
const NON_NEGATIVE_AMOUNT = /^\d+\.\d\d$/;
/** Pounds and pence more than 0.00: some digit other than 0. */
const POSITIVE_AMOUNT = /^(?:0*[1-9]\d*\.\d\d|0+\.(?:0[1-9]|[1-9]\d))$/;

/** An amount of money in the file's canonical form, which must match `pattern`; `limit` says which amounts do. */
function amount(pattern: RegExp, what: string, limit: (pence: bigint) => string) {
  return z.string().regex(pattern, {
    error: (issue) => {
      const pence = typeof issue.input === 'string' ? parsePence(issue.input) : undefined;
      return pence === undefined ? MONEY_MESSAGE : `${String(issue.input)} ${limit(pence)}: ${what}`;
    },
  });
}

const cap = amount(POSITIVE_AMOUNT, 'a cap must be more than 0.00', (p) => (p < 0n ? 'is negative' : 'is zero'));
const budget = amount(NON_NEGATIVE_AMOUNT, 'a budget must be 0.00 or more', (p) => (p < 0n ? 'is negative' : 'has a minus sign'));

/** The shape of a FY label (parseFyLabel's); that the second year follows the first is a check JSON Schema cannot make. */
const FY_SHAPE = /^\s*(?:19|20)\d\d[/-](?:\d\d|\d{4})\s*$/;
const FY_MESSAGE = 'must be a financial year, e.g. "2022/23"';
const fy = z
  .string()
  .regex(FY_SHAPE, { error: FY_MESSAGE, abort: true })
  .refine((s) => parseFyLabel(s) !== undefined, { error: FY_MESSAGE });

/** A code or a name in the export: compared trimmed, so it must hold more than spaces. */
const code = z.string().trim().regex(/\S/, 'must not be blank');

const chartRule = z
  .strictObject({
    name: z.string().min(1).describe('A name for the rule, shown where a report says which rule placed a row'),
    code: code.optional().describe('Matches exactly this account code'),
    prefix: z.string().trim().optional().describe('Matches account codes that start with this ("" matches every account)'),
    from: code.optional().describe('With "to": matches codes of the same length from this one to "to", inclusive'),
    to: code.optional(),
    category: z.enum([...CATEGORIES, 'ineligible']).describe('The category, or "ineligible"'),
  })
  .refine((r) => [r.code !== undefined, r.prefix !== undefined, r.from !== undefined || r.to !== undefined].filter(Boolean).length === 1, {
    message: 'give exactly one of "code", "prefix", or "from" with "to"',
  })
  .refine((r) => (r.from === undefined) === (r.to === undefined), { message: '"from" and "to" go together' })
  // The two refinements above, as JSON Schema says them (zod has no construct that generates these keywords).
  .meta({ oneOf: [{ required: ['code'] }, { required: ['prefix'] }, { required: ['from', 'to'] }], dependentRequired: { from: ['to'], to: ['from'] } });

const GL_COLUMNS = ['Document Number', 'Line', 'Posting Date', 'Cost Centre', 'Account Code', 'Net Amount', 'Period', 'Cost Centre Name', 'Account Name', 'Supplier', 'Description', 'VAT Amount', 'Gross Amount'] as const;
const PAYROLL_COLUMNS = ['Payroll Period', 'Employee Number', 'Staff Type', 'Cost Centre', 'Pay Element', 'Amount', 'Employee Name', 'Grade', 'Pay Date'] as const;
const header = z.string().trim().regex(/\S/, 'must name a column of the export');

const profile = z.discriminatedUnion('kind', [
  z.strictObject({
    name: z.string().min(1).describe('A name for the layout, used in messages'),
    kind: z.literal('gl').describe('The rows are GL lines'),
    columns: z.partialRecord(z.enum(GL_COLUMNS), header).describe("The export's header for each GL column it names otherwise"),
    key: z.array(z.enum(GL_COLUMNS)).optional().describe('Columns that identify a row; [] when none does (rows are then identified by content). Default: Document Number, Line'),
    dateOrder: z.enum(['day-first', 'month-first']).optional().describe('Numeric dates day first (dd/mm/yyyy, default) or month first (mm/dd/yyyy)'),
    headerSearchRows: z.number().int().min(1).max(1000).optional().describe('How many rows from the top are searched for the header; default 50'),
  }),
  z.strictObject({
    name: z.string().min(1),
    kind: z.literal('payroll').describe('The rows are payroll lines'),
    columns: z.partialRecord(z.enum(PAYROLL_COLUMNS), header).describe("The export's header for each payroll column it names otherwise"),
    key: z.array(z.enum(PAYROLL_COLUMNS)).max(0, 'payroll rows have no key').optional(),
    headerSearchRows: z.number().int().min(1).max(1000).optional().describe('How many rows from the top are searched for the header; default 50'),
  }),
]);

/** The raw configuration file, as users write it. Every key is optional; an unknown key is an error. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    grant: z
      .strictObject({
        reference: z.string().min(1),
        name: z.string().min(1),
        funder: z.string().min(1),
        recipient: z.string().min(1),
      })
      .partial()
      .optional()
      .describe('Who gives the grant to whom; defaults to PCD 1215'),
    years: z
      .array(
        z.strictObject({
          year: fy.describe('Financial year, e.g. "2022/23"'),
          cap: cap.describe('Most that can be claimed for the year: more than 0.00, in pounds and pence, e.g. "2893452.00"'),
          closedThrough: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written yyyy-mm, e.g. "2022-12"')
            .optional()
            .describe('The last month closed (yyyy-mm; March closes P13–P16 too): check --against finds closed periods whose figures changed'),
        }),
      )
      .min(1)
      .optional()
      .describe('The grant financial years and their caps'),
    chart: z.array(chartRule).min(1).optional().describe('Account chart rules, first match wins; accounts no rule matches are ineligible'),
    costCentres: z.array(code).min(1).optional().describe('Grant cost centres; rows of other cost centres are excluded. Default: any'),
    ineligiblePayElements: z.array(code).optional().describe('Payroll pay elements that are not eligible (case-insensitive)'),
    profiles: z.array(profile).optional().describe('Export layouts besides the built-in GL and payroll exports, tried first'),
    budgets: z
      .array(
        z.strictObject({
          year: fy.describe('A financial year of the grant, e.g. "2022/23"'),
          category: z.enum(CATEGORIES),
          budget: budget.describe('The annual budget of the line: 0.00 or more, in pounds and pence, e.g. "1300000.00"'),
        }),
      )
      .optional()
      .describe('Annual budget per financial year and category; reports show budget, actual and variance'),
    virementTolerance: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,2})?%$/, 'must be a percentage, e.g. "10%"')
      .optional()
      .describe('How far a budget line may be overspent before it is flagged; default "10%"'),
  })
  .describe('grant-recon configuration');

/** A raw configuration file's content once validated. */
export type RawConfig = z.infer<typeof configSchema>;

/** The JSON Schema of the configuration file, generated from the zod schema. */
export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: 'input' });
}

/** One problem in a configuration file: where (a JSON path) and what. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** Validates raw JSON against the schema; returns the problems, each with its JSON path. */
export function validateConfig(raw: unknown): { ok: true; config: RawConfig } | { ok: false; problems: ConfigProblem[] } {
  const result = configSchema.safeParse(raw);
  if (result.success) {
    const duplicateYear = findDuplicateYear(result.data);
    if (duplicateYear) return { ok: false, problems: [duplicateYear] };
    return { ok: true, config: result.data };
  }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: `$${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`,
      message: issue.message,
    })),
  };
}

function findDuplicateYear(raw: RawConfig): ConfigProblem | undefined {
  const seen = new Set<number>();
  for (const [i, y] of (raw.years ?? []).entries()) {
    const start = parseFyLabel(y.year) as number;
    if (seen.has(start)) return { path: `$.years[${i}].year`, message: `${y.year} is listed twice` };
    seen.add(start);
    if (y.closedThrough !== undefined && closedPeriodOf(start, y.closedThrough) === undefined) {
      return { path: `$.years[${i}].closedThrough`, message: `${y.closedThrough} is not a month of ${y.year} (give ${start}-04 to ${start + 1}-03)` };
    }
  }
  return undefined;
}

/** The period (1..12) of month `yyyy-mm` in FY `fy`, or undefined when the month is not of that FY. */
function closedPeriodOf(fy: number, month: string): number | undefined {
  const [yyyy, mm] = month.split('-').map(Number) as [number, number];
  const period = mm >= 4 ? mm - 3 : mm + 9;
  return (mm >= 4 ? yyyy : yyyy - 1) === fy ? period : undefined;
}

/** Applies a valid raw configuration over the defaults. */
export function normaliseConfig(raw: RawConfig, defaults: GrantConfig): GrantConfig {
  return {
    grant: { ...defaults.grant, ...Object.fromEntries(Object.entries(raw.grant ?? {}).filter(([, v]) => v !== undefined)) },
    years: raw.years
      ? raw.years
          .map((y) => {
            const start = parseFyLabel(y.year) as number;
            const closed = y.closedThrough === undefined ? undefined : closedPeriodOf(start, y.closedThrough);
            return { fy: start, cap: parsePence(y.cap) as bigint, ...(closed === undefined ? {} : { closedThrough: closed }) };
          })
          .sort((a, b) => a.fy - b.fy)
      : defaults.years,
    chart: raw.chart ? raw.chart.map(chartRuleOf) : defaults.chart,
    costCentres: raw.costCentres ? raw.costCentres.map((c) => c.toUpperCase()) : defaults.costCentres,
    ineligiblePayElements: raw.ineligiblePayElements ? raw.ineligiblePayElements.map((e) => e.toLowerCase()) : defaults.ineligiblePayElements,
    budgets: raw.budgets
      ? raw.budgets.map((b) => ({ fy: parseFyLabel(b.year) as number, category: b.category, budget: parsePence(b.budget) as bigint }))
      : defaults.budgets,
    virementToleranceBasisPoints: raw.virementTolerance ? basisPoints(raw.virementTolerance) : defaults.virementToleranceBasisPoints,
    profiles: raw.profiles
      ? raw.profiles.map((p) => ({
          name: p.name,
          kind: p.kind,
          columns: Object.fromEntries(Object.entries(p.columns).filter((e): e is [string, string] => e[1] !== undefined)),
          ...(p.key ? { key: [...p.key] } : {}),
          ...('dateOrder' in p && p.dateOrder ? { dateOrder: p.dateOrder } : {}),
          ...(p.headerSearchRows ? { headerSearchRows: p.headerSearchRows } : {}),
        }))
      : defaults.profiles,
  };
}

/** "10%" → 1000, "2.5%" → 250. */
function basisPoints(percent: string): number {
  const [whole = '0', fraction = ''] = percent.replace('%', '').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function chartRuleOf(rule: z.infer<typeof chartRule>): ChartRule {
  const match: AccountMatch =
    rule.code !== undefined
      ? { code: rule.code.toUpperCase() }
      : rule.prefix !== undefined
        ? { prefix: rule.prefix.toUpperCase() }
        : { from: (rule.from as string).toUpperCase(), to: (rule.to as string).toUpperCase() };
  return { name: rule.name, match, category: rule.category };
}

/** The effective configuration in the file's own shape, defaults included (for `config show`). */
export function describeConfig(config: GrantConfig): RawConfig {
  return {
    grant: { ...config.grant },
    years: config.years.map((y) => ({ year: fyLabel(y.fy), cap: formatPence(y.cap), ...(y.closedThrough === undefined ? {} : { closedThrough: monthOfPeriod(y.fy, y.closedThrough) }) })),
    chart: config.chart.map((r) => ({ name: r.name, ...r.match, category: r.category })),
    ...(config.costCentres ? { costCentres: [...config.costCentres] } : {}),
    ineligiblePayElements: [...config.ineligiblePayElements],
    ...(config.budgets.length > 0
      ? { budgets: config.budgets.map((b) => ({ year: fyLabel(b.fy), category: b.category, budget: formatPence(b.budget) })) }
      : {}),
    virementTolerance: `${Math.floor(config.virementToleranceBasisPoints / 100)}${config.virementToleranceBasisPoints % 100 === 0 ? '' : `.${String(config.virementToleranceBasisPoints % 100).padStart(2, '0').replace(/0$/, '')}`}%`,
    ...(config.profiles.length > 0 ? { profiles: config.profiles.map((p) => ({ ...p, columns: { ...p.columns }, ...(p.key ? { key: [...p.key] } : {}) })) as RawConfig['profiles'] } : {}),
  };
}
