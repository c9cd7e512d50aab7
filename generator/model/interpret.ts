import { leafSpecOf } from "../emit/leaf-spec.js";
import { type Checker, checkField, checkUnknown, modelFields, modelLeaf } from "../runtime/check-read.js";
import type { DecodeContext } from "../runtime/context.js";
import type { Path } from "../runtime/issues.js";
import type { PayloadDescriptor } from "../runtime/dispatch.js";
import { type FieldNames, fieldNames, type FieldSource, finish, type Presence, type Reader, takeField } from "../runtime/fields.js";
import { jsonFields, jsonLeaf, keepUnknownJson } from "../runtime/json-read.js";
import type { LeafSpec } from "../runtime/leaf.js";
import { jsonMap, jsonPlain, jsonUnion, modelMap, modelPlain, modelUnion, xmlMap, xmlPlain, xmlUnion } from "../runtime/plain-read.js";
import { unionWriter, type Writer } from "../runtime/writer.js";
import type { XmlElement } from "../runtime/xml-parse.js";
import { keepUnknownXml, xmlFields, xmlLeaf } from "../runtime/xml-read.js";
import { setOwn } from "../runtime/own.js";
import type { ContainerNode, LeafNode, ModelNode, PayloadDef, UnionNode } from "./types.js";

type WriteFn = (model: object, w: Writer) => void;

/** Readers (or checkers) of every node kind, built once per node and memoised, so a shared table used twice is built once per use. */
function reading<F>(make: { leaf: (n: LeafNode) => F; map: F; plain: F; union: (u: UnionNode, of: (c: ContainerNode) => F) => F; container: (c: ContainerNode, of: (n: ModelNode) => F) => F }) {
  const memo = new Map<ModelNode, F>();
  const of = (n: ModelNode): F => {
    let f = memo.get(n);
    if (f) return f;
    switch (n.kind) {
      case "leaf":
        f = make.leaf(n);
        break;
      case "map":
        f = make.map;
        break;
      case "union":
        f = make.union(n, of as (c: ContainerNode) => F);
        break;
      case "container":
        f = n.opaque && n.children.length === 0 ? make.plain : make.container(n, of);
        break;
    }
    memo.set(n, f);
    return f;
  };
  return of;
}

/**
 * The model read by the runtime directly, without generated code: the same decoding and
 * validation the emitted modules do, interpreted. The docs use it to show each sample's
 * model; a test checks that it and the generated decoders agree on every sample.
 */
export function interpretedDescriptor(p: PayloadDef): PayloadDescriptor {
  const presence = (n: ModelNode): Presence => ({ required: n.required, repeated: n.repeated, nullable: n.nullable });
  const leaf = (n: LeafNode): LeafSpec => leafSpecOf(n, p) as LeafSpec;
  const variants = <F>(u: UnionNode, of: (c: ContainerNode) => F) => ({
    by: u.by,
    variants: Object.fromEntries(u.variants.map((v) => [v.value, of(v.node)])),
    ...(u.fallback ? { fallback: of(u.fallback) } : {}),
  });
  const decoder = <S>(fields: (src: S, path: Path, ctx: DecodeContext, e: boolean, names: FieldNames) => FieldSource<S> | undefined, rest: (f: FieldSource<S>, out: object, path: Path, ctx: DecodeContext, open?: boolean) => number) =>
    (c: ContainerNode, of: (n: ModelNode) => Reader<S>): Reader<S> => {
      const readers = c.children.map((ch) => [ch, of(ch)] as const);
      const names = fieldNames(...c.children.map((ch) => ch.name));
      return (src, path, ctx, emptyIsAbsent) => {
        const f = fields(src, path, ctx, emptyIsAbsent, names);
        if (!f) return undefined;
        const out = {};
        let stored = 0;
        for (const [ch, read] of readers) {
          const v = takeField(f, path, ctx, ch.name, presence(ch), read);
          if (v !== undefined) setOwn(out, ch.name, v), stored++;
        }
        stored += rest(f, out, path, ctx, c.opaque);
        return finish(out, stored, emptyIsAbsent);
      };
    };
  const xml = reading<Reader<XmlElement>>({ leaf: (n) => xmlLeaf(leaf(n)), map: xmlMap, plain: xmlPlain, union: (u, of) => xmlUnion(variants(u, of)), container: decoder(xmlFields, keepUnknownXml) });
  const json = reading<Reader<unknown>>({ leaf: (n) => jsonLeaf(leaf(n)), map: jsonMap, plain: jsonPlain, union: (u, of) => jsonUnion(variants(u, of)), container: decoder(jsonFields, keepUnknownJson) });
  const check = reading<Checker>({
    leaf: (n) => modelLeaf(leaf(n)),
    map: modelMap,
    plain: modelPlain,
    union: (u, of) => modelUnion(variants(u, of)),
    container: (c, of) => {
      const checkers = c.children.map((ch) => [ch, of(ch)] as const);
      return (src, path, ctx) => {
        const fields = modelFields(src, path, ctx);
        if (!fields) return;
        for (const [ch, checkOne] of checkers) checkField(fields, path, ctx, ch.name, presence(ch), checkOne);
        checkUnknown(fields, path, ctx, c.opaque);
      };
    },
  });
  const encode = reading<WriteFn | "plain" | "leaf">({
    leaf: () => "leaf",
    map: "plain",
    plain: "plain",
    union: (u, of) => unionWriter(u.by, Object.fromEntries(u.variants.map((v) => [v.value, of(v.node) as WriteFn])), u.fallback ? (of(u.fallback) as WriteFn) : undefined),
    container: (c, of) => {
      const names = c.children.map((ch) => ch.name);
      return (model: object, w: Writer): void => {
        for (const ch of c.children) {
          const write = of(ch);
          if (write === "leaf") w.leaf(model, ch.name, leaf(ch as LeafNode).kind);
          else if (write === "plain") w.plain(model, ch.name);
          else w.node(model, ch.name, write);
        }
        w.rest(model, names);
      };
    },
  });
  return {
    kind: p.name,
    root: p.root.name,
    formats: p.formats,
    match: p.match.map((m) => ({ path: m.path.split("."), ...(m.value !== undefined ? { value: m.value } : { present: m.present! }) })),
    xml: xml(p.root),
    json: json(p.root),
    check: check(p.root),
    encode: encode(p.root) as WriteFn,
    jsonNumbers: p.jsonNumbers,
  };
}
