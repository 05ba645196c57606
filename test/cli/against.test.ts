/**
 * reconcile --with-rows / --against, check --against with closed periods, and claim --with-rows: on the
 * month-to-month pair of exports in fixtures/against (May's and June's re-export of the year to date). Every
 * expected figure and position below was worked out by hand from the CSV files (fixtures/against/README.md).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { everythingWritten } from '../support/everything-written.js';
import { ROOT, runCli, runJson } from '../support/run-cli.js';

const MAY = ['fixtures/against/may/gl-2022-05.csv', 'fixtures/against/may/payroll-2022-05.csv'];
const JUNE = ['fixtures/against/june/gl-2022-06.csv', 'fixtures/against/june/payroll-2022-06.csv'];
const WITH_ROWS = 'fixtures/against/reconciliation-2022-05.json';
const FIGURES_ONLY = 'fixtures/against/reconciliation-2022-05-figures.json';
const CLOSED = 'fixtures/against/closed-through-2022-04.config.json';

interface At {
  file: string;
  line: number;
  period: string;
  category: string;
  amount: string;
}
interface Change {
  change: string;
  id: string;
  before: At | null;
  after: At | null;
  amount: string;
}
interface Restatements {
  against: { file: string };
  rowLevel: boolean;
  note: string | null;
  years: {
    year: string;
    reportedThrough: string | null;
    restatement: string;
    periods: { period: string; earlier: string; now: string; restatement: string; categories: { category: string; earlier: string; now: string; restatement: string; changes: Change[] }[] }[];
  }[];
}
interface Reconciliation {
  restatements?: Restatements;
  includedRows?: { id: string; year: string; period: string; category: string; amount: string; file: string; line: number }[];
  controlTotals: { included: string };
}

/** Pence from a two-decimal string, exactly (never a float). */
const pence = (s: string): bigint => {
  const negative = s.startsWith('-');
  const [pounds = '0', p = '00'] = s.replace('-', '').split('.');
  const value = BigInt(pounds) * 100n + BigInt(p);
  return negative ? -value : value;
};

const cells = (r: Restatements): [string, string, string, string, string][] =>
  r.years.flatMap((y) => y.periods.flatMap((p) => p.categories.map((c): [string, string, string, string, string] => [p.period, c.category, c.earlier, c.now, c.restatement])));

const BY_HAND: [string, string, string, string, string][] = [
  ['P01', 'software', '1200.00', '1299.99', '99.99'],
  ['P01', 'equipment', '3140.00', '2500.00', '-640.00'],
  ['P01', 'comms', '310.50', '350.50', '40.00'],
  ['P02', 'staff', '2710.00', '2745.00', '35.00'],
  ['P02', 'equipment', '0.00', '640.00', '640.00'],
  ['P02', 'training', '850.00', '0.00', '-850.00'],
];

