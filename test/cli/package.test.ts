import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';

describe('the published package', () => {
  it('runs no install scripts of its own', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'preprepare', 'postprepare']) expect(pkg.scripts[hook]).toBeUndefined();
  });

  it('publishes only dist/, bin/, the README, the CHANGELOG and the licence', () => {
    const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const [packed] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
    const tops = new Set(packed?.files.map((f) => f.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    expect(packed?.files.some((f) => f.path === 'dist/cli/main.js')).toBe(true);
    for (const bundled of ['dist/bundle/main.js', 'dist/bundle/worker-thread.js']) expect(packed?.files.some((f) => f.path === bundled)).toBe(true);
  });

  it('runs the bundled command line, whose files import no package but the workbook ones', () => {
    expect(readFileSync(resolve(ROOT, 'bin/grant-recon.js'), 'utf8')).toContain("import '../dist/bundle/main.js';");
    const bundle = resolve(ROOT, 'dist/bundle');
    const imported = new Set<string>();
    for (const file of readdirSync(bundle)) {
      const text = readFileSync(resolve(bundle, file), 'utf8');
      for (const [, specifier] of text.matchAll(/^import\b[^\n]*?["']([^"']+)["'];?$/gm)) imported.add(specifier as string);
      // A package bundled as CommonJS keeps its require() calls: one of a file of its own would fail at run time
      // (jsonc-parser's UMD build did), as nothing but the bundle is there to require.
      for (const [, specifier] of text.matchAll(/require\("([^"]+)"\)/g)) expect(isBuiltin(specifier as string), `${file} requires ${specifier}`).toBe(true);
    }
    expect(imported.size).toBeGreaterThan(10);
    const packages = [...imported].filter((s) => !s.startsWith('./') && !isBuiltin(s)).sort();
    expect(packages).toEqual(['exceljs', 'jszip']);
  });
});
