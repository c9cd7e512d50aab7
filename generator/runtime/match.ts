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
/** What a step of the choice stands for when the body has a node with a text no rule there names, or a container (see stepFor). */
const OTHER: Probe = Object.freeze({ present: true, text: undefined });

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
    // Setting an array's length is a call into the engine: made only when there is something to empty.
    if (ctx.errors.length > 0) ctx.errors.length = 0;
    if (ctx.warnings.length > 0) ctx.warnings.length = 0;
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
 * The step of the choice's tree that the body leads to. At each step, the body's node at the
 * step's key path narrows the candidates: when it has a text, a candidate with another value
 * there (or that wants it absent) fails, so only those with this value and those that do not
 * look at it are left; when it is absent, none fails (an absent value is unknown, not failed),
 * and the next step keys the same candidates on another path. Only candidates that would fail are
 * left out, so the choice is the same as checking every candidate. The walk stops early at a
 * step with a `full` candidate: one whose rules all look at the paths keyed so far and all hold,
 * which is the choice whatever else the body holds (the spec lets no two kinds meet all of theirs;
 * generator/model/match.ts refuses a spec where they could).
 */
function stepFor(choice: Choice): Step {
  let step = choice.first;
  while (step.full < 0 && step.key >= 0) {
    const key = step.key;
    const found = probeAt(choice.paths, key);
    // A text some rule here names has a step of its own; absent, and any other text (or a
    // container), are one step each: every rule's verdict is the same for all the bodies of one.
    const named = found.present && found.text !== undefined && step.values.has(found.text);
    let next = named ? step.byKey.get(found.text!) : found.present ? step.other : step.absent;
    if (next === undefined) {
      // Kept under the rule's own string (a body's text is not kept), with what the step stands for.
      const rule = named ? step.all.flatMap((i) => choice.rules[i]!).find((r) => r.path === key && r.rule.value === found.text) : undefined;
      const stands: Probe = !found.present ? ABSENT : rule !== undefined ? { present: true, text: rule.rule.value } : OTHER;
      next = stepOf(
        choice.rules,
        step.all.filter((i) => choice.rules[i]!.every(({ path, rule }) => path !== key || verdict(rule, stands) !== "fails")),
        [...step.keyed, key],
        [...step.found, stands],
      );
      if (rule !== undefined) step.byKey.set(rule.rule.value!, next);
      else if (found.present) step.other = next;
      else step.absent = next;
    }
    step = next;
  }
  return step;
}

type Verdict = "holds" | "fails" | "unknown";
/** A rule against a probe: a value rule on an absent node is unknown (decoding then says it is missing). */
function verdict(rule: PayloadDescriptor["match"][number], found: Probe): Verdict {
  if (rule.value === undefined) return found.present === rule.present ? "holds" : "fails";
  if (!found.present) return "unknown";
  return found.text === rule.value ? "holds" : "fails";
}

/**
 * What the choice being made probes (one choice at a time: choosing calls out to nothing that
 * chooses): an XML document and its root element, or a JSON value (probeDoc undefined); and
 * what it found at each path, by the path's number. Module state rather than a closure per
 * body; emptied when the choice is made, so that it holds no body after.
 */
let probeDoc: XmlDocument | undefined;
let probeRoot: unknown;
const probed: (Probe | undefined)[] = [];

/** What the body holds at path number `i` of `paths`, probed once per choice. */
function probeAt(paths: readonly (readonly string[])[], i: number): Probe {
  return (probed[i] ??= probeDoc !== undefined ? probeXml(probeDoc, probeRoot as XmlElement, paths[i]!) : probeJson(probeRoot, paths[i]!));
}

/**
 * Picks the payload kind whose match rules the body meets. The spec guarantees that no two kinds
 * can both meet all of theirs. Failing that, the kind with no rule failed and the most value
 * rules holding is taken when it is the only one (its decoder then names what is missing). Otherwise the body is of a
 * kind the spec does not know: one short `unknown-payload` error naming what was found.
 */
