// Property-testing support: fast-check arbitraries for leaves, containers and unknown fields.
// Imported only by the generated testing entry (tencent-ci-callbacks/testing), never by the
// decoders, so fast-check is needed only by those who test with it.
import fc from "fast-check";
import type { LeafSpec } from "./leaf.js";
import { setOwn } from "./own.js";

export interface ArbitraryOptions {
  /** Add fields the spec does not know (kept by lenient decoding). Default true. */
  readonly unknownFields?: boolean;
  /** Use enum values the spec does not list, now and then (not for discriminators). Default true. */
  readonly unknownEnumValues?: boolean;
  /** Longest list generated for a repeated node. Default 4. */
  readonly maxListLength?: number;
}

/** Text that is hard to carry: XML-special, CDATA-like, blank, non-ASCII, astral, numeric-looking. */
const TRICKY = ["<", ">", "&", '"', "'", "]]>", "<![CDATA[", "&amp;", "&#65;", " ", "\t", "\n", "\r\n", "é", "中文", "😀", "𝄞", "\u2028", "0001024", "0xc64847", "1e5", "-0", "true", "null", "NaN", "__proto__"];
const char = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);
const NUMERIC_LOOKING = fc.constantFrom("0001024", "417", "0", "-1", "1.5", "1e5", "0x1F", "true", "false", " 7 ");

/** Any text XML 1.0 can carry; `nonEmpty` for single optional leaves, whose empty text means absent. */
export function textArbitrary(nonEmpty: boolean): fc.Arbitrary<string> {
  const text = fc.oneof({ weight: 5, arbitrary: fc.array(char, { maxLength: 12 }).map((cs) => cs.join("")) }, { weight: 1, arbitrary: NUMERIC_LOOKING });
  return nonEmpty ? text.filter((t) => t !== "") : text;
}

const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, "0"));
/** Timestamps in every style CI writes, and "-" for a time that has not come. */
export const timestampArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constant("-"),
  fc
    .tuple(fc.integer({ min: 1970, max: 2099 }), two(1, 12), two(1, 28), fc.constantFrom("T", " "), two(0, 23), two(0, 59), two(0, 59), fc.constantFrom("+0800", "+08:00", "Z", "-0530", ""))
    .map(([y, mo, d, sep, h, mi, s, off]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${off}`),
);

/** Values of one leaf as the model holds them. */
export function leafArbitrary(spec: LeafSpec, nonEmpty: boolean, o: ArbitraryOptions): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "string":
      return textArbitrary(nonEmpty);
    case "integer":
      if (spec.codes) {
        const known = fc.constantFrom(...spec.codes);
        return o.unknownEnumValues === false ? known : fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: fc.integer() });
      }
      return fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, 1, 1024, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    case "boolean":
      return fc.boolean();
    case "timestamp":
      return timestampArbitrary;
    case "enum": {
      const known = fc.constantFrom(...spec.values!);
      if (spec.discriminator || o.unknownEnumValues === false) return known;
      return fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: textArbitrary(true) });
    }
  }
}

/** One child of a container: its arbitrary, presence and repetition. */
export interface FieldArbitrary {
  readonly name: string;
  readonly required: boolean;
  readonly repeated: boolean;
  readonly arbitrary: fc.Arbitrary<unknown>;
}

const NAME = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
/** A value the spec does not describe, in a form both XML and JSON keep: text, an object, a list of two or more. */
const unknownValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 3, arbitrary: textArbitrary(false) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.tuple(NAME, tie("value")), { minLength: 1, maxLength: 3, selector: ([k]) => k }).map(toObject) },
    { weight: 1, arbitrary: fc.array(textArbitrary(false), { minLength: 2, maxLength: 3 }) },
  ),
})).value;

function toObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) setOwn(out, k, v);
  return out;
}

/** Up to two fields the spec does not know; their names include __proto__ and constructor now and then. */
function unknownFields(known: readonly string[]): fc.Arbitrary<[string, unknown][]> {
  const name = fc.oneof({ weight: 5, arbitrary: NAME }, { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "toString") }).filter((n) => !known.includes(n));
  return fc.uniqueArray(fc.tuple(name, unknownValue), { maxLength: 2, selector: ([k]) => k });
}

/**
 * A container's model: every optional child present or absent, lists of one to a few items
 * (an empty list is absent), unknown fields when asked. `nonEmpty` for a single optional
 * container, whose empty element means absent.
 */
export function containerArbitrary(fields: readonly FieldArbitrary[], nonEmpty: boolean, o: ArbitraryOptions): fc.Arbitrary<object> {
  const max = o.maxListLength ?? 4;
  const parts = fields.map((f) => {
    const value = f.repeated ? fc.array(f.arbitrary, { minLength: 1, maxLength: max }) : f.arbitrary;
    return f.required ? value.map((v) => [f.name, v] as [string, unknown]) : fc.option(value.map((v) => [f.name, v] as [string, unknown]), { nil: undefined });
  });
  const extras = o.unknownFields === false ? fc.constant([] as [string, unknown][]) : unknownFields(fields.map((f) => f.name));
  const built = fc.tuple(fc.tuple(...parts), extras).map(([known, unknown]) => toObject([...known.filter((e): e is [string, unknown] => e !== undefined), ...unknown]));
  return nonEmpty ? built.filter((obj) => Object.keys(obj).length > 0) : built;
}

const MAP_KEY = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,12}$/);
/** A map node's model: name → text pairs (at least one when `nonEmpty`). */
export function mapArbitrary(nonEmpty: boolean): fc.Arbitrary<Record<string, string>> {
  return fc.uniqueArray(fc.tuple(MAP_KEY, textArbitrary(false)), { minLength: nonEmpty ? 1 : 0, maxLength: 3, selector: ([k]) => k }).map((e) => toObject(e) as Record<string, string>);
}

/** An opaque node's model: plain data XML and JSON both keep (text, objects, lists of two or more). */
export function plainArbitrary(nonEmpty: boolean): fc.Arbitrary<unknown> {
  // One node is one element: a list at the top would be a repeated node.
  const one = unknownValue.filter((v) => !Array.isArray(v));
  // A single optional node whose element is blank (white space only) is absent, as an empty container is.
  return nonEmpty ? one.filter((v) => !(typeof v === "string" && v.trim() === "") && !(typeof v === "object" && v !== null && Object.keys(v).length === 0)) : one;
}

/**
 * A union node's model: any of its variants, or the fallback shape with a `by` value no
 * variant takes (with a taken value, decoding would rightly pick that variant instead).
 */
export function unionArbitrary(
  variants: readonly fc.Arbitrary<object>[],
  fallback?: { readonly arbitrary: fc.Arbitrary<object>; readonly by: string; readonly taken: readonly string[] },
  o: ArbitraryOptions = {},
): fc.Arbitrary<object> {
  // An item of the fallback shape is reported (its value is not listed): not with unknownEnumValues false.
  if (!fallback || o.unknownEnumValues === false) return fc.oneof(...variants);
  const other = fallback.arbitrary.filter((m) => !fallback.taken.includes(String((m as Record<string, unknown>)[fallback.by])));
  return fc.oneof(...variants, other);
}
