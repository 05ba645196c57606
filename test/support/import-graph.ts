/**
 * The import graph of the source: every module of src/ and the modules it imports, statically, by `import type`, or
 * by `await import()` (a `typeof import()` in a type loads nothing, and is not counted). Read from the text of the
 * files, as the structure tests need it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './run-cli.js';

/** A module by its path below src/ (`core/fold/ledger.ts`), and the modules and packages it imports. */
export interface ModuleImports {
  readonly modules: readonly string[];
  readonly packages: readonly string[];
}

const SRC = resolve(ROOT, 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s)?'([^']+)'|(?<!typeof )import\(\s*'([^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every module of src/ with what it imports, by path below src/. */
export function importGraph(): ReadonlyMap<string, ModuleImports> {
  const graph = new Map<string, ModuleImports>();
  for (const file of sourceFiles(SRC).sort()) {
    const modules: string[] = [];
    const packages: string[] = [];
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const from = (match[1] ?? match[2]) as string;
      if (from.startsWith('.')) modules.push(relative(SRC, resolve(dirname(file), from.replace(/\.js$/, '.ts'))));
      else packages.push(from);
    }
    graph.set(relative(SRC, file), { modules: [...new Set(modules)], packages: [...new Set(packages)] });
  }
  return graph;
}

/** The import cycles of a graph: each as the modules around it, from the first in name order; none when it has none. */
export function importCycles(graph: ReadonlyMap<string, ModuleImports>): string[][] {
  // Tarjan's strongly connected components: a component of more than one module (or a module importing itself) is a cycle.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.modules ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.modules.includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
}
