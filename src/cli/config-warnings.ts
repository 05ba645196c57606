/** What a valid configuration may still get wrong, said on stderr when it is read: budget lines that nothing feeds. */
import { DEFAULT_CONFIG_FILE } from '../config/read-config.js';
import type { GrantConfig } from '../core/grant-config.js';
import { jsonPath } from '../config/problems.js';
import { unfedBudgets } from '../core/reports/budget.js';
import { writeDiagnostic } from './diagnostics.js';

/** Writes a warning for each budget of `config` that no chart rule or staff type feeds; `file` is --config, if given. */
export function writeConfigWarnings(config: GrantConfig, file: string | undefined): void {
  for (const unfed of unfedBudgets(config)) {
    // Budgets come only from a file (the built-in grant has none), in the file's order.
    writeDiagnostic({ file: file ?? DEFAULT_CONFIG_FILE, code: 'config', severity: 'warning', message: `${jsonPath(['budgets', unfed.index])}: ${unfed.message}`, hint: unfed.hint });
  }
}
