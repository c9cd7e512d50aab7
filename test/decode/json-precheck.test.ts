import { deepStrictEqual } from "node:assert/strict";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_LIMITS, type DecodeOptions } from "../../generated/src/index.js";
import { DecodeContext } from "../../generated/src/runtime/context.js";
import { childPath } from "../../generated/src/runtime/issues.js";
import { parseJson, parseJsonCarefully } from "../../generated/src/runtime/json-parse.js";
import { isPlainJson } from "../../generated/src/runtime/json-precheck.js";
import { parsedAndVerified } from "../../generated/src/runtime/json-verified.js";
import { resolveOptions } from "../../generated/src/runtime/options.js";
import { Rng } from "../fuzz/prng.js";
import { layouts, mutated, sampleBodies } from "./json-bodies.js";
import { kinds } from "../kinds.js";

/**
 * parseJson takes a fast path (isPlainJson, then JSON.parse) for ordinary bodies and the
 * careful scan for anything else. Whatever the text and the limits, both must give the same
 * result: the same value or refusal, the same errors and warnings in the same words, and the
 * same answers to the integer leaves that ask for a number's text. Here parseJson is compared
 * with parseJsonCarefully (the careful path alone) on the samples, on mutations of them, on
 * generated texts full of duplicate keys, escapes, odd numbers and odd white space, and on
 * bodies at and past each limit.
 */

type Options = Omit<DecodeOptions, "format" | "strict">;

interface Outcome {
  readonly ok: boolean;
  readonly value: unknown;
  readonly errors: unknown;
  readonly warnings: unknown;
  /** The text each number leaf's path and value are answered with, or undefined when no number was noted. */
  readonly numbers: (string | undefined)[] | undefined;
  readonly threw: string | undefined;
}

/** Every number in a parsed value, with its model path. */
function numberLeaves(value: unknown, path = "", out: [string, number][] = []): [string, number][] {
  if (typeof value === "number") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numberLeaves(v, childPath(path, i), out));
  else if (value !== null && typeof value === "object") for (const k of Object.keys(value)) numberLeaves((value as Record<string, unknown>)[k], childPath(path, k), out);
  return out;
}

/** What one path of parseJson makes of `text`: its result and everything it left in the context. */
function outcome(text: string, options: Options, parse: typeof parseJson): Outcome {
  const ctx = new DecodeContext(resolveOptions(options));
  let result = { ok: false } as ReturnType<typeof parseJson>;
  let threw: string | undefined;
  try {
    ctx.run(() => {
      result = parse(text, ctx);
    });
  } catch (e) {
    threw = String(e);
  }
  const value = result.ok ? result.value : undefined;
  const noted = ctx.jsonNumberText;
  return {
    ok: result.ok,
    value,
    errors: ctx.errors,
    warnings: ctx.warnings,
    numbers: noted && numberLeaves(value).map(([path, n]) => noted(path, n)),
    threw,
  };
}

/** How many texts `agree` compared, and how many of them the quickest path (parsedAndVerified) took. */
let agreed = 0;
let verifiedCount = 0;

/** Whether the quickest path takes `text`: JSON.parse's value, proved. */
const verifies = (text: string, options: Options = {}) => typeof parsedAndVerified(text, resolveOptions(options)) === "object";