describe('reconcile --against an earlier reconciliation written --with-rows', () => {
  const { json, run } = runJson<Reconciliation>(['reconcile', ...JUNE, '--year', '2022/23', '--against', WITH_ROWS]);
  const r = json.restatements as Restatements;

  it('restates P01 and P02 (the periods May reported), not June (a new period)', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(r.rowLevel).toBe(true);
    expect(r.note).toBeNull();
    expect(r.years.map((y) => [y.year, y.reportedThrough, y.restatement])).toEqual([['2022/23', 'P02', '-675.01']]);
    expect(r.years[0]?.periods.map((p) => [p.period, p.earlier, p.now, p.restatement])).toEqual([
      ['P01', '10430.90', '9930.89', '-500.01'],
      ['P02', '8155.25', '7980.25', '-175.00'],
    ]);
    expect(cells(r)).toEqual(BY_HAND);
  });

  it('lists each row behind it with file:line and amounts: added, removed, changed, moved, and the keyless payroll row', () => {
    const listed = r.years[0]?.periods.flatMap((p) =>
      p.categories.flatMap((c) =>
        c.changes.map((x) => [p.period, c.category, x.change, x.before ? `${x.before.file}:${x.before.line} ${x.before.amount}` : null, x.after ? `${x.after.file}:${x.after.line} ${x.after.amount}` : null, x.amount]),
      ),
    );
    expect(listed).toEqual([
      ['P01', 'software', 'added', null, 'fixtures/against/june/gl-2022-06.csv:5 99.99', '99.99'],
      ['P01', 'equipment', 'changed', 'fixtures/against/may/gl-2022-05.csv:5 640.00', 'fixtures/against/june/gl-2022-06.csv:7 640.00', '-640.00'],
      ['P01', 'comms', 'changed', 'fixtures/against/may/gl-2022-05.csv:4 310.50', 'fixtures/against/june/gl-2022-06.csv:4 350.50', '40.00'],
      ['P02', 'staff', 'changed', 'fixtures/against/may/payroll-2022-05.csv:6 210.00', 'fixtures/against/june/payroll-2022-06.csv:6 245.00', '35.00'],
      ['P02', 'equipment', 'changed', 'fixtures/against/may/gl-2022-05.csv:5 640.00', 'fixtures/against/june/gl-2022-06.csv:7 640.00', '640.00'],
      ['P02', 'training', 'removed', 'fixtures/against/may/gl-2022-05.csv:7 850.00', null, '-850.00'],
    ]);
    const payroll = r.years[0]?.periods[1]?.categories[0]?.changes[0];
    expect(payroll?.id).toMatch(/^hash:[0-9a-f]{32}$/);
  });

  it('the identity: in every cell, and every period, the row changes add up to the restatement', () => {
    for (const y of r.years) {
      let yearSum = 0n;
      for (const p of y.periods) {
        let periodSum = 0n;
        for (const c of p.categories) {
          expect(c.changes.reduce((s, x) => s + pence(x.amount), 0n)).toBe(pence(c.restatement));
          expect(pence(c.now) - pence(c.earlier)).toBe(pence(c.restatement));
          periodSum += pence(c.restatement);
        }
        expect(periodSum).toBe(pence(p.restatement));
        yearSum += periodSum;
      }
      expect(yearSum).toBe(pence(y.restatement));
    }
  });

  it('against itself, nothing is restated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-against-'));
    const file = join(dir, 'may.json');
    expect(runCli(['reconcile', ...MAY, '--with-rows', '--format', 'json', '-o', file]).code).toBe(0);
    const again = runJson<Reconciliation>(['reconcile', ...MAY, '--against', file]);
    expect(again.run.code).toBe(0);
    expect(again.json.restatements?.years.map((y) => [y.year, y.restatement, y.periods.length])).toEqual([
      ['2022/23', '0.00', 0],
      ['2023/24', '0.00', 0],
    ]);
  });
});

describe('reconcile --against on the sample year: the late Q1 credit of fixtures/history', () => {
  it('Q1 reconciled in July, again in October with the September credit for May: only P02 staff is restated, by the credit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-against-'));
    const july = join(dir, 'reconciliation-2022-06.json');
    const q1 = ['04', '05', '06'].map((m) => `fixtures/sample/gl/gl-2022-${m}.csv`);
    const q2 = [...q1, ...['07', '08', '09'].map((m) => `fixtures/sample/gl/gl-2022-${m}.csv`), 'fixtures/history/late-credit-2022-09.csv'];
    expect(runCli(['reconcile', ...q1, '--year', '2022/23', '--with-rows', '--format', 'json', '-o', july]).code).toBe(0);
    const { json, run } = runJson<Reconciliation>(['reconcile', ...q2, '--year', '2022/23', '--against', july]);
    expect(run.code).toBe(0);
    const r = json.restatements as Restatements;
    expect(r.years.map((y) => [y.reportedThrough, y.restatement])).toEqual([['P03', '-12345.67']]);
    expect(r.years[0]?.periods.map((p) => [p.period, p.restatement, p.categories.map((c) => [c.category, c.restatement, c.changes.map((x) => `${x.change} ${x.after?.file ?? ''}:${x.after?.line ?? ''}`)])])).toEqual([
      ['P02', '-12345.67', [['staff', '-12345.67', ['added fixtures/history/late-credit-2022-09.csv:2']]]],
    ]);
  });
});

describe('reconcile --against an earlier reconciliation without rows', () => {
  const { json, run } = runJson<Reconciliation>(['reconcile', ...JUNE, '--year', '2022/23', '--against', FIGURES_ONLY]);

  it('gives the same figures, no rows, and says that the rows need --with-rows', () => {
    expect(run.code).toBe(0);
    const r = json.restatements as Restatements;
    expect(r.rowLevel).toBe(false);
    expect(r.note).toContain('--with-rows');
    expect(cells(r)).toEqual(BY_HAND);
    expect(r.years.flatMap((y) => y.periods.flatMap((p) => p.categories.flatMap((c) => c.changes)))).toEqual([]);
    expect(run.stderr).toContain('reconcile --with-rows --format json');
  });
});

