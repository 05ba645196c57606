/**
 * The version of the claim and reconciliation JSON, in one place. Version 1 is the contract's shape as 0.1.0 wrote
 * and read it (PRODUCT.md "Outputs"): the six categories, a year's cap alone, every day of the grant's years, no row
 * charged at a rate. A grant on other terms writes version 2, whose documents hold members (or figures) a reader of
 * version 1 would not read as meant: it is written exactly when the configuration sets one of the grant-terms keys
 * (grantTermsOf). Pure.
 *
 * The keys added to the configuration since 0.1.0 that change no member of these documents stay with version 1:
 * `budgets` and `virementTolerance` (every claim and reconciliation carries `budget` on each category, null without
 * them), `years[].closedThrough` (read by `check --against` only), and `profiles` with their `key`, `dateOrder`,
 * `headerSearchRows` and `floatNoise` (how exports are read; the documents list warnings whatever the layout).
 *
 * A version 1 file holding a member that only version 2 holds (`v2OnlyMembers`) is not a version 1 file: its schema
 * was changed after it was written, and a reader that passed over the member would check it as something it is not.
 */
import type { GrantConfig } from '../grant-config.js';
import { categoryIds } from '../rules/categories.js';
import type { Category } from '../types.js';

/** The contract's six categories in its order (PRODUCT.md "Words"): the only categories a version 1 document lists. */
export const CONTRACT_CATEGORIES: readonly Category[] = ['staff', 'officers', 'software', 'equipment', 'training', 'comms'];

/** The claim schemas, by version. */
export const CLAIM_SCHEMA_V1 = 'grant-recon/claim@1';
export const CLAIM_SCHEMA_V2 = 'grant-recon/claim@2';
export type ClaimSchema = typeof CLAIM_SCHEMA_V1 | typeof CLAIM_SCHEMA_V2;
/** The reconciliation schemas, by version. */
export const RECONCILIATION_SCHEMA_V1 = 'grant-recon/reconciliation@1';
export const RECONCILIATION_SCHEMA_V2 = 'grant-recon/reconciliation@2';
export type ReconciliationSchema = typeof RECONCILIATION_SCHEMA_V1 | typeof RECONCILIATION_SCHEMA_V2;

/** The `schema` member of a parsed document; undefined for what is not a JSON object (an array, text, null). */
export function schemaMemberOf(document: unknown): unknown {
  return isRecord(document) ? document.schema : undefined;
}

/** A configuration key that sets the grant's terms beyond the contract's, and so makes claims and reconciliations version 2. */
export type GrantTermsKey = 'categories' | 'claimPeriods' | 'window' | 'grantCap' | 'carryForward' | 'apportionments';

/**
 * The grant-terms keys a configuration sets, in this order: `categories` (other ids, or another order, than the
 * contract's six), `claimPeriods`, `window`, `grantCap`, `carryForward` (true), `apportionments` (at least one rule).
 * Empty for the built-in PCD 1215 and any configuration on the contract's terms.
 */
export function grantTermsOf(config: GrantConfig): GrantTermsKey[] {
  const ids = categoryIds(config);
  const keys: GrantTermsKey[] = [];
  if (ids.length !== CONTRACT_CATEGORIES.length || ids.some((c, i) => c !== CONTRACT_CATEGORIES[i])) keys.push('categories');
  if (config.claimPeriods !== undefined) keys.push('claimPeriods');
  if (config.window !== undefined) keys.push('window');
  if (config.grantCap !== undefined) keys.push('grantCap');
  if (config.carryForward === true) keys.push('carryForward');
  if ((config.apportionments ?? []).length > 0) keys.push('apportionments');
  return keys;
}

/** The schema of the claim JSON a configuration writes: `@2` under any grant-terms key, else `@1`. */
export function claimSchemaOf(config: GrantConfig): ClaimSchema {
  return grantTermsOf(config).length === 0 ? CLAIM_SCHEMA_V1 : CLAIM_SCHEMA_V2;
}

/** The schema of the reconciliation JSON a configuration writes: `@2` under any grant-terms key, else `@1`. */
export function reconciliationSchemaOf(config: GrantConfig): ReconciliationSchema {
  return grantTermsOf(config).length === 0 ? RECONCILIATION_SCHEMA_V1 : RECONCILIATION_SCHEMA_V2;
}

/** The exclusion reasons only a grant on other terms has: a window's, and an apportionment's. */
const V2_REASONS = ['outside-grant-window', 'apportioned-out'];

/**
 * The members of a claim or reconciliation document (parsed JSON) that only version 2 holds, each as a path with
 * the key that brings it (`wholeGrant (of "grantCap")`); empty when it holds none. A claim: `period.frequency`, `window`,
 * `capCarriedIn`, `wholeGrant`, `apportionments`, categories other than the six; a reconciliation: `window`,
 * `years[].capCarriedIn`, `years[].windowMonths`, `wholeGrant`, `apportionments`, `terms`, categories other than the
 * six; either: an `outside-grant-window` or `apportioned-out` exclusion.
 */
