/** `--year 2022/23`: a financial year of the grant. */
import type { GrantConfig } from '../core/grant-config.js';
import { fyLabel, parseFyLabel } from '../core/calendar/fiscal.js';
import { UsageError } from './usage-error.js';

/** Parses --year and checks it is one of the grant's years. */
export function parseYearOption(text: string, config: GrantConfig): number {
  const years = config.years.map((y) => fyLabel(y.fy)).join(', ');
  const fy = parseFyLabel(text);
  if (fy === undefined) throw new UsageError(`--year "${text}" is not a financial year`, `write it as 2022/23; the grant years are ${years}`);
  if (!config.years.some((y) => y.fy === fy)) throw new UsageError(`--year ${fyLabel(fy)} is not a year of the grant`, `the grant years are ${years}`);
  return fy;
}
