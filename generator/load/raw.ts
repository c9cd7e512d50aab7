/** The spec as written: shape-checked, not yet linked. Every record keeps its file and line. */

export const LEAF_TYPES = ["string", "integer", "number", "boolean", "enum", "timestamp"] as const;
export const NODE_TYPES = ["container", "table", ...LEAF_TYPES] as const;
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
  source: string | undefined;
  deviation: string | undefined;
  at: At;
}

export interface RawTable {
  table: string;
  root: string;
  source: string;
  description: string;
  rows: RawRow[];
  at: At;
}

export interface RawOverride {
  path: string;
  values: string[] | undefined;
  required: boolean | undefined;
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
  at: At;
}

export interface RawMatch {
  path: string;
  value: string;
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
  rows: RawRow[];
  overrides: RawOverride[];
  samples: RawSample[];
  at: At;
}

export interface RawPackage {
  name: string;
  version: string;
  description: string;
  at: At;
}

export interface RawSpec {
  /** Folder the spec was read from (paths in the spec are relative to it). */
  dir: string;
  pkg: RawPackage;
  tables: RawTable[];
  payloads: RawPayload[];
}
