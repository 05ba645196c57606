/** A problem in a configuration file, and the JSON path that says where it is. */
import { diagnostic, type Diagnostic, type Severity } from '../core/diagnostic.js';

/** One problem in a configuration file: where (a JSON path) and what. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
  /** What to do, where it is more particular than "see the schema". */
  readonly hint?: string;
}

/** The JSON path of a place in a configuration file: ['years', 0, 'cap'] → `$.years[0].cap`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  return `$${segments.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
}

/** A configuration problem as a diagnostic: of the file, where the JSON path says. */
export function configDiagnostic(file: string, problem: ConfigProblem, severity: Severity): Diagnostic {
  return diagnostic({ severity, code: 'config', file, message: `${problem.path}: ${problem.message}`, hint: problem.hint ?? 'run `grant-recon config schema` for what the file may hold' });
}