/** Checks that every path agrees on `text`; returns whether the pre-check took it. */
function agree(text: string, options: Options = {}): boolean {
  const fast = outcome(text, options, parseJson);
  const careful = outcome(text, options, parseJsonCarefully);
  // node's deep equality: on some generated bodies Vitest's toStrictEqual finds two JSON.parse results of one text unequal.
  deepStrictEqual(fast, careful, `${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}...` : text)} with ${JSON.stringify(options)}`);
  const verified = parsedAndVerified(text, resolveOptions(options));
  // The quickest path's promise: what it proves after JSON.parse, the careful scan accepts, silently, with the same value.
  if (typeof verified === "object") {
    expect(careful.ok).toBe(true);
    expect(careful.numbers).toBeUndefined();
    deepStrictEqual(verified.value, careful.value);
  }
  // And what JSON.parse refuses, the careful scan refuses too (with its line and column).
  if (verified === "not-json") expect(careful.ok).toBe(false);
  if (typeof verified === "object") verifiedCount++;
  agreed++;
  const plain = isPlainJson(text, resolveOptions(options));
  // The pre-check's promise: what it takes, and JSON.parse accepts, the careful scan accepts, silently.
  if (plain && careful.ok) expect(careful.numbers).toBeUndefined();
  // And it refuses every fault but one itself, so that JSON.parse does not build a body the careful scan refuses:
  // the one it leaves to JSON.parse is inside a string, in a body within every limit.
  if (plain && !careful.ok) expect((careful.errors as { message: string }[])[0]?.message).toMatch(/raw control character/);
  return plain;
}

/** The fraction of `texts` the fast path took, checking each. */
function agreeAll(texts: readonly string[], options: Options = {}): number {
  let plain = 0;
  for (const t of texts) if (agree(t, options)) plain++;
  return plain / texts.length;
}

const BODIES = sampleBodies();

describe("every sample: both paths agree, and the fast path takes the ordinary ones", () => {
  it.each(BODIES.map((b) => [b.name, b.json]))("%s", (_, json) => {
    const plain = layouts(json).map((t) => agree(t));
    // A sample with a fraction, an exponent or a long integer goes the careful way, in every layout.
    expect(new Set(plain).size).toBe(1);
  });

  it("the samples are plain (all of today's 61)", () => {
    const plain = BODIES.filter((b) => agree(b.json)).length;
    expect(plain / BODIES.length).toBeGreaterThan(0.9);
  });

  it("the quickest path proves nearly every sample, in every layout", () => {
    const texts = BODIES.flatMap((b) => layouts(b.json));
    expect(texts.filter((t) => verifies(t)).length / texts.length).toBeGreaterThan(0.9);
  });

  it("models of every kind, generated and encoded as JSON", () => {
    for (const k of kinds().filter((x) => x.def.formats.includes("json"))) {
      const models = fc.sample(k.arbitrary(), { numRuns: 15, seed: 7 });
      const texts: string[] = [];
      for (const m of models) {
        try {
          texts.push(k.encode(m, { format: "json" }));
        } catch {
          // a model the encoder refuses is no body
        }
      }
      agreeAll(texts);
    }
  });
});

describe("mutations of the samples: both paths agree", () => {
  it("3,000 mutations, default limits", () => {
    const rng = new Rng(20_240_611);
    const texts = Array.from({ length: 3000 }, () => {
      const layout = rng.pick(layouts(rng.pick(BODIES).json));
      return mutated(layout, rng);
    });
    const plain = agreeAll(texts);
    // Many mutations leave a valid, plain body (a space, a repeated piece of a string): the fast path is exercised (11% here).
    expect(plain).toBeGreaterThan(0.05);
  });

  it("1,000 mutations under small limits", () => {
    const rng = new Rng(7);
    for (let n = 0; n < 1000; n++) {
      const text = mutated(rng.pick(BODIES).json, rng);
      agree(text, { maxDepth: 1 + rng.int(6), maxItems: 1 + rng.int(15), maxNodes: 5 + rng.int(150), maxTextLength: 1 + rng.int(20) });
    }
  });
});

/** JSON texts written by hand, from pieces chosen to collide: few distinct keys (duplicates), escapes, every shape of number, odd white space. */
function jsonText(): fc.Arbitrary<string> {
  const white = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("", " ", "\n  ", "\r\n\t") }, { weight: 1, arbitrary: fc.constantFrom("\f", "\u00a0", "\v", "\ufeff", "/**/", "\n        \n") });
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('"a"', '"b"', '"ab"', '"ba"', '""', '"é"', '"😀"', '"__proto__"', '"Code"') },
    { weight: 2, arbitrary: fc.constantFrom('"\\u0061"', '"a\\u0062"', '"\\"', '"a\\\\"', '"\\\\"', '"\\ud83d\\ude00"', '"\\ud800"', '"\ud800"', '"\t"', '"\\/"', '"\\u0043ode"') },
    { weight: 4, arbitrary: fc.stringMatching(/^[a-d]{1,3}$/).map((k) => `"${k}"`) },
    { weight: 1, arbitrary: fc.constantFrom(1023, 1024, 1025, 1026).map((n) => `"${"k".repeat(n)}"`) },
  );
  const number = fc.oneof(
    fc.constantFrom("0", "-0", "1", "-1", "10", "1.0", "1.5", "-0.0", "1e5", "1E5", "1e+5", "1e-5", "-1.5e-3", "1e400", "-1e400", "1e-400"),
    fc.constantFrom("01", "-01", "1.", ".5", "+1", "-", "0x1", "1e", "1e+", "--1", "1.2.3", "NaN", "Infinity", "-Infinity"),
    fc.constantFrom("123456789012345", "1234567890123456", "-123456789012345", "-1234567890123456", "9007199254740993", "9".repeat(310), `${"9".repeat(310)}.5`),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  );
  const string = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).map((s) => JSON.stringify(s)) },
    { weight: 4, arbitrary: fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)) },
    {
      weight: 3,
      arbitrary: fc.constantFrom('"\\u0041"', '"\\u00e9x"', '"\\ud800"', '"\\udc00\\u0041"', '"\\ud83d\\ude00"', '"\\\\"', '"\\\\\\""', '"a\\"b"', '"\\x"', '"\\u12G4"', '"\\u00"', '"\t"', '"\u0001"', '"\ud800"', '"😀"', `"${"\\\\".repeat(5)}"`, '"\\/\\b\\f\\n\\r\\t"', '"\\'),
    },
    { weight: 1, arbitrary: fc.constantFrom('"', '"abc', "'a'") },
  );
  const { value } = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, number, string, fc.constantFrom("true", "false", "null", "nul", "True"), tie("object"), tie("array")),
    object: fc
      .array(fc.tuple(white, key, white, fc.constantFrom(":", ":", ":", ":", ""), white, tie("value"), white), { maxLength: 20 })
      .chain((members) => fc.constantFrom(",", ",", ",", ",,", ", ").map((sep) => `{${members.map((m) => m.join("")).join(sep)}}`)),
    array: fc
      .array(fc.tuple(white, tie("value"), white), { maxLength: 20 })
      .chain((items) => fc.constantFrom(",", ",", ",", ",,", ",]").map((sep) => `[${items.map((i) => i.join("")).join(sep === ",]" ? "," : sep)}${sep === ",]" ? "," : ""}]`)),
  }));
  return fc.tuple(white, value, white).map(([a, v, b]) => a + v + b);
}

/** Limits: the defaults, or limits small enough for generated texts to cross. */
const limits: fc.Arbitrary<Options> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.record({ maxDepth: fc.integer({ min: 1, max: 6 }), maxItems: fc.integer({ min: 1, max: 20 }), maxNodes: fc.integer({ min: 1, max: 120 }), maxTextLength: fc.integer({ min: 1, max: 1100 }) }) },
);

describe("generated texts: both paths agree", () => {
  it("texts built from colliding pieces, under default and small limits", () => {
    let plain = 0;
    let runs = 0;
    fc.assert(
      fc.property(jsonText(), limits, (text, options) => {
        runs++;
        if (agree(text, options)) plain++;
      }),
      { numRuns: 4000, seed: 11 },
    );
    expect(plain / runs).toBeGreaterThan(0.1); // 32% here
  });

  it("any JSON value (fast-check's), in any string unit, compact and indented", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "binary" }), fc.constantFrom(undefined, 2, "\t"), limits, (value, indent, options) => {
        agree(JSON.stringify(value, null, indent) ?? "null", options);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});

/** `{"k0":0,...}` with `keys` (an array of key texts as written), and `more` members after them. */
const objectOf = (keys: readonly string[], ...more: string[]) => `{${[...keys.map((k, i) => `${k}:${i}`), ...more].join(",")}}`;
const distinct = (n: number) => Array.from({ length: n }, (_, i) => `"k${i}"`);

describe("duplicate keys, wherever they are", () => {
  // Each with whether the fast path takes it.
  const cases: [string, string, boolean][] = [
    ["two copies", '{"a":1,"a":2}', false],
    ["written differently: \\u0061 is a", '{"a":1,"\\u0061":2}', false],
    ["written differently, both escaped", '{"\\u0061":1,"\\u0061":2}', false],
    ["an escaped quote and backslash", '{"\\"":1,"\\u0022":2,"\\\\":3}', false],
    ["same length, last character differs (no duplicate)", '{"ab":1,"aa":2,"ba":3}', true],
    ["a key and its prefix (no duplicate)", '{"a":1,"ab":2,"abc":3,"":4}', true],
    ["the empty key twice", '{"":1,"":2}', false],
    ["in a nested object", '{"x":{"y":[{"a":1,"b":2,"a":3}]}}', false],
    ["a nested object's keys are not its parent's", '{"x":{"a":1,"b":2},"a":{"a":{"a":1}},"b":{"a":2}}', true],
    ["sibling objects with the same keys", '[{"a":1,"b":2},{"a":3,"b":4},{"b":5,"a":6}]', true],
    ["the parent's key again after a nested object", '{"a":{"b":1,"c":2},"b":3,"a":4}', false],
    ["__proto__ twice", '{"__proto__":1,"__proto__":2}', false],
    ["first among 16", objectOf([...distinct(16), '"k0"']), false],
    ["last among 16", objectOf([...distinct(16), '"k15"']), false],
    ["16 and one more (no duplicate)", objectOf(distinct(17)), true],
    ["the 17th key: the first one past the in-place list", objectOf([...distinct(17), '"k16"']), false],
    ["among 40, early", objectOf([...distinct(40), '"k3"']), false],
    ["among 40, late", objectOf([...distinct(40), '"k39"']), false],
    ["among 40, none", objectOf(distinct(40)), true],
    ["a long list, then a small object reusing its keys", `[${objectOf(distinct(40))},${objectOf(distinct(3))},${objectOf(distinct(40))}]`, true],
    ["a long list closes, and a sibling has a duplicate", `[${objectOf(distinct(40))},${objectOf([...distinct(3), '"k1"'])}]`, false],
    ["a long list, a nested object, more keys", `{"a":${objectOf(distinct(20), `"x":${objectOf(distinct(20))}`, '"y":1', '"z":2')}}`, true],
    ["a long list, a nested object, a duplicate", `{"a":${objectOf(distinct(20), `"x":${objectOf(distinct(20))}`, '"y":1', '"k7":2')}}`, false],
    ["deep in a long list", `{"a":${objectOf(distinct(20), `"x":${objectOf([...distinct(20), '"k19"'])}`)}}`, false],
    ["keys of 1,024 and 1,025 characters", `{"${"k".repeat(1024)}":1,"${"k".repeat(1025)}":2,"${"k".repeat(1024)}":3}`, false],
  ];
  it.each(cases)("%s", (_, text, plain) => {
    expect(agree(text)).toBe(plain);
    expect(agree(text.replace(/,/g, ",\n  "))).toBe(plain);
  });

  it("at every depth", () => {
    for (let depth = 0; depth < 8; depth++) {
      const wrap = (inner: string) => `${'{"w":['.repeat(depth)}${inner}${"]}".repeat(depth)}`;
      expect(agree(wrap('{"a":1,"b":2}'))).toBe(true);
      expect(agree(wrap('{"a":1,"b":2,"a":3}'))).toBe(false);
      agree(wrap('{"a":1,"\\u0061":3}'));
    }
  });
});

describe("strings: escapes and backslashes before a quote", () => {
  const strings = [
    '"a\\\\"', '"a\\\\\\\\"', '"a\\\\\\""', '"\\\\\\\\\\\\\\""', '"\\""', '"\\"\\""', '"x\\\\" , "y"', '"\\u005c"', '"\\u0022"',
    '"\\u0000"', '"\\u001f"', '"\\ud83d\\ude00"', '"\\ud83d"', '"\\ude00"', '"\\ud83d\\u0041"', '"\ud83d\ude00"', '"\ud83d"', '"\ude00"',
    '"a\\u00"', '"a\\u00e"', '"a\\"', '"\\', '"\\u', '"a\u0000b"', '"a\tb"', '"a\nb"', '"a\u007fb"',
  ];
  it.each(strings)("%s as a value, a key, and beside plain strings", (s) => {
    agree(s);
    agree(`[${s}]`);
    agree(`{"k":${s}}`);
    agree(`{${s}:1}`);
    agree(`["plain",${s},"plain","\\\\",${s},"end"]`);
    agree(`{"a":"\\n","b":${s},"c":"x","d":{"e":"\\\\"}}`);
  });
});

describe("what the fast path takes: escapes other than surrogates, anywhere in values", () => {
  const bodies = [
    '["\\n","plain","x\\ty","plain","\\u0041\\u00e9","end"]',
    '{"a":"\\"","b":"\\\\","c":"\\\\\\"","d":"\\/\\b\\f\\n\\r\\t","e":"plain"}',
    `["${"\\n".repeat(100)}","${"x".repeat(100)}","${'\\"'.repeat(100)}"]`,
    '{"a":["\\u0000","\\u001f","\\uFFFF"],"b":{"c":"\\"}"},"d":"e"}',
    '["a\\nb\\"c\\nd","\\"a\\"","a\\n\\"\\nb\\\\\\"","x"]',
  ];
  it.each(bodies)("%s", (body) => {
    expect(agree(body)).toBe(true);
    expect(agree(JSON.stringify(JSON.parse(body), null, 2))).toBe(true);
  });
});

