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
import type { ContainerNode, PayloadDef } from "./types.js";

/**
 * The model read by the runtime directly, without generated code: the same decoding and
 * validation the emitted modules do, interpreted. The docs use it to show each sample's
 * model; a test checks that it and the generated decoders agree on every sample.
 */
export function interpretedDescriptor(p: PayloadDef): PayloadDescriptor {
  const presence = (n: { required: boolean; repeated: boolean }): Presence => ({ required: n.required, repeated: n.repeated });
  const spec = (c: ContainerNode, name: string): LeafSpec => leafSpecOf(c.children.find((ch) => ch.name === name) as never, p) as LeafSpec;

  const xml = (c: ContainerNode) => (src: XmlElement, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): unknown => {
    const fields = xmlFields(src, path, ctx, emptyIsAbsent);
    if (!fields) return undefined;
    const out = {};
    for (const ch of c.children) takeField(fields, out, path, ctx, ch.name, presence(ch), ch.kind === "leaf" ? xmlLeaf(spec(c, ch.name)) : xml(ch));
    keepUnknownXml(fields, out, path, ctx);
    return finish(out, emptyIsAbsent);
  };
  const json = (c: ContainerNode) => (src: unknown, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): unknown => {
    const fields = jsonFields(src, path, ctx, emptyIsAbsent);
    if (!fields) return undefined;
    const out = {};
    for (const ch of c.children) takeField(fields, out, path, ctx, ch.name, presence(ch), ch.kind === "leaf" ? jsonLeaf(spec(c, ch.name)) : json(ch));
    keepUnknownJson(fields, out, path, ctx);
    return finish(out, emptyIsAbsent);
  };
  const check = (c: ContainerNode) => (src: unknown, path: string, ctx: DecodeContext): void => {
    const fields = modelFields(src, path, ctx);
    if (!fields) return;
    for (const ch of c.children) checkField(fields, path, ctx, ch.name, presence(ch), ch.kind === "leaf" ? modelLeaf(spec(c, ch.name)) : check(ch));
    checkUnknown(fields, path, ctx);
  };
  const encode = (c: ContainerNode) => (model: object, w: Writer): void => {
    for (const ch of c.children) {
      if (ch.kind === "leaf") w.leaf(model, ch.name, spec(c, ch.name).kind);
      else w.node(model, ch.name, encode(ch));
    }
    w.rest(model, c.children.map((ch) => ch.name));
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