export function v2OnlyMembers(document: unknown, kind: 'claim' | 'reconciliation'): string[] {
  return v2Members(document, kind).map((m) => member(m.path, m.key));
}

/**
 * The members of a claim or reconciliation of this grant that a grant-terms key brings but the configuration does not
 * set (`exclusions apportioned-out (of "apportionments")`): the file was made under other terms, or they were taken
 * out of it after (a reconciliation's `terms` and `apportionments` gone, its `apportioned-out` rows left). Categories
 * are held against the configuration apart (earlierCategoriesProblem), and `claimPeriods` brings no member that a
 * configuration without it could not read.
 */
export function membersOfUnsetTerms(document: unknown, kind: 'claim' | 'reconciliation', config: GrantConfig): string[] {
  const set = new Set(grantTermsOf(config));
  return v2Members(document, kind)
    .filter((m) => m.key !== 'categories' && m.key !== 'claimPeriods' && !set.has(m.key))
    .map((m) => member(m.path, m.key));
}

interface V2Member {
  readonly path: string;
  readonly key: GrantTermsKey;
}

function v2Members(document: unknown, kind: 'claim' | 'reconciliation'): V2Member[] {
  if (!isRecord(document)) return [];
  const found: V2Member[] = [];
  const has = (o: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
  if (kind === 'claim' && isRecord(document.period) && has(document.period, 'frequency')) found.push({ path: 'period.frequency', key: 'claimPeriods' });
  if (has(document, 'window')) found.push({ path: 'window', key: 'window' });
  if (kind === 'claim' && has(document, 'capCarriedIn')) found.push({ path: 'capCarriedIn', key: 'carryForward' });
  const years = kind === 'reconciliation' && Array.isArray(document.years) ? document.years.filter(isRecord) : [];
  for (const y of years) {
    const where = `years ${typeof y.year === 'string' ? y.year.slice(0, 20) : '?'}`;
    if (has(y, 'capCarriedIn')) found.push({ path: `${where} capCarriedIn`, key: 'carryForward' });
    if (has(y, 'windowMonths')) found.push({ path: `${where} windowMonths`, key: 'window' });
  }
  if (has(document, 'wholeGrant')) found.push({ path: 'wholeGrant', key: 'grantCap' });
  if (has(document, 'apportionments')) found.push({ path: 'apportionments', key: 'apportionments' });
  if (kind === 'reconciliation' && has(document, 'terms')) found.push({ path: 'terms', key: 'apportionments' });
  const lists = kind === 'claim' ? [{ where: 'categories', list: document.categories }] : years.map((y) => ({ where: `years ${String(y.year).slice(0, 20)} categories`, list: y.categories }));
  for (const { where, list } of lists) {
    if (!Array.isArray(list)) continue;
    const listed = list.map((c) => (isRecord(c) ? c.category : undefined));
    if (listed.length !== CONTRACT_CATEGORIES.length || listed.some((c, i) => c !== CONTRACT_CATEGORIES[i])) {
      found.push({ path: `${where} other than ${CONTRACT_CATEGORIES.join(', ')}`, key: 'categories' });
      break;
    }
  }
  const reasons = Array.isArray(document.exclusions) ? document.exclusions.filter(isRecord).map((e) => e.reason) : [];
  for (const reason of V2_REASONS) if (reasons.includes(reason)) found.push({ path: `exclusions ${reason}`, key: reason === 'apportioned-out' ? 'apportionments' : 'window' });
  return found;
}

/**
 * Why a document labelled version 1 is not one, if it is not: it holds members only version 2 holds, named with the
 * keys that bring them. Undefined for a version 2 document, or a version 1 document that holds none.
 */
export function v1LabelProblem(document: unknown, kind: 'claim' | 'reconciliation'): string | undefined {
  const v1 = kind === 'claim' ? CLAIM_SCHEMA_V1 : RECONCILIATION_SCHEMA_V1;
  const v2 = kind === 'claim' ? CLAIM_SCHEMA_V2 : RECONCILIATION_SCHEMA_V2;
  if (!isRecord(document) || document.schema !== v1) return undefined;
  const members = v2OnlyMembers(document, kind);
  if (members.length === 0) return undefined;
  return `schema is "${v1}", but it holds ${members.join(', ')}, which only "${v2}" holds: it was written under those configuration keys, so it is not a ${kind} of version 1, and its schema was changed after it was written`;
}

/** A member found, with the configuration key that brings it: `wholeGrant (of "grantCap")`. */
function member(path: string, key: GrantTermsKey): string {
  return `${path} (of "${key}")`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
