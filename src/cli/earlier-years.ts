/**
 * Earlier grant years that a later year's caps depend on but the inputs do not show in full (core/reports/cap.ts,
 * earlierMonthsNotShown), and months the configuration lists as spending nothing that the inputs contradict
 * (noSpendContradictions): with a grant cap or carry-forward, a year's caps come from every earlier grant year's
 * actual, and a month missing from the inputs would be taken as having spent nothing. A claim is refused (exit 2); a
 * reconciliation and a check say so on stderr, naming the years, the months and what it changes.
 */
import { fyLabel, monthOfPeriod } from '../core/calendar/fiscal.js';
import type { GrantConfig, NoSpendEntry } from '../core/grant-config.js';
import type { Ledger } from '../core/fold/ledger.js';
import { earlierMonthsNotShown, noSpendContradictions, type EarlierYearNotShown } from '../core/reports/cap.js';
import { fullYearActualOf, includedInPeriod, showsPeriod } from '../core/reports/reconcile.js';
import { formatMoney } from '../core/money.js';
import { UsageError } from './usage-error.js';

/** Months as a person reads them: runs of months one after another as `2023-10 to 2024-03`, the rest one by one. */
export function monthRanges(fy: number, periods: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const p of periods) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === p - 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs.map(([a, b]) => (a === b ? monthOfPeriod(fy, a) : `${monthOfPeriod(fy, a)} to ${monthOfPeriod(fy, b)}`)).join(', ');
}

/** An entry of `noSpend` as the file writes it: `2023/24`, or `2023-07`. */
function noSpendLabel(entry: NoSpendEntry): string {
  return entry.period === undefined ? fyLabel(entry.fy) : monthOfPeriod(entry.fy, entry.period);
}

/** Where the inputs miss each year: `2023/24 at all`, `2023/24 in 2023-10 to 2024-03`. */
function whereMissing(missing: readonly EarlierYearNotShown[]): string {
  return missing.map((m) => (m.whole ? `${fyLabel(m.fy)} at all (${monthRanges(m.fy, m.periods)})` : `${fyLabel(m.fy)} in ${monthRanges(m.fy, m.periods)}`)).join(', nor of ');
}

/** What taking the months as having spent nothing would do to FY `fy`, in words. */
function whatItChanges(config: GrantConfig, fy: number, missing: readonly EarlierYearNotShown[], actualOf: (fy: number) => bigint): string {
  const effects: string[] = [];
  const whole = missing.filter((m) => m.whole);
  const part = missing.filter((m) => !m.whole);
  if (whole.length > 0) {
    const them = whole.length === 1 ? 'it' : 'them';
    if (config.carryForward === true) {
      const caps = whole.map((m) => formatMoney(config.years.find((y) => y.fy === m.fy)?.cap ?? 0n));
      effects.push(`${whole.length === 1 ? 'its whole cap' : 'their whole caps'} (${caps.join(', ')}) would carry forward into ${fyLabel(fy)}`);
    }
    if (config.grantCap !== undefined) effects.push(`the grant cap (${formatMoney(config.grantCap)}) would be taken as untouched by ${them}`);
  }
  for (const m of part) {
    const year = fyLabel(m.fy);
    const consequences = [
      ...(config.carryForward === true ? [`more of its cap could carry forward into ${fyLabel(fy)} than it left`] : []),
      ...(config.grantCap !== undefined ? [`more of the grant cap (${formatMoney(config.grantCap)}) could be left to ${fyLabel(fy)} than ${year} leaves`] : []),
    ];
    effects.push(`${year}'s actual would be taken as the ${formatMoney(actualOf(m.fy))} of its months given: ${consequences.join(', and ')}`);
  }
  return effects.join(', and ');
}

/** How the configuration would list the missing months as spending nothing: `"noSpend": ["2023/24"]`, `["2023-10", …]`. */
function noSpendExample(config: GrantConfig, missing: readonly EarlierYearNotShown[]): string {
  const listed = (config.noSpend ?? []).map(noSpendLabel);
  const added = missing.flatMap((m) => (m.whole ? [fyLabel(m.fy)] : m.periods.map((p) => monthOfPeriod(m.fy, p))));
  return `"noSpend": [${[...listed, ...added].map((l) => `"${l}"`).join(', ')}]`;
}

