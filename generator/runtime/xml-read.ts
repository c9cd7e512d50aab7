import type { DecodeContext } from "./context.js";
import { FieldNames, FieldSource, type LeafReader } from "./fields.js";
import { type Path, pathTo, show, showName } from "./issues.js";
import { type LeafSpec, leafFromText, plainLeafValue } from "./leaf.js";
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
 * The children of one XML container as its decoder takes them: for each spec node, its first
 * element and how many there are (found in one walk over the children); the rest, unknown,
 * in document order. Occurrences of a repeated node are found again by walking on from the
 * first one, so nothing is built per child.
 */
class XmlFields extends FieldSource<XmlElement> {
  readonly from = "elements";
  private cursor = 0;
  private slot = -1;
  /** The last item read (index and node), so that reading items in order stays linear. */
  private at = -1;
  private node = -1;
  private doc: XmlDocument | undefined;
  private names: FieldNames = NO_NAMES;
  /** For each slot: its first element (or -1) and its count, interleaved. */
  readonly found: number[] = [];
  /** The child elements no spec node names, in document order. */
  unknown: XmlElement[] | undefined;

  /** Lets go of the document, so that a spare source holds no body in memory. */
  clear(): void {
    this.doc = undefined;
    this.unknown = undefined;
  }

  /** Makes the object ready for a container of `names` in `doc`. */
  reset(doc: XmlDocument, names: FieldNames): void {
    this.doc = doc;
    this.names = names;
    this.cursor = 0;
    this.unknown = undefined;
    // Only the first 2 × slots entries are read; older ones past them are left as they are.
    const { found } = this;
    const slots = names.ids.length;
    for (let s = 0; s < slots; s++) {
      found[2 * s] = -1;
      found[2 * s + 1] = 0;
    }
  }

  take(name: string): number {
    const s = this.slotOf(name);
    this.cursor = s + 1;
    this.slot = s;
    this.at = -1;
    return s < 0 ? 0 : this.found[2 * s + 1]!;
  }

  /** The slot of spec node `name`, looked for first where the last take left off (decoders take in spec order). */
  private slotOf(name: string): number {
    const { names } = this.names;
    const s = this.cursor;
    return names[s] === name ? s : names.indexOf(name);
  }

  /** The element of spec node `name` when there is exactly one, or -1; nothing is taken (took() then takes it). */
  single(name: string): number {
    const s = (this.slot = this.slotOf(name));
    return s >= 0 && this.found[2 * s + 1] === 1 ? this.found[2 * s]! : -1;
  }

  /** Takes the node single() found, read by the quick path (quickXmlLeaf): the next take looks on from it. */
  took(): void {
    this.cursor = this.slot + 1;
  }

  item(i: number): XmlElement {
    const doc = this.doc!;
    const id = this.names.ids[this.slot]!;
    if (i !== this.at + 1 || i === 0) {
      this.node = this.found[2 * this.slot]!;
      for (let k = 0; k < i; k++) this.node = nextNamed(doc, this.node, id);
    } else this.node = nextNamed(doc, this.node, id);
    this.at = i;
    return this.node as XmlElement;
  }
}

/** The next sibling of `n` whose name is number `id`. */
function nextNamed(doc: XmlDocument, n: number, id: number): number {
  let c = doc.nextSibling(n);
  while (c >= 0 && doc.nameIdOf(c) !== id) c = doc.nextSibling(c);
  return c;
}

/**
 * The child elements of a container, by the spec nodes of `names`. Text beside child
 * elements is reported (mixed content); text alone is a type error; attributes are reported.
 * An empty element of an optional container yields undefined (absent).
 */
export function xmlFields(el: XmlElement, path: Path, ctx: DecodeContext, emptyIsAbsent: boolean, names: FieldNames): FieldSource<XmlElement> | undefined {
  const doc = documentOf(ctx);
  reportAttributes(el, path, ctx);
  if (emptyIsAbsent && isBlank(el, doc)) return undefined;
  const fields = spareFields.pop() ?? new XmlFields();
  fields.reset(doc, names);
  const { found } = fields;
  let elements = false;
  let text = doc.hasOwnText(el);
  let hint = 0;
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) {
    const id = doc.nameIdOf(c);
    if (id < 0) {
      text = true;
      continue;
    }
    elements = true;
    const s = names.slotOfId(id, hint);
    if (s < 0) (fields.unknown ??= []).push(c as XmlElement);
    else {
      const count = found[2 * s + 1]!;
      if (count === 0) found[2 * s] = c;
      found[2 * s + 1] = count + 1;
      hint = s + 1;
    }
  }
  if (text) {
    const loose = looseText(el, doc);
    if (!isBlankText(loose)) {
      // Only text where a container is due: the same type error as a JSON string in its place.
      if (!elements) {
        release(fields);
        return ctx.error(path, "type", "child elements", show(decodeEntities(loose, path, ctx)));
      }
      mixedContent(loose, path, ctx);
    }
  }
  return fields;
}

