/**
 * The structure of the source, walked from its import statements (type-only and dynamic imports among them): no
 * import cycle anywhere, and each layer importing only what lies below it. Lint enforces the same rules file by
 * file as they are written (eslint.config.js); this test walks the whole graph, so a rule lint was not told of
 * still shows.
 */
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, type ModuleImports } from '../support/import-graph.js';

const graph = importGraph();
const under = (folder: string) => [...graph].filter(([file]) => file.startsWith(folder));
/** The imports of the modules under `folder` that `forbidden` matches, as `module → import`. */
function breaches(folder: string, forbidden: (target: string) => boolean, of: (m: ModuleImports) => readonly string[] = (m) => m.modules): string[] {
  return under(folder).flatMap(([file, imports]) => of(imports).filter(forbidden).map((target) => `${file} → ${target}`));
}

describe('the import graph', () => {
  it('reads the whole source', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('core/fold/ledger.ts')?.modules).toContain('core/fold/gl-file-fold.ts');
  });

  it('has no cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a cycle where there is one (the check itself can fail)', () => {
    const looped = new Map(graph);
    looped.set('core/types.ts', { modules: ['core/money.ts'], packages: [] });
    expect(importCycles(looped)).toEqual([['core/money.ts', 'core/types.ts']]);
  });
});

describe('the layers', () => {
  it('the core loads no package but decimal.js and imports nothing outside itself', () => {
    expect(breaches('core/', (t) => !t.startsWith('core/'))).toEqual([]);
    // decimal.js, the design's decimal library, does the core's rounding, ratios and percentages: pure, and cheap to load (docs/performance.md).
    expect(breaches('core/', (t) => t !== 'decimal.js', (m) => m.packages)).toEqual([]);
  });

  it('calendar, store, money, types and the line tally import nothing above them', () => {
    const base = ['core/types.ts', 'core/money.ts', 'core/line-tally.ts'];
    const allowed = (folder: string) => (t: string) => !(t.startsWith(folder) || base.includes(t));
    expect(breaches('core/calendar/', allowed('core/calendar/'))).toEqual([]);
    expect(breaches('core/store/', allowed('core/store/'))).toEqual([]);
    for (const file of base) expect(breaches(file, (t) => !base.includes(t))).toEqual([]);
  });

  it('the fold, dedup, rules, calendar and store never import the reports or the checks of earlier files', () => {
    for (const folder of ['core/fold/', 'core/dedup/', 'core/rules/', 'core/calendar/', 'core/store/']) {
      expect(breaches(folder, (t) => /^core\/(reports|earlier)\//.test(t))).toEqual([]);
    }
  });

  it('render never imports the fold, dedup, ingest, config or cli', () => {
    expect(breaches('render/', (t) => /^(core\/fold|core\/dedup|ingest|config|cli)\//.test(t))).toEqual([]);
  });

  it('ingest, config and files never import render or cli', () => {
    for (const folder of ['ingest/', 'config/', 'files/']) expect(breaches(folder, (t) => /^(render|cli)\//.test(t))).toEqual([]);
  });
});
