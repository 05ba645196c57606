/**
 * The claim register (`grant-recon claims list DIR`): the claims sent for each FY, in period order, with what has
 * been claimed so far, what the cap still allows, the dates no claim covers and the claims that overlap.
 *
 * Conventions: dates are ISO `yyyy-mm-dd`, inclusive at both ends. Non-final claims are in period order (by
 * first date, then last date, then file); a final claim (the whole FY, label `final`) comes after them, because
 * it is made last and takes the others as previously claimed. `cumulativeClaimed` is the running sum of
 * `claimDue` in that order; `remaining` = cap − cumulative claimed (negative when more than the cap was claimed),
 * with a grant cap never more than it leaves after the claims of the grant's earlier years and this one so far.
 * A gap is a stretch of the FY, from its first day to the last day of the latest claim, that no claim covers; when
 * the configuration sets how often the grant is claimed, it names the claim periods it meets (`2022-07`, `Q2`).
 * Two non-final claims overlap when their dates meet; a final claim overlaps the non-final claims before it
 * unless it was made with them as --previous (its `previouslyClaimed` equals what they claimed).
 */
import type { GrantConfig, GrantIdentity } from '../grant-config.js';
import { isIsoDate } from '../calendar/calendar-date.js';
import { uncoveredStretches } from '../calendar/uncovered.js';
import { nameClaimGaps, type ClaimGap } from '../calendar/claim-periods.js';
import type { PreviousClaim } from './claim-history.js';
import { fyDateRange, fyLabel, parseFyLabel } from '../calendar/fiscal.js';
import type { Pence } from '../types.js';
import { formatMoney, maxPence, minPence } from '../money.js';
import { grantCapOf, stillClaimable } from './cap.js';

/** A claim file as read: an earlier claim, and what it says was claimed before it (when the file says). */
export interface ClaimFile extends PreviousClaim {
  readonly previouslyClaimed: Pence | undefined;
  /** The cap it says carried into its year from the year before (`capCarriedIn`), when the file says. */
  readonly capCarriedIn?: Pence | undefined;
  /** What it says the grant's earlier years can claim of the grant cap (`wholeGrant.claimedBefore`), when the file says. */
  readonly claimedBefore?: Pence | undefined;
}

/** A file of the folder: a claim, or the reason it is not one. */
export type RegisterInput = { readonly file: string; readonly claim: ClaimFile } | { readonly file: string; readonly problem: string };

/** One claim in the register. */
export interface RegisterEntry {
  readonly file: string;
  readonly sha256: string;
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly claimDue: Pence;
  /** The running sum of claimDue, in period order, through this claim. */
  readonly cumulativeClaimed: Pence;
  /** cap − cumulativeClaimed, and with a grant cap never more than it leaves (stillClaimable); null when the FY is not one of the grant's. */
  readonly remaining: Pence | null;
}

/** Two claims that claim the same dates. */
export interface RegisterOverlap {
  readonly file: string;
  readonly period: string;
  readonly with: { readonly file: string; readonly period: string };
  /** The dates both claim. */
  readonly from: string;
  readonly to: string;
  /** Why they overlap, in words. */
  readonly message: string;
}

/** A claim whose record of the years before it the folder's claims of those years contradict. */
export interface RegisterCapCheck {
  readonly file: string;
  readonly period: string;
  readonly message: string;
}

