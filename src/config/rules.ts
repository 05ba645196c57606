/**
 * The checks of a configuration file that only code can make, run after the schema: clashes between entries (a
 * second cap for one year, a second budget for one line, a second rule for one match or of one name, an item
 * listed twice) and values judged against other values (a range's two ends, a closed month against its year, a
 * budget's year against the grant's years). JSON Schema cannot say these, so editors do not flag them; the
 * schema (schema.ts) checks each value on its own and publishes those checks. One small function per rule.
 *
 * The rules see the file's sound entries: those that pass the schema on their own. So a file with a badly
 * written cap still gets its clashing budgets reported in the same run.
 */
import { fiscalPeriodOfDate, fyDateRange, fyLabel, monthOfPeriod, parseFyLabel } from '../core/calendar/fiscal.js';
import { windowMonthsOf } from '../core/calendar/grant-window.js';
import type { ChartRule } from '../core/grant-config.js';
import type { ApportionmentMatch, ApportionmentRule } from '../core/rules/apportion.js';
import { makeChartLookup } from '../core/rules/chart.js';
import { staffTypeKey } from '../core/rules/staff-types.js';
import type { Category } from '../core/types.js';
import { nearest } from './nearest.js';
import { jsonPath, type ConfigProblem } from './problems.js';

/** An entry of a list in the file that passes the schema on its own, and its index in that list. */
export interface Sound<T> {
  readonly index: number;
  readonly entry: T;
}

/** A chart rule as the schema passes it (codes trimmed, exactly one kind of match). */
export interface DraftChartRule {
  readonly name: string;
  readonly code?: string | undefined;
  readonly prefix?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** A category id, or `ineligible`. */
  readonly category: Category;
}

/** A list of names whose items must differ, compared as `fold` leaves them. */
export interface DraftList {
  /** Where the list is: ['costCentres'], ['profiles', 0, 'key']. */
  readonly at: readonly (string | number)[];
  /** What one item is, for messages: "cost centre". */
  readonly what: string;
  readonly items: readonly Sound<string>[];
  readonly fold: (item: string) => string;
}

/** A category as the schema passes it. */
export interface DraftCategory {
  readonly id: string;
  readonly title: string;
  readonly payrollStaffTypes?: readonly string[] | undefined;
}

/** What the rules look at: the sound entries of each list of the file. */
export interface ConfigDraft {
  readonly categories: readonly Sound<DraftCategory>[];
  /**
   * The grant's category ids: the file's when it lists them, else the built-in grant's; undefined when an id of the
   * file cannot be read (then what names a category is not judged: the bad id is reported, once).
   */
  readonly categoryIds: readonly string[] | undefined;
  /** The categories the built-in chart names, when the file lists its own categories but no chart (which it then takes). */
  readonly inheritedChart: readonly string[];
  readonly years: readonly Sound<{ readonly year: string; readonly closedThrough?: string | undefined; readonly hasCap: boolean }>[];
  /** Does the file give a grant cap (however written)? */
  readonly grantCap: boolean;
  /** Does the file set carryForward to true? */
  readonly carryForward: boolean;
  /** The file's window: each end that passes the schema on its own; undefined without a window. */
  readonly window: { readonly from: string | undefined; readonly to: string | undefined } | undefined;
  /** The entries of `noSpend` that pass the schema on their own; undefined without the key. */
  readonly noSpend?: readonly Sound<string>[] | undefined;
  readonly chart: readonly Sound<DraftChartRule>[];
  /**
   * The chart accounts are placed by: the file's when every rule of it passes the schema, the built-in one when the
   * file gives none; undefined when a rule of the file cannot be read (then what it places is not judged).
   */
  readonly effectiveChart: readonly ChartRule[] | undefined;
  readonly budgets: readonly Sound<{ readonly year: string; readonly category: Category }>[];
  /** The apportionment rules, as the core reads them (codes folded, the rate without its sign). */
  readonly apportionments: readonly Sound<ApportionmentRule>[];
  /** The grant's cost centres (upper case): the file's sound ones, else the built-in grant's; undefined: any. */
  readonly costCentres: readonly string[] | undefined;
  /** The ineligible pay elements as compared (lower case, spaces folded): the file's sound ones, else the built-in list. */
  readonly ineligiblePayElements: readonly string[];
  /** The grant's years (start years): the file's, else the built-in grant's; undefined when a year of the file cannot be read. */
  readonly grantYears: readonly number[] | undefined;
  readonly lists: readonly DraftList[];
  /** Each sound profile's columns, every one with the header it is read by (the file's, else its own name). */
  readonly profiles: readonly Sound<readonly (readonly [column: string, header: string])[]>[];
}

