/** A payroll row's category comes from its Staff Type, not from the chart: Police Officer → officers, Police Staff → staff. */
import type { Category } from '../types.js';

/** Staff types and the category each one's pay belongs to (compared case-insensitively). */
export const STAFF_TYPES: ReadonlyMap<string, Category> = new Map([
  ['police officer', 'officers'],
  ['police staff', 'staff'],
]);
