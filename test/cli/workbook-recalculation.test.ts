/**
 * The workbooks' SUM totals recalculated by a spreadsheet: every cached value is removed from the formula cells,
 * LibreOffice (headless) opens the file and saves it again, computing each formula itself, and the values it
 * computes are the JSON report's exact figures. Skipped, saying why, where LibreOffice is not installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { readWorkbook } from '../support/workbook.js';

/** The LibreOffice program on this machine, or undefined. */
function findSoffice(): string | undefined {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

const soffice = findSoffice();
if (!soffice) console.warn('workbook-recalculation: skipped: LibreOffice (soffice) is not installed, so no spreadsheet can recalculate the workbooks here');

const expected = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/sample/expected.json'), 'utf8')) as { files: string[] };
const dir = mkdtempSync(join(tmpdir(), 'grant-recon-recalc-'));

/** Removes the cached value of every formula cell, so that only a recalculation can give the cell a value. */
async function withoutCachedValues(bytes: Buffer): Promise<{ bytes: Uint8Array; formulas: number }> {
  const zip = await JSZip.loadAsync(bytes);
  let formulas = 0;
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const xml = await (zip.file(name) as JSZip.JSZipObject).async('string');
    zip.file(
      name,
      xml.replace(/(<\/f>)<v>[^<]*<\/v>/g, (_, end: string) => {
        formulas++;
        return end;
      }),
    );
  }
  return { bytes: await zip.generateAsync({ type: 'uint8array' }), formulas };
}

/** Every formula cell of the workbook: sheet!address → [formula, value as two decimals]. */
function formulaCells(workbook: ExcelJS.Workbook): Map<string, [string, string]> {
  const cells = new Map<string, [string, string]>();
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as ExcelJS.CellFormulaValue | null;
        if (v && typeof v === 'object' && 'formula' in v) cells.set(`${sheet.name}!${cell.address}`, [v.formula, typeof v.result === 'number' ? v.result.toFixed(2) : `no value (${JSON.stringify(v.result)})`]);
      }),
    ),
  );
  return cells;
}

describe.skipIf(!soffice)('LibreOffice recalculates the SUM totals to the exact figures', () => {
  const cases = {
    claim: ['claim', ...expected.files, '--year', '2023/24', '--quarter', 'Q4'],
    reconciliation: ['reconcile', ...expected.files],
  };
  const written = new Map<string, ExcelJS.Workbook>();
  const recalculated = new Map<string, ExcelJS.Workbook>();
  const stripped = new Map<string, number>();

  beforeAll(async () => {
    const inputs: string[] = [];
    for (const [name, args] of Object.entries(cases)) {
      const out = join(dir, `${name}.xlsx`);
      const run = runCli([...args, '-o', out, '--as-of', '2024-04-20']);
      expect(run.code, run.stderr).toBe(0);
      written.set(name, await readWorkbook(out));
      const { bytes, formulas } = await withoutCachedValues(readFileSync(out));
      stripped.set(name, formulas);
      const input = join(dir, `${name}-uncached.xlsx`);
      writeFileSync(input, bytes);
      inputs.push(input);
    }
    const outdir = join(dir, 'recalculated');
    mkdirSync(outdir);
    // A profile of its own: a LibreOffice already open for the user must not take the conversion.
    execFileSync(soffice as string, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'xlsx', '--outdir', outdir, ...inputs], { stdio: 'pipe', timeout: 170_000 });
    for (const name of Object.keys(cases)) recalculated.set(name, await readWorkbook(join(outdir, `${name}-uncached.xlsx`)));
  }, 180_000);

  it.each(Object.keys(cases))('%s: every formula, recalculated, is its cached value and the JSON figure', (name) => {
    const ours = formulaCells(written.get(name) as ExcelJS.Workbook);
    const theirs = formulaCells(recalculated.get(name) as ExcelJS.Workbook);
    expect(ours.size).toBeGreaterThan(10);
    expect(stripped.get(name)).toBe(ours.size);
    // The same formulas in the same cells, each with the value LibreOffice computed equal to the one cached.
    expect([...theirs.entries()]).toEqual([...ours.entries()]);
  });

  it('the recalculated totals are the JSON figures', () => {
    const claim = JSON.parse(runCli([...cases.claim, '--format', 'json', '--as-of', '2024-04-20']).stdout) as { totals: Record<string, string> };
    const reconciliation = JSON.parse(runCli([...cases.reconciliation, '--format', 'json', '--as-of', '2024-04-20']).stdout) as { years: { ytdActual: string }[]; controlTotals: { input: string } };
    const value = (name: string, at: string): string | undefined => formulaCells(recalculated.get(name) as ExcelJS.Workbook).get(at)?.[1];
    const claimCells = formulaCells(recalculated.get('claim') as ExcelJS.Workbook);
    // The Claim sheet's first formulas are its Total line: period actual, then cumulative actual.
    const totals = [...claimCells.entries()].filter(([at]) => at.startsWith('Claim!')).map(([, [, v]]) => v);
    expect(totals.slice(0, 2)).toEqual([claim.totals.periodActual, claim.totals.cumulativeActual]);
    expect(value('reconciliation', '2022-23!I17')).toBe(reconciliation.years[0]?.ytdActual);
    expect(value('reconciliation', '2023-24!I17')).toBe(reconciliation.years[1]?.ytdActual);
    expect(value('reconciliation', 'Inputs!C7')).toBe(reconciliation.controlTotals.input);
    // Hand-checked (README): the sample's 2023/24 year to date.
    expect(reconciliation.years[1]?.ytdActual).toBe('3011630.43');
  });
});
