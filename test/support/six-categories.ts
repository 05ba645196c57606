/**
 * The contract's six cost categories as a configuration writes them out (PRODUCT.md), written here independently of
 * src/config/pcd1215.ts, so that a change there cannot pass as its own oracle.
 */
export const SIX_CATEGORIES = [
  { id: 'staff', title: 'Staff', payrollStaffTypes: ['Police Staff'] },
  { id: 'officers', title: 'Officers', payrollStaffTypes: ['Police Officer'] },
  { id: 'software', title: 'Software' },
  { id: 'equipment', title: 'Equipment' },
  { id: 'training', title: 'Training' },
  { id: 'comms', title: 'Comms' },
] as const;
