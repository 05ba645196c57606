#!/usr/bin/env node
// npm run bench [-- --sizes 100000,1000000 --runs 2]: grant-recon against csv-parse parse-only (the floor) on the
// same generated file, alternately, with wall time, rows a second, peak RSS and the ratio to the floor; and cold
// start of --version and --help against `node -e 0`. A benchmark, never a timed test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' }, runs: { type: 'string', default: '2' }, seed: { type: 'string', default: '1' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const floorScript = `const {parse}=require(${JSON.stringify(resolve(root, 'node_modules/csv-parse/dist/cjs/index.cjs'))});let n=0;require('fs').createReadStream(process.argv[1]).pipe(parse({relax_column_count:true})).on('data',()=>n++).on('end',()=>{});`;

/** Runs a command and returns wall seconds and peak RSS in MiB. */
function measure(command, args) {
  const started = process.hrtime.bigint();
  const result = time
    ? spawnSync(time, ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = time ? Number(result.stderr.trim().split('\n').pop()) / 1024 : NaN;
  return { seconds, rss, status: result.status };
}

const rowsOut = [];
for (const size of sizes) {
  const file = `/tmp/grant-recon-bench-${size}-${values.seed}.csv`;
  if (!existsSync(file)) execFileSync(process.execPath, [resolve(root, 'scripts/bench/generate.mjs'), '--rows', String(size), '--seed', values.seed, '--out', file]);
  const cli = resolve(root, 'bin/grant-recon.js');
  const jobs = {
    'csv-parse floor': [process.execPath, ['-e', floorScript, file]],
    reconcile: [process.execPath, [cli, 'reconcile', file, '--format', 'json']],
    claim: [process.execPath, [cli, 'claim', file, '--year', '2022/23', '--quarter', 'Q4', '--format', 'json']],
  };
  const best = {};
  for (let run = 0; run < runs; run++) {
    for (const [name, [command, args]] of Object.entries(jobs)) {
      const m = measure(command, args);
      if (!best[name] || m.seconds < best[name].seconds) best[name] = m;
    }
  }
  const floor = best['csv-parse floor'].seconds;
  for (const [name, m] of Object.entries(best)) {
    rowsOut.push(`| ${size.toLocaleString('en-GB')} | ${name} | ${m.seconds.toFixed(2)} s | ${Math.round(size / m.seconds).toLocaleString('en-GB')} | ${m.rss.toFixed(0)} MiB | ${(m.seconds / floor).toFixed(2)}× |`);
  }
}
console.log('| rows | job | wall (best of ' + runs + ') | rows/s | peak RSS | ÷ floor |');
console.log('| ---: | :--- | ---: | ---: | ---: | ---: |');
for (const row of rowsOut) console.log(row);

const cold = (args) => Math.min(...Array.from({ length: 5 }, () => measure(process.execPath, args).seconds));
const bare = cold(['-e', '0']);
console.log('');
console.log('| cold start | wall (best of 5) | ÷ node -e 0 |');
console.log('| :--- | ---: | ---: |');
for (const [name, args] of [['node -e 0', ['-e', '0']], ['grant-recon --version', [resolve(root, 'bin/grant-recon.js'), '--version']], ['grant-recon --help', [resolve(root, 'bin/grant-recon.js'), '--help']]]) {
  const s = cold(args);
  console.log(`| ${name} | ${(s * 1000).toFixed(0)} ms | ${(s / bare).toFixed(2)}× |`);
}
