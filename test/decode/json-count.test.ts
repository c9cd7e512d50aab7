import { afterEach, describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { COUNT_MAX, counterMemory, countJsonText, numberCandidates, useCounter } from "../../generated/src/runtime/json-count.js";
import { Rng } from "../fuzz/prng.js";
import { sampleBodies } from "./json-bodies.js";

/**
 * json-count.ts counts, in a text's UTF-8 and sixteen bytes at a time (json-count.wat), what the
 * quickest JSON path counts: commas, "[" and "{", and the places where a number may be written
 * with a fraction or an exponent. Each count is compared here with the same count taken one
 * UTF-16 code unit at a time, on the samples, on random texts of every length around the
 * counter's sixteen-byte steps and its 255-step sums, and after a longer text has left its bytes
 * in the counter's memory.
 */

afterEach(() => useCounter());

/** Occurrences of `ch` in `s`. */
const occurrences = (s: string, ch: string) => s.split(ch).length - 1;

/** The places the counter counts as candidates: a digit, then ".", "e" or "E", then a byte from "+" to "9". */
function candidatesOf(s: string): number {
  let n = 0;
  for (let i = 0; i + 2 < s.length; i++) {
    const a = s.charCodeAt(i);
    const b = s.charCodeAt(i + 1);
    const c = s.charCodeAt(i + 2);
    if (a >= 48 && a <= 57 && (b === 46 || b === 101 || b === 69) && c >= 43 && c <= 57) n++;
  }
  return n;
}

/** The matches of /[0-9][.eE][-+0-9]/ at every place, overlapping: what fractionsIn may trace back to a number. */
const matchesOf = (s: string) => [...s.matchAll(/(?=[0-9][.eE][-+0-9])/g)].length;

function expectCounts(s: string): void {
  const got = countJsonText(s);
  expect(got, `a text of ${s.length} characters is counted`).toBeDefined();
  expect(got).toEqual({ commas: occurrences(s, ","), brackets: occurrences(s, "[") + occurrences(s, "{") });
  const candidates = numberCandidates(s);
  expect(candidates).toBe(candidatesOf(s));
  expect(candidates).toBeGreaterThanOrEqual(matchesOf(s));
}

/** The characters random texts are made of: what the counts look for, and what is near it. */
const ALPHABET = [..."0123456789.eE+-,/[]{}\":: aZ\n\t\\", "é", "中", "😀", "\u0000", "\u00ff"];

function randomText(rng: Rng, length: number): string {
  let s = "";
  while (s.length < length) s += rng.pick(ALPHABET);
  return s;
}

describe("the counter's counts are the text's", () => {
  it("every sample", () => {
    for (const b of sampleBodies()) expectCounts(b.json);
  });

  it("random texts of 0 to 300 characters, ASCII and past it", () => {
    const rng = new Rng(29_111_130);
    for (let length = 0; length <= 300; length++) for (let k = 0; k < 4; k++) expectCounts(randomText(rng, length));
  });

  it("texts long enough that a lane's sums are made more than once (over 255 steps of 16 bytes)", () => {
    const rng = new Rng(7);
    for (const length of [4079, 4080, 4081, 4096, 8161, 20_000]) expectCounts(randomText(rng, length));
    // Every byte a comma: each lane counts one a step, 255 steps at most between sums.
    expectCounts(",".repeat(10_000));
    expectCounts("[".repeat(4080 * 3 + 7));
    expectCounts("1.5".repeat(3000));
  });

  it("a shorter text after a longer one: the bytes left past its end count nothing", () => {
    const rng = new Rng(11);
    for (let n = 0; n < 200; n++) {
      countJsonText(",,,,[[[[{{{{1.5e+1.5e+1.5e+".repeat(20));
      expectCounts(randomText(rng, rng.int(41)));
    }
    countJsonText("1".repeat(100));
    expect(numberCandidates("1")).toBe(-1);
    countJsonText("1.");
    // "1." at the end: the byte after it is no digit, so no candidate, whatever the memory held.
    expect(numberCandidates("1.")).toBe(0);
  });

  it("numberCandidates answers only for the text counted last", () => {
    countJsonText("[1.5]");
    expect(numberCandidates("[1.5]")).toBe(1);
    countJsonText("[2]");
    expect(numberCandidates("[1.5]")).toBe(-1);
  });

  it("texts over COUNT_MAX, and texts when the counter is off, are not counted here", () => {
    expect(countJsonText(",".repeat(COUNT_MAX + 1))).toBeUndefined();
    useCounter(false);
    expect(countJsonText("[1,2]")).toBeUndefined();
  });

  it("the counter's memory stays within its bound: the longest text's UTF-8, at most 3 bytes a character", () => {
    countJsonText("中".repeat(COUNT_MAX));
    expect(counterMemory()).toBeLessThanOrEqual(3 * COUNT_MAX + 64 + 32 + 65_536);
    expectCounts(`[${"1.5e+3,".repeat(1000)}"中"]`);
  });
});

describe("JSON bodies of bytes", () => {
  it("every JSON sample decodes from its bytes as from its text, with the counter and without", () => {
    for (const b of sampleBodies()) {
      const fromText = outcome(b.json);
      for (const on of [true, false]) {
        useCounter(on);
        expect(outcome(Buffer.from(b.json)), `${b.name}, counter ${on}`).toEqual(fromText);
      }
    }
  });
});

function outcome(body: string | Uint8Array): unknown {
  try {
    const r = decodeCallback(body);
    return { kind: r.kind, payload: r.payload, warnings: r.warnings };
  } catch (e) {
    return { thrown: (e as Error).message };
  }
}
