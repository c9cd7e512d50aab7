import { cut, escapeControls } from "./escape.js";
/** Kinds of findings a decoder, validator or encoder reports, and what each means. */
export const ISSUE_CODES = {
  encoding: "the bytes are not valid in the body's encoding (UTF-8 unless a byte-order mark or the XML declaration says otherwise), the encoding is one this platform does not decode, a JSON string holds a lone surrogate, or (encoding) a text holds a character XML cannot carry",
  format: "the body is neither XML nor JSON, is empty, or is in a format the payload does not use",
  "too-large": "the body, a text, a list or the body's node count is over its limit (maxBytes, maxTextLength, maxItems, maxNodes)",
  "too-deep": "elements or JSON values are nested deeper than maxDepth",
  syntax: "the XML is not well-formed or the JSON is not valid (the message gives line and column)",
  dtd: "a DOCTYPE or ENTITY declaration: DTDs and entity expansion are refused",
  entity: "an entity reference other than the five XML ones or a character reference",
  "wrong-root": "the XML root element or the JSON top level is not the payload's",
  "unknown-payload": "no payload kind has these discriminator values",
  missing: "a required node is absent",
  duplicate: "a single node appears more than once, or a JSON object repeats a key",
  type: "text where an object is due, an object where text is due, a JSON number where text is due, ...",
  integer: "not an integer, or beyond ±2^53",
  number: "not a decimal number",
  boolean: "not true, false, 1 or 0",
  timestamp: "not a timestamp in one of CI's styles, nor -",
  enum: "a value outside the enum or the integer codes (a warning in lenient mode, except for discriminators and closed enums)",
  variant: "the value that picks a union's shape is missing or not listed (kept with the fallback shape, or as plain data; a warning in lenient mode)",
  "unknown-field": "a node the spec does not know (kept; a warning in lenient mode)",
  "mixed-content": "text beside child elements (not kept; a warning in lenient mode)",
  attribute: "an XML attribute (not kept; a warning in lenient mode)",
  "too-many-issues": "more errors or warnings than maxIssues: the list ends with this one, which says how many more there were",
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;

/** One finding: where (model path), what was expected, what was found. */
export interface DecodeIssue {
  /** Model path such as `JobsDetail.Input.CosHeaders[1].Value`; "" is the whole body. */
  readonly path: string;
  readonly code: IssueCode;
  /** A lowercase statement about the data: "expected an integer, found \"4x7\"". */
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
}

/** `JobsDetail.Input: expected ..., found ...`; the whole body is shown as `(body)`. */
export function formatIssue(issue: DecodeIssue): string {
  return `${issue.path === "" ? "(body)" : issue.path}: ${issue.message}`;
}

const DECODE_ERROR = Symbol.for("tencent-ci-callbacks.CallbackDecodeError");

/**
 * Thrown by every decoder when the body breaks the spec; `errors` lists every finding.
 *
 * A package loaded twice in one process (its ESM and CommonJS builds, or two installs) has two
 * of each class, and a plain `instanceof` refuses the other copy's errors. So each error carries
 * a brand: a registry symbol, the same in every copy and realm, as a non-enumerable property.
 * `instanceof CallbackDecodeError` and isCallbackDecodeError look for it (a subclass's
 * `instanceof` is the ordinary one). The symbol names no version: the errors' shape is kept.
 * A brand is a convention, not a proof: any object can carry it. CallbackEncodeError alike.
 */
export class CallbackDecodeError extends Error {
  readonly errors: readonly DecodeIssue[];
  readonly warnings: readonly DecodeIssue[];
  constructor(errors: readonly DecodeIssue[], warnings: readonly DecodeIssue[] = []) {
    const head = `invalid callback: ${errors.length} error${errors.length === 1 ? "" : "s"}`;
    super([head, ...errors.map((e) => `  ${formatIssue(e)}`)].join("\n"));
    this.name = "CallbackDecodeError";
    this.errors = errors;
    this.warnings = warnings;
    Object.defineProperty(this, DECODE_ERROR, { value: true });
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return this === CallbackDecodeError ? isCallbackDecodeError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** True for a CallbackDecodeError thrown by any copy of the package (ESM or CommonJS build, another install). */
export function isCallbackDecodeError(value: unknown): value is CallbackDecodeError {
  return typeof value === "object" && value !== null && (value as { [DECODE_ERROR]?: unknown })[DECODE_ERROR] === true;
}

/**
 * A name as a path segment: plain names (letters, digits, `_`, `-`, `:`, optionally after `@`
 * for an attribute) as they are; any other name quoted as a JSON string and escaped, so that
 * `Input.BucketId` as one name (`JobsDetail["Input.BucketId"]`) never reads as two, and cut
 * when it is long.
 */
const PLAIN_NAME = /^@?[\p{L}\p{N}_:-]+$/u;
const MAX_NAME = 64;

/** The common case, without a Unicode regular expression: a non-empty name of A-Z a-z 0-9 _ - : only. */
function plainAscii(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 45)) return false;
  }
  return true;
}

/** Appends a property or list index to a model path. */
/**
 * A model path as decoders pass it down: text, or a node's parent and its name or index, made
 * into text (by childPath) only when an issue names it. A body of many nodes and no issue then
 * builds no path text at all.
 */
export type Path = string | PathTo;

export class PathTo {
  private text: string | undefined;
  constructor(
    private parent: Path,
    private key: string | number,
  ) {}
  toString(): string {
    return (this.text ??= childPath(pathText(this.parent), this.key));
  }
  /**
   * Points the path at another node. Decoders reuse one path object per container for the
   * node they read in turn: a path is made into text when an issue is reported (at once), and
   * no path outlives the read it was made for.
   */
  point(parent: Path, key: string | number): this {
    this.parent = parent;
    this.key = key;
    this.text = undefined;
    return this;
  }
}

/** The path of a child (by name) or of a list item (by index). */
export function pathTo(parent: Path, key: string | number): Path {
  return new PathTo(parent, key);
}

/** A path as text. */
export function pathText(path: Path): string {
  return typeof path === "string" ? path : path.toString();
}

export function childPath(parent: string, name: string | number): string {
  if (typeof name === "number") return `${parent}[${name}]`;
  if (name.length <= MAX_NAME && (plainAscii(name) || PLAIN_NAME.test(name))) return parent === "" ? name : `${parent}.${name}`;
  return `${parent}[${escapeControls(JSON.stringify(cut(name, MAX_NAME)))}]`;
}

/** Most characters of found text a message shows; longer text is cut and its length given. */
const MAX_SHOWN = 48;

/** Renders found data briefly and safely for a message: text is quoted, escaped and cut. */
export function show(value: unknown): string {
  if (typeof value === "string") return escapeControls(JSON.stringify(cut(value, MAX_SHOWN)));
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return `the number ${String(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** A name from the body inside a message (an element or key name): escaped and cut, not quoted. */
export function showName(name: string): string {
  return escapeControls(cut(name, MAX_NAME));
}
