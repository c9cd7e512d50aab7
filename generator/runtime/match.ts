import { DecodeContext } from "./context.js";
import type { MatchRule, PayloadDescriptor } from "./dispatch.js";
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

let probeContext: DecodeContext | undefined;

/** The element at `path` below `root` (first of each name). */
export function probeXml(doc: XmlDocument, root: XmlElement, path: readonly string[]): Probe {
  let el: XmlElement | undefined = root;
  for (const name of path) {
    el = doc.child(el, name);
    if (el === undefined) return ABSENT;
  }
  // A probe's text is read with a context of its own, emptied after: what it finds wrong, the decoder reports.
  if (doc.hasElementChildren(el)) return { present: true, text: undefined };
  const ctx = (probeContext ??= new DecodeContext(resolveOptions(undefined)));
  try {
    return { present: true, text: textOf(el, "", ctx, doc) };
  } finally {
    ctx.errors.length = 0;
    ctx.warnings.length = 0;
  }
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

/**
 * The candidates worth checking, in order: when the body has the key path as text, a candidate
 * with another value there fails, so only those with this value and those that do not look at
 * it are left. (When the key path is absent every candidate is checked: an absent value is
 * unknown, not failed.)
 */
function worthTrying(choice: Choice, at: (i: number) => Probe): readonly number[] {
  if (choice.key < 0) return choice.all;
  const found = at(choice.key);
  if (!found.present) return choice.all;
  let list = choice.byKey.get(found.text);
  if (list === undefined) {
    list = choice.all.filter((i) => choice.rules[i]!.every(({ path, rule }) => path !== choice.key || rule.value === undefined || rule.value === found.text));
    // Kept only for a value some rule names, under the rule's own string: a body's text is not kept.
    const named = choice.rules.flat().find(({ path, rule }) => path === choice.key && rule.value === found.text);
    if (named !== undefined) choice.byKey.set(named.rule.value, list);
  }
  return list;
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
  const choice = choiceOf(candidates);
  const { paths, rules, valuePaths } = choice;
  // Many kinds probe the same paths (JobsDetail.Tag): each path is probed once per body.
  const probes: (Probe | undefined)[] = new Array<Probe | undefined>(paths.length);
  const at = (i: number): Probe => (probes[i] ??= probe(paths[i]!));
  // Partial candidates: no rule fails and some value rule holds (an absence alone is no evidence).
  let partial: D | undefined;
  let partials = 0;
  let best = 0;
  for (const c of worthTrying(choice, at)) {
    const d = candidates[c]!;
    if (d.match.length === 0) continue;
    let fails = false;
    let all = true;
    let values = 0;
    for (const { path, rule } of rules[c]!) {
      const v = verdict(rule, at(path));
      if (v === "fails") {
        fails = true;
        break;
      }
      if (v !== "holds") all = false;
      else if (rule.value !== undefined) values++;
    }
    if (fails) continue;
    if (all) return d;
    if (values === 0 || values < best) continue;
    if (values > best) (best = values), (partials = 0);
    partial = d;
    partials++;
  }
  if (partials === 1) return partial;
  const found = valuePaths.flatMap(({ text, path }) => {
    const f = at(path);
    return f.present ? [`${text}=${f.text === undefined ? "(not text)" : show(f.text)}`] : [];
  });
  ctx.error("", "unknown-payload", "a payload kind the spec knows (ci-callback kinds lists them)", found.length > 0 ? found.join(", ") : `none of ${valuePaths.slice(0, 3).map((p) => p.text).join(", ")}`);
  return undefined;
}

/**
 * The match rules of a list of candidates with every distinct path numbered once, and the
 * paths of value rules as an unknown-payload error names them. Made once per list (the
 * dispatch plan keeps its lists), so that choosing a kind builds no key and looks up no map.
 */
interface Choice {
  readonly paths: readonly (readonly string[])[];
  /** The path most candidates have a value rule on (JobsDetail.Tag), or -1. */
  readonly key: number;
  /** By the text at `key`: the candidates that can still meet their rules, in order (made as met). */
  readonly byKey: Map<string | undefined, readonly number[]>;
  /** The candidates whose rules do not look at `key`; and every candidate, in order. */
  readonly others: readonly number[];
  readonly all: readonly number[];
  /** Per candidate, its rules with the number of their path. */
  readonly rules: readonly (readonly { readonly path: number; readonly rule: MatchRule }[])[];
  readonly valuePaths: readonly { readonly text: string; readonly path: number }[];
}
const choices = new WeakMap<readonly PayloadDescriptor[], Choice>();
function choiceOf(candidates: readonly PayloadDescriptor[]): Choice {
  let choice = choices.get(candidates);
  if (choice !== undefined) return choice;
  const paths: (readonly string[])[] = [];
  const numbers = new Map<string, number>();
  const numberOf = (path: readonly string[]) => {
    const key = path.join("\u0000");
    let n = numbers.get(key);
    if (n === undefined) numbers.set(key, (n = paths.push(path) - 1));
    return n;
  };
  const rules = candidates.map((d) => d.match.map((rule) => ({ path: numberOf(rule.path), rule })));
  const valuePaths = new Map<string, number>();
  for (const d of candidates) for (const m of d.match) if (m.value !== undefined && !valuePaths.has(m.path.join("."))) valuePaths.set(m.path.join("."), numberOf(m.path));
  // The path most candidates have a value rule on.
  const counts = new Map<number, number>();
  for (const r of rules) for (const { path, rule } of r) if (rule.value !== undefined) counts.set(path, (counts.get(path) ?? 0) + 1);
  const key = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? -1;
  const all = candidates.map((_, i) => i);
  const others = all.filter((i) => !rules[i]!.some(({ path, rule }) => path === key && rule.value !== undefined));
  choice = { paths, rules, valuePaths: [...valuePaths].map(([text, path]) => ({ text, path })), key, byKey: new Map(), others, all };
  choices.set(candidates, choice);
  return choice;
}

/** True when a model meets every match rule of `descriptor` (it is not validated). */
export function matchesModel(descriptor: PayloadDescriptor, value: unknown): boolean {
  return descriptor.match.length > 0 && descriptor.match.every((m) => verdict(m, probeJson(value, m.path)) === "holds");
}