type Rule = (draft: ConfigDraft) => ConfigProblem[];

/** Every code-only problem of a configuration, rule by rule, each rule's in file order. */
export function checkConfigRules(draft: ConfigDraft): ConfigProblem[] {
  return RULES.flatMap((rule) => rule(draft));
}

/** A year has one cap: a second entry for it would silently replace the first. */
const oneCapPerYear: Rule = (draft) =>
  clashes(draft.years, (y) => String(startOf(y.year))).map(([second, first]) => ({
    path: jsonPath(['years', second.index]),
    message: `a second cap for ${fyLabel(startOf(second.entry.year))} (the first is ${jsonPath(['years', first.index])})`,
  }));

/** A year without a cap of its own is capped by the grant cap: without one either, nothing would cap it. */
const aCapForEveryYear: Rule = (draft) =>
  draft.grantCap
    ? []
    : draft.years
        .filter(({ entry }) => !entry.hasCap)
        .map(({ index, entry }) => ({
          path: jsonPath(['years', index, 'cap']),
          message: `${fyLabel(startOf(entry.year))} has no cap, and no "grantCap" is given, so nothing would cap what is claimed`,
          hint: 'give the year its cap ("cap": "2893452.00"), or a cap over the whole grant ("grantCap": "5786904.00")',
        }));

/**
 * Carry-forward moves the unspent part of one year's own cap into the next: it needs two years or more, each with a
 * cap of its own (a year capped only by the grant cap has no unspent cap of its own to carry).
 */
const carryForwardBetweenCappedYears: Rule = (draft) => {
  if (!draft.carryForward) return [];
  const path = jsonPath(['carryForward']);
  const uncapped = draft.years.filter(({ entry }) => !entry.hasCap);
  if (uncapped.length > 0) {
    const named = uncapped.map(({ index, entry }) => `${fyLabel(startOf(entry.year))} (${jsonPath(['years', index])})`).join(', ');
    return [{ path, message: `carries a year's unspent cap into the next, but ${named} has no cap of its own`, hint: 'give every year its cap, or leave carryForward out' }];
  }
  const years = draft.grantYears;
  if (years !== undefined && new Set(years).size < 2) {
    return [{ path, message: "carries a year's unspent cap into the next, but the grant has one year only: there is no next year", hint: 'leave carryForward out' }];
  }
  return [];
};

/**
 * The window lies inside the grant's years, its ends in order, and touches every grant year (a year wholly outside
 * it would have every row excluded: its author meant another window, or another list of years).
 */
