/**
 * JUnit XML for CI systems that show test results: one test suite of the checks (a test case per check) and one
 * of the input files (a test case per file). Each finding is listed once: under its file where it has one, else
 * under its check; a check whose findings are listed under their files fails (or warns) saying how many there are.
 * A finding at the fail-on level is a <failure>; warnings go to <system-out>, so they are shown but do not fail the
 * case. Each case lists its first 1000 findings and counts the rest.
 */
import type { CheckName, CheckReport, Finding } from '../core/reports/check.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { CHECKS } from '../core/reports/check.js';
import { LISTED } from './document.js';
import { visibleInXml } from './visible.js';

const CHECK_TITLES: Record<CheckName, string> = {
  'over-cap': 'no financial year is over its cap',
  'closed-periods': 'no closed period changed since the earlier reconciliation',
  'control-totals': "every export's own total line agrees with its rows",
  conflicts: 'no two rows of one key disagree',
  errors: 'every row can be read',
  payroll: 'payroll evidence agrees with the GL pay postings',
  projection: 'the run rate stays within the cap',
  'cost-centres': 'the grant counts only its own cost centres',
};

/** Writes the check as JUnit XML. */
export function renderJunit(report: CheckReport): string {
  // The closed-period check runs only against an earlier reconciliation (--against).
  const checks = CHECKS.filter((check) => check !== 'closed-periods' || report.against !== undefined);
  // One pass over the findings (a broken export can have a million), each kept in its file's case, or its check's.
  const byCheck = new Map(checks.map((check) => [check, new CaseFindings()]));
  const byFile = new Map(report.inputs.map((input) => [input.file, new CaseFindings()]));
  for (const f of report.findings) {
    const file = f.file === null ? undefined : byFile.get(f.file);
    if (file === undefined) byCheck.get(f.check)?.add(f);
    else {
      file.add(f);
      byCheck.get(f.check)?.addElsewhere(f);
    }
  }
  const checkCases = checks.map((check) => testCase('grant-recon.checks', `${check}: ${CHECK_TITLES[check]}`, byCheck.get(check) as CaseFindings));
  const fileCases = report.inputs.map((input) => testCase('grant-recon.files', input.file, byFile.get(input.file) as CaseFindings));
  const suites = [suite('checks', checkCases, report.generatedAt), suite('files', fileCases, report.generatedAt)];
  const tests = checkCases.length + fileCases.length;
  const failures = [...checkCases, ...fileCases].filter((c) => c.failed).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="grant-recon check" tests="${tests}" failures="${failures}" errors="0" time="0">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

interface Case {
  readonly xml: string;
  readonly failed: boolean;
}

/** A test case's findings of one severity: how many, and the first LISTED. */
class Listed {
  count = 0;
  readonly first: Finding[] = [];

  add(f: Finding): void {
    if (this.count++ < LISTED) this.first.push(f);
  }
}

/** A test case's findings: its errors (failures) and its warnings, and for a check, how many are under their files. */
class CaseFindings {
  readonly errors = new Listed();
  readonly warnings = new Listed();
  errorsElsewhere = 0;
  warningsElsewhere = 0;

  add(f: Finding): void {
    (f.severity === 'error' ? this.errors : this.warnings).add(f);
  }

  addElsewhere(f: Finding): void {
    if (f.severity === 'error') this.errorsElsewhere++;
    else this.warningsElsewhere++;
  }
}

/** What a check's case says of its findings listed under their files. */
function listedUnderFiles(count: number, severity: string): string {
  return count === 1 ? `1 ${severity}, listed under its file in the files suite` : `${count} ${severity}s, each listed under its file in the files suite`;
}

function testCase(classname: string, name: string, { errors, warnings, errorsElsewhere, warningsElsewhere }: CaseFindings): Case {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(name)}" time="0"`;
  if (errors.count + warnings.count + errorsElsewhere + warningsElsewhere === 0) return { xml: `${open}/>`, failed: false };
  const lines = [`${open}>`];
  const first = errors.first[0];
  if (first !== undefined) {
    const message = errors.count === 1 ? first.message : `${errors.count} findings; first: ${first.message}`;
    const under = errorsElsewhere > 0 ? `\n${listedUnderFiles(errorsElsewhere, 'error')}` : '';
    lines.push(`      <failure message="${attr(message)}" type="${attr(first.code)}">${text(described(errors) + under)}</failure>`);
  } else if (errorsElsewhere > 0) {
    const message = listedUnderFiles(errorsElsewhere, 'error');
    lines.push(`      <failure message="${attr(message)}" type="${attr(name.replace(/:.*$/, ''))}">${text(message)}</failure>`);
  }
  const out = [...(warnings.count > 0 ? [described(warnings)] : []), ...(warningsElsewhere > 0 ? [listedUnderFiles(warningsElsewhere, 'warning')] : [])];
  if (out.length > 0) lines.push(`      <system-out>${text(out.join('\n'))}</system-out>`);
  lines.push('    </testcase>');
  return { xml: lines.join('\n'), failed: errors.count + errorsElsewhere > 0 };
}

function suite(name: string, cases: readonly Case[], timestamp: string): { xml: string } {
  const failures = cases.filter((c) => c.failed).length;
  return {
    xml: [
      `  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0" timestamp="${attr(timestamp.replace(/Z$/, ''))}">`,
      ...cases.map((c) => c.xml),
      '  </testsuite>',
    ].join('\n'),
  };
}

/** The first LISTED findings, one a line, and how many more there are (a broken export can have a million). */
function described(findings: Listed): string {
  const lines = findings.first.map(describe);
  if (findings.count > LISTED) lines.push(`… and ${findings.count - LISTED} more; grant-recon check --format json lists them all`);
  return lines.join('\n');
}

function describe(f: Diagnostic): string {
  const where = f.file === null ? '' : `${f.file}:${f.line ?? ''}: `;
  return `${where}${f.severity}[${f.code}]: ${f.message}${f.hint ? `\n  hint: ${f.hint}` : ''}`;
}

/** Escapes text content; control characters, and the characters XML 1.0 cannot hold, are shown as text (visible.ts). */
function text(value: string): string {
  return visibleInXml(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
