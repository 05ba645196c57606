/**
 * The configuration file's schema (zod), its JSON Schema (generated from it, never hand-written) and the
 * normalisation of a valid raw configuration into the trusted GrantConfig.
 *
 * Every check that JSON Schema can say is made here, with a zod construct that z.toJSONSchema turns into a JSON
 * Schema keyword (`.regex` → `pattern`, `.min` → `minItems`/`minLength`/`minimum`, `z.enum` → `enum`), so that an
 * editor flags what the tool refuses as it is typed; where zod has no such construct, `.meta` adds the keyword
 * beside the zod check that the tool runs. The checks that only code can make follow in rules.ts.
 */
import { z } from 'zod';
import { isIsoDate } from '../core/calendar/calendar-date.js';
import { parseFyLabel, fyLabel, monthOfPeriod } from '../core/calendar/fiscal.js';
import type { ApportionmentMatch, ApportionmentRule } from '../core/rules/apportion.js';
import { formatPence, parsePence } from '../core/money.js';
import { MAX_CATEGORIES } from '../core/types.js';
import { CLAIM_FREQUENCIES } from '../core/calendar/claim-periods.js';
import { PCD_1215_CATEGORIES } from './pcd1215.js';
import type { AccountMatch, ChartRule, GrantConfig, NoSpendEntry } from '../core/grant-config.js';
import { nearest } from './nearest.js';
import { issueProblem, schemaNodesAt, UNSAID, unsaidIssue } from './issue-words.js';
import { jsonPath, type ConfigProblem } from './problems.js';
import { checkConfigRules, closedPeriodOf, noSpendEntryParsed, type ConfigDraft, type DraftList, type Sound } from './rules.js';

export type { ConfigProblem } from './problems.js';

/** The most characters of a grant's reference, name, funder or recipient: a title, never a document. */
const NAME_MAX = 200;
const NAME_TOO_LONG = `is longer than ${NAME_MAX} characters: give the grant's title, as a claim heads it`;

const MONEY_MESSAGE = 'must be pounds and pence, as a string with two decimals ("2893452.00") or a number (2893452.00)';

/** Pounds and pence as formatPence writes them, 0.00 or more. */
const NON_NEGATIVE_AMOUNT = /^\d+\.\d\d$/;
/** Pounds and pence more than 0.00: some digit other than 0. */
const POSITIVE_AMOUNT = /^(?:0*[1-9]\d*\.\d\d|0+\.(?:0[1-9]|[1-9]\d))$/;

/**
 * An amount of money in the file's canonical form, which must match `pattern`; `limit` says which amounts do. The
 * file may also write it as a JSON number, which parse-config.ts turns into this form from the number's own text
 * before the schema sees it (amount-numbers.ts); the published JSON Schema allows a number, with `bound` (JSON
 * Schema cannot check a number's decimals exactly, so only the tool refuses a third decimal).
 */
function amount(pattern: RegExp, what: string, limit: (pence: bigint) => string, bound: { minimum: 0 } | { exclusiveMinimum: 0 }) {
  return z
    .string()
    .regex(pattern, {
      error: (issue) => {
        const pence = typeof issue.input === 'string' ? parsePence(issue.input) : undefined;
        return pence === undefined ? MONEY_MESSAGE : `${String(issue.input)} ${limit(pence)}: ${what}`;
      },
    })
    .meta({ type: ['string', 'number'], ...bound });
}

const cap = amount(POSITIVE_AMOUNT, 'a cap must be more than 0.00', (p) => (p < 0n ? 'is negative' : 'is zero'), { exclusiveMinimum: 0 });
const budget = amount(NON_NEGATIVE_AMOUNT, 'a budget must be 0.00 or more', (p) => (p < 0n ? 'is negative' : 'has a minus sign'), { minimum: 0 });

/** The shape of a FY label (parseFyLabel's); that the second year follows the first is a check JSON Schema cannot make. */
const FY_SHAPE = /^\s*(?:19|20)\d\d[/-](?:\d\d|\d{4})\s*$/;
const FY_MESSAGE = 'must be a financial year, e.g. "2022/23"';
const fy = z
  .string()
  .regex(FY_SHAPE, { error: FY_MESSAGE, abort: true })
  .refine((s) => parseFyLabel(s) !== undefined, { error: FY_MESSAGE });

