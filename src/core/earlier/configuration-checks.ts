/**
 * The configuration an earlier reconciliation was written under, as far as the file records it, against the one in
 * force (`--against`). A file written under another window, other caps, another grant cap, with or without
 * carry-forward, or other apportionment rules holds figures that differ from this run's for that reason alone:
 * compared, they would read as restatements of the ledger, or (checked against this configuration's formulas) as a
 * forgery. So each difference is named plainly, before any figure is checked or compared. Pure.
 *
 * What a file records, and what its absence means. Every member below is written exactly when its key is
 * configured, so a file without one was written without the key: by a version before the key existed (PCD 1215's
 * reconciliation@1 files have none of them), or under a configuration without it. Either way its figures were not
 * made under the key, and where the configuration now has it that is a difference:
 * - `window` (from, to): the grant window;
 * - `years[].cap` less `years[].capCarriedIn`: each year's own cap; `capCarriedIn` stated at all: carry-forward;
 * - `wholeGrant.cap`: the grant cap;
 * - `apportionments` (present, even empty, exactly when rules are configured): each group's rule name, what it
 *   matches and its rate;
 * - `terms.apportionments` (a `@2` reconciliation, beside `apportionments`): every rule in full, in the
 *   configuration's order (name, match, rate, from, to), those that took no row too.
 * A reconciliation does not record the chart, cost centres or pay elements (a change of them is a restatement of
 * the grant's classification, compared as such), nor `claimPeriods` (which changes no figure of a reconciliation).
 */
import type { GrantConfig } from '../grant-config.js';
import { parseFyLabel } from '../calendar/fiscal.js';
import { formatPence } from '../money.js';
import { matchWords, type ApportionmentTerm } from '../reports/apportioned.js';
import { isSameRate, rateLabel, rateOfLabel, type ApportionmentMatch } from '../rules/apportion.js';
import type { Pence } from '../types.js';

/** What an earlier reconciliation records of the configuration it was written under (undefined: the member is absent). */
export interface RecordedConfiguration {
  readonly window: { readonly from: string | null; readonly to: string | null } | undefined;
  readonly years: readonly { readonly year: string; readonly cap: Pence; readonly capCarriedIn?: Pence }[];
  /** `wholeGrant.cap`. */
  readonly grantCap: Pence | undefined;
  readonly apportionments: readonly { readonly rule: string; readonly match: string; readonly rate: string }[] | undefined;
  /** `terms.apportionments`: the rules in full, in order (undefined: the file has no terms). */
  readonly terms?: readonly ApportionmentTerm[] | undefined;
}


/**
 * Every way the recorded configuration differs from `config`, each as "written with …; the configuration now …";
 * empty when they agree on all the file records.
 */
export function configurationDifferences(recorded: RecordedConfiguration, config: GrantConfig): string[] {
  // The groups and the rules in full can say one difference twice (a rule's rate): it is named once.
  const apportioned = [...new Set([...apportionmentDifferences(recorded.apportionments, config), ...termsDifferences(recorded.terms, config)])];
  return [...windowDifferences(recorded.window, config), ...yearDifferences(recorded.years, config), ...grantCapDifferences(recorded.grantCap, config), ...apportioned];
}

const end = (day: string | null | undefined): string => day ?? 'open';

/** How a recorded grant window (undefined: every day of the grant's years) differs from the configuration's. */
export function windowDifferences(written: RecordedConfiguration['window'], config: GrantConfig): string[] {
  const now = config.window;
  if (written === undefined && now === undefined) return [];
  if (written === undefined) return [`written without a grant window (every day of its years); the configuration now has a window from ${end(now?.from)} to ${end(now?.to)}`];
  if (now === undefined) return [`written with a grant window from ${end(written.from)} to ${end(written.to)}; the configuration now has no window`];
  const differences: string[] = [];
  if (written.from !== (now.from ?? null)) differences.push(`written with window from ${end(written.from)}; the configuration now says ${end(now.from)}`);
  if (written.to !== (now.to ?? null)) differences.push(`written with window to ${end(written.to)}; the configuration now says ${end(now.to)}`);
  return differences;
}

function yearDifferences(years: RecordedConfiguration['years'], config: GrantConfig): string[] {
  const differences: string[] = [];
  const carrying = years.filter((y) => y.capCarriedIn !== undefined).map((y) => y.year);
  if (config.carryForward === true && years.length > 0 && carrying.length === 0) {
    differences.push('written without carryForward (no year states capCarriedIn); the configuration now carries unspent cap forward');
  } else if (config.carryForward !== true && carrying.length > 0) {
    differences.push(`written with carryForward (capCarriedIn stated for ${carrying.join(', ')}); the configuration now carries no unspent cap forward`);
  }
  for (const y of years) {
    const fy = parseFyLabel(y.year);
    const configured = config.years.find((g) => g.fy === fy);
    // A year that is none of the grant's is a figure the file cannot hold (reconciliation-checks.ts says so).
    if (configured === undefined) continue;
    // A year's own cap: what it states less what it says carried into it (checked against the earlier years later).
    const own = y.cap - (y.capCarriedIn ?? 0n);
    if (own !== configured.cap) {
      const carried = y.capCarriedIn === undefined ? '' : ` (cap ${formatPence(y.cap)} less capCarriedIn ${formatPence(y.capCarriedIn)})`;
      differences.push(`written with a cap of ${formatPence(own)} for ${y.year}${carried}; the configuration now says ${formatPence(configured.cap)}`);
    }
  }
  return differences;
}

