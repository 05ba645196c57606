/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the log that GitHub code scanning takes, as it
 * takes ESLint's and CodeQL's: one run of the tool `grant-recon`, a rule per finding code, and a result per
 * finding, the most serious first, at its file and line.
 *
 * GitHub refuses a whole upload in which any result has no location ("expected at least one location"), so a
 * finding about the inputs as a whole (over cap, projection, no cost centres configured) is placed on line 1 of the
 * first input, and its location says so. GitHub takes at most 25,000 results a run (more and the upload is
 * refused): the log lists the first 25,000 findings and says in a notification how many more there are.
 */
import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FINDING_HINTS, type CheckName, type CheckReport, type Finding } from '../core/reports/check.js';
import { firstOf } from '../core/store/sequence.js';
import { renderJson } from './json.js';
import type { Rendered } from './rendered.js';
import { visible } from './visible.js';

/** GitHub code scanning refuses a run of more results than this ("SARIF results exceed one or more limits"). */
export const SARIF_RESULTS_PER_RUN = 25_000;

/** The schema a log names: the OASIS standard's (never fetched; a reader may validate against it). */
const SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The partial fingerprint's name; versioned, so that a change of what it hashes is a new name, not new alerts. */
const FINGERPRINT = 'grantReconFinding/v1';

interface Rule {
  readonly check: CheckName;
  /** The rule's name (SARIF: an identifier an end user can read, without spaces). */
  readonly name: string;
  readonly short: string;
  readonly help: string;
}

/** Every code a finding can have, in the order of CHECKS: what it means and what to do about it. */
const RULES: Record<Finding['code'], Rule> = {
  'over-cap': {
    check: 'over-cap',
    name: 'OverCap',
    short: "A financial year's actual spend is over its cap",
    help: sentence(FINDING_HINTS['over-cap']),
  },
  'closed-period-restated': {
    check: 'closed-periods',
    name: 'ClosedPeriodRestated',
    short: "A closed period's figure changed since the earlier reconciliation",
    help: sentence(FINDING_HINTS['closed-period-restated']),
  },
  'control-total-mismatch': {
    check: 'control-totals',
    name: 'ControlTotalMismatch',
    short: "An export's own total line disagrees with its rows",
    help: 'The export is truncated or was edited after it was run: export it again.',
  },
  'conflicting-duplicate': {
    check: 'conflicts',
    name: 'ConflictingDuplicate',
    short: 'A row whose key an earlier row holds with different content',
    help: 'Two exports disagree about one ledger line: keep only the corrected export, or ask for a fresh one.',
  },
  'bad-date': {
    check: 'errors',
    name: 'BadDate',
    short: 'A date that cannot be read, or a day that does not exist',
    help: 'Write the date as the export does (31/03/2023 or 2023-03-31) and check that the day exists, then export again.',
  },
  'bad-period': {
    check: 'errors',
    name: 'BadPeriod',
    short: 'A period that cannot be read',
    help: 'Write GL periods as P01 to P16 (or leave the cell blank), and payroll periods as the month the cost was incurred, e.g. 2022-09.',
  },
  'bad-amount': {
    check: 'errors',
    name: 'BadAmount',
    short: 'An amount that cannot be read as money',
    help: 'Write amounts as 1234.56, 1,234.56 or -1,234.56.',
  },
  'missing-field': {
    check: 'errors',
    name: 'MissingField',
    short: 'A row without a value it needs',
    help: "Every row needs the layout's required cells: fill them in, or check that the export was not truncated or edited.",
  },
  'wrong-column-count': {
    check: 'errors',
    name: 'WrongColumnCount',
    short: 'A row with more or fewer cells than its header',
    help: 'A value holding a comma must be quoted ("1,234.56", "Smith, J"): check that the row was not split, merged or cut short.',
  },
  'unknown-staff-type': {
    check: 'errors',
    name: 'UnknownStaffType',
    short: "A payroll row whose Staff Type is neither Police Officer nor Police Staff",
    help: 'The allowed values are Police Officer (officers) and Police Staff (staff).',
  },
  'after-total': {
    check: 'errors',
    name: 'AfterTotal',
    short: "A row below the export's total line",
    help: 'Rows after the total line are not part of the export: remove them, or export again.',
  },
  'suspect-quote': {
    check: 'errors',
    name: 'SuspectQuote',
    short: 'A quote that opens a cell and swallows the rows below it',
    help: 'A quoted cell must close before the next row begins: correct the quotes, or export the file again.',
  },
  'row-above-header': {
    check: 'errors',
    name: 'RowAboveHeader',
    short: 'A row above the header',
    help: 'Put the header row first and every row below it, then export again; a report title or notes above the header are fine.',
  },
  'payroll-difference': {
    check: 'payroll',
    name: 'PayrollDifference',
    short: "A month whose payroll evidence disagrees with the GL pay postings",
    help: 'Payroll showing more pay than the GL: is a pay journal missing from the GL export? The GL showing more: is a pay journal posted twice?',
  },
  projection: {
    check: 'projection',
    name: 'Projection',
    short: "A financial year whose run-rate projection passes its cap",
    help: sentence(FINDING_HINTS['projection']),
  },
  'every-cost-centre': {
    check: 'cost-centres',
    name: 'EveryCostCentre',
    short: "No grant cost centres are configured, so every cost centre's rows count as the grant's",
    help: sentence(FINDING_HINTS['every-cost-centre']),
  },
};

