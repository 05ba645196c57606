/**
 * Claim history (`claim --previous`): the earlier claims of the FY, checked against the claim being made, give
 * `previouslyClaimed` (the sum of their `claimDue`), and the ledger as it stands now says what the periods they
 * covered are worth today: the difference is the prior-period adjustment (a late credit, a restated month).
 */
import { uncoveredStretches } from '../calendar/uncovered.js';
import { nameClaimGaps, type ClaimFrequency, type ClaimGap } from '../calendar/claim-periods.js';
import { claimableUnderCaps, type YearCap } from './cap.js';
import type { ClaimPeriodRange } from '../calendar/fiscal.js';
import { fiscalPeriodOfDate, throughPeriod } from '../calendar/fiscal.js';
import type { Ledger } from '../fold/ledger.js';
import { formatPence } from '../money.js';
import { diffRows, type RowChange, type RowFingerprint } from './restatement.js';
import { sumPeriods } from './reconcile.js';
import type { Category, Pence } from '../types.js';

/** An earlier claim, as read from the claim file it was sent as. */
export interface PreviousClaim {
  readonly file: string;
  readonly sha256: string;
  readonly reference: string;
  readonly year: string;
  readonly period: { readonly label: string; readonly from: string; readonly to: string };
  readonly claimDue: Pence;
  /** The claim's cumulative actual per category, when the file has it. */
  readonly cumulativeActual: ReadonlyMap<Category, Pence>;
  /** The included rows behind it (of its FY, P01 to the end of its period), when it was written with --with-rows. */
  readonly rows?: readonly RowFingerprint[] | null;
}

/** What the history adds to a claim. */
export interface ClaimHistory {
  readonly previouslyClaimed: Pence;
  readonly priorPeriodAdjustment: Pence;
  /** The claims taken into account, in period order. */
  readonly claims: readonly { readonly file: string; readonly sha256: string; readonly period: string; readonly from: string; readonly to: string; readonly claimDue: Pence }[];
  /**
   * Per category: cumulative actual to the end of the latest earlier claim, as claimed then and as the ledger says
   * now; with rows on both sides, the rows that moved (added, removed, changed) behind the restatement.
   */
  readonly restatements: readonly {
    readonly category: Category;
    readonly claimed: Pence;
    readonly now: Pence;
    readonly restatement: Pence;
    readonly changes?: readonly RowChange[];
  }[];
  /**
   * Whether the restatements list their rows: present when the latest earlier claim has rows, or when rows were
   * asked for (claim --with-rows) and it has none (the note says so). Absent otherwise.
   */
  readonly restatementRows?: { readonly listed: boolean; readonly note: string | null };
  /**
   * Dates inside the FY, before this claim period, that no earlier claim covered (this claim's due takes them in);
   * with a claim frequency, each names the grant's claim periods it meets.
   */
  readonly gaps: readonly ClaimGap[];
}

/**
 * Checks the earlier claims against the claim being made, and against each other; returns every reason to refuse
 * them, the same file given twice first (a sum would count it twice, so then none is worked out). Each file has
 * proved its own figures (its digest and the formulas); together, what they claimed must lie between nothing and the
 * cap, as every claim's cumulative claimable does, so that no set of files can make the claim due pass the cap either
 * way.
 */
