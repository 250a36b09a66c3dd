/**
 * Text hygiene for what is shown to a person or written as JSON: file names and questions can hold
 * terminal escapes, newlines, bidirectional overrides, invisible characters and lone surrogates.
 */

/** Characters that move the cursor, recolour or reorder a terminal's text, or end a line. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/** Lone surrogates (half of a pair, not valid Unicode text) become U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * A name (file name, title) as it may be printed: control and escape characters shown escaped
 * (`\e[2J`, `\n`, `\u202e`), never acted on; a newline never splits the line it is on.
 */
export function escapeControls(s: string): string {
  return wellFormed(s).replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Zero-width characters, soft hyphen and word joiners: invisible, yet they split words for matching. */
export const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** Text with the invisible characters removed (questions, and corpus text as it is matched). */
export function withoutInvisible(s: string): string {
  return s.replace(INVISIBLE, '');
}

/** At most `max` characters of a text to echo back (a rejected question, say), with … when cut. */
export function echo(s: string, max = 100): string {
  const chars = [...wellFormed(s)];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}

/**
 * One JSON line: strings well-formed (no lone surrogate reaches `jq`), and C1 controls, line and
 * paragraph separators and bidirectional controls written as \u escapes (JSON.stringify escapes
 * only U+0000–U+001F), so that printing the line raw never drives a terminal.
 */
export function jsonLine(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v));
  return (
    text.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) +
    '\n'
  );
}