/** A code or a name in the export: compared trimmed, so it must hold more than spaces. */
const code = z.string().trim().regex(/\S/, 'must not be blank');

/**
 * A list whose items must differ: JSON Schema's uniqueItems, which compares items exactly; the tool's own check
 * (rules.ts, distinctItems) also compares them ignoring case, as it compares codes.
 */
function distinct<T extends z.ZodType>(list: T): T {
  return list.meta({ uniqueItems: true });
}

/** A category id: a lower-case slug, as reports, JSON keys and CSV cells carry it. */
const CATEGORY_ID = /^[a-z][a-z0-9-]{0,39}$/;
const CATEGORY_ID_MESSAGE = 'must be a category id: a lower-case letter, then at most 39 lower-case letters, digits or hyphens, e.g. "vehicles"';
const categoryRef = z.string().regex(CATEGORY_ID, CATEGORY_ID_MESSAGE);
/** The most characters of a category's title: a column heading and a chart legend, never a sentence. */
const TITLE_MAX = 60;

const categoryEntry = z.strictObject({
  id: z
    .string()
    .regex(CATEGORY_ID, CATEGORY_ID_MESSAGE)
    .refine((id) => id !== 'ineligible', { error: '"ineligible" is what a chart rule says of accounts the grant never pays for, not a category: give the category another id' })
    .meta({ not: { const: 'ineligible' } })
    .describe('The category\'s id, a lower-case slug (e.g. "vehicles"), one per category; chart rules and budgets name it, and JSON and CSV outputs carry it'),
  title: z
    .string()
    .regex(/\S/, 'must not be blank')
    .max(TITLE_MAX, { error: `is longer than ${TITLE_MAX} characters: a title heads a column and labels a chart, e.g. "Vehicles"` })
    .describe('The title reports, charts and workbook sheets show, e.g. "Vehicles"; one per category'),
  payrollStaffTypes: distinct(z.array(code))
    .optional()
    .describe('The payroll Staff Type values whose pay goes to this category (compared trimmed, ignoring case), e.g. ["Police Staff"]; each staff type in one category at most'),
});

