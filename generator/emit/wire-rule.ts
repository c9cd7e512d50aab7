import type { LeafNode, ModelNode, PayloadDef } from "../model/types.js";
import { leafSpecIn } from "./leaf-spec.js";


const LEAF_RULES: Record<string, string> = {
  string: "kept as text, exactly",
  integer: 'integer from text ("417" → 417) or a JSON number',
  number: "number from text or a JSON number",
  boolean: "true/false (also 1/0) from text, or a JSON boolean",
  timestamp: "kept as text; must look like 2022-07-18T15:16:43+0800 (or -)",
};

/**
 * How the wire becomes the model at one node, in words: what the docs show under each node and
 * the TypeScript types carry in each property's JSDoc.
 */
export function wireRule(n: ModelNode, p: PayloadDef | undefined): string {
  const parts: string[] = [];
  if (n.kind === "container" && n.opaque) parts.push(`kept whole as plain data${n.children.length > 0 ? " beside the nodes listed" : ""}, no warnings${n.documentedAt ? `; documented by the vendor at ${n.documentedAt}` : ""}`);
  else if (n.kind === "container") parts.push("object of its child nodes");
  else if (n.kind === "map") parts.push("object of name → text pairs, names kept as sent");
  else if (n.kind === "union") parts.push(`shape chosen by ${n.by}: ${n.variants.map((v) => `${v.value} → ${v.node.typeName}`).join(", ")}${n.fallback ? `; other values → ${n.fallback.typeName}` : "; other values kept as plain data"} (with a warning)`);
  else {
    const spec = leafSpecIn(n, p);
    if (spec.kind === "enum") {
      parts.push(spec.discriminator ? (spec.values!.length === 1 ? `must be exactly ${spec.values![0]}: tells payload kinds apart` : "must be one of the values listed, even in lenient mode") : "kept as text; another value is kept with a warning (an error in strict mode)");
    } else parts.push(LEAF_RULES[spec.kind] ?? spec.kind);
    if (n.codes) parts.push(`codes: ${n.codes.map((c) => `${c.code} = ${c.meaning}`).join("; ")}; another code is kept with a warning`);
  }
  if (n.nullable) parts.push("JSON null kept as null");
  if (n.repeated) parts.push("list even with one element");
  else if (!n.required) parts.push("empty element = absent");
  return parts.join("; ");
}