const windowInsideGrantYears: Rule = (draft) => {
  const { window } = draft;
  const years = draft.grantYears;
  if (window === undefined) return [];
  const problems: ConfigProblem[] = [];
  const known = years === undefined ? undefined : [...new Set(years)].sort((a, b) => a - b);
  const named = known?.map(fyLabel).join(', ') ?? '';
  for (const end of ['from', 'to'] as const) {
    const date = window[end];
    if (date === undefined || known === undefined) continue;
    if (!known.includes(fiscalPeriodOfDate(date).fy)) {
      problems.push({ path: jsonPath(['window', end]), message: `${date} is not inside the grant's years (${named})`, hint: `give a date from ${fyDateRange(known[0] as number).from} to ${fyDateRange(known[known.length - 1] as number).to}` });
    }
  }
  if (window.from !== undefined && window.to !== undefined && window.from > window.to) {
    problems.push({ path: jsonPath(['window']), message: `from ${window.from} is after to ${window.to}, so the window holds no day`, hint: 'give the grant\'s first day as "from" and its last day as "to"' });
  }
  if (problems.length > 0 || known === undefined) return problems;
  for (const fy of known) {
    const range = fyDateRange(fy);
    const before = window.to !== undefined && window.to < range.from;
    const after = window.from !== undefined && window.from > range.to;
    if (before || after) {
      problems.push({
        path: jsonPath(['window', before ? 'to' : 'from']),
        message: `${fyLabel(fy)} lies wholly ${before ? 'after' : 'before'} the window (${window.from ?? 'its years\' start'} to ${window.to ?? 'its years\' end'}), so none of its rows could count`,
        hint: `remove ${fyLabel(fy)} from "years", or move the window`,
      });
    }
  }
  return problems;
};

/** A closed month must be a month of its own year. */
const closedMonthInItsYear: Rule = (draft) =>
  draft.years.flatMap(({ index, entry }) => {
    const fy = startOf(entry.year);
    if (entry.closedThrough === undefined || closedPeriodOf(fy, entry.closedThrough) !== undefined) return [];
    return [{ path: jsonPath(['years', index, 'closedThrough']), message: `${entry.closedThrough} is not a month of ${entry.year} (give ${fy}-04 to ${fy + 1}-03)` }];
  });

/**
 * A range's ends have one length and come in order: a range holds the codes as long as its ends, from "from" to
 * "to" compared as text (src/core/rules/chart.ts), so ends of two lengths or in reverse order hold nothing meant.
 */
const rangesInOrder: Rule = (draft) =>
  draft.chart.flatMap(({ index, entry }) => {
    if (entry.from === undefined || entry.to === undefined) return [];
    const from = entry.from.toUpperCase();
    const to = entry.to.toUpperCase();
    const path = jsonPath(['chart', index]);
    if (from.length !== to.length) {
      return [{ path, message: `from "${entry.from}" and to "${entry.to}" differ in length: a range holds codes as long as its ends (e.g. from "510000" to "519999")` }];
    }
    if (from > to) return [{ path, message: `from "${entry.from}" is after to "${entry.to}", so the range holds no account: give the lower code as "from"` }];
    return [];
  });

/** Reports name the rule that placed each row, so two rules of one name (ignoring case) cannot be told apart. */
const oneRulePerName: Rule = (draft) =>
  clashes(draft.chart, (r) => r.name.trim().toLowerCase()).map(([second, first]) => ({
    path: jsonPath(['chart', second.index, 'name']),
    message: `a second rule named "${second.entry.name}" (the first is ${jsonPath(['chart', first.index])})`,
  }));

/**
 * The first rule that matches decides, so a second rule with the same match for another category never applies:
 * its author meant one of the two categories, and the file cannot say which. (Overlapping matches, such as one
 * code taken out of a prefix before it, are how a chart is written, and stay allowed.)
 */
const oneCategoryPerMatch: Rule = (draft) =>
  clashes(draft.chart, matchKey)
    .filter(([second, first]) => second.entry.category !== first.entry.category)
    .map(([second, first]) => ({
      path: jsonPath(['chart', second.index]),
      message: `a second rule for ${matchWords(second.entry)} ${placing(second.entry)} (the first, ${jsonPath(['chart', first.index])}, ${placing(first.entry)})`,
    }));

/** A budget line (year and category) has one budget: a second would be ignored. */
const oneBudgetPerLine: Rule = (draft) =>
  clashes(draft.budgets, (b) => `${startOf(b.year)} ${b.category}`).map(([second, first]) => ({
    path: jsonPath(['budgets', second.index]),
    message: `a second budget for ${fyLabel(startOf(second.entry.year))} ${second.entry.category} (the first is ${jsonPath(['budgets', first.index])})`,
  }));

