import { DecodeContext } from "./context.js";
import type { PayloadDescriptor } from "./dispatch.js";
import { show } from "./issues.js";
import { resolveOptions } from "./options.js";
import { hasOwn } from "./own.js";
import type { XmlDocument, XmlElement } from "./xml-document.js";
import { textOf } from "./xml-parse.js";

/** What a body holds at one path: whether the node is there, and its text when it is a leaf. */
export interface Probe {
  readonly present: boolean;
  readonly text: string | undefined;
}
const ABSENT: Probe = Object.freeze({ present: false, text: undefined });

/** The element at `path` below `root` (first of each name). */
export function probeXml(doc: XmlDocument, root: XmlElement, path: readonly string[]): Probe {
  let el: XmlElement | undefined = root;
  for (const name of path) {
    el = doc.child(el, name);
    if (el === undefined) return ABSENT;
  }
  // A probe's text is read with a context of its own: what it finds wrong, the decoder reports.
  const text = doc.hasElementChildren(el) ? undefined : textOf(el, "", new DecodeContext(resolveOptions(undefined)), doc);
  return { present: true, text };
}

/** The value at `path` in a JSON value or model (first item of arrays). */
export function probeJson(root: unknown, path: readonly string[]): Probe {
  let v: unknown = root;
  for (const name of path) {
    if (Array.isArray(v)) v = v[0];
    if (typeof v !== "object" || v === null || !hasOwn(v, name)) return ABSENT;
    v = (v as Record<string, unknown>)[name];
  }
  if (v === null || v === undefined) return ABSENT;
  return { present: true, text: typeof v === "string" ? v : undefined };
}

/** A path as one string, made once per rule path (the rules are made when a payload module loads). */
const keys = new WeakMap<readonly string[], string>();
function keyOf(path: readonly string[]): string {
  let key = keys.get(path);
  if (key === undefined) keys.set(path, (key = path.join("\u0000")));
  return key;
}

type Verdict = "holds" | "fails" | "unknown";
/** A rule against a probe: a value rule on an absent node is unknown (decoding then says it is missing). */
function verdict(rule: PayloadDescriptor["match"][number], found: Probe): Verdict {
  if (rule.value === undefined) return found.present === rule.present ? "holds" : "fails";
  if (!found.present) return "unknown";
  return found.text === rule.value ? "holds" : "fails";
}

/**
 * Picks the payload kind whose match rules the body meets. The spec guarantees that no two kinds
 * can both meet all of theirs. Failing that, the kind with no rule failed and the most value
 * rules holding is taken when it is the only one (its decoder then names what is missing). Otherwise the body is of a
 * kind the spec does not know: one short `unknown-payload` error naming what was found.
 */
export function choose<D extends PayloadDescriptor>(candidates: readonly D[], probe: (path: readonly string[]) => Probe, ctx: DecodeContext): D | undefined {
  if (candidates.length === 1) return candidates[0];
  // Many kinds probe the same paths (JobsDetail.Tag): each path is probed once per body.
  const cache = new Map<string, Probe>();
  const at = (path: readonly string[]) => {
    const key = keyOf(path);
    let p = cache.get(key);
    if (!p) cache.set(key, (p = probe(path)));
    return p;
  };
  // Partial candidates: no rule fails and some value rule holds (an absence alone is no evidence).
  let partial: D | undefined;
  let partials = 0;
  let best = 0;
  for (const d of candidates) {
    if (d.match.length === 0) continue;
    let fails = false;
    let all = true;
    let values = 0;
    for (const m of d.match) {
      const v = verdict(m, at(m.path));
      if (v === "fails") {
        fails = true;
        break;
      }
      if (v !== "holds") all = false;
      else if (m.value !== undefined) values++;
    }
    if (fails) continue;
    if (all) return d;
    if (values === 0 || values < best) continue;
    if (values > best) (best = values), (partials = 0);
    partial = d;
    partials++;
  }
  if (partials === 1) return partial;
  const paths = [...new Set(candidates.flatMap((d) => d.match.filter((m) => m.value !== undefined).map((m) => m.path.join("."))))];
  const found = paths.flatMap((p) => {
    const f = at(p.split("."));
    return f.present ? [`${p}=${f.text === undefined ? "(not text)" : show(f.text)}`] : [];
  });
  ctx.error("", "unknown-payload", "a payload kind the spec knows (ci-callback kinds lists them)", found.length > 0 ? found.join(", ") : `none of ${paths.slice(0, 3).join(", ")}`);
  return undefined;
}

/** True when a model meets every match rule of `descriptor` (it is not validated). */
export function matchesModel(descriptor: PayloadDescriptor, value: unknown): boolean {
  return descriptor.match.length > 0 && descriptor.match.every((m) => verdict(m, probeJson(value, m.path)) === "holds");
}
