#!/usr/bin/env node
// The second step of `npm run build`: the command line and its worker thread, from tsc's dist/, bundled with the
// packages they use into dist/bundle/, which bin/grant-recon.js runs. Each run of the command line used to load
// about eighty modules one by one; bundled, it starts with a few, and each command's code (and the workbook
// packages, which only a workbook needs) still loads only when that command runs. dist/ stays as tsc writes it
// for the tests that run the worker pool in-process. The chunks sit two folders below the package, as tsc's output
// does, so that package.json is found where tool-version.ts looks, and the worker thread is an entry of its own
// beside the chunk that starts it (worker-pool.ts looks for ./worker-thread.js).
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'rolldown';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, 'dist/bundle');
await rm(out, { recursive: true, force: true });
await build({
  input: { main: resolve(root, 'dist/cli/main.js'), 'worker-thread': resolve(root, 'dist/ingest/workers/worker-thread.js') },
  platform: 'node',
  // The workbook packages are CommonJS of their own making and load only for xlsx output: they stay as installed.
  external: ['exceljs', 'jszip'],
  // jsonc-parser's "main" is a UMD build that requires its own files at run time, which no bundle holds: its ES
  // module build is bundled instead.
  resolve: { alias: { 'jsonc-parser': resolve(root, 'node_modules/jsonc-parser/lib/esm/main.js') } },
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  logLevel: 'warn',
});
