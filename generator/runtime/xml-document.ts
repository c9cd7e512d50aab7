import type { DecodeContext } from "./context.js";
import { resized } from "./int32-array.js";

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

/** The name the spec knows by number `id` (as the spec writes it: a string of its own, not a slice of some body). */
export function knownName(id: number): string {
  return KNOWN_NAMES[id]!;
}

/** How many names the spec knows so far: their numbers are 0 to this, less one. */
export function knownNameCount(): number {
  return KNOWN_NAMES.length;
}

/** Whether a name number is one the spec knows (the same in every document). */
export function isKnownId(id: number): boolean {
  return id < LOCAL;
}

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
/** The attribute owners of a document without attributes (never written: a document makes its own list with its first attribute). */
const NO_OWNERS: number[] = [];

/**
 * A parsed XML body as a table of nodes in document order, the body's text kept whole and
 * read by offsets. Elements, text runs and CDATA sections are nodes; an element's first
 * child is the node after it. A leaf's single text run is kept on the element itself, and
 * white space between child elements is not kept at all, so a node is 12 bytes.
 */
export class XmlDocument {
  /**
   * Three numbers per node (12 bytes), in one array:
   * - its kind: for an element, its name's number × 2, plus 1 when it has child nodes; -1 for text, -2 for CDATA;
   * - where its text starts in the body: a text or CDATA node's content, an element's own text
   *   run (or -1);
   * - its next sibling, or -1.
   * Where a text ends is found again when it is read (textEnd): its next `<`, or `]]>` for
   * CDATA, which the reader found when it read the body.
   */
  private t: Int32Array;
  length = 0;
  /** Names the spec does not know, numbered from LOCAL (made when the first one turns up: most bodies have none). */
  private names: string[] | undefined;
  private ids: Map<string, number> | undefined;
  /** Attributes, flat and in document order: the element each belongs to, its name id and its value (made with the first one). */
  private attrOwner: number[] = NO_OWNERS;
  private attrName: number[] = [];
  private attrValue: string[] = [];

  /** Whether the body holds a `&` anywhere: without one, no text has a reference to decode. */
  readonly ampersands: boolean;

  constructor(
    readonly xml: string,
    capacity: number,
  ) {
    this.t = borrowTable(capacity * 3);
    this.ampersands = xml.includes("&");
  }

  /** The nodes the table has room for before it grows. */
  get room(): number {
    return Math.floor(this.t.length / 3);
  }

  /** Gives the node table back for the next document (see borrowTable); the document is not read after. */
  release(): void {
    if (!this.scanned) returnTable(this.t);
    this.t = RELEASED;
    this.length = 0;
  }

  private grow(): void {
    const b = resized(this.t, Math.max(48, this.t.length * 2));
    returnTable(this.t);
    this.t = b;
  }

  private add(kind: number, start: number, previous: number, parent: number): number {
    if (3 * this.length === this.t.length) this.grow();
    const n = this.length++;
    const { t } = this;
    t[3 * n] = kind;
    t[3 * n + 1] = start;
    t[3 * n + 2] = -1;
    if (previous >= 0) t[3 * previous + 2] = n;
    else if (parent >= 0) t[3 * parent]! |= 1;
    return n;
  }

  /** Adds an element after `previous` (its previous sibling, or -1 for a first child of `parent`). */
  addElement(id: number, attributes: ReadonlyArray<readonly [string, string]> | undefined, previous: number, parent: number): XmlElement {
    const n = this.add(id * 2, -1, previous, parent);
    if (attributes !== undefined) {
      if (this.attrOwner === NO_OWNERS) this.attrOwner = [];
      for (const [a, v] of attributes) {
        this.attrOwner.push(n);
        this.attrName.push(this.nameId(a));
        this.attrValue.push(v);
      }
    }
    return n as XmlElement;
  }

  /**
   * Takes the table of a body the scanner read (xml-scan.ts), where it is (not a copy): its
   * nodes, three numbers each as this table holds them, every name one the spec knows, no
   * attributes. Nothing adds to it after.
   */
  adopt(nodes: Int32Array): void {
    returnTable(this.t);
    this.t = nodes;
    this.scanned = true;
    this.length = nodes.length / 3;
  }
  /** Whether the table is the scanner's (in its memory: never lent as a spare). */
  private scanned = false;

  /** The number of an element or attribute name: the same in every document for a name the spec knows. */
  nameId(name: string): number {
    const known = KNOWN_IDS.get(name);
    if (known !== undefined) return known;
    const ids = (this.ids ??= new Map());
    const names = (this.names ??= []);
    let id = ids.get(name);
    if (id === undefined) {
      id = LOCAL + names.length;
      names.push(name);
      ids.set(name, id);
    }
    return id;
  }