/** A hint as a sentence: a capital letter, and a full stop. */
function sentence(hint: string): string {
  return `${hint.charAt(0).toUpperCase()}${hint.slice(1)}.`;
}

const RULE_IDS = Object.keys(RULES) as Finding['code'][];
const RULE_INDEX: ReadonlyMap<Finding['code'], number> = new Map(RULE_IDS.map((id, index) => [id, index]));

/** What the tool is: its version comes from the package (the same inputs and version give the same bytes). */
export interface SarifTool {
  readonly version: string;
}

/** Writes the check as a SARIF 2.1.0 log of one run. */
export function renderSarif(report: CheckReport, tool: SarifTool): Rendered {
  // Each input's URI and index once: a log lists up to 25,000 results on a handful of files.
  const artifacts = new Map(report.inputs.map((input, index) => [input.file, { uri: artifactUri(input.file), index }]));
  const place = wholeInputsPlace(report);
  const occurrences = new Map<string, number>();
  const results = [...firstOf(report.findings, SARIF_RESULTS_PER_RUN)].map((f) => result(f, artifacts, place, occurrences));
  const total = report.findings.length;
  const unlisted = total - results.length;
  const run = {
    tool: {
      driver: {
        name: 'grant-recon',
        version: tool.version,
        rules: RULE_IDS.map((id) => rule(id, report.failOn)),
      },
    },
    ...(unlisted > 0
      ? {
          invocations: [
            {
              executionSuccessful: true,
              toolExecutionNotifications: [
                {
                  level: 'warning',
                  message: { text: `${sarifCapNote(total)}; grant-recon check --format json or csv lists them all` },
                  descriptor: { id: 'results-not-listed' },
                },
              ],
            },
          ],
        }
      : {}),
    artifacts: report.inputs.map((input) => ({
      location: { uri: artifacts.get(input.file)?.uri ?? artifactUri(input.file) },
      length: input.bytes,
      roles: ['analysisTarget'],
      hashes: { 'sha-256': input.sha256 },
    })),
    results,
    properties: {
      status: report.status,
      errors: report.counts.errors,
      warnings: report.counts.warnings,
      findings: total,
      listed: results.length,
    },
  };
  return renderJson({ $schema: SCHEMA_URI, version: '2.1.0', runs: [run] });
}

