import type { GeneratedFile, EmitInput } from "./files.js";
import { TIMESTAMP_PATTERN } from "../runtime/leaf.js";
import { JSON_HEADER_KEY, jsonHeaderText } from "../print/header.js";
import type { ContainerNode, LeafNode, ModelNode, PayloadDef } from "../model/types.js";
import { payloadDir } from "../model/names.js";
import { leafSpecOf } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";

type Schema = Record<string, unknown>;

function describe(n: ModelNode): string {
  return n.description;
}

function leafSchema(leaf: LeafNode, payload: PayloadDef, forTypes: boolean): Schema {
  const spec = leafSpecOf(leaf, payload);
  switch (spec.kind) {
    case "integer":
      return { type: "integer" };
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
      if (forTypes && !spec.discriminator) schema["tsType"] = [...spec.values!.map((v) => JSON.stringify(v)), "(string & {})"].join(" | ");
      return schema;
    }
    default:
      return { type: "string" };
  }
}

function nodeSchema(n: ModelNode, payload: PayloadDef, forTypes: boolean): Schema {
  const one = n.kind === "leaf" ? leafSchema(n, payload, forTypes) : containerSchema(n, payload, forTypes);
  if (!n.repeated) return { description: describe(n), ...one };
  return { description: describe(n), type: "array", items: one };
}

function containerSchema(c: ContainerNode, payload: PayloadDef, forTypes: boolean): Schema {
  const properties: Schema = {};
  for (const child of c.children) properties[child.name] = nodeSchema(child, payload, forTypes);
  const required = c.children.filter((ch) => ch.required).map((ch) => ch.name);
  return {
    title: c.typeName,
    ...(c.parent ? {} : { description: c.description }),
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/**
 * JSON Schema (draft 2020-12) of a payload's decoded model: the content of the root
 * element, wire names kept. It describes the documented payload: lenient decoding may
 * keep unknown fields and enum values beyond it, each reported as a warning.
 * `forTypes` adds the json-schema-to-typescript hints (tsType) that the published file omits.
 */
export function payloadSchema(payload: PayloadDef, forTypes = false): Schema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:tencent-ci-callbacks:${payload.slug}`,
    ...(forTypes ? {} : { [JSON_HEADER_KEY]: jsonHeaderText(specFilesOf(payload)) }),
    ...containerSchema(payload.root, payload, forTypes),
    title: payload.root.typeName,
    description: `${payload.title}. ${payload.description}`,
  };
}

export function emitSchemas({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.map((p) => ({
    path: `${payloadDir(p.name)}/schema.json`,
    content: JSON.stringify(payloadSchema(p), null, 2) + "\n",
  }));
}
