/**
 * What a valid configuration may still get wrong, said on stderr when it is read: categories and budget lines that nothing feeds,
 * a noSpend list that no grant cap or carry-forward uses, and a configuration of another grant that leaves out its years or its chart, and so takes PCD 1215's.
 */
import { PCD_1215, PCD_1215_CATEGORIES } from '../config/pcd1215.js';
import { DEFAULT_CONFIG_FILE } from '../config/read-config.js';
import { fyLabel } from '../core/calendar/fiscal.js';
import type { GrantConfig } from '../core/grant-config.js';
import { formatMoney } from '../core/money.js';
import { configDiagnostic, jsonPath, type ConfigProblem } from '../config/problems.js';
import { unfedBudgets, unfedCategories } from '../core/reports/budget.js';
import { writeDiagnostic } from './diagnostics.js';

/** Writes a warning for each thing a valid `config` may still get wrong; `file` is --config, if given. */
export function writeConfigWarnings(config: GrantConfig, file: string | undefined): void {
  const where = file ?? DEFAULT_CONFIG_FILE;
  for (const inherited of inheritedFromPcd1215(config)) writeDiagnostic(configDiagnostic(where, inherited, 'warning'));
  // Only a file's own categories: the built-in ones are PCD 1215's, and a chart that leaves one of them out is the
  // file's choice (a budget for such a category is warned of below).
  if (config.categories !== PCD_1215_CATEGORIES) {
    for (const unfed of unfedCategories(config)) writeDiagnostic(configDiagnostic(where, { path: jsonPath(['categories', unfed.index]), message: unfed.message, hint: unfed.hint }, 'warning'));
  }
  for (const above of capsAboveGrantCap(config)) writeDiagnostic(configDiagnostic(where, above, 'warning'));
  for (const unused of noSpendUnused(config)) writeDiagnostic(configDiagnostic(where, unused, 'warning'));
  for (const unfed of unfedBudgets(config)) {
    // Budgets come only from a file (the built-in grant has none), in the file's order.
    writeDiagnostic(configDiagnostic(where, { path: jsonPath(['budgets', unfed.index]), message: unfed.message, hint: unfed.hint }, 'warning'));
  }
}

/**
 * Years whose own cap is more than the grant cap: what a year can claim is capped by both, so the grant cap is reached
 * first and the year's own cap never is. Valid (neither cap is passed, and each figure is right), but the two caps
 * cannot both be what the funder agreed: one of them is most likely mistyped. Said at `$.grantCap`, naming each year
 * (the years are held in FY order, not the file's, so a year's own path is not known here).
 */
export function capsAboveGrantCap(config: GrantConfig): ConfigProblem[] {
  const grantCap = config.grantCap;
  if (grantCap === undefined) return [];
  const above = config.years.filter((y) => y.capFromGrant !== true && y.cap > grantCap);
  if (above.length === 0) return [];
  const each = above.map((y) => `${fyLabel(y.fy)} (${formatMoney(y.cap)})`);
  const one = above.length === 1;
  const named = one ? `the own cap of ${each[0] ?? ''}` : `the own caps of ${each.slice(0, -1).join(', ')} and ${each.at(-1) ?? ''}`;
  return [
    {
      path: '$.grantCap',
      message: `${formatMoney(grantCap)} is less than ${named}: the grant cap is reached first, so ${one ? "that year's own cap" : "those years' own caps"} can never be`,
      hint: `check both caps against the grant's terms: lower ${one ? "the year's cap" : 'those caps'} to the grant cap or less, raise the grant cap, or leave ${one ? "the year's" : 'their'} "cap" out so that the grant cap alone caps ${one ? 'it' : 'them'}`,
    },
  ];
}

/**
 * `noSpend` without a grant cap or carry-forward: each year then stands on its own, and what an earlier year spent
 * changes no later year's caps, so the list changes nothing. Valid (nothing is claimed wrongly), but it belongs with a
 * key the file does not set: one of them was most likely left out, or the list is left over.
 */
export function noSpendUnused(config: GrantConfig): ConfigProblem[] {
  if (config.noSpend === undefined || config.noSpend.length === 0 || config.grantCap !== undefined || config.carryForward === true) return [];
  return [
    {
      path: '$.noSpend',
      message: 'lists months that spent nothing, which only a grant with "grantCap" or "carryForward" uses: without them each year stands on its own, so the list changes nothing',
      hint: 'remove "noSpend", or give the grant cap ("grantCap") or carry-forward ("carryForward": true) it belongs with',
    },
  ];
}

/**
 * The built-in grant's years and chart, where a configuration of another grant (a reference of its own) leaves them
 * out: a new grant with PCD 1215's caps, or its accounts placed by PCD 1215's chart, can hardly be meant. A key left
 * out takes the built-in value itself (config/schema.ts normaliseConfig), which is how it is told here.
 */
function inheritedFromPcd1215(config: GrantConfig): ConfigProblem[] {
  const reference = config.grant.reference;
  if (config === PCD_1215 || reference === PCD_1215.grant.reference) return [];
  const found: ConfigProblem[] = [];
  if (config.years === PCD_1215.years) {
    const years = PCD_1215.years.map((y) => `${fyLabel(y.fy)} capped at ${formatMoney(y.cap)}`).join(' and ');
    found.push({ path: '$.years', message: `not given, so grant ${reference} takes the years and caps of the built-in PCD 1215 (${years})`, hint: 'give the grant\'s own years and caps, e.g. "years": [{ "year": "2024/25", "cap": "2755000.00" }]' });
  }
  if (config.chart === PCD_1215.chart) {
    found.push({ path: '$.chart', message: `not given, so grant ${reference} places its accounts by the chart of the built-in PCD 1215`, hint: 'give the grant\'s own chart rules, e.g. "chart": [{ "name": "staff-pay", "prefix": "51", "category": "staff" }]' });
  }
  return found;
}
