import { DecodeContext } from "./context.js";
import { bodyText, type CallbackBody, detectFormat } from "./input.js";
import { CallbackDecodeError, type DecodeIssue, show, showName } from "./issues.js";
import { parseJson, parseJsonUnproved } from "./json-parse.js";
import { numbersProved, tallyProves, walkProof } from "./json-verified.js";
import { type DecodeOptions, optionsObject, resolveOptions } from "./options.js";
import { choose, probeJson, probeXml } from "./match.js";
import { documentOf, knownNameId, type XmlElement } from "./xml-document.js";
import { parseXml } from "./xml-parse.js";
import type { Writer } from "./writer.js";

/** A node whose value (or presence) tells payload kinds apart, e.g. JobsDetail.Tag = PicProcess. */
export interface MatchRule {
  readonly path: readonly string[];
  /** The leaf's value; undefined for a presence rule. */
  readonly value?: string;
  /** Presence rule: the node exists (true) or not (false). */
  readonly present?: boolean;
}

type NodeDecoder<S> = (src: S, path: string, ctx: DecodeContext, emptyIsAbsent: boolean) => unknown;

/** Everything the runtime needs to know of one payload kind; emitted per payload. */
export interface PayloadDescriptor<K extends string = string> {
  readonly kind: K;
  /** XML root element. */
  readonly root: string;
  readonly formats: readonly ("xml" | "json")[];
  readonly match: readonly MatchRule[];
  readonly xml: NodeDecoder<XmlElement>;
  readonly json: NodeDecoder<unknown>;
  readonly check: (value: unknown, path: string, ctx: DecodeContext) => void;
  /** Writes a valid model through an XML or JSON writer. */
  readonly encode: (model: object, w: Writer) => void;
  /** JSON style: numbers (and booleans) as strings, or as JSON numbers. */
  readonly jsonNumbers: "string" | "native";
}

/** A decoded callback: its kind, the typed model, and what lenient mode kept and reported. */
export interface DecodeResult<K extends string, T> {
  readonly kind: K;
  readonly payload: T;
  readonly warnings: readonly DecodeIssue[];
}

/** Result of validating a model built or changed by hand. */
export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: readonly DecodeIssue[];
  readonly warnings: readonly DecodeIssue[];
}

/**
 * Decodes a body with one of `descriptors`: size and encoding checks, format detection,
 * parsing, choice of payload kind, then the generated decoder. Throws CallbackDecodeError
 * with every error found; returns the model and the lenient-mode warnings otherwise.
 * `only`, when given, is the format of an entry point for one format (decode...Xml): it
 * overrides options.format, which such entry points do not take.
 */
export function decodeBody<K extends string>(body: CallbackBody, options: DecodeOptions | undefined, descriptors: readonly PayloadDescriptor<K>[], only?: "xml" | "json"): DecodeResult<K, unknown> {
  const resolved = resolveOptions(options, only);
  let ctx = new DecodeContext(resolved);
  ctx.jsonProofBy = jsonProofs.quick ? "tally" : "unproved";
  let result = ctx.call(decodeSteps<K>, body, descriptors);
  // A JSON value the decoders read before it was proved: proved now by their tally or a walk,
  // or the run is made again from the start with the careful path's value (see parseJson).
  const pending = ctx.pendingJson;
  let proof: JsonProof | undefined;
  if (pending !== undefined) {
    if (pending.fractions !== undefined) proof = numbersProved(pending.text, pending.fractions, ctx) ? "walk" : "again";
    else if (tallyProves(pending.text, pending.parsed, ctx)) proof = "tally";
    else {
      const walked = walkProof(pending.text, pending.parsed, resolved);
      proof = walked === true || (typeof walked === "number" && numbersProved(pending.text, walked, ctx)) ? "walk" : "again";
    }
    if (proof === "again") {
      ctx = new DecodeContext(resolved);
      ctx.jsonProofBy = "unproved";
      result = ctx.call(decodeSteps<K>, body, descriptors);
    }
  }
  jsonProofs.last = proof;
  if (result === undefined || ctx.errors.length > 0) throw new CallbackDecodeError(ctx.errors, ctx.warnings);
  return result;
}

/**
 * How decodeBody proved JSON.parse's value of a JSON body whose proof parseJson left, in whole or
 * in part, to the decoders: by their tally; by a walk (after them, or before them but for the
 * text of numbers written with a fraction or an exponent); or by a second run on the careful
 * path's value.
 */
export type JsonProof = "tally" | "walk" | "again";

