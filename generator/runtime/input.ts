import type { DecodeContext } from "./context.js";
import { show } from "./issues.js";

const encoder = new TextEncoder();

/**
 * A callback body: text, or its bytes as a Uint8Array, a Buffer, any other ArrayBuffer view,
 * or an ArrayBuffer (what `await request.arrayBuffer()` gives), from any realm.
 */
export type CallbackBody = string | ArrayBuffer | ArrayBufferView;

const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")!.get!;

/**
 * The bytes of a body given as bytes, viewed in place (never copied): any ArrayBuffer view
 * (a Uint8Array or Buffer, another typed array, a DataView) or an ArrayBuffer, made in this
 * realm or another (a `vm` context, a test runner's, a worker's structured clone). Neither
 * `instanceof` is used: both fail across realms. An ArrayBuffer is told by the internal slot
 * its `byteLength` getter reads, which no plain object can fake. A SharedArrayBuffer is not
 * taken as a body itself (a view over one is). Undefined for anything else.
 */
export function bodyBytes(body: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body !== "object" || body === null) return undefined;
  try {
    arrayBufferLength.call(body);
  } catch {
    return undefined;
  }
  return new Uint8Array(body as ArrayBuffer);
}

/** What a body over the size limit is expected to be; the CLI, which stops reading past the limit, says the same. */
export function bodyLimit(max: number): string {
  return `a body of at most ${max} bytes`;
}

/** The encodings a body may arrive in, by how its first bytes read. */
type Detected = { readonly encoding: "utf-8" | "utf-16le" | "utf-16be"; readonly bom: number; readonly sure: boolean };

