import type { DecodeContext } from "./context.js";

/**
 * One element of a parsed body: its index in the body's XmlDocument (which the decode
 * context holds). A number, not an object, so that a body of millions of elements costs a
 * few typed-array slots each rather than an object, an array and a string apiece.
 */
export type XmlElement = number & { readonly __xmlElement: true };

/**
 * Names the spec knows, numbered once for every document: a decoder then finds its
 * children by number. Other names are numbered per document, from LOCAL up.
 */
const KNOWN_IDS = new Map<string, number>();
const KNOWN_NAMES: string[] = [];
const LOCAL = 1 << 24;

/** The number of a name the spec knows (given when a payload module loads). */
export function knownNameId(name: string): number {
  let id = KNOWN_IDS.get(name);
  if (id === undefined) {
    id = KNOWN_NAMES.length;
    KNOWN_NAMES.push(name);
    KNOWN_IDS.set(name, id);
  }
  return id;
}

const TEXT = -1;
const CDATA = -2;
const NO_ATTRIBUTES: ReadonlyArray<readonly [string, string]> = Object.freeze([]);

/**
 * A parsed XML body as a table of nodes in document order, the body's text kept whole and
 * read by offsets. Elements, text runs and CDATA sections are nodes; an element's first
 * child is the node after it. A leaf's single text run is kept on the element itself, and
 * white space between child elements is not kept at all, so a node is 12 bytes.
 */
export class XmlDocument {
  /** Elements: name id × 2, plus 1 when the element has child nodes; text: -1; CDATA: -2. */
  private kind: Int32Array;
  /**
   * Text and CDATA: where their content starts in the body; elements: where their own text
   * run starts, or -1. Where it ends is found again when read (the next `<`, or `]]>` for
   * CDATA), which keeps a node at 12 bytes.
   */
  private start: Int32Array;
  /** The next sibling, or -1. */
  private next: Int32Array;
  length = 0;
  private readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Attributes, flat and in document order: the element each belongs to, its name id and its value. */
  private readonly attrOwner: number[] = [];
  private readonly attrName: number[] = [];
  private readonly attrValue: string[] = [];

