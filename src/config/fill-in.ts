/**
 * The values `grant-recon init` leaves for the analyst, written `"FILL IN: what goes here"`. A configuration that
 * still holds one is refused, each such value named by its JSON path and quoted, so that a starter configuration is
 * never read as if "FILL IN: …" were a grant's name or an amount. Only this exact marker counts (capitals and the
 * colon): a grant may well be named "Fill in the gaps".
 */
import { jsonPath, type ConfigProblem } from './problems.js';

/** How every value that init leaves for the analyst begins. */
export const FILL_IN = 'FILL IN:';

/** One problem for each string value of `raw` that still begins with FILL IN:, in the file's order. */
export function findFillIns(raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // Walked with a stack, as the depth check walks a file: the file is already known to nest at most 32 levels.
  const stack: [unknown, PropertyKey[]][] = [[raw, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, PropertyKey[]];
    if (typeof value === 'string' && value.trimStart().startsWith(FILL_IN)) {
      const shown = value.length > 120 ? `${value.slice(0, 120)}…` : value;
      problems.push({ path: jsonPath(path), message: `not filled in yet: "${shown}"`, hint: 'replace each value written "FILL IN: …" (grant-recon init left them) with the value it asks for' });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], [...path, i]]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value).reverse()) stack.push([child, [...path, key]]);
    }
  }
  return problems;
}
