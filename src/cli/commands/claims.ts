/** `grant-recon claims list DIR`: the claim register of a folder of claim files (as written by `claim --format json`). */
import { UsageError, type ExitCode } from '../usage-error.js';
import { assembleClaimRegister, claimPastCaps } from '../../core/reports/claim-register.js';
import { renderClaimRegisterCsv } from '../../render/csv.js';
import { claimRegisterDocument } from '../../render/document.js';
import { resolveFormat } from '../format.js';
import { renderReport } from '../render-report.js';
import { readClaimFolder } from '../earlier/read-claim-folder.js';
import { configurationWords } from '../../core/rules/categories.js';
import { undigestedNote } from '../earlier/earlier-digest.js';
import { prepareRun, type CommonOptions } from '../read-inputs.js';
import { writeResult } from '../write-output.js';
import { visible } from '../../render/visible.js';

/** Writes to stderr with control characters shown, never written: the messages name the folder's files, whose names may hold them. */
function say(text: string): void {
  process.stderr.write(visible(text));
}

/**
 * Runs `claims list`: exit 1 when claims overlap, when a claim file fails its checks (its digest or its figures:
 * changed after it was written, or forged), when a file that shows the signs of a claim cannot be read as one (cut
 * short, emptied, of a schema this version does not read: read-claim-file.ts), when a claim of this grant is of
 * another kind of claim period than the grant's (each such file is named and left out of the register), when a
 * claim's record of the earlier years (what they claimed of the grant cap, the cap they carried forward) is
 * contradicted by their claims in the folder, or when more was claimed than the caps allow. 0 otherwise (gaps, and
 * files that are not claims, are shown, not failed). A claim of this grant written with other categories refuses
 * the register (exit 2): it was made with another configuration, whose caps may differ too.
 */
export async function runClaimsList(folder: string, options: CommonOptions): Promise<ExitCode> {
  const format = resolveFormat(options.format, options.output, ['table', 'json', 'csv', 'md', 'html']);
  const { config, generatedAt } = await prepareRun(options);
  const files = await readClaimFolder(folder, config);
  // A claim of this grant whose categories are not the configuration's was written with another configuration: the
  // register would be made with the wrong one, so the run is refused (another grant's claims are listed as such).
  const otherCategories = files.flatMap(({ file, read }) => (!read.ok && read.kind === 'other-categories' && read.reference === config.grant.reference ? [`${file}: ${read.problem}`] : []));
  if (otherCategories.length > 0) {
    const named = files.filter(({ read }) => !read.ok && read.kind === 'other-categories' && read.reference === config.grant.reference).map(({ file }) => file);
    throw new UsageError(
      `${named.length === 1 ? 'a claim file' : `${named.length} claim files`} of ${config.grant.reference} in ${folder} ${named.length === 1 ? 'was' : 'were'} written with other categories than ${configurationWords(config)}, so no register is made with it: ${otherCategories.join('; ')}`,
      `if the claims of ${folder} were made with another configuration, list them with it: grant-recon claims list ${folder} --config THAT-CONFIG.json; if ${named.join(', ')} ${named.length === 1 ? 'does' : 'do'} not belong with the claims of ${folder}, move ${named.length === 1 ? 'it' : 'them'} out of the folder`,
    );
  }
  const inputs = files.map(({ file, read }) => (read.ok ? { file, claim: read.claim } : { file, problem: read.problem }));
  const register = assembleClaimRegister(inputs, config, folder, generatedAt);
  const undigested = files.filter(({ read }) => read.ok && read.digest === 'absent').map(({ file }) => file);
  if (undigested.length > 0) say(`grant-recon: ${undigestedNote(undigested)}\n`);
  const text = await renderReport(format, register, { csv: renderClaimRegisterCsv, document: claimRegisterDocument }, options.output);
  await writeResult(text, options.output, options.force ?? false);
  let code: ExitCode = 0;
  const { overlaps } = register.counts;
  if (overlaps > 0) {
    say(`grant-recon: ${overlaps} overlapping claim${overlaps === 1 ? '' : 's'}: a period may be claimed once (exit 1)\n`);
    code = 1;
  }
  const unreadable = files.flatMap(({ file, read }) => (!read.ok && (read.kind === 'unreadable' || read.kind === 'other-claim-periods') ? [`${file}: ${read.problem}`] : []));
  if (unreadable.length > 0) {
    say(
      `grant-recon: ${unreadable.length === 1 ? 'a claim file' : `${unreadable.length} claim files`} cannot be used and ${unreadable.length === 1 ? 'is' : 'are'} left out of the register, so what ${unreadable.length === 1 ? 'it claims is' : 'they claim is'} not counted (exit 1): ${unreadable.join('; ')}\n  hint: restore each file named as it was sent, or take it out of ${folder}; a claim made with another configuration is listed with that one (--config)\n`,
    );
    code = 1;
  }
  // A claim whose record of the earlier years the folder contradicts, or more claimed than the caps allow.
  const capChecks = register.years.flatMap((y) => [...(y.capChecks ?? []), ...(y.historyChecks ?? [])]);
  // Without a grant cap or carry-forward the register lists no capChecks; claims past the year's cap still fail it.
  for (const y of register.years) {
    const over = y.capChecks === undefined ? claimPastCaps(y.year, y.claims, 'its cap allows') : undefined;
    if (over !== undefined) {
      say(`grant-recon: ${over.message} (exit 1)\n`);
      code = 1;
    }
  }
  for (const check of capChecks) say(`grant-recon: ${check.message}\n`);
  if (capChecks.length > 0) {
    say(`grant-recon: ${capChecks.length} claim${capChecks.length === 1 ? '' : 's'} that the caps or the folder's earlier claims contradict (exit 1)\n`);
    code = 1;
  }
  const failing = files.flatMap(({ file, read }) => (!read.ok && read.kind === 'inconsistent' ? [`${file}: ${read.problem}`] : []));
  if (failing.length > 0) {
    const n = failing.length;
    say(
      `grant-recon: ${n} claim file${n === 1 ? '' : 's'} fail${n === 1 ? 's' : ''} ${n === 1 ? 'its' : 'their'} checks (changed after being written, or not what ${n === 1 ? 'it says' : 'they say'}) and ${n === 1 ? 'is' : 'are'} left out of the register (exit 1): ${failing.join('; ')}\n`,
    );
    code = 1;
  }
  return code;
}
