/**
 * The cap and its measures, in one place (PRODUCT.md "Words"): of an eligible actual A of one FY and that FY's
 * cap, what can be claimed (min(max(A, 0), cap): never negative, never above the cap), the headroom left
 * (max(0, cap − A)) and what is over the cap (max(0, A − cap)); and which cap a FY has. Underspend is not
 * carried between years unless the configuration says so (`carryForward`: yearCapsOf), and a grant cap over all
 * the years (`grantCap`) limits each year to what the years before it leave (claimableUnderCaps).
 */
import type { GrantConfig, NoSpendEntry } from '../grant-config.js';
import { LAST_PERIOD } from '../calendar/fiscal.js';
import { windowMonthsOf } from '../calendar/grant-window.js';
import { maxPence, minPence } from '../money.js';
import type { Pence } from '../types.js';

/** The cap of a FY, when the FY is one of the grant's; undefined when it is not. */
export function grantCapOf(config: GrantConfig, fy: number): Pence | undefined {
  return config.years.find((y) => y.fy === fy)?.cap;
}

/** The cap of a FY of the grant (the caller has checked that it is one). */
export function capOf(config: GrantConfig, fy: number): Pence {
  const cap = grantCapOf(config, fy);
  if (cap === undefined) throw new Error(`FY ${fy} is not a year of the grant`);
  return cap;
}

/**
 * The most a FY's cap can be: its cap as configured, and where the configuration carries forward, every earlier
 * grant year's cap as configured besides (were nothing spent before it). What a file of the year can state.
 */
export function mostCapOf(config: GrantConfig, fy: number): Pence {
  const cap = capOf(config, fy);
  return config.carryForward === true ? config.years.filter((y) => y.fy < fy).reduce((s, y) => s + y.cap, cap) : cap;
}

/** What can be claimed of a cumulative actual: never negative, never above the cap. */
export function claimable(actual: Pence, cap: Pence): Pence {
  return minPence(maxPence(actual, 0n), cap);
}

/** What the cap still allows of an actual: max(0, cap − actual). */
export function headroomOf(actual: Pence, cap: Pence): Pence {
  return maxPence(0n, cap - actual);
}

/** What an actual is over the cap: max(0, actual − cap). */
export function overCapOf(actual: Pence, cap: Pence): Pence {
  return maxPence(0n, actual - cap);
}

/** The caps that apply to one FY of the grant: its own (with what carried into it) and what the grant cap leaves it. */
export interface YearCap {
  readonly fy: number;
  /** The year's cap: as configured, plus `carriedIn`. */
  readonly cap: Pence;
  /** The unspent cap of the grant year before that carried into this one; 0 unless the configuration carries forward. */
  readonly carriedIn: Pence;
  /**
   * What the grant cap leaves for this year: the grant cap less what the grant's earlier years can claim (each with
   * all its data, under both its caps), never below 0; undefined without a grant cap.
   */
  readonly grantLeft: Pence | undefined;
}

/**
 * The caps of every FY of the grant, in order, given each year's eligible actual over all its data (`yearActual`).
 * Carry-forward (only when `carryForward` is set): the unspent cap of a year, its cap less what it can claim under
 * that cap (cap − min(max(A, 0), cap)), adds to the next grant year's cap, and so on down the years. The grant cap:
 * a year can claim no more than the grant cap less what the years before it can claim.
 */
export function yearCapsOf(config: GrantConfig, yearActual: (fy: number) => Pence): YearCap[] {
  const caps: YearCap[] = [];
  let carriedIn = 0n;
  let claimedBefore = 0n;
  for (const year of config.years) {
    const cap = year.cap + carriedIn;
    const grantLeft = config.grantCap === undefined ? undefined : maxPence(0n, config.grantCap - claimedBefore);
    const yearCap: YearCap = { fy: year.fy, cap, carriedIn, grantLeft };
    caps.push(yearCap);
    const actual = yearActual(year.fy);
    carriedIn = config.carryForward === true ? cap - claimable(actual, cap) : 0n;
    claimedBefore += claimableUnderCaps(actual, yearCap);
  }
  return caps;
}

/** The caps of one FY of the grant (the caller has checked that it is one); see yearCapsOf. */
export function yearCapOf(config: GrantConfig, yearActual: (fy: number) => Pence, fy: number): YearCap {
  const found = yearCapsOf(config, yearActual).find((y) => y.fy === fy);
  if (found === undefined) throw new Error(`FY ${fy} is not a year of the grant`);
  return found;
}

/**
 * What can be claimed of a cumulative actual of a year under every cap that applies to it: never negative, never
 * above the year's cap, never above what the grant cap leaves the year.
 */
export function claimableUnderCaps(actual: Pence, caps: Pick<YearCap, 'cap' | 'grantLeft'>): Pence {
  const ofYear = claimable(actual, caps.cap);
  return caps.grantLeft === undefined ? ofYear : minPence(ofYear, caps.grantLeft);
}

/**
 * What the grant cap alone keeps from a year's cumulative actual: what the year's own cap allows of it less what
 * both caps allow (claimable − claimableUnderCaps); 0 without a grant cap or where it does not bind. The money that
 * is not claimable though the year's own cap has room for it (its "Over cap" is 0.00 then).
 */
export function heldByGrantCapOf(actual: Pence, caps: Pick<YearCap, 'cap' | 'grantLeft'>): Pence {
  return claimable(actual, caps.cap) - claimableUnderCaps(actual, caps);
}

/** An earlier grant year whose months inside the grant window the inputs do not show and the configuration does not list. */
export interface EarlierYearNotShown {
  readonly fy: number;
  /** Those months (periods 1..12), in order. */
  readonly periods: readonly number[];
  /** True when no month of the year inside the window is shown or listed: the year's exports are missing whole. */
  readonly whole: boolean;
}

