/**
 * How deeply a parsed JSON value nests, for the files grant-recon reads (configurations, earlier claims and
 * reconciliations): none of them is more than a few levels deep, and the checks that walk them would run out of
 * stack on one nested thousands of levels.
 */

/** The deepest any file the tool reads may nest arrays and objects. */
export const MAX_JSON_DEPTH = 32;

/** Does a parsed JSON value nest arrays and objects more than MAX_JSON_DEPTH levels? Walked without recursion. */
export function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > MAX_JSON_DEPTH) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