/** A budget is for a year of the grant: no report would ever show it otherwise. */
const budgetsInGrantYears: Rule = (draft) => {
  const years = draft.grantYears;
  if (years === undefined) return [];
  return draft.budgets
    .filter(({ entry }) => !years.includes(startOf(entry.year)))
    .map(({ index, entry }) => ({
      path: jsonPath(['budgets', index, 'year']),
      message: `${fyLabel(startOf(entry.year))} is not a year of the grant (the grant's years: ${[...new Set(years)].sort((a, b) => a - b).map(fyLabel).join(', ')})`,
    }));
};

/** A name listed twice in a list (cost centres, pay elements, key columns) is most likely a slip for another. */
const distinctItems: Rule = (draft) =>
  draft.lists.flatMap((list) =>
    clashes(list.items, list.fold).map(([second, first]) => ({
      path: jsonPath([...list.at, second.index]),
      message: `a second ${list.what} "${second.entry}" (the first is ${jsonPath([...list.at, first.index])})`,
    })),
  );

/** The columns whose values decide a row's money, date, period or category: each must be read from a cell of its own. */
const DECIDING_COLUMNS: ReadonlySet<string> = new Set(['Posting Date', 'Period', 'Account Code', 'Net Amount', 'VAT Amount', 'Gross Amount', 'Payroll Period', 'Staff Type', 'Pay Element', 'Amount', 'Pay Date']);

/**
 * A cell that decides a row's money, date, period or category is read for one column only: two columns of a layout
 * read by one header (Net Amount and Gross Amount both by "Amount", or Account Code by "Net Amount", whose own
 * header that is) would read one cell as both. Text columns may share a header (an export without document numbers
 * may give its supplier for them).
 */
const oneColumnPerHeader: Rule = (draft) =>
  draft.profiles.flatMap(({ index, entry }) => {
    const problems: ConfigProblem[] = [];
    const seen = new Map<string, string[]>();
    for (const [column, header] of entry) {
      const folded = header.trim().replace(/\s+/g, ' ').toLowerCase();
      const earlier = seen.get(folded) ?? [];
      const clash = earlier.find((first) => DECIDING_COLUMNS.has(first) || DECIDING_COLUMNS.has(column));
      if (clash !== undefined) problems.push({ path: jsonPath(['profiles', index, 'columns']), message: `${column} and ${clash} are both read by the header "${header}": give each its own column of the export` });
      seen.set(folded, [...earlier, column]);
    }
    return problems;
  });

/** An apportionment's dates come in order: a `to` before its `from` covers no day. */
const apportionmentDatesInOrder: Rule = (draft) =>
  draft.apportionments.flatMap(({ index, entry }) =>
    entry.to !== undefined && entry.to < entry.from
      ? [{ path: jsonPath(['apportionments', index, 'to']), message: `${entry.to} is before from ${entry.from}, so the rule covers no day: give the later date as "to"` }]
      : [],
  );

/** Reports name the rule that split each row, so two rules of one name (ignoring case) cannot be told apart. */
const oneApportionmentPerName: Rule = (draft) =>
  clashes(draft.apportionments, (a) => a.name.trim().toLowerCase()).map(([second, first]) => ({
    path: jsonPath(['apportionments', second.index, 'name']),
    message: `a second apportionment named "${second.entry.name}" (the first is ${jsonPath(['apportionments', first.index])})`,
  }));

/**
 * The first rule that matches a row takes it, so a later rule with the same match whose dates overlap an earlier
 * one's would never apply on the days they share: its author meant one of the two rates, and the file cannot say
 * which. (Rules on different kinds of match, a cost centre and an account, may both fit one row: the first wins.)
 */