const chartRule = z
  .strictObject({
    name: z.string().min(1).describe('A name for the rule, shown where a report says which rule placed a row; one rule per name'),
    code: code.optional().describe('Matches exactly this account code'),
    prefix: z.string().trim().optional().describe('Matches account codes that start with this ("" matches every account)'),
    from: code.optional().describe('With "to": matches codes of the same length from this one to "to", inclusive'),
    to: code.optional().describe('With "from": the last code of the range, as long as "from" and not before it'),
    category: categoryRef.describe('The id of a category of the grant, or "ineligible"'),
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

const yearEntry = z.strictObject({
  year: fy.describe('Financial year, e.g. "2022/23"'),
  cap: cap
    .describe('Most that can be claimed for the year: more than 0.00, in pounds and pence, e.g. "2893452.00" (or the number 2893452.00, at most two decimals, no exponent). May be left out only beside "grantCap", which then caps the year')
    .optional(),
  closedThrough: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written yyyy-mm, e.g. "2022-12"')
    .optional()
    .describe('The last month closed (yyyy-mm, a month of the year; March closes P13–P16 too): check --against finds closed periods whose figures changed'),
});

/** An ISO date that exists (the calendar's check; JSON Schema states its shape). */
const ISO_DATE_SHAPE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const isoDate = z
  .string()
  .regex(ISO_DATE_SHAPE, { error: 'must be a date written yyyy-mm-dd, e.g. "2022-07-01"', abort: true })
  .refine(isIsoDate, { error: (issue) => `${String(issue.input)} is not a date that exists: write yyyy-mm-dd, e.g. "2022-07-01"` });

const grantWindow = z
  .strictObject({
    from: isoDate.optional().describe('The first day of the grant (yyyy-mm-dd), inside its years; rows before it are excluded as outside-grant-window'),
    to: isoDate.optional().describe('The last day of the grant (yyyy-mm-dd), inside its years and not before "from"; rows after it are excluded as outside-grant-window'),
  })
  .refine((w) => w.from !== undefined || w.to !== undefined, { error: 'give "from", "to" or both (a window with neither is the whole of the grant\'s years: leave "window" out)' })
  .meta({ minProperties: 1 });

/**
 * An entry of `noSpend`: a month written yyyy-mm, or a financial year written with a slash ("2022/23", "2022/2023"):
 * with a hyphen, "2011-12" would read as both December 2011 and the year 2011/12. That the year follows its first year,
 * and that the entry is a year or a month of the grant, are rules.ts's.
 */
const NO_SPEND_SHAPE = /^(?:\d{4}-(?:0[1-9]|1[0-2])|(?:19|20)\d\d\/(?:\d\d|\d{4}))$/;
const noSpendEntry = z.string().regex(NO_SPEND_SHAPE, {
  error: (issue) => `${JSON.stringify(issue.input)} is neither a month written yyyy-mm ("2023-07") nor a financial year written with a slash ("2022/23")`,
});

const budgetEntry = z.strictObject({
  year: fy.describe('A financial year of the grant, e.g. "2022/23"'),
  category: categoryRef.describe('The id of a category of the grant'),
  budget: budget.describe('The annual budget of the line: 0.00 or more, in pounds and pence, e.g. "1300000.00" (or the number 1300000.00, at most two decimals, no exponent)'),
});

const profile = z.discriminatedUnion('kind', [
  z.strictObject({
    name: z.string().min(1).describe('A name for the layout, used in messages'),
    kind: z.literal('gl').describe('The rows are GL lines'),
    columns: z.partialRecord(z.enum(GL_COLUMNS), header).describe("The export's header for each GL column it names otherwise"),
    key: distinct(z.array(z.enum(GL_COLUMNS))).optional().describe('Columns that identify a row; [] when none does (rows are then identified by content). Default: Document Number, Line'),
    dateOrder: z.enum(['day-first', 'month-first']).optional().describe('Numeric dates day first (dd/mm/yyyy, default) or month first (mm/dd/yyyy)'),
    headerSearchRows: z.number().int().min(1).max(1000).optional().describe('How many rows from the top are searched for the header; default 50'),
    floatNoise: z.literal('round').optional().describe("Amounts with more than two decimals that are a spreadsheet's float noise (within a millionth of a penny of a penny-exact amount, e.g. 515.9000000000001) are read as that amount and listed as warnings; without it they are errors"),
  }),
  z.strictObject({
    name: z.string().min(1),
    kind: z.literal('payroll').describe('The rows are payroll lines'),
    columns: z.partialRecord(z.enum(PAYROLL_COLUMNS), header).describe("The export's header for each payroll column it names otherwise"),
    key: z.array(z.enum(PAYROLL_COLUMNS)).max(0, 'payroll rows have no key').optional(),
    headerSearchRows: z.number().int().min(1).max(1000).optional().describe('How many rows from the top are searched for the header; default 50'),
    floatNoise: z.literal('round').optional().describe("Amounts with more than two decimals that are a spreadsheet's float noise (within a millionth of a penny of a penny-exact amount, e.g. 515.9000000000001) are read as that amount and listed as warnings; without it they are errors"),
  }),
]);

/** A percentage from 0% to 100% with at most 4 decimals: JSON Schema's pattern says the whole range. */
const RATE = /^(?:100(?:\.0{1,4})?|\d{1,2}(?:\.\d{1,4})?)%$/;
/** A calendar date written yyyy-mm-dd; that the day exists is the refinement's (JSON Schema's "format" is advisory). */
const RATE_MESSAGE = (input: unknown): string => `${JSON.stringify(input)} is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"`;
const ISO_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const isoDay = z
  .string()
  .regex(ISO_DATE, { error: 'must be a date written yyyy-mm-dd, e.g. "2023-01-01"', abort: true })
  .refine(isIsoDate, { error: (issue) => `${String(issue.input)} is not a day of the calendar: give a date that exists, e.g. "2023-01-01"` });

const apportionmentMatch = z
  .strictObject({
    costCentre: code.optional().describe('Rows of this cost centre (GL and payroll)'),
    account: code.optional().describe('GL rows of this account code'),
    payElement: code.optional().describe('Payroll rows of this pay element (case-insensitive)'),
  })
  .refine((m) => [m.costCentre, m.account, m.payElement].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of "costCentre", "account" or "payElement"' })
  .meta({ oneOf: [{ required: ['costCentre'] }, { required: ['account'] }, { required: ['payElement'] }] });

const apportionment = z.strictObject({
  name: z.string().trim().min(1).max(NAME_MAX, { error: NAME_TOO_LONG }).describe('A name for the rule, shown in reports beside each row it splits; one rule per name'),
  match: apportionmentMatch.describe('What the rule takes: exactly one of a cost centre, an account or a pay element'),
  rate: z
    .string({ error: (issue) => (issue.input === undefined ? undefined : RATE_MESSAGE(issue.input)) })
    .regex(RATE, { error: (issue) => RATE_MESSAGE(issue.input) })
    .describe('The share charged to the grant: a percentage from 0% to 100% with at most 4 decimals, e.g. "40%"'),
  from: isoDay.describe('The first day the rate applies (yyyy-mm-dd, by posting date; a payroll row by the first day of its month; P13–P16 sit at 31 March)'),
  to: isoDay.optional().describe('The last day the rate applies, inclusive (yyyy-mm-dd); default: no end'),
});

/** The raw configuration file, as users write it. Every key is optional; an unknown key is an error. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    grant: z
      .strictObject({
        // Each is written into every report and into one workbook cell (which holds at most 32,767 characters).
        reference: z.string().min(1).max(NAME_MAX, { error: NAME_TOO_LONG }),
        name: z.string().min(1).max(NAME_MAX, { error: NAME_TOO_LONG }),
        funder: z.string().min(1).max(NAME_MAX, { error: NAME_TOO_LONG }),
        recipient: z.string().min(1).max(NAME_MAX, { error: NAME_TOO_LONG }),
      })
      .partial()
      .optional()
      .describe('Who gives the grant to whom; defaults to PCD 1215'),
    categories: z
      .array(categoryEntry)
      .min(1)
      .max(MAX_CATEGORIES)
      .optional()
      .describe(
        `The grant's cost categories, in reporting order (1 to ${MAX_CATEGORIES}); ids and titles each once. Default: PCD 1215's ${PCD_1215_CATEGORIES.map((c) => c.id).join(', ')}, Police Staff paid to staff and Police Officer to officers`,
      ),
    years: z
      .array(yearEntry)
      .min(1)
      .optional()
      .describe('The grant financial years and their caps, one entry per year'),
    grantCap: cap
      .optional()
      .describe('Most that can be claimed over the whole grant, all its years together: more than 0.00, in pounds and pence, e.g. "5000000.00". With it, a year may leave out its own cap'),
    carryForward: z
      .boolean()
      .optional()
      .describe("true: the unspent cap of a year (its cap less what it can claim) adds to the next year's cap. Needs every year's own cap. Default false: underspend is not carried"),
    window: grantWindow
      .optional()
      .describe('The dates the grant runs between, inclusive, when it starts or ends inside a financial year: rows posted outside (P13–P16 and payroll months: whose month is not wholly inside) are excluded as outside-grant-window'),
    noSpend: distinct(z.array(noSpendEntry))
      .optional()
      .describe(
        'With "grantCap" or "carryForward": the earlier grant years ("2022/23") and months ("2023-07") that truly had no rows for the grant, each once and inside the grant window. A later year\'s caps need every month of every earlier grant year in the inputs: a month with no row in them and not listed here is refused by claim',
      ),
    chart: z
      .array(chartRule)
      .min(1)
      .optional()
      .describe('Account chart rules, first match wins; accounts no rule matches are ineligible. Two rules with one match must not say two categories'),
    costCentres: distinct(z.array(code).min(1)).optional().describe('Grant cost centres, each once; rows of other cost centres are excluded. Default: any'),
    ineligiblePayElements: distinct(z.array(code)).optional().describe('Payroll pay elements that are not eligible, each once (case-insensitive)'),
    profiles: z.array(profile).optional().describe('Export layouts besides the built-in GL and payroll exports, tried first'),
    budgets: z
      .array(budgetEntry)
      .optional()
      .describe('Annual budget per financial year and category, one per line; reports show budget, actual and variance'),
    virementTolerance: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,2})?%$/, 'must be a percentage, e.g. "10%"')
      .optional()
      .describe('How far a budget line may be overspent before it is flagged; default "10%"'),
    claimPeriods: z
      .enum(CLAIM_FREQUENCIES, {
        error: (issue) => `${JSON.stringify(issue.input) ?? 'this'} is not how often a grant is claimed: write "monthly", "quarterly", "half-yearly" or "annual"`,
      })
      .optional()
      .describe(
        'How often the grant is claimed: "monthly" (claim --month; March takes P13–P16), "quarterly" (--quarter), "half-yearly" (--half H1 = April–September, H2 = October–March with P13–P16) or "annual" (--final); the final claim (--final) may follow any of them. Default: a quarter, a month or the final claim, as the claim asks',
      ),
    apportionments: z
      .array(apportionment)
      .max(1000)
      .optional()
      .describe('Costs charged to the grant at a rate from a date: each matching row splits into an included part and an apportioned-out part; the first rule that matches a row takes it'),
  })
  // What rules.ts checks of the caps, as JSON Schema says it: a year leaves out its cap only beside a grant cap, and
  // never where caps carry forward (zod has no construct that generates these keywords).
  .meta({
    allOf: [
      { if: { not: { required: ['grantCap'] } }, then: { properties: { years: { items: { required: ['cap'] } } } } },
      { if: { properties: { carryForward: { const: true } }, required: ['carryForward'] }, then: { properties: { years: { items: { required: ['cap'] } } } } },
    ],
  })
  // Without `categories`, the built-in categories apply, and a chart rule or budget must name one of them: JSON Schema
  // can say that much. With them, only the tool can check that each names a category of the file (rules.ts).
  .meta({
    if: { not: { required: ['categories'] } },
    then: {
      properties: {
        chart: { items: { properties: { category: { enum: [...PCD_1215_CATEGORIES.map((c) => c.id), 'ineligible'] } } } },
        budgets: { items: { properties: { category: { enum: PCD_1215_CATEGORIES.map((c) => c.id) } } } },
      },
    },
  })
  .describe('grant-recon configuration');

/** A raw configuration file's content once validated. */
export type RawConfig = z.infer<typeof configSchema>;

/** The JSON Schema of the configuration file, generated from the zod schema. */
export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: 'input' });
}

