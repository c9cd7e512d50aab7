import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { DecodeContext } from "./context.js";
import { childPath } from "./issues.js";
import { lineColumn } from "./json-parse.js";
import { scanXml } from "./xml-scan.js";

/** An XML element with its attributes and content in document order. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  readonly children: readonly XmlContent[];
}
/** Text keeps entities undecoded until read; CDATA is taken verbatim. */
export type XmlContent = XmlElement | { readonly text: string } | { readonly cdata: string };

export function isElement(c: XmlContent): c is XmlElement {
  return "name" in c;
}

/**
 * Element and attribute names get this prefix inside fast-xml-parser, so a name such as
 * `__proto__` or `constructor` never becomes a key the parser treats specially. `$` cannot
 * start an XML name, so the prefix is unambiguous (and idempotent: the parser applies it
 * twice to self-closing tags).
 */
const MARK = "$";
const mark = (name: string) => (name.startsWith(MARK) ? name : MARK + name);

/** fast-xml-parser, configured in this one place: nothing is coerced, trimmed or expanded. */
function parser(maxDepth: number): XMLParser {
  return new XMLParser({
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
    maxNestedTags: maxDepth,
    transformTagName: mark,
    transformAttributeName: mark,
    onDangerousProperty: (name: string) => name,
  });
}

type Raw = Record<string, unknown>;

/** Characters XML 1.0 does not allow anywhere, not even as text: C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A person's account of a validator error. For a body that ends with elements still open,
 * fast-xml-parser reports line 1, column 1 and a list of names; we name the elements and
 * point at the end of the body instead.
 */
function syntaxMessage(xml: string, err: { line?: number; col?: number; msg: string }): string {
  const open = /^Invalid '\[([\s\S]*)\]' found\.$/.exec(err.msg);
  if (open) {
    let names: string[] = [];
    try {
      names = (JSON.parse(`[${open[1]}]`) as string[]).map(String);
    } catch {
      // keep the names empty; the message below still says what happened
    }
    const end = lineColumn(xml, xml.length);
    const which = names.length > 0 ? names.map((n) => `<${n}>`).join(", ") : "some elements";
    return `the body is not well-formed XML at line ${end.line}, column ${end.column}: it ends before ${which} ${names.length === 1 ? "is" : "are"} closed`;
  }
  // Some errors (no root element at all) come without a column: they are found at the end.
  const at = err.line !== undefined && err.col !== undefined ? { line: err.line, column: err.col } : lineColumn(xml, xml.length);
  return `the body is not well-formed XML at line ${at.line}, column ${at.column}: ${err.msg}`;
}

function convert(node: Raw): XmlContent | undefined {
  const key = Object.keys(node).find((k) => k !== ":@");
  if (key === undefined) return undefined;
  const value = node[key];
  if (key === "#text") return { text: String(value) };
  if (key === "#cdata") {
    const parts = value as Raw[];
    return { cdata: parts.map((p) => String(p["#text"] ?? "")).join("") };
  }
  const attrs = (node[":@"] as Raw | undefined) ?? {};
  return {
    name: key.slice(MARK.length),
    attributes: Object.keys(attrs).map((a) => [a.slice(MARK.length), String(attrs[a])] as const),
    children: (value as Raw[]).map(convert).filter((c): c is XmlContent => c !== undefined),
  };
}

/**
 * Parses an XML body into its root element. Refuses DTDs and entity declarations, bodies
 * nested deeper than the limit and anything not well-formed, reporting to ctx.
 */
export function parseXml(xml: string, ctx: DecodeContext): XmlElement | undefined {
  const scan = scanXml(xml, ctx.options.maxDepth);
  if (scan.declaration) {
    ctx.error("", "dtd", "XML without DOCTYPE or ENTITY declarations", "a declaration (DTDs and entity expansion are refused)");
    return undefined;
  }
  if (scan.badTag) {
    const at = lineColumn(xml, scan.badTag.offset);
    ctx.fail("", "syntax", `the body is not well-formed XML at line ${at.line}, column ${at.column}: ${scan.badTag.message}`);
    return undefined;
  }
  if (scan.depth > ctx.options.maxDepth) {
    ctx.error("", "too-deep", `elements nested at most ${ctx.options.maxDepth} deep`, `deeper nesting (over ${ctx.options.maxDepth})`);
    return undefined;
  }
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) {
    const at = lineColumn(xml, bad.index);
    ctx.fail("", "syntax", `the body is not well-formed XML at line ${at.line}, column ${at.column}: U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not a character XML allows`);
    return undefined;
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    ctx.fail("", "syntax", syntaxMessage(xml, valid.err));
    return undefined;
  }
  let raw: Raw[];
  try {
    raw = parser(ctx.options.maxDepth).parse(xml) as Raw[];
  } catch (e) {
    ctx.fail("", "syntax", `the body is not well-formed XML: ${(e as Error).message}`);
    return undefined;
  }
  const roots = raw.map(convert).filter((c): c is XmlElement => c !== undefined && isElement(c));
  if (roots.length !== 1) {
    ctx.error("", "syntax", "one root element", `${roots.length} root elements`);
    return undefined;
  }
  return roots[0];
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);|&/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes the five XML entities and character references; anything else is an error. */
export function decodeEntities(raw: string, path: string, ctx: DecodeContext): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(ENTITY, (whole: string, ref: string | undefined) => {
    if (ref === undefined) {
      ctx.error(path, "entity", "& written as &amp;", "a bare &");
      return whole;
    }
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!ok) {
        ctx.error(path, "entity", "a character reference to a valid XML character", whole);
        return whole;
      }
      return String.fromCodePoint(code);
    }
    const named = Object.prototype.hasOwnProperty.call(NAMED, ref) ? NAMED[ref] : undefined;
    if (named === undefined) {
      ctx.error(path, "entity", "one of &lt; &gt; &amp; &quot; &apos; or a character reference", whole);
      return whole;
    }
    return named;
  });
}

/** The text of an element: text (entities decoded) and CDATA joined in order. */
export function textOf(el: XmlElement, path: string, ctx: DecodeContext): string {
  let out = "";
  for (const c of el.children) {
    if ("text" in c) out += decodeEntities(c.text, path, ctx);
    else if ("cdata" in c) out += c.cdata;
  }
  return ctx.within(path, "characters of text", out.length, ctx.options.maxTextLength) ? out : "";
}

/** Reports attributes: no CI payload uses them, so they are not part of the model. */
export function reportAttributes(el: XmlElement, path: string, ctx: DecodeContext): void {
  for (const [name, value] of el.attributes) {
    ctx.notice(childPath(path, `@${name}`), "attribute", `attribute ${name}=${JSON.stringify(value)} is not part of the spec and is not kept`);
  }
}
