import type { DecodeContext } from "./context.js";
import { type Fields as FieldsT, Fields, type Reader } from "./fields.js";
import { childPath, show, showName } from "./issues.js";
import { type LeafSpec, leafFromText } from "./leaf.js";
import { setOwn } from "./own.js";
import { decodeEntities, isElement, reportAttributes, textOf, type XmlElement } from "./xml-parse.js";

/**
 * True for an element holding nothing but white space, as text or CDATA: `<Workflow> </Workflow>`,
 * `<Workflow><![CDATA[ ]]></Workflow>` and `<Workflow/>` are one thing. (maxItems, which counts
 * child elements and attributes, is applied by the parser as it reads.)
 */
export function isBlank(el: XmlElement): boolean {
  return el.children.every((c) => ("text" in c ? c.text.trim() === "" : "cdata" in c ? c.cdata.trim() === "" : false));
}

/**
 * The child elements of a container, grouped by name in document order. Text beside child
 * elements is reported (mixed content); text alone is a type error; attributes are reported.
 * An empty element of an optional container yields undefined (absent).
 */
export function xmlFields(el: XmlElement, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): FieldsT<XmlElement> | undefined {
  reportAttributes(el, path, ctx);
  if (emptyIsAbsent && isBlank(el)) return undefined;
  const fields = new Fields<XmlElement>();
  let text = "";
  for (const c of el.children) {
    if (isElement(c)) fields.add(c.name, c);
    else if ("cdata" in c) text += c.cdata;
    else text += c.text;
  }
  if (text.trim() !== "" && fields.rest().length === 0) {
    // Only text where a container is due: the same type error as a JSON string in its place.
    return ctx.error(path, "type", "child elements", show(decodeEntities(text, path, ctx)));
  }
  if (text.trim() !== "") mixedContent(text, path, ctx);
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
    reportAttributes(el, path, ctx);
    const child = el.children.find(isElement);
    if (child) return ctx.error(path, "type", "text", `element <${showName(child.name)}>`);
    const text = textOf(el, path, ctx);
    if (text === "" && emptyIsAbsent) return undefined;
    return leafFromText(spec, text, path, ctx);
  };
}

/**
 * An element the spec does not know, as plain data: its text, or an object of its children.
 * What plain data cannot hold is reported as for any element: attributes, and text beside
 * child elements.
 */
export function plainXml(el: XmlElement, path: string, ctx: DecodeContext): unknown {
  reportAttributes(el, path, ctx);
  if (!el.children.some(isElement)) return textOf(el, path, ctx);
  const out: Record<string, unknown> = {};
  const groups = new Map<string, XmlElement[]>();
  let text = "";
  for (const c of el.children) {
    if (!isElement(c)) {
      text += "text" in c ? c.text : c.cdata;
      continue;
    }
    const group = groups.get(c.name);
    if (group) group.push(c);
    else groups.set(c.name, [c]);
  }
  for (const [name, els] of groups) {
    const p = childPath(path, name);
    setOwn(out, name, els.length === 1 ? plainXml(els[0]!, p, ctx) : els.map((e, i) => plainXml(e, childPath(p, i), ctx)));
  }
  if (text.trim() !== "") mixedContent(text, path, ctx);
  return out;
}

/**
 * Keeps every child the decoder did not take, under its own name, and reports it; `open` (an
 * opaque node, documented elsewhere) keeps them without a report.
 */
export function keepUnknownXml(fields: FieldsT<XmlElement>, out: object, path: string, ctx: DecodeContext, open = false): void {
  for (const [name, entry] of fields.rest()) {
    const p = childPath(path, name);
    const value = entry.items.length === 1 ? plainXml(entry.items[0]!, p, ctx) : entry.items.map((e, i) => plainXml(e, childPath(p, i), ctx));
    setOwn(out, name, value);
    if (!open) ctx.notice(p, "unknown-field", `unknown element <${showName(name)}> kept as ${entry.items.length === 1 ? "is" : `a list of ${entry.items.length}`}; it is not in the spec`);
  }
}
