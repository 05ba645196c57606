/**
 * The published JSON Schema (`grant-recon config schema`) is checked with a real JSON Schema validator (Ajv,
 * draft 2020-12), so that its constraints are proven, not just present: what an editor flags, the tool refuses;
 * what only the tool can check is listed, and shown to pass the schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import { configJsonSchema, describeConfig } from '../../src/config/schema.js';
import { ROOT } from '../support/run-cli.js';

const validate = new Ajv2020({ allErrors: true }).compile(configJsonSchema());

/** Whether the JSON Schema accepts `config`, with Ajv's errors when it does not. */
function schemaVerdict(config: unknown): { valid: boolean; errors: string[] } {
  const valid = validate(config);
  return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}

/** Whether the tool accepts `config` written as a file's text (so that a number is read from its text, as in a file). */
function toolAccepts(config: unknown): boolean {
  return parseConfigText(JSON.stringify(config), PCD_1215).ok;
}

const year = (cap: string, label = '2024/25') => ({ years: [{ year: label, cap }] });
const budget = (amount: string) => ({ budgets: [{ year: '2022/23', category: 'staff', budget: amount }] });
const rule = (match: object, category = 'staff') => ({ chart: [{ name: 'r', ...match, category }] });

/** Configurations that both the JSON Schema and the tool refuse: an editor flags them as they are typed. */
const REFUSED_BY_BOTH: [string, unknown][] = [
  ['a cap that is not an amount', year('lots')],
  ['a negative cap', year('-2755000.00')],
  ['a cap of 0.00', year('0.00')],
  ['a cap with thousands separators', year('2,755,000.00')],
  ['a cap without pence', year('2755000')],
  ['a negative cap as a number', { years: [{ year: '2024/25', cap: -5 }] }],
  ['a cap of 0 as a number', { years: [{ year: '2024/25', cap: 0 }] }],
  ['a negative budget as a number', { budgets: [{ year: '2022/23', category: 'staff', budget: -0.01 }] }],
  ['a negative budget', budget('-5.00')],
  ['a budget with three decimals', budget('5.000')],
  ['a year that is not a FY label', year('1.00', 'FY22')],
  ['no years', { years: [] }],
  ['an unknown category', { budgets: [{ year: '2022/23', category: 'staf', budget: '1.00' }] }],
  ['a chart rule with two matches', rule({ code: '510000', prefix: '51' })],
  ['a chart rule with no match', rule({})],
  ['a range without its end', rule({ from: '510000' })],
  ['a code and half a range', rule({ code: '510000', from: '510000' })],
  ['a blank cost centre', { costCentres: ['  '] }],
  ['a cost centre listed twice', { costCentres: ['SMH001', 'SMH001'] }],
  ['a pay element listed twice', { ineligiblePayElements: ['Redundancy', 'Redundancy'] }],
  ['a key column listed twice', { profiles: [{ name: 'p', kind: 'gl', columns: {}, key: ['Line', 'Line'] }] }],
  ['a tolerance that is not a percentage', { virementTolerance: '10' }],
  ['a closed month that is not yyyy-mm', { years: [{ year: '2022/23', cap: '1.00', closedThrough: 'P09' }] }],
  ['an unknown key', { colour: 'blue' }],
];

/** Configurations that only the tool refuses: JSON Schema cannot compare one value with another. */
const REFUSED_BY_THE_TOOL_ONLY: [string, unknown][] = [
  ['a FY whose second year does not follow the first', year('1.00', '2022/24')],
  ['a year listed twice', { years: [{ year: '2024/25', cap: '1.00' }, { year: '2024-25', cap: '2.00' }] }],
  ['a closed month outside its year', { years: [{ year: '2022/23', cap: '1.00', closedThrough: '2023-04' }] }],
  ['a range from after to', rule({ from: '59', to: '50' })],
  ['a range whose ends differ in length', rule({ from: '5000', to: '59999' })],
  ['two rules with one name', { chart: [{ name: 'r', prefix: '51', category: 'staff' }, { name: 'r', prefix: '52', category: 'training' }] }],
  ['one match for two categories', { chart: [{ name: 'a', prefix: '51', category: 'staff' }, { name: 'b', prefix: '51', category: 'officers' }] }],
  ['two budgets for one line', { budgets: [{ year: '2022/23', category: 'staff', budget: '1.00' }, { year: '2022/23', category: 'staff', budget: '2.00' }] }],
  ['a budget outside the grant years', { budgets: [{ year: '2024/25', category: 'staff', budget: '1.00' }] }],
  ['a cost centre listed twice in two cases', { costCentres: ['SMH001', 'smh001'] }],
  // JSON Schema's multipleOf works on doubles, which cannot say "two decimals" exactly: only the tool reads the text.
  ['a budget as a number with three decimals', { budgets: [{ year: '2022/23', category: 'staff', budget: 5.005 }] }],
  ['a cap as a number with an exponent', { years: [{ year: '2024/25', cap: 1e21 }] }],
];

/** Every configuration file kept in fixtures/, the shown built-in one, and a few edge values that are fine. */
function acceptedConfigurations(): [string, unknown][] {
  const files = [
    ...readdirSync(join(ROOT, 'fixtures/real'))
      .filter((f) => f.endsWith('.json') && f !== 'corpus-files.json')
      .map((f) => `fixtures/real/${f}`),
    'fixtures/claims/three-years.config.json',
    'fixtures/against/closed-through-2022-04.config.json',
  ];
  return [
    ...files.map((f): [string, unknown] => [f, JSON.parse(readFileSync(resolve(ROOT, f), 'utf8')) as unknown]),
    ['the built-in grant as `config show` prints it', JSON.parse(JSON.stringify(describeConfig(PCD_1215))) as unknown],
    ['a cap of 0.01 and a budget of 0.00', { ...year('0.01', '2022/23'), ...budget('0.00') }],
    ['a cap and a budget written as numbers', { years: [{ year: '2022/23', cap: 2755000 }], budgets: [{ year: '2022/23', category: 'staff', budget: 120000.5 }] }],
    ['a range of one code, and a code taken out of a prefix', { chart: [{ name: 'one', from: '510000', to: '510000', category: 'staff' }, { name: 'out', code: '520001', category: 'ineligible' }, { name: 'in', prefix: '52', category: 'training' }] }],
    ['an empty file', {}],
  ];
}

describe('the published JSON Schema, checked by a JSON Schema validator', () => {
  it.each(REFUSED_BY_BOTH)('refuses %s, as the tool does', (_name, config) => {
    expect(schemaVerdict(config).valid).toBe(false);
    expect(toolAccepts(config)).toBe(false);
  });

  it.each(REFUSED_BY_THE_TOOL_ONLY)('cannot refuse %s, which the tool refuses', (_name, config) => {
    expect(schemaVerdict(config)).toEqual({ valid: true, errors: [] });
    expect(toolAccepts(config)).toBe(false);
  });

  it.each(acceptedConfigurations())('accepts %s, as the tool does', (_name, config) => {
    expect(schemaVerdict(config)).toEqual({ valid: true, errors: [] });
    expect(toolAccepts(config)).toBe(true);
  });

  it('an editor is told why "cap": "lots" is wrong', () => {
    expect(schemaVerdict(year('lots')).errors).toEqual(['/years/0/cap must match pattern "^(?:0*[1-9]\\d*\\.\\d\\d|0+\\.(?:0[1-9]|[1-9]\\d))$"']);
  });
});
