#!/usr/bin/env node
// Writes a deterministic GL line export in the built-in layout, rows of realistic width: node scripts/bench/generate.mjs --rows 1000000 --seed 1 --out /tmp/gl-1m.csv
// --first-document N starts the document numbers at N (parts of one larger export use ranges that never meet).
import { createWriteStream, renameSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, 'first-document': { type: 'string', default: '5100000000' } } });
const rows = Number(values.rows);
const out = values.out ?? `/tmp/grant-recon-bench-w2-${rows}-${values.seed}.csv`;

/** mulberry32: a small deterministic PRNG, so that the same seed always writes the same bytes. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(Number(values.seed));
const pick = (list) => list[Math.floor(next() * list.length)];
// Rows of realistic width (about 135 bytes, as a force's GL line export has them): each account and cost centre
// with its name, suppliers as companies are named, and descriptions of several words.
const accounts = [
  ['501000', 'Police Officer Pay'],
  ['501100', 'Officer Overtime'],
  ['501200', 'Officer Employer NI'],
  ['501300', 'Officer Employer Pension'],
  ['511000', 'Police Staff Pay'],
  ['511100', 'Staff Overtime'],
  ['511200', 'Staff Employer NI'],
  ['511300', 'Staff Employer Pension'],
  ['511400', 'London Weighting'],
  ['521000', 'Specialist Training'],
  ['531000', 'Software Licences'],
  ['531100', 'Cloud Subscriptions'],
  ['541000', 'IT Equipment'],
  ['551000', 'Mobile Telephony'],
  ['551100', 'Data Services'],
  ['601000', 'Hospitality'],
  ['620000', 'Vehicle Fuel'],
];
const centres = [
  ['SMH001', 'Social Media Hub'],
  ['SMH002', 'SMH Digital Investigations'],
  ['SMH003', 'SMH Intelligence'],
  ['OPS104', 'Ops Support North'],
  ['OPS221', 'Ops Support South'],
];
const suppliers = ['Northgate Cloud Ltd', 'Cipherdesk Software Ltd', 'Vidmark Forensics Ltd', 'Halcyon Tech Ltd', 'Albion Mobile Ltd', 'Capital IT Supplies Ltd', 'Bramble Catering Ltd', 'Fleetfuel Cards Ltd', 'Signalwise Ltd', 'Met Training LLP', 'Thames Hardware Co', 'Brightline Data plc'];
const things = ['licence renewal', 'annual maintenance', 'seat licences', 'hosting and storage', 'docking stations', 'laptops', 'airtime', 'course fees', 'data feed', 'monitors', 'support contract', 'subscription'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Written aside and renamed when whole, so that a run stopped half-way never leaves a short file to be reused.
const file = createWriteStream(`${out}.partial`);
file.write('Document Number,Line,Posting Date,Period,Cost Centre,Cost Centre Name,Account Code,Account Name,Supplier,Description,Net Amount,VAT Amount,Gross Amount\n');
let line = 1;
let doc = Number(values['first-document']);
for (let i = 0; i < rows; i++) {
  if (next() < 0.4) {
    doc++;
    line = 1;
  } else line++;
  const month = 1 + Math.floor(next() * 12);
  const year = month >= 4 ? 2022 + Math.floor(next() * 2) : 2023 + Math.floor(next() * 2);
  const day = 1 + Math.floor(next() * 28);
  const period = ((month + 8) % 12) + 1;
  const net = Math.floor(next() * 2_000_000) - 100_000;
  const amount = `${net < 0 ? '-' : ''}${Math.floor(Math.abs(net) / 100)}.${String(Math.abs(net) % 100).padStart(2, '0')}`;
  const [centre, centreName] = pick(centres);
  const [account, accountName] = pick(accounts);
  const description = `${pick(things)} ${months[month - 1]} ${year}`;
  const text = `${doc},${line},${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year},P${String(period).padStart(2, '0')},${centre},${centreName},${account},${accountName},${pick(suppliers)},${description},${amount},0.00,${amount}\n`;
  if (!file.write(text)) await once(file, 'drain');
}
file.end();
await once(file, 'finish');
renameSync(`${out}.partial`, out);
console.log(out);