const oneRatePerMatchAndDay: Rule = (draft) => {
  const problems: ConfigProblem[] = [];
  // Each rule is held against the earlier rules of its own match only (a file of thousands of rules on as many
  // matches took the pairs of all of them).
  const earlierOf = new Map<string, Sound<ApportionmentRule>[]>();
  for (const second of draft.apportionments) {
    const key = apportionmentMatchKey(second.entry.match);
    const earlier = earlierOf.get(key) ?? [];
    const first = earlier.find((e) => datesOverlap(e.entry, second.entry));
    earlierOf.set(key, earlier);
    earlier.push(second);
    if (first === undefined) continue;
    problems.push({
      path: jsonPath(['apportionments', second.index]),
      message: `a second rate for ${apportionmentMatchWords(second.entry.match)} on days the first covers (the first, ${jsonPath(['apportionments', first.index])}, charges ${first.entry.rate}% from ${first.entry.from}${first.entry.to === undefined ? '' : ` to ${first.entry.to}`}): end the first with "to" the day before this one's "from"`,
    });
  }
  return problems;
};

/** A rule whose cost centre is not the grant's, or whose pay element is ineligible, never meets a row it could split. */
const apportionmentsReachRows: Rule = (draft) =>
  draft.apportionments.flatMap(({ index, entry }) => {
    const m = entry.match;
    const path = jsonPath(['apportionments', index, 'match']);
    if ('costCentre' in m && draft.costCentres !== undefined && !draft.costCentres.includes(m.costCentre)) {
      return [{ path, message: `cost centre ${m.costCentre} is not one of the grant's costCentres, so its rows are excluded before any rate applies: add it to "costCentres", or remove the rule` }];
    }
    if ('payElement' in m && draft.ineligiblePayElements.includes(m.payElement)) {
      return [{ path, message: `pay element "${m.payElement}" is in "ineligiblePayElements", so its rows are excluded before any rate applies: remove one of the two` }];
    }
    return [];
  });

/**
 * An account rule splits rows that the chart places in a category of the grant: an account that no chart rule covers,
 * or that a rule makes ineligible, is excluded (ineligible-account) before any rate applies, so the rule never splits
 * a row, as a rule for a cost centre that is not the grant's never does.
 */
const apportionedAccountsPlaced: Rule = (draft) => {
  const chart = draft.effectiveChart;
  if (chart === undefined) return [];
  const place = makeChartLookup(chart);
  return draft.apportionments.flatMap(({ index, entry }) => {
    const m = entry.match;
    if (!('account' in m)) return [];
    const decision = place(m.account);
    if (decision.category !== 'ineligible') return [];
    const why = decision.rule === undefined ? 'no chart rule covers it' : `chart rule "${decision.rule}" makes it ineligible`;
    return [
      {
        path: jsonPath(['apportionments', index, 'match']),
        message: `account ${m.account}: ${why}, so its rows are excluded as ineligible-account before any rate applies`,
        hint: `place the account in a category with a chart rule (e.g. { "name": "shared-${m.account}", "code": "${m.account}", "category": "…" } before any rule that covers it), or remove the apportionment`,
      },
    ];
  });
};

/**
 * A rule's days must meet the grant's: the window where it sets an end, else the grant's years (1 April of the first
 * to 31 March of the last). A rule that starts after the grant's last day, or ends before its first, could take only
 * rows dated outside the grant, which it never counts: its dates were meant for another grant or mistyped.
 */
const apportionmentsInsideGrant: Rule = (draft) => {
  const years = draft.grantYears;
  if (years === undefined || years.length === 0) return [];
  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years);
  const first = draft.window?.from ?? fyDateRange(firstYear).from;
  const last = draft.window?.to ?? fyDateRange(lastYear).to;
  const firstWhy = draft.window?.from === undefined ? `the start of ${fyLabel(firstYear)}` : 'the window\'s "from"';
  const lastWhy = draft.window?.to === undefined ? `the end of ${fyLabel(lastYear)}` : 'the window\'s "to"';
  const hint = `give dates that meet the grant's, from ${first} to ${last}, or remove the rule`;
  return draft.apportionments.flatMap(({ index, entry }) => {
    if (entry.from > last) {
      return [{ path: jsonPath(['apportionments', index, 'from']), message: `${entry.from} is after the grant's last day, ${last} (${lastWhy}), so the rule could take only rows dated after the grant ends`, hint }];
    }
    if (entry.to !== undefined && entry.to < first && entry.to >= entry.from) {
      return [{ path: jsonPath(['apportionments', index, 'to']), message: `${entry.to} is before the grant's first day, ${first} (${firstWhy}), so the rule could take only rows dated before the grant begins`, hint }];
    }
    return [];
  });
};