describe("surrogates", () => {
  // Raw and escaped, paired and lone: the fast path takes raw pairs only.
  const bodies = ['["😀"]', '{"😀":1}', '["\ud83d"]', '["\ude00x"]', '{"\ud83d":1}', '["\\ud83d\\ude00"]', '["\\ud83d"]', '{"\\ude00":1}', '["a","😀","\\ud83d\\ude00"]'];
  it.each(bodies)("%s", (body) => {
    expect(agree(body)).toBe(bodies.indexOf(body) < 2);
  });

  it("without String.prototype.isWellFormed (Node 18), any surrogate sends the body to the careful scan", () => {
    const descriptor = Object.getOwnPropertyDescriptor(String.prototype, "isWellFormed");
    delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
    try {
      for (const body of bodies) expect(agree(body)).toBe(false);
      expect(agree('["plain"]')).toBe(true);
    } finally {
      if (descriptor) Object.defineProperty(String.prototype, "isWellFormed", descriptor);
    }
  });
});

describe("numbers of every shape", () => {
  const numbers = [
    "0", "-0", "7", "-7", "123456789012345", "-123456789012345", "1234567890123456", "-1234567890123456", "9007199254740993",
    "0.0", "1.0", "1.5", "-1.5", "1e0", "1E0", "1e+0", "1e-0", "1.0000000000000001", "1e308", "1.8e308", "1e400", "-1e400", "1e-400",
    "9".repeat(300), "9".repeat(301), "9".repeat(400), `${"9".repeat(310)}.0`, "01", "-01", "00", "1.", ".5", "+1", "-", "0x10", "1e", "1e+", "1ee5", "1..5",
  ];
  it.each(numbers)("%s at the top, in an array, under a key, beside integers", (n) => {
    agree(n);
    agree(`[${n}]`);
    agree(`{"Width":${n}}`);
    agree(`{"a":[1,${n},2],"b":{"c":${n}},"d":3}`);
    agree(`[${n},${n}]`, { maxNodes: 2 });
  });
});

