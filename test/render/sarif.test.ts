import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName, type CheckReport, type Finding } from '../../src/core/reports/check.js';
import { ROW_ERROR_CODES } from '../../src/core/types.js';
import { artifactUri, renderSarif, SARIF_RESULTS_PER_RUN } from '../../src/render/sarif.js';

interface Log {
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; defaultConfiguration: { level: string }; properties: { tags: string[] } }[] } };
    invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations?: { physicalLocation: { artifactLocation: { uri: string; index?: number }; region: { startLine: number } }; message?: { text: string } }[];
      partialFingerprints: Record<string, string>;
    }[];
    properties: Record<string, unknown>;
  }[];
}

const INPUTS = [
  { file: 'exports/gl 2022-04.csv', bytes: 10, sha256: 'a'.repeat(64) },
  { file: 'exports/gl-2022-05.csv', bytes: 20, sha256: 'b'.repeat(64) },
];

/** A check report of these findings, with what renderSarif reads of the rest. */
function reportOf(findings: readonly Finding[], failOn: readonly CheckName[] = ['errors']): CheckReport {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { inputs: INPUTS, findings, failOn, status: errors > 0 ? 'fail' : 'pass', counts: { errors, warnings: findings.length - errors } } as unknown as CheckReport;
}

const finding = (over: Partial<Finding>): Finding => ({ check: 'errors', code: 'bad-date', severity: 'error', file: 'exports/gl 2022-04.csv', line: 4, message: 'Posting Date: date "31/02/2023" does not exist', hint: 'correct it', ...over });

const logOf = (report: CheckReport): Log => JSON.parse([...renderSarif(report, { version: '9.8.7' })].join('')) as Log;

describe('artifactUri', () => {
  it('keeps a relative path relative, each segment percent-encoded as UTF-8', () => {
    expect(artifactUri('fixtures/errors/bad-date.csv')).toBe('fixtures/errors/bad-date.csv');
    expect(artifactUri('exports/gl 2022#1 100%?.csv')).toBe('exports/gl%202022%231%20100%25%3F.csv');
    expect(artifactUri('a:b.csv')).toBe('a%3Ab.csv');
    expect(artifactUri('x\n::error::y\u001b\u009b.csv')).toBe('x%0A%3A%3Aerror%3A%3Ay%1B%C2%9B.csv');
    expect(artifactUri('données/é.csv')).toBe('donn%C3%A9es/%C3%A9.csv');
    expect(artifactUri('./exports/../gl.csv')).toBe('./exports/../gl.csv');
    expect(artifactUri('-')).toBe('-');
    expect(artifactUri('bad\ud800.csv')).toBe('bad%EF%BF%BD.csv');
  });

  it('makes an absolute path a file: URI', () => {
    expect(artifactUri('/tmp/ci run/gl#1.csv')).toBe('file:///tmp/ci%20run/gl%231.csv');
  });
});

