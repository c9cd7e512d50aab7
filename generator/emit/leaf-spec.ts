import type { LeafNode, PayloadDef } from "../model/types.js";

export interface LeafSpecData {
  kind: string;
  values?: readonly string[];
  discriminator?: boolean;
}

/**
 * The runtime's LeafSpec of a leaf. A leaf named by the payload's `match` is a
 * discriminator: its one allowed value is the match value, and anything else is an error.
 */
export function leafSpecOf(leaf: LeafNode, payload: PayloadDef): LeafSpecData {
  const match = payload.match.find((m) => m.path === leaf.path);
  if (match) return { kind: "enum", values: [match.value], discriminator: true };
  return leaf.values ? { kind: leaf.leaf, values: leaf.values } : { kind: leaf.leaf };
}