/**
 * Validates raw JSON: the schema, then the rules that only code can check (rules.ts), which judge budget years
 * against the file's years or, without them, the years of `defaults`. Every problem, each with its JSON path.
 */
export function validateConfig(raw: unknown, defaults: GrantConfig): { ok: true; config: RawConfig } | { ok: false; problems: ConfigProblem[] } {
  // A finding the schema says nothing of is marked UNSAID and put in plain words below (issue-words.ts).
  const result = configSchema.safeParse(raw, { reportInput: true, error: unsaidIssue });
  // The JSON Schema the suggestions and the plain words read is made once, and only for a file with such a finding.
  let schema: object | undefined;
  const jsonSchema = (): object => (schema ??= configJsonSchema());
  const suggest = (message: string, keys: readonly string[], path: readonly PropertyKey[]): string => withSuggestions(message, keys, keysAt(jsonSchema(), path));
  const problems: ConfigProblem[] = result.success
    ? []
    : result.error.issues.map((issue) =>
        issue.message === UNSAID
          ? issueProblem(issue, jsonSchema())
          : { path: jsonPath(issue.path), message: issue.code === 'unrecognized_keys' ? suggest(issue.message, issue.keys, issue.path) : issue.message },
      );
  problems.push(...checkConfigRules(draftOf(raw, defaults)));
  return result.success && problems.length === 0 ? { ok: true, config: result.data } : { ok: false, problems };
}

