/** `grant-recon claims list DIR`: the claim register of a folder of claim files (as written by `claim --format json`). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { assembleClaimRegister, type RegisterInput } from '../../core/claim-register.js';
import { renderClaimRegisterCsv } from '../../render/csv.js';
import { claimRegisterDocument } from '../../render/document.js';
import { UnusableFileError } from '../../ingest/unusable-file.js';
import { resolveFormat } from '../format.js';
import { renderReport } from '../render-report.js';
import { readClaimFile } from '../read-claim-file.js';
import { prepareRun, type CommonOptions } from '../read-inputs.js';
import { writeResult } from '../write-output.js';

/** Runs `claims list`: exit 1 when claims overlap, 0 otherwise (gaps and skipped files are shown, not failed). */
export async function runClaimsList(folder: string, options: CommonOptions): Promise<void> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html']);
  const { config, generatedAt } = await prepareRun(options);
  const inputs = await readClaimFolder(folder);
  const register = assembleClaimRegister(inputs, config, folder, generatedAt);
  const text = await renderReport(format, register, { csv: renderClaimRegisterCsv, document: claimRegisterDocument }, options.output);
  await writeResult(text, options.output, options.force ?? false);
  const { overlaps } = register.counts;
  if (overlaps > 0) {
    process.stderr.write(`grant-recon: ${overlaps} overlapping claim${overlaps === 1 ? '' : 's'}: a period may be claimed once (exit 1)\n`);
    process.exitCode = 1;
  }
}

/** Reads every `*.json` file of the folder (not its subfolders), in name order. */
async function readClaimFolder(folder: string): Promise<RegisterInput[]> {
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) throw new UnusableFileError(folder, 'is a file, not a folder of claim files', 'name the folder that holds the claim files, e.g. claims/2022-23');
    names = await readdir(folder);
  } catch (error) {
    if (error instanceof UnusableFileError) throw error;
    const code = (error as { code?: string }).code;
    throw new UnusableFileError(folder, code === 'ENOENT' ? 'no such folder' : `the folder cannot be read (${code ?? 'error'})`, 'check the path and that the folder can be read');
  }
  const inputs: RegisterInput[] = [];
  for (const name of names.filter((n) => n.toLowerCase().endsWith('.json')).sort()) {
    const file = join(folder, name);
    const read = await readClaimFile(file);
    inputs.push(read.ok ? { file, claim: read.claim } : { file, problem: read.problem });
  }
  return inputs;
}
