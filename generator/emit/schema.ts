import type { GeneratedFile, EmitInput } from "./files.js";
import { TIMESTAMP_PATTERN } from "../runtime/leaf.js";
import { JSON_HEADER_KEY, jsonHeaderText } from "../print/header.js";
import { type ContainerNode, type LeafNode, type ModelNode, type PayloadDef, type UnionNode, unionShapes } from "../model/types.js";
import { payloadDir } from "../model/names.js";
import { leafSpecIn } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";
import { wireRule } from "./wire-rule.js";

type Schema = Record<string, unknown>;

/**
 * What the TypeScript types need beyond the JSON Schema (json-schema-to-typescript hints): the
 * shared types a file refers to instead of inlining them, and the ones it declares itself.
 */
export class TypeRefs {
  /** Shared type name → table whose module exports it. */
  readonly imports = new Map<string, string>();
  /** Container types this file declares. */
  readonly declared = new Set<string>();
  /** Containers still to declare in this file, each compiled on its own (so every property keeps its JSDoc). */
  readonly queue: ContainerNode[] = [];
  plainValue = false;
  /** `ownTable`: the table whose types this file declares (undefined for a payload's file). */
  constructor(readonly ownTable: string | undefined) {}
}

function leafSchema(leaf: LeafNode, payload: PayloadDef | undefined, refs: TypeRefs | undefined): Schema {
  const spec = leafSpecIn(leaf, payload);
  switch (spec.kind) {
    case "integer": {
      if (!spec.codes) return { type: "integer" };
      const meanings = leaf.codes!.map((c) => `${c.code}: ${c.meaning}`).join("; ");
      return { type: "integer", $comment: `codes: ${meanings}`, ...(refs ? { tsType: [...spec.codes.map(String), "(number & {})"].join(" | ") } : {}) };
    }
    case "number":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "timestamp":
      return { type: "string", pattern: TIMESTAMP_PATTERN };
    case "enum": {
      const schema: Schema = { type: "string", enum: [...spec.values!] };
      // Lenient decoding keeps values the spec does not list, so the TypeScript type of a
      // non-discriminating enum stays open while editors still suggest the known values.
      if (refs && !spec.discriminator) schema["tsType"] = [...spec.values!.map((v) => JSON.stringify(v)), "(string & {})"].join(" | ");
      return schema;
    }
    default:
      return { type: "string" };
  }
}

function withNull(schema: Schema, refs: TypeRefs | undefined): Schema {
  if (refs && typeof schema["tsType"] === "string") return { ...schema, tsType: `${schema["tsType"] as string} | null` };
  return { anyOf: [schema, { type: "null" }] };
}

/**
 * In the TypeScript types a container is always referred to by name: a shared table's type is
 * imported from its table's module (or declared here, in that module), a local one is queued
 * to be declared in this file.
 */
function typeRef(n: ContainerNode | UnionNode, refs: TypeRefs | undefined): Schema | undefined {
  if (!refs) return undefined;
  if (n.shared && n.typeTable !== undefined && n.typeTable !== refs.ownTable) {
    refs.imports.set(n.typeName, n.typeTable);
    return { tsType: n.typeName };
  }
  if (n.kind === "union") return undefined;
  if (!refs.declared.has(n.typeName)) {
    refs.declared.add(n.typeName);
    refs.queue.push(n);
  }
  return { tsType: n.typeName };
}

function shapeSchema(n: ModelNode, payload: PayloadDef | undefined, refs: TypeRefs | undefined): Schema {
  switch (n.kind) {
    case "leaf":
      return leafSchema(n, payload, refs);
    case "map":
      return { type: "object", additionalProperties: { type: "string" }, ...(refs ? { tsType: "Record<string, string>" } : {}) };
    case "union": {
      const variants = unionShapes(n);
      if (refs) {
        const ref = typeRef(n, refs);
        if (ref) return ref;
        const types = variants.map((v) => (shapeSchema(v, payload, refs)["tsType"] as string | undefined) ?? v.typeName);
        if (!n.fallback) {
          refs.plainValue = true;
          types.push("PlainValue");
        }
        return { tsType: `(${types.join(" | ")})` };
      }
      // anyOf, not oneOf: an item of the fallback shape may also fit a variant's shape; the decoder picks by the leaf.
      return { anyOf: variants.map((v) => containerSchema(v, payload, undefined)), $comment: `chosen by ${n.by}` };
    }
    case "container": {
      if (n.opaque && n.children.length === 0) {
        if (refs) refs.plainValue = true;
        return refs ? { tsType: "PlainValue" } : {};
      }
      return typeRef(n, refs) ?? containerSchema(n, payload, refs);
    }
  }
}

/**
 * A property's description. In the TypeScript types (with `refs`) it also carries the wire rule, so an
 * editor's hover on any property, containers included, tells how the wire became that value.
 */
function propertyDoc(n: ModelNode, payload: PayloadDef | undefined, refs: TypeRefs | undefined): string {
  return refs ? `${n.description}\n\nWire: ${wireRule(n, payload)}.` : n.description;
}

function nodeSchema(n: ModelNode, payload: PayloadDef | undefined, refs: TypeRefs | undefined): Schema {
  let one = shapeSchema(n, payload, refs);
  if (n.nullable) one = withNull(one, refs);
  const description = propertyDoc(n, payload, refs);
  if (!n.repeated) return { description, ...one };
  return { description, type: "array", items: one };
}

export function containerSchema(c: ContainerNode, payload: PayloadDef | undefined, refs: TypeRefs | undefined): Schema {
  refs?.declared.add(c.typeName);
  const properties: Schema = {};
  for (const child of c.children) properties[child.name] = nodeSchema(child, payload, refs);
  const required = c.children.filter((ch) => ch.required).map((ch) => ch.name);
  return {
    title: c.typeName,
    ...(c.parent ? {} : { description: c.description }),
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: c.opaque,
  };
}

/**
 * JSON Schema (draft 2020-12) of a payload's decoded model: the content of the root
 * element, wire names kept. It describes the documented payload: lenient decoding may
 * keep unknown fields and enum values beyond it, each reported as a warning.
 * With `refs` it carries the json-schema-to-typescript hints (tsType) that the published file
 * omits, and refers to shared tables' types by name.
 */
export function payloadSchema(payload: PayloadDef, refs?: TypeRefs): Schema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:tencent-ci-callbacks:${payload.slug}`,
    ...(refs ? {} : { [JSON_HEADER_KEY]: jsonHeaderText(specFilesOf(payload)) }),
    ...containerSchema(payload.root, payload, refs),
    title: payload.root.typeName,
    description: `${payload.title}. ${payload.description}`,
  };
}

/** The schema of a shared table's own types (for its TypeScript module). */
export function tableSchema(root: ContainerNode, description: string, refs: TypeRefs): Schema {
  return { ...containerSchema(root, undefined, refs), description };
}

export function emitSchemas({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.map((p) => ({
    path: `${payloadDir(p.name)}/schema.json`,
    content: JSON.stringify(payloadSchema(p), null, 2) + "\n",
  }));
}
