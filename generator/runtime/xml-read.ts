import type { DecodeContext } from "./context.js";
import { type Fields as FieldsT, Fields, type Reader } from "./fields.js";
import { childPath, show, showName } from "./issues.js";
import { type LeafSpec, leafFromText } from "./leaf.js";
import { setOwn } from "./own.js";
import { documentOf, isBlankRange, type XmlDocument, type XmlElement } from "./xml-document.js";
import { decodeEntities, reportAttributes, textOf } from "./xml-parse.js";

const isBlankText = (text: string) => isBlankRange(text, 0, text.length);

/**
 * True for an element holding nothing but white space, as text or CDATA: `<Workflow> </Workflow>`,
 * `<Workflow><![CDATA[ ]]></Workflow>` and `<Workflow/>` are one thing. (maxItems, which counts
 * child elements and attributes, is applied by the parser as it reads.)
 */
export function isBlank(el: XmlElement, doc: XmlDocument): boolean {
  if (!doc.blank(el)) return false;
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) if (doc.isElement(c) || !doc.blank(c)) return false;
  return true;
}

/** The text runs and CDATA an element holds beside (or instead of) child elements, undecoded. */
function looseText(el: XmlElement, doc: XmlDocument): string {
  let text = doc.raw(el);
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) if (!doc.isElement(c)) text += doc.raw(c);
  return text;
}

/**
 * The child elements of a container, grouped by name in document order. Text beside child
 * elements is reported (mixed content); text alone is a type error; attributes are reported.
 * An empty element of an optional container yields undefined (absent).
 */
export function xmlFields(el: XmlElement, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): FieldsT<XmlElement> | undefined {
  const doc = documentOf(ctx);
  reportAttributes(el, path, ctx);
  if (emptyIsAbsent && isBlank(el, doc)) return undefined;
  const fields = new Fields<XmlElement>();
  let elements = false;
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) {
    if (doc.isElement(c)) {
      fields.add(doc.name(c), c);
      elements = true;
    }
  }
  const text = looseText(el, doc);
  if (!isBlankText(text)) {
    // Only text where a container is due: the same type error as a JSON string in its place.
    if (!elements) return ctx.error(path, "type", "child elements", show(decodeEntities(text, path, ctx)));
    mixedContent(text, path, ctx);
  }
  return fields;
}

/** Text beside child elements: not kept, and said so. */
function mixedContent(text: string, path: string, ctx: DecodeContext): void {
  const shown = show(decodeEntities(text.trim(), path, ctx));
  ctx.notice(path, "mixed-content", `text ${shown} inside a container is not kept; expected only child elements`, "only child elements", shown);
}

/** A reader for one leaf: the element's exact text, converted as the spec says. */
export function xmlLeaf(spec: LeafSpec): Reader<XmlElement> {
  return (el, path, ctx, emptyIsAbsent) => {
    const doc = documentOf(ctx);
    reportAttributes(el, path, ctx);
    const child = doc.firstElement(el);
    if (child !== undefined) return ctx.error(path, "type", "text", `element <${showName(doc.name(child))}>`);
    const text = textOf(el, path, ctx, doc);
    if (text === "" && emptyIsAbsent) return undefined;
    return leafFromText(spec, text, path, ctx);
  };
}

/**
 * An element the spec does not know, as plain data: its text, or an object of its children
 * (a name that repeats is a list). What plain data cannot hold is reported as for any
 * element: attributes, and text beside child elements.
 */
export function plainXml(el: XmlElement, path: string, ctx: DecodeContext, doc = documentOf(ctx)): unknown {
  reportAttributes(el, path, ctx);
  const first = doc.firstElement(el);
  if (first === undefined) return textOf(el, path, ctx, doc);
  const out: Record<string, unknown> = {};
  // How often each name occurs decides single value or list; counted first (when there is more
  // than one child element), so that paths inside a list carry the index.
  let counts: Map<string, number> | undefined;
  if (doc.nextSibling(first) >= 0) {
    counts = new Map();
    for (let c: number = first; c >= 0; c = doc.nextSibling(c)) {
      if (doc.isElement(c)) {
        const name = doc.name(c);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
  }
  for (let c: number = first; c >= 0; c = doc.nextSibling(c)) {
    if (!doc.isElement(c)) continue;
    const name = doc.name(c);
    if (counts === undefined || counts.get(name) === 1) setOwn(out, name, simpleText(c, doc, ctx) ?? plainXml(c, childPath(path, name), ctx, doc));
    else {
      let list = Object.prototype.hasOwnProperty.call(out, name) ? (out[name] as unknown[]) : undefined;
      if (list === undefined) setOwn(out, name, (list = []));
      list.push(simpleText(c, doc, ctx) ?? plainXml(c, childPath(childPath(path, name), list.length), ctx, doc));
    }
  }
  const text = looseText(el, doc);
  if (!isBlankText(text)) mixedContent(text, path, ctx);
  return out;
}

/**
 * The text of an element that cannot give an error or a warning (no attributes, no child
 * nodes, no reference to decode, within maxTextLength), read without building its path;
 * undefined for any other element.
 */
function simpleText(el: XmlElement, doc: XmlDocument, ctx: DecodeContext): string | undefined {
  if (doc.firstChild(el) >= 0 || doc.attributes(el).length > 0) return undefined;
  const text = doc.raw(el);
  return text.length <= ctx.options.maxTextLength && !text.includes("&") ? text : undefined;
}

/**
 * Keeps every child the decoder did not take, under its own name, and reports it; `open` (an
 * opaque node, documented elsewhere) keeps them without a report.
 */
export function keepUnknownXml(fields: FieldsT<XmlElement>, out: object, path: string, ctx: DecodeContext, open = false): void {
  const doc = documentOf(ctx);
  for (const [name, entry] of fields.rest()) {
    const p = childPath(path, name);
    const value = entry.items.length === 1 ? plainXml(entry.items[0]!, p, ctx, doc) : entry.items.map((e, i) => plainXml(e, childPath(p, i), ctx, doc));
    setOwn(out, name, value);
    if (!open) ctx.notice(p, "unknown-field", `unknown element <${showName(name)}> kept as ${entry.items.length === 1 ? "is" : `a list of ${entry.items.length}`}; it is not in the spec`);
  }
}
