/**
 * The claim periods of a grant, set by how often it is claimed (`claimPeriods` in the configuration): monthly
 * (one claim a month, March taking P13–P16), quarterly (Q1–Q4), half-yearly (H1 = P01–P06, H2 = P07–P16) or
 * annual (the whole FY, the final claim). The periods of one frequency tile a FY's P01–P16 exactly, each period in
 * one claim; whatever the frequency, the final claim (the whole FY) may follow them to take in the year-end
 * adjustments. A grant with no frequency set is claimed as the contract has it: a quarter, a month or the final
 * claim. Pure; the dates and periods of each claim period come from fiscal.ts (claimPeriodRange).
 */
import { claimPeriodRange, LAST_MONTH_PERIOD, monthOfPeriod, parseHalf, parseMonth, parseQuarter, type ClaimPeriodRange, type ClaimPeriodSpec } from './fiscal.js';
import type { DateStretch } from './uncovered.js';

/** How often a grant is claimed, as the configuration writes it. */
export const CLAIM_FREQUENCIES = ['monthly', 'quarterly', 'half-yearly', 'annual'] as const;
export type ClaimFrequency = (typeof CLAIM_FREQUENCIES)[number];

/** How a grant of each frequency is claimed, in words: `claimed monthly` … `claimed annually`. */
export function claimedHow(frequency: ClaimFrequency): string {
  return frequency === 'annual' ? 'annually' : frequency;
}

/** The kind of claim period each frequency claims (besides the final claim, which every frequency allows). */
const KIND_OF: Readonly<Record<ClaimFrequency, ClaimPeriodSpec['kind']>> = { monthly: 'month', quarterly: 'quarter', 'half-yearly': 'half', annual: 'final' };

/** The claim periods of FY `fy` for a frequency, in order: together P01–P16, each period once. */
export function claimPeriodsOfYear(fy: number, frequency: ClaimFrequency): ClaimPeriodRange[] {
  return specsOfYear(fy, frequency).map((spec) => {
    const result = claimPeriodRange(fy, spec);
    if (!result.ok) throw new Error(`claim period of ${frequency} FY ${fy}: ${result.message}`);
    return result.range;
  });
}

function specsOfYear(fy: number, frequency: ClaimFrequency): ClaimPeriodSpec[] {
  switch (frequency) {
    case 'monthly':
      return Array.from({ length: LAST_MONTH_PERIOD }, (_, i) => ({ kind: 'month', month: monthOfPeriod(fy, i + 1) }));
    case 'quarterly':
      return ([1, 2, 3, 4] as const).map((quarter) => ({ kind: 'quarter', quarter }));
    case 'half-yearly':
      return ([1, 2] as const).map((half) => ({ kind: 'half', half }));
    case 'annual':
      return [{ kind: 'final' }];
  }
}

/**
 * Whether a claim of this kind may be made for a grant claimed at `frequency`: its own kind of period, or the final
 * claim. Without a frequency (none configured), a quarter, a month or the final claim, as the contract has it.
 */
export function claimKindAllowed(frequency: ClaimFrequency | undefined, kind: ClaimPeriodSpec['kind']): boolean {
  if (kind === 'final') return true;
  if (frequency === undefined) return kind !== 'half';
  return KIND_OF[frequency] === kind;
}

/** Every kind of claim period, in the order a list of them is said: quarter, month, half year, final claim. */
const KINDS: readonly ClaimPeriodSpec['kind'][] = ['quarter', 'month', 'half', 'final'];

/** The kinds of claim period a grant claimed at `frequency` may be claimed in (claimKindAllowed), in KINDS order. */
export function claimKindsOf(frequency: ClaimFrequency | undefined): ClaimPeriodSpec['kind'][] {
  return KINDS.filter((kind) => claimKindAllowed(frequency, kind));
}

/** The kind of claim period a frequency claims (`final` for annual). */
export function claimKindOf(frequency: ClaimFrequency): ClaimPeriodSpec['kind'] {
  return KIND_OF[frequency];
}

/**
 * The claim period a claim file's label names (`Q2`, `H1`, `2022-09`, `final`), read as written (no other case or
 * spelling); with a frequency, only a label of that frequency or `final`. Undefined for any other label.
 */
export function claimSpecOfLabel(label: string, frequency?: ClaimFrequency): ClaimPeriodSpec | undefined {
  const spec = specOfLabel(label);
  if (spec === undefined) return undefined;
  if (frequency === undefined) return spec.kind === 'half' ? undefined : spec;
  return claimKindAllowed(frequency, spec.kind) ? spec : undefined;
}

function specOfLabel(label: string): ClaimPeriodSpec | undefined {
  if (label === 'final') return { kind: 'final' };
  if (/^Q[1-4]$/.test(label)) {
    const q = parseQuarter(label);
    return q.ok ? { kind: 'quarter', quarter: q.quarter } : undefined;
  }
  if (/^H[12]$/.test(label)) {
    const h = parseHalf(label);
    return h.ok ? { kind: 'half', half: h.half } : undefined;
  }
  const month = parseMonth(label);
  return month.ok && month.month === label ? { kind: 'month', month: label } : undefined;
}

/**
 * The claim periods of the grant that a stretch of days of FY `fy` meets, in order: each label, or `part of` the
 * label when the stretch takes in only some of its days (claims of another shape than the grant's leave such gaps).
 */
export function claimPeriodsMeeting(fy: number, frequency: ClaimFrequency, stretch: DateStretch): string[] {
  return claimPeriodsOfYear(fy, frequency)
    .filter((p) => p.from <= stretch.to && p.to >= stretch.from)
    .map((p) => (p.from >= stretch.from && p.to <= stretch.to ? p.label : `part of ${p.label}`));
}

/** A stretch of a FY that no claim covers, named (with a frequency) by the grant's claim periods it meets. */
export interface ClaimGap extends DateStretch {
  readonly claimPeriods?: readonly string[];
}

/** Names each uncovered stretch of FY `fy` by the grant's claim periods; without a frequency, leaves them as dates. */
export function nameClaimGaps(fy: number, frequency: ClaimFrequency | undefined, stretches: readonly DateStretch[]): ClaimGap[] {
  if (frequency === undefined) return [...stretches];
  return stretches.map((s) => ({ from: s.from, to: s.to, claimPeriods: claimPeriodsMeeting(fy, frequency, s) }));
}