/**
 * For the tests: `quick` false sends every JSON body to the pre-check and careful path at once
 * (their reference); `last` is how decodeBody proved the last body's value (undefined when the
 * value needed no proof after the decoders: XML, or parseJson proved it or took another path).
 */
export const jsonProofs: { quick: boolean; last: JsonProof | undefined } = { quick: true, last: undefined };

/** The descriptors an entry point decodes with, sorted once: by format, and the XML ones by root element. */
interface Plan<K extends string> {
  readonly byFormat: Readonly<Record<"xml" | "json", readonly PayloadDescriptor<K>[]>>;
  readonly xmlByRoot: ReadonlyMap<string, readonly PayloadDescriptor<K>[]>;
}
const plans = new WeakMap<readonly PayloadDescriptor[], Plan<string>>();
function planOf<K extends string>(descriptors: readonly PayloadDescriptor<K>[]): Plan<K> {
  let plan = plans.get(descriptors) as Plan<K> | undefined;
  if (plan === undefined) {
    const xml = descriptors.filter((d) => d.formats.includes("xml"));
    // Root names are known names too, numbered once: no body then makes a table for its root's.
    for (const d of xml) knownNameId(d.root);
    const xmlByRoot = new Map<string, PayloadDescriptor<K>[]>();
    for (const d of xml) xmlByRoot.set(d.root, [...(xmlByRoot.get(d.root) ?? []), d]);
    plan = { byFormat: { xml, json: descriptors.filter((d) => d.formats.includes("json")) }, xmlByRoot };
    plans.set(descriptors, plan);
  }
  return plan;
}

/** The steps of decodeBody; the result holds ctx.warnings, which the run may still add to as it closes. */
function decodeSteps<K extends string>(body: CallbackBody, descriptors: readonly PayloadDescriptor<K>[], ctx: DecodeContext): DecodeResult<K, unknown> | undefined {
  const text = bodyText(body, ctx);
  if (text === undefined) return undefined;
  const format = ctx.options.format ?? detectFormat(text);
  if (format === undefined) {
    ctx.error("", "format", "an XML or JSON body", text.trim() === "" ? "an empty body" : show(text.trim().slice(0, 20)));
    return undefined;
  }
  const plan = planOf(descriptors);
  const candidates = plan.byFormat[format];
  if (candidates.length === 0) {
    ctx.error("", "format", `a body in ${[...new Set(descriptors.flatMap((d) => d.formats))].join(" or ")}`, format.toUpperCase());
    return undefined;
  }
  let chosen: PayloadDescriptor<K> | undefined;
  let payload: unknown;
  if (format === "xml") {
    const root = parseXml(text, ctx);
    if (root === undefined) return undefined;
    const doc = documentOf(ctx);
    try {
      const rootName = doc.name(root);
      const byRoot = plan.xmlByRoot.get(rootName) ?? [];
      if (byRoot.length === 0) {
        ctx.error("", "wrong-root", `root element ${[...new Set(candidates.map((d) => `<${d.root}>`))].join(" or ")}`, `<${showName(rootName)}>`);
        return undefined;
      }
      chosen = choose(byRoot, doc, root, ctx);
      if (chosen) payload = chosen.xml(root, "", ctx, false);
    } finally {
      // The model holds strings, not nodes: the node table is free for the next body.
      ctx.document = undefined;
      doc.release();
    }
  } else {
    const parsed = ctx.jsonProofBy === "unproved" ? parseJsonUnproved(text, ctx) : parseJson(text, ctx);
    if (!parsed.ok) return undefined;
    const value = parsed.value;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      ctx.error("", "wrong-root", "a JSON object", show(value));
      return undefined;
    }
    chosen = choose(candidates, undefined, value, ctx);
    if (chosen) payload = chosen.json(value, "", ctx, false);
  }
  return chosen ? { kind: chosen.kind, payload, warnings: ctx.warnings } : undefined;
}

/**
 * Validates a model (not a body) against one payload kind. Never throws for bad data; options
 * of the wrong type throw as decode's do (TypeError, RangeError).
 */
export function validateModel(descriptor: PayloadDescriptor, value: unknown, options?: { strict?: boolean }): ValidationResult {
  const ctx = new DecodeContext(resolveOptions({ strict: optionsObject(options).strict } as DecodeOptions));
  ctx.run(() => descriptor.check(value, "", ctx));
  return { valid: ctx.errors.length === 0, errors: ctx.errors, warnings: ctx.warnings };
}
