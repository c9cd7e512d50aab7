import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { DecodeContext } from "../../generated/src/runtime/context.js";
import { inlineQuickPath } from "../../generated/src/runtime/json-read.js";
import { type LeafSpec, leafFromJson, leafFromText, plainJsonNumber, plainLeafValue } from "../../generated/src/runtime/leaf.js";
import { resolveOptions } from "../../generated/src/runtime/options.js";
import { seeds } from "../fuzz/corpus.js";
import { Rng } from "../fuzz/prng.js";
import { kind } from "../kinds.js";

/**
 * The decoders read a single leaf by a quick path first (quickXmlLeaf, quickJsonLeaf): it takes
 * a value only when plainLeafValue (or plainJsonNumber) gives one, and leaves everything else
 * to takeField and leafFromText. That is sound only if whatever the quick path gives, the
 * general path gives too, with nothing reported. Checked here for every kind of leaf, on texts
 * chosen to sit on each rule's edge; and on every sample, the decoders' models (key order
 * included) and issues are compared three ways: with both quick paths, with the runtime's
 * alone (the JSON decoders' inline quick path off), and with neither.
 */

// The decoders import the quick path from the runtime's index: wrapped here so that it can decline everything.
const quick = vi.hoisted(() => ({ off: false, calls: 0 }));
vi.mock("../../generated/src/runtime/index.js", async (importOriginal) => {
  const runtime = await importOriginal<typeof import("../../generated/src/runtime/index.js")>();
  const wrap =
    <A extends unknown[]>(f: (...a: A) => unknown) =>
    (...a: A) => {
      quick.calls++;
      return quick.off ? undefined : f(...a);
    };
  return { ...runtime, quickXmlLeaf: wrap(runtime.quickXmlLeaf), quickJsonLeaf: wrap(runtime.quickJsonLeaf) };
});

const SPECS: LeafSpec[] = [
  { kind: "string" },
  { kind: "integer" },
  { kind: "integer", codes: [0, 1, 2] },
  { kind: "number" },
  { kind: "boolean" },
  { kind: "enum", values: ["Success", "Failed", ""] },
  { kind: "enum", values: ["PicProcess"], discriminator: true },
  { kind: "timestamp" },
];

const EDGES = [
  "", " ", "0", "-0", "+0", "1", " 1 ", "01", "1.0", "1.5", ".5", "5.", "1e3", "1E+3", "-1e-3", "0x10", "2", "3", "9007199254740991", "9007199254740993",
  "1".repeat(40), "NaN", "Infinity", "-Infinity", "true", "false", " true", "TRUE", "yes", "Success", "success", " Success", "PicProcess", "Failed",
  "2021-08-10T21:01:10+08:00", "2022-07-18 15:16:43+0800", "2022-07-18T15:16:43Z", "2022-07-18T15:16:43.123456789+0800", "-", "2022-07-18", "0xc64847",
];
const text = fc.oneof(fc.constantFrom(...EDGES), fc.string({ maxLength: 12 }), fc.integer().map(String), fc.double().map(String));

function general(read: (ctx: DecodeContext) => unknown): { value: unknown; issues: number } {
  const ctx = new DecodeContext(resolveOptions({}));
  let value: unknown;
  ctx.run(() => {
    value = read(ctx);
  });
  return { value, issues: ctx.errors.length + ctx.warnings.length };
}

describe("what the quick path takes, the general path takes the same way, silently", () => {
  it.each(SPECS.map((s) => [JSON.stringify(s), s]))("text of %s", (_, spec) => {
    let taken = 0;
    fc.assert(
      fc.property(text, (t) => {
        const quick = plainLeafValue(spec, t);
        if (quick === undefined) return;
        taken++;
        expect(general((ctx) => leafFromText(spec, t, "X", ctx))).toEqual({ value: quick, issues: 0 });
        expect(general((ctx) => leafFromJson(spec, t, "X", ctx))).toEqual({ value: quick, issues: 0 });
      }),
      { numRuns: 600, seed: 3 },
    );
    expect(taken).toBeGreaterThan(0);
  });

  it.each(SPECS.map((s) => [JSON.stringify(s), s]))("JSON numbers for %s", (_, spec) => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1, 2, 3, 2 ** 53, 2 ** 53 - 1, 1.5)), (n) => {
        const quick = general((ctx) => plainJsonNumber(spec, n, ctx)).value;
        if (quick === undefined) return;
        taken++;
        expect(general((ctx) => leafFromJson(spec, n, "X", ctx))).toEqual({ value: quick, issues: 0 });
      }),
      { numRuns: 300, seed: 4 },
    );
    // Only integer and number leaves take a JSON number; for those, some must have been taken.
    if (spec.kind === "integer" || spec.kind === "number") expect(taken).toBeGreaterThan(0);
    else expect(taken).toBe(0);
  });

  it("a JSON number whose text the careful scan noted is never taken", () => {
    const ctx = new DecodeContext(resolveOptions({}));
    ctx.jsonNumberText = () => "1.0";
    expect(plainJsonNumber({ kind: "integer" }, 1, ctx)).toBeUndefined();
  });
});

