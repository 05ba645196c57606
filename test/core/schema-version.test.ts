/** Which version a configuration writes, and what a version 1 document may not hold (core/reports/schema-version.ts). */
import { describe, expect, it } from 'vitest';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import type { GrantConfig } from '../../src/core/grant-config.js';
import { claimSchemaOf, CONTRACT_CATEGORIES, grantTermsOf, reconciliationSchemaOf, v1LabelProblem, v2OnlyMembers } from '../../src/core/reports/schema-version.js';

const rule = { name: 'post', match: { costCentre: 'SMH002' }, rate: '40', from: '2023-01-01', to: undefined };
const SIX = ['staff', 'officers', 'software', 'equipment', 'training', 'comms'];

describe('grantTermsOf and the schemas', () => {
  it('the built-in PCD 1215 sets none, and its categories are the contract\'s six', () => {
    expect(grantTermsOf(PCD_1215)).toEqual([]);
    expect(claimSchemaOf(PCD_1215)).toBe('grant-recon/claim@1');
    expect(reconciliationSchemaOf(PCD_1215)).toBe('grant-recon/reconciliation@1');
    expect(PCD_1215_CATEGORIES.map((c) => c.id)).toEqual(SIX);
    expect(CONTRACT_CATEGORIES).toEqual(SIX);
  });

  const cases: [string, Partial<GrantConfig>, string[]][] = [
    ['titles of its own for the six', { categories: PCD_1215_CATEGORIES.map((c) => ({ ...c, title: 'x' + c.title })) }, []],
    ['a seventh category', { categories: [...PCD_1215_CATEGORIES, { id: 'fuel', title: 'Fuel', payrollStaffTypes: [] }] }, ['categories']],
    ['five of the six', { categories: PCD_1215_CATEGORIES.slice(0, 5) }, ['categories']],
    ['claimPeriods', { claimPeriods: 'monthly' }, ['claimPeriods']],
    ['window', { window: { from: '2022-10-01' } }, ['window']],
    ['grantCap', { grantCap: 100n }, ['grantCap']],
    ['carryForward true', { carryForward: true }, ['carryForward']],
    ['carryForward false', { carryForward: false }, []],
    ['a rule', { apportionments: [rule] }, ['apportionments']],
    ['no rule', { apportionments: [] }, []],
    ['budgets and a closed month', { budgets: [{ fy: 2022, category: 'staff', budget: 100n }], years: [{ fy: 2022, cap: 100n, closedThrough: 6 }] }, []],
    ['all', { claimPeriods: 'annual', window: { to: '2024-01-31' }, grantCap: 1n, carryForward: true, apportionments: [rule], categories: PCD_1215_CATEGORIES.slice(1) }, ['categories', 'claimPeriods', 'window', 'grantCap', 'carryForward', 'apportionments']],
  ];
  it.each(cases)('%s', (_, change, keys) => {
    const config: GrantConfig = { ...PCD_1215, ...change };
    expect(grantTermsOf(config)).toEqual(keys);
    expect(claimSchemaOf(config)).toBe(`grant-recon/claim@${keys.length === 0 ? 1 : 2}`);
    expect(reconciliationSchemaOf(config)).toBe(`grant-recon/reconciliation@${keys.length === 0 ? 1 : 2}`);
  });
});

describe('v2OnlyMembers and v1LabelProblem', () => {
  const categories = SIX.map((category) => ({ category }));
  const claim = { schema: 'grant-recon/claim@1', period: { label: 'Q1' }, categories, exclusions: [{ reason: 'duplicate' }] };
  const recon = { schema: 'grant-recon/reconciliation@1', years: [{ year: '2022/23', categories }], exclusions: [] };

  it('a document on the contract\'s terms holds none', () => {
    expect(v2OnlyMembers(claim, 'claim')).toEqual([]);
    expect(v2OnlyMembers(recon, 'reconciliation')).toEqual([]);
    expect(v1LabelProblem(claim, 'claim')).toBeUndefined();
    expect(v1LabelProblem(null, 'claim')).toBeUndefined();
  });

  it('names each member with its key, in the document\'s order', () => {
    const c = { ...claim, period: { label: 'Q1', frequency: 'quarterly' }, window: {}, capCarriedIn: '0.00', categories: categories.slice(1), wholeGrant: {}, apportionments: [], exclusions: [{ reason: 'outside-grant-window' }] };
    expect(v2OnlyMembers(c, 'claim')).toEqual([
      'period.frequency (of "claimPeriods")',
      'window (of "window")',
      'capCarriedIn (of "carryForward")',
      'wholeGrant (of "grantCap")',
      'apportionments (of "apportionments")',
      'categories other than staff, officers, software, equipment, training, comms (of "categories")',
      'exclusions outside-grant-window (of "window")',
    ]);
    const r = { ...recon, years: [{ year: '2022/23', categories, capCarriedIn: '0.00', windowMonths: {} }], terms: {}, exclusions: [{ reason: 'apportioned-out' }] };
    expect(v2OnlyMembers(r, 'reconciliation')).toEqual(['years 2022/23 capCarriedIn (of "carryForward")', 'years 2022/23 windowMonths (of "window")', 'terms (of "apportionments")', 'exclusions apportioned-out (of "apportionments")']);
    // A reconciliation has no period, and a claim no years or terms: those keys are not members of them.
    expect(v2OnlyMembers({ ...recon, period: { frequency: 'monthly' } }, 'reconciliation')).toEqual([]);
  });

  it('a @2 document may hold them; a @1 may not', () => {
    const c = { ...claim, wholeGrant: {} };
    expect(v1LabelProblem({ ...c, schema: 'grant-recon/claim@2' }, 'claim')).toBeUndefined();
    expect(v1LabelProblem(c, 'claim')).toBe(
      'schema is "grant-recon/claim@1", but it holds wholeGrant (of "grantCap"), which only "grant-recon/claim@2" holds: it was written under those configuration keys, so it is not a claim of version 1, and its schema was changed after it was written',
    );
  });
});