/** What is said (on stderr, and in the log's notification) when the findings are more than a run can hold. */
export function sarifCapNote(findings: number): string {
  return `the SARIF log lists the first ${SARIF_RESULTS_PER_RUN} of ${findings} findings (GitHub code scanning takes at most 25,000 results a run)`;
}

/** A rule: its check, what it finds, what to do, and the level its findings have in this run (from --fail-on). */
function rule(id: Finding['code'], failOn: readonly CheckName[]): object {
  const { check, name, short, help } = RULES[id];
  return {
    id,
    name,
    shortDescription: { text: short },
    fullDescription: { text: `${short}. Found by the ${check} check: an error with --fail-on ${check}, else a warning.` },
    help: { text: help },
    defaultConfiguration: { level: failOn.includes(check) ? 'error' : 'warning' },
    properties: { tags: ['grant-recon', check] },
  };
}

/** Where a finding without a file goes: line 1 of the first input (GitHub shows no result without a location). */
interface WholeInputsPlace {
  readonly file: string;
  readonly note: string;
}

function wholeInputsPlace(report: CheckReport): WholeInputsPlace | undefined {
  const first = report.inputs[0];
  return first === undefined ? undefined : { file: first.file, note: 'the first input: the finding is about the inputs as a whole, not this file' };
}

function result(f: Finding, artifacts: ReadonlyMap<string, { readonly uri: string; readonly index: number }>, place: WholeInputsPlace | undefined, occurrences: Map<string, number>): object {
  const file = f.file ?? place?.file;
  const artifact = file === undefined ? undefined : artifacts.get(file);
  const uri = artifact?.uri ?? (file === undefined ? undefined : artifactUri(file));
  const index = artifact?.index;
  const location =
    uri === undefined
      ? undefined
      : {
          physicalLocation: {
            artifactLocation: index === undefined ? { uri } : { uri, index },
            region: { startLine: f.file === null ? 1 : (f.line ?? 1) },
          },
          ...(f.file === null && place ? { message: { text: place.note } } : {}),
        };
  return {
    ruleId: f.code,
    ruleIndex: RULE_INDEX.get(f.code),
    level: f.severity,
    message: { text: visible(f.hint ? `${f.message} (hint: ${f.hint})` : f.message) },
    ...(location ? { locations: [location] } : {}),
    partialFingerprints: { [FINGERPRINT]: fingerprint(f, occurrences) },
  };
}

/**
 * A finding's partial fingerprint, by which GitHub keeps one alert for one problem from run to run: a hash of its
 * code, file (none for a finding about the inputs as a whole, wherever it is placed) and message with the money left out (a year's over-cap amount moves as months are added; it is the
 * same alert), and the line left out too (rows added above it move it). The same problem twice in a file (two rows
 * with the same bad date) is told apart by its occurrence, counted in report order.
 */
function fingerprint(f: Finding, occurrences: Map<string, number>): string {
  const key = createHash('sha256').update(`${f.code}\0${f.file ?? ''}\0${f.message.replace(/-?£[\d,]+\.\d\d/g, '£')}`).digest('hex');
  const occurrence = (occurrences.get(key) ?? 0) + 1;
  occurrences.set(key, occurrence);
  return `${key}:${occurrence}`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A file named on the command line as a URI reference: a relative path stays relative (GitHub resolves it from the
 * checkout), each segment percent-encoded as UTF-8 (a space is %20, `%` is %25, `#` is %23, a control character
 * %HH, a `:` in the first segment %3A so it is never read as a scheme); an absolute path becomes a file: URI.
 */
export function artifactUri(file: string): string {
  // A lone surrogate (a name read back from an earlier JSON file may hold one) has no UTF-8: U+FFFD stands for it.
  const path = file.replace(LONE_SURROGATE, '\ufffd');
  if (path.startsWith('/') || (sep === '\\' && /^(?:[a-zA-Z]:)?\\/.test(path))) return pathToFileURL(path).href;
  return path
    .split(sep === '\\' ? /[\\/]/ : '/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