  constructor(
    readonly xml: string,
    capacity: number,
  ) {
    this.kind = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  private grow(): void {
    const size = Math.max(16, this.kind.length * 2);
    const copy = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.kind = copy(this.kind);
    this.start = copy(this.start);
    this.next = copy(this.next);
  }

  private add(kind: number, start: number, previous: number, parent: number): number {
    if (this.length === this.kind.length) this.grow();
    const n = this.length++;
    this.kind[n] = kind;
    this.start[n] = start;
    this.next[n] = -1;
    if (previous >= 0) this.next[previous] = n;
    else if (parent >= 0) this.kind[parent]! |= 1;
    return n;
  }

  /** Adds an element after `previous` (its previous sibling, or -1 for a first child of `parent`). */
  addElement(name: string, attributes: ReadonlyArray<readonly [string, string]> | undefined, previous: number, parent: number): XmlElement {
    const n = this.add(this.nameId(name) * 2, -1, previous, parent);
    if (attributes !== undefined) {
      for (const [a, v] of attributes) {
        this.attrOwner.push(n);
        this.attrName.push(this.nameId(a));
        this.attrValue.push(v);
      }
    }
    return n as XmlElement;
  }

  private nameId(name: string): number {
    const known = KNOWN_IDS.get(name);
    if (known !== undefined) return known;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = LOCAL + this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /** The number of a name in this document, or -1 when no element bears it. */
  private idOf(name: string): number {
    return KNOWN_IDS.get(name) ?? this.ids.get(name) ?? -1;
  }

  /** Adds a text run (up to the next `<`) or a CDATA section's content (up to `]]>`). */
  addText(start: number, cdata: boolean, previous: number, parent: number): number {
    return this.add(cdata ? CDATA : TEXT, start, previous, parent);
  }

  /** Keeps a leaf's only text run (up to the next `<`) on the element itself. */
  setOwnText(el: XmlElement, start: number): void {
    this.start[el] = start;
  }

  /** Where the text of node n ends. */
  private endOf(n: number, start: number): number {
    return this.xml.indexOf(this.kind[n] === CDATA ? "]]>" : "<", start);
  }

  name(el: XmlElement): string {
    return this.nameOfId(this.kind[el]! >> 1);
  }
  private nameOfId(id: number): string {
    return id < LOCAL ? KNOWN_NAMES[id]! : this.names[id - LOCAL]!;
  }
  /** The number of a node's name: -1 for text and CDATA. */
  nameIdOf(n: number): number {
    return this.kind[n]! >> 1;
  }
  /** True when some element of the document has attributes. */
  get hasAttributes(): boolean {
    return this.attrOwner.length > 0;
  }
  /** The attributes of an element (found by binary search: owners are in document order). */
  attributes(el: XmlElement): ReadonlyArray<readonly [string, string]> {
    const owners = this.attrOwner;
    if (owners.length === 0) return NO_ATTRIBUTES;
    let lo = 0;
    let hi = owners.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (owners[mid]! < el) lo = mid + 1;
      else hi = mid;
    }
    if (lo === owners.length || owners[lo] !== el) return NO_ATTRIBUTES;
    const out: (readonly [string, string])[] = [];
    for (let i = lo; i < owners.length && owners[i] === el; i++) out.push([this.nameOfId(this.attrName[i]!), this.attrValue[i]!]);
    return out;
  }
  isElement(n: number): n is XmlElement {
    return this.kind[n]! >= 0;
  }
  isCdata(n: number): boolean {
    return this.kind[n] === CDATA;
  }
  firstChild(el: XmlElement): number {
    return (this.kind[el]! & 1) === 1 ? el + 1 : -1;
  }
  nextSibling(n: number): number {
    return this.next[n]!;
  }
  /** The raw text of a text node (entities not yet decoded), the content of a CDATA node, or an element's own text run ("" when none). */
  raw(n: number): string {
    const s = this.start[n]!;
    return s < 0 ? "" : this.xml.slice(s, this.endOf(n, s));
  }
  /** True when an element has a text run of its own (a leaf's text; see setOwnText). */
  hasOwnText(el: XmlElement): boolean {
    return this.start[el]! >= 0;
  }
  /** True when a node's text (or an element's own text run) is only white space. */
  blank(n: number): boolean {
    const s = this.start[n]!;
    return s < 0 || isBlankRange(this.xml, s, this.endOf(n, s));
  }
  hasElementChildren(el: XmlElement): boolean {
    for (let c = this.firstChild(el); c >= 0; c = this.next[c]!) if (this.kind[c]! >= 0) return true;
    return false;
  }
  /** The first child element named `name`, if any. */
  child(el: XmlElement, name: string): XmlElement | undefined {
    const id = this.idOf(name);
    if (id < 0) return undefined;
    for (let c = this.firstChild(el); c >= 0; c = this.next[c]!) if (this.kind[c]! >> 1 === id) return c as XmlElement;
    return undefined;
  }
  /** The child elements, in order. */
  elements(el: XmlElement): XmlElement[] {
    const out: XmlElement[] = [];
    for (let c = this.firstChild(el); c >= 0; c = this.next[c]!) if (this.kind[c]! >= 0) out.push(c as XmlElement);
    return out;
  }
  /** The first child element, if any. */
  firstElement(el: XmlElement): XmlElement | undefined {
    for (let c = this.firstChild(el); c >= 0; c = this.next[c]!) if (this.kind[c]! >= 0) return c as XmlElement;
    return undefined;
  }
}

export function isBlankRange(xml: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = xml.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** The document of the body being decoded. */
export function documentOf(ctx: DecodeContext): XmlDocument {
  return ctx.document as XmlDocument;
}
