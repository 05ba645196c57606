#!/usr/bin/env node
// npm run bench [-- --sizes 100000,1000000,10000000 --runs 2]: grant-recon against csv-parse parse-only (the floor)
// on the same generated file, alternately, with wall time, rows a second, peak RSS and the ratio to the floor; and
// cold start of --version and --help against `node -e 0`. A benchmark, never a timed test.
// A size of 10,000,000 rows is built from ten generated parts of 1,000,000, and the benchmark then checks that the
// whole file's figures are the sums of the parts' figures, exactly: it fails (exit 1) if they are not.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' }, runs: { type: 'string', default: '2' }, seed: { type: 'string', default: '1' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const floorScript = `const {parse}=require(${JSON.stringify(resolve(root, 'node_modules/csv-parse/dist/cjs/index.cjs'))});let n=0;require('fs').createReadStream(process.argv[1]).pipe(parse({relax_column_count:true})).on('data',()=>n++).on('end',()=>{});`;

/** Runs a command and returns wall seconds, CPU seconds (user + system, every thread) and peak RSS in MiB. */
function measure(command, args) {
  const started = process.hrtime.bigint();
  const result = time
    ? spawnSync(time, ['-f', '%U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [user, system, kib] = time ? result.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, cpu: user + system, rss: kib / 1024, status: result.status };
}

const PART_ROWS = 1_000_000;
const cli = resolve(root, 'bin/grant-recon.js');

/** A generated export at `file`, unless one is there already (the generator writes aside, then renames). */
function generated(file, rows, seed, firstDocument = 5_100_000_000) {
  const args = ['--rows', String(rows), '--seed', String(seed), '--first-document', String(firstDocument), '--out', file];
  if (!existsSync(file)) execFileSync(process.execPath, [resolve(root, 'scripts/bench/generate.mjs'), ...args]);
  return file;
}

/** The ten 1M-row parts of the 10M-row file: seeds seed..seed+9, document numbers in ranges that never meet. */
function partFiles() {
  const seed = Number(values.seed);
  return Array.from({ length: 10 }, (_, k) => generated(`/tmp/grant-recon-bench-w2-part-${k}-${seed}.csv`, PART_ROWS, seed + k, 5_100_000_000 + k * 2 * PART_ROWS));
}

/** The 10M-row file: the parts' rows under one header. */
async function joinParts(parts, file) {
  const out = createWriteStream(`${file}.partial`);
  for (const [k, part] of parts.entries()) {
    let header = k > 0;
    for await (const chunk of createReadStream(part)) {
      let bytes = chunk;
      if (header) {
        const end = bytes.indexOf(10);
        if (end < 0) continue;
        bytes = bytes.subarray(end + 1);
        header = false;
      }
      if (!out.write(bytes)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.partial`, file);
}

/** Pounds text ("-1234.56") as integer pence, exactly. */
const pence = (text) => {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -value : value;
};

/** The figures of a reconciliation that add up across parts: each year's and category's actuals, each period, the exclusions and the control totals. */
function additiveFigures(json) {
  const figures = new Map();
  const add = (key, value) => figures.set(key, (figures.get(key) ?? 0n) + value);
  for (const year of json.years) {
    add(`${year.year} ytdActual`, pence(year.ytdActual));
    for (const c of year.categories) add(`${year.year} ${c.category}`, pence(c.ytdActual));
    for (const p of year.periods) {
      add(`${year.year} ${p.period}`, pence(p.total));
      for (const [c, v] of Object.entries(p.categories)) add(`${year.year} ${p.period} ${c}`, pence(v));
    }
  }
  for (const e of json.exclusions) {
    add(`excluded ${e.reason} rows`, BigInt(e.rows));
    add(`excluded ${e.reason}`, pence(e.amount));
  }
  for (const [k, v] of Object.entries(json.controlTotals)) if (typeof v === 'string') add(`control ${k}`, pence(v));
  for (const [k, v] of Object.entries(json.rows)) if (typeof v === 'number') add(`rows ${k}`, BigInt(v));
  return figures;
}

function reconcileJson(files) {
  const run = spawnSync(process.execPath, [cli, 'reconcile', ...files, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`reconcile ${files.join(' ')} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The same number of rows as twelve monthly exports (different rows, generated alike), for the many-files goal. */
function twelveFiles(size) {
  const seed = Number(values.seed);
  return Array.from({ length: 12 }, (_, k) => {
    const rows = Math.floor(size / 12) + (k < size % 12 ? 1 : 0);
    return generated(`/tmp/grant-recon-bench-w2-${size}-month-${k}-${seed}.csv`, rows, 1000 + seed + k, 7_100_000_000 + k * 2 * rows);
  });
}

const rowsOut = [];
let partsChecked;
for (const size of sizes) {
  const file = `/tmp/grant-recon-bench-w2-${size}-${values.seed}.csv`;
  const parts = size === 10 * PART_ROWS ? partFiles() : undefined;
  if (!existsSync(file)) {
    if (parts) await joinParts(parts, file);
    else generated(file, size, Number(values.seed));
  }
  const twelve = twelveFiles(size);
  const jobs = {
    'csv-parse floor': [process.execPath, ['-e', floorScript, file]],
    reconcile: [process.execPath, [cli, 'reconcile', file, '--format', 'json']],
    claim: [process.execPath, [cli, 'claim', file, '--year', '2022/23', '--quarter', 'Q4', '--format', 'json']],
    'reconcile, 12 files': [process.execPath, [cli, 'reconcile', ...twelve, '--format', 'json']],
  };
  const best = {};
  for (let run = 0; run < runs; run++) {
    for (const [name, [command, args]] of Object.entries(jobs)) {
      const m = measure(command, args);
      if (!best[name] || m.seconds < best[name].seconds) best[name] = m;
    }
  }
  const floor = best['csv-parse floor'].seconds;
  const floorCpu = best['csv-parse floor'].cpu;
  if (parts) {
    const whole = additiveFigures(reconcileJson([file]));
    const sum = new Map();
    for (const part of parts) for (const [k, v] of additiveFigures(reconcileJson([part]))) sum.set(k, (sum.get(k) ?? 0n) + v);
    const differing = [...new Set([...whole.keys(), ...sum.keys()])].filter((k) => whole.get(k) !== sum.get(k));
    partsChecked = { figures: whole.size, differing };
  }
  for (const [name, m] of Object.entries(best)) {
    rowsOut.push(
      `| ${size.toLocaleString('en-GB')} | ${name} | ${m.seconds.toFixed(2)} s | ${(m.seconds / floor).toFixed(2)}× | ${m.cpu.toFixed(2)} s | ${(m.cpu / floorCpu).toFixed(2)}× | ${Math.round(size / m.seconds).toLocaleString('en-GB')} | ${m.rss.toFixed(0)} MiB |`,
    );
  }
}
// Wall and CPU of the same (fastest) run of each job; the ratios are to csv-parse parse-only on one core.
console.log('| rows | job | wall (best of ' + runs + ') | wall ÷ floor | CPU | CPU ÷ floor | rows/s | peak RSS |');
console.log('| ---: | :--- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rowsOut) console.log(row);

if (partsChecked) {
  console.log('');
  if (partsChecked.differing.length === 0) console.log(`10,000,000 rows: all ${partsChecked.figures} additive figures equal the sums of the ten 1,000,000-row parts.`);
  else {
    console.log(`10,000,000 rows: ${partsChecked.differing.length} figures differ from the sums of the parts: ${partsChecked.differing.slice(0, 10).join('; ')}`);
    process.exitCode = 1;
  }
}

// The degenerate shapes of a broken export: each must cost what its size costs, and end in a clear outcome.
const GL_HEADER = 'Document Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\n';
/** A file made of a header and `count` copies of `line` (and an end), written once under /tmp. */
async function shapeFile(name, count, line, end = '') {
  const file = `/tmp/grant-recon-bench-shape-${name}.csv`;
  if (existsSync(file)) return file;
  const out = createWriteStream(`${file}.partial`);
  out.write(GL_HEADER);
  const block = line.repeat(Math.min(count, 100_000));
  for (let written = 0; written < count; written += 100_000) {
    if (!out.write(count - written >= 100_000 ? block : line.repeat(count - written))) await once(out, 'drain');
  }
  out.write(end);
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.partial`, file);
  return file;
}
const shapes = {
  '1,000,000 short rows (for comparison)': await shapeFile('short-1m', 1_000_000, '1,1,01/05/2022,S,511000,1.00\n'),
  '1,000,000 blank lines, then a row': await shapeFile('blank-1m', 1_000_000, '\n', '1,1,01/05/2022,S,511000,1.00\n'),
  'a line of 40,000,000 commas': await shapeFile('commas-40m', 40, ','.repeat(1_000_000), '\n'),
  '300,000 rows in error (bad dates)': await shapeFile('errors-300k', 300_000, '1,1,31/02/2023,S,511000,1.00\n'),
};
console.log('');
console.log('| degenerate shape | job | wall | peak RSS | exit |');
console.log('| :--- | :--- | ---: | ---: | ---: |');
for (const [shape, file] of Object.entries(shapes)) {
  const m = measure(process.execPath, [cli, 'reconcile', file, '--format', 'json']);
  console.log(`| ${shape} | reconcile | ${m.seconds.toFixed(2)} s | ${m.rss.toFixed(0)} MiB | ${m.status} |`);
}

const cold = (args) => Math.min(...Array.from({ length: 5 }, () => measure(process.execPath, args).seconds));
const bare = cold(['-e', '0']);
console.log('');
console.log('| cold start | wall (best of 5) | ÷ node -e 0 |');
console.log('| :--- | ---: | ---: |');
console.log(`| node -e 0 | ${(bare * 1000).toFixed(0)} ms | 1.00× |`);
for (const [name, args] of [['grant-recon --version', [resolve(root, 'bin/grant-recon.js'), '--version']], ['grant-recon --help', [resolve(root, 'bin/grant-recon.js'), '--help']]]) {
  const s = cold(args);
  console.log(`| ${name} | ${(s * 1000).toFixed(0)} ms | ${(s / bare).toFixed(2)}× |`);
}