/**
 * An unknown key's message, with the key the configuration takes at that place that it was most likely meant to be
 * (`costCenters` → `costCentres`): one within two edits, letters compared in any case.
 */
function withSuggestions(message: string, keys: readonly string[], known: readonly string[]): string {
  const meant = keys.flatMap((key) => {
    const near = nearest(key, known);
    return near === undefined ? [] : [keys.length === 1 ? `"${near}"` : `"${near}" for "${key}"`];
  });
  return meant.length === 0 ? message : `${message} (did you mean ${meant.join(', ')}?)`;
}

/** The property names a JSON Schema allows at a path of a document (list items by their index). */
function keysAt(schema: object, path: readonly PropertyKey[]): string[] {
  const isNode = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  return [...new Set(schemaNodesAt(schema, path).flatMap((node) => (isNode(node.properties) ? Object.keys(node.properties) : [])))];
}

/** What the rules look at: the entries of the file's lists that pass the schema on their own, however the rest does. */
function draftOf(raw: unknown, defaults: GrantConfig): ConfigDraft {
  const file = recordOf(raw) ?? {};
  const upper = (s: string): string => s.toUpperCase();
  const lower = (s: string): string => s.toLowerCase();
  const keyLists = soundEntries(file.profiles, profile).map(
    ({ index, entry }): DraftList => ({ at: ['profiles', index, 'key'], what: 'key column', items: (entry.key ?? []).map((item, i) => ({ index: i, entry: item })), fold: (s) => s }),
  );
  const categories = soundEntries(file.categories, categoryEntry);
  const categoryIds = Array.isArray(file.categories)
    ? soundEntries(file.categories, z.object({ id: categoryEntry.shape.id })).map((c) => c.entry.id)
    : defaults.categories.map((c) => c.id);
  return {
    categories,
    // Membership is judged only when every category's id can be read, and there is one: one badly written id, or an
    // empty list, is reported once (not again by every chart rule and budget).
    categoryIds: Array.isArray(file.categories) && (categoryIds.length !== file.categories.length || categoryIds.length === 0) ? undefined : categoryIds,
    inheritedChart: file.chart === undefined && Array.isArray(file.categories) ? defaults.chart.map((r) => r.category) : [],
    // Each rule needs only some fields of an entry: a year whose cap is badly written still has its year.
    years: soundEntries(file.years, z.object({ year: yearEntry.shape.year, closedThrough: yearEntry.shape.closedThrough, cap: z.unknown().optional() })).map(({ index, entry }) => ({
      index,
      entry: { year: entry.year, closedThrough: entry.closedThrough, hasCap: entry.cap !== undefined },
    })),
    grantCap: file.grantCap !== undefined,
    carryForward: file.carryForward === true,
    window: windowOf(file.window),
    noSpend: Array.isArray(file.noSpend) ? soundEntries(file.noSpend, noSpendEntry) : undefined,
    chart: soundEntries(file.chart, chartRule),
    effectiveChart: effectiveChartOf(file.chart, defaults),
    budgets: soundEntries(file.budgets, z.object({ year: budgetEntry.shape.year, category: budgetEntry.shape.category })),
    apportionments: soundEntries(file.apportionments, apportionment).map(({ index, entry }) => ({ index, entry: apportionmentRuleOf(entry) })),
    costCentres: Array.isArray(file.costCentres) ? soundEntries(file.costCentres, code).map(({ entry }) => entry.toUpperCase()) : file.costCentres === undefined ? defaults.costCentres : undefined,
    ineligiblePayElements: Array.isArray(file.ineligiblePayElements)
      ? soundEntries(file.ineligiblePayElements, code).map(({ entry }) => payElementOf(entry))
      : defaults.ineligiblePayElements.map(payElementOf),
    grantYears: grantYearsOf(file.years, defaults),
    lists: [
      { at: ['costCentres'], what: 'cost centre', items: soundEntries(file.costCentres, code), fold: upper },
      { at: ['ineligiblePayElements'], what: 'pay element', items: soundEntries(file.ineligiblePayElements, code), fold: lower },
      ...keyLists,
    ],
    profiles: soundEntries(file.profiles, profile).map(({ index, entry }) => ({
      index,
      entry: (entry.kind === 'gl' ? GL_COLUMNS : PAYROLL_COLUMNS).map((column): [string, string] => [column, (entry.columns as Partial<Record<string, string>>)[column] ?? column]),
    })),
  };
}

