import type { LeafNode, PayloadDef } from "../model/types.js";

export interface LeafSpecData {
  kind: string;
  values?: readonly string[];
  discriminator?: boolean;
  codes?: readonly number[];
}

/**
 * The runtime's LeafSpec of a leaf. A leaf named by the payload's `match` is a
 * discriminator: its one allowed value is the match value, and anything else is an error.
 * A closed enum is exact the same way, with its listed values.
 */
const memo = new WeakMap<PayloadDef, Map<LeafNode, LeafSpecData>>();

/** leafSpecOf, computed once per leaf and payload (the model is frozen). */
export function leafSpecOf(leaf: LeafNode, payload: PayloadDef): LeafSpecData {
  let byLeaf = memo.get(payload);
  if (!byLeaf) memo.set(payload, (byLeaf = new Map()));
  let data = byLeaf.get(leaf);
  if (!data) byLeaf.set(leaf, (data = computeLeafSpec(leaf, payload)));
  return data;
}

function computeLeafSpec(leaf: LeafNode, payload: PayloadDef): LeafSpecData {
  const match = payload.match.find((m) => m.path === leaf.path && m.value !== undefined);
  // (A match path resolves in the payload's own tree, which never reaches into a union's shapes.)
  if (match) return { kind: "enum", values: [match.value!], discriminator: true };
  if (leaf.values) return leaf.closed ? { kind: leaf.leaf, values: leaf.values, discriminator: true } : { kind: leaf.leaf, values: leaf.values };
  if (leaf.codes) return { kind: leaf.leaf, codes: leaf.codes.map((c) => c.code) };
  return { kind: leaf.leaf };
}

/** A leaf's spec where it stands: in a payload (leafSpecOf), or in a shared table, from the leaf alone (as the table's types see it). */
export function leafSpecIn(leaf: LeafNode, payload: PayloadDef | undefined): LeafSpecData {
  return payload ? leafSpecOf(leaf, payload) : { kind: leaf.leaf, values: leaf.values, discriminator: leaf.closed, codes: leaf.codes?.map((c) => c.code) };
}
