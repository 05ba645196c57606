/** The workbook format: refused on a terminal, and refused whole (exit 2, nothing written) for an amount a cell cannot hold. */
import type { AmountBeyondWorkbookError } from '../render/workbook-cells.js';
import type { Format } from './format.js';
import { UsageError } from './usage-error.js';

/** Throws a UsageError when a workbook would go to a terminal: `example` is the -o file to suggest. */
export function refuseWorkbookOnTerminal(format: Format, output: string | undefined, example: string): void {
  if (format === 'xlsx' && output === undefined && process.stdout.isTTY) {
    throw new UsageError('a workbook is not for the terminal', `write it to a file: -o ${example}`);
  }
}

/**
 * The workbook's bytes, or a usage error naming an amount that a cell cannot hold to the penny. `what` names the
 * report (`claim`, `reconciliation`); `render` loads the workbook module (exceljs) only when a workbook is written.
 */
export async function renderWorkbookOrRefuse(what: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const { AmountBeyondWorkbookError: Beyond } = await import('../render/workbook-cells.js');
  try {
    return await render();
  } catch (error) {
    if (!(error instanceof Beyond)) throw error;
    const beyond: AmountBeyondWorkbookError = error;
    throw new UsageError(
      `cannot write the ${what} as a workbook: ${beyond.where} is ${beyond.amount}, more than the 15 significant digits a workbook cell holds and shows to the penny; nothing was written`,
      `write this ${what} as json, csv, md or html (--format or the -o extension), which carry every amount exactly`,
    );
  }
}
