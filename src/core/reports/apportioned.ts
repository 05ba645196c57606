/**
 * The apportionment section of the reconciliation and the claim: each rule's groups (one FY and period) with the
 * rate, the rows split, their total and its two parts. Present only when the configuration has apportionments, so
 * that a grant without them (PCD 1215) reports exactly as before.
 */
import type { GrantConfig } from '../grant-config.js';
import { fyLabel, LAST_PERIOD, monthOfPeriod, periodLabel } from '../calendar/fiscal.js';
import type { Ledger } from '../fold/ledger.js';
import { rateLabel, type ApportionmentMatch, type ApportionmentRule } from '../rules/apportion.js';
import type { Pence } from '../types.js';

/** One rule's rows of one FY and period: included = rate × total, rounded half away from zero; excluded the rest. */
export interface ApportionmentLine {
  readonly rule: string;
  /** What the rule takes, in words: `cost centre SMH002`, `account 531000`, `pay element overtime`. */
  readonly match: string;
  readonly rate: string;
  readonly year: string;
  readonly period: string;
  readonly month: string;
  readonly rows: number;
  readonly total: Pence;
  readonly included: Pence;
  readonly excluded: Pence;
}

/**
 * The groups of every FY (or of `fy`) from P01 to `lastPeriod` (P16: all), by rule, FY and period; undefined when
 * the configuration has no apportionments.
 */
export function apportionmentLines(ledger: Ledger, config: GrantConfig, fy?: number, lastPeriod = LAST_PERIOD): ApportionmentLine[] | undefined {
  const rules = config.apportionments ?? [];
  if (rules.length === 0) return undefined;
  return (ledger.apportionedGroups ?? [])
    .filter((g) => (fy === undefined || g.fy === fy) && g.period <= lastPeriod)
    .map((g) => {
      const rule = rules[g.rule] as ApportionmentRule;
      return {
        rule: rule.name,
        match: matchWords(rule.match),
        rate: rateLabel(rule.rate),
        year: fyLabel(g.fy),
        period: periodLabel(g.period),
        month: monthOfPeriod(g.fy, g.period),
        rows: g.rows,
        total: g.total,
        included: g.included,
        excluded: g.excluded,
      };
    });
}

/** An apportionment rule as a reconciliation records it in `terms`: in full, as configured (the rate as reports write it). */
export interface ApportionmentTerm {
  readonly name: string;
  readonly match: ApportionmentMatch;
  readonly rate: string;
  readonly from: string;
  /** The last day, or null: no end. */
  readonly to: string | null;
}

/**
 * The grant's terms a reconciliation records beyond its figures: the apportionment rules in full, in the
 * configuration's order (which decides the rule that takes a row), those that took no row too. Undefined without
 * apportionments, so that a grant without them reports as before.
 */
export function termsOf(config: GrantConfig): { readonly apportionments: readonly ApportionmentTerm[] } | undefined {
  const rules = config.apportionments ?? [];
  if (rules.length === 0) return undefined;
  return { apportionments: rules.map((r) => ({ name: r.name, match: r.match, rate: rateLabel(r.rate), from: r.from, to: r.to ?? null })) };
}

/** What a rule takes, in the words reports use: `cost centre SMH002`, `account 531000`, `pay element overtime`. */
export function matchWords(m: ApportionmentMatch): string {
  return 'costCentre' in m ? `cost centre ${m.costCentre}` : 'account' in m ? `account ${m.account}` : `pay element ${m.payElement}`;
}