export function choose<D extends PayloadDescriptor>(candidates: readonly D[], doc: XmlDocument | undefined, root: unknown, ctx: DecodeContext): D | undefined {
  if (candidates.length === 1) return candidates[0];
  const choice = choiceOf(candidates);
  // Many kinds probe the same paths (JobsDetail.Tag): each path is probed once per body.
  probeDoc = doc;
  probeRoot = root;
  try {
    return chooseAmong(candidates, choice, ctx);
  } finally {
    probeDoc = undefined;
    probeRoot = undefined;
    // (Assigned one by one: setting an array's length is a call into the engine.)
    for (let i = 0; i < probed.length; i++) probed[i] = undefined;
  }
}

/** choose, once the probes are set. */
function chooseAmong<D extends PayloadDescriptor>(candidates: readonly D[], choice: Choice, ctx: DecodeContext): D | undefined {
  const { paths, rules, valuePaths } = choice;
  // Partial candidates: no rule fails and some value rule holds (an absence alone is no evidence).
  let partial: D | undefined;
  let partials = 0;
  let best = 0;
  const step = stepFor(choice);
  if (step.full >= 0) return candidates[step.full];
  for (const c of step.all) {
    const d = candidates[c]!;
    if (d.match.length === 0) continue;
    let fails = false;
    let all = true;
    let values = 0;
    for (const { path, rule } of rules[c]!) {
      const v = verdict(rule, probeAt(paths, path));
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
    const f = probeAt(paths, path);
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
  /** Per candidate, its rules with the number of their path. */
  readonly rules: readonly (readonly { readonly path: number; readonly rule: MatchRule }[])[];
  readonly valuePaths: readonly { readonly text: string; readonly path: number }[];
  /** The first step of the tree stepFor walks: every candidate. */
  readonly first: Step;
}

/** One step of a choice's tree: some candidates, and how the text at one more path narrows them. */
interface Step {
  /** The path most of these candidates have a value rule on (not one of `keyed`), or -1. */
  readonly key: number;
  /** The candidates of this step, in order. */
  readonly all: readonly number[];
  /** The paths the steps above keyed on, and what the step stands for at each (see stepFor). */
  readonly keyed: readonly number[];
  readonly found: readonly Probe[];
  /** A candidate whose rules all look at `keyed` and all hold there, or -1: the choice (see stepFor). */
  readonly full: number;
  /** The texts the rules of these candidates at `key` name. */
  readonly values: ReadonlySet<string>;
  /** The next step (made as met): by a text a rule at `key` names; for any other text or a container; for an absent node. */
  readonly byKey: Map<string, Step>;
  other: Step | undefined;
  absent: Step | undefined;
}

function stepOf(rules: Choice["rules"], all: readonly number[], keyed: readonly number[], found: readonly Probe[]): Step {
  const counts = new Map<number, number>();
  for (const i of all) for (const { path, rule } of rules[i]!) if (rule.value !== undefined && !keyed.includes(path)) counts.set(path, (counts.get(path) ?? 0) + 1);
  const key = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? -1;
  const holds = (i: number) => rules[i]!.length > 0 && rules[i]!.every(({ path, rule }) => keyed.includes(path) && verdict(rule, found[keyed.indexOf(path)]!) === "holds");
  const values = new Set(all.flatMap((i) => rules[i]!.filter((r) => r.path === key && r.rule.value !== undefined).map((r) => r.rule.value!)));
  return { key, all, keyed, found, full: all.find(holds) ?? -1, values, byKey: new Map(), other: undefined, absent: undefined };
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
  const first = stepOf(rules, candidates.map((_, i) => i), [], []);
  choice = { paths, rules, valuePaths: [...valuePaths].map(([text, path]) => ({ text, path })), first };
  choices.set(candidates, choice);
  return choice;
}

/** True when a model meets every match rule of `descriptor` (it is not validated). */
export function matchesModel(descriptor: PayloadDescriptor, value: unknown): boolean {
  return descriptor.match.length > 0 && descriptor.match.every((m) => verdict(m, probeJson(value, m.path)) === "holds");
}
