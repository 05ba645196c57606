/**
 * `categories` in the configuration: each problem refused with its JSON path (did-you-mean where an id is close),
 * the built-in PCD 1215 six when the key is absent, and the published JSON Schema carrying the key.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse-config.js';
import { PCD_1215, PCD_1215_CATEGORIES } from '../../src/config/pcd1215.js';
import { configJsonSchema, describeConfig, validateConfig } from '../../src/config/schema.js';
import type { GrantConfig } from '../../src/core/grant-config.js';

function problems(raw: unknown) {
  const result = validateConfig(raw, PCD_1215);
  return result.ok ? [] : result.problems;
}

function parsed(raw: unknown): GrantConfig {
  const result = parseConfigText(JSON.stringify(raw), PCD_1215);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const FLEET = [
  { id: 'vehicles', title: 'Vehicles' },
  { id: 'fuel', title: 'Fuel & charging' },
  { id: 'staff', title: 'Fleet staff', payrollStaffTypes: ['Police Staff'] },
];
const CHART = [
  { name: 'vehicles', prefix: '56', category: 'vehicles' },
  { name: 'fuel', prefix: '57', category: 'fuel' },
  { name: 'pay', prefix: '51', category: 'staff' },
];

describe('categories from the configuration', () => {
  it('without the key, the built-in six apply with their titles and staff types', () => {
    const config = parsed({ years: [{ year: '2022/23', cap: '1.00' }] });
    expect(config.categories).toBe(PCD_1215_CATEGORIES);
    expect(config.categories.map((c) => [c.id, c.title, c.payrollStaffTypes])).toEqual([
      ['staff', 'Staff', ['Police Staff']],
      ['officers', 'Officers', ['Police Officer']],
      ['software', 'Software', []],
      ['equipment', 'Equipment', []],
      ['training', 'Training', []],
      ['comms', 'Comms', []],
    ]);
  });

  it('with it, the list in its order, titles and staff types trimmed, staff types optional', () => {
    const config = parsed({ categories: [...FLEET.slice(0, 2), { id: 'staff', title: ' Fleet staff ', payrollStaffTypes: [' Police Staff '] }], chart: CHART });
    expect(config.categories).toEqual([
      { id: 'vehicles', title: 'Vehicles', payrollStaffTypes: [] },
      { id: 'fuel', title: 'Fuel & charging', payrollStaffTypes: [] },
      { id: 'staff', title: 'Fleet staff', payrollStaffTypes: ['Police Staff'] },
    ]);
    expect(config.chart.map((r) => r.category)).toEqual(['vehicles', 'fuel', 'staff']);
  });

  it('config show lists a configuration\'s own categories (and leaves the built-in ones to the default)', () => {
    expect(describeConfig(parsed({ categories: FLEET, chart: CHART })).categories).toEqual([
      { id: 'vehicles', title: 'Vehicles' },
      { id: 'fuel', title: 'Fuel & charging' },
      { id: 'staff', title: 'Fleet staff', payrollStaffTypes: ['Police Staff'] },
    ]);
    expect(describeConfig(PCD_1215)).not.toHaveProperty('categories');
  });
});

describe('what cannot be meant is refused with its JSON path', () => {
  it('an id that is not a lower-case slug, or is "ineligible"', () => {
    expect(problems({ categories: [{ id: 'Vehicles', title: 'Vehicles' }], chart: CHART })).toContainEqual({
      path: '$.categories[0].id',
      message: 'must be a category id: a lower-case letter, then at most 39 lower-case letters, digits or hyphens, e.g. "vehicles"',
    });
    expect(problems({ categories: [{ id: 'ineligible', title: 'Other' }], chart: CHART })).toContainEqual({
      path: '$.categories[0].id',
      message: '"ineligible" is what a chart rule says of accounts the grant never pays for, not a category: give the category another id',
    });
  });

  it('a blank or over-long title', () => {
    expect(problems({ categories: [{ id: 'a', title: '  ' }] })).toContainEqual({ path: '$.categories[0].title', message: 'must not be blank' });
    expect(problems({ categories: [{ id: 'a', title: 'x'.repeat(61) }] })).toContainEqual({
      path: '$.categories[0].title',
      message: 'is longer than 60 characters: a title heads a column and labels a chart, e.g. "Vehicles"',
    });
    expect(problems({ categories: [{ id: 'a', title: 'x'.repeat(60) }], chart: [{ name: 'a', prefix: '5', category: 'a' }] })).toEqual([]);
  });

  it('an empty list, more than 16 categories, or an unknown key in one', () => {
    expect(problems({ categories: [] }).map((p) => p.path)).toContain('$.categories');
    const seventeen = Array.from({ length: 17 }, (_, i) => ({ id: `c${i}`, title: `C${i}` }));
    expect(problems({ categories: seventeen }).map((p) => p.path)).toContain('$.categories');
    expect(problems({ categories: [{ id: 'a', title: 'A', colour: 'red' }] })).toContainEqual({ path: '$.categories[0]', message: 'Unrecognized key: "colour"' });
  });

  it('two categories of one id, or of one title (ignoring case), naming the first', () => {
    expect(problems({ categories: [...FLEET, { id: 'fuel', title: 'Energy' }], chart: CHART })).toEqual([
      { path: '$.categories[3].id', message: 'a second category "fuel" (the first is $.categories[1])' },
    ]);
    expect(problems({ categories: [...FLEET, { id: 'energy', title: 'fuel & CHARGING' }], chart: CHART })).toEqual([
      { path: '$.categories[3].title', message: 'a second category titled "fuel & CHARGING" (the first is $.categories[1], "fuel"): give each category its own title' },
    ]);
  });

  it('a staff type in two categories, or twice in one (compared trimmed, ignoring case)', () => {
    const twice = [...FLEET.slice(0, 2), { id: 'staff', title: 'Fleet staff', payrollStaffTypes: ['Police Staff', 'police staff '] }];
    expect(problems({ categories: twice, chart: CHART })).toEqual([
      { path: '$.categories[2].payrollStaffTypes[1]', message: 'staff type "police staff" is listed twice in "staff" (the first is $.categories[2].payrollStaffTypes[0])' },
    ]);
    const two = [{ id: 'vehicles', title: 'Vehicles', payrollStaffTypes: ['POLICE STAFF'] }, ...FLEET.slice(1)];
    expect(problems({ categories: two, chart: CHART })).toEqual([
      { path: '$.categories[2].payrollStaffTypes[0]', message: 'staff type "Police Staff" is in "vehicles" already ($.categories[0].payrollStaffTypes[0]): a staff type\'s pay goes to one category' },
    ]);
  });

  it('a chart rule or budget naming no category of the grant: the ids, and the one meant where it is close', () => {
    const hint = 'name a category by its id, as "categories" lists them (without "categories", the built-in staff, officers, software, equipment, training and comms)';
    expect(problems({ categories: FLEET, chart: [...CHART, { name: 'typo', code: '580000', category: 'vehicle' }] })).toEqual([
      { path: '$.chart[3].category', message: '"vehicle" is not a category of the grant (did you mean "vehicles"?): the categories are vehicles, fuel, staff, or ineligible', hint },
    ]);
    expect(problems({ categories: FLEET, chart: CHART, budgets: [{ year: '2022/23', category: 'software', budget: '1.00' }] })).toEqual([
      { path: '$.budgets[0].category', message: '"software" is not a category of the grant: the categories are vehicles, fuel, staff', hint },
    ]);
    // Without `categories`, the built-in six are the grant's.
    expect(problems({ chart: [{ name: 'v', prefix: '56', category: 'vehicles' }] })).toEqual([
      { path: '$.chart[0].category', message: '"vehicles" is not a category of the grant: the categories are staff, officers, software, equipment, training, comms, or ineligible', hint },
    ]);
    expect(problems({ budgets: [{ year: '2022/23', category: 'staf', budget: '1.00' }] })).toEqual([
      { path: '$.budgets[0].category', message: '"staf" is not a category of the grant (did you mean "staff"?): the categories are staff, officers, software, equipment, training, comms', hint },
    ]);
  });

  it('categories of its own and no chart: the built-in chart would place accounts in categories the file lacks', () => {
    expect(problems({ categories: FLEET })).toEqual([
      {
        path: '$.chart',
        message: 'not given, so the built-in PCD 1215 chart applies, and it places accounts in "officers", "training", "software", "equipment", "comms", which are not categories of this file (vehicles, fuel, staff)',
        hint: 'give the grant\'s own chart, e.g. "chart": [{ "name": "vehicles", "prefix": "56", "category": "vehicles" }]',
      },
    ]);
    // The built-in chart fits a list that holds its categories.
    expect(problems({ categories: PCD_1215_CATEGORIES.map((c) => ({ id: c.id, title: `${c.title} costs` })) })).toEqual([]);
  });

  it('a badly written id is reported once, not again by every rule that names a category', () => {
    expect(problems({ categories: [{ id: 'Fuel', title: 'Fuel' }], chart: [{ name: 'f', prefix: '57', category: 'fuel' }] })).toEqual([
      { path: '$.categories[0].id', message: 'must be a category id: a lower-case letter, then at most 39 lower-case letters, digits or hyphens, e.g. "vehicles"' },
    ]);
  });
});

describe('the published JSON Schema carries `categories`', () => {
  const schema = configJsonSchema() as { properties: Record<string, { maxItems?: number; items?: { properties: Record<string, unknown>; required: string[] } }> };
  const validate = new Ajv2020({ allErrors: true }).compile(schema);

  it('with its item shape and limits', () => {
    const categories = schema.properties.categories;
    expect(categories?.maxItems).toBe(16);
    expect(Object.keys(categories?.items?.properties ?? {})).toEqual(['id', 'title', 'payrollStaffTypes']);
    expect(categories?.items?.required).toEqual(['id', 'title']);
  });

  it('an editor accepts a configured grant and flags what JSON Schema can say', () => {
    expect(validate({ categories: FLEET, chart: CHART, budgets: [{ year: '2022/23', category: 'fuel', budget: '1.00' }] })).toBe(true);
    expect(validate({ categories: [{ id: 'ineligible', title: 'X' }] })).toBe(false);
    expect(validate({ categories: [{ id: 'Fuel', title: 'Fuel' }] })).toBe(false);
    expect(validate({ categories: [{ id: 'fuel', title: 'x'.repeat(61) }] })).toBe(false);
    // Without `categories`, a chart rule or budget must name a built-in category.
    expect(validate({ chart: [{ name: 'v', prefix: '56', category: 'vehicles' }] })).toBe(false);
    expect(validate({ chart: [{ name: 's', prefix: '51', category: 'staff' }] })).toBe(true);
  });
});
