/**
 * Where a configuration file's JSON breaks, as an editor shows it: line and column (both from 1), what was found
 * there, and what to do. JSON.parse says only "at position 1509" (a count of characters no editor shows), so the text
 * is read again by jsonc-parser, whose errors give the offset of the first fault, and the offset is turned into a line
 * and column here. Pure.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ConfigProblem } from './problems.js';

/** The line and column (both from 1) of a character offset of `text`; a CRLF counts as one line break. */
export function lineAndColumnOf(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/** What each fault of jsonc-parser is, in words. */
const FAULTS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'a character that JSON does not allow here',
  InvalidNumberFormat: 'a number JSON cannot read',
  PropertyNameExpected: 'a key in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon (:) was expected after the key',
  CommaExpected: 'a comma (,) was expected between two entries',
  CloseBraceExpected: 'a closing brace (}) was expected',
  CloseBracketExpected: 'a closing bracket (]) was expected',
  EndOfFileExpected: 'text follows the end of the JSON',
  InvalidCommentToken: 'a comment, which JSON does not allow',
  UnexpectedEndOfComment: 'a comment, which JSON does not allow',
  UnexpectedEndOfString: 'a text value whose closing double quote is missing',
  UnexpectedEndOfNumber: 'a number cut short',
  InvalidUnicode: 'a \\u escape that is not four hex digits',
  InvalidEscapeCharacter: 'a backslash escape JSON does not know',
  InvalidCharacter: 'a control character inside a text value',
};

/**
 * The problem of a configuration text that JSON.parse refused: at `$`, with the line and column of the first fault.
 * `parserMessage` (JSON.parse's own) is kept only where jsonc-parser finds no fault, which a valid-looking text
 * refused by JSON.parse alone would be.
 */
export function jsonSyntaxProblem(text: string, parserMessage: string): ConfigProblem {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return { path: '$', message: `not valid JSON: ${parserMessage}`, hint: 'check the file with a JSON checker, or write it again from `grant-recon config show`' };
  // jsonc-parser's codes are a const enum, read by name (the build compiles each module on its own).
  const code = printParseErrorCode(first.error);
  const comma = text.slice(0, first.offset).trimEnd().length - 1;
  const trailingComma = text[comma] === ',' && (code === 'PropertyNameExpected' || code === 'ValueExpected');
  // A comma after the last entry is shown where it is, not where the closing bracket that follows it is.
  const { line, column } = lineAndColumnOf(text, trailingComma ? comma : first.offset);
  const fault = text.length === 0 ? 'the file is empty' : trailingComma ? 'a comma after the last entry of an object or list' : (FAULTS[code] ?? 'text JSON cannot read');
  return { path: '$', message: `not valid JSON: line ${line}, column ${column}: ${fault}`, hint: hintOf(code, trailingComma, text.length === 0) };
}

function hintOf(code: string, trailingComma: boolean, empty: boolean): string {
  if (empty) return 'write the configuration as one JSON object, e.g. { "years": [{ "year": "2022/23", "cap": "2893452.00" }] }';
  if (trailingComma) return 'remove the comma: JSON allows none after the last entry';
  if (code === 'InvalidCommentToken' || code === 'UnexpectedEndOfComment') return 'remove the comment: a configuration file is plain JSON';
  if (code === 'PropertyNameExpected' || code === 'InvalidSymbol') return 'write keys and text values in double quotes ("cap": "2893452.00"), and true, false and numbers without quotes';
  return 'correct the JSON at that line and column (an editor shows both)';
}
