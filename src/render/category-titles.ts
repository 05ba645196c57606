/** The categories as every document, chart and workbook titles them. */
import type { Category } from '../core/types.js';

/** Title of each category. */
export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  staff: 'Staff',
  officers: 'Officers',
  software: 'Software',
  equipment: 'Equipment',
  training: 'Training',
  comms: 'Comms',
};
