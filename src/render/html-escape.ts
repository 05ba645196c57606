/** Escaping for text and attribute values in HTML and SVG, with control characters from an export shown as `\xHH`. */
import { visible } from './visible.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `& < > " '` so that text from an export can never become markup or leave an attribute. */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
