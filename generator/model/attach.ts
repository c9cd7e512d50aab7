/**
 * Attaching spec rows to a tree: parents resolved by path, shared tables instantiated where
 * they are used, and the structural problems (unknown parent, duplicate node, children under a
 * leaf, unknown table, cycles, empty containers) reported with file:line.
 */
import type { ProblemList } from "../load/problems.js";
import type { RawOverride, RawRow, RawTable } from "../load/raw.js";
import { typeName } from "./names.js";
import type { ContainerNode, LeafNode, MapNode, UnionNode } from "./types.js";
import { walk } from "./types.js";

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type MContainer = Mutable<ContainerNode> & { children: MNode[] };
export type MLeaf = Mutable<LeafNode>;
export type MMap = Mutable<MapNode>;
export type MUnion = Mutable<UnionNode> & { variants: { value: string; node: MContainer }[]; fallback: MContainer | undefined };
export type MNode = MContainer | MLeaf | MMap | MUnion;

/** A table as instantiated: its own rows after those of the table it extends, and every override. */
export interface EffectiveTable {
  table: RawTable;
  rows: RawRow[];
  overrides: RawOverride[];
}

export interface Ctx {
  problems: ProblemList;
  tables: Map<string, EffectiveTable>;
  payload: string;
  /** specPath → node, for every node of the tree being built. */
  index: Map<string, MNode>;
  /** Nodes of type table: when their table cannot be instantiated, that is the problem reported, not their emptiness. */
  tableRefs: Set<MNode>;
  /** Names of the tables instantiated so far (for the unused-table check). */
  used: Set<string>;
}

function join(a: string, b: string): string {
  return a === "" ? b : `${a}.${b}`;
}

function makeNode(row: RawRow, parent: MContainer, payload: string, table: string | undefined, fallbackSource: string): MNode {
  const base = {
    name: row.node,
    path: join(parent.path, row.node),
    specPath: `${parent.specPath}.${row.node}`,
    parent: parent as ContainerNode,
    description: row.description,
    vendorType: row.vendorType,
    required: row.required,
    repeated: row.repeated,
    source: row.source ?? fallbackSource,
    deviations: row.deviation ? [row.deviation] : [],
    defined: { file: row.at.file, line: row.at.line },
    table,
    nullable: row.nullable,
  };
  if (row.type === "container" || row.type === "table" || row.type === "opaque") {
    return { ...base, kind: "container", children: [], typeName: typeName(payload, base.path), shared: false, typeTable: undefined, opaque: row.type === "opaque", documentedAt: row.documentedAt };
  }
  if (row.type === "map") return { ...base, kind: "map" };
  if (row.type === "union") return { ...base, kind: "union", by: row.by!, variants: [], fallback: undefined, typeName: typeName(payload, base.path), shared: false, typeTable: undefined };
  return { ...base, kind: "leaf", leaf: row.type, values: row.values, closed: row.closed, codes: row.codes };
}

/**
 * Attaches `rows` under `anchor`. Row parents are written from `rowRoot` (the payload's
 * root element, or a table's root), so `JobsDetail.Input` in a table instantiated at
 * `Response.JobsDetail` means `Response.JobsDetail.Input`. Rows may come in any order.
 */
export function attachRows(anchor: MContainer, rows: RawRow[], rowRoot: string, table: string | undefined, source: string, ctx: Ctx, stack: string[]): void {
  let pending: RawRow[] = [];
  for (const row of rows) {
    if (row.parent !== rowRoot && !row.parent.startsWith(rowRoot + ".")) {
      ctx.problems.add(row.at.file, row.at.keyLines["parent"] ?? row.at.line, `parent "${row.parent}" of node "${row.node}" does not start with the root "${rowRoot}"`, `write the parent as a path from the root, e.g. ${rowRoot} or ${rowRoot}.<Container>`);
    } else pending.push(row);
  }
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    const next: RawRow[] = [];
    for (const row of pending) {
      const parentSpec = anchor.specPath + row.parent.slice(rowRoot.length);
      const parent = ctx.index.get(parentSpec);
      if (!parent) {
        next.push(row);
        continue;
      }
      progress = true;
      const line = row.at.keyLines["parent"] ?? row.at.line;
      if (parent.kind !== "container") {
        const what = parent.kind === "leaf" ? `a leaf (${parent.leaf})` : parent.kind === "map" ? "a map (free-form pairs, no rows)" : "a union (its shape comes from its variant tables)";
        const fix = parent.kind === "union" ? "add the row to the variant tables instead" : `make ${parent.name} a container (type: container), or fix the parent column`;
        ctx.problems.add(row.at.file, line, `node "${row.node}" is placed under "${row.parent}", which is ${what}`, fix);
        continue;
      }
      const twin = parent.children.find((c) => c.name === row.node);
      if (twin) {
        ctx.problems.add(row.at.file, row.at.keyLines["node"] ?? row.at.line, `node "${row.node}" is defined twice under "${row.parent}" (first at ${twin.defined.file}:${twin.defined.line})`, "remove one row; to change a node of a shared table for one payload, use overrides:");
        continue;
      }
      const node = makeNode(row, parent, ctx.payload, table, source);
      parent.children.push(node);
      ctx.index.set(node.specPath, node);
      if (row.type === "table" && node.kind === "container") {
        ctx.tableRefs.add(node);
        instantiate(node, row.table!, row, ctx, stack);
      }
      if (node.kind === "union") instantiateUnion(node, row, ctx, stack);
    }
    pending = next;
  }
  const known = [...ctx.index.values()]
    .filter((n) => n.kind === "container" && (n.specPath === anchor.specPath || n.specPath.startsWith(anchor.specPath + ".")))
    .map((n) => rowRoot + n.specPath.slice(anchor.specPath.length));
  for (const row of pending) {
    ctx.problems.add(row.at.file, row.at.keyLines["parent"] ?? row.at.line, `unknown parent "${row.parent}" for node "${row.node}"`, `use the path of a container defined in the same table (${known.slice(0, 8).join(", ")}${known.length > 8 ? ", ..." : ""}), or add a row for the parent`);
  }
}

