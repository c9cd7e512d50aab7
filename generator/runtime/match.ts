import { DecodeContext } from "./context.js";
import type { PayloadDescriptor } from "./dispatch.js";
import { show } from "./issues.js";
import { resolveOptions } from "./options.js";
import { hasOwn } from "./own.js";
import { isElement, textOf, type XmlElement } from "./xml-parse.js";

/** Text of the element at `path` below `root` (first of each name), if there is one. */
export function probeXml(root: XmlElement, path: readonly string[]): string | undefined {
  let el: XmlElement | undefined = root;
  for (const name of path) {
    el = el.children.find((c): c is XmlElement => isElement(c) && c.name === name);
    if (!el) return undefined;
  }
  return textOf(el, "", new DecodeContext(resolveOptions(undefined)));
}

/** The string at `path` in a JSON value or model (first item of arrays), if there is one. */
export function probeJson(root: unknown, path: readonly string[]): string | undefined {
  let v: unknown = root;
  for (const name of path) {
    if (Array.isArray(v)) v = v[0];
    if (typeof v !== "object" || v === null || !hasOwn(v, name)) return undefined;
    v = (v as Record<string, unknown>)[name];
  }
  return typeof v === "string" ? v : undefined;
}

/**
 * Picks the payload kind whose discriminators the body carries: a full match, else a
 * kind with some discriminators matching and none contradicting (decoding it then reports
 * what is missing). A lone candidate is always taken, so its decoder names what is wrong.
 */
export function choose<D extends PayloadDescriptor>(candidates: readonly D[], probe: (path: readonly string[]) => string | undefined, ctx: DecodeContext): D | undefined {
  if (candidates.length === 1) return candidates[0];
  let partial: D | undefined;
  for (const d of candidates) {
    const found = d.match.map((m) => probe(m.path));
    const agree = found.filter((f, i) => f === d.match[i]!.value).length;
    if (agree === d.match.length) return d;
    if (!partial && agree > 0 && found.every((f, i) => f === undefined || f === d.match[i]!.value)) partial = d;
  }
  if (partial) return partial;
  const known = candidates.map((d) => d.match.map((m) => `${m.path.join(".")}=${m.value}`).join(" and ")).join("; ");
  const paths = [...new Set(candidates.flatMap((d) => d.match.map((m) => m.path.join("."))))];
  const seen = paths.map((p) => `${p}=${show(probe(p.split(".")) ?? "")}`).join(", ");
  ctx.error("", "unknown-payload", `a known callback (${known})`, seen);
  return undefined;
}


/** True when a model carries every discriminator value of `descriptor` (it is not validated). */
export function matchesModel(descriptor: PayloadDescriptor, value: unknown): boolean {
  return descriptor.match.length > 0 && descriptor.match.every((m) => probeJson(value, m.path) === m.value);
}
