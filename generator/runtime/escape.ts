/**
 * Characters that must never reach a terminal, a log line or a message as they are: C0 and
 * C1 controls (newline and escape included), the line and paragraph separators, the bidi
 * controls that reorder what a reader sees (U+061C, U+200E/F, U+202A-E, U+2066-9: every
 * Bidi_Control character), and lone surrogates.
 */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The text with every unsafe character written as an escape (`\n`, `\u001b`, `\u202e`); other text unchanged. */
export function escapeControls(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  UNSAFE.lastIndex = 0;
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * At most `max` characters of a text for a message, cut in the middle of nothing a reader
 * needs: `abc…` and how many characters the whole text has.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never split a surrogate pair.
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}