/** A category id names one category: a second one of that id could never be told from the first. */
const oneCategoryPerId: Rule = (draft) =>
  clashes(draft.categories, (c) => c.id).map(([second, first]) => ({
    path: jsonPath(['categories', second.index, 'id']),
    message: `a second category "${second.entry.id}" (the first is ${jsonPath(['categories', first.index])})`,
  }));

/** Two categories of one title (ignoring case and spaces around it) would head two columns alike. */
const oneCategoryPerTitle: Rule = (draft) =>
  clashes(draft.categories, (c) => c.title.trim().toLowerCase()).map(([second, first]) => ({
    path: jsonPath(['categories', second.index, 'title']),
    message: `a second category titled "${second.entry.title.trim()}" (the first is ${jsonPath(['categories', first.index])}, "${first.entry.id}"): give each category its own title`,
  }));

/** A payroll row takes its category from its staff type, so a staff type is in one category at most. */
const staffTypeInOneCategory: Rule = (draft) => {
  const types = draft.categories.flatMap(({ index, entry }) =>
    (entry.payrollStaffTypes ?? []).map((type, i) => ({ index: i, entry: { type, category: index, id: entry.id } })),
  );
  return clashes(types, (t) => staffTypeKey(t.type)).map(([second, first]) => ({
    path: jsonPath(['categories', second.entry.category, 'payrollStaffTypes', second.index]),
    message:
      first.entry.category === second.entry.category
        ? `staff type "${second.entry.type}" is listed twice in "${second.entry.id}" (the first is ${jsonPath(['categories', first.entry.category, 'payrollStaffTypes', first.index])})`
        : `staff type "${second.entry.type}" is in "${first.entry.id}" already (${jsonPath(['categories', first.entry.category, 'payrollStaffTypes', first.index])}): a staff type's pay goes to one category`,
  }));
};

/** A chart rule places accounts in a category of the grant, or makes them ineligible. */
const chartNamesACategory: Rule = (draft) => {
  const ids = draft.categoryIds;
  if (ids === undefined) return [];
  return draft.chart
    .filter(({ entry }) => entry.category !== 'ineligible' && !ids.includes(entry.category))
    .map(({ index, entry }) => unknownCategory(['chart', index, 'category'], entry.category, ids, true));
};

/** A budget is for a category of the grant. */
const budgetNamesACategory: Rule = (draft) => {
  const ids = draft.categoryIds;
  if (ids === undefined) return [];
  return draft.budgets.filter(({ entry }) => !ids.includes(entry.category)).map(({ index, entry }) => unknownCategory(['budgets', index, 'category'], entry.category, ids, false));
};

/** A file with its own categories and no chart takes the built-in chart, whose categories must then be the file's. */
const inheritedChartFits: Rule = (draft) => {
  const ids = draft.categoryIds;
  if (ids === undefined) return [];
  const missing = [...new Set(draft.inheritedChart.filter((c) => c !== 'ineligible' && !ids.includes(c)))];
  if (missing.length === 0) return [];
  return [
    {
      path: jsonPath(['chart']),
      message: `not given, so the built-in PCD 1215 chart applies, and it places accounts in ${missing.map((c) => `"${c}"`).join(', ')}, which ${missing.length === 1 ? 'is not a category' : 'are not categories'} of this file (${ids.join(', ')})`,
      hint: 'give the grant\'s own chart, e.g. "chart": [{ "name": "vehicles", "prefix": "56", "category": "vehicles" }]',
    },
  ];
};