/** The message of a year's earlier grant years not shown in full, or undefined when every month is shown or listed. */
function notShownMessage(config: GrantConfig, fy: number, ledger: Ledger): { missing: EarlierYearNotShown[]; message: string } | undefined {
  const missing = earlierMonthsNotShown(config, fy, showsPeriod(ledger));
  if (missing.length === 0) return undefined;
  const keys = [config.grantCap !== undefined ? '"grantCap"' : '', config.carryForward === true ? '"carryForward"' : ''].filter((k) => k !== '').join(' and ');
  const named = missing.map((m) => fyLabel(m.fy)).join(', ');
  const listed = config.noSpend !== undefined && config.noSpend.length > 0 ? ', and "noSpend" does not list them' : '';
  const message = `the caps of ${fyLabel(fy)} depend on the earlier grant year${missing.length === 1 ? '' : 's'} ${named} (the configuration sets ${keys}), but the inputs hold no rows of ${whereMissing(missing)}${listed}: taken as having spent nothing there, ${whatItChanges(config, fy, missing, fullYearActualOf(ledger))}`;
  return { missing, message };
}

/** The hint of months not shown: give their exports, or list them as spending nothing. */
function notShownHint(config: GrantConfig, fy: number, missing: readonly EarlierYearNotShown[]): string {
  const first = missing[0] as EarlierYearNotShown;
  const those = missing.length === 1 && !first.whole ? 'those months' : missing.length === 1 ? 'that year' : 'them';
  return `give the exports of ${missing.map((m) => (m.whole ? fyLabel(m.fy) : `${fyLabel(m.fy)}'s ${monthRanges(m.fy, m.periods)}`)).join(', ')} as well (every earlier grant year's GL and payroll exports, with all their data), e.g. grant-recon claim gl-${fyLabel(first.fy).replace('/', '-')}.csv … --year ${fyLabel(fy)} …; or, if the grant truly had no rows in ${those}, say so in the configuration: ${noSpendExample(config, missing)}`;
}

/** Each entry of `noSpend` that the inputs contradict, in words. */
function contradictionsOf(config: GrantConfig, ledger: Ledger): string[] {
  return noSpendContradictions(config, includedInPeriod(ledger)).map(
    (c) => `$.noSpend[${c.index}] lists ${noSpendLabel(c.entry)} as having no rows for the grant, but the inputs hold ${c.rows} included row${c.rows === 1 ? '' : 's'} of it (${formatMoney(c.amount)})`,
  );
}

/**
 * Refuses (exit 2) a claim of FY `fy` whose earlier grant years the inputs do not show in full, or whose
 * configuration lists as spending nothing a year or month the inputs hold included rows of.
 */
export function refuseEarlierYearsNotShown(config: GrantConfig, fy: number, ledger: Ledger): void {
  const contradictions = contradictionsOf(config, ledger);
  if (contradictions.length > 0) {
    throw new UsageError(
      `${contradictions.join('; ')}: the configuration and the exports disagree, so the caps of ${fyLabel(fy)} cannot be worked out from them`,
      'remove each entry named from "noSpend" if the grant did spend then, or take the rows out of the exports if they are not the grant\'s',
    );
  }
  const found = notShownMessage(config, fy, ledger);
  if (found === undefined) return;
  throw new UsageError(`${found.message}, so the claim could pass the caps`, notShownHint(config, fy, found.missing));
}

/**
 * Says on stderr (a warning) that a reconciliation's or check's year `fy` has earlier grant years the inputs do not
 * show in full, and names each entry of `noSpend` that the inputs contradict.
 */
export function warnEarlierYearsNotShown(config: GrantConfig, fy: number | undefined, ledger: Ledger): void {
  for (const contradiction of contradictionsOf(config, ledger)) process.stderr.write(`grant-recon: warning: ${contradiction}: remove it from "noSpend" if the grant did spend then\n`);
  if (fy === undefined) return;
  const found = notShownMessage(config, fy, ledger);
  if (found === undefined) return;
  const named = found.missing.map((m) => fyLabel(m.fy)).join(', ');
  process.stderr.write(
    `grant-recon: warning: ${found.message}; so ${fyLabel(fy)}'s figures that depend on them (${config.carryForward === true ? 'the cap carried into it, ' : ''}what it can claim${config.grantCap !== undefined ? ', what the grant cap leaves it' : ''}) are the most they could be, not what they are: give the exports of ${named} in full, or list the months that truly had no rows in "noSpend"\n`,
  );
}