/** Fills `node` with the rows of table `name` (and the tables it extends), then applies the table's overrides. */
function instantiate(node: MContainer, name: string, row: RawRow, ctx: Ctx, stack: string[], line = row.at.keyLines["table"] ?? row.at.line): boolean {
  const eff = ctx.tables.get(name);
  if (!eff) {
    ctx.problems.add(row.at.file, line, `node "${row.node}" uses the unknown table "${name}"`, `define it under tables: or use one of: ${[...ctx.tables.keys()].join(", ") || "(none defined)"}`);
    return false;
  }
  if (stack.includes(name)) {
    ctx.problems.add(row.at.file, line, `tables form a cycle: ${[...stack, name].join(" → ")}`, "a table cannot contain itself; break the cycle with a container of its own");
    return false;
  }
  node.table = name;
  if (node.description === "") node.description = eff.table.description;
  ctx.used.add(name);
  attachRows(node, eff.rows, eff.table.root, name, eff.table.source, ctx, [...stack, name]);
  for (const o of eff.overrides) {
    const rel = o.path === eff.table.root ? "" : o.path.startsWith(eff.table.root + ".") ? o.path.slice(eff.table.root.length) : undefined;
    const target = rel === undefined ? undefined : ctx.index.get(node.specPath + rel);
    applyOverride(o, target, `table ${name}`, `write the path from the table's root, e.g. ${eff.table.root}.Tag`, ctx);
  }
  return true;
}

/** A union's variants: one container per variant value, each filled from its table with an index of its own. */
function instantiateUnion(node: MUnion, row: RawRow, ctx: Ctx, stack: string[]): void {
  const variant = (table: string, line: number): MContainer | undefined => {
    const c: MContainer = { ...(node as unknown as MContainer), kind: "container", children: [], typeName: node.typeName, shared: false, typeTable: undefined, opaque: false, documentedAt: undefined, repeated: false };
    const sub: Ctx = { ...ctx, index: new Map([[c.specPath, c as MNode]]) };
    if (!instantiate(c, table, row, sub, stack, line)) return undefined;
    const by = c.children.find((ch) => ch.name === node.by);
    if (!by || by.kind !== "leaf" || by.repeated || (by.leaf !== "string" && by.leaf !== "enum")) {
      ctx.problems.add(row.at.file, line, `variant table "${table}" of union "${row.node}" has no single string or enum leaf "${node.by}" at its top level`, `add ${node.by} to the table, or change by:`);
      return undefined;
    }
    return c;
  };
  for (const v of row.variants!) {
    const c = variant(v.table, v.line);
    if (!c) continue;
    const by = c.children.find((ch) => ch.name === node.by) as MLeaf;
    if (by.leaf === "enum" && !by.values!.includes(v.value)) {
      ctx.problems.add(row.at.file, v.line, `variant "${v.value}" of union "${row.node}" is not among the values of ${v.table}.${node.by} (${by.values!.join(", ")})`, "fix the variant's value or the table's enum");
    }
    if (node.variants.some((x) => x.value === v.value)) continue;
    node.variants.push({ value: v.value, node: c });
  }
  if (row.fallback) node.fallback = variant(row.fallback, row.at.keyLines["fallback"] ?? row.at.line);
}

/** Changes one node of a table instance or payload tree, as an override says. */
export function applyOverride(o: RawOverride, node: MNode | undefined, owner: string, pathFix: string, ctx: Ctx): void {
  const line = o.at.keyLines["path"] ?? o.at.line;
  if (!node) {
    ctx.problems.add(o.at.file, line, `override path "${o.path}" names no node of ${owner}`, pathFix);
    return;
  }
  const isEnum = node.kind === "leaf" && node.leaf === "enum";
  if (o.values || o.closed !== undefined) {
    const key = o.values ? "values" : "closed";
    if (!isEnum) {
      ctx.problems.add(o.at.file, o.at.keyLines[key] ?? line, `override of "${o.path}" gives ${key}, but the node is not an enum`, `remove ${key}, or make the node an enum in its table`);
      return;
    }
    if (o.values && o.values.length === 0) {
      ctx.problems.add(o.at.file, o.at.keyLines["values"] ?? line, `override of "${o.path}" gives an empty list of values`, "list the values this payload allows");
      return;
    }
  }
  if (node.kind === "leaf") {
    if (o.values) node.values = o.values;
    if (o.closed !== undefined) node.closed = o.closed;
  }
  if (o.required !== undefined) node.required = o.required;
  if (o.description !== undefined) node.description = o.description.trim();
  node.deviations = [...node.deviations, o.deviation];
}

export function checkNonEmpty(root: MContainer, ctx: Ctx): void {
  const { problems } = ctx;
  for (const n of walk(root as ContainerNode)) {
    if (n.kind === "container" && n.children.length === 0 && n.parent && !n.opaque && !ctx.tableRefs.has(n as MNode)) {
      problems.add(n.defined.file, n.defined.line, `container "${n.specPath}" has no child nodes`, "add rows with this container as parent, or give it a leaf type such as string");
    }
  }
}
