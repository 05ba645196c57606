/**
 * The grant's categories as the fold and the reports use them: ids in reporting order, each category's index, the
 * categories that pay postings go to, and what an earlier file's categories must be.
 */
import type { GrantCategory, GrantConfig } from '../grant-config.js';
import type { Category } from '../types.js';

/** The category ids, in reporting order. */
export function categoryIds(config: Pick<GrantConfig, 'categories'>): Category[] {
  return config.categories.map((c) => c.id);
}

/** Each category id's index in the reporting order. */
export function categoryIndexes(config: Pick<GrantConfig, 'categories'>): ReadonlyMap<Category, number> {
  return new Map(config.categories.map((c, i) => [c.id, i]));
}

/**
 * The indexes of the categories that payroll staff types feed: a GL row of one of them is a pay posting, which the
 * payroll lines of its FY, period and category evidence (PRODUCT.md "Payroll evidence"; PCD 1215: staff, officers).
 */
export function payCategoryIndexes(config: Pick<GrantConfig, 'categories'>): ReadonlySet<number> {
  return new Set(config.categories.flatMap((c, i) => (c.payrollStaffTypes.length > 0 ? [i] : [])));
}

/** The configuration a run used, for messages: `the configuration grant.json`, or the built-in PCD 1215. */
export function configurationWords(config: Pick<GrantConfig, 'source' | 'grant'>): string {
  return config.source === undefined ? `the built-in ${config.grant.reference} configuration` : `the configuration ${config.source}`;
}

/**
 * Why an earlier file's categories (those it lists, in its order) cannot be read against the configuration's, or
 * undefined when they are the same ids in the same order: which are unknown, which are missing, and the configured
 * list with where it came from.
 */
export function categoryMismatch(listed: readonly Category[], config: Pick<GrantConfig, 'categories' | 'source' | 'grant'>): string | undefined {
  const ids = categoryIds(config);
  if (listed.length === ids.length && listed.every((c, i) => c === ids[i])) return undefined;
  const unknown = [...new Set(listed.filter((c) => !ids.includes(c)))];
  const missing = ids.filter((c) => !listed.includes(c));
  const repeated = [...new Set(listed.filter((c, i) => listed.indexOf(c) !== i && ids.includes(c)))];
  const parts = [
    ...(unknown.length > 0 ? [`${quoted(unknown)} ${unknown.length === 1 ? 'is not a category' : 'are not categories'} of it`] : []),
    ...(missing.length > 0 ? [`${quoted(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`] : []),
    ...(repeated.length > 0 ? [`${quoted(repeated)} ${repeated.length === 1 ? 'is' : 'are'} listed twice`] : []),
  ];
  const what = parts.length > 0 ? parts.join(', ') : 'they are listed in another order';
  return `its categories (${listed.join(', ') || 'none'}) are not those of ${configurationWords(config)} (${ids.join(', ')}): ${what}`;
}

function quoted(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}

/** Titles by id, for a category list. */
export function titlesOf(categories: readonly GrantCategory[]): ReadonlyMap<Category, string> {
  return new Map(categories.map((c) => [c.id, c.title]));
}
