/** The account chart: which category an account code belongs to, by the first chart rule that matches it. */
import type { ChartRule } from '../grant-config.js';
import type { Category } from '../types.js';

/** What the chart says of one account: its category (or ineligible) and the rule that decided. */
export interface ChartDecision {
  /** A category id, or `ineligible`. */
  readonly category: Category;
  readonly rule: string | undefined;
}

const NO_RULE: ChartDecision = { category: 'ineligible', rule: undefined };

/** Builds a memoised account → category lookup; account codes are compared trimmed and upper-cased. */
export function makeChartLookup(chart: readonly ChartRule[]): (account: string) => ChartDecision {
  const memo = new Map<string, ChartDecision>();
  return (account) => {
    let decision = memo.get(account);
    if (decision === undefined) {
      const rule = chart.find((r) => matches(r, account));
      decision = rule ? { category: rule.category, rule: rule.name } : NO_RULE;
      if (memo.size > 100_000) memo.clear();
      memo.set(account, decision);
    }
    return decision;
  };
}

function matches(rule: ChartRule, account: string): boolean {
  const m = rule.match;
  if ('code' in m) return account === m.code;
  if ('prefix' in m) return account.startsWith(m.prefix);
  // A range compares codes of the same length as text, so 510000–519999 holds 512345 but not 51234.
  return account.length === m.from.length && account >= m.from && account <= m.to;
}
