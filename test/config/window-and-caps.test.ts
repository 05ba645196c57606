/**
 * The configuration's grant window, grant cap and carry-forward: what is refused (with its JSON path and a hint),
 * what is read, and that the published JSON Schema says what JSON Schema can of it.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import { configJsonSchema, describeConfig } from '../../src/config/schema.js';
import type { ConfigProblem } from '../../src/config/problems.js';

const problemsOf = (config: unknown): ConfigProblem[] => {
  const result = parseConfigText(typeof config === 'string' ? config : JSON.stringify(config), PCD_1215);
  return result.ok ? [] : result.problems;
};
const pathsAndMessages = (config: unknown): [string, string][] => problemsOf(config).map((p) => [p.path, p.message]);

const THREE_YEARS = [
  { year: '2022/23', cap: '300000.00' },
  { year: '2023/24', cap: '500000.00' },
  { year: '2024/25', cap: '200000.00' },
];

describe('window', () => {
  it('is read, either end optional, and shown by config show', () => {
    const result = parseConfigText(JSON.stringify({ years: THREE_YEARS, window: { from: '2022-10-01', to: '2024-06-30' } }), PCD_1215);
    expect(result.ok && result.config.window).toEqual({ from: '2022-10-01', to: '2024-06-30' });
    const open = parseConfigText(JSON.stringify({ window: { to: '2024-01-31' } }), PCD_1215);
    expect(open.ok && open.config.window).toEqual({ to: '2024-01-31' });
    expect(open.ok && describeConfig(open.config).window).toEqual({ to: '2024-01-31' });
  });

  it('refuses a date that does not exist or is not written yyyy-mm-dd', () => {
    expect(pathsAndMessages({ window: { from: '2023-02-29' } })).toEqual([['$.window.from', '2023-02-29 is not a date that exists: write yyyy-mm-dd, e.g. "2022-07-01"']]);
    expect(pathsAndMessages({ window: { to: '31/01/2024' } })).toEqual([['$.window.to', 'must be a date written yyyy-mm-dd, e.g. "2022-07-01"']]);
  });

  it('refuses an end outside the grant\'s years, with the dates it may take', () => {
    const problems = problemsOf({ window: { from: '2022-03-31', to: '2024-04-01' } });
    expect(problems).toEqual([
      { path: '$.window.from', message: "2022-03-31 is not inside the grant's years (2022/23, 2023/24)", hint: 'give a date from 2022-04-01 to 2024-03-31' },
      { path: '$.window.to', message: "2024-04-01 is not inside the grant's years (2022/23, 2023/24)", hint: 'give a date from 2022-04-01 to 2024-03-31' },
    ]);
  });

  it('refuses from after to, an empty window, and an unknown key in it', () => {
    expect(pathsAndMessages({ window: { from: '2023-05-01', to: '2023-04-30' } })).toEqual([['$.window', 'from 2023-05-01 is after to 2023-04-30, so the window holds no day']]);
    expect(pathsAndMessages({ window: {} })).toEqual([['$.window', 'give "from", "to" or both (a window with neither is the whole of the grant\'s years: leave "window" out)']]);
    expect(pathsAndMessages({ window: { form: '2022-10-01' } })[0]).toEqual(['$.window', 'Unrecognized key: "form" (did you mean "from"?)']);
  });

  it('refuses a window that leaves a grant year wholly outside it', () => {
    expect(problemsOf({ years: THREE_YEARS, window: { from: '2023-05-01' } })).toEqual([
      { path: '$.window.from', message: "2022/23 lies wholly before the window (2023-05-01 to its years' end), so none of its rows could count", hint: 'remove 2022/23 from "years", or move the window' },
    ]);
  });
});

describe('grantCap and the years\' caps', () => {
  it('reads a grant cap written as a string or a number, and lets a year leave out its cap beside it', () => {
    const result = parseConfigText('{ "years": [{ "year": "2022/23", "cap": 300000 }, { "year": "2023/24" }], "grantCap": 450000.50 }', PCD_1215);
    expect(result.ok && result.config.grantCap).toBe(45_000_050n);
    // The year without a cap is capped by the grant cap, and says so.
    expect(result.ok && result.config.years).toEqual([
      { fy: 2022, cap: 30_000_000n },
      { fy: 2023, cap: 45_000_050n, capFromGrant: true },
    ]);
    expect(result.ok && describeConfig(result.config).years).toEqual([{ year: '2022/23', cap: '300000.00' }, { year: '2023/24' }]);
    expect(result.ok && describeConfig(result.config).grantCap).toBe('450000.50');
  });

  it('refuses a year with neither its own cap nor a grant cap, with a hint that gives both ways', () => {
    expect(problemsOf({ years: [{ year: '2022/23' }] })).toEqual([
      {
        path: '$.years[0].cap',
        message: '2022/23 has no cap, and no "grantCap" is given, so nothing would cap what is claimed',
        hint: 'give the year its cap ("cap": "2893452.00"), or a cap over the whole grant ("grantCap": "5786904.00")',
      },
    ]);
  });

  it('refuses a grant cap that cannot be meant, as a cap is', () => {
    expect(pathsAndMessages({ grantCap: '-5.00' })).toEqual([['$.grantCap', '-5.00 is negative: a cap must be more than 0.00']]);
    expect(pathsAndMessages({ grantCap: '0.00' })).toEqual([['$.grantCap', '0.00 is zero: a cap must be more than 0.00']]);
    expect(pathsAndMessages('{ "grantCap": 1.005 }')).toEqual([['$.grantCap', '1.005 has more than two decimals: an amount is pounds and pence, e.g. 120000.50 or "120000.50"']]);
    expect(pathsAndMessages('{ "grantCap": 1e6 }')[0]?.[0]).toBe('$.grantCap');
  });
});

describe('carryForward', () => {
  it('is read as true, and is absent (never carried) otherwise', () => {
    const on = parseConfigText(JSON.stringify({ years: THREE_YEARS, carryForward: true }), PCD_1215);
    expect(on.ok && on.config.carryForward).toBe(true);
    const off = parseConfigText(JSON.stringify({ years: THREE_YEARS, carryForward: false }), PCD_1215);
    expect(off.ok && off.config.carryForward).toBeUndefined();
    expect(PCD_1215.carryForward).toBeUndefined();
  });

  it('refuses carry-forward into or out of a year without its own cap, or with one year only, or not a boolean', () => {
    expect(problemsOf({ years: [{ year: '2022/23', cap: '1.00' }, { year: '2023/24' }], grantCap: '5.00', carryForward: true })).toEqual([
      { path: '$.carryForward', message: "carries a year's unspent cap into the next, but 2023/24 ($.years[1]) has no cap of its own", hint: 'give every year its cap, or leave carryForward out' },
    ]);
    expect(pathsAndMessages({ years: [{ year: '2022/23', cap: '1.00' }], carryForward: true })).toEqual([
      ['$.carryForward', "carries a year's unspent cap into the next, but the grant has one year only: there is no next year"],
    ]);
    expect(pathsAndMessages({ carryForward: 'yes' })).toEqual([['$.carryForward', 'must be true or false, not the text "yes"']]);
  });
});

describe('the published JSON Schema says what it can of them', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(configJsonSchema());

  it('refuses what the tool refuses where JSON Schema can say it', () => {
    for (const refused of [
      { years: [{ year: '2022/23' }] },
      { years: [{ year: '2022/23' }, { year: '2023/24', cap: '1.00' }], grantCap: '5.00', carryForward: true },
      { window: {} },
      { window: { from: '22-10-01' } },
      { grantCap: '-1.00' },
      { carryForward: 1 },
    ]) {
      expect(validate(refused), JSON.stringify(refused)).toBe(false);
    }
  });

  it('accepts what the tool accepts', () => {
    for (const accepted of [
      { years: [{ year: '2022/23' }, { year: '2023/24', cap: '1.00' }], grantCap: '5.00', window: { from: '2022-10-01' } },
      { years: THREE_YEARS, carryForward: true, window: { to: '2024-06-30' } },
      { grantCap: 5000000.5 },
    ]) {
      expect(validate(accepted), JSON.stringify(validate.errors)).toBe(true);
      expect(problemsOf(accepted)).toEqual([]);
    }
  });
});
