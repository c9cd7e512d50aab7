import { leafSpecOf } from "../emit/leaf-spec.js";
import { checkField, checkUnknown, modelFields, modelLeaf } from "../runtime/check-read.js";
import type { DecodeContext } from "../runtime/context.js";
import type { PayloadDescriptor } from "../runtime/dispatch.js";
import { finish, type Presence, takeField } from "../runtime/fields.js";
import { jsonFields, jsonLeaf, keepUnknownJson } from "../runtime/json-read.js";
import type { LeafSpec } from "../runtime/leaf.js";
import type { Writer } from "../runtime/writer.js";
import type { XmlElement } from "../runtime/xml-parse.js";
import { keepUnknownXml, xmlFields, xmlLeaf } from "../runtime/xml-read.js";
import type { ContainerNode, LeafNode, ModelNode, PayloadDef } from "./types.js";

/**
 * The model read by the runtime directly, without generated code: the same decoding and
 * validation the emitted modules do, interpreted. The docs use it to show each sample's
 * model; a test checks that it and the generated decoders agree on every sample.
 */
export function interpretedDescriptor(p: PayloadDef): PayloadDescriptor {
  // Readers are built once per node, as the emitted modules build them once per module.
  const presence = (n: ModelNode): Presence => ({ required: n.required, repeated: n.repeated });
  const leaf = (n: LeafNode): LeafSpec => leafSpecOf(n, p) as LeafSpec;

  const xml = (c: ContainerNode) => {
    const readers = c.children.map((ch) => [ch, ch.kind === "leaf" ? xmlLeaf(leaf(ch)) : xml(ch)] as const);
    return (src: XmlElement, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): unknown => {
      const fields = xmlFields(src, path, ctx, emptyIsAbsent);
      if (!fields) return undefined;
      const out = {};
      for (const [ch, read] of readers) takeField(fields, out, path, ctx, ch.name, presence(ch), read);
      keepUnknownXml(fields, out, path, ctx);
      return finish(out, emptyIsAbsent);
    };
  };
  const json = (c: ContainerNode) => {
    const readers = c.children.map((ch) => [ch, ch.kind === "leaf" ? jsonLeaf(leaf(ch)) : json(ch)] as const);
    return (src: unknown, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): unknown => {
      const fields = jsonFields(src, path, ctx, emptyIsAbsent);
      if (!fields) return undefined;
      const out = {};
      for (const [ch, read] of readers) takeField(fields, out, path, ctx, ch.name, presence(ch), read);
      keepUnknownJson(fields, out, path, ctx);
      return finish(out, emptyIsAbsent);
    };
  };
  const check = (c: ContainerNode) => {
    const checkers = c.children.map((ch) => [ch, ch.kind === "leaf" ? modelLeaf(leaf(ch)) : check(ch)] as const);
    return (src: unknown, path: string, ctx: DecodeContext): void => {
      const fields = modelFields(src, path, ctx);
      if (!fields) return;
      for (const [ch, checkOne] of checkers) checkField(fields, path, ctx, ch.name, presence(ch), checkOne);
      checkUnknown(fields, path, ctx);
    };
  };
  const encode = (c: ContainerNode) => {
    const names = c.children.map((ch) => ch.name);
    const writers = c.children.map((ch) => [ch, ch.kind === "container" ? encode(ch) : undefined] as const);
    return (model: object, w: Writer): void => {
      for (const [ch, write] of writers) {
        if (ch.kind === "leaf") w.leaf(model, ch.name, leaf(ch).kind);
        else w.node(model, ch.name, write!);
      }
      w.rest(model, names);
    };
  };
  return {
    kind: p.name,
    root: p.root.name,
    formats: p.formats,
    match: p.match.map((m) => ({ path: m.path.split("."), value: m.value })),
    xml: xml(p.root),
    json: json(p.root),
    check: check(p.root),
    encode: encode(p.root),
    jsonNumbers: p.jsonNumbers,
  };
}
