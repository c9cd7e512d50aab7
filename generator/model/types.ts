import type { LeafType } from "../load/raw.js";

export type { LeafType };

/** Where a definition sits in the spec: `spec/pic/callback.yaml:42`. */
export interface SpecRef {
  file: string;
  line: number;
}

interface NodeBase {
  /** Wire name (XML element name and JSON key). */
  readonly name: string;
  /** Model path, without the root: `JobsDetail.Input.CosHeaders`; "" for the root. */
  readonly path: string;
  /** Path as the vendor's tables write it: `Response.JobsDetail.Input.CosHeaders`. */
  readonly specPath: string;
  readonly parent: ContainerNode | undefined;
  readonly description: string;
  /** The vendor table's own type column, when it has one. */
  readonly vendorType: string | undefined;
  readonly required: boolean;
  readonly repeated: boolean;
  /** Vendor page the row was read from, e.g. `pic/callback.md#Samples`. */
  readonly source: string;
  /** Every place the spec departs from the vendor's table here, with the reason. */
  readonly deviations: readonly string[];
  /** The spec row that defined this node. */
  readonly defined: SpecRef;
  /** Name of the shared table this node was instantiated from, if any. */
  readonly table: string | undefined;
}

export interface ContainerNode extends NodeBase {
  readonly kind: "container";
  readonly children: readonly ModelNode[];
  /** TypeScript name of the object type (from names.ts). */
  readonly typeName: string;
}

export interface LeafNode extends NodeBase {
  readonly kind: "leaf";
  readonly leaf: LeafType;
  /** Allowed values of an enum leaf. */
  readonly values: readonly string[] | undefined;
}

export type ModelNode = ContainerNode | LeafNode;

export interface MatchRule {
  /** Model path of a single leaf, e.g. `JobsDetail.Tag`. */
  readonly path: string;
  readonly value: string;
}

export interface SampleDef {
  /** Path relative to the spec folder. */
  readonly file: string;
  readonly format: "xml" | "json";
  readonly source: string;
  readonly description: string;
  /** Published text that must be refused. */
  readonly invalid: boolean;
  /** Another sample that must decode to the same model. */
  readonly sameAs: string | undefined;
  readonly defined: SpecRef;
}

export interface PayloadDef {
  readonly name: string;
  /** File-name form of the name: `pic-process-callback`. */
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly source: string;
  readonly formats: readonly ("xml" | "json")[];
  /** JSON style: numbers sent as strings ("417") or as JSON numbers. */
  readonly jsonNumbers: "string" | "native";
  readonly match: readonly MatchRule[];
  readonly decisions: readonly string[];
  /** The root container; its name is the XML root element. */
  readonly root: ContainerNode;
  readonly samples: readonly SampleDef[];
  readonly defined: SpecRef;
}

export interface Model {
  readonly packageName: string;
  readonly version: string;
  readonly description: string;
  /** Absolute path of the spec folder (for reading samples). */
  readonly specDir: string;
  readonly payloads: readonly PayloadDef[];
}

/** Every node under (and including) `node`, parents before children, in spec order. */
export function* walk(node: ModelNode): Generator<ModelNode> {
  yield node;
  if (node.kind === "container") for (const c of node.children) yield* walk(c);
}

export function containers(p: PayloadDef): ContainerNode[] {
  return [...walk(p.root)].filter((n): n is ContainerNode => n.kind === "container");
}
