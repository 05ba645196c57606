/**
 * Earlier grant years that a later year's caps depend on but the inputs do not show (core/reports/cap.ts,
 * earlierYearsNotShown): with a grant cap or carry-forward, a year's caps come from every earlier grant year's
 * actual, and a year with no included rows would be taken as having spent nothing. A claim is refused (exit 2); a
 * reconciliation and a check say so on stderr, naming the years and what it changes.
 */
import { fyLabel } from '../core/calendar/fiscal.js';
import type { GrantConfig } from '../core/grant-config.js';
import { earlierYearsNotShown } from '../core/reports/cap.js';
import { formatMoney } from '../core/money.js';
import { UsageError } from './usage-error.js';

/** What taking the years as having spent nothing would do to FY `fy`, in words. */
function whatItChanges(config: GrantConfig, fy: number, missing: readonly number[]): string {
  const effects: string[] = [];
  if (config.carryForward === true) {
    const caps = missing.map((m) => formatMoney(config.years.find((y) => y.fy === m)?.cap ?? 0n));
    effects.push(`${missing.length === 1 ? 'its whole cap' : 'their whole caps'} (${caps.join(', ')}) would carry forward into ${fyLabel(fy)}`);
  }
  if (config.grantCap !== undefined) effects.push(`the grant cap (${formatMoney(config.grantCap)}) would be taken as untouched by ${missing.length === 1 ? 'it' : 'them'}`);
  return effects.join(', and ');
}

const named = (missing: readonly number[]): string => missing.map(fyLabel).join(', ');

/** The message of a year's earlier grant years not shown, or undefined when every one is. */
function notShownMessage(config: GrantConfig, fy: number, holdsRows: (fy: number) => boolean): { missing: number[]; message: string } | undefined {
  const missing = earlierYearsNotShown(config, fy, holdsRows);
  if (missing.length === 0) return undefined;
  const keys = [config.grantCap !== undefined ? '"grantCap"' : '', config.carryForward === true ? '"carryForward"' : ''].filter((k) => k !== '').join(' and ');
  const message = `the caps of ${fyLabel(fy)} depend on the earlier grant year${missing.length === 1 ? '' : 's'} ${named(missing)} (the configuration sets ${keys}), but the inputs hold no included rows of ${named(missing)}: taken as having spent nothing, ${whatItChanges(config, fy, missing)}`;
  return { missing, message };
}

/** Refuses (exit 2) a claim of FY `fy` whose earlier grant years the inputs do not show. */
export function refuseEarlierYearsNotShown(config: GrantConfig, fy: number, holdsRows: (fy: number) => boolean): void {
  const found = notShownMessage(config, fy, holdsRows);
  if (found === undefined) return;
  throw new UsageError(
    `${found.message}, so the claim could pass the caps`,
    `give the exports of ${named(found.missing)} as well (every earlier grant year's GL and payroll exports, with all their data), e.g. grant-recon claim gl-${fyLabel(found.missing[0] as number).replace('/', '-')}.csv … --year ${fyLabel(fy)} …`,
  );
}

/** Says on stderr (a warning) that a reconciliation's or check's year `fy` has earlier grant years the inputs do not show. */
export function warnEarlierYearsNotShown(config: GrantConfig, fy: number | undefined, holdsRows: (fy: number) => boolean): void {
  if (fy === undefined) return;
  const found = notShownMessage(config, fy, holdsRows);
  if (found === undefined) return;
  process.stderr.write(`grant-recon: warning: ${found.message}; so ${fyLabel(fy)}'s figures that depend on them (${config.carryForward === true ? 'the cap carried into it, ' : ''}what it can claim${config.grantCap !== undefined ? ', what the grant cap leaves it' : ''}) are the most they could be, not what they are: give the exports of ${named(found.missing)} as well\n`);
}
