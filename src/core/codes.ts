/** Codes (cost centres, accounts, keys, employee numbers) compare trimmed and case-insensitively. */
export function normaliseCode(text: string): string {
  return text.trim().toUpperCase();
}
