/**
 * The only ways spec text reaches emitted code. Text from the vendor's tables is data:
 * `lit` quotes it, `ident` checks it, `jsdoc` neutralises comment terminators.
 */

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface " +
    "package private protected public await arguments eval undefined NaN Infinity").split(" "),
);
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JavaScript literal for a string, number, boolean, null, array or plain object. */
export function lit(value: unknown): string {
  if (value === undefined) throw new Error("lit: undefined has no literal");
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`lit: ${value} has no JSON literal`);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{ ${entries.map(([k, v]) => `${IDENT.test(k) && !RESERVED.has(k) ? k : lit(k)}: ${lit(v)}`).join(", ")} }`;
  }
  if (Array.isArray(value)) return `[${value.map(lit).join(", ")}]`;
  // JSON.stringify escapes quotes, backslashes and control characters; U+2028/2029 are
  // escaped too so the literal is safe in every JavaScript version.
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A name checked to be a plain identifier that is not a reserved word. */
export function ident(name: string): string {
  if (!IDENT.test(name) || RESERVED.has(name)) throw new Error(`"${name}" cannot be used as an identifier`);
  return name;
}

/** Text safe inside a JSDoc block: `*\/` cannot end the comment early and lines cannot start tags. */
export function jsdoc(text: string): string {
  return text
    .replace(/\*\//g, "*\\/")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/^(\s*)@/, "$1\\@"))
    .join("\n")
    .trim();
}

/**
 * Text for a Markdown table cell or line, shown as written: Markdown's markup characters
 * escaped, `<` and `>` as entities (no HTML gets through), line breaks as spaces.
 */
export function markdownText(text: unknown): string {
  return String(text ?? "")
    .replace(/\\/g, "\\\\")
    .replace(/([|*_`[\]])/g, "\\$1")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\s*\r?\n\s*/g, " ");
}