describe('renderSarif', () => {
  it('has a rule for every code a finding can have, each of the check that finds it, at the level --fail-on gives it', () => {
    const rules = logOf(reportOf([], ['errors', 'over-cap'])).runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id).sort()).toEqual(['over-cap', 'closed-period-restated', 'payroll-difference', 'projection', 'every-cost-centre', ...ROW_ERROR_CODES].sort());
    const checkOf = (id: string) => rules.find((r) => r.id === id)?.properties.tags[1];
    expect(CHECKS.every((check) => rules.some((r) => r.properties.tags[1] === check))).toBe(true);
    expect([checkOf('conflicting-duplicate'), checkOf('control-total-mismatch'), checkOf('bad-amount'), checkOf('closed-period-restated'), checkOf('every-cost-centre')]).toEqual([
      'conflicts',
      'control-totals',
      'errors',
      'closed-periods',
      'cost-centres',
    ]);
    const levels = Object.fromEntries(rules.map((r) => [r.id, r.defaultConfiguration.level]));
    expect(levels).toMatchObject({ 'bad-date': 'error', 'over-cap': 'error', 'conflicting-duplicate': 'warning', projection: 'warning' });
  });

  it('a result per finding: its rule, level, message with hint, and its file and line', () => {
    const log = logOf(reportOf([finding({}), finding({ code: 'conflicting-duplicate', check: 'conflicts', severity: 'warning', file: 'exports/gl-2022-05.csv', line: 9, message: 'seen before', hint: '' })]));
    const run = log.runs[0];
    expect(run?.tool.driver).toMatchObject({ name: 'grant-recon', version: '9.8.7' });
    const [first, second] = run?.results ?? [];
    expect(first).toMatchObject({
      ruleId: 'bad-date',
      level: 'error',
      message: { text: 'Posting Date: date "31/02/2023" does not exist (hint: correct it)' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'exports/gl%202022-04.csv', index: 0 }, region: { startLine: 4 } } }],
    });
    expect(run?.tool.driver.rules[first?.ruleIndex ?? -1]?.id).toBe('bad-date');
    expect(second).toMatchObject({ ruleId: 'conflicting-duplicate', level: 'warning', message: { text: 'seen before' } });
    expect(second?.locations?.[0]?.physicalLocation.artifactLocation.index).toBe(1);
    expect(run?.properties).toEqual({ status: 'fail', errors: 1, warnings: 1, findings: 2, listed: 2 });
    expect(run?.invocations).toBeUndefined();
  });

  it('places a finding about the inputs as a whole on line 1 of the first input, saying so (GitHub refuses a result without a location)', () => {
    const overCap = finding({ check: 'over-cap', code: 'over-cap', file: null, line: null, message: '2023/24 actual £3,011,630.43 is £118,178.43 over its cap of £2,893,452.00' });
    const [result] = logOf(reportOf([overCap])).runs[0]?.results ?? [];
    expect(result?.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'exports/gl%202022-04.csv', index: 0 }, region: { startLine: 1 } },
        message: { text: 'the first input: the finding is about the inputs as a whole, not this file' },
      },
    ]);
    expect(logOf({ ...reportOf([overCap]), inputs: [] }).runs[0]?.results[0]?.locations).toBeUndefined();
  });

  it('shows control characters in messages as \\xHH, as the other text formats do', () => {
    const text = [...renderSarif(reportOf([finding({ message: 'date "\u001b]0;owned\u0007\u009b"' })]), { version: '1' })].join('');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\\u001b|\\u0007/);
    expect((JSON.parse(text) as Log).runs[0]?.results[0]?.message.text).toBe('date "\\x1b]0;owned\\x07\\x9b" (hint: correct it)');
  });

  it('fingerprints a finding by its code, file and message without money or line: the same problem twice is told apart by occurrence', () => {
    const fingerprints = (findings: Finding[]) => (logOf(reportOf(findings)).runs[0]?.results ?? []).map((r) => r.partialFingerprints['grantReconFinding/v1']);
    const [a, b, c] = fingerprints([finding({ line: 4 }), finding({ line: 7 }), finding({ file: 'exports/gl-2022-05.csv' })]);
    expect(a).toMatch(/^[0-9a-f]{64}:1$/);
    expect(b).toBe(`${a?.slice(0, -2)}:2`);
    expect(c?.slice(0, 64)).not.toBe(a?.slice(0, 64));
    // Rows added above it, or another month's money: the same alert.
    expect(fingerprints([finding({ line: 40 })])).toEqual([a]);
    const overCap = (amount: string) => finding({ check: 'over-cap', code: 'over-cap', file: null, line: null, message: `2023/24 actual £3,011,630.43 is ${amount} over its cap of £2,893,452.00` });
    expect(fingerprints([overCap('£118,178.43')])).toEqual(fingerprints([overCap('£1.00')]));
    expect(fingerprints([overCap('£1.00')])).not.toEqual(fingerprints([finding({ check: 'over-cap', code: 'over-cap', file: null, line: null, message: '2022/23 actual £1.00 is £1.00 over its cap of £2,893,452.00' })]));
  });

  it(`lists the first ${SARIF_RESULTS_PER_RUN} findings (GitHub refuses a run of more) and says how many are not listed`, () => {
    const many = Array.from({ length: SARIF_RESULTS_PER_RUN + 3 }, (_, i) => finding({ line: i + 2 }));
    const run = logOf(reportOf(many)).runs[0];
    expect(run?.results).toHaveLength(SARIF_RESULTS_PER_RUN);
    expect(run?.results.at(-1)?.locations?.[0]?.physicalLocation.region.startLine).toBe(SARIF_RESULTS_PER_RUN + 1);
    expect(run?.properties).toMatchObject({ findings: SARIF_RESULTS_PER_RUN + 3, listed: SARIF_RESULTS_PER_RUN });
    expect(run?.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: { text: 'the SARIF log lists the first 25000 of 25003 findings (GitHub code scanning takes at most 25,000 results a run); grant-recon check --format json or csv lists them all' },
            descriptor: { id: 'results-not-listed' },
          },
        ],
      },
    ]);
  });
});