/** The claims of one FY. */
export interface RegisterYear {
  readonly year: string;
  /** The FY's cap from the configuration; null for a FY that is not one of the grant's. */
  readonly cap: Pence | null;
  readonly claims: readonly RegisterEntry[];
  /** Everything claimed for the FY. */
  readonly claimed: Pence;
  /** What the caps still allow: cap − claimed, and with a grant cap never more than it leaves (stillClaimable); null without a cap. */
  readonly remaining: Pence | null;
  /** With a claim frequency configured, each gap names the grant's claim periods it meets. */
  readonly gaps: readonly ClaimGap[];
  readonly overlaps: readonly RegisterOverlap[];
  /**
   * Only where the configuration carries forward: the cap carried into the year that `remaining` counts (the least
   * that its claims record, and never more than the folder's claims of the year before leave of its cap).
   */
  readonly capCarriedIn?: Pence;
  /**
   * Only with a grant cap: what it leaves the year before the year's own claims, which `remaining` never passes: the
   * grant cap less the larger of what the folder's claims of the earlier years claimed and what the year's claims
   * record that those years claimed (`wholeGrant.claimedBefore`), so a folder short of earlier claims is not read as
   * nothing claimed.
   */
  readonly grantLeft?: Pence;
  /**
   * Only with a grant cap or carry-forward: each claim whose record of the earlier years (what they claimed, the cap
   * they carried forward) the folder's claims of those years contradict, and each point where more was claimed than
   * the caps allow (`remaining` below 0). Any of them makes `claims list` exit 1.
   */
  readonly capChecks?: readonly RegisterCapCheck[];
  /**
   * Claims whose record of what was claimed before them (their previously claimed) the folder's claims before them
   * contradict: a claim made without one of them claims its dates again, and one made after claims the folder lacks
   * leaves what is still claimable overstated. Present only when there is one.
   */
  readonly historyChecks?: readonly RegisterCapCheck[];
}

/** The register value; every format renders this. */
export interface ClaimRegister {
  readonly schema: 'grant-recon/claim-register@1';
  readonly generatedAt: string;
  readonly grant: GrantIdentity;
  readonly folder: string;
  readonly years: readonly RegisterYear[];
  /** JSON files of the folder that are not claims of this grant, each with the reason. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly counts: { readonly claims: number; readonly skipped: number; readonly gaps: number; readonly overlaps: number };
}

/** Assembles the register from the files of a folder (in the order listed) and the effective configuration. */
export function assembleClaimRegister(inputs: readonly RegisterInput[], config: GrantConfig, folder: string, generatedAt: string): ClaimRegister {
  const skipped: { file: string; reason: string }[] = [];
  const byYear = new Map<number, ClaimFile[]>();
  for (const input of inputs) {
    if ('problem' in input) {
      skipped.push({ file: input.file, reason: input.problem });
      continue;
    }
    const { claim } = input;
    const fy = parseFyLabel(claim.year);
    const reason = unusableBecause(claim, fy, config.grant.reference);
    if (reason !== undefined || fy === undefined) {
      skipped.push({ file: input.file, reason: reason ?? 'not a claim' });
      continue;
    }
    const list = byYear.get(fy) ?? [];
    list.push(claim);
    byYear.set(fy, list);
  }
  // What the grant's years claimed before each year, in year order, for what the grant cap still allows; and what
  // each grant year's claims leave of its cap, for the cap carried into the next.
  let claimedBefore = 0n;
  const leftOfCap = new Map<number, Pence>();
  const years = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([fy, claims]) => {
      const index = config.years.findIndex((y) => y.fy === fy);
      const previousFy = index > 0 ? (config.years[index - 1] as GrantConfig['years'][number]).fy : undefined;
      const left = previousFy === undefined ? undefined : leftOfCap.get(previousFy);
      const before = previousFy === undefined || left === undefined ? undefined : { fy: previousFy, left };
      const year = registerYear(fy, grantCapOf(config, fy) ?? null, claims, config, claimedBefore, before);
      if (year.cap !== null) {
        claimedBefore += year.claimed;
        leftOfCap.set(fy, year.cap + (year.capCarriedIn ?? 0n) - year.claimed);
      }
      return year;
    });
  return {
    schema: 'grant-recon/claim-register@1',
    generatedAt,
    grant: config.grant,
    folder,
    years,
    skipped,
    counts: {
      claims: years.reduce((n, y) => n + y.claims.length, 0),
      skipped: skipped.length,
      gaps: years.reduce((n, y) => n + y.gaps.length, 0),
      overlaps: years.reduce((n, y) => n + y.overlaps.length, 0),
    },
  };
}

/** Cyrillic and Greek letters that look like Latin ones, as the Latin letters they are read as. */
const LOOK_ALIKE: Readonly<Record<string, string>> = Object.fromEntries(
  [...'АВЕКМНОРСТХаеорсухіјѕΑΒΕΖΗΙΚΜΝΟΡΤΥΧο'].map((c, i) => [c, 'ABEKMHOPCTXaeopcyxijsABEZHIKMNOPTYXo'[i] as string]),
);

