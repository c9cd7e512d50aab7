/**
 * Shared types: a container (or union) whose shape is exactly that of a table's node is given the
 * table's type name (`MediaInfo`, `MediaJobsDetailInput`), so one TypeScript type serves every
 * place the table appears unchanged. Shapes are compared by a signature of everything a type shows:
 * names, kinds, presence, repetition, values, codes and descriptions.
 */
import { createHash } from "node:crypto";
import type { MContainer, MNode } from "./attach.js";
import { type ModelNode, type UnionNode, unionShapes } from "./types.js";
import { pascal } from "./names.js";

const memo = new WeakMap<object, string>();

/** A short digest: children enter their parent's signature by digest, so signatures stay short however deep the tree. */
const digest = (text: string) => createHash("sha1").update(text).digest("base64");

export function signature(n: ModelNode): string {
  const cached = memo.get(n);
  if (cached !== undefined) return cached;
  const head = [n.name, n.kind, n.required, n.repeated, n.nullable, n.description];
  let sig: string;
  switch (n.kind) {
    case "leaf":
      sig = JSON.stringify([...head, n.leaf, n.values ?? null, n.closed, n.codes ?? null]);
      break;
    case "map":
      sig = JSON.stringify(head);
      break;
    case "container":
      sig = JSON.stringify([...head, n.opaque, n.children.map(signature)]);
      break;
    case "union":
      sig = JSON.stringify([...head, n.by, n.variants.map((v) => [v.value, signature(v.node)]), n.fallback ? signature(n.fallback) : null]);
      break;
  }
  sig = digest(sig);
  memo.set(n, sig);
  return sig;
}

/** The type shape of a container, without its own presence (a table is one type whether single or listed). */
function shapeOf(n: ModelNode): string {
  return signature({ ...n, required: true, repeated: false, nullable: false, name: "", description: "" } as ModelNode);
}

/**
 * Registry of shared shapes: signature → type name. Every table's root is registered first (so a
 * table used inside another keeps its own name), then the tables' inner containers, bases before
 * the tables that extend them (so inherited parts keep the base's name).
 */
export class SharedNames {
  private readonly names = new Map<string, string>();
  private readonly owners = new Map<string, string>();

  registerRoot(tableRoot: MContainer, table: string): void {
    const sig = shapeOf(tableRoot as unknown as ModelNode);
    if (this.names.has(sig)) return;
    this.names.set(sig, pascal(table));
    this.owners.set(pascal(table), table);
  }

  register(tableRoot: MContainer, table: string): void {
    const visit = (n: ModelNode, rel: string[]) => {
      if (n.kind !== "container" && n.kind !== "union") return;
      const sig = shapeOf(n);
      if (!this.names.has(sig)) {
        const name = pascal(table) + rel.map(pascal).join("");
        this.names.set(sig, name);
        this.owners.set(name, table);
      }
      if (n.kind === "container") for (const c of n.children) visit(c, [...rel, c.name]);
      else for (const shape of unionShapes(n)) shape.children.forEach((c) => visit(c, [...rel, c.name]));
    };
    visit(tableRoot as unknown as ModelNode, []);
  }

  /** The shared name of a node's shape, if a table has it. */
  nameOf(n: ModelNode): string | undefined {
    return this.names.get(shapeOf(n));
  }

  /** The table whose file holds a shared type. */
  tableOf(typeName: string): string | undefined {
    return this.owners.get(typeName);
  }

  /** Gives every container and union under `root` (not `root` itself) its shared name where a table has its shape. */
  apply(root: MNode): void {
    const visit = (n: MNode) => {
      if ((n.kind === "container" || n.kind === "union") && n !== root) {
        const name = this.nameOf(n);
        if (name !== undefined) {
          n.typeName = name;
          n.shared = true;
          n.typeTable = this.owners.get(name);
        }
      }
      if (n.kind === "container") n.children.forEach((c) => visit(c as MNode));
      if (n.kind === "union") unionShapes(n as unknown as UnionNode).forEach((c) => visit(c as unknown as MNode));
    };
    visit(root);
  }
}