function grantCapDifferences(written: Pence | undefined, config: GrantConfig): string[] {
  const now = config.grantCap;
  if (written === undefined && now === undefined) return [];
  if (written === undefined) return [`written without a grant cap (no wholeGrant); the configuration now has a grant cap of ${formatPence(now as Pence)}`];
  if (now === undefined) return [`written with a grant cap of ${formatPence(written)}; the configuration now has none`];
  return written === now ? [] : [`written with a grant cap of ${formatPence(written)}; the configuration now says ${formatPence(now)}`];
}

function apportionmentDifferences(groups: RecordedConfiguration['apportionments'], config: GrantConfig): string[] {
  const rules = config.apportionments ?? [];
  if (groups === undefined) {
    return rules.length === 0 ? [] : [`written without apportionments; the configuration now apportions (${rules.map((r) => `"${r.name}" at ${rateLabel(r.rate)}`).join(', ')})`];
  }
  if (rules.length === 0) return [`written with apportionments${groups.length === 0 ? '' : ` (${[...new Set(groups.map((g) => `"${g.rule}" at ${g.rate}`))].join(', ')})`}; the configuration now has none`];
  const differences = new Set<string>();
  for (const g of groups) {
    const rule = rules.find((r) => r.name === g.rule);
    if (rule === undefined) {
      differences.add(`written with the apportionment rule "${g.rule}" (${g.match} at ${g.rate}); the configuration now has no rule of that name`);
      continue;
    }
    const words = matchWords(rule.match);
    if (g.match !== words) differences.add(`written with the apportionment rule "${g.rule}" taking ${g.match}; the configuration now says ${words}`);
    const rate = rateOfLabel(g.rate);
    if (rate === undefined || !isSameRate(rate, rule.rate)) differences.add(`written with the apportionment rule "${g.rule}" at ${g.rate}; the configuration now says ${rateLabel(rule.rate)}`);
  }
  return [...differences];
}

/** A rule in words, as a difference names it: `cost centre SMH002 at 40% from 2023-01-01 to 2023-12-31`. */
function ruleWords(match: ApportionmentMatch, rate: string, from: string, to: string | null | undefined): string {
  return `${matchWords(match)} at ${rate} from ${from}${to === null || to === undefined ? '' : ` to ${to}`}`;
}

/**
 * The rules in full against the configuration's, by name and then in order: a rule the file has and the
 * configuration lacks (or the reverse, a rule that took no row included), and each field of a rule that differs
 * (what it takes, its rate, its first and last day), then the order, which decides the rule that takes a row.
 * Nothing when the file records no terms (a `@1` file, or one without apportionments) or the configuration has no
 * rules: apportionmentDifferences names those.
 */
function termsDifferences(terms: RecordedConfiguration['terms'], config: GrantConfig): string[] {
  const rules = config.apportionments ?? [];
  // Rules on one side only are named by apportionmentDifferences, from the groups' member beside the terms.
  if (terms === undefined || rules.length === 0) return [];
  const differences: string[] = [];
  for (const t of terms) {
    const rule = rules.find((r) => r.name === t.name);
    if (rule === undefined) {
      differences.push(`written with the apportionment rule "${t.name}" (${matchWords(t.match)} at ${t.rate}); the configuration now has no rule of that name`);
      continue;
    }
    const words = matchWords(rule.match);
    if (matchWords(t.match) !== words) differences.push(`written with the apportionment rule "${t.name}" taking ${matchWords(t.match)}; the configuration now says ${words}`);
    const rate = rateOfLabel(t.rate);
    if (rate === undefined || !isSameRate(rate, rule.rate)) differences.push(`written with the apportionment rule "${t.name}" at ${t.rate}; the configuration now says ${rateLabel(rule.rate)}`);
    if (t.from !== rule.from) differences.push(`written with the apportionment rule "${t.name}" from ${t.from}; the configuration now says ${rule.from}`);
    if (t.to !== (rule.to ?? null)) differences.push(`written with the apportionment rule "${t.name}" to ${end(t.to)}; the configuration now says ${end(rule.to)}`);
  }
  for (const rule of rules) {
    if (!terms.some((t) => t.name === rule.name)) {
      differences.push(`written without the apportionment rule "${rule.name}"; the configuration now has it (${ruleWords(rule.match, rateLabel(rule.rate), rule.from, rule.to)})`);
    }
  }
  const written = terms.map((t) => t.name).filter((n) => rules.some((r) => r.name === n));
  const now = rules.map((r) => r.name).filter((n) => written.includes(n));
  if (written.join('\u0000') !== now.join('\u0000')) {
    differences.push(`written with the apportionment rules in the order ${written.map((n) => `"${n}"`).join(', ')}; the configuration now lists them ${now.map((n) => `"${n}"`).join(', ')} (the first rule that matches a row takes it)`);
  }
  return differences;
}
