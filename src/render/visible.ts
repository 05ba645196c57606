/**
 * The one rule for control characters from an export, a file name or a configuration: they are shown, never
 * written. An ESC starts a terminal escape sequence, a BEL rings, DEL and the C1 controls (U+0080–U+009F; U+009B is
 * a one-character CSI) are read as commands by some terminals: a file must not be able to move a terminal's cursor,
 * retitle its window or hide what it says, whether a report is printed, catted from a file or opened in an editor.
 *
 * Every writer calls one of these: text formats (table, Markdown, HTML, CSV, GitHub annotations and job summary,
 * stderr) show them as `\xHH`; JSON escapes them as `\u00HH`, so the value read back is unchanged; XML (JUnit and
 * the workbook's sheets) shows them as text too, with the two characters XML 1.0 forbids beyond them. Tab and line
 * endings are left to each format: they are its structure (a CSV cell may hold a line break, quoted).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * The characters that reorder or break the text around them without being seen: the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), with which a cell can make a line read backwards (an amount
 * or a file name shown reversed), and the line and paragraph separators (U+2028, U+2029), which start a new line in
 * some viewers. Shown as `\uHHHH` wherever the controls are shown.
 */
const INVISIBLE_LAYOUT = /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** What JSON.stringify leaves raw of the controls: DEL and C1 (it escapes U+0000–U+001F itself), and those above. */
const JSON_RAW_CONTROL = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** The noncharacters U+FFFE and U+FFFF: not characters of XML 1.0 at all, so a document holding one is not XML. */
const XML_NONCHARACTER = /[\ufffe\uffff]/g;

const hex = (c: string): string => c.charCodeAt(0).toString(16).padStart(2, '0');
const hex4 = (c: string): string => c.charCodeAt(0).toString(16).padStart(4, '0');

/** Makes control characters visible as `\xHH`, and the invisible layout characters as `\uHHHH`. */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${hex(c)}`).replace(INVISIBLE_LAYOUT, (c) => `\\u${hex4(c)}`);
}

/**
 * Escapes the controls that JSON.stringify writes raw (DEL, C1) in JSON text as `\u00HH`. Safe on any piece of
 * JSON text: outside strings JSON has only ASCII punctuation, digits, letters and whitespace.
 */
export function visibleInJson(json: string): string {
  return json.replace(JSON_RAW_CONTROL, (c) => `\\u${hex4(c)}`);
}

/**
 * visibleInJson as grant-recon wrote JSON before it escaped the bidirectional controls and the separators (DEL and
 * C1 only): a file written then, holding one of them, is read back with the digest it was written with.
 */
export function visibleInJsonBeforeLayout(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${hex4(c)}`);
}

/** Does JSON text hold a character that visibleInJson escapes and visibleInJsonBeforeLayout does not? */
export function holdsLayoutCharacter(text: string): boolean {
  return /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(text);
}

/** Makes control characters visible as `\xHH`, and the noncharacters XML 1.0 forbids as `\uFFFE` and `\uFFFF`. */
export function visibleInXml(text: string): string {
  return visible(text).replace(XML_NONCHARACTER, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
