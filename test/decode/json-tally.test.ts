import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CallbackDecodeError, type DecodeOptions, decodeCallback } from "../../generated/src/index.js";
import { type JsonProof, jsonProofs } from "../../generated/src/runtime/dispatch.js";
import { useCounter } from "../../generated/src/runtime/json-count.js";
import { Rng } from "../fuzz/prng.js";
import { kind } from "../kinds.js";
import { difference } from "./assertions.js";
import { layouts, mutated, sampleBodies } from "./json-bodies.js";

/**
 * decodeBody may let the decoders read JSON.parse's value before it is proved, and prove it after
 * by their tally: the members of every object and array they read, counted once, against the
 * text's commas, and the numbers they met (json-verified.ts, tallyProves). When the tally does not
 * prove it, a walk may; when neither does, the body is decoded again on the careful path's value.
 * Whatever the body, the result must be the careful path's: the same model, warnings and errors.
 * Here every decode is compared with the same decode on the careful path alone (jsonProofs.quick
 * false), on the samples, on bodies edited where the tally must not prove them (a key repeated in
 * any object, numbers written with a fraction, type errors, unknown members, strict mode, small
 * limits), and on mutations; and the tests check which proof each body took, so that the
 * comparisons are known to cover the tally.
 */

type Outcome = { ok: true; kind: string; payload: unknown; warnings: unknown } | { ok: false; errors: unknown; warnings: unknown } | { threw: string };
type Decode = (body: string, options?: DecodeOptions) => { kind: string; payload: unknown; warnings: unknown };

function outcome(decode: Decode, text: string, options: DecodeOptions): Outcome {
  try {
    const r = decode(text, options);
    return { ok: true, kind: r.kind, payload: r.payload, warnings: r.warnings };
  } catch (e) {
    if (e instanceof CallbackDecodeError) return { ok: false, errors: e.errors, warnings: e.warnings };
    return { threw: String(e) };
  }
}

/** Decodes `text` both ways, requires the same outcome, and returns the quick way's proof. */
function agree(decode: Decode, text: string, options: DecodeOptions = {}): JsonProof | undefined {
  jsonProofs.quick = false;
  let careful: Outcome;
  try {
    careful = outcome(decode, text, options);
  } finally {
    jsonProofs.quick = true;
  }
  const quick = outcome(decode, text, options);
  const proof = jsonProofs.last;
  const diff = difference(text, ["tally", "careful"], quick, careful);
  if (diff !== undefined) expect.fail(`${diff}\nproof: ${proof} with ${JSON.stringify(options)}`);
  return proof;
}

afterEach(() => {
  jsonProofs.quick = true;
});

const BODIES = sampleBodies().map((b) => ({ ...b, decode: (b.kind === undefined ? decodeCallback : kind(b.kind).decode) as Decode }));

/** How many bodies took each proof. */
function tallyOf(proofs: readonly (JsonProof | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of proofs) out[p ?? "none"] = (out[p ?? "none"] ?? 0) + 1;
  return out;
}