/**
 * A grant reference as a reader sees it: compatibility forms and accents taken apart (NFKD); every space, control,
 * invisible or combining character, punctuation mark and symbol taken out (`PCD-1215`, `PCD 1215\ufe0f`); Cyrillic and
 * Greek look-alikes read as the Latin letters; in one case, with the letters o, l and i read as the digits 0 and 1.
 */
function referenceSkeleton(reference: string): string {
  return reference
    .normalize('NFKD')
    .replace(/[\s\p{C}\p{M}\p{P}\p{S}]/gu, '')
    .replace(/./gu, (c) => LOOK_ALIKE[c] ?? c)
    .toLowerCase()
    .replace(/[oli]/g, (c) => (c === 'o' ? '0' : '1'));
}

/**
 * Whether a claim's grant reference is this grant's written otherwise (`PCD 1215 ` with a space, `pcd 1215`,
 * `PCD\u00a01215`, `PCD 1215\u200b`, a Cyrillic Р): such a claim is this grant's, changed after it was written, and
 * passed over as another grant's, its claim due would be claimed again.
 */
export function grantWrittenOtherwise(its: string, reference: string): boolean {
  return its !== reference && referenceSkeleton(its) === referenceSkeleton(reference);
}

/** A reference as a message quotes it: in quotes, every character beyond printable ASCII as `\uHHHH`, so none hides. */
export function shownReference(reference: string): string {
  return JSON.stringify(reference).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What a claim of another grant is, to this grant's register: `a claim of grant VRU 2022-07, not CYB 2024`. */
export function claimOfOtherGrant(its: string, reference: string): string {
  return `a claim of grant ${/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(its) ? its : shownReference(its)}, not ${reference}`;
}

/** Why a claim file cannot stand in this grant's register, if it cannot. */
function unusableBecause(claim: ClaimFile, fy: number | undefined, reference: string): string | undefined {
  if (claim.reference !== reference) return claimOfOtherGrant(claim.reference, reference);
  if (fy === undefined) return `year "${claim.year}" is not a financial year`;
  const { from, to } = claim.period;
  if (!isIsoDate(from) || !isIsoDate(to)) return `its period ${claim.period.label} has a date that does not exist (${from} to ${to})`;
  const range = fyDateRange(fy);
  if (from > to || from < range.from || to > range.to) {
    return `its period ${claim.period.label} (${from} to ${to}) is not inside ${fyLabel(fy)} (${range.from} to ${range.to})`;
  }
  return undefined;
}

/**
 * The caps a year's claims are held to in the register, and the claims whose record of the earlier years the
 * folder contradicts. Without a grant cap or carry-forward: the year's cap alone, as configured.
 */
function capsOfRegisterYear(
  claims: readonly ClaimFile[],
  config: GrantConfig,
  folderClaimedBefore: Pence,
  previous: { readonly fy: number; readonly left: Pence } | undefined,
): { carriedIn: Pence | undefined; claimedBefore: Pence; checks: RegisterCapCheck[] } {
  const checks: RegisterCapCheck[] = [];
  let carriedIn: Pence | undefined;
  if (config.carryForward === true) {
    // Each claim says what carried in; a claim that does not say counts as nothing carried (the cautious reading).
    carriedIn = claims.reduce<Pence | undefined>((least, c) => minOf(least, c.capCarriedIn ?? 0n), undefined) ?? 0n;
    if (previous !== undefined) {
      const previousYear = fyLabel(previous.fy);
      const allowed = maxPence(0n, previous.left);
      for (const c of claims) {
        if ((c.capCarriedIn ?? 0n) > allowed) {
          checks.push({ file: c.file, period: c.period.label, message: `${describe(c)} records ${formatMoney(c.capCarriedIn ?? 0n)} carried from ${previousYear} (capCarriedIn), but the claims of ${previousYear} in this folder leave ${formatMoney(allowed)} of its cap` });
        }
      }
      carriedIn = minPence(carriedIn, allowed);
    }
  }
  let claimedBefore = folderClaimedBefore;
  if (config.grantCap !== undefined) {
    for (const c of claims) {
      if (c.claimedBefore === undefined) continue;
      if (c.claimedBefore < folderClaimedBefore) {
        checks.push({ file: c.file, period: c.period.label, message: `${describe(c)} records that the grant's earlier years claimed ${formatMoney(c.claimedBefore)} of the grant cap (wholeGrant.claimedBefore), but their claims in this folder claimed ${formatMoney(folderClaimedBefore)}: it was made without them or from a ledger that restated them since, or is not what was sent` });
      }
      // The larger of the two: a folder short of the earlier years' claims is not read as nothing claimed.
      claimedBefore = maxPence(claimedBefore, c.claimedBefore);
    }
  }
  return { carriedIn, claimedBefore, checks };
}

/**
 * The first claim of a year that takes what it can still claim below 0 (`remaining`): more was claimed than its cap,
 * or its caps, allow (`allow` says which). For every grant: the register's own capChecks with a grant cap or
 * carry-forward, `claims list` alone otherwise.
 */
export function claimPastCaps(year: string, entries: readonly RegisterEntry[], allow: 'its cap allows' | 'its caps allow'): RegisterCapCheck | undefined {
  const over = entries.find((e) => e.remaining !== null && e.remaining < 0n);
  if (over?.remaining == null) return undefined;
  return { file: over.file, period: over.period, message: `${over.period} (${over.file}) brings what ${year} claimed to ${formatMoney(over.cumulativeClaimed)}, ${formatMoney(-over.remaining)} more than ${allow}` };
}

function minOf(a: Pence | undefined, b: Pence): Pence {
  return a === undefined ? b : minPence(a, b);
}

function registerYear(fy: number, cap: Pence | null, claims: readonly ClaimFile[], config: GrantConfig, folderClaimedBefore: Pence, previous: { readonly fy: number; readonly left: Pence } | undefined): RegisterYear {
  const held = cap !== null && (config.grantCap !== undefined || config.carryForward === true);
  const caps = held ? capsOfRegisterYear(claims, config, folderClaimedBefore, previous) : { carriedIn: undefined, claimedBefore: folderClaimedBefore, checks: [] };
  const capOfYear = cap === null ? null : cap + (caps.carriedIn ?? 0n);
  const left = (claimed: Pence): Pence | null => (capOfYear === null ? null : stillClaimable(capOfYear, claimed, config.grantCap, caps.claimedBefore));
  const isFinal = (c: ClaimFile): boolean => c.period.label === 'final';
  const byDates = (a: ClaimFile, b: ClaimFile): number => compare(a.period.from, b.period.from) || compare(a.period.to, b.period.to) || compare(a.file, b.file);
  const nonFinal = claims.filter((c) => !isFinal(c)).sort(byDates);
  const finals = claims.filter(isFinal).sort((a, b) => compare(a.file, b.file));
  const ordered = [...nonFinal, ...finals];

  let cumulative = 0n;
  const entries = ordered.map((c): RegisterEntry => {
    cumulative += c.claimDue;
    return {
      file: c.file,
      sha256: c.sha256,
      period: c.period.label,
      from: c.period.from,
      to: c.period.to,
      claimDue: c.claimDue,
      cumulativeClaimed: cumulative,
      remaining: left(cumulative),
    };
  });

  const overlaps: RegisterOverlap[] = [];
  for (let j = 0; j < nonFinal.length; j++) {
    for (let i = 0; i < j; i++) {
      const overlap = overlapOf(nonFinal[j] as ClaimFile, nonFinal[i] as ClaimFile);
      if (overlap) overlaps.push(overlap);
    }
  }
  // Where claims of the year overlap, the overlap is the finding: a claim after them records what it should.
  const nonFinalOverlaps = overlaps.length > 0;
  const nonFinalClaimed = nonFinal.reduce((s, c) => s + c.claimDue, 0n);
  finals.forEach((final, k) => {
    if (k > 0) {
      const first = finals[0] as ClaimFile;
      overlaps.push({ ...pair(final, first), from: final.period.from, to: final.period.to, message: `${describe(final)} claims the whole year again: ${describe(first)} already claims it` });
    }
    // Made after claims the folder lacks: named by historyChecks, not as overlaps with the claims it counted.
    const missing = final.previouslyClaimed !== undefined && final.previouslyClaimed > nonFinalClaimed;
    if (!missing && final.previouslyClaimed !== nonFinalClaimed) {
      // Made without the year's other claims as --previous: it claims their dates a second time.
      for (const earlier of nonFinal) {
        const overlap = overlapOf(final, earlier);
        if (overlap) overlaps.push(overlap);
      }
    }
  });

  const history = historyChecks(nonFinalOverlaps ? [] : nonFinal, finals, nonFinalClaimed);
  const remaining = left(cumulative);
  if (held) {
    // Still claimable below 0 anywhere in the year: more was claimed than the caps allow, which fails the register.
    const over = claimPastCaps(fyLabel(fy), entries, 'its caps allow');
    if (over !== undefined) caps.checks.push(over);
  }
  return {
    year: fyLabel(fy),
    cap,
    claims: entries,
    claimed: cumulative,
    remaining,
    gaps: nameClaimGaps(fy, config.claimPeriods, uncoveredStretches(ordered.map((c) => c.period), fyDateRange(fy).from)),
    overlaps,
    ...(held && config.carryForward === true ? { capCarriedIn: caps.carriedIn ?? 0n } : {}),
    ...(held && config.grantCap !== undefined ? { grantLeft: maxPence(0n, config.grantCap - caps.claimedBefore) } : {}),
    ...(held ? { capChecks: caps.checks } : {}),
    ...(history.length > 0 ? { historyChecks: history } : {}),
  };
}

/**
 * The claims whose previously claimed the folder contradicts, where they record one: a claim that records less than
 * the folder's claims before it claim (made without one of them, it claims its dates again), and a final claim that
 * records more than the year's other claims (made after claims the folder lacks, whose dates the final covers, so no
 * gap shows them). A claim recording more shows a gap; a final recording less is named by its overlaps.
 */
function historyChecks(nonFinal: readonly ClaimFile[], finals: readonly ClaimFile[], nonFinalClaimed: Pence): RegisterCapCheck[] {
  const checks: RegisterCapCheck[] = [];
  const contradicted = (c: ClaimFile, recorded: Pence, before: Pence, which: string): void => {
    const what =
      recorded < before
        ? `it claims again ${formatMoney(before - recorded)} of dates those claims already claim`
        : `claims of ${formatMoney(recorded - before)} are missing from the folder, so what is still claimable is overstated by as much`;
    checks.push({ file: c.file, period: c.period.label, message: `${describe(c)} was made after ${formatMoney(recorded)} claimed before it, but ${which} claim ${formatMoney(before)}: ${what}` });
  };
  // A claim made after claims the folder lacks shows a gap already, unless a final claim covers the year's dates.
  let before = 0n;
  for (const c of nonFinal) {
    if (c.previouslyClaimed !== undefined && c.previouslyClaimed < before) contradicted(c, c.previouslyClaimed, before, "the folder's claims before it");
    before += c.claimDue;
  }
  for (const final of finals) {
    if (final.previouslyClaimed !== undefined && final.previouslyClaimed > nonFinalClaimed) contradicted(final, final.previouslyClaimed, nonFinalClaimed, "the folder's other claims of the year");
  }
  return checks;
}

/** The overlap of a later claim `a` with an earlier claim `b`, if their dates meet. */
function overlapOf(a: ClaimFile, b: ClaimFile): RegisterOverlap | undefined {
  const from = a.period.from > b.period.from ? a.period.from : b.period.from;
  const to = a.period.to < b.period.to ? a.period.to : b.period.to;
  if (from > to) return undefined;
  const same = a.sha256 === b.sha256 ? ' (the same claim file)' : '';
  return { ...pair(a, b), from, to, message: `${describe(a)} claims ${from} to ${to} again: ${describe(b)} already claims it${same}` };
}

function pair(a: ClaimFile, b: ClaimFile): Pick<RegisterOverlap, 'file' | 'period' | 'with'> {
  return { file: a.file, period: a.period.label, with: { file: b.file, period: b.period.label } };
}

function describe(c: ClaimFile): string {
  return `${c.period.label} (${c.file})`;
}


function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
