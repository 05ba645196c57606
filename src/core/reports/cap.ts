/**
 * The cap and its measures, in one place (PRODUCT.md "Words"): of an eligible actual A of one FY and that FY's
 * cap, what can be claimed (min(max(A, 0), cap): never negative, never above the cap), the headroom left
 * (max(0, cap − A)) and what is over the cap (max(0, A − cap)); and which cap a FY has. Underspend is not
 * carried between years.
 */
import type { GrantConfig } from '../grant-config.js';
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
