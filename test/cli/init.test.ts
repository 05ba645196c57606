import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/read-config.js';
import { guessGlLayout, guessPayrollLayout, looksLikePayroll } from '../../src/ingest/guess-layout.js';
import { guessCategory } from '../../src/ingest/starter-config.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { SIX_CATEGORIES } from '../support/six-categories.js';

const CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'spend');

describe('guessing a layout', () => {
  it('maps names and checks values', () => {
    const guess = guessGlLayout(
      ['Trans No', 'Paid Date', 'Service Area', 'Expenditure Code', 'Amount', 'Supplier'],
      [['A1', '11/10/2016', 'Housing', 'K9534', '1,500.00', 'ACME'], ['A2', '12/10/2016', 'Parks', 'J8810', '-12.50', 'X']],
    );
    expect(guess.columns).toEqual({ 'Posting Date': 'Paid Date', 'Net Amount': 'Amount', 'Document Number': 'Trans No', 'Account Code': 'Expenditure Code', 'Cost Centre': 'Service Area', Supplier: 'Supplier' });
    expect(guess.undecided).toEqual([]);
    expect(guess.unused).toEqual([]);
  });

  it('knows the other names UK spend and ERP exports give the columns: Payment Date, references, ledger accounts', () => {
    const guess = guessGlLayout(
      ['Payment Reference', 'Payment Date', 'Department', 'Account', 'Amount'],
      [['PR-1', '11/10/2016', 'Housing', '511000', '1,500.00'], ['PR-2', '12/10/2016', 'Parks', '531000', '-12.50']],
    );
    expect(guess.columns).toEqual({ 'Posting Date': 'Payment Date', 'Net Amount': 'Amount', 'Document Number': 'Payment Reference', 'Account Code': 'Account', 'Cost Centre': 'Department' });
    expect(guessGlLayout(['Journal No', 'Pay Date', 'Cost Centre', 'Ledger Code', 'Net Amount'], [['J1', '2016-10-11', 'C1', 'L1', '1.00']]).undecided).toEqual([]);
    expect(guessGlLayout(['Reference', 'Date', 'Cost Centre', 'Subjective', 'Value'], [['R1', '11/10/2016', 'C1', 'S1', '1.00']]).columns).toMatchObject({ 'Document Number': 'Reference', 'Account Code': 'Subjective' });
  });

  it("maps the GL export's optional columns too: names, supplier, description, VAT and gross amounts", () => {
    const guess = guessGlLayout(
      ['Doc No', 'Date', 'Cost Centre', 'Cost Centre Name', 'Nominal', 'Nominal Description', 'Vendor Name', 'Vendor ID', 'Narrative', 'Net', 'VAT', 'Gross', 'Notes'],
      [['D1', '01/05/2022', 'C1', 'Hub', '511000', 'Staff Pay', 'ACME', 'V1', 'May pay', '10.00', '2.00', '12.00', '']],
    );
    expect(guess.columns).toEqual({
      'Document Number': 'Doc No',
      'Posting Date': 'Date',
      'Cost Centre': 'Cost Centre',
      'Cost Centre Name': 'Cost Centre Name',
      'Account Code': 'Nominal',
      'Account Name': 'Nominal Description',
      Supplier: 'Vendor Name',
      Description: 'Narrative',
      'Net Amount': 'Net',
      'VAT Amount': 'VAT',
      'Gross Amount': 'Gross',
    });
    expect(guess.unused).toEqual(['Vendor ID', 'Notes']);
  });

  it('tells a payroll export by its columns, and maps them', () => {
    const header = ['Pay Month', 'Staff No', 'Name', 'Employee Type', 'Cost Centre', 'Element', 'Value', 'Rank'];
    expect(looksLikePayroll(header)).toBe(true);
    expect(looksLikePayroll(['Document Number', 'Posting Date', 'Cost Centre', 'Account Code', 'Net Amount', 'Description'])).toBe(false);
    const guess = guessPayrollLayout(header, [['2022-04', 'E1', 'A Person', 'Police Staff', 'C1', 'Basic Pay', '100.00', 'B3']]);
    expect(guess.columns).toEqual({ 'Payroll Period': 'Pay Month', Amount: 'Value', 'Employee Number': 'Staff No', 'Staff Type': 'Employee Type', 'Pay Element': 'Element', 'Cost Centre': 'Cost Centre', 'Employee Name': 'Name', Grade: 'Rank' });
    expect(guess.undecided).toEqual([]);
  });

  it.each([
    ['Police Officer Pay', 'officers'],
    ['Officer Overtime', 'officers'],
    ['Staff Employer Pension', 'staff'],
    ['London Weighting', 'staff'],
    ['Specialist Training', 'training'],
    ['Software Licences', 'software'],
    ['Cloud Subscriptions', 'software'],
    ['IT Equipment', 'equipment'],
    ['Mobile Telephony', 'comms'],
    ['Postage', 'comms'],
    // Two categories, none, or a doubtful word: not clear, so left to the analyst.
    ['Staff Training', undefined],
    ['Telecoms Equipment', undefined],
    ['Data Services', undefined],
    ['Hospitality', undefined],
    ['Staff Entertainment', undefined],
    ['Mileage Allowance UK', undefined],
  ])('guesses the category of the account named "%s": %s', (name, category) => {
    expect(guessCategory(name)).toBe(category);
  });

  it('says what it could not decide, and why, instead of guessing', () => {
    const guess = guessGlLayout(['Date', 'Amount', 'Doc No'], [['00:00:00', 'n/a', 'X1']]);
    expect(guess.undecided).toEqual([
      { role: 'Posting Date', why: '"Date" looked likely by name, but their values do not fit' },
      { role: 'Net Amount', why: '"Amount" looked likely by name, but their values do not fit' },
      { role: 'Account Code', why: 'no column name looks like it' },
      { role: 'Cost Centre', why: 'no column name looks like it' },
    ]);
  });
});

