import { XMLParser, XMLValidator } from "fast-xml-parser";
import { isDeepStrictEqual } from "node:util";
import { DecodeContext } from "../../generated/src/runtime/context.js";
import type { XmlDocument, XmlElement } from "../../generated/src/runtime/xml-document.js";
import { resolveOptions } from "../../generated/src/runtime/options.js";
import { decodeEntities, parseXml } from "../../generated/src/runtime/xml-parse.js";

/**
 * fast-xml-parser (validator + parser), which the package used before its own reader, as the
 * reference reader: on the same input both must see the same elements, attributes and text,
 * and where they disagree about well-formedness ours must be the stricter one, for a reason
 * XML 1.0 states and our message names. Used by the differential test and the fuzzer's oracle.
 */

/** Elements with their attribute names and content: text pieces (T raw, C CDATA) or child elements. */
type Neutral = { name: string; attributes: string[]; content: Neutral[] | string[] };

/** Our tree in the neutral form: child elements first, then the text beside them (merged), as the reference's form has it. */
function neutralFromOurs(doc: XmlDocument, el: XmlElement): Neutral {
  const pieces: string[] = [];
  const own = doc.raw(el);
  if (own !== "") pieces.push(`T${own}`);
  const elements: Neutral[] = [];
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) {
    if (doc.isElement(c)) elements.push(neutralFromOurs(doc, c));
    else pieces.push(`${doc.isCdata(c) ? "C" : "T"}${doc.raw(c)}`);
  }
  // White space beside child elements is not content, in either reader (ours may keep a blank run
  // it met before it knew a child element would follow: the decoder reads it as blank).
  const text = merge(elements.length > 0 ? pieces.filter((t) => !(t[0] === "T" && /^[ \t\r\n]*$/.test(t.slice(1)))) : pieces);
  return { name: doc.name(el), attributes: doc.attributes(el).map(([n]) => n), content: elements.length > 0 ? [...elements, ...(text as never[])] : text };
}

/** Adjacent text pieces as one (a comment between two runs splits them in one parser and not the other). */
function merge(pieces: string[]): string[] {
  const out: string[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0] === "T" && p[0] === "T") out[out.length - 1] = last + p.slice(1);
    else out.push(p);
  }
  return out;
}

const MARK = "$";
const reference = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: "#cdata",
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  transformTagName: (n: string) => (n.startsWith(MARK) ? n : MARK + n),
  transformAttributeName: (n: string) => (n.startsWith(MARK) ? n : MARK + n),
  onDangerousProperty: (name: string) => name,
} as ConstructorParameters<typeof XMLParser>[0]);

type Raw = Record<string, unknown>;
function neutralFromReference(node: Raw): Neutral | string | undefined {
  const key = Object.keys(node).find((k) => k !== ":@");
  if (key === undefined) return undefined;
  if (key === "#text") return `T${String(node[key])}`;
  if (key === "#cdata") return `C${(node[key] as Raw[]).map((p) => String(p["#text"] ?? "")).join("")}`;
  const attrs = (node[":@"] as Raw | undefined) ?? {};
  const inner = (node[key] as Raw[]).map(neutralFromReference).filter((c) => c !== undefined);
  const elements = inner.filter((c): c is Neutral => typeof c !== "string");
  const text = inner.filter((c): c is string => typeof c === "string");
  // White space beside child elements is not content (our reader does not keep it).
  const loose = text.filter((t) => !(t[0] === "T" && /^[ \t\r\n]*$/.test(t.slice(1))));
  return {
    name: key.slice(MARK.length),
    attributes: Object.keys(attrs).map((a) => a.slice(MARK.length)),
    content: elements.length > 0 ? (loose.length > 0 ? [...elements, ...(merge(loose) as never[])] : elements) : merge(text),
  };
}

function ours(xml: string): { ok: true; tree: Neutral } | { ok: false; message: string } {
  const ctx = new DecodeContext(resolveOptions({ maxDepth: 10_000 }));
  const root = parseXml(xml, ctx);
  if (root === undefined) return { ok: false, message: ctx.errors.map((e) => `${e.code}: ${e.message}`).join("; ") };
  const doc = ctx.document as XmlDocument;
  // References in text are checked when the text is read (so the error names its model path); here, at once.
  for (let n = 0; n < doc.length; n++) if (!doc.isCdata(n)) decodeEntities(doc.raw(n), "", ctx);
  if (ctx.errors.length > 0) return { ok: false, message: ctx.errors.map((e) => `${e.code}: ${e.message}`).join("; ") };
  return { ok: true, tree: neutralFromOurs(doc, root) };
}

function theirs(xml: string): { ok: true; tree: Neutral } | { ok: false; message: string } {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) return { ok: false, message: valid.err.msg };
  let parsed: Raw[];
  try {
    parsed = reference.parse(xml) as Raw[];
  } catch (e) {
    // It throws on some DTDs (external and parameter entities): a refusal too.
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  const roots = parsed.map(neutralFromReference).filter((c): c is Neutral => c !== undefined && typeof c !== "string");
  if (roots.length !== 1) return { ok: false, message: `${roots.length} root elements` };
  return { ok: true, tree: roots[0]! };
}

/**
 * Where XML 1.0 refuses what fast-xml-parser lets through. Each is a well-formedness rule of
 * the standard; our reader's message names it.
 */
const STRICTER = [
  /-- inside a comment/,
  /XML declaration is allowed only at the very start/,
  /malformed XML declaration/,
  /inside an attribute value/,
  /in an attribute value is not one of/,
  /after the root element/,
  /before the root element/,
  /is not a character XML allows/,
  /\]\]> in text/,
  /is not an element name XML allows|is not an attribute name XML allows|is not a processing instruction target XML allows/,
  /expected an? (element|attribute) name|expected a processing instruction target/,
  /expected white space after the processing instruction target/,
  /is neither a comment nor a CDATA section/,
  /^dtd:/,
  // WFC: Legal Character and WFC: Entity Declared, for references in text (checked as text is read).
  /^entity:/,
  /expected white space, > or \/>/,
  /appears twice/,
  /not closed/,
  /expected > to end/,
  /expected a quoted attribute value/,
  /< not followed by an element name/,
  /expected = after the attribute name/,
  /no root element/,
];

/**
 * Reads `xml` with both readers: the same tree, both refuse, or ours refuses for a rule of
 * STRICTER; anything else is a finding, returned as its reason.
 */
export function compareReaders(xml: string): { verdict: "same" | "both refuse" | "stricter" } | { finding: string } {
  const a = ours(xml);
  const b = theirs(xml);
  if (a.ok && b.ok) {
    if (isDeepStrictEqual(a.tree, b.tree)) return { verdict: "same" };
    return { finding: `our reader and fast-xml-parser read different trees: ${JSON.stringify(a.tree).slice(0, 300)} against ${JSON.stringify(b.tree).slice(0, 300)}` };
  }
  if (!a.ok && !b.ok) return { verdict: "both refuse" };
  if (a.ok) return { finding: `our reader accepts what fast-xml-parser refuses (${(b as { message: string }).message}): ${JSON.stringify(xml.slice(0, 300))}` };
  const message = a.message;
  if (!STRICTER.some((r) => r.test(message.replace(/^syntax: the body is not well-formed XML at line \d+, column \d+: /, "")))) {
    return { finding: `our reader refuses what fast-xml-parser accepts, for no listed reason: ${message} — ${JSON.stringify(xml.slice(0, 300))}` };
  }
  return { verdict: "stricter" };
}

