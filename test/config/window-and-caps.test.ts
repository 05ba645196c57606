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
import { noSpendUnused } from '../../src/cli/config-warnings.js';

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

describe('noSpend', () => {
  const WINDOWED = { years: THREE_YEARS, grantCap: '900000.00', window: { from: '2022-10-01', to: '2024-06-30' } };
  const validate = new Ajv2020({ allErrors: true }).compile(configJsonSchema());

  it('is read as grant years and months (March standing for P13–P16), and shown by config show as written', () => {
    const result = parseConfigText(JSON.stringify({ ...WINDOWED, noSpend: ['2023-05', '2022/2023', '2024-03'] }), PCD_1215);
    expect(result.ok && result.config.noSpend).toEqual([{ fy: 2023, period: 2 }, { fy: 2022 }, { fy: 2023, period: 12 }]);
    expect(result.ok && describeConfig(result.config).noSpend).toEqual(['2023-05', '2022/23', '2024-03']);
    const carried = parseConfigText(JSON.stringify({ years: THREE_YEARS, carryForward: true, noSpend: ['2022/23'] }), PCD_1215);
    expect(carried.ok && carried.config.noSpend).toEqual([{ fy: 2022 }]);
    // The built-in PCD 1215 has none, and config show says none.
    expect(PCD_1215.noSpend).toBeUndefined();
    expect(describeConfig(PCD_1215).noSpend).toBeUndefined();
  });

  it('refuses an entry outside the grant\'s years or its window, each with its JSON path and what it may take', () => {
    const hint = 'list a grant year (2022/23, 2023/24, 2024/25) or a month of the grant\'s window (2022-10 to 2024-06), e.g. "2022/23"';
    expect(problemsOf({ ...WINDOWED, noSpend: ['2022-09', '2024-07', '2025/26', '2021-12'] })).toEqual([
      { path: '$.noSpend[0]', message: "2022-09 is outside the grant's window (2022-10 to 2024-06), so no row of it could count", hint },
      { path: '$.noSpend[1]', message: "2024-07 is outside the grant's window (2022-10 to 2024-06), so no row of it could count", hint },
      { path: '$.noSpend[2]', message: "2025/26 is not one of the grant's years (2022/23, 2023/24, 2024/25)", hint },
      { path: '$.noSpend[3]', message: "2021-12 is not a month of the grant's years (2022/23, 2023/24, 2024/25)", hint },
    ]);
  });

  it('refuses an entry listed twice (however the year is written), and a month of a year listed whole', () => {
    expect(problemsOf({ ...WINDOWED, noSpend: ['2023/24', '2023-07', '2022-11', '2023/2024', '2022-11'] })).toEqual([
      { path: '$.noSpend[1]', message: '2023-07 is a month of 2023/24, which $.noSpend[0] lists whole', hint: 'remove 2023-07, or list the months of 2023/24 one by one instead of the year' },
      { path: '$.noSpend[3]', message: '2023/2024 is listed twice (the first is $.noSpend[0])', hint: 'list each year or month once' },
      { path: '$.noSpend[4]', message: '2022-11 is listed twice (the first is $.noSpend[2])', hint: 'list each year or month once' },
    ]);
  });

  it('refuses what is not a month or a year written with a slash, and a year whose second year does not follow', () => {
    expect(pathsAndMessages({ ...WINDOWED, noSpend: ['2023-13', '2022-23', 'July 2023', '2022/24'] })).toEqual([
      ['$.noSpend[0]', '"2023-13" is neither a month written yyyy-mm ("2023-07") nor a financial year written with a slash ("2022/23")'],
      ['$.noSpend[1]', '"2022-23" is neither a month written yyyy-mm ("2023-07") nor a financial year written with a slash ("2022/23")'],
      ['$.noSpend[2]', '"July 2023" is neither a month written yyyy-mm ("2023-07") nor a financial year written with a slash ("2022/23")'],
      ['$.noSpend[3]', '2022/24 is not a financial year: its second year must follow its first, e.g. "2022/23"'],
    ]);
  });

  it('without a grant cap or carry-forward it changes nothing: read, and warned of (not refused)', () => {
    const result = parseConfigText(JSON.stringify({ years: THREE_YEARS, noSpend: ['2022/23'] }), PCD_1215);
    expect(result.ok).toBe(true);
    expect(result.ok && noSpendUnused(result.config)).toEqual([
      {
        path: '$.noSpend',
        message: 'lists months that spent nothing, which only a grant with "grantCap" or "carryForward" uses: without them each year stands on its own, so the list changes nothing',
        hint: 'remove "noSpend", or give the grant cap ("grantCap") or carry-forward ("carryForward": true) it belongs with',
      },
    ]);
    const used = parseConfigText(JSON.stringify({ ...WINDOWED, noSpend: ['2022/23'] }), PCD_1215);
    expect(used.ok && noSpendUnused(used.config)).toEqual([]);
  });

  it('an unknown key beside it stays an error, with the key meant', () => {
    expect(pathsAndMessages({ ...WINDOWED, noSpends: ['2022/23'] })).toEqual([['$', 'Unrecognized key: "noSpends" (did you mean "noSpend"?)']]);
  });

  it('the published JSON Schema refuses what it can say: the shape, and an entry written twice', () => {
    for (const refused of [
      { ...WINDOWED, noSpend: ['2023-13'] },
      { ...WINDOWED, noSpend: ['2022-23'] },
      { ...WINDOWED, noSpend: ['2023-07', '2023-07'] },
      { ...WINDOWED, noSpend: '2023-07' },
    ]) {
      expect(validate(refused), JSON.stringify(refused)).toBe(false);
    }
    for (const accepted of [
      { ...WINDOWED, noSpend: ['2023-07', '2022/23'] },
      { years: THREE_YEARS, carryForward: true, noSpend: ['2023/2024'] },
    ]) {
      expect(validate(accepted), JSON.stringify(validate.errors)).toBe(true);
      expect(problemsOf(accepted)).toEqual([]);
    }
  });
});
