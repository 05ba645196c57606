/** Codes (cost centres, accounts, keys, employee numbers) compare trimmed and case-insensitively. */
export function normaliseCode(text: string): string {
  // Most codes are digits and capitals already: one look at each character spares two new strings.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c > 126 || c <= 32) return text.trim().toUpperCase();
  }
  return text;
}