/** Does the configuration list the month (period 1..12) of FY `fy`, or its whole year, as having no rows for the grant? */
function isListedAsNoSpend(config: GrantConfig, fy: number, period: number): boolean {
  return (config.noSpend ?? []).some((e) => e.fy === fy && (e.period === undefined || e.period === period));
}

/**
 * The periods an entry of `noSpend` stands for: the whole year P01–P16, or its month alone (March as P12: the
 * year-end's P13–P16 are not March's own rows, and do not show its export, earlierMonthsNotShown).
 */
function noSpendPeriods(entry: NoSpendEntry): readonly number[] {
  if (entry.period !== undefined) return [entry.period];
  return Array.from({ length: LAST_PERIOD }, (_, i) => i + 1);
}

/**
 * The grant years before FY `fy` that its caps depend on but the inputs do not show in full: with a grant cap or
 * carry-forward, a year's caps are worked out from every earlier grant year's eligible actual over all its data
 * (yearCapsOf), and a month missing from the inputs counts as having spent nothing, which understates the earlier
 * year and gives the later year more cap than it has. A month of an earlier grant year that the window reaches into
 * (windowMonthsOf) is shown when the inputs hold a row dated in it of any outcome but error (`shows`, by period
 * 1..12), or is listed by the configuration as having none (`noSpend`: the month or its year). March is shown by a
 * row of P12 alone: the year-end's P13–P16 rows are posted after it, in the next year's first export, and so do not
 * show that March's own export was given. Each earlier year with a month neither shown nor listed is named
 * with those months: a claim refuses it, a reconciliation warns of it. Empty without either key.
 */
export function earlierMonthsNotShown(config: GrantConfig, fy: number, shows: (fy: number, period: number) => boolean): EarlierYearNotShown[] {
  if (config.grantCap === undefined && config.carryForward !== true) return [];
  const missing: EarlierYearNotShown[] = [];
  for (const year of config.years) {
    const months = year.fy < fy ? windowMonthsOf(config.window, year.fy) : undefined;
    if (months === undefined) continue;
    const periods: number[] = [];
    let accounted = 0;
    for (let p = months.first; p <= months.last; p++) {
      const shown = shows(year.fy, p);
      if (shown || isListedAsNoSpend(config, year.fy, p)) accounted++;
      else periods.push(p);
    }
    if (periods.length > 0) missing.push({ fy: year.fy, periods, whole: accounted === 0 });
  }
  return missing;
}

/** An entry of `noSpend` (`index` in the list) whose year or month the inputs hold included rows of: `rows`, for `amount`. */
export interface NoSpendContradiction {
  readonly index: number;
  readonly entry: NoSpendEntry;
  readonly rows: number;
  readonly amount: Pence;
}

/**
 * The entries of `noSpend` that the inputs contradict: a year or month said to have had no rows for the grant, of
 * which the inputs hold included rows (`included`, by FY and period 1..16). Either the list or the exports are
 * wrong, and a later year's caps cannot be worked out from both.
 */
export function noSpendContradictions(config: GrantConfig, included: (fy: number, period: number) => { readonly rows: number; readonly amount: Pence }): NoSpendContradiction[] {
  // Without either key each year stands on its own, and the list changes nothing (a warning says so).
  if (config.grantCap === undefined && config.carryForward !== true) return [];
  return (config.noSpend ?? []).flatMap((entry, index) => {
    let rows = 0;
    let amount = 0n;
    for (const p of noSpendPeriods(entry)) {
      const held = included(entry.fy, p);
      rows += held.rows;
      amount += held.amount;
    }
    return rows > 0 ? [{ index, entry, rows, amount }] : [];
  });
}

/** What the grant's earlier years took of the grant cap, as a year's caps say it: the grant cap less what it leaves the year. */
export function claimedBeforeOf(grantCap: Pence, caps: Pick<YearCap, 'grantLeft'>): Pence {
  return grantCap - (caps.grantLeft ?? 0n);
}

/** The whole grant's standing against its grant cap: the actual to date, the headroom, what is over, the projection. */
export interface GrantStanding {
  readonly cap: Pence;
  /** The grant year the standing runs to (`2024/25`): the years before it with all their data, and it to date. */
  readonly through: string;
  /** The eligible actual of the grant's years to the report's point: earlier years with all their data. */
  readonly actual: Pence;
  readonly headroom: Pence;
  readonly overCap: Pence;
  /** The earlier years' actual and the report's year's projected outturn (later years are not projected). */
  readonly projectedOutturn: Pence;
}

/** The grant cap's measures of the grant's actual to date, and its projection. */
export function grantStandingOf(grantCap: Pence, through: string, actual: Pence, projectedOutturn: Pence): GrantStanding {
  return { cap: grantCap, through, actual, headroom: headroomOf(actual, grantCap), overCap: overCapOf(actual, grantCap), projectedOutturn };
}

/**
 * What the caps still allow a year after claims of `claimed` (claims sent, as the claim register reads them): its cap
 * less what it has claimed and, with a grant cap, never more than the grant cap leaves after every claim of the
 * grant's years so far (`claimedBefore`: the earlier years'). Negative when more was claimed than a cap allows. A
 * cap carried forward is not known from claims alone: `cap` is the year's own.
 */
export function stillClaimable(cap: Pence, claimed: Pence, grantCap?: Pence, claimedBefore: Pence = 0n): Pence {
  const ofYear = cap - claimed;
  return grantCap === undefined ? ofYear : minPence(ofYear, grantCap - claimedBefore - claimed);
}