export function checkPreviousClaims(
  previous: readonly PreviousClaim[],
  /** `cap`: the most the year's cap can be (with what earlier years can carry into it); `yearCap`: its configured cap, when known. */
  claim: { readonly reference: string; readonly year: string; readonly range: ClaimPeriodRange; readonly cap: Pence; readonly yearCap?: Pence },
): string[] {
  // The same file given twice is said first: any sum of the claims would count it twice.
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const p of previous) {
    const same = seen.get(p.sha256);
    if (same !== undefined) problems.push(`${p.file} is the same claim file as ${same}`);
    seen.set(p.sha256, p.file);
  }
  const final = claim.range.label === 'final';
  for (const p of previous) {
    if (p.reference !== claim.reference) problems.push(`${p.file} is a claim of grant ${p.reference}, not ${claim.reference}`);
    else if (p.year !== claim.year) problems.push(`${p.file} is a claim for ${p.year}, not ${claim.year}`);
    else if (final && p.period.label === 'final') problems.push(`${p.file} is a final claim: a final claim takes only the non-final claims of the year`);
    else if (!final && p.period.to >= claim.range.from) {
      problems.push(`${p.file} (${p.period.label}, ${p.period.from} to ${p.period.to}) does not end before this claim period begins (${claim.range.from})`);
    }
  }
  const ordered = [...previous].sort((a, b) => (a.period.from < b.period.from ? -1 : a.period.from > b.period.from ? 1 : 0));
  // Every pair, not only neighbours: Q1 overlaps May though April stands between them.
  for (let i = 1; i < ordered.length; i++) {
    const after = ordered[i] as PreviousClaim;
    for (const before of ordered.slice(0, i)) {
      if (after.period.from <= before.period.to && after.sha256 !== before.sha256) {
        problems.push(`${after.file} (${after.period.label}) overlaps ${before.file} (${before.period.label}): each period may be claimed once`);
      }
    }
  }
  const claimed = previous.reduce((s, p) => s + p.claimDue, 0n);
  if (seen.size === previous.length && (claimed < 0n || claimed > claim.cap)) {
    const capWords =
      claim.yearCap === undefined || claim.yearCap === claim.cap
        ? `its cap, ${formatPence(claim.cap)}`
        : `the most its cap can be, ${formatPence(claim.cap)} (its own cap ${formatPence(claim.yearCap)} and all that the earlier years' caps could carry forward into it)`;
    problems.push(`the earlier claims' claim due add up to ${formatPence(claimed)}, but what was claimed before for a year lies between 0.00 and ${capWords}: one of them is not what was sent`);
  }
  return problems;
}

/**
 * Earlier claims made without the claims before them: each whose previously claimed is not what the claims before it
 * (of those given) claimed. Not a reason to refuse (a claim may have been made without --previous, and a month
 * restated since), but said, since a claim made that way may have claimed a period twice or not at all.
 */
export function claimsMadeWithoutTheirHistory(previous: readonly (PreviousClaim & { readonly previouslyClaimed?: Pence | undefined })[]): string[] {
  const ordered = [...previous].sort((a, b) => (a.period.from < b.period.from ? -1 : 1));
  const notes: string[] = [];
  let before = 0n;
  for (const p of ordered) {
    if (p.previouslyClaimed !== undefined && p.previouslyClaimed !== before) {
      notes.push(`${p.file} (${p.period.label}) was made with previously claimed ${formatPence(p.previouslyClaimed)}, but the earlier claims given before it claimed ${formatPence(before)}`);
    }
    before += p.claimDue;
  }
  return notes;
}

/**
 * Earlier claims of the year whose record of the grant's earlier years is not what the ledger gives now: the
 * claimable of the earlier years under the grant cap (`claimedBefore`), or the cap carried into this year
 * (`capCarriedIn`). Either changes what this year may claim, so a prior-period adjustment follows from it that the
 * restatements of this year's categories do not show; said, with the figures, so that the adjustment is never
 * unexplained (a restatement of an earlier year, or a claim file that is not what was sent).
 */
export function earlierYearsRecordedOtherwise(
  previous: readonly (PreviousClaim & { readonly claimedBefore?: Pence | undefined; readonly capCarriedIn?: Pence | undefined })[],
  now: { readonly claimedBefore: Pence | undefined; readonly carriedIn: Pence },
): string[] {
  const notes: string[] = [];
  for (const p of previous) {
    const then = `${p.file} (${p.period.label}) was made counting`;
    if (p.claimedBefore !== undefined && now.claimedBefore !== undefined && p.claimedBefore !== now.claimedBefore) {
      notes.push(
        `${then} ${formatPence(p.claimedBefore)} claimable in the grant's earlier years, but the ledger now gives ${formatPence(now.claimedBefore)}: the grant cap leaves this year ${formatPence(p.claimedBefore > now.claimedBefore ? p.claimedBefore - now.claimedBefore : now.claimedBefore - p.claimedBefore)} ${p.claimedBefore > now.claimedBefore ? 'more' : 'less'} than it did then, which the prior-period adjustment takes in`,
      );
    }
    if (p.capCarriedIn !== undefined && p.capCarriedIn !== now.carriedIn) {
      notes.push(`${then} a cap of ${formatPence(p.capCarriedIn)} carried into the year, but the ledger now gives ${formatPence(now.carriedIn)}, which the prior-period adjustment takes in`);
    }
  }
  return notes;
}