describe("white space", () => {
  const layouts = ["\t", "\r", "\n", "\r\n", "\n\n    \n", " \t \n ", "\f", "\v", "\u00a0", "\u2028", "\ufeff", "\u0000"];
  it.each(layouts.map((w) => [JSON.stringify(w), w]))("%s between every token", (_, w) => {
    const body = `${w}{${w}"a"${w}:${w}[${w}1${w},${w}"x"${w},${w}{${w}}${w},${w}[${w}]${w}]${w},${w}"b"${w}:${w}null${w}}${w}`;
    agree(body);
    agree(body.trim());
  });
});

describe("limits: the fast path takes a body at each limit, and leaves one past it to the careful scan", () => {
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  const items = (n: number) => `[${Array(n).fill("1").join(",")}]`;
  const keys = (n: number) => objectOf(distinct(n));
  it.each([1, 2, 5, 64])("maxDepth %i", (max) => {
    expect(agree(nested(max), { maxDepth: max })).toBe(true);
    expect(agree(nested(max + 1), { maxDepth: max })).toBe(false);
    expect(agree(`{"a":${'{"b":'.repeat(max - 1)}1${"}".repeat(max - 1)}}`, { maxDepth: max })).toBe(true);
    expect(agree(`{"a":${'{"b":'.repeat(max)}1${"}".repeat(max)}}`, { maxDepth: max })).toBe(false);
  });
  it.each([1, 2, 16, 17, 100])("maxItems %i, in arrays and objects", (max) => {
    expect(agree(items(max), { maxItems: max })).toBe(true);
    expect(agree(items(max + 1), { maxItems: max })).toBe(false);
    expect(agree(keys(max), { maxItems: max })).toBe(true);
    expect(agree(keys(max + 1), { maxItems: max })).toBe(false);
  });
  it.each([1, 2, 3, 50])("maxNodes %i", (max) => {
    // An array of n - 1 numbers is n values.
    if (max > 1) expect(agree(items(max - 1), { maxNodes: max })).toBe(true);
    expect(agree(items(max), { maxNodes: max })).toBe(false);
    expect(agree('"s"', { maxNodes: max })).toBe(true);
  });
  it.each([1, 3, 10, 1024])("maxTextLength %i, for keys", (max) => {
    expect(agree(`{"${"k".repeat(max)}":1}`, { maxTextLength: max })).toBe(true);
    expect(agree(`{"${"k".repeat(max + 1)}":1}`, { maxTextLength: max })).toBe(false);
    // A value's length is the decoders' to check, not the scan's.
    expect(agree(`{"k":"${"v".repeat(max + 1)}"}`, { maxTextLength: max })).toBe(true);
  });
  it("the default limits, at and past each", () => {
    expect(agree(nested(DEFAULT_LIMITS.maxDepth))).toBe(true);
    expect(agree(nested(DEFAULT_LIMITS.maxDepth + 1))).toBe(false);
    expect(agree(items(DEFAULT_LIMITS.maxItems))).toBe(true);
    expect(agree(items(DEFAULT_LIMITS.maxItems + 1))).toBe(false);
    expect(agree(keys(DEFAULT_LIMITS.maxItems))).toBe(true);
    // 1 + 10 × 99,999 + 9 values: exactly maxNodes.
    const most = `[${Array(10).fill(items(99_998)).join(",")},1,1,1,1,1,1,1,1,1`;
    expect(agree(`${most}]`)).toBe(true);
    expect(agree(`${most},1]`)).toBe(false);
  });
});

