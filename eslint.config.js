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
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // The core does no I/O (STYLE.md habit 1).
      'no-restricted-imports': ['error', { patterns: ['node:fs', 'node:fs/*', 'fs', 'node:process', 'chalk', 'commander', 'node:child_process'] }],
      'no-restricted-globals': ['error', 'process'],
    },
  },
);
