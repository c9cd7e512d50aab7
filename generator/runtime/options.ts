/** Options of every decode entry point. */
export interface DecodeOptions {
  /** Wire format; detected from the first non-blank character when absent. */
  readonly format?: "xml" | "json";
  /** Turn unknown fields and unknown enum values (warnings by default) into errors. */
  readonly strict?: boolean;
  /** Largest body accepted, in bytes (UTF-8). Default 16 MiB. */
  readonly maxBytes?: number;
  /** Deepest element or JSON nesting accepted. Default 64. */
  readonly maxDepth?: number;
  /** Longest text of one leaf (or unknown element, or JSON string), in characters. Default 1 Mi. */
  readonly maxTextLength?: number;
  /** Most child elements of one element, items of one JSON array or keys of one JSON object. Default 100,000. */
  readonly maxItems?: number;
  /**
   * Most nodes in the whole body: XML elements, attributes and text runs; JSON objects, arrays
   * and values. Default 1,000,000 (a snapshot job listing 100,000 objects has about 600,000);
   * it bounds the memory a body can make the decoder spend however its nodes are spread.
   */
  readonly maxNodes?: number;
  /** Most errors, and most warnings, listed; the list then ends with one issue saying how many more there were (and decoding stops at the cap of errors). Default 100. */
  readonly maxIssues?: number;
}

export interface ResolvedOptions {
  readonly format: "xml" | "json" | undefined;
  readonly strict: boolean;
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxTextLength: number;
  readonly maxItems: number;
  readonly maxNodes: number;
  readonly maxIssues: number;
}

/**
 * Generous for every legitimate callback (a snapshot job may list thousands of output
 * objects; bodies of a few MB decode), tight enough that hostile bodies are refused early.
 */
export const DEFAULT_LIMITS = Object.freeze({ maxBytes: 16 * 1024 * 1024, maxDepth: 64, maxTextLength: 1024 * 1024, maxItems: 100_000, maxNodes: 1_000_000, maxIssues: 100 });

/** A value as an option's error message names it: its type, and the value when short. */
function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  switch (typeof v) {
    case "string":
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
    case "number":
      return `the number ${String(v)}`;
    case "boolean":
      return String(v);
    case "bigint":
      return `the bigint ${String(v)}n`;
    case "object":
      return "an object";
    default:
      return `a ${typeof v}`;
  }
}

/*
 * Options are checked the same way by every entry point (decode, validate, encode, the CLI):
 * a value of the wrong type is a TypeError (strict: "yes", maxBytes: "10", format: 1), a value of
 * the right type but outside its range a RangeError (maxDepth: 0, maxDepth: 1.5, format: "yaml").
 * An absent option (undefined) takes its default. Names the entry point does not know are ignored.
 */

/** The options argument: an object (not an array), or undefined for none. */
export function optionsObject(options: unknown): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`options must be an object (or undefined), got ${describeValue(options)}`);
  }
  return options as Record<string, unknown>;
}

/** A flag such as strict: true or false. */
export function flag(v: unknown, d: boolean, name: string): boolean {
  if (v === undefined) return d;
  if (typeof v !== "boolean") throw new TypeError(`option ${name} must be true or false, got ${describeValue(v)}`);
  return v;
}

/** A limit such as maxBytes or maxDepth: a positive integer. */
export function positive(v: unknown, d: number, name: string): number {
  if (v === undefined) return d;
  if (typeof v !== "number") throw new TypeError(`option ${name} must be a positive integer, got ${describeValue(v)}`);
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`option ${name} must be a positive integer, got ${String(v)}`);
  return v;
}

/** A choice such as format: one of `values`. */
export function oneOf<T extends string>(v: unknown, values: readonly T[], name: string): T | undefined {
  if (v === undefined || (typeof v === "string" && (values as readonly string[]).includes(v))) return v as T | undefined;
  // The message is made only for a value refused (options are checked on every decode).
  const expected = values.map((x) => JSON.stringify(x)).join(" or ");
  if (typeof v !== "string") throw new TypeError(`option ${name} must be ${expected}, got ${describeValue(v)}`);
  throw new RangeError(`option ${name} must be ${expected}, got ${JSON.stringify(v)}`);
}

export const FORMATS = ["xml", "json"] as const;

let defaults: ResolvedOptions | undefined;
/** The defaults with the format of an entry point for one format (decode...Xml, decode...Json). */
const defaultsIn: { xml?: ResolvedOptions; json?: ResolvedOptions } = {};

/**
 * The options of a run, checked and completed with the defaults. `only`, when given, is the
 * format of an entry point for one format: it overrides options.format (which is still checked).
 */
export function resolveOptions(options: DecodeOptions | undefined, only?: "xml" | "json"): ResolvedOptions {
  // Most decodes take no options: their resolution is made once (once per format for the entry points of one format).
  if (options === undefined) {
    defaults ??= Object.freeze(resolve({}));
    return only === undefined ? defaults : (defaultsIn[only] ??= Object.freeze({ ...defaults, format: only }));
  }
  const resolved = resolve(options);
  return only === undefined ? resolved : { ...resolved, format: only };
}

function resolve(options: DecodeOptions): ResolvedOptions {
  const o = optionsObject(options) as DecodeOptions;
  return {
    format: oneOf(o.format, FORMATS, "format"),
    strict: flag(o.strict, false, "strict"),
    maxBytes: positive(o.maxBytes, DEFAULT_LIMITS.maxBytes, "maxBytes"),
    maxDepth: positive(o.maxDepth, DEFAULT_LIMITS.maxDepth, "maxDepth"),
    maxTextLength: positive(o.maxTextLength, DEFAULT_LIMITS.maxTextLength, "maxTextLength"),
    maxItems: positive(o.maxItems, DEFAULT_LIMITS.maxItems, "maxItems"),
    maxNodes: positive(o.maxNodes, DEFAULT_LIMITS.maxNodes, "maxNodes"),
    maxIssues: positive(o.maxIssues, DEFAULT_LIMITS.maxIssues, "maxIssues"),
  };
}
