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

export function resolveOptions(options: DecodeOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  const positive = (v: number | undefined, d: number, name: string): number => {
    if (v === undefined) return d;
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`option ${name} must be a positive integer, got ${String(v)}`);
    return v;
  };
  if (o.format !== undefined && o.format !== "xml" && o.format !== "json") {
    throw new RangeError(`option format must be "xml" or "json", got ${JSON.stringify(o.format)}`);
  }
  return {
    format: o.format,
    strict: o.strict === true,
    maxBytes: positive(o.maxBytes, DEFAULT_LIMITS.maxBytes, "maxBytes"),
    maxDepth: positive(o.maxDepth, DEFAULT_LIMITS.maxDepth, "maxDepth"),
    maxTextLength: positive(o.maxTextLength, DEFAULT_LIMITS.maxTextLength, "maxTextLength"),
    maxItems: positive(o.maxItems, DEFAULT_LIMITS.maxItems, "maxItems"),
    maxNodes: positive(o.maxNodes, DEFAULT_LIMITS.maxNodes, "maxNodes"),
    maxIssues: positive(o.maxIssues, DEFAULT_LIMITS.maxIssues, "maxIssues"),
  };
}
