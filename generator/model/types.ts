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
  /** JSON null is a value here (kept as null), not "absent". */
  readonly nullable: boolean;
}

export interface ContainerNode extends NodeBase {
  readonly kind: "container";
  readonly children: readonly ModelNode[];
  /** TypeScript name of the object type (from names.ts, or the shared table's). */
  readonly typeName: string;
  /** The type is a shared table's, emitted once under src/tables/ (not per payload). */
  readonly shared: boolean;
  /** The table whose module exports the shared type. */
  readonly typeTable: string | undefined;
  /** A subtree documented elsewhere: children the spec does not list are kept without warnings. */
  readonly opaque: boolean;
  /** Opaque: where the vendor documents the subtree. */
  readonly documentedAt: string | undefined;
}

export interface LeafNode extends NodeBase {
  readonly kind: "leaf";
  readonly leaf: LeafType;
  /** Allowed values of an enum leaf. */
  readonly values: readonly string[] | undefined;
  /** An enum whose unlisted values are errors even in lenient mode. */
  readonly closed: boolean;
  /** Integer-coded enum: each code and its meaning. */
  readonly codes: readonly { readonly code: number; readonly meaning: string }[] | undefined;
}

/** Free-form name → text pairs (moderation cos_headers). */
export interface MapNode extends NodeBase {
  readonly kind: "map";
}

/** A node whose shape is chosen by the value of its own leaf `by` (one table per value). */
export interface UnionNode extends NodeBase {
  readonly kind: "union";
  readonly by: string;
  readonly variants: readonly { readonly value: string; readonly node: ContainerNode }[];
  /** Shape for values not listed; without it such items are kept as plain data. */
  readonly fallback: ContainerNode | undefined;
  /** TypeScript name of the union type. */
  readonly typeName: string;
  readonly shared: boolean;
  readonly typeTable: string | undefined;
}

export type ModelNode = ContainerNode | LeafNode | MapNode | UnionNode;

/** How decodeCallback recognises a payload: a leaf's value, or a node's presence or absence. */
export interface MatchRule {
  /** Model path, e.g. `JobsDetail.Tag`. */
  readonly path: string;
  readonly value: string | undefined;
  /** For presence rules: the node must exist (true) or must not (false). */
  readonly present: boolean | undefined;
}

/** A shared table as written (extends resolved), for the shared TypeScript types and the docs. */
export interface TableDef {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly deviation: string | undefined;
  readonly extends: string | undefined;
  /** The table on its own, rooted at its root element. */
  readonly root: ContainerNode;
  readonly defined: SpecRef;
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
  /** Exact warnings it decodes with, as `path: code`. */
  readonly warnings: readonly string[];
  /** Error codes an invalid sample is refused with (empty: any). */
  readonly errors: readonly string[];
  /** The kind it decodes as, when not the payload it is listed under. */
  readonly decodesAs: string | undefined;
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
  /** Where `match:` is written (the payload's line when it has none). */
  readonly matchAt: SpecRef;
  readonly decisions: readonly string[];
  /** Payload-level departure from the vendor, with the reason. */
  readonly deviation: string | undefined;
  /** The root container; its name is the XML root element. */
  readonly root: ContainerNode;
  readonly samples: readonly SampleDef[];
  readonly defined: SpecRef;
}

/** A vendor page that sources name (`spec/pages.yaml`): its title, and its public address when known. */
export interface SourcePage {
  /** As sources write it, without the `#section`: `pic/callback.md`. */
  readonly page: string;
  readonly title: string;
  readonly url: string | undefined;
  readonly defined: SpecRef;
}

export interface Model {
  readonly packageName: string;
  readonly version: string;
  readonly description: string;
  /** From package.yaml, for package.json and the README: where the sources live, the folder of the package there, its home page, npm keywords. */
  readonly repository: string | undefined;
  readonly directory: string | undefined;
  readonly homepage: string | undefined;
  readonly keywords: readonly string[];
  /** Absolute path of the spec folder (for reading samples). */
  readonly specDir: string;
  readonly payloads: readonly PayloadDef[];
  /** Shared tables, bases before the tables that extend them. */
  readonly tables: readonly TableDef[];
  /** The vendor pages sources name, in spec order (empty when the spec lists none). */
  readonly pages: readonly SourcePage[];
}

/** The page a source names (`pic/callback.md#Samples` → `pic/callback.md`) and its section, if any. */
export function splitSource(source: string): { page: string; section: string | undefined } {
  const at = source.indexOf("#");
  return at < 0 ? { page: source, section: undefined } : { page: source.slice(0, at), section: source.slice(at + 1) };
}

/** The shapes of a union: each variant's container, then the fallback's. */
export function unionShapes(u: UnionNode): ContainerNode[] {
  return u.fallback ? [...u.variants.map((v) => v.node), u.fallback] : u.variants.map((v) => v.node);
}

/** True for the container of one shape of a union: it has the union's parent, which does not list it. */
export function isUnionShape(n: ModelNode): boolean {
  return n.kind === "container" && n.parent !== undefined && !n.parent.children.includes(n);
}

/** Every node under (and including) `node`, parents before children, in spec order; a union's variants follow it. */
export function walk(node: ModelNode): ModelNode[] {
  const out: ModelNode[] = [];
  const visit = (n: ModelNode): void => {
    out.push(n);
    if (n.kind === "container") for (const c of n.children) visit(c);
    if (n.kind === "union") for (const shape of unionShapes(n)) visit(shape);
  };
  visit(node);
  return out;
}

/** Like walk, without entering a union's variants (whose nodes share paths with each other). */
export function* walkOwn(node: ModelNode): Generator<ModelNode> {
  yield node;
  if (node.kind === "container") for (const c of node.children) yield* walkOwn(c);
}

const containersOf = new WeakMap<PayloadDef, ContainerNode[]>();

/** Every container of a payload, union shapes included, in walk order (the model is frozen: computed once). */
export function containers(p: PayloadDef): ContainerNode[] {
  let list = containersOf.get(p);
  if (!list) containersOf.set(p, (list = walk(p.root).filter((n): n is ContainerNode => n.kind === "container")));
  return list;
}
