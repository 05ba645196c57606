// Lint rules: typescript-eslint's type-aware recommended set, so CI keeps the code as clean as the tests keep it correct.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bin/', 'fixtures/', 'scripts/**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Plain JavaScript scripts (the benchmark): linted without type information.
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, project: null }, globals: { console: 'readonly', process: 'readonly' } },
  },
  // The layers (docs/development.md): cli → render, ingest, config, files → core; inside the core, reports and
  // earlier-file checks → fold → dedup, rules → calendar, store → money, types. Each block lists what its folder
  // must not import; a later block for the same files replaces an earlier one, so each carries the core's list.
  ...layers(),
);

/** The import restrictions of each layer, as flat-config blocks. */
function layers() {
  // The core does no I/O and loads no package but decimal.js (STYLE.md habit 1): no Node module, no outer layer.
  // decimal.js is left off the list on purpose: the design's decimal library, pure, and cheap to load (docs/performance.md).
  const core = ['node:*', 'fs', 'chalk', 'commander', 'zod', 'csv-parse', 'csv-stringify', 'date-fns', 'date-fns/*', 'exceljs', 'd3-*', 'jszip', 'jsonc-parser', '**/config/*', '**/ingest/*', '**/ingest/**', '**/render/*', '**/cli/*', '**/cli/**', '**/files/*'];
  /** @param {string[]} files */
  const pure = (files) => files.every((f) => f.startsWith('src/core/'));
  /** @param {string[]} files @param {string[]} patterns @param {string} message */
  const restrict = (files, patterns, message) => ({
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message, allowTypeImports: false }] }],
      ...(pure(files) ? { 'no-restricted-globals': ['error', 'process'] } : {}),
    },
  });
  // Type imports are allowed where a layer only names the shape of a lower one's value (a report takes the Ledger).
  /** @param {string[]} files @param {string[]} patterns @param {string[]} typePatterns @param {string} message */
  const restrictValues = (files, patterns, typePatterns, message) => ({
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: patterns, message, allowTypeImports: false }, { group: typePatterns, message, allowTypeImports: true }] },
      ],
      'no-restricted-globals': ['error', 'process'],
    },
  });
  /** @param {string[]} folders */
  const above = (...folders) => folders.flatMap((f) => [`../${f}/*`, `./${f}/*`, `../../${f}/*`]);
  return [
    restrict(['src/core/**/*.ts'], core, 'the core is pure: no I/O, no package, nothing of config, ingest, render, cli or files'),
    restrict(['src/core/calendar/*.ts', 'src/core/store/*.ts', 'src/core/money.ts', 'src/core/types.ts', 'src/core/line-tally.ts'], [...core, ...above('fold', 'reports', 'earlier', 'dedup', 'rules'), '../grant-config.js', './grant-config.js'], 'calendar, store, money and types import nothing above them'),
    restrictValues(['src/core/reports/*.ts', 'src/core/earlier/*.ts'], core, [...above('fold', 'dedup')], 'a report takes the Ledger the fold made; it never runs the fold (type imports only)'),
    restrict(['src/render/*.ts'], ['**/core/fold/*', '**/core/dedup/*', '**/ingest/*', '**/ingest/**', '**/config/*', '**/cli/*', '**/cli/**', 'chalk/*'], 'render writes report values: it never imports the fold, dedup, ingest, config or cli'),
    restrict(['src/ingest/**/*.ts', 'src/config/*.ts', 'src/files/*.ts'], ['**/render/*', '**/cli/*', '**/cli/**'], 'ingest, config and files never import render or cli'),
  ];
}
