/** `grant-recon claims list DIR`: the claim register of a folder of claim files (as written by `claim --format json`). */
import { UsageError, type ExitCode } from '../usage-error.js';
import { formatMoney } from '../../core/money.js';
import { assembleClaimRegister } from '../../core/reports/claim-register.js';
import { renderClaimRegisterCsv } from '../../render/csv.js';
import { claimRegisterDocument } from '../../render/document.js';
import { resolveFormat } from '../format.js';
import { renderReport } from '../render-report.js';
import { readClaimFolder } from '../earlier/read-claim-folder.js';
import { undigestedNote } from '../earlier/earlier-digest.js';
import { prepareRun, type CommonOptions } from '../read-inputs.js';
import { writeResult } from '../write-output.js';

/**
 * Runs `claims list`: exit 1 when claims overlap, when a claim's record of the earlier years (what they claimed of
 * the grant cap, the cap they carried forward) is contradicted by their claims in the folder, when more was claimed
 * than the caps allow, or when a claim file fails its checks (its digest or its figures:
 * changed after it was written, or forged); 0 otherwise (gaps and files that are not claims are shown, not failed).
 */
export async function runClaimsList(folder: string, options: CommonOptions): Promise<ExitCode> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html']);
  const { config, generatedAt } = await prepareRun(options);
  const files = await readClaimFolder(folder, config);
  // A claim of this grant whose categories are not the configuration's was written with another configuration: the
  // register would be made with the wrong one, so the run is refused (another grant's claims are listed as such).
  const otherCategories = files.flatMap(({ file, read }) => (!read.ok && read.kind === 'other-categories' && read.reference === config.grant.reference ? [`${file}: ${read.problem}`] : []));
  if (otherCategories.length > 0) throw new UsageError(otherCategories.join('; '), 'list the claims with the configuration they were written with (--config FILE)');
  const inputs = files.map(({ file, read }) => (read.ok ? { file, claim: read.claim } : { file, problem: read.problem }));
  const register = assembleClaimRegister(inputs, config, folder, generatedAt);
  const undigested = files.filter(({ read }) => read.ok && read.digest === 'absent').map(({ file }) => file);
  if (undigested.length > 0) process.stderr.write(`grant-recon: ${undigestedNote(undigested)}\n`);
  const text = await renderReport(format, register, { csv: renderClaimRegisterCsv, document: claimRegisterDocument }, options.output);
  await writeResult(text, options.output, options.force ?? false);
  let code: ExitCode = 0;
  const { overlaps } = register.counts;
  if (overlaps > 0) {
    process.stderr.write(`grant-recon: ${overlaps} overlapping claim${overlaps === 1 ? '' : 's'}: a period may be claimed once (exit 1)\n`);
    code = 1;
  }
  // A claim whose record of the earlier years the folder contradicts, or more claimed than the caps allow.
  const capChecks = register.years.flatMap((y) => y.capChecks ?? []);
  // Without a grant cap or carry-forward the register lists no capChecks; claims past the year's cap still fail it.
  for (const y of register.years) {
    const over = y.capChecks === undefined ? y.claims.find((c) => c.remaining !== null && c.remaining < 0n) : undefined;
    if (over?.remaining != null) {
      process.stderr.write(`grant-recon: ${over.period} (${over.file}) brings what ${y.year} claimed to ${formatMoney(over.cumulativeClaimed)}, ${formatMoney(-over.remaining)} more than its cap allows (exit 1)\n`);
      code = 1;
    }
  }
  for (const check of capChecks) process.stderr.write(`grant-recon: ${check.message}\n`);
  if (capChecks.length > 0) {
    process.stderr.write(`grant-recon: ${capChecks.length} claim${capChecks.length === 1 ? '' : 's'} that the caps or the folder's earlier claims contradict (exit 1)\n`);
    code = 1;
  }
  const failing = files.filter(({ read }) => !read.ok && read.kind === 'inconsistent').length;
  if (failing > 0) {
    process.stderr.write(`grant-recon: ${failing} claim file${failing === 1 ? '' : 's'} fail${failing === 1 ? 's' : ''} ${failing === 1 ? 'its' : 'their'} checks (changed after being written, or not what ${failing === 1 ? 'it says' : 'they say'}) and ${failing === 1 ? 'is' : 'are'} left out of the register (exit 1)\n`);
    code = 1;
  }
  return code;
}
