/**
 * Report values carry their FY and period as numbers beside the labels (core/calendar/fiscal-keys.ts), so the
 * code that makes and renders reports never reads a label back. Labels are read only where they come in: the
 * configuration, the options, and the tool's own earlier files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
/** Reading a FY or period label back into its number, in any of the ways the code once did. */
const READS_A_LABEL = /\b(parseFyLabel|periodOfLabel)\(|\.period\.slice\(1\)|fyLabel\([^)]*\) ===/;
/** The claim register reads the labels of earlier claim files, which come in as text. */
const READERS_OF_EARLIER_FILES = new Set(['core/reports/claim-register.ts']);

function labelReaders(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${folder}/${f}`)
    .filter((f) => !READERS_OF_EARLIER_FILES.has(f) && READS_A_LABEL.test(readFileSync(join(SRC, f), 'utf8')));
}

describe('report values', () => {
  it('are never read back from their labels by the reports or the renderers', () => {
    expect(labelReaders('core/reports')).toEqual([]);
    expect(labelReaders('render')).toEqual([]);
  });

  it('the check finds a renderer that does (it can fail)', () => {
    expect(READS_A_LABEL.test('const p = periodOfLabel(period.period);')).toBe(true);
    expect(READS_A_LABEL.test('Number(p.period.slice(1))')).toBe(true);
    expect(READS_A_LABEL.test('config.years.find((g) => fyLabel(g.fy) === y.year)')).toBe(true);
    expect(READS_A_LABEL.test('const p = period[PERIOD];')).toBe(false);
  });
});
