/**
 * What the schema finds without a message of its own (a key left out, a value of the wrong kind, an empty name or
 * list, a list too long, a value not among those allowed), and a file that is not JSON, said in plain words: the JSON
 * path, what was found, and a hint; never the schema library's own wording, never a character position alone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import { lineAndColumnOf } from '../../src/config/json-syntax.js';
import type { ConfigProblem } from '../../src/config/problems.js';
import { runCli } from '../support/run-cli.js';

const problemsOf = (config: unknown): ConfigProblem[] => {
  const result = parseConfigText(typeof config === 'string' ? config : JSON.stringify(config), PCD_1215);
  return result.ok ? [] : result.problems;
};

/** The schema library's own words, which no message may carry. */
const LIBRARY_WORDS = /Invalid input|Too small|Too big|Invalid option|Invalid discriminator|expected \w+, received|expected \w+ to have/;

const rule = { name: 'shared post', match: { costCentre: 'SMH002' }, rate: '40%', from: '2023-01-01' };
const gl = { name: 'other export', kind: 'gl', columns: {} };

describe('a finding the schema says nothing of, in plain words with its path and a hint', () => {
  const cases: [string, unknown, ConfigProblem][] = [
    [
      'a key left out',
      { apportionments: [{ name: 'x', match: { account: '511000' }, rate: '10%' }] },
      {
        path: '$.apportionments[0].from',
        message: 'is missing',
        hint: '"from": The first day the rate applies (yyyy-mm-dd, by posting date; a payroll row by the first day of its month; P13–P16 sit at 31 March)',
      },
    ],
    [
      'an empty name',
      { apportionments: [{ ...rule, name: '' }] },
      { path: '$.apportionments[0].name', message: 'is empty', hint: '"name": A name for the rule, shown in reports beside each row it splits; one rule per name' },
    ],
    [
      'true written as text',
      { carryForward: 'true' },
      { path: '$.carryForward', message: 'must be true or false, not the text "true"', hint: 'write true without the quotes' },
    ],
    [
      'a number written as text',
      { profiles: [{ ...gl, headerSearchRows: '50' }] },
      { path: '$.profiles[0].headerSearchRows', message: 'must be a number, not the text "50"', hint: 'write 50 without the quotes' },
    ],
    [
      'null for an object',
      { window: null },
      {
        path: '$.window',
        message: 'is null: give an object ({ "from": …, "to": … }), or leave "window" out',
        hint: '"window": The dates the grant runs between, inclusive, when it starts or ends inside a financial year: rows posted outside (P13–P16 and payroll months: whose month is not wholly inside) are excluded as outside-grant-window',
      },
    ],
    [
      'text for a list',
      { years: '2022/23' },
      { path: '$.years', message: 'must be a list ([ … ]), not the text "2022/23"', hint: '"years": The grant financial years and their caps, one entry per year' },
    ],
    [
      'an object where a list item is text (described by its list)',
      { costCentres: [{ code: 'SMH001' }] },
      { path: '$.costCentres[0]', message: 'must be text in double quotes, not an object', hint: '"costCentres": Grant cost centres, each once; rows of other cost centres are excluded. Default: any' },
    ],
    [
      'a list too long',
      { categories: Array.from({ length: 17 }, (_, i) => ({ id: `c${i}`, title: `C${i}` })), chart: [{ name: 'all', prefix: '', category: 'c0' }] },
      {
        path: '$.categories',
        message: 'lists 17 categories: at most 16 categories are allowed',
        hint: "\"categories\": The grant's cost categories, in reporting order (1 to 16); ids and titles each once. Default: PCD 1215's staff, officers, software, equipment, training, comms, Police Staff paid to staff and Police Officer to officers",
      },
    ],
    [
      'a value not among those allowed',
      { profiles: [{ ...gl, dateOrder: 'dmy' }] },
      { path: '$.profiles[0].dateOrder', message: 'must be one of "day-first" or "month-first", not the text "dmy"', hint: '"dateOrder": Numeric dates day first (dd/mm/yyyy, default) or month first (mm/dd/yyyy)' },
    ],
    [
      'a layout of no known kind',
      { profiles: [{ ...gl, kind: 'ap' }] },
      { path: '$.profiles[0].kind', message: 'must be one of "gl" or "payroll", not the text "ap"', hint: '"kind" says which: "gl": The rows are GL lines; "payroll": The rows are payroll lines' },
    ],
    [
      'a number below its least',
      { profiles: [{ ...gl, headerSearchRows: 0 }] },
      { path: '$.profiles[0].headerSearchRows', message: 'the number 0 is less than 1: give 1 or more', hint: '"headerSearchRows": How many rows from the top are searched for the header; default 50' },
    ],
    [
      'a number above its most',
      { profiles: [{ ...gl, headerSearchRows: 2000 }] },
      { path: '$.profiles[0].headerSearchRows', message: 'the number 2000 is more than 1000: give 1000 or less', hint: '"headerSearchRows": How many rows from the top are searched for the header; default 50' },
    ],
    [
      'a fraction for a whole number',
      { profiles: [{ ...gl, headerSearchRows: 1.5 }] },
      { path: '$.profiles[0].headerSearchRows', message: 'must be a whole number, not the number 1.5', hint: '"headerSearchRows": How many rows from the top are searched for the header; default 50' },
    ],
  ];
  it.each(cases)('%s', (_name, config, expected) => {
    const problems = problemsOf(config);
    expect(problems).toEqual([expected]);
    expect(problems[0]?.message).not.toMatch(LIBRARY_WORDS);
  });

  it('a check with a message of its own keeps it, and an unknown key is still named with the key meant', () => {
    expect(problemsOf({ apportionments: [{ ...rule, rate: '40' }] })).toEqual([
      { path: '$.apportionments[0].rate', message: '"40" is not a rate: give a percentage from 0% to 100% with at most 4 decimals, e.g. "40%" or "33.3333%"' },
    ]);
    expect(problemsOf({ costCenters: ['SMH001'] })).toEqual([{ path: '$', message: 'Unrecognized key: "costCenters" (did you mean "costCentres"?)' }]);
  });

  it('on the command line: the path, the words and the hint, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-plain-words-'));
    const file = join(dir, 'grant.json');
    writeFileSync(file, JSON.stringify({ carryForward: 'true', window: null }));
    const run = runCli(['config', 'show', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${file}: error[config]: $.carryForward: must be true or false, not the text "true"\n` +
        '  hint: write true without the quotes\n' +
        `${file}: error[config]: $.window: is null: give an object ({ "from": …, "to": … }), or leave "window" out\n` +
        '  hint: "window": The dates the grant runs between, inclusive, when it starts or ends inside a financial year: rows posted outside (P13–P16 and payroll months: whose month is not wholly inside) are excluded as outside-grant-window\n',
    );
  });
});

describe('an empty list of categories', () => {
  it('says that one category at least is needed, once, and no chart rule is then said to name an unknown category', () => {
    const config = { categories: [], chart: [{ name: 'analysts', prefix: '51', category: 'analysts' }], budgets: [{ year: '2022/23', category: 'analysts', budget: '1.00' }] };
    expect(problemsOf(config)).toEqual([
      {
        path: '$.categories',
        message: 'is an empty list: at least one category is needed, or leave "categories" out',
        hint: "\"categories\": The grant's cost categories, in reporting order (1 to 16); ids and titles each once. Default: PCD 1215's staff, officers, software, equipment, training, comms, Police Staff paid to staff and Police Officer to officers",
      },
    ]);
  });
});

describe('a file that is not JSON: the line and column of the fault', () => {
  const syntax: [string, string, ConfigProblem][] = [
    [
      'a comma after the last entry',
      '{\n  "years": [\n    { "year": "2022/23", "cap": "1.00" },\n  ]\n}\n',
      { path: '$', message: 'not valid JSON: line 3, column 41: a comma after the last entry of an object or list', hint: 'remove the comma: JSON allows none after the last entry' },
    ],
    [
      'a comma after the last key, CRLF line ends',
      '{\r\n  "carryForward": true,\r\n}\r\n',
      { path: '$', message: 'not valid JSON: line 2, column 23: a comma after the last entry of an object or list', hint: 'remove the comma: JSON allows none after the last entry' },
    ],
    [
      'a comment',
      '{\n  // the grant\n  "carryForward": true\n}',
      { path: '$', message: 'not valid JSON: line 2, column 3: a comment, which JSON does not allow', hint: 'remove the comment: a configuration file is plain JSON' },
    ],
    [
      'a missing colon',
      '{\n  "grantCap" "1.00"\n}',
      { path: '$', message: 'not valid JSON: line 2, column 14: a colon (:) was expected after the key', hint: 'correct the JSON at that line and column (an editor shows both)' },
    ],
    [
      'a key without quotes',
      '{ grantCap: "1.00" }',
      {
        path: '$',
        message: 'not valid JSON: line 1, column 3: a character that JSON does not allow here',
        hint: 'write keys and text values in double quotes ("cap": "2893452.00"), and true, false and numbers without quotes',
      },
    ],
    [
      'an empty file',
      '',
      { path: '$', message: 'not valid JSON: line 1, column 1: the file is empty', hint: 'write the configuration as one JSON object, e.g. { "years": [{ "year": "2022/23", "cap": "2893452.00" }] }' },
    ],
  ];
  it.each(syntax)('%s', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual([expected]);
  });

  it('a line and column are counted from 1, as the text split at its line breaks gives them', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '{', '"', ' ', '\n', '\r\n', '£'), { maxLength: 60 }), fc.nat(), (parts, at) => {
        const text = parts.join('');
        const offset = text.length === 0 ? 0 : at % (text.length + 1);
        const lines = text.slice(0, offset).split('\n');
        expect(lineAndColumnOf(text, offset)).toEqual({ line: lines.length, column: (lines.at(-1) ?? '').length + 1 });
      }),
    );
  });
});