/**
 * Earlier claims that say claims were sent before them which are not given: an earlier claim whose previously
 * claimed is more than what the claims given before it claimed, while dates of the year before it are covered by
 * none of them. What it counted as claimed for those dates was claimed by a claim left out (or, made without
 * --previous, taken from the ledger as claimed), so a claim made from these would claim those dates again: every
 * reason is returned, for the claim to be refused. (Where the given claims leave no gap, a previously claimed that
 * differs is a restatement, said by claimsMadeWithoutTheirHistory.)
 */
export function claimsLeftOut(previous: readonly (PreviousClaim & { readonly previouslyClaimed?: Pence | undefined })[], fyFrom: string): string[] {
  const ordered = [...previous].sort((a, b) => (a.period.from < b.period.from ? -1 : 1));
  const problems: string[] = [];
  let before = 0n;
  ordered.forEach((p, i) => {
    const gaps = uncoveredStretches(ordered.slice(0, i).map((c) => c.period), fyFrom, p.period.from);
    if (p.previouslyClaimed !== undefined && p.previouslyClaimed > before && gaps.length > 0) {
      const dates = gaps.map((g) => `${g.from} to ${g.to}`).join(', ');
      problems.push(
        `${p.file} (${p.period.label}) records previously claimed ${formatPence(p.previouslyClaimed)}, but the earlier claims given before it claimed ${formatPence(before)} and none of them covers ${dates}: the claims of those dates are missing, and this claim would claim ${formatPence(p.previouslyClaimed - before)} of them again`,
      );
    }
    before += p.claimDue;
  });
  return problems;
}

/** Applies checked earlier claims to a claim of FY `fy` starting at `range` (of a grant claimed at `frequency`, when set). */
export function applyClaimHistory(
  ledger: Ledger,
  fy: number,
  /** The year's caps (yearCapOf), or its cap alone where no grant cap applies. */
  caps: Pence | Pick<YearCap, 'cap' | 'grantLeft'>,
  range: ClaimPeriodRange,
  previous: readonly PreviousClaim[],
  fyFrom: string,
  currentRows?: readonly RowFingerprint[],
  frequency?: ClaimFrequency,
): ClaimHistory {
  const year = ledger.years.find((y) => y.fy === fy);
  if (!year) throw new Error(`FY ${fy} is not a year of the grant`);
  const ordered = [...previous].sort((a, b) => (a.period.from < b.period.from ? -1 : 1));
  const previouslyClaimed = ordered.reduce((s, p) => s + p.claimDue, 0n);
  const latest = ordered[ordered.length - 1];
  let priorPeriodAdjustment = 0n;
  let restatements: ClaimHistory['restatements'] = [];
  let restatementRows: ClaimHistory['restatementRows'];
  if (latest) {
    const lastPeriod = throughPeriod(fiscalPeriodOfDate(latest.period.to).period);
    const now = sumPeriods(year, 1, lastPeriod);
    priorPeriodAdjustment = claimableUnderCaps(now.reduce((s, a) => s + a, 0n), typeof caps === 'bigint' ? { cap: caps, grantLeft: undefined } : caps) - previouslyClaimed;
    // The rows that moved: a row's cell is its category, over the FY's periods the latest earlier claim covered.
    const changes =
      latest.rows && currentRows ? diffRows(latest.rows, currentRows, (row) => (row.fy === fy && row.period <= lastPeriod ? row.category : undefined)) : undefined;
    if (changes) restatementRows = { listed: true, note: null };
    else if (currentRows) restatementRows = { listed: false, note: `${latest.file} has no rows, so only the figures are compared: for the rows behind each restatement, write the claims with claim --with-rows --format json` };
    restatements = year.categories.flatMap((category, i) => {
      const claimed = latest.cumulativeActual.get(category);
      if (claimed === undefined) return [];
      const current = now[i] as Pence;
      return [{ category, claimed, now: current, restatement: current - claimed, ...(changes ? { changes: changes.get(category) ?? [] } : {}) }];
    });
  }
  return {
    previouslyClaimed,
    priorPeriodAdjustment,
    claims: ordered.map((p) => ({ file: p.file, sha256: p.sha256, period: p.period.label, from: p.period.from, to: p.period.to, claimDue: p.claimDue })),
    restatements,
    ...(restatementRows ? { restatementRows } : {}),
    gaps: nameClaimGaps(fy, frequency, uncoveredStretches(ordered.map((p) => p.period), fyFrom, range.label === 'final' ? undefined : range.from)),
  };
}
