/**
 * Finds the header row of an export below any report-style metadata lines, and maps the profile's columns to
 * cell positions. Pure: works on records already read.
 */
import { normaliseHeaderName, type SourceProfile } from './profiles.js';

/** How many records from the top of a file are searched for the header row. */
export const HEADER_SEARCH_ROWS = 50;

/** A recognised header: the profile and where each of its columns sits. */
export interface HeaderMatch {
  readonly profile: SourceProfile;
  /** Cell index of each profile column present, by the profile's column name. */
  readonly columns: ReadonlyMap<string, number>;
  /** Cells up to the last non-empty header cell; cells beyond it must be empty in data rows. */
  readonly width: number;
  /** The header line's cells, the empty ones after its last name too: a data row has no more (see FileFold.columnProblem). */
  readonly cells: number;
}

/** Why no header was found: the closest profile and the columns it lacked. */
export interface HeaderMiss {
  readonly profile: SourceProfile;
  readonly missing: readonly string[];
  /** A profile column named twice in the header, which makes the row ambiguous. */
  readonly repeated?: { readonly name: string; readonly positions: readonly number[] };
}

/** Matches one record against the profiles: the first profile whose required columns are all present wins. */
export function matchHeader(cells: readonly string[], profiles: readonly SourceProfile[]): HeaderMatch | HeaderMiss {
  const positions = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    const name = normaliseHeaderName(cell);
    if (name === '') return;
    const list = positions.get(name);
    if (list) list.push(i);
    else positions.set(name, [i]);
  });
  let closest: HeaderMiss | undefined;
  for (const profile of profiles) {
    const columns = new Map<string, number>();
    const missing: string[] = [];
    let repeated: HeaderMiss['repeated'];
    for (const column of profile.columns) {
      const header = column.header ?? column.name;
      const at = positions.get(normaliseHeaderName(header));
      if (at === undefined) {
        if (column.required) missing.push(header);
        continue;
      }
      // Only a column whose values are read is ambiguous when named twice; the first of any other is kept.
      if (at.length > 1 && column.read) repeated ??= { name: column.name, positions: at.map((i) => i + 1) };
      columns.set(column.name, at[0] as number);
    }
    if (missing.length === 0 && !repeated) return { profile, columns, width: lastNonEmpty(cells) + 1, cells: cells.length };
    const miss: HeaderMiss = repeated && missing.length === 0 ? { profile, missing, repeated } : { profile, missing };
    if (!closest || miss.missing.length < closest.missing.length) closest = miss;
  }
  if (!closest) throw new Error('matchHeader needs at least one profile');
  return closest;
}

/** True when a match result is a recognised header. */
export function isHeaderMatch(result: HeaderMatch | HeaderMiss): result is HeaderMatch {
  return 'width' in result;
}

function lastNonEmpty(cells: readonly string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if ((cells[i] as string).trim() !== '') return i;
  return -1;
}