describe("the pre-check is linear and stops early on 16 MiB hostile bodies", () => {
  const M = 16 * 1024 * 1024;
  const fill = (unit: string, bytes = M) => unit.repeat(Math.floor(bytes / unit.length));
  const shapes: [string, string][] = [
    ["16 MiB of [", "[".repeat(M)],
    ["an unterminated string", `"${fill("x", M - 1)}`],
    ["a string of escapes", `"${fill("\\n", M - 2)}"`],
    ["a string of escaped quotes", `"${fill('\\"', M - 2)}"`],
    ["a string of backslash pairs", `"${fill("\\\\", M - 2)}"`],
    ["strings each with an escape", `[${fill('"\\n",', M - 10)}"x"]`],
    ["an escape in the first string, then 16 MiB of plain strings", `["\\n",${fill('"abc",', M - 20)}"x"]`],
    ["one array over maxItems", `[${fill("1,", M - 2)}1]`],
    ["white space", fill(" \n", M)],
    ["indentation", `[${fill("\n                1,", M - 4)}1]`],
    ["keys repeated late in a long object", `{${Array.from({ length: 99_000 }, (_, i) => `"key${i}":1`).join(",")},"key0":1}`],
    ["objects of 16 keys of 1,024 characters differing at the end", `[${fill(`${objectOf(Array.from({ length: 16 }, (_, i) => `"${"k".repeat(1020)}${String(i).padStart(4, "0")}"`))},`, M - 20)}1]`],
    ["a long run of digits", `[${"9".repeat(M - 2)}]`],
  ];
  it.each(shapes)("%s", (_, body) => {
    const options = resolveOptions({});
    isPlainJson(body, options); // warm up, and flatten the string
    // Processor time, which a loaded machine inflates less than the wall clock (here, unloaded: 60–130 ms).
    const start = process.cpuUsage();
    isPlainJson(body, options);
    const { user, system } = process.cpuUsage(start);
    expect((user + system) / 1000).toBeLessThan(1000);
  });
});

