import type { DecodeContext } from "./context.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/**
 * The body as text. Bytes must be valid UTF-8 (a replacement character would alter
 * data); a byte-order mark is dropped. Bodies over the size limit are refused.
 */
export function bodyText(body: unknown, ctx: DecodeContext): string | undefined {
  const max = ctx.options.maxBytes;
  let text: string;
  if (body instanceof Uint8Array) {
    if (body.byteLength > max) return ctx.error("", "too-large", `a body of at most ${max} bytes`, `${body.byteLength} bytes`);
    try {
      text = utf8.decode(body);
    } catch {
      return ctx.error("", "encoding", "UTF-8 text", "bytes that are not valid UTF-8");
    }
  } else if (typeof body === "string") {
    if (body.length > max || (body.length * 3 > max && encoder.encode(body).byteLength > max)) {
      return ctx.error("", "too-large", `a body of at most ${max} bytes`, "a larger body");
    }
    text = body;
  } else {
    return ctx.error("", "format", "a string or Uint8Array body", typeof body);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** XML when the first non-blank character is `<`, JSON when it is `{` or `[`. */
export function detectFormat(text: string): "xml" | "json" | undefined {
  const m = /\S/.exec(text);
  if (!m) return undefined;
  if (m[0] === "<") return "xml";
  if (m[0] === "{" || m[0] === "[") return "json";
  return undefined;
}