/** The chart the grant's accounts are placed by: the file's when every rule passes the schema, else the defaults' where it gives none. */
function effectiveChartOf(chart: unknown, defaults: GrantConfig): readonly ChartRule[] | undefined {
  if (chart === undefined) return defaults.chart;
  const sound = soundEntries(chart, chartRule);
  return Array.isArray(chart) && chart.length > 0 && sound.length === chart.length ? sound.map(({ entry }) => chartRuleOf(entry)) : undefined;
}

/** The items of `list` (when it is an array) that pass `schema` on their own, as the schema leaves them. */
function soundEntries<T extends z.ZodType>(list: unknown, schema: T): Sound<z.output<T>>[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [{ index, entry: parsed.data }] : [];
  });
}

/** The grant's years: the file's when it lists them (undefined when one cannot be read), else the defaults'. */
function grantYearsOf(years: unknown, defaults: GrantConfig): number[] | undefined {
  if (years === undefined) return defaults.years.map((y) => y.fy);
  if (!Array.isArray(years) || years.length === 0) return undefined;
  const starts = years.map((y: unknown) => {
    const label = recordOf(y)?.year;
    return typeof label === 'string' ? parseFyLabel(label) : undefined;
  });
  return starts.every((s) => s !== undefined) ? starts : undefined;
}