describe('reconcile --with-rows', () => {
  const { json, run } = runJson<Reconciliation>(['reconcile', ...MAY, '--year', '2022/23', '--with-rows']);

  it('writes one entry per included row, adding up to the included total; absent without the option', () => {
    expect(run.code).toBe(0);
    const rows = json.includedRows ?? [];
    expect(rows).toHaveLength(13);
    expect(rows.reduce((s, r) => s + pence(r.amount), 0n)).toBe(pence(json.controlTotals.included));
    expect(rows.filter((r) => r.id.startsWith('key:')).map((r) => `${r.id} ${r.file}:${r.line}`)).toContain('key:5300000003/1 fixtures/against/may/gl-2022-05.csv:4');
    expect(rows.filter((r) => r.file.includes('payroll')).every((r) => /^hash:[0-9a-f]{32}$/.test(r.id))).toBe(true);
    expect(runJson<Reconciliation>(['reconcile', ...MAY, '--year', '2022/23']).json.includedRows).toBeUndefined();
  });
});

describe('--against at scale: an earlier reconciliation of 150,000 rows, every one changed since', () => {
  // More rows than a JavaScript call can take as arguments: an earlier file's months, or a CSV's change lines,
  // spread into one call ended in "Maximum call stack size exceeded".
  const ROWS = 150_000;
  const dir = mkdtempSync(join(tmpdir(), 'grant-recon-against-'));
  const header = 'Document Number,Line,Posting Date,Period,Cost Centre,Cost Centre Name,Account Code,Account Name,Supplier,Description,Net Amount,VAT Amount,Gross Amount';
  const gl = (net: string): string => [header, ...Array.from({ length: ROWS }, (_, i) => `51${String(i).padStart(8, '0')},1,15/04/2022,P01,SMH001,Social Media Hub,531000,Software,Supplier Ltd,Line ${i},${net},0.00,${net}`)].join('\n');
  const then = join(dir, 'then.csv');
  const now = join(dir, 'now.csv');
  const earlier = join(dir, 'then.json');
  writeFileSync(then, gl('10.00'));
  writeFileSync(now, gl('10.01'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists a change line for each row in the CSV (the table the first 1000), adding up to the restatement of 150,000 × £0.01', () => {
    expect(runCli(['reconcile', then, '--year', '2022/23', '--with-rows', '--format', 'json', '-o', earlier]).code).toBe(0);
    const run = runCli(['reconcile', now, '--year', '2022/23', '--against', earlier, '--format', 'csv']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\r\n');
    const changes = lines.filter((l) => l.startsWith('change,'));
    expect(changes).toHaveLength(ROWS);
    expect(changes.every((l) => l.startsWith('change,2022/23,P01,2022-04,software,changed,1,0.01,'))).toBe(true);
    expect(lines).toContain('restatement,2022/23,P01,2022-04,software,restatement,,1500.00,"then 1500000.00, now 1501500.00"');
    const table = runCli(['reconcile', now, '--year', '2022/23', '--against', earlier]);
    expect(table.stdout.split('\n').filter((l) => /^2022\/23 P01 +Software +changed /.test(l))).toHaveLength(1000);
    expect(table.stdout).toContain('The first 1000 of 150000 row changes are listed here; the JSON and CSV formats list them all.');
    const check = runCli(['check', now, '--year', '2022/23', '--against', earlier, '--format', 'json']);
    expect(check.stderr).toContain('no period is closed in the configuration');
    expect(check.code).toBe(0);
  }, 120_000);
});

describe('--against refuses what it cannot compare with (exit 2, nothing written to stdout)', () => {
  const cases: [string, string[], string][] = [
    ['not JSON', ['reconcile', ...JUNE, '--against', 'fixtures/sample/gl/gl-2022-04.csv'], '--against fixtures/sample/gl/gl-2022-04.csv: not a JSON file'],
    ['a claim, not a reconciliation', ['reconcile', ...JUNE, '--against', 'fixtures/history/claim-2022-23-Q1.json'], 'not a grant-recon reconciliation: schema is "grant-recon/claim@1", not "grant-recon/reconciliation@1"'],
    ['another grant', ['reconcile', ...JUNE, '--against', 'fixtures/against/other-grant.json'], 'is a reconciliation of grant PCD 9999, not PCD 1215'],
    ['another grant (check)', ['check', ...JUNE, '--against', 'fixtures/against/other-grant.json'], 'is a reconciliation of grant PCD 9999, not PCD 1215'],
    ['rows edited by hand', ['reconcile', ...JUNE, '--against', 'fixtures/against/edited-rows.json'], 'its rows do not add up to its figures (P01 comms: rows £301.50, figure £310.50)'],
    ['a missing file', ['reconcile', ...JUNE, '--against', 'fixtures/against/no-such.json'], '--against fixtures/against/no-such.json: no such file'],
    ['--with-rows in a table', ['reconcile', ...MAY, '--with-rows'], '--with-rows writes a fingerprint of every included row into the JSON reconciliation'],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const run = runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`grant-recon: error[usage]: ${message.startsWith('--') ? message : ''}`);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('hint: ');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('check --against: closed periods', () => {
  it('finds each category of a closed period (P01, closed through 2022-04) that changed, with file:line; P02 is open', () => {
    const { json, run } = runJson<{ findings: { code: string; severity: string; file: string | null; line: number | null; message: string }[]; failOn: string[] }>([
      'check', ...JUNE, '--config', CLOSED, '--against', WITH_ROWS,
    ]);
    expect(run.code).toBe(1);
    expect(json.failOn).toContain('closed-periods');
    expect(json.findings.map((f) => [f.code, f.severity, `${f.file}:${f.line}`])).toEqual([
      ['closed-period-restated', 'error', 'fixtures/against/june/gl-2022-06.csv:5'],
      ['closed-period-restated', 'error', 'fixtures/against/june/gl-2022-06.csv:7'],
      ['closed-period-restated', 'error', 'fixtures/against/june/gl-2022-06.csv:4'],
    ]);
    expect(json.findings.map((f) => f.message.slice(0, f.message.indexOf(' since')))).toEqual([
      '2022/23 P01 (2022-04) software is closed but changed by £99.99',
      '2022/23 P01 (2022-04) equipment is closed but changed by -£640.00',
      '2022/23 P01 (2022-04) comms is closed but changed by £40.00',
    ]);
  });

  it('is a warning when --fail-on leaves it out, and the JUnit check case appears only with --against', () => {
    const run = runCli(['check', ...JUNE, '--config', CLOSED, '--against', WITH_ROWS, '--fail-on', 'errors', '--format', 'github']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::warning file=fixtures/against/june/gl-2022-06.csv,line=')).length).toBe(3);
    expect(runCli(['check', ...JUNE, '--format', 'junit']).stdout).not.toContain('closed-periods');
    expect(runCli(['check', ...JUNE, '--config', CLOSED, '--against', FIGURES_ONLY, '--format', 'junit']).stdout).toContain('name="closed-periods: no closed period changed since the earlier reconciliation"');
  });

  it('without a closed period in the configuration, finds nothing and says why', () => {
    const run = runCli(['check', ...JUNE, '--against', WITH_ROWS]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no period is closed in the configuration');
  });

  it('config show shows closedThrough as the month it was given', () => {
    const run = runCli(['config', 'show', '--config', resolve(ROOT, 'fixtures/against/closed-through-2022-04.config.json')]);
    expect((JSON.parse(run.stdout) as { years: unknown[] }).years[0]).toEqual({ year: '2022/23', cap: '2893452.00', closedThrough: '2022-04' });
  });
});

describe('claim: the rows behind the prior-period restatement', () => {
  const q2 = [...['04', '05', '06', '07', '08', '09'].map((m) => `fixtures/sample/gl/gl-2022-${m}.csv`), 'fixtures/history/late-credit-2022-09.csv'];
  interface Claim {
    priorPeriodRestatements: { category: string; restatement: string; changes?: Change[] }[];
    priorPeriodRows?: { listed: boolean; note: string | null };
    includedRows?: unknown[];
    totals: { priorPeriodAdjustment: string };
  }

  it('with an earlier claim written --with-rows: the late May credit is the one row added to staff', () => {
    const { json, run } = runJson<Claim>(['claim', ...q2, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'fixtures/history/claim-2022-23-Q1-with-rows.json']);
    expect(run.code).toBe(0);
    expect(json.totals.priorPeriodAdjustment).toBe('-12345.67');
    expect(json.priorPeriodRows).toEqual({ listed: true, note: null });
    const staff = json.priorPeriodRestatements.find((r) => r.category === 'staff');
    expect(staff?.restatement).toBe('-12345.67');
    expect(staff?.changes?.map((c) => [c.change, c.id, c.after ? `${c.after.file}:${c.after.line}` : null, c.amount])).toEqual([
      ['added', 'key:9990001/1', 'fixtures/history/late-credit-2022-09.csv:2', '-12345.67'],
    ]);
    for (const r of json.priorPeriodRestatements) expect((r.changes ?? []).reduce((s, c) => s + pence(c.amount), 0n)).toBe(pence(r.restatement));
  });

  it('with an earlier claim without rows: today\'s figures, and (asked for rows) a note that says so', () => {
    const plain = runJson<Claim>(['claim', ...q2, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'fixtures/history/claim-2022-23-Q1.json']);
    expect(plain.json.priorPeriodRows).toBeUndefined();
    expect(plain.json.priorPeriodRestatements.every((r) => r.changes === undefined)).toBe(true);
    const asked = runJson<Claim>(['claim', ...q2, '--year', '2022/23', '--quarter', 'Q2', '--previous', 'fixtures/history/claim-2022-23-Q1.json', '--with-rows']);
    expect(asked.json.priorPeriodRows?.listed).toBe(false);
    expect(asked.json.priorPeriodRows?.note).toContain('claim --with-rows');
    expect(asked.json.priorPeriodRestatements.find((r) => r.category === 'staff')?.restatement).toBe('-12345.67');
    expect(asked.json.includedRows?.length).toBeGreaterThan(0);
  });
});

describe('a claim file whose rows were edited', () => {
  it('is refused by claim --previous (exit 2) and skipped by claims list, with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-claim-rows-'));
    const claim = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/history/claim-2022-23-Q1-with-rows.json'), 'utf8')) as {
      includedRows: { amount: string; category: string }[];
      digest?: string;
      controlTotals: { errorsAmountUnreadable?: number };
    };
    // As an earlier version wrote it, with no digest to betray the edit: its rows must still add up.
    delete claim.digest;
    delete claim.controlTotals.errorsAmountUnreadable;
    const staff = claim.includedRows.find((r) => r.category === 'staff');
    if (staff) staff.amount = '0.01';
    const edited = join(dir, 'claim-2022-23-Q1.json');
    writeFileSync(edited, JSON.stringify(claim));
    const q2 = ['04', '05', '06', '07', '08', '09'].map((m) => `fixtures/sample/gl/gl-2022-${m}.csv`);
    const run = runCli(['claim', ...q2, '--year', '2022/23', '--quarter', 'Q2', '--previous', edited]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('its rows do not add up to its cumulative actual (staff: rows ');
    const list = runJson<{ skipped: { reason: string }[] }>(['claims', 'list', dir]);
    expect(list.json.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('the file was changed after it was written') as unknown]);
  });
});

describe('no personal data in the new outputs', () => {
  const personal = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/payroll/personal-data.json'), 'utf8')) as Record<string, string[]>;
  const secrets = [
    ...(personal.employeeNumbers ?? []),
    ...(personal.names ?? []),
    ...(personal.grades ?? []),
    // fixtures/against's own payroll exports
    'EMP-917731', '917731', 'Quillon Varrasby', 'Quillon', 'Varrasby', 'Grade-SO2',
    'EMP-928846', '928846', 'Ysolde Marchbanke', 'Marchbanke', 'Grade-DS',
  ];
  const noGlPay = ['fixtures/payroll/no-gl-pay/gl-2022-05.csv', 'fixtures/payroll/no-gl-pay/payroll-2022-05.csv'];
  const runs: [string, string[], number][] = [];
  for (const format of ['table', 'json', 'csv', 'md', 'html']) runs.push([`reconcile --against ${format}`, ['reconcile', ...JUNE, '--against', WITH_ROWS, '--format', format], 0]);
  runs.push(['reconcile --with-rows (payroll as spend)', ['reconcile', ...noGlPay, '--with-rows', '--format', 'json'], 0]);
  runs.push(['claim --with-rows (payroll as spend)', ['claim', ...noGlPay, '--year', '2022/23', '--month', '2022-05', '--with-rows', '--format', 'json'], 0]);
  for (const format of ['table', 'json', 'csv', 'md', 'html', 'junit', 'github']) runs.push([`check --against ${format}`, ['check', ...JUNE, '--config', CLOSED, '--against', WITH_ROWS, '--format', format], 1]);

  it('the fixtures hold the personal data looked for', () => {
    const text = [...JUNE, ...noGlPay].map((f) => readFileSync(resolve(ROOT, f), 'utf8')).join('\n');
    expect(['EMP-917731', 'Quillon Varrasby', 'Grade-DS'].every((s) => text.includes(s))).toBe(true);
    expect(secrets.filter((s) => text.includes(s)).length).toBeGreaterThan(10);
  });

  it.each(runs)('%s: stdout, stderr and the -o file hold no employee number, name or grade', (_name, args, code) => {
    const { codes, files, everything } = everythingWritten(args);
    expect(codes).toEqual([code, code]);
    expect(files).toBe(1);
    expect(secrets.filter((s) => everything.includes(s))).toEqual([]);
  });
});
