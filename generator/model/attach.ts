/**
 * Attaching spec rows to a tree: parents resolved by path, shared tables instantiated where
 * they are used, and the structural problems (unknown parent, duplicate node, children under a
 * leaf, unknown table, cycles, empty containers) reported with file:line.
 */
import type { ProblemList } from "../load/problems.js";
import type { RawRow, RawTable } from "../load/raw.js";
import { typeName } from "./names.js";
import type { ContainerNode, LeafNode } from "./types.js";
import { walk } from "./types.js";

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type MContainer = Mutable<ContainerNode> & { children: MNode[] };
export type MLeaf = Mutable<LeafNode>;
export type MNode = MContainer | MLeaf;

export interface Ctx {
  problems: ProblemList;
  tables: Map<string, RawTable>;
  payload: string;
  /** specPath → node, for every node of the tree being built. */
  index: Map<string, MNode>;
  /** Nodes of type table: when their table cannot be instantiated, that is the problem reported, not their emptiness. */
  tableRefs: Set<MNode>;
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
  };
  if (row.type === "container" || row.type === "table") {
    return { ...base, kind: "container", children: [], typeName: typeName(payload, base.path) };
  }
  return { ...base, kind: "leaf", leaf: row.type, values: row.values };
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
      if (parent.kind === "leaf") {
        ctx.problems.add(row.at.file, line, `node "${row.node}" is placed under "${row.parent}", which is a leaf (${parent.leaf})`, `make ${parent.name} a container (type: container), or fix the parent column`);
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
        instantiate(node, row, ctx, stack);
      }
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

function instantiate(node: MContainer, row: RawRow, ctx: Ctx, stack: string[]): void {
  const name = row.table!;
  const table = ctx.tables.get(name);
  const line = row.at.keyLines["table"] ?? row.at.line;
  if (!table) {
    ctx.problems.add(row.at.file, line, `node "${row.node}" uses the unknown table "${name}"`, `define it under tables: or use one of: ${[...ctx.tables.keys()].join(", ") || "(none defined)"}`);
    return;
  }
  if (stack.includes(name)) {
    ctx.problems.add(row.at.file, line, `tables form a cycle: ${[...stack, name].join(" → ")}`, "a table cannot contain itself; break the cycle with a container of its own");
    return;
  }
  node.table = name;
  if (node.description === "") node.description = table.description;
  attachRows(node, table.rows, table.root, name, table.source, ctx, [...stack, name]);
}

export function checkNonEmpty(root: MContainer, ctx: Ctx): void {
  const { problems } = ctx;
  for (const n of walk(root as ContainerNode)) {
    if (n.kind === "container" && n.children.length === 0 && n.parent && !ctx.tableRefs.has(n as MNode)) {
      problems.add(n.defined.file, n.defined.line, `container "${n.specPath}" has no child nodes`, "add rows with this container as parent, or give it a leaf type such as string");
    }
  }
}
