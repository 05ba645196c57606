import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDateMonthFirst } from '../../src/core/calendar/calendar-date.js';
import { runCli } from '../support/run-cli.js';

describe('month-first dates, only where a configuration says so', () => {
  it.each([
    ['04/13/2023', '2023-04-13'],
    ['4.1.2023', '2023-04-01'],
    ['12/31/2023 17:00', '2023-12-31'],
    ['13 Apr 2023', '2023-04-13'],
    ['2023-04-13', '2023-04-13'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDateMonthFirst(text)).toEqual({ ok: true, iso });
  });

  it('still refuses an impossible date', () => {
    expect(parseDateMonthFirst('02/30/2023').ok).toBe(false);
    expect(parseDateMonthFirst('13/04/2023').ok).toBe(false);
  });

  it('a US export reads through a profile with dateOrder month-first, and is refused without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-us-'));
    const file = join(dir, 'us.csv');
    writeFileSync(file, ['Doc,Date,Center,Account,Amount', 'D1,04/13/2022,SMH001,511000,100.00', 'D2,12/31/2022,SMH001,531000,50.00', ''].join('\n'));
    const columns = { 'Document Number': 'Doc', 'Posting Date': 'Date', 'Cost Centre': 'Center', 'Account Code': 'Account', 'Net Amount': 'Amount' };
    writeFileSync(join(dir, 'us.json'), JSON.stringify({ profiles: [{ name: 'US ledger', kind: 'gl', columns, key: ['Document Number'], dateOrder: 'month-first' }] }));
    writeFileSync(join(dir, 'uk.json'), JSON.stringify({ profiles: [{ name: 'US ledger', kind: 'gl', columns, key: ['Document Number'] }] }));
    const us = runCli(['reconcile', file, '--config', join(dir, 'us.json'), '--year', '2022/23', '--format', 'json']);
    expect(us.code).toBe(0);
    const periods = (JSON.parse(us.stdout) as { years: { periods: { period: string; total: string }[] }[] }).years[0]?.periods;
    expect(periods?.filter((p) => p.total !== '0.00')).toEqual([expect.objectContaining({ period: 'P01', total: '100.00' }), expect.objectContaining({ period: 'P09', total: '50.00' })]);
    const uk = runCli(['validate', file, '--config', join(dir, 'uk.json')]);
    expect(uk.code).toBe(1);
    expect(uk.stdout).toContain('error[bad-date]: Posting Date: date "04/13/2022" has no month 13');
  });

  it('a profile can search further down for its header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-recon-deep-'));
    const file = join(dir, 'deep.csv');
    const preamble = Array.from({ length: 60 }, (_, i) => `Report note ${i}`).join('\n');
    writeFileSync(file, `${preamble}\nDocument Number,Line,Posting Date,Cost Centre,Account Code,Net Amount\n1,1,05/04/2022,SMH001,511000,10.00\n`);
    expect(runCli(['validate', file]).code).toBe(2);
    writeFileSync(join(dir, 'deep.json'), JSON.stringify({ profiles: [{ name: 'deep report', kind: 'gl', columns: {}, headerSearchRows: 100 }] }));
    expect(runCli(['validate', file, '--config', join(dir, 'deep.json')]).code).toBe(0);
  });
});
