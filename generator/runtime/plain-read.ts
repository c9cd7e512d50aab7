// Readers for the nodes whose content the spec does not list row by row: maps (free-form
// name → text pairs), opaque subtrees (documented on another page) and unions (one shape per
// value of a leaf). Each comes in three flavours: XML, JSON, and the model (validators).
import type { Checker } from "./check-read.js";
import type { DecodeContext } from "./context.js";
import type { Reader } from "./fields.js";
import { type Path, pathTo, show, showName } from "./issues.js";
import { checkPlain, isObject } from "./json-read.js";
import { hasOwn, setOwn } from "./own.js";
import { documentOf, type XmlElement } from "./xml-document.js";
import { reportAttributes, textOf } from "./xml-parse.js";
import { isBlank, plainXml } from "./xml-read.js";

/** Plain data as an opaque node holds it: XML gives text, objects and lists; JSON any value. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [name: string]: PlainValue };

/** A map: each child element is one name → text pair; a name given twice is an error. */
export const xmlMap: Reader<XmlElement> = (el, path, ctx, emptyIsAbsent) => {
  const doc = documentOf(ctx);
  reportAttributes(el, path, ctx);
  if (emptyIsAbsent && isBlank(el, doc)) return undefined;
  const out: Record<string, string> = {};
  let count = 0;
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) {
    if (!doc.isElement(c)) continue;
    count++;
    const name = doc.name(c);
    const p = pathTo(path, name);
    if (hasOwn(out, name)) {
      ctx.error(p, "duplicate", `one ${showName(name)}`, "more than one");
      continue;
    }
    if (doc.hasElementChildren(c)) {
      ctx.error(p, "type", "text", "child elements");
      continue;
    }
    setOwn(out, name, textOf(c, p, ctx, doc));
  }
  return emptyIsAbsent && count === 0 ? undefined : out;
};

/** A map in JSON: an object whose values are strings. */
export const jsonMap: Reader<unknown> = (value, path, ctx, emptyIsAbsent) => {
  if (emptyIsAbsent && isObject(value) && Object.keys(value).length === 0) return undefined;
  if (!isObject(value)) return ctx.error(path, "type", "an object of name → text pairs", show(value));
  const keys = Object.keys(value);
  if (keys.length > 1) ctx.jsonSeparators += keys.length - 1; // (see DecodeContext.jsonSeparators)
  if (!ctx.within(path, "keys", keys.length, ctx.options.maxItems)) return undefined;
  const out: Record<string, string> = {};
  const max = ctx.options.maxTextLength;
  for (const k of keys) {
    const v = value[k];
    // A key's path is made only for what is reported.
    if (typeof v !== "string") ctx.error(pathTo(path, k), "type", "text", show(v));
    else if (v.length <= max || ctx.within(pathTo(path, k), "characters of text", v.length, max)) setOwn(out, k, v);
  }
  return out;
};

/** A map in a model: an object whose values are strings. */
export const modelMap: Checker = (value, path, ctx) => {
  if (!isObject(value)) return void ctx.error(path, "type", "an object of name → text pairs", show(value));
  for (const k of Object.keys(value)) if (typeof value[k] !== "string") ctx.error(pathTo(path, k), "type", "a string", show(value[k]));
};

/** An opaque subtree from XML: text, or an object of its children (a repeated name is a list). */
export const xmlPlain: Reader<XmlElement> = (el, path, ctx, emptyIsAbsent) => {
  if (emptyIsAbsent && isBlank(el, documentOf(ctx))) return undefined;
  return plainXml(el, path, ctx);
};

/** An opaque subtree from JSON: kept as it came, within the limits. */
export const jsonPlain: Reader<unknown> = (value, path, ctx, emptyIsAbsent) => {
  if (emptyIsAbsent && (value === "" || (isObject(value) && Object.keys(value).length === 0))) return undefined;
  checkPlain(value, path, ctx);
  return value;
};

/** An opaque subtree in a model: any JSON value. */
export const modelPlain: Checker = (value, path, ctx) => {
  const check = (v: unknown, p: Path): void => {
    if (v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) return;
    if (Array.isArray(v)) return v.forEach((x, i) => check(x, pathTo(p, i)));
    if (isObject(v)) return Object.keys(v).forEach((k) => check(v[k], pathTo(p, k)));
    ctx.error(p, "type", "plain data (text, a number, a boolean, null, a list or an object)", show(v));
  };
  check(value, path);
};

/** What picks a union's shape: the value of leaf `by`, and a reader per value. */
export interface UnionSpec<R> {
  readonly by: string;
  readonly variants: Readonly<Record<string, R>>;
  /** For values not listed; without it the item is kept as plain data. */
  readonly fallback?: R;
}

function pick<R>(spec: UnionSpec<R>, value: string | undefined, path: Path, ctx: DecodeContext): R | undefined {
  if (value !== undefined && hasOwn(spec.variants, value)) return spec.variants[value];
  const expected = `${spec.by} one of ${Object.keys(spec.variants).join(", ")}`;
  const found = value === undefined ? `no ${spec.by}` : show(value);
  ctx.notice(pathTo(path, spec.by), "variant", `${found} kept ${spec.fallback ? "with the general shape" : "as plain data"}; expected ${expected}`, expected, found);
  return spec.fallback;
}

/** A union from XML: the variant named by the text of the child element `by`. */
export function xmlUnion(spec: UnionSpec<Reader<XmlElement>>): Reader<XmlElement> {
  return (el, path, ctx, emptyIsAbsent) => {
    const doc = documentOf(ctx);
    if (emptyIsAbsent && isBlank(el, doc)) return undefined;
    // Every shape of a union is an object: text alone is the same type error as in any container.
    if (!doc.hasElementChildren(el)) return ctx.error(path, "type", "child elements", show(textOf(el, path, ctx, doc)));
    const byEl = doc.child(el, spec.by);
    const read = pick(spec, byEl !== undefined && !doc.hasElementChildren(byEl) ? textOf(byEl, pathTo(path, spec.by), ctx, doc) : undefined, path, ctx);
    return read ? read(el, path, ctx, emptyIsAbsent) : xmlPlain(el, path, ctx, emptyIsAbsent);
  };
}

/** The string at own key `by` of a JSON object or model, if there is one. */
function tagOf(value: Record<string, unknown>, by: string): string | undefined {
  const tag = hasOwn(value, by) ? value[by] : undefined;
  return typeof tag === "string" ? tag : undefined;
}

/** A union from JSON: the variant named by the string at key `by`. */
export function jsonUnion(spec: UnionSpec<Reader<unknown>>): Reader<unknown> {
  return (value, path, ctx, emptyIsAbsent) => {
    if (!isObject(value)) return ctx.error(path, "type", "an object", show(value));
    const read = pick(spec, tagOf(value, spec.by), path, ctx);
    return read ? read(value, path, ctx, emptyIsAbsent) : jsonPlain(value, path, ctx, emptyIsAbsent);
  };
}

/** A union in a model: checked as the variant its `by` names. */
export function modelUnion(spec: UnionSpec<Checker>): Checker {
  return (value, path, ctx) => {
    if (!isObject(value)) return void ctx.error(path, "type", "an object", show(value));
    const check = pick(spec, tagOf(value, spec.by), path, ctx);
    if (check) check(value, path, ctx);
    else modelPlain(value, path, ctx);
  };
}
