import type { DecodeContext } from "./context.js";
import { type Path, pathText, show } from "./issues.js";

export type LeafKind = "string" | "integer" | "number" | "boolean" | "enum" | "timestamp";

/** What the spec says of one leaf; emitted once per leaf as a module constant. */
export interface LeafSpec {
  readonly kind: LeafKind;
  readonly values?: readonly string[];
  /** A node that tells payload kinds apart, or a closed enum: an unknown value is always an error. */
  readonly discriminator?: boolean;
  /** Integer-coded enum: the codes the spec lists (others are kept and warned about). */
  readonly codes?: readonly number[];
}

function checkCode(spec: LeafSpec, n: number, path: Path, ctx: DecodeContext): void {
  if (spec.codes && !spec.codes.includes(n)) ctx.enumValue(path, String(n), spec.codes.map(String), false);
}

const INTEGER = /^[+-]?\d+$/;

/** INTEGER.test(t), without the cost of a regular expression on the short texts most leaves hold. */
function isIntegerText(t: string): boolean {
  if (t.length > 32) return INTEGER.test(t);
  let k = t.charCodeAt(0) === 43 || t.charCodeAt(0) === 45 ? 1 : 0;
  if (k === t.length) return false;
  for (; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
/** Integer text as a JSON number token writes it: no fraction, no exponent. */
const JSON_INTEGER = /^-?\d+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/**
 * Timestamps as CI writes them: `2022-07-18T15:16:43+0800`, `2022-08-09 14:54:17+0800`,
 * `2021-08-10T21:01:10+08:00`, with optional fraction or `Z`; and `-` for "not yet".
 */
const TIMESTAMP = /^(-|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?)$/;
export const TIMESTAMP_PATTERN = TIMESTAMP.source;

/** True for text a timestamp leaf takes (every path tests with it: the leaf readers and the JSON decoders' inline quick path). */
export function isTimestamp(text: string): boolean {
  return TIMESTAMP.test(text);
}

const expectedOf: Record<LeafKind, string> = {
  string: "text",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  enum: "text",
  timestamp: "a timestamp such as 2022-07-18T15:16:43+0800, or -",
};

/**
 * The model value of leaf text when there is nothing to report about it (text of its kind, a
 * listed enum value or code); undefined when there may be, and leafFromText then says what.
 * The decoders' quick path for a leaf (quickXmlLeaf, quickJsonLeaf) takes only this.
 */
export function plainLeafValue(spec: LeafSpec, text: string): unknown {
  switch (spec.kind) {
    case "string":
      return text;
    case "integer": {
      const t = text.trim();
      if (!isIntegerText(t)) return undefined;
      const n = Number(t);
      return Number.isSafeInteger(n) && (spec.codes === undefined || spec.codes.includes(n)) ? n + 0 : undefined;
    }
    case "number": {
      const t = text.trim();
      const n = Number(t);
      return NUMBER.test(t) && Number.isFinite(n) ? n + 0 : undefined;
    }
    case "boolean": {
      const t = text.trim();
      return t === "true" || t === "1" ? true : t === "false" || t === "0" ? false : undefined;
    }
    case "enum":
      return spec.values!.includes(text) ? text : undefined;
    case "timestamp":
      return isTimestamp(text) ? text : undefined;
  }
}

/**
 * The model value of a JSON number when there is nothing to report about it (an integer
 * leaf's safe integer, listed if the leaf lists codes, whose text the careful scan did not
 * note; any number of a number leaf); undefined otherwise, and leafFromJson then says what.
 */
export function plainJsonNumber(spec: LeafSpec, value: number, ctx: DecodeContext): number | undefined {
  if (spec.kind === "number") return value + 0;
  if (spec.kind !== "integer" || ctx.jsonNumberText !== undefined || !Number.isSafeInteger(value)) return undefined;
  return spec.codes === undefined || spec.codes.includes(value) ? value + 0 : undefined;
}

/** Converts leaf text (XML text, or a JSON string) to its model value; errors go to ctx. */
export function leafFromText(spec: LeafSpec, text: string, path: Path, ctx: DecodeContext): unknown {
  switch (spec.kind) {
    case "string":
      return text;
    case "integer": {
      const t = text.trim();
      if (!isIntegerText(t)) return ctx.error(path, "integer", expectedOf.integer, show(text));
      const n = Number(t);
      if (!Number.isSafeInteger(n)) return ctx.error(path, "integer", "an integer within ±2^53", show(text));
      checkCode(spec, n + 0, path, ctx);
      return n + 0; // "-0" is zero: no -0 in the model
    }
    case "number": {
      const t = text.trim();
      const n = Number(t);
      if (!NUMBER.test(t) || !Number.isFinite(n)) return ctx.error(path, "number", expectedOf.number, show(text));
      return n + 0;
    }
    case "boolean": {
      const t = text.trim();
      if (t === "true" || t === "1") return true;
      if (t === "false" || t === "0") return false;
      return ctx.error(path, "boolean", expectedOf.boolean, show(text));
    }
    case "enum":
      if (!spec.values!.includes(text)) ctx.enumValue(path, text, spec.values!, spec.discriminator === true);
      return text;
    case "timestamp":
      if (!isTimestamp(text)) return ctx.error(path, "timestamp", expectedOf.timestamp, show(text));
      return text;
  }
}

/** A number's text as written, cut short for a message. */
function brief(raw: string): string {
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

/** Converts a JSON leaf value: strings go through leafFromText; JSON numbers and booleans only where the kind allows. */
export function leafFromJson(spec: LeafSpec, value: unknown, path: Path, ctx: DecodeContext): unknown {
  if (typeof value === "string") return leafFromText(spec, value, path, ctx);
  if (typeof value === "number") ctx.jsonNumber(value, spec.kind === "integer");
  if (typeof value === "number" && spec.kind === "integer") {
    // JSON.parse reads 1.0000000000000001 as 1: the text as written decides, not the value.
    const raw = ctx.jsonNumberText?.(pathText(path), value);
    const found = () => (raw === undefined ? show(value) : brief(raw));
    if (raw !== undefined && !JSON_INTEGER.test(raw)) return ctx.error(path, "integer", expectedOf.integer, found());
    if (!Number.isSafeInteger(value)) return ctx.error(path, "integer", "an integer within ±2^53", found());
    checkCode(spec, value + 0, path, ctx);
    return value + 0;
  }
  if (typeof value === "number" && spec.kind === "number") return value + 0;
  if (typeof value === "boolean" && spec.kind === "boolean") return value;
  const expected = spec.kind === "integer" || spec.kind === "number" ? `${expectedOf[spec.kind]} (JSON number or string)` : spec.kind === "boolean" ? "true or false" : "a JSON string";
  const raw = typeof value === "number" ? ctx.jsonNumberText?.(pathText(path), value) : undefined;
  return ctx.error(path, "type", expected, raw === undefined ? show(value) : `the number ${brief(raw)}`);
}

/** Checks a leaf of a model built by hand (validators): the value must already have its model type. */
export function checkLeafValue(spec: LeafSpec, value: unknown, path: Path, ctx: DecodeContext): void {
  switch (spec.kind) {
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) ctx.error(path, "integer", "an integer (number)", show(value));
      else checkCode(spec, value, path, ctx);
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) ctx.error(path, "number", "a finite number", show(value));
      return;
    case "boolean":
      if (typeof value !== "boolean") ctx.error(path, "boolean", "a boolean", show(value));
      return;
    default:
      if (typeof value !== "string") ctx.error(path, "type", "a string", show(value));
      else leafFromText(spec, value, path, ctx);
  }
}
