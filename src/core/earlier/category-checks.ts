/**
 * An earlier file's categories (a claim's or a reconciliation's, read back), checked against the configuration's
 * before any figure is: figures keyed by categories of another configuration cannot be compared with this run's.
 * Pure.
 */
import type { GrantConfig } from '../grant-config.js';
import { categoryIds, categoryMismatch, configurationWords } from '../rules/categories.js';
import type { Category } from '../types.js';

/** One list of category ids an earlier file states, and where in the file it is (`categories`, `periods P03 categories`). */
export interface ListedCategories {
  readonly where: string;
  readonly listed: readonly Category[];
}

/**
 * Why an earlier file's categories are not the configuration's (the first list that differs, then any row of a
 * category the configuration lacks), naming the categories unknown or missing and the configuration used; undefined
 * when they are the same.
 */
export function earlierCategoriesProblem(lists: readonly ListedCategories[], rows: readonly { readonly category: Category }[], config: Pick<GrantConfig, 'categories' | 'source' | 'grant'>): string | undefined {
  for (const { where, listed } of lists) {
    const mismatch = categoryMismatch(listed, config);
    if (mismatch !== undefined) return `${where}: ${mismatch}; it was written with another configuration: give the configuration it was written with, or an earlier file of this one`;
  }
  const ids = categoryIds(config);
  const unknown = rows.find((r) => !ids.includes(r.category));
  if (unknown !== undefined) {
    return `includedRows: category "${unknown.category}" is not one of ${configurationWords(config)} (${ids.join(', ')}); it was written with another configuration: give the configuration it was written with, or an earlier file of this one`;
  }
  return undefined;
}