/** An entry of `noSpend` read: a month (its FY and period 1..12) or a whole FY; undefined for a year whose second year does not follow its first. */
export function noSpendEntryParsed(entry: string): { readonly fy: number; readonly period?: number } | undefined {
  if (/^\d{4}-\d\d$/.test(entry)) return fiscalPeriodOfDate(`${entry}-01`);
  const fy = parseFyLabel(entry);
  return fy === undefined ? undefined : { fy };
}

/**
 * `noSpend` lists earlier grant years and months that truly had no rows for the grant (a later year's caps come from
 * the earlier years, with a grant cap or carry-forward; without either it changes nothing, which cli/config-warnings.ts
 * says): each entry a grant year, or a month the window reaches into (windowMonthsOf, the months a year's rows can be
 * dated in), each once, and no month of a year listed whole.
 */
const noSpendOfEarlierMonths: Rule = (draft) => {
  if (draft.noSpend === undefined) return [];
  const years = draft.grantYears;
  if (years === undefined) return [];
  const window = draft.window === undefined ? undefined : { ...(draft.window.from === undefined ? {} : { from: draft.window.from }), ...(draft.window.to === undefined ? {} : { to: draft.window.to }) };
  const windowWords = (): string => {
    const first = years[0] as number;
    const last = years[years.length - 1] as number;
    const from = windowMonthsOf(window, first);
    const to = windowMonthsOf(window, last);
    return from === undefined || to === undefined ? '' : `${monthOfPeriod(first, from.first)} to ${monthOfPeriod(last, to.last)}`;
  };
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  const wholeYears = new Map<number, number>();
  const read = draft.noSpend.map(({ index, entry }) => ({ index, entry, parsed: noSpendEntryParsed(entry) }));
  for (const { index, parsed } of read) if (parsed !== undefined && parsed.period === undefined && !wholeYears.has(parsed.fy)) wholeYears.set(parsed.fy, index);
  for (const { index, entry, parsed } of read) {
    const path = jsonPath(['noSpend', index]);
    if (parsed === undefined) {
      problems.push({ path, message: `${entry} is not a financial year: its second year must follow its first, e.g. "2022/23"` });
      continue;
    }
    const hint = `list a grant year (${years.map(fyLabel).join(', ')}) or a month of the grant's window (${windowWords()}), e.g. "${fyLabel(years[0] as number)}"`;
    if (!years.includes(parsed.fy)) {
      problems.push({ path, message: `${entry} is not ${parsed.period === undefined ? 'one of the grant\'s years' : 'a month of the grant\'s years'} (${years.map(fyLabel).join(', ')})`, hint });
      continue;
    }
    const months = windowMonthsOf(window, parsed.fy);
    if (parsed.period !== undefined && (months === undefined || parsed.period < months.first || parsed.period > months.last)) {
      problems.push({ path, message: `${entry} is outside the grant's window (${windowWords()}), so no row of it could count`, hint });
      continue;
    }
    const key = parsed.period === undefined ? `${parsed.fy}` : `${parsed.fy}|${parsed.period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ path, message: `${entry} is listed twice (the first is ${jsonPath(['noSpend', first])})`, hint: 'list each year or month once' });
      continue;
    }
    seen.set(key, index);
    const year = wholeYears.get(parsed.fy);
    if (parsed.period !== undefined && year !== undefined) {
      problems.push({ path, message: `${entry} is a month of ${fyLabel(parsed.fy)}, which ${jsonPath(['noSpend', year])} lists whole`, hint: `remove ${entry}, or list the months of ${fyLabel(parsed.fy)} one by one instead of the year` });
    }
  }
  return problems;
};

/** What is said of a category that the grant does not have, with the nearest id where one is close. */
function unknownCategory(at: readonly (string | number)[], category: string, ids: readonly string[], ineligible: boolean): ConfigProblem {
  const meant = nearest(category, ineligible ? [...ids, 'ineligible'] : ids);
  const choices = `${ids.join(', ')}${ineligible ? ', or ineligible' : ''}`;
  return {
    path: jsonPath(at),
    message: `"${category}" is not a category of the grant${meant === undefined ? '' : ` (did you mean "${meant}"?)`}: the categories are ${choices}`,
    hint: 'name a category by its id, as "categories" lists them (without "categories", the built-in staff, officers, software, equipment, training and comms)',
  };
}

const RULES: readonly Rule[] = [
  oneCategoryPerId,
  oneCategoryPerTitle,
  staffTypeInOneCategory,
  chartNamesACategory,
  budgetNamesACategory,
  inheritedChartFits,
  oneCapPerYear,
  aCapForEveryYear,
  carryForwardBetweenCappedYears,
  windowInsideGrantYears,
  noSpendOfEarlierMonths,
  closedMonthInItsYear,
  rangesInOrder,
  oneRulePerName,
  oneCategoryPerMatch,
  oneBudgetPerLine,
  budgetsInGrantYears,
  distinctItems,
  oneColumnPerHeader,
  apportionmentDatesInOrder,
  oneApportionmentPerName,
  oneRatePerMatchAndDay,
  apportionmentsReachRows,
  apportionedAccountsPlaced,
  apportionmentsInsideGrant,
];

/** What an apportionment matches, as one key: two rules with one key take the same rows. */
function apportionmentMatchKey(m: ApportionmentMatch): string {
  return 'costCentre' in m ? `costCentre ${m.costCentre}` : 'account' in m ? `account ${m.account}` : `payElement ${m.payElement}`;
}

function apportionmentMatchWords(m: ApportionmentMatch): string {
  return 'costCentre' in m ? `cost centre ${m.costCentre}` : 'account' in m ? `account ${m.account}` : `pay element "${m.payElement}"`;
}

/** Do two rules' dates share a day? An open end runs for ever. */
function datesOverlap(a: ApportionmentRule, b: ApportionmentRule): boolean {
  return (a.to === undefined || b.from <= a.to) && (b.to === undefined || a.from <= b.to);
}

/** Each entry whose key an earlier entry has, paired with the first entry of that key; in file order. */
function clashes<T>(entries: readonly Sound<T>[], keyOf: (entry: T) => string): [Sound<T>, Sound<T>][] {
  const first = new Map<string, Sound<T>>();
  const found: [Sound<T>, Sound<T>][] = [];
  for (const sound of entries) {
    const key = keyOf(sound.entry);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, sound);
    else found.push([sound, earlier]);
  }
  return found;
}

/** The start year of a FY label that the schema has passed. */
function startOf(label: string): number {
  return parseFyLabel(label) as number;
}

/** The period (1..12) of month `yyyy-mm` in FY `fy`, or undefined when the month is not of that FY. */
export function closedPeriodOf(fy: number, month: string): number | undefined {
  const [yyyy, mm] = month.split('-').map(Number) as [number, number];
  const period = mm >= 4 ? mm - 3 : mm + 9;
  return (mm >= 4 ? yyyy : yyyy - 1) === fy ? period : undefined;
}

/** What a rule matches, as the chart compares it (upper-cased): two rules with one key match the same accounts. */
function matchKey(rule: DraftChartRule): string {
  if (rule.code !== undefined) return `code ${rule.code.toUpperCase()}`;
  if (rule.prefix !== undefined) return `prefix ${rule.prefix.toUpperCase()}`;
  return `range ${(rule.from ?? '').toUpperCase()} ${(rule.to ?? '').toUpperCase()}`;
}

function matchWords(rule: DraftChartRule): string {
  if (rule.code !== undefined) return `account "${rule.code}"`;
  if (rule.prefix !== undefined) return rule.prefix === '' ? 'every account (prefix "")' : `accounts starting "${rule.prefix}"`;
  return `accounts "${rule.from ?? ''}" to "${rule.to ?? ''}"`;
}

function placing(rule: DraftChartRule): string {
  return `says ${rule.category}`;
}