describe("the quickest path: JSON.parse first, then the proof", () => {
  it("was exercised by the comparisons above, and not on every text", () => {
    // Vitest runs a file's tests in order: every comparison above went through `agree`.
    expect(agreed).toBeGreaterThan(10_000);
    expect(verifiedCount / agreed).toBeGreaterThan(0.05);
    expect(verifiedCount).toBeLessThan(agreed);
  });

  // Colons inside strings are counted too: a duplicate key never hides behind them.
  const duplicates: [string, string][] = [
    ["a repeated key whose first value held a colon", '{"a":"x:y","a":"z"}'],
    ["a repeated key, and a colon written as an escape elsewhere", '{"a":1,"a":1,"b":"\\u003a"}'],
    ["the same, in capitals", '{"a":1,"a":1,"b":"\\u003A"}'],
    ["keys with colons, repeated", '{"a:":1,"a:":2}'],
    ["both values with colons", '{"x":"a:b","x":"c:d"}'],
    ["a repeated key in a nested object, colons around it", '{"t":"12:00:00","o":{"k":"a","k":"b"},"u":"http://x"}'],
    ["a repeated key holding an object with keys", '{"a":{"b":1,"c":2},"a":{}}'],
    // The commas settle bodies with none in their strings; the colons the others.
    ["a repeated key whose first value held commas", '{"a":"x,y,z","a":"w"}'],
    ["a repeated key whose first value was an array", '{"a":[1,2,3],"a":[4]}'],
    ["a repeated key, and a comma in another string", '{"a":1,"a":2,"b":"x,y"}'],
    ["a repeated key, and as many commas in strings as the members it hides", '{"k":"p,q","k":1,"b":"r"}'],
    ["a repeated key, colons and commas in strings", '{"t":"12:00, 13:00","a":{"x":1,"x":2}}'],
  ];
  it.each(duplicates)("%s: not proved, and both paths refuse it", (_, text) => {
    expect(verifies(text)).toBe(false);
    agree(text);
    expect(outcome(text, {}, parseJson).ok).toBe(false);
  });

  const proved: [string, string][] = [
    ["colons in values and keys", '{"t":"2021-08-10T21:01:10+08:00","u":"http://a:80/b","k:v":"::"}'],
    ["a hex digest with a digit, an e and a digit", '{"Md5":"d41d8cd98f00b204e9800998ecf8427e","Etag":"\\"5e1\\""}'],
    ["an escaped colon-free \\u escape", '{"a":"\\u00e9"}'],
    ["a version number in a string", '{"v":"v1.2.3","f":"1.jpg"}'],
    ["commas in strings and keys (the colons prove it)", '{"a":"x,y","b,c":[1,2],"d":{"e":"f,g"}}'],
    ["commas and colons in strings", '{"t":"12:00, 13:00","u":"a,b:c"}'],
    ["empty objects and arrays among others", '{"a":{},"b":[],"c":[{}],"d":[[],[1,{}]]}'],
    // The text is searched for numbers written with a fraction or an exponent only when the value holds a number.
    ["a number-like text after a colon, inside a string, in a body without numbers", '{"a":"ratio: 1.5","b":[":2e3"]}'],
  ];
  it.each(proved)("%s: proved", (_, text) => {
    expect(verifies(text)).toBe(true);
    agree(text);
  });

  const unsure: [string, string][] = [
    ["a fraction", '{"a":1.5}'],
    ["a fraction that JSON.parse makes an integer", '{"Width":1.0}'],
    ["an exponent", '{"a":[1,2e3]}'],
    ["an exponent with a sign, after white space", '{"a":\n  -1E+3}'],
    ["16 digits", '{"a":1234567890123456}'],
    ["an escaped surrogate pair", '{"a":"\\ud83d\\ude00"}'],
    ["a number-like text after a colon, inside a string, in a body with a number (a false alarm)", '{"a":"ratio: 1.5","n":1}'],
    ["a fraction in a member a repeated key drops, beside no other number", '{"a":1.5,"a":"x"}'],
    ["a fraction in an array a repeated key drops", '{"a":[2.5],"a":[]}'],
  ];
  it.each(unsure)("%s: left to the other paths", (_, text) => {
    expect(parsedAndVerified(text, resolveOptions({}))).toBe("unsure");
    agree(text);
  });

  it("what JSON.parse refuses goes straight to the careful scan, which says where", () => {
    for (const text of ['{"a":1,}', '{"a" 1}', '{"a":"\u0001"}'.replace("\\u0001", "\u0001"), "[01]"]) {
      expect(parsedAndVerified(text, resolveOptions({}))).toBe("not-json");
      agree(text);
    }
  });

  it("a key that Object.prototype enumerates (a careless polyfill) leaves the body to the other paths", () => {
    const text = '{"a":1,"a":2,"b":3}';
    Object.defineProperty(Object.prototype, "polluted", { value: 1, enumerable: true, configurable: true, writable: true });
    try {
      expect(parsedAndVerified('{"a":1}', resolveOptions({}))).toBe("unsure");
      agree(text);
    } finally {
      delete (Object.prototype as { polluted?: unknown }).polluted;
    }
    expect(verifies('{"a":1}')).toBe(true);
  });

  it("nesting past maxDepth among few brackets is built, found and left to the careful scan", () => {
    const deep = `{"pad":"${"x".repeat(4000)}","a":${"[".repeat(100)}${"]".repeat(100)}}`;
    expect(parsedAndVerified(deep, resolveOptions({}))).toBe("unsure");
    agree(deep);
  });

  it("never builds a body whose counts show a limit crossed, or that is mostly brackets", () => {
    const parse = vi.spyOn(JSON, "parse");
    try {
      const bodies: [string, Options][] = [
        ["[".repeat(100_000) + "]".repeat(100_000), {}],
        [`{"a":${'{"b":'.repeat(70)}1${"}".repeat(70)}}`, {}],
        [`[${Array(101).fill("1").join(",")}]`, { maxItems: 50 }],
        [`[${Array(60).fill('"xxxxxxxx"').join(",")}]`, { maxNodes: 50 }],
      ];
      for (const [body, options] of bodies) {
        parse.mockClear();
        expect(parsedAndVerified(body, resolveOptions(options))).toBe("unsure");
        expect(parse).not.toHaveBeenCalled();
      }
    } finally {
      parse.mockRestore();
    }
  });

  it("takes a body at each default limit", () => {
    const items = `[${Array(DEFAULT_LIMITS.maxItems).fill("1").join(",")}]`;
    expect(verifies(items)).toBe(true);
    expect(verifies(`[${Array(DEFAULT_LIMITS.maxItems + 1).fill("1").join(",")}]`)).toBe(false);
    expect(verifies(`${"[".repeat(DEFAULT_LIMITS.maxDepth)}"${"x".repeat(2000)}"${"]".repeat(DEFAULT_LIMITS.maxDepth)}`)).toBe(true);
  });
});
