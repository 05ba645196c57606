/** Reading a written workbook back in tests: rows found by their first cell, amounts and totals as their parts. */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { POUNDS_FORMAT } from '../../src/render/workbook-cells.js';

/** The workbook at `path`, read with the library. */
export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** The rows of `sheet` whose first cell is `label`, in order; fails when there is none. */
export function rowsLabelled(workbook: ExcelJS.Workbook, sheet: string, label: string): ExcelJS.Row[] {
  const found: ExcelJS.Row[] = [];
  const ws = workbook.getWorksheet(sheet);
  expect(ws, `a sheet "${sheet}"`).toBeDefined();
  ws?.eachRow((row) => {
    if (row.getCell(1).value === label) found.push(row);
  });
  expect(found.length, `${sheet}: a row "${label}"`).toBeGreaterThan(0);
  return found;
}

/** The first row of `sheet` whose first cell is `label`. */
export const rowLabelled = (workbook: ExcelJS.Workbook, sheet: string, label: string, nth = 0): ExcelJS.Row => rowsLabelled(workbook, sheet, label)[nth] as ExcelJS.Row;

/**
 * An amount cell as `1234.56` (a plain number) or `=SUM(B2:B7) → 1234.56` (a formula and its cached value);
 * fails unless the cell is in the pounds format.
 */
export function money(cell: ExcelJS.Cell): string {
  expect(cell.numFmt, `${cell.address} is in the pounds format`).toBe(POUNDS_FORMAT);
  const v = cell.value;
  if (typeof v === 'number') return v.toFixed(2);
  const f = v as ExcelJS.CellFormulaValue;
  expect(typeof f?.formula, `${cell.address} is a number or a formula`).toBe('string');
  expect(typeof f.result, `${cell.address} has a cached value`).toBe('number');
  return `=${f.formula} → ${(f.result as number).toFixed(2)}`;
}

/** A count cell as `12` or `=SUM(B2:B7) → 12`. */
export function count(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v === 'number') return String(v);
  const f = v as ExcelJS.CellFormulaValue;
  return `=${f.formula} → ${typeof f.result === "number" ? f.result : 'no number'}`;
}

/** Pence of a two-decimal string, exactly. */
export const pence = (amount: string): bigint => BigInt(amount.replace('.', ''));

/** Two-decimal string of pence. */
export const decimal = (p: bigint): string => {
  const abs = p < 0n ? -p : p;
  return `${p < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};

/** The cells of every sheet that hold an amount written as text (`1234.56`, `£1,234.56`): a workbook should have none. */
export function amountsAsText(workbook: ExcelJS.Workbook): string[] {
  const found: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && /^-?£?[\d,]+\.\d\d$/.test(cell.value)) found.push(`${sheet.name}!${cell.address}`);
      }),
    ),
  );
  return found;
}