/** Byte-order marks, and `<?` written in UTF-16 without one (XML 1.0, appendix F). */
function detect(b: Uint8Array): Detected {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: "utf-8", bom: 3, sure: true };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: "utf-16le", bom: 2, sure: true };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: "utf-16be", bom: 2, sure: true };
  if (b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return { encoding: "utf-16le", bom: 0, sure: true };
  if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return { encoding: "utf-16be", bom: 0, sure: true };
  return { encoding: "utf-8", bom: 0, sure: false };
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="GBK"?>`), read from the body's first characters. */
export function declaredEncoding(head: string): string | undefined {
  if (!head.startsWith("<?xml")) return undefined;
  const end = head.indexOf("?>");
  const m = /\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(end < 0 ? head : head.slice(0, end));
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The first bytes of a body in UTF-8 as Latin-1 text, up to the end of its XML declaration
 * (`?>`) and at most 256: enough for declaredEncoding. "" when the body does not start with
 * `<?xml` (no declaration, or JSON): nothing is read then.
 */
function declarationBytes(b: Uint8Array, from: number): string {
  if (b[from] !== 0x3c || b[from + 1] !== 0x3f || b[from + 2] !== 0x78 || b[from + 3] !== 0x6d || b[from + 4] !== 0x6c) return "";
  const stop = Math.min(b.length, from + 256);
  let end = from + 5;
  while (end < stop && !(b[end] === 0x3e && b[end - 1] === 0x3f)) end++;
  let head = "";
  for (let i = from; i < stop && i <= end; i++) head += String.fromCharCode(b[i]!);
  return head;
}

const UTF8 = /^utf-?8$/i;
const UTF16 = /^utf-?16(le|be)?$/i;
const LATIN1 = /^(iso[-_]?8859-1|latin-?1|l1|iso-ir-100|cp819|ibm819)$/i;

let utf8: TextDecoder | undefined;

function decodeWith(label: string, bytes: Uint8Array): string {
  if (LATIN1.test(label)) {
    // Exactly ISO-8859-1 (byte n is U+00n), not windows-1252, which TextDecoder would give for this label.
    let out = "";
    for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return out;
  }
  // UTF-8, the encoding of nearly every body, with one decoder for all (decode without streaming keeps no state).
  const decoder = label === "utf-8" ? (utf8 ??= new TextDecoder("utf-8", { fatal: true })) : new TextDecoder(label, { fatal: true });
  // Labels the platform maps to no real decoding (ISO-2022-KR and the like become U+FFFD): refused as unknown.
  if (decoder.encoding === "replacement" || decoder.encoding === "x-user-defined") throw new RangeError(label);
  return decoder.decode(bytes);
}

/**
 * The body as text, refused when over maxBytes. Bytes are read in the encoding the body
 * declares, never guessed: a byte-order mark (UTF-8, UTF-16LE/BE), or for XML the
 * declaration's `encoding` (UTF-8 when absent; ISO-8859-1, GBK, GB18030 and every other
 * encoding the platform's TextDecoder knows). An encoding the platform cannot decode, a
 * declaration that contradicts the byte-order mark, or bytes invalid in the encoding are
 * refused (`encoding`): a replacement character would alter data. A string body is taken as
 * text already decoded. Bytes are any ArrayBuffer view or an ArrayBuffer, from any realm (bodyBytes).
 */
export function bodyText(body: unknown, ctx: DecodeContext): string | undefined {
  const max = ctx.options.maxBytes;
  if (typeof body === "string") {
    if (body.length > max || (body.length * 3 > max && utf8Over(body, max))) {
      return ctx.error("", "too-large", bodyLimit(max), "a larger body");
    }
    return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  }
  const bytes = bodyBytes(body);
  if (bytes === undefined) return ctx.error("", "format", "a string, Uint8Array (or other ArrayBuffer view) or ArrayBuffer body", body === null ? "null" : typeof body);
  if (bytes.byteLength > max) return ctx.error("", "too-large", bodyLimit(max), `${bytes.byteLength} bytes`);
  const found = detect(bytes);
  // The declaration is ASCII in every encoding XML allows here; in UTF-16 it is read once decoded.
  let label: string = found.encoding;
  const declared = found.encoding === "utf-8" ? declaredEncoding(declarationBytes(bytes, found.bom)) : undefined;
  if (declared !== undefined && !UTF8.test(declared)) {
    if (found.sure) return ctx.error("", "encoding", `an encoding declaration that agrees with the byte-order mark (${found.encoding.toUpperCase()})`, `encoding=${show(declared)}`);
    if (UTF16.test(declared)) return ctx.error("", "encoding", "UTF-16 with its byte-order mark", `encoding=${show(declared)} without one`);
    label = declared;
  }
  let text: string;
  try {
    text = decodeWith(label, bytes.subarray(found.bom));
  } catch (e) {
    if (e instanceof RangeError) return ctx.error("", "encoding", "a body in UTF-8, UTF-16 or an encoding this platform decodes", `encoding=${show(label)}, which it does not`);
    return ctx.error("", "encoding", `${label === found.encoding ? found.encoding.toUpperCase() : show(label)} text`, `bytes that are not valid ${label === found.encoding ? found.encoding.toUpperCase() : show(label)}`);
  }
  if (found.encoding !== "utf-8") {
    const inner = declaredEncoding(text.slice(0, 256));
    if (inner !== undefined && !UTF16.test(inner)) return ctx.error("", "encoding", `an encoding declaration that agrees with the byte-order mark (${found.encoding.toUpperCase()})`, `encoding=${show(inner)}`);
  }
  return text;
}

/** Characters of text utf8Over encodes at a time. */
export const UTF8_CHUNK = 1 << 16;
/** The bytes of utf8Over's chunks (three a character at most), made once and kept. */
let utf8Room: Uint8Array | undefined;

/**
 * True when `text` takes more than `max` bytes in UTF-8. Counted a chunk at a time into one kept
 * array (TextEncoder.encodeInto), never into a copy of the whole body, and no further than past
 * `max`: a JSON body of 5.6 million characters (the bench's ~3.5 MB callback), which TextEncoder's
 * encode copied whole (5.6 MB) to be measured, spent 7% of its decode there. A surrogate pair is
 * never cut in two, so each counts its 4 bytes (a lone surrogate counts 3, as encode gives it).
 */
export function utf8Over(text: string, max: number): boolean {
  const room = (utf8Room ??= new Uint8Array(3 * UTF8_CHUNK));
  let bytes = 0;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + UTF8_CHUNK);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    bytes += encoder.encodeInto(text.substring(at, end), room).written;
    if (bytes > max) return true;
    at = end;
  }
  return false;
}

/** XML when the first non-blank character is `<`, JSON when it is `{` or `[`. */
export function detectFormat(text: string): "xml" | "json" | undefined {
  // Nearly every body starts with its first character: no search then.
  const first = text.charCodeAt(0);
  if (first === 0x3c) return "xml";
  if (first === 0x7b || first === 0x5b) return "json";
  const m = /\S/.exec(text);
  if (!m) return undefined;
  if (m[0] === "<") return "xml";
  if (m[0] === "{" || m[0] === "[") return "json";
  return undefined;
}