/**
 * Field sources no decoder is using, kept for the next container: a container's source is
 * in use from xmlFields to keepUnknownXml (which its decoder always calls last), so there are
 * never more than the depth of the body. Decoding is synchronous: no two bodies share them.
 */
const spareFields: XmlFields[] = [];
function release(fields: XmlFields): void {
  fields.clear();
  spareFields.push(fields);
}
const NO_NAMES = new FieldNames([]);

/** Text beside child elements: not kept, and said so. */
function mixedContent(text: string, path: Path, ctx: DecodeContext): void {
  const shown = show(decodeEntities(text.trim(), path, ctx));
  ctx.notice(path, "mixed-content", `text ${shown} inside a container is not kept; expected only child elements`, "only child elements", shown);
}

/** A reader for one leaf: the element's exact text, converted as the spec says. */
export function xmlLeaf(spec: LeafSpec): LeafReader<XmlElement> {
  const read = (el: XmlElement, path: Path, ctx: DecodeContext, emptyIsAbsent: boolean) => {
    const doc = documentOf(ctx);
    // Most leaves: one text run and nothing else, no reference to decode, within the limit.
    const simple = simpleText(el, doc, ctx);
    if (simple !== undefined) return simple === "" && emptyIsAbsent ? undefined : leafFromText(spec, simple, path, ctx);
    reportAttributes(el, path, ctx);
    const child = doc.firstElement(el);
    if (child !== undefined) return ctx.error(path, "type", "text", `element <${showName(doc.name(child))}>`);
    const text = textOf(el, path, ctx, doc);
    if (text === "" && emptyIsAbsent) return undefined;
    return leafFromText(spec, text, path, ctx);
  };
  return Object.assign(read, { spec });
}

/**
 * The quick path for a single leaf `name`, taken before takeField: its model value when the
 * container has exactly one such element, whose text simpleText reads, is not empty, and
 * plainLeafValue takes (nothing to report); the leaf is then taken. Otherwise undefined, with
 * nothing taken: takeField then reads the leaf and reports what there is. Either way the
 * model is the same.
 */
export function quickXmlLeaf(fields: FieldSource<XmlElement>, name: string, leaf: LeafReader<XmlElement>, ctx: DecodeContext): unknown {
  const source = fields as XmlFields;
  const el = source.single(name);
  if (el < 0) return undefined;
  const text = simpleText(el as XmlElement, documentOf(ctx), ctx);
  if (text === undefined || text === "") return undefined;
  const value = plainLeafValue(leaf.spec, text);
  if (value !== undefined) source.took();
  return value;
}

/**
 * An element the spec does not know, as plain data: its text, or an object of its children
 * (a name that repeats is a list). What plain data cannot hold is reported as for any
 * element: attributes, and text beside child elements.
 */
export function plainXml(el: XmlElement, path: Path, ctx: DecodeContext, doc = documentOf(ctx)): unknown {
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
    if (counts === undefined || counts.get(name) === 1) setOwn(out, name, simpleText(c, doc, ctx) ?? plainXml(c, pathTo(path, name), ctx, doc));
    else {
      let list = Object.prototype.hasOwnProperty.call(out, name) ? (out[name] as unknown[]) : undefined;
      if (list === undefined) setOwn(out, name, (list = []));
      list.push(simpleText(c, doc, ctx) ?? plainXml(c, pathTo(pathTo(path, name), list.length), ctx, doc));
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
  if (doc.hasAttributes && doc.attributes(el).length > 0) return undefined;
  const text = doc.leafText(el);
  return text !== undefined && text.length <= ctx.options.maxTextLength && !(doc.ampersands && text.includes("&")) ? text : undefined;
}

/**
 * Keeps every child the decoder did not take, under its own name (a name that repeats is a
 * list, in the order the names first appear), and reports it; `open` (an opaque node,
 * documented elsewhere) keeps them without a report. Returns how many names it kept.
 */
export function keepUnknownXml(fields: FieldSource<XmlElement>, out: object, path: Path, ctx: DecodeContext, open = false): number {
  const { unknown } = fields as XmlFields;
  release(fields as XmlFields);
  if (unknown === undefined) return 0;
  const doc = documentOf(ctx);
  const byName = new Map<string, XmlElement[]>();
  for (const c of unknown) {
    const name = doc.name(c);
    const list = byName.get(name);
    if (list) list.push(c);
    else byName.set(name, [c]);
  }
  for (const [name, items] of byName) {
    const p = pathTo(path, name);
    const value = items.length === 1 ? plainXml(items[0]!, p, ctx, doc) : items.map((e, i) => plainXml(e, pathTo(p, i), ctx, doc));
    setOwn(out, name, value);
    if (!open) ctx.notice(p, "unknown-field", `unknown element <${showName(name)}> kept as ${items.length === 1 ? "is" : `a list of ${items.length}`}; it is not in the spec`);
  }
  return byName.size;
}
