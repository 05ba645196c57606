/**
 * The categories as every document, chart and workbook titles them: the configuration's titles by category id
 * (core/rules/categories.ts titlesOf; PCD 1215: Staff, Officers, Software, Equipment, Training, Comms). The order
 * comes from the report itself (a year's or a claim's `categories`, in the configuration's order).
 */
import type { Category } from '../core/types.js';

/** Each category's title, by id. */
export type CategoryTitles = ReadonlyMap<Category, string>;

/** The title of a category (its id, should the titles lack it). */
export function titleOf(titles: CategoryTitles, category: Category): string {
  return titles.get(category) ?? category;
}
