import { lit } from "../print/escape.js";
import type { LeafSpecData } from "./leaf-spec.js";

/**
 * The inline quick path of a single JSON leaf: a test the JSON decoder runs on the leaf's
 * value before the runtime's quick path (quickJsonLeaf), written for the leaf's kind, and the
 * model value to store when it passes. It passes only for values quickJsonLeaf takes with
 * nothing to report, and stores what quickJsonLeaf would return, counted as it counts (the
 * decoder adds its `taken` to the object's keys taken, and a JSON number goes to
 * ctx.jsonNumber). Any other value fails the test and goes the runtime's way, as before: the
 * model and the reports are the same either way.
 *
 * Why: quickJsonLeaf serves every leaf of every kind, so its reads of the leaf's spec and its
 * switch on the kind are shared by all of them; written inline, each test is specialised to
 * its leaf (side by side, 41 rounds: the moderation sample's JSON decode 0.96× its time, the
 * seed's 0.95×, the media sample's 0.96×).
 *
 * `read` is the leaf's read under its constant name (`o["Name"]`), `inherited` Object.prototype's
 * value under that name: a value equal to it may be inherited, and is left to the runtime.
 * The decoder declares `max` (inlineTextMax: ctx.options.maxTextLength, or -1 when the tests
 * turn the inline path off, which every test then fails) and, when a test uses it, `noText`
 * (max >= 0 and ctx.jsonNumberText === undefined: no number's text was noted by the careful scan).
 */
export interface InlineLeafTest {
  /** A condition that assigns the read to `v` first. */
  readonly test: string;
  /** The model value when the test passes (an expression of `v`). */
  readonly value: string;
  readonly usesNoText: boolean;
}

/** More listed values than this and the leaf keeps the runtime's quick path alone (a long chain of comparisons is no quicker than a lookup). */
const MAX_LISTED = 8;

export function inlineJsonLeafTest(spec: LeafSpecData, read: string, inherited: string, isTimestamp: string): InlineLeafTest | undefined {
  const own = `v !== ${inherited}`;
  switch (spec.kind) {
    case "string":
      return { test: `typeof (v = ${read}) === "string" && v !== "" && v.length <= max && ${own}`, value: "v", usesNoText: false };
    case "timestamp":
      return { test: `typeof (v = ${read}) === "string" && v.length <= max && ${isTimestamp}(v) && ${own}`, value: "v", usesNoText: false };
    case "enum": {
      const values = spec.values ?? [];
      if (values.length === 0 || values.length > MAX_LISTED || values.includes("")) return undefined;
      const listed = values.map((x, i) => `${i === 0 ? `(v = ${read})` : "v"} === ${lit(x)}`).join(" || ");
      return { test: `(${listed}) && v.length <= max && ${own}`, value: "v", usesNoText: false };
    }
    case "integer": {
      const codes = spec.codes;
      if (codes !== undefined && (codes.length === 0 || codes.length > MAX_LISTED || !codes.every((c) => Number.isSafeInteger(c)))) return undefined;
      const listed = codes === undefined ? "Number.isSafeInteger(v)" : `(${codes.map((c) => `v === ${c}`).join(" || ")})`;
      return { test: `typeof (v = ${read}) === "number" && noText && ${listed} && ${own}`, value: "(ctx.jsonNumber(v, true), v + 0)", usesNoText: true };
    }
    case "number":
      return { test: `typeof (v = ${read}) === "number" && max >= 0 && ${own}`, value: "(ctx.jsonNumber(v, false), v + 0)", usesNoText: false };
    default:
      // Booleans, and integers or numbers written as strings: the runtime's quick path.
      return undefined;
  }
}