/** The window's ends that pass the schema on their own (an end badly written is reported by the schema). */
function windowOf(window: unknown): ConfigDraft['window'] {
  const w = recordOf(window);
  if (w === undefined) return undefined;
  const end = (v: unknown): string | undefined => (isoDate.safeParse(v).success ? (v as string) : undefined);
  return { from: end(w.from), to: end(w.to) };
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Applies a valid raw configuration over the defaults. */
export function normaliseConfig(raw: RawConfig, defaults: GrantConfig): GrantConfig {
  return {
    grant: { ...defaults.grant, ...Object.fromEntries(Object.entries(raw.grant ?? {}).filter(([, v]) => v !== undefined)) },
    categories: raw.categories
      ? raw.categories.map((c) => ({ id: c.id, title: c.title.trim(), payrollStaffTypes: (c.payrollStaffTypes ?? []).map((t) => t.trim()) }))
      : defaults.categories,
    years: raw.years
      ? raw.years
          .map((y) => {
            const start = parseFyLabel(y.year) as number;
            const closed = y.closedThrough === undefined ? undefined : closedPeriodOf(start, y.closedThrough);
            // A year without a cap of its own is capped by the grant cap (rules.ts refuses one without either).
            const own = y.cap === undefined ? undefined : (parsePence(y.cap) as bigint);
            return { fy: start, cap: own ?? (parsePence(raw.grantCap as string) as bigint), ...(own === undefined ? { capFromGrant: true as const } : {}), ...(closed === undefined ? {} : { closedThrough: closed }) };
          })
          .sort((a, b) => a.fy - b.fy)
      : defaults.years,
    ...(raw.grantCap !== undefined ? { grantCap: parsePence(raw.grantCap) as bigint } : defaults.grantCap !== undefined ? { grantCap: defaults.grantCap } : {}),
    ...(raw.carryForward === true ? { carryForward: true } : {}),
    ...(raw.window !== undefined ? { window: { ...(raw.window.from ? { from: raw.window.from } : {}), ...(raw.window.to ? { to: raw.window.to } : {}) } } : defaults.window ? { window: defaults.window } : {}),
    ...(raw.noSpend !== undefined && raw.noSpend.length > 0 ? { noSpend: raw.noSpend.map(noSpendEntryOf) } : defaults.noSpend ? { noSpend: defaults.noSpend } : {}),
    chart: raw.chart ? raw.chart.map(chartRuleOf) : defaults.chart,
    costCentres: raw.costCentres ? raw.costCentres.map((c) => c.toUpperCase()) : defaults.costCentres,
    ineligiblePayElements: raw.ineligiblePayElements ? raw.ineligiblePayElements.map((e) => e.toLowerCase()) : defaults.ineligiblePayElements,
    budgets: raw.budgets
      ? raw.budgets.map((b) => ({ fy: parseFyLabel(b.year) as number, category: b.category, budget: parsePence(b.budget) as bigint }))
      : defaults.budgets,
    virementToleranceBasisPoints: raw.virementTolerance ? basisPoints(raw.virementTolerance) : defaults.virementToleranceBasisPoints,
    ...(raw.claimPeriods !== undefined ? { claimPeriods: raw.claimPeriods } : defaults.claimPeriods !== undefined ? { claimPeriods: defaults.claimPeriods } : {}),
    ...(raw.apportionments && raw.apportionments.length > 0 ? { apportionments: raw.apportionments.map(apportionmentRuleOf) } : defaults.apportionments ? { apportionments: defaults.apportionments } : {}),
    profiles: raw.profiles
      ? raw.profiles.map((p) => ({
          name: p.name,
          kind: p.kind,
          columns: Object.fromEntries(Object.entries(p.columns).filter((e): e is [string, string] => e[1] !== undefined)),
          ...(p.key ? { key: [...p.key] } : {}),
          ...('dateOrder' in p && p.dateOrder ? { dateOrder: p.dateOrder } : {}),
          ...(p.headerSearchRows ? { headerSearchRows: p.headerSearchRows } : {}),
          ...(p.floatNoise ? { floatNoise: p.floatNoise } : {}),
        }))
      : defaults.profiles,
  };
}

/** An entry of `noSpend` as the core reads it: a month's FY and period, or a whole FY (rules.ts has checked it is one). */
function noSpendEntryOf(entry: string): NoSpendEntry {
  return noSpendEntryParsed(entry) as NoSpendEntry;
}

/** "10%" → 1000, "2.5%" → 250. */
function basisPoints(percent: string): number {
  const [whole = '0', fraction = ''] = percent.replace('%', '').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** A pay element as the payroll fold compares it: runs of white space as one space, lower case. */
function payElementOf(element: string): string {
  return element.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** An apportionment rule as the core reads it: codes as the fold compares them, the rate without its sign. */
function apportionmentRuleOf(rule: z.infer<typeof apportionment>): ApportionmentRule {
  const m = rule.match;
  const match: ApportionmentMatch =
    m.costCentre !== undefined ? { costCentre: m.costCentre.toUpperCase() } : m.account !== undefined ? { account: m.account.toUpperCase() } : { payElement: payElementOf(m.payElement as string) };
  return { name: rule.name, match, rate: rule.rate.slice(0, -1), from: rule.from, to: rule.to };
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
    // The built-in categories are what a file without the key gets: listed only when the configuration sets its own.
    ...(config.categories === PCD_1215_CATEGORIES
      ? {}
      : { categories: describeCategories(config.categories) }),
    years: config.years.map((y) => ({ year: fyLabel(y.fy), ...(y.capFromGrant ? {} : { cap: formatPence(y.cap) }), ...(y.closedThrough === undefined ? {} : { closedThrough: monthOfPeriod(y.fy, y.closedThrough) }) })),
    ...(config.grantCap !== undefined ? { grantCap: formatPence(config.grantCap) } : {}),
    ...(config.carryForward === true ? { carryForward: true } : {}),
    ...(config.window !== undefined ? { window: { ...config.window } } : {}),
    ...(config.noSpend !== undefined && config.noSpend.length > 0 ? { noSpend: config.noSpend.map((e) => (e.period === undefined ? fyLabel(e.fy) : monthOfPeriod(e.fy, e.period))) } : {}),
    chart: config.chart.map((r) => ({ name: r.name, ...r.match, category: r.category })),
    ...(config.costCentres ? { costCentres: [...config.costCentres] } : {}),
    ineligiblePayElements: [...config.ineligiblePayElements],
    ...(config.budgets.length > 0
      ? { budgets: config.budgets.map((b) => ({ year: fyLabel(b.fy), category: b.category, budget: formatPence(b.budget) })) }
      : {}),
    virementTolerance: `${Math.floor(config.virementToleranceBasisPoints / 100)}${config.virementToleranceBasisPoints % 100 === 0 ? '' : `.${String(config.virementToleranceBasisPoints % 100).padStart(2, '0').replace(/0$/, '')}`}%`,
    ...(config.claimPeriods !== undefined ? { claimPeriods: config.claimPeriods } : {}),
    ...(config.apportionments && config.apportionments.length > 0
      ? { apportionments: config.apportionments.map((a) => ({ name: a.name, match: { ...a.match }, rate: `${a.rate}%`, from: a.from, ...(a.to === undefined ? {} : { to: a.to }) })) }
      : {}),
    ...(config.profiles.length > 0 ? { profiles: config.profiles.map((p) => ({ ...p, columns: { ...p.columns }, ...(p.key ? { key: [...p.key] } : {}) })) as RawConfig['profiles'] } : {}),
  };
}

/** Categories as a configuration file writes them (`payrollStaffTypes` only where there are some). */
export function describeCategories(categories: GrantConfig['categories']): NonNullable<RawConfig['categories']> {
  return categories.map((c) => ({ id: c.id, title: c.title, ...(c.payrollStaffTypes.length > 0 ? { payrollStaffTypes: [...c.payrollStaffTypes] } : {}) }));
}
