/** Keys given twice in one object: JSON.parse would keep the last without a word; the configuration refuses them. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDuplicateKeys } from '../../src/config/duplicate-keys.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import { PCD_1215 } from '../../src/config/pcd1215.js';
import { runCli } from '../support/run-cli.js';

describe('keys given twice', () => {
  it('names the key, its path and both lines, at any depth', () => {
    const text = ['{', '  "years": [', '    { "year": "2022/23",', '      "cap": "1.00",', '      "cap": "2893452.00" }', '  ],', '  "grant": { "name": "a" },', '  "grant": {}', '}'].join('\n');
    expect(findDuplicateKeys(text)).toEqual([
      { path: '$.years[0].cap', message: 'the key "cap" is given twice, at lines 4 and 5; give it once' },
      { path: '$.grant', message: 'the key "grant" is given twice, at lines 7 and 8; give it once' },
    ]);
  });

  it('one key on one line, a key given three times, and one name in two objects (which is fine)', () => {
    expect(findDuplicateKeys('{"a": {"x": 1, "x": 2}, "b": {"x": 3}, "c": [{"y": 1}, {"y": 2, "y": 3, "y": 4}]}')).toEqual([
      { path: '$.a.x', message: 'the key "x" is given twice, on line 1; give it once' },
      { path: '$.c[1].y', message: 'the key "y" is given twice, on line 1; give it once' },
      { path: '$.c[1].y', message: 'the key "y" is given twice, on line 1; give it once' },
    ]);
  });

  it('compares keys as JSON reads them (escapes undone)', () => {
    expect(findDuplicateKeys('{"cap": "1.00", "c\\u0061p": "2.00"}')).toEqual([{ path: '$.cap', message: 'the key "cap" is given twice, on line 1; give it once' }]);
  });

  it('are reported with the file\'s other problems, and a byte order mark does not shift the lines', () => {
    const text = '\uFEFF{\n"years": [{"year": "2022/23", "cap": "-1.00"}],\n"virementTolerance": "10%",\n"virementTolerance": "5%"\n}\n';
    expect(parseConfigText(text, PCD_1215)).toEqual({
      ok: false,
      problems: [
        { path: '$.virementTolerance', message: 'the key "virementTolerance" is given twice, at lines 3 and 4; give it once' },
        { path: '$.years[0].cap', message: '-1.00 is negative: a cap must be more than 0.00' },
      ],
    });
  });

  it('on the command line: exit 2 with the config-error format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-keys-'));
    const config = join(dir, 'twice.json');
    writeFileSync(config, '{\n  "years": [\n    { "year": "2022/23", "cap": "100000.00", "cap": "2893452.00" }\n  ]\n}\n');
    const run = runCli(['reconcile', 'fixtures/sample/gl/gl-2022-04.csv', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${config}: error[config]: $.years[0].cap: the key "cap" is given twice, on line 3; give it once\n` +
        '  hint: run `grant-recon config schema` for what the file may hold\n',
    );
  });
});