/** The text of a starter configuration with every FILL IN value replaced: caps by `cap`, the rest by `value`. */
function filledIn(text: string, cap = '1000000.00', value = 'Test grant'): string {
  return text.replace(/"FILL IN: the most that can be claimed[^"]*"/g, `"${cap}"`).replace(/"FILL IN: [^"]*"/g, `"${value}"`);
}

const SAMPLE = [
  'Report: spend by cost centre',
  '',
  'Trans No,Paid Date,Service Area,Service Area Name,Expenditure Code,Expenditure Description,Supplier Name,Amount',
  'T1,11/03/2022,HUB1,Digital hub,E100,Police Staff Pay,,"1,500.00"',
  'T2,12/04/2022,HUB1,Digital hub,E200,Software Licences,Jane Example,-12.50',
  'T3,13/04/2022,hub2,Digital hub south,E300,Hospitality,Acme Catering,40.00',
  'T4,14/04/2022,HUB2,Digital hub south,E200,Software Licences,Acme Software,100.00',
  'Total,,,,,,,"1,627.50"',
].join('\n');

describe('grant-recon init', () => {
  it('writes a starter configuration a new grant needs, refused until its FILL IN values are filled in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const sample = join(dir, 'export.csv');
    writeFileSync(sample, `${SAMPLE}\n`);
    const run = runCli(['init', sample], {}, dir);
    expect(run.code).toBe(0);
    const written = readFileSync(join(dir, 'grant-recon.config.json'), 'utf8');
    expect(JSON.parse(written)).toEqual({
      grant: {
        reference: 'FILL IN: the grant reference, e.g. PCD 1215',
        name: "FILL IN: the grant's name, e.g. Project Alpha Social Media Hub",
        funder: 'FILL IN: who gives the grant, e.g. Home Office',
        recipient: 'FILL IN: who receives it, e.g. Metropolitan Police Service',
      },
      // The built-in six written out, for a grant of its own to rename, add to or remove.
      categories: SIX_CATEGORIES,
      years: [
        { year: '2021/22', cap: 'FILL IN: the most that can be claimed for 2021/22, in pounds and pence, e.g. 2893452.00' },
        { year: '2022/23', cap: 'FILL IN: the most that can be claimed for 2022/23, in pounds and pence, e.g. 2893452.00' },
      ],
      chart: [
        { name: 'staff-E100', code: 'E100', category: 'staff' },
        { name: 'software-E200', code: 'E200', category: 'software' },
      ],
      // Each as the sample first spells it; the tool compares them ignoring case.
      costCentres: ['HUB1', 'hub2'],
      profiles: [
        {
          name: 'export',
          kind: 'gl',
          columns: {
            'Posting Date': 'Paid Date',
            'Net Amount': 'Amount',
            'Document Number': 'Trans No',
            'Account Code': 'Expenditure Code',
            'Cost Centre': 'Service Area',
            'Cost Centre Name': 'Service Area Name',
            'Account Name': 'Expenditure Description',
            Supplier: 'Supplier Name',
          },
          key: [],
        },
      ],
    });
    expect(run.stderr).toBe(
      [
        `grant-recon init: wrote grant-recon.config.json for ${sample} (a GL line export, header on record 2)`,
        '  Posting Date: "Paid Date"',
        '  Net Amount: "Amount"',
        '  Document Number: "Trans No"',
        '  Account Code: "Expenditure Code"',
        '  Cost Centre: "Service Area"',
        '  Cost Centre Name: "Service Area Name"',
        '  Account Name: "Expenditure Description"',
        '  Supplier: "Supplier Name"',
        '  no Line column: rows are identified by their whole content ("key": [])',
        '  rows read: 4 rows (and 1 row left out: a total line, or no readable date or amount)',
        "  years: 2021/22 (1 row), 2022/23 (3 rows); give each its cap, and remove a year that is not the grant's",
        "  cost centres (costCentres: remove those that are not the grant's, whose rows are then excluded):",
        '    HUB1 Digital hub: 2 rows, £1,487.50',
        '    hub2 Digital hub south: 2 rows, £140.00',
        '  chart rules guessed from the account names (check each):',
        '    E100 Police Staff Pay → staff: 1 row, £1,500.00',
        '    E200 Software Licences → software: 2 rows, £87.50',
        '  accounts not placed (ineligible until a chart rule places them; add a rule for each the grant pays for):',
        '    E300 Hospitality: 1 row, £40.00',
        '  categories: the six of PCD 1215, written out: rename, add or remove them for a grant of its own (docs/configuration.md#categories)',
        '  not written, for the grant to add where it has them: claimPeriods (how often it is claimed), window, grantCap, carryForward, apportionments (docs/configuration.md)',
        '  to fill in: every value written "FILL IN: …" (the grant, the caps, and any rule or column not decided); the tool refuses the file until each is replaced',
        '',
      ].join('\n'),
    );
    // No supplier's name reaches the configuration or the messages (a supplier can be a person).
    expect(written + run.stderr).not.toMatch(/Jane|Acme/);

    // Read back through the real configuration reader: refused, each FILL IN value named by its path.
    const path = join(dir, 'grant-recon.config.json');
    const refused = await readConfig(path).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems.map((p) => p.path)).toEqual(['$.grant.reference', '$.grant.name', '$.grant.funder', '$.grant.recipient', '$.years[0].cap', '$.years[1].cap']);
    expect((refused as ConfigError).problems[4]).toEqual({
      path: '$.years[0].cap',
      message: 'not filled in yet: "FILL IN: the most that can be claimed for 2021/22, in pounds and pence, e.g. 2893452.00"',
      hint: 'replace each value written "FILL IN: …" (grant-recon init left them) with the value it asks for',
    });
    const cli = runCli(['validate', 'export.csv'], {}, dir);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('grant-recon.config.json: error[config]: $.grant.reference: not filled in yet: "FILL IN: the grant reference, e.g. PCD 1215"\n  hint: replace each value written "FILL IN: …" (grant-recon init left them) with the value it asks for\n');

    // Filled in, it is accepted, and (found in the working folder without --config) reads the sample it was made from.
    writeFileSync(path, filledIn(written));
    const config = await readConfig(path);
    expect(config.grant).toEqual({ reference: 'Test grant', name: 'Test grant', funder: 'Test grant', recipient: 'Test grant' });
    expect(config.years).toEqual([{ fy: 2021, cap: 100_000_000n }, { fy: 2022, cap: 100_000_000n }]);
    const read = runCli(['validate', 'export.csv', '--format', 'json'], {}, dir);
    expect(read.code).toBe(0);
    const report = JSON.parse(read.stdout) as { controlTotals: { input: string; included: string }; exclusions: { reason: string; rows: number; amount: string }[] };
    expect(report.controlTotals).toMatchObject({ input: '1627.50', included: '1587.50' });
    expect(report.exclusions).toEqual([{ reason: 'control-total', rows: 1, amount: '0.00' }, { reason: 'ineligible-account', rows: 1, amount: '40.00' }]);
    // An existing configuration is not replaced without --force.
    expect(runCli(['init', sample], {}, dir).code).toBe(2);
  });

  it('a sample in the built-in layout needs no profile, and its account names give the chart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const out = join(dir, 'mps.json');
    const run = runCli(['init', 'fixtures/sample/gl/gl-2022-04.csv', '-o', out]);
    expect(run.code).toBe(0);
    const config = JSON.parse(readFileSync(out, 'utf8')) as { profiles?: unknown; chart: { code: string; category: string }[]; costCentres: string[] };
    expect(config.profiles).toBeUndefined();
    expect(config.costCentres).toEqual(['SMH001', 'SMH002']);
    // The built-in chart's categories, from the names alone (51… staff, 50… officers, …); Data Services says nothing clear.
    expect(config.chart.map((r) => `${r.code} ${r.category}`)).toEqual([
      '501000 officers', '501100 officers', '501200 officers', '501300 officers',
      '511000 staff', '511100 staff', '511200 staff', '511300 staff', '511400 staff',
      '531000 software', '531100 software', '541000 equipment', '551000 comms',
    ]);
    expect(run.stderr).toContain("  the header is the built-in GL line export's: no profile is needed\n");
    expect(run.stderr).toContain('    551100 Data Services: 2 rows, £1,475.46\n');
  });

  it('shows at most 80 characters of a header cell on stderr, however long the cell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const sample = join(dir, 'long.csv');
    writeFileSync(sample, `Posting Date,Document Number,Line,Cost Centre,Account Code,Net Amount,${'X'.repeat(200_000)}\n01/05/2022,D1,1,SMH001,531000,10.00,\n`);
    const run = runCli(['init', sample, '-o', join(dir, 'long.json')]);
    expect(run.stderr).toContain(`  not used: "${'X'.repeat(79)}…"\n`);
    expect(Math.max(...run.stderr.split('\n').map((l) => l.length))).toBeLessThan(200);
  });

  it('names no header cell of a payroll export it does not use: a column may be titled with a person\'s name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const sample = join(dir, 'payroll.csv');
    const [header, ...rows] = readFileSync('fixtures/sample/payroll/payroll-2022-04.csv', 'utf8').split('\n');
    writeFileSync(sample, [`${header as string},Quintessa Marlowe-Ripley,Grade Notes`, ...rows].join('\n'));
    const run = runCli(['init', sample, '-o', join(dir, 'payroll.json')]);
    expect(run.stderr).toContain("  not used: 2 columns (not named: a payroll export's cells are never quoted)\n");
    expect(run.stderr).not.toContain('Quintessa');
    expect(readFileSync(join(dir, 'payroll.json'), 'utf8')).not.toContain('Quintessa');
  });

  it('refuses a headerless payroll export whose first row has no amount, quoting none of its cells: it names no column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const sample = join(dir, 'headerless.csv');
    const rows = [
      '2022-04,EMP-596601,Orsolwyn Ashdown-Verrity,Police Officer,Grade-DI-Q2,SMH001,Basic Pay,,',
      ...Array.from({ length: 9 }, (_, i) => `2022-04,EMP-5966${10 + i},Some Name,Police Officer,G,SMH001,Basic Pay,100.00,25/04/2022`),
    ];
    writeFileSync(sample, `${rows.join('\n')}\n`);
    const run = runCli(['init', sample, '-o', join(dir, 'out.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `grant-recon: error[usage]: ${sample}: record 1 looks like a header (three or more names, no amounts), but none of its cells names a column of a GL line export or a payroll export: it may be a row of data, and no header was found\n  hint: give a CSV export whose first rows hold the column names (Posting Date, Net Amount, Cost Centre …, or Payroll Period, Amount …)\n`,
    );
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });

  it('lists the rows no listed cost centre or account holds, so that the lists add up to the rows read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const sample = join(dir, 'gl.csv');
    writeFileSync(
      sample,
      [
        'Posting Date,Document Number,Line,Cost Centre,Account Code,Account Name,Net Amount',
        '01/05/2022,D1,1,SMH001,531000,Software Licences,100.00',
        '02/05/2022,D2,1,,531000,Software Licences,10.00',
        '03/05/2022,D3,1,=1+1,531000,Software Licences,22.00',
      ].join('\n'),
    );
    const run = runCli(['init', sample, '-o', join(dir, 'gl.json')]);
    // 132.00 read: 100.00 under SMH001, and 10.00 (an empty cell) + 22.00 (a formula) under no cost centre.
    expect(run.stderr).toContain('    SMH001: 1 row, £100.00\n    and 2 rows, £32.00, with no cost centre that reads as a code (an empty cell, or a value such as a formula or a name): not listed\n');
    expect(run.stderr).toContain('    531000 Software Licences → software: 3 rows, £132.00\n');
    expect(run.stderr).not.toContain('with no account');
  });

  it('a payroll sample gets a payroll profile, with no employee number or name in the file or the messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const sample = join(dir, 'pay.csv');
    writeFileSync(
      sample,
      [
        'Pay Month,Staff No,Name,Employee Type,Cost Centre,Element,Value',
        '2023-03,E1001,Ann Person,Police Staff,HUB1,Basic Pay,2000.00',
        '2023-04,E1002,Bob Person,Police Officer,HUB1,Overtime,150.25',
        '2023-04,E1001,Ann Person,Police Staff,HUB1,Basic Pay,2000.00',
        '2023-05,E1001,Ann Person,Police Staff,HUB1,Basic Pay,2000.00',
        '2023-05,E1002,Bob Person,Police Officer,HUB1,Basic Pay,3000.00',
        // A shifted row: its name lands in the cost centre's cell, and the row is left out of the counts.
        '2023-04,E1003,Cy,Person,Police Staff,HUB2,Basic Pay,100.00',
        // A row that splits into the header's columns, sound in every other way, with a name in the cost centre's cell.
        '2023-04,E1004,Di Person,Police Staff,Di Person,Basic Pay,100.00',
      ].join('\n'),
    );
    const out = join(dir, 'pay.json');
    const run = runCli(['init', sample, '-o', out]);
    expect(run.code).toBe(0);
    const written = readFileSync(out, 'utf8');
    const config = JSON.parse(written) as { years: { year: string }[]; costCentres: string[]; profiles: unknown[] };
    expect(config.profiles).toEqual([
      { name: 'pay', kind: 'payroll', columns: { 'Payroll Period': 'Pay Month', Amount: 'Value', 'Employee Number': 'Staff No', 'Staff Type': 'Employee Type', 'Pay Element': 'Element', 'Employee Name': 'Name' } },
    ]);
    expect(config.years.map((y) => y.year)).toEqual(['2022/23', '2023/24']);
    // No cost centre is taken from a payroll export: a name can stand in that cell, in a row that reads as sound.
    expect(config.costCentres).toBeUndefined();
    expect(run.stderr).toContain('(a payroll export, header on record 1)');
    expect(run.stderr).toContain('  rows read: 6 rows (and 1 row left out: a total line, or no readable period, staff type or amount)\n');
    expect(run.stderr).toContain('  cost centres: not taken from a payroll export (a shifted row puts a name in that cell), so "costCentres" is left out: run init on a GL export of the grant for them\n');
    expect(written + run.stderr).not.toMatch(/E100\d|Ann|Bob|Cy\b|Di\b|Person\b/i);
  });

  it.skipIf(!existsSync(CORPUS))('on a GLA report whose preamble has a line of three names, takes the header that decides the columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    // Record 5 of the non-blank records reads "Financial Year :, 2014 / 15, DO NOT PRINT"; the header is record 6.
    const run = runCli(['init', join(CORPUS, 'gla/gla-250-report-2014-15-P08.csv'), '-o', join(dir, 'p08.json')]);
    expect(run.stderr).toContain('(a GL line export, header on record 6)\n  Posting Date: "Clearing Date"\n  Net Amount: "Amount"\n');
    expect(run.stderr).toContain('  rows read: 717 rows');
  });

  it.skipIf(!existsSync(CORPUS))('on a GLA report with a preamble, marks the column it could not find (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-init-'));
    const run = runCli(['init', join(CORPUS, 'gla/gla-2011-12-P13-500.csv'), '-o', join(dir, 'gla.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cost Centre: not decided (no column name looks like it); edit the FILL IN value');
    const config = JSON.parse(readFileSync(join(dir, 'gla.json'), 'utf8')) as { profiles: { columns: Record<string, string> }[] };
    expect(config.profiles[0]?.columns).toEqual({
      'Posting Date': 'Clearing Date',
      'Net Amount': 'Amount',
      'Document Number': 'Document No',
      'Account Code': 'Cost Element',
      'Account Name': 'Expenditure Account Code Description',
      Supplier: 'Vendor Name',
      'Cost Centre': 'FILL IN: the column that holds the Cost Centre',
    });
  });
});