  /** The number of a name in this document, or -1 when no element bears it. */
  private idOf(name: string): number {
    return KNOWN_IDS.get(name) ?? this.ids?.get(name) ?? -1;
  }

  /** Adds a text run (from start up to its next `<`) or a CDATA section's content (up to its `]]>`). */
  addText(start: number, cdata: boolean, previous: number, parent: number): number {
    return this.add(cdata ? CDATA : TEXT, start, previous, parent);
  }

  /** Keeps a leaf's only text run (from start up to its next `<`) on the element itself. */
  setOwnText(el: XmlElement, start: number): void {
    this.t[3 * el + 1] = start;
  }

  /** Where the text of node n, starting at s, ends: its next `<`, or `]]>` for CDATA (both there: the reader found them). */
  private textEnd(n: number, s: number): number {
    return this.t[3 * n] === CDATA ? this.xml.indexOf("]]>", s) : this.xml.indexOf("<", s);
  }

  name(el: XmlElement): string {
    return this.nameOfId(this.t[3 * el]! >> 1);
  }
  private nameOfId(id: number): string {
    return id < LOCAL ? KNOWN_NAMES[id]! : this.names![id - LOCAL]!;
  }
  /** The number of a node's name: -1 for text and CDATA. */
  nameIdOf(n: number): number {
    return this.t[3 * n]! >> 1;
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
    return this.t[3 * n]! >= 0;
  }
  isCdata(n: number): boolean {
    return this.t[3 * n] === CDATA;
  }
  firstChild(el: XmlElement): number {
    return (this.t[3 * el]! & 1) === 1 ? el + 1 : -1;
  }
  nextSibling(n: number): number {
    return this.t[3 * n + 2]!;
  }
  /** The raw text of a text node (entities not yet decoded), the content of a CDATA node, or an element's own text run ("" when none). */
  raw(n: number): string {
    const s = this.t[3 * n + 1]!;
    return s < 0 ? "" : this.xml.slice(s, this.textEnd(n, s));
  }
  /** A leaf element's own text run (raw; "" when it has none), or undefined when it has child nodes. */
  leafText(el: XmlElement): string | undefined {
    return this.firstChild(el) >= 0 ? undefined : this.raw(el);
  }
  /** True when an element has a text run of its own (a leaf's text; see setOwnText). */
  hasOwnText(el: XmlElement): boolean {
    return this.t[3 * el + 1]! >= 0;
  }
  /** True when a node's text (or an element's own text run) is only white space. */
  blank(n: number): boolean {
    const s = this.t[3 * n + 1]!;
    return s < 0 || isBlankRange(this.xml, s, this.textEnd(n, s));
  }
  hasElementChildren(el: XmlElement): boolean {
    for (let c = this.firstChild(el); c >= 0; c = this.nextSibling(c)) if (this.isElement(c)) return true;
    return false;
  }
  /** The first child element named `name`, if any. */
  child(el: XmlElement, name: string): XmlElement | undefined {
    const id = this.idOf(name);
    if (id < 0) return undefined;
    for (let c = this.firstChild(el); c >= 0; c = this.nextSibling(c)) if (this.nameIdOf(c) === id) return c as XmlElement;
    return undefined;
  }
  /** The child elements, in order. */
  elements(el: XmlElement): XmlElement[] {
    const out: XmlElement[] = [];
    for (let c = this.firstChild(el); c >= 0; c = this.nextSibling(c)) if (this.isElement(c)) out.push(c as XmlElement);
    return out;
  }
  /** The first child element, if any. */
  firstElement(el: XmlElement): XmlElement | undefined {
    for (let c = this.firstChild(el); c >= 0; c = this.nextSibling(c)) if (this.isElement(c)) return c as XmlElement;
    return undefined;
  }
}

/**
 * One node table kept between decodes, so that decoding an ordinary body allocates none
 * (a typed array costs far more to make than to fill). Decoding is synchronous and never
 * re-entered, but a table still in use is never lent twice. Tables of over SPARE_NODES
 * nodes are not kept.
 */
export const SPARE_NODES = 8192;
const SPARE_MAX = 3 * SPARE_NODES;
const RELEASED = new Int32Array(0);
let spare: Int32Array | undefined;
function borrowTable(size: number): Int32Array {
  if (spare !== undefined && spare.length >= size) {
    const t = spare;
    spare = undefined;
    return t;
  }
  return new Int32Array(Math.max(size, 48));
}
function returnTable(t: Int32Array): void {
  if (t.length <= SPARE_MAX && (spare === undefined || spare.length < t.length)) spare = t;
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
