import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse-config.js';
import { PCD_1215 } from '../../src/config/pcd1215.js';

const HINT = 'replace each value written "FILL IN: …" (grant-recon init left them) with the value it asks for';

describe('values grant-recon init leaves to fill in', () => {
  it('are refused, each once with its path, and not again as a bad amount or category', () => {
    const text = JSON.stringify({
      grant: { name: 'FILL IN: the grant name' },
      years: [{ year: '2024/25', cap: 'FILL IN: the cap for 2024/25' }],
      chart: [{ name: 'r', code: '511000', category: 'FILL IN: one of staff, officers' }],
    });
    const result = parseConfigText(text, PCD_1215);
    expect(result.ok ? [] : result.problems).toEqual([
      { path: '$.grant.name', message: 'not filled in yet: "FILL IN: the grant name"', hint: HINT },
      { path: '$.years[0].cap', message: 'not filled in yet: "FILL IN: the cap for 2024/25"', hint: HINT },
      { path: '$.chart[0].category', message: 'not filled in yet: "FILL IN: one of staff, officers"', hint: HINT },
    ]);
  });

  it('only the marker counts: a grant may be named "Fill in the gaps"', () => {
    const result = parseConfigText(JSON.stringify({ grant: { name: 'Fill in the gaps', reference: 'FILL IN the gaps' } }), PCD_1215);
    expect(result.ok && result.config.grant.name).toBe('Fill in the gaps');
  });
});
