/**
 * The sample extractor: ```-fenced XML and JSON bodies of a page (an HTTP message's body too),
 * parsed into one neutral tree per sample. XML is parsed by the project's own parser
 * (generator/runtime/xml-parse.ts), JSON by json-scan.ts, so a malformed sample is reported
 * with the line and column of the fault.
 */
import { DecodeContext } from "../runtime/context.js";
import { resolveOptions } from "../runtime/options.js";
import type { XmlDocument, XmlElement } from "../runtime/xml-document.js";
import { parseXml } from "../runtime/xml-parse.js";
import { JsonFault, scanJson, type JsonValue } from "./json-scan.js";
import type { PageCode } from "./sections.js";

/** One node occurrence in a sample. `children` undefined: a leaf with `text`. */
export interface SampleNode {
  readonly name: string;
  readonly children: SampleNode[] | undefined;
  readonly text: string;
  /** JSON only: how the leaf value was written. */
  readonly json: "string" | "number" | "boolean" | "null" | undefined;
  /** JSON only: the length of the array this occurrence came from. */
  readonly arrayLength: number | undefined;
}

export interface Sample {
  readonly format: "xml" | "json";
  /** The body exactly as the page shows it (leading and trailing blank lines removed). */
  readonly body: string;
  /** Line in the page where the body starts. */
  readonly line: number;
  readonly heading: string;
  /** Root element name (XML); undefined for JSON. */
  readonly rootName: string | undefined;
  /** The children of the root; undefined when the sample is malformed. */
  readonly nodes: SampleNode[] | undefined;
  /** What is wrong with a malformed sample, with the line and column inside the body. */
  readonly fault: string | undefined;
}

function fromXml(doc: XmlDocument, el: XmlElement): SampleNode {
  const elements = doc.elements(el);
  if (elements.length > 0) return { name: doc.name(el), children: elements.map((e) => fromXml(doc, e)), text: "", json: undefined, arrayLength: undefined };
  let text = doc.raw(el);
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) text += doc.raw(c);
  const decoded = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return { name: doc.name(el), children: undefined, text: decoded.trim() === "" ? "" : decoded, json: undefined, arrayLength: undefined };
}

function fromJson(name: string, v: JsonValue, arrayLength: number | undefined): SampleNode[] {
  switch (v.kind) {
    case "object":
      return [{ name, children: v.entries.flatMap(([k, x]) => fromJson(k, x, undefined)), text: "", json: undefined, arrayLength }];
    case "array":
      if (v.items.length === 0) return [{ name, children: [], text: "", json: undefined, arrayLength: 0 }];
      return v.items.flatMap((x) => fromJson(name, x, v.items.length));
    case "null":
      return [{ name, children: undefined, text: "", json: "null", arrayLength }];
    default:
      return [{ name, children: undefined, text: String(v.value), json: v.kind, arrayLength }];
  }
}

/** The body of a code block: the block itself, or the body of an HTTP message shown in it. */
export function bodyOf(text: string): { body: string; offset: number } | undefined {
  const lines = text.split("\n");
  let first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0) return undefined;
  if (/^(POST|GET|PUT|DELETE|HEAD)\s+\S+\s+HTTP\/|^HTTP\/\d/.test(lines[first]!.trim())) {
    const blank = lines.findIndex((l, i) => i > first && l.trim() === "");
    if (blank < 0) return undefined;
    first = lines.findIndex((l, i) => i > blank && l.trim() !== "");
    if (first < 0) return undefined;
  }
  let last = lines.length - 1;
  while (last > first && lines[last]!.trim() === "") last--;
  const body = lines.slice(first, last + 1).join("\n");
  const c = body.trimStart()[0];
  return c === "<" || c === "{" || c === "[" ? { body, offset: first } : undefined;
}

export function parseSample(body: string): Pick<Sample, "format" | "rootName" | "nodes" | "fault"> {
  const format = body.trimStart().startsWith("<") ? "xml" : "json";
  if (format === "xml") {
    const ctx = new DecodeContext(resolveOptions(undefined));
    const root = parseXml(body, ctx);
    if (root === undefined) return { format, rootName: undefined, nodes: undefined, fault: ctx.errors.map((e) => e.message).join("; ").replace(/^the body is /, "") };
    const doc = ctx.document as XmlDocument;
    return { format, rootName: doc.name(root), nodes: fromXml(doc, root).children ?? [], fault: undefined };
  }
  try {
    const v = scanJson(body);
    if (v.kind !== "object") return { format, rootName: undefined, nodes: undefined, fault: `not a JSON object at line 1, column 1: the body is a JSON ${v.kind}` };
    return { format, rootName: undefined, nodes: fromJson("", v, undefined)[0]!.children ?? [], fault: undefined };
  } catch (e) {
    if (e instanceof JsonFault) return { format, rootName: undefined, nodes: undefined, fault: `not well-formed JSON at ${e.message}` };
    throw e;
  }
}

/** Every distinct XML or JSON body in the page's code blocks, in page order. */
export function extractSamples(codes: readonly PageCode[]): Sample[] {
  const out: Sample[] = [];
  const seen = new Map<string, number>();
  for (const c of codes) {
    const b = bodyOf(c.block.text);
    if (!b) continue;
    const key = b.body.replace(/\s+/g, "");
    const twin = seen.get(key);
    if (twin !== undefined) {
      // The page's "all the nodes" block is often Sample 1 again: keep one, named after the sample heading.
      const heading = c.headings[c.headings.length - 1] ?? "";
      if (/sample|example/i.test(heading) && !/sample|example/i.test(out[twin]!.heading)) out[twin] = { ...out[twin]!, heading };
      continue;
    }
    seen.set(key, out.length);
    out.push({ ...parseSample(b.body), body: b.body, line: c.block.line + 1 + b.offset, heading: c.headings[c.headings.length - 1] ?? "" });
  }
  return out;
}