/** The outcome of a decode with both quick paths, with the runtime's alone, and with neither; and how often the runtime's was called in the first two. */
function threeWays(body: string, decode: Decode): { both: unknown; runtimeOnly: unknown; neither: unknown; callsBoth: number; callsRuntimeOnly: number } {
  let before = quick.calls;
  const both = outcome(body, decode);
  const callsBoth = quick.calls - before;
  inlineQuickPath.on = false;
  try {
    before = quick.calls;
    const runtimeOnly = outcome(body, decode);
    const callsRuntimeOnly = quick.calls - before;
    quick.off = true;
    const neither = outcome(body, decode);
    return { both, runtimeOnly, neither, callsBoth, callsRuntimeOnly };
  } finally {
    quick.off = false;
    inlineQuickPath.on = true;
  }
}

describe("every sample decodes to the same model and issues with and without the quick paths", () => {
  // Job responses have no match rules: they are decoded by name.
  it.each(seeds().map((s) => [s.name, s.text, s.kind, s.format]))("%s", (_, body, name, format) => {
    const decode = name === undefined ? decodeCallback : kind(name).decode;
    const r = threeWays(body, decode);
    expect(r.callsRuntimeOnly).toBeGreaterThan(0); // the decoders do take the runtime's quick path
    // A JSON sample's leaves go the inline way first: the runtime's is called the less for it (none of the samples has every leaf's value outside the inline tests).
    if (format === "json") expect(r.callsBoth).toBeLessThan(r.callsRuntimeOnly);
    else expect(r.callsBoth).toBe(r.callsRuntimeOnly);
    expect(r.runtimeOnly).toEqual(r.both);
    expect(r.neither).toEqual(r.both);
  });
});

describe("samples with leaves rewritten to edge values decode the same with and without the quick path", () => {
  it("1,500 rewritten samples, XML and JSON", () => {
    const rng = new Rng(29);
    const all = seeds();
    let reported = 0; // rewrites that gave an error or a warning: the general path had something to say
    for (let n = 0; n < 1500; n++) {
      const s = rng.pick(all);
      // A leaf's text (XML) or a string or number value (JSON), rewritten to an edge value.
      const leaves = [...s.text.matchAll(s.format === "xml" ? />([^<>]*)</g : /:\s*("(?:[^"\\]|\\.)*"|-?\d+)/g)];
      if (leaves.length === 0) continue;
      const m = rng.pick(leaves);
      const edge = rng.pick(EDGES);
      const value = s.format === "xml" ? edge.replace(/&/g, "&amp;").replace(/</g, "&lt;") : rng.int(2) === 0 || Number.isNaN(Number(edge)) || edge.trim() === "" ? JSON.stringify(edge) : edge;
      const start = m.index! + m[0].length - m[1]!.length - (s.format === "xml" ? 1 : 0);
      const body = s.text.slice(0, start) + value + s.text.slice(start + m[1]!.length);
      const decode = s.kind === undefined ? decodeCallback : kind(s.kind).decode;
      const r = threeWays(body, decode);
      const withQuick = r.both as { error?: string; warnings?: unknown[] };
      if (withQuick.error !== undefined || (withQuick.warnings?.length ?? 0) > 0) reported++;
      expect(r.runtimeOnly, body).toEqual(withQuick);
      expect(r.neither, body).toEqual(withQuick);
    }
    expect(reported).toBeGreaterThan(300);
  });
});

type Decode = (body: string) => { kind: string; payload: unknown; warnings: unknown };

/** What a decode gave: the model with its keys' order (as JSON text: toEqual does not compare the order), or the error. */
function outcome(body: string, decode: Decode): unknown {
  try {
    const { kind, payload, warnings } = decode(body);
    return { kind, payload, order: JSON.stringify(payload), warnings };
  } catch (e) {
    return { error: String(e), errors: (e as { errors?: unknown }).errors, warnings: (e as { warnings?: unknown }).warnings };
  }
}
