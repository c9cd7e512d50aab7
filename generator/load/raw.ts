/** The spec as written: shape-checked, not yet linked. Every record keeps its file and line. */

export const LEAF_TYPES = ["string", "integer", "number", "boolean", "enum", "timestamp"] as const;
export const NODE_TYPES = ["container", "table", "union", "map", "opaque", ...LEAF_TYPES] as const;
export type LeafType = (typeof LEAF_TYPES)[number];
export type NodeType = (typeof NODE_TYPES)[number];

export interface At {
  file: string;
  line: number;
  keyLines: Record<string, number>;
}

export interface RawRow {
  node: string;
  parent: string;
  description: string;
  vendorType: string | undefined;
  type: NodeType;
  table: string | undefined;
  required: boolean;
  repeated: boolean;
  values: string[] | undefined;
  /** Integer-coded enum: each code and its meaning. */
  codes: { code: number; meaning: string }[] | undefined;
  /** JSON null is a value, kept as null. */
  nullable: boolean;
  /** Enum whose values outside `values` are errors even in lenient mode. */
  closed: boolean;
  /** Union: the leaf (of every variant) whose value picks the variant. */
  by: string | undefined;
  /** Union: value of `by` → table. */
  variants: { value: string; table: string; line: number }[] | undefined;
  /** Union: table for values not listed. */
  fallback: string | undefined;
  /** Opaque: where the vendor documents the subtree. */
  documentedAt: string | undefined;
  source: string | undefined;
  deviation: string | undefined;
  at: At;
}

export interface RawTable {
  table: string;
  root: string;
  source: string;
  description: string;
  /** Table-level departure from the vendor, with the reason. */
  deviation: string | undefined;
  /** A table whose rows this one inherits. */
  extends: string | undefined;
  overrides: RawOverride[];
  rows: RawRow[];
  at: At;
}

export interface RawOverride {
  path: string;
  values: string[] | undefined;
  required: boolean | undefined;
  closed: boolean | undefined;
  description: string | undefined;
  deviation: string;
  at: At;
}

export interface RawSample {
  file: string;
  source: string;
  description: string;
  invalid: boolean;
  sameAs: string | undefined;
  /** Exact warnings the sample must decode with: `path: code`. */
  warnings: string[];
  /** Error codes an invalid sample must be refused with. */
  errors: string[];
  /** The payload kind the sample decodes as, when it is not the one it is listed under. */
  decodesAs: string | undefined;
  at: At;
}

/** A match rule: the node at `path` has `value`, or (with `present`) exists or not. */
export interface RawMatch {
  path: string;
  value: string | undefined;
  present: boolean | undefined;
  at: At;
}

export interface RawPayload {
  payload: string;
  title: string;
  description: string;
  source: string;
  formats: ("xml" | "json")[];
  root: string;
  jsonNumbers: "string" | "native";
  match: RawMatch[];
  decisions: string[];
  deviation: string | undefined;
  rows: RawRow[];
  overrides: RawOverride[];
  samples: RawSample[];
  at: At;
}

export interface RawPackage {
  name: string;
  version: string;
  description: string;
  /** Where the package's sources live (an https address), its folder there, its home page, and npm keywords. */
  repository: string | undefined;
  directory: string | undefined;
  homepage: string | undefined;
  keywords: string[];
  at: At;
}

/** A vendor page that `source:` fields name: its title, and its public address when known. */
export interface RawPage {
  /** As `source:` writes it, without a `#section`: `pic/callback.md`. */
  page: string;
  title: string;
  url: string | undefined;
  at: At;
}

export interface RawSpec {
  /** Folder the spec was read from (paths in the spec are relative to it). */
  dir: string;
  pkg: RawPackage;
  tables: RawTable[];
  payloads: RawPayload[];
  pages: RawPage[];
}
