/**
 * The built-in grant: MOPAC decision PCD 1215, the Home Office grant for the MPS Project Alpha Social Media Hub.
 * "Funding will reflect actual expenditure incurred during the 2022/2023 and 2023/24 financial years", up to
 * £2,893,452.00 in each year (london.gov.uk, PCD 1215). No per-category budget was published.
 */
import type { GrantConfig } from '../core/grant-config.js';

const CAP = 289_345_200n; // £2,893,452.00 in pence

/**
 * PCD 1215's six cost categories, in reporting order, with their titles; payroll pay goes to staff (Police Staff)
 * and officers (Police Officer). A configuration without `categories` takes these.
 */
export const PCD_1215_CATEGORIES: GrantConfig['categories'] = [
  { id: 'staff', title: 'Staff', payrollStaffTypes: ['Police Staff'] },
  { id: 'officers', title: 'Officers', payrollStaffTypes: ['Police Officer'] },
  { id: 'software', title: 'Software', payrollStaffTypes: [] },
  { id: 'equipment', title: 'Equipment', payrollStaffTypes: [] },
  { id: 'training', title: 'Training', payrollStaffTypes: [] },
  { id: 'comms', title: 'Comms', payrollStaffTypes: [] },
];

/** The default account chart: the first two digits of the account code decide the category. */
export const DEFAULT_CHART: GrantConfig['chart'] = [
  { name: 'officers-50', match: { prefix: '50' }, category: 'officers' },
  { name: 'staff-51', match: { prefix: '51' }, category: 'staff' },
  { name: 'training-52', match: { prefix: '52' }, category: 'training' },
  { name: 'software-53', match: { prefix: '53' }, category: 'software' },
  { name: 'equipment-54', match: { prefix: '54' }, category: 'equipment' },
  { name: 'comms-55', match: { prefix: '55' }, category: 'comms' },
];

/**
 * Pay elements no source shows to be eligible: the apprenticeship levy and exit costs (domain.md §5).
 * A configuration file can change the list.
 */
export const DEFAULT_INELIGIBLE_PAY_ELEMENTS = ['apprenticeship levy', 'redundancy', 'severance'];

/** The PCD 1215 grant as built in: the tool runs with no configuration file. */
export const PCD_1215: GrantConfig = {
  grant: {
    reference: 'PCD 1215',
    name: 'Project Alpha Social Media Hub',
    funder: 'Home Office',
    recipient: 'Metropolitan Police Service',
  },
  categories: PCD_1215_CATEGORIES,
  years: [
    { fy: 2022, cap: CAP },
    { fy: 2023, cap: CAP },
  ],
  chart: DEFAULT_CHART,
  costCentres: undefined,
  ineligiblePayElements: DEFAULT_INELIGIBLE_PAY_ELEMENTS,
  profiles: [],
  budgets: [],
  virementToleranceBasisPoints: 1000,
};
