/**
 * Control characters from an export (an ESC that starts a terminal escape sequence, a BEL, a NUL) are shown as
 * `\xHH` instead of being written: a file must not be able to move a terminal's cursor, retitle its window or
 * hide what it says. Tab and line endings are left to each format.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Makes control characters visible as `\xHH`. */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