/** A JSON value written compactly, with `extra(object number)` members written into the object of that number (objects numbered in the order they open, from 0). */
function written(value: unknown, extra: (n: number) => { before?: string; after?: string }): string {
  let n = 0;
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    const { before, after } = extra(n++);
    const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`);
    if (before !== undefined) members.unshift(before);
    if (after !== undefined) members.push(after);
    return `{${members.join(",")}}`;
  };
  return write(value);
}

/** The number of objects in a JSON value. */
function objects(v: unknown): number {
  if (Array.isArray(v)) return v.reduce<number>((s, x) => s + objects(x), 0);
  if (v === null || typeof v !== "object") return 0;
  return 1 + Object.values(v).reduce<number>((s, x) => s + objects(x), 0);
}

/** The first key of each object of `value` that has one, written as JSON, with the object's number (as `written` numbers them). */
function firstKeys(value: unknown): [number, string][] {
  let n = 0;
  const out: [number, string][] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== "object") return;
    const first = Object.keys(v)[0];
    if (first !== undefined) out.push([n, JSON.stringify(first)]);
    n++;
    Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

// The text's counts (commas, brackets, the places a number with a fraction may be) are taken by
// WebAssembly (json-count.ts), or with indexOf where it is not to be had: every test runs both ways.
for (const counter of [true, false]) {
describe(counter ? "counts taken by WebAssembly" : "counts taken with indexOf", () => {
  beforeAll(() => useCounter(counter));
  afterAll(() => useCounter());

  describe("the samples: the tally proves the ordinary ones, and the result is the careful path's", () => {
    it("every sample in every layout", () => {
      const proofs = BODIES.flatMap((b) => layouts(b.json).map((t) => agree(b.decode, t)));
      const counts = tallyOf(proofs);
      // Nearly all: a sample with a number written with a fraction is decoded again (the careful path notes it).
      expect(counts.tally ?? 0, JSON.stringify(counts)).toBeGreaterThan(0.9 * proofs.length);
    });

    it("commas inside strings are counted in the value's strings, with a key repeated or not", () => {
      const proofs: (JsonProof | undefined)[] = [];
      for (const b of BODIES) {
        if (agree(b.decode, b.json) !== "tally") continue;
        const value = JSON.parse(b.json) as unknown;
        proofs.push(agree(b.decode, written(value, (n) => (n === 0 ? { after: '"Unknown":"a, b","Other":{"c,d":[",",""]}' } : {}))));
        const key = firstKeys(value)[0]![1];
        expect(agree(b.decode, written(value, (n) => (n === 0 ? { before: `${key}:"x,y"`, after: '"Unknown":"a, b"' } : {})))).toBe("again");
      }
      expect(proofs.length).toBeGreaterThan(30);
      expect(new Set(proofs)).toEqual(new Set(["tally"]));
    });
  });

  describe("a key repeated in any object is never proved by the tally, and the careful path reports it", () => {
    it.each(BODIES.map((b) => [b.name, b] as const))("%s", (_, b) => {
      const value = JSON.parse(b.json) as unknown;
      for (const [target, k] of firstKeys(value)) {
        // An earlier copy (dropped by JSON.parse: the value keeps the later one), a later copy, and a repeated unknown key.
        // And a dropped copy whose comma a comma written as an escape (\u002c) in a string kept could stand for.
        for (const extra of [{ before: `${k}:"repeated"` }, { after: `${k}:{"x":[1,2]}` }, { after: '"Unknown":1,"Unknown":2' }, { after: '"Unknown":1,"Unknown":"\\u002c"' }, { before: `${k}:1`, after: '"Other":"a\\u002Cb"' }]) {
          const text = written(value, (n) => (n === target ? extra : {}));
          const proof = agree(b.decode, text);
          expect(proof === "tally" || proof === "walk", `${b.name}, object ${target}: ${text.slice(0, 200)}`).toBe(false);
        }
      }
    });
  });

  describe("members the spec does not know are counted where they are kept", () => {
    const proofs: (JsonProof | undefined)[] = [];
    it.each(BODIES.map((b) => [b.name, b] as const))("%s", (_, b) => {
      const value = JSON.parse(b.json) as unknown;
      const count = objects(value);
      const sampleProof = agree(b.decode, b.json);
      for (let target = 0; target < count; target++) {
        const plain = written(value, (n) => (n === target ? { after: '"Unknown":{"a":[1,{"b":2,"c":[3,4,[]]},{}],"d":"x","e":[true,null]}' } : {}));
        const proof = agree(b.decode, plain);
        if (sampleProof === "tally") proofs.push(proof);
        const repeated = written(value, (n) => (n === target ? { after: '"Unknown":{"a":[1,{"b":2,"b":3}],"d":"x"}' } : {}));
        expect(agree(b.decode, repeated)).toBe("again");
      }
    });

    it("the tally proved nearly every body with unknown members whose sample it proves", () => {
      // Not all: numbers make the proof search the text for fractions, and a string such as
      // "[0:1.020,0:2.620]" (the speech samples) looks like one.
      // (Filled by the tests above, which run first.)
      expect(proofs.length).toBeGreaterThan(100);
      expect(proofs.filter((p) => p === "tally").length).toBeGreaterThan(0.8 * proofs.length);
    });

    it("strict mode: an unknown member is an error, the tally does not prove the value, and the walk does", () => {
      let walked = 0;
      for (const b of BODIES) {
        if (agree(b.decode, b.json, { strict: true }) !== "tally") continue;
        const text = written(JSON.parse(b.json), (n) => (n === 0 ? { after: '"Unknown":{"a":["x","y"]}' } : {}));
        expect(agree(b.decode, text, { strict: true })).toBe("walk");
        walked++;
      }
      expect(walked).toBeGreaterThan(30);
    });
  });

  describe("numbers: the tally checks the text of those an integer leaf takes", () => {
    const numberShapes = ["1.0", "1e0", "10E-1", "1234567890123456", "-1234567890123456", "1e400", "0.5", "123456789012345", "-0", "7"];

    it.each(BODIES.map((b) => [b.name, b] as const))("%s: numbers of every shape at every leaf, and beside numbers the spec does not know", (_, b) => {
      const value = JSON.parse(b.json) as unknown;
      const texts: string[] = [];
      const leaves = b.json.match(/"[A-Za-z]+"\s*:\s*("[0-9]+"|[0-9]+)/g) ?? [];
      for (const leaf of leaves.slice(0, 12)) {
        const [key] = leaf.split(":");
        for (const shape of numberShapes) {
          texts.push(b.json.replace(leaf, `${key}:${shape}`));
          // With a number that is not whole before it in the text, whose fraction the count must not take for the leaf's.
          const edited = JSON.parse(b.json.replace(leaf, `${key}:7`)) as unknown;
          texts.push(written(edited, (n) => (n === 0 ? { before: '"Unknown":[0.5e0,2.5]' } : {})).replace(`${key}:7`, `${key}:${shape}`));
        }
      }
      for (const shape of numberShapes) texts.push(written(value, (n) => (n === 0 ? { after: `"Unknown":[${shape}]` } : {})));
      for (const text of texts) agree(b.decode, text);
    });

    it("numbers that are not whole where the model keeps JSON.parse's value: proved by the tally", () => {
      const proofs: (JsonProof | undefined)[] = [];
      for (const b of BODIES) {
        if (agree(b.decode, b.json) !== "tally") continue;
        proofs.push(agree(b.decode, written(JSON.parse(b.json), (n) => (n === 0 ? { after: '"Unknown":[0.5,1.25e-3,-2.5E-1,{"x":3.75}]' } : {}))));
      }
      // Not all: a string such as "[0:1.020,0:2.620]" (the speech samples) looks like such a number too.
      expect(proofs.filter((p) => p === "tally").length).toBeGreaterThan(0.8 * proofs.length);
    });

    it("when no integer leaf takes a number, the text's numbers are not looked at: a whole number written 1.0 beside the model is proved by the tally", () => {
      let proved = 0;
      for (const b of BODIES) {
        // Samples with no JSON number at all (most: CI writes its leaves as strings), proved by the tally.
        if (/[:[,]\s*-?[0-9]/.test(b.json.replace(/"(?:[^"\\]|\\.)*"/g, '""')) || agree(b.decode, b.json) !== "tally") continue;
        expect(agree(b.decode, written(JSON.parse(b.json), (n) => (n === 0 ? { after: '"Unknown":[1.0,2e3]' } : {})))).toBe("tally");
        proved++;
      }
      expect(proved).toBeGreaterThan(20);
    });

    it("a whole number written with a fraction or an exponent, for an integer leaf: refused, as the careful path refuses it", () => {
      let refused = 0;
      for (const b of BODIES) {
        for (const leaf of (b.json.match(/"[A-Za-z]+"\s*:\s*[0-9]+(?=\s*[,}\]])/g) ?? []).slice(0, 6)) {
          const [key, digits] = leaf.split(/:\s*/);
          for (const shape of [`${digits}.0`, `${digits}e0`, `${digits}.00E+0`]) {
            const text = b.json.replace(leaf, `${key}:${shape}`);
            const proof = agree(b.decode, text);
            jsonProofs.quick = false;
            const careful = outcome(b.decode, text, {});
            jsonProofs.quick = true;
            if ("ok" in careful && !careful.ok) {
              refused++;
              expect(proof, text.slice(0, 200)).toBe("again");
            }
          }
        }
      }
      expect(refused).toBeGreaterThan(10);
    });
  });

  describe("a body with more brackets than maxDepth: the walk before the decoders, and the text of its numbers after them", () => {
    /** The nesting depth of a JSON value, as maxDepth counts it (objects and arrays). */
    const depthOf = (v: unknown): number => (v === null || typeof v !== "object" ? 0 : 1 + Math.max(0, ...Object.values(v).map(depthOf)));

    it("numbers that are not whole beside the model are proved by the walk; a whole number written 1.0 for an integer leaf is decoded again", () => {
      const proofs: (JsonProof | undefined)[] = [];
      let refused = 0;
      for (const b of BODIES) {
        const value = written(JSON.parse(b.json), (n) => (n === 0 ? { after: '"Unknown":[0.5,{"x":1.25e-3}]' } : {}));
        const options = { maxDepth: depthOf(JSON.parse(value)) };
        // Only bodies with more brackets than their depth: the counts do not settle depth, the walk does.
        if ((value.match(/[[{]/g) ?? []).length <= options.maxDepth) continue;
        proofs.push(agree(b.decode, value, options));
        for (const leaf of (value.match(/"[A-Za-z]+":[0-9]+(?=[,}\]])/g) ?? []).slice(0, 3)) {
          const text = value.replace(leaf, `${leaf}.0`);
          const proof = agree(b.decode, text, options);
          jsonProofs.quick = false;
          const careful = outcome(b.decode, text, options);
          jsonProofs.quick = true;
          if ("ok" in careful && !careful.ok) {
            refused++;
            expect(proof, text.slice(0, 200)).toBe("again");
          }
        }
      }
      expect(proofs.length).toBeGreaterThan(30);
      expect(proofs.filter((p) => p === "walk").length, JSON.stringify(tallyOf(proofs))).toBeGreaterThan(0.8 * proofs.length);
      expect(refused).toBeGreaterThan(5);
    });
  });

  describe("values the decoders refuse: the errors stand, and the walk or a second run proves them", () => {
    it.each(BODIES.map((b) => [b.name, b] as const))("%s", (_, b) => {
      const value = JSON.parse(b.json) as unknown;
      for (const [target, k] of firstKeys(value)) {
        // The first key again, as an object with a repeated key (JSON.parse keeps one) or an array: the first copy is dropped.
        for (const after of [`${k}:{"a":1,"a":2}`, `${k}:[{"a":[1,2]},{"b":{}}]`, `${k}:{"a":[1.5]}`]) agree(b.decode, written(value, (n) => (n === target ? { after } : {})));
      }
    });
  });

  describe("limits: bodies the counts do not settle take the walk, at once", () => {
    it("small maxDepth and maxTextLength", () => {
      const proofs: (JsonProof | undefined)[] = [];
      for (const b of BODIES) {
        for (const options of [{ maxDepth: 2 }, { maxDepth: 4 }, { maxTextLength: 100 }, { maxItems: 3 }, { maxNodes: 20 }]) proofs.push(agree(b.decode, b.json, options));
      }
      expect(tallyOf(proofs).tally ?? 0).toBeLessThan(proofs.length);
    });
  });

  describe("mutations of the samples", () => {
    it("3,000 mutations, default and strict", () => {
      const rng = new Rng(20_261_130);
      const proofs: (JsonProof | undefined)[] = [];
      for (let n = 0; n < 3000; n++) {
        const b = rng.pick(BODIES);
        const text = mutated(rng.pick(layouts(b.json)), rng);
        proofs.push(agree(b.decode, text, rng.chance(0.2) ? { strict: true } : {}));
      }
      const counts = tallyOf(proofs);
      // Many mutations leave a valid body (a space, a piece of a string repeated): the tally proves some, refuses others.
      expect(counts.tally ?? 0, JSON.stringify(counts)).toBeGreaterThan(100);
      expect(counts.again ?? 0, JSON.stringify(counts)).toBeGreaterThan(10);
    });
  });
});
}
