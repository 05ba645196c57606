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
import { grantCapOf, stillClaimable } from './cap.js';

/** A claim file as read: an earlier claim, and what it says was claimed before it (when the file says). */
export interface ClaimFile extends PreviousClaim {
  readonly previouslyClaimed: Pence | undefined;
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
  // What the grant's years claimed before each year, in year order, for what the grant cap still allows.
  let claimedBefore = 0n;
  const years = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([fy, claims]) => {
      const year = registerYear(fy, grantCapOf(config, fy) ?? null, claims, config, claimedBefore);
      if (year.cap !== null) claimedBefore += year.claimed;
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

/** Why a claim file cannot stand in this grant's register, if it cannot. */
function unusableBecause(claim: ClaimFile, fy: number | undefined, reference: string): string | undefined {
  if (claim.reference !== reference) return `a claim of grant ${claim.reference}, not ${reference}`;
  if (fy === undefined) return `year "${claim.year}" is not a financial year`;
  const { from, to } = claim.period;
  if (!isIsoDate(from) || !isIsoDate(to)) return `its period ${claim.period.label} has a date that does not exist (${from} to ${to})`;
  const range = fyDateRange(fy);
  if (from > to || from < range.from || to > range.to) {
    return `its period ${claim.period.label} (${from} to ${to}) is not inside ${fyLabel(fy)} (${range.from} to ${range.to})`;
  }
  return undefined;
}

function registerYear(fy: number, cap: Pence | null, claims: readonly ClaimFile[], config: GrantConfig, claimedBefore: Pence): RegisterYear {
  const left = (claimed: Pence): Pence | null => (cap === null ? null : stillClaimable(cap, claimed, config.grantCap, claimedBefore));
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
  const nonFinalClaimed = nonFinal.reduce((s, c) => s + c.claimDue, 0n);
  finals.forEach((final, k) => {
    if (k > 0) {
      const first = finals[0] as ClaimFile;
      overlaps.push({ ...pair(final, first), from: final.period.from, to: final.period.to, message: `${describe(final)} claims the whole year again: ${describe(first)} already claims it` });
    }
    if (final.previouslyClaimed !== nonFinalClaimed) {
      // Made without the year's other claims as --previous: it claims their dates a second time.
      for (const earlier of nonFinal) {
        const overlap = overlapOf(final, earlier);
        if (overlap) overlaps.push(overlap);
      }
    }
  });

  return {
    year: fyLabel(fy),
    cap,
    claims: entries,
    claimed: cumulative,
    remaining: left(cumulative),
    gaps: nameClaimGaps(fy, config.claimPeriods, uncoveredStretches(ordered.map((c) => c.period), fyDateRange(fy).from)),
    overlaps,
  };
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
