import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/render/table.js';

describe('terminal tables', () => {
  it('align each column to its widest cell, header included', () => {
    const text = renderTable(
      [
        {
          kind: 'table',
          columns: [
            { title: 'Line', align: 'right' },
            { title: 'Problem', align: 'left' },
          ],
          rows: [
            ['2', 'short'],
            ['1000001', { text: 'a longer problem', tone: 'bad' }],
          ],
        },
      ],
      false,
    );
    expect(text).toBe('\n   Line  Problem\n      2  short\n1000001  a longer problem\n');
  });

  it('take more rows than a function call can take arguments (300,000 conflicts in one run)', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [String(i + 2), 'conflicting-duplicate']);
    const lines = renderTable([{ kind: 'table', columns: [{ title: 'Line', align: 'right' }, { title: 'Code', align: 'left' }], rows }], false).split('\n');
    expect(lines.length).toBe(300_003);
    expect(lines[300_001]).toBe('300001  conflicting-duplicate');
  });
});
