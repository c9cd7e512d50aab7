import { deepStrictEqual } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CallbackEncodeError, type DecodeIssue, DEFAULT_LIMITS, decodeCallback, encodeCallback } from "../../generated/src/index.js";
import { childPath } from "../../generated/src/runtime/issues.js";
import { decodeErrors, decodePic, ROOT, sample } from "../helpers.js";
import { measure } from "../security/measure.js";
import { IMG, PROC, edit } from "./assertions.js";

/**
 * The JSON scan that runs before JSON.parse: the first fault of a body with its exact line,
 * column and offset; maxDepth, maxItems and duplicate keys applied as it reads; integer leaves
 * that take only integer text; text that is not Unicode. And what lenient mode keeps of values
 * the spec does not describe, through JSON and through XML.
 */

const SEED3 = sample("seed-sample-3.json"); // 72 lines, one key per line, no indentation
const XML = sample("seed-sample-2.xml");

/** The errors encodeCallback throws (fails the test when it writes the model). */
function encodeErrors(model: unknown, format: "xml" | "json" = "xml"): readonly DecodeIssue[] {
  try {
    encodeCallback(model as Parameters<typeof encodeCallback>[0], { format });
  } catch (e) {
    if (e instanceof CallbackEncodeError) return e.errors;
    throw e;
  }
  throw new Error("expected the model to be refused, but it was written");
}

/** The only error of a refused body. */
function only(body: string, options?: Parameters<typeof decodeCallback>[1]): DecodeIssue {
  const errors = decodeErrors(body, options);
  expect(errors, JSON.stringify(errors)).toHaveLength(1);
  return errors[0]!;
}

/** Line and column of `offset`, counted here on their own: lines split at \n, columns from 1. */
function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const POSITION = /^the body is not (?:valid JSON|Unicode text) at line (\d+), column (\d+) \(offset (\d+)\): (.+)$/s;

/**
 * The body is refused with one error of `code` at the whole body, at `line` and `column`, where
 * the body holds `at` (or where it ends, for "end"); the message gives the reason.
 */
function expectFault(body: string, code: string, line: number, column: number, at: string, reason: RegExp, options?: Parameters<typeof decodeCallback>[1]): void {
  const e = only(body, options);
  expect([e.code, e.path]).toEqual([code, ""]);
  const m = POSITION.exec(e.message);
  expect(m, e.message).not.toBeNull();
  const [, l, c, o, why] = m!;
  expect({ line: Number(l), column: Number(c) }, e.message).toEqual({ line, column });
  expect(lineColumnOf(body, Number(o)), "the offset and the line and column name one place").toEqual({ line, column });
  if (at === "end") expect(Number(o)).toBe(body.length);
  else expect(body.slice(Number(o), Number(o) + at.length)).toBe(at);
  expect(why).toMatch(reason);
}

describe("a syntax fault in the middle of a real sample is reported where it is", () => {
  // Each fault sits inside seed-sample-3.json (72 lines). Before the scan, V8 gave no position for
  // most of them and the decoder pointed at the end of the body (line 72 or 73).
  const cases: [name: string, body: string, line: number, column: number, at: string, reason: RegExp][] = [
    ["NaN", edit(SEED3, '"Height": "417"', '"Height": NaN'), 43, 11, "NaN", /^NaN is not a JSON value$/],
    ["Infinity", edit(SEED3, '"Width": "500"', '"Width": Infinity'), 46, 10, "Infinity", /^Infinity is not a JSON value$/],
    ["-Infinity", edit(SEED3, '"Orientation": "0"', '"Orientation": -Infinity'), 44, 16, "-Infinity", /^-Infinity is not a JSON value$/],
    ["a // comment", edit(SEED3, '"Height": "417",', '"Height": "417", // pixels'), 43, 18, "//", /comment \("\/\/"\): JSON has no comments/],
    ["a /* comment */", edit(SEED3, '"Tag": "PicProcess",', '/* kind */ "Tag": "PicProcess",'), 64, 1, "/*", /comment \("\/\*"\): JSON has no comments/],
    ["a single-quoted string", edit(SEED3, '"TemplateName": "test"', "\"TemplateName\": 'test'"), 58, 17, "'test'", /single-quoted string/],
    ["a single-quoted key", edit(SEED3, '"TemplateName": "test"', "'TemplateName': \"test\""), 58, 1, "'TemplateName'", /single-quoted key/],
    ["a key without quotes", edit(SEED3, '"Tag": "PicProcess"', 'Tag: "PicProcess"'), 64, 1, "Tag", /^expected a key in double quotes, found "Tag"$/],
    ["a trailing comma in an object", edit(SEED3, '"Width": "500"\n}', '"Width": "500",\n}'), 46, 15, ",", /^a trailing comma before "}"$/],
    ["a trailing comma in an array", edit(SEED3, '"Value": "1024"\n}\n]', '"Value": "1024"\n},\n]'), 26, 2, ",", /^a trailing comma before "]"$/],
    ["a leading +", edit(SEED3, '"Height": "417"', '"Height": +417'), 43, 11, "+417", /^the number "\+417" has a leading "\+"/],
    ["a leading zero", edit(SEED3, '"Height": "417"', '"Height": 0417'), 43, 11, "0417", /^the number "0417" has a leading zero$/],
    ["a hexadecimal number", edit(SEED3, '"Height": "417"', '"Height": 0x1A1'), 43, 11, "0x1A1", /hexadecimal/],
    ["no digit before the point", edit(SEED3, '"Height": "417"', '"Height": .5'), 43, 11, ".5", /no digit before the decimal point/],
    ["no digit after the point", edit(SEED3, '"Height": "417"', '"Height": 417.'), 43, 11, "417.", /no digit after the decimal point/],
    ["no digit in the exponent", edit(SEED3, '"Height": "417"', '"Height": 4e'), 43, 11, "4e", /no digit in its exponent/],
    ["a minus without digits", edit(SEED3, '"Height": "417"', '"Height": -x'), 43, 12, "x", /^expected a digit after "-", found "x"$/],
    ["True, not true", edit(SEED3, '"UserData": "This is my PicProcess job."', '"UserData": True'), 59, 13, "True", /^expected a value, found "True"$/],
    ["a raw control character in a string", edit(SEED3, "This is my", "This\u0001is my"), 59, 18, "\u0001", /raw control character \(U\+0001\)/],
    ["a raw tab in a string", edit(SEED3, "This is my", "This\tis my"), 59, 18, "\t", /raw control character \(U\+0009\) inside a string: write it as \\t/],
    ["a bad escape", edit(SEED3, "This is my", "This \\x is my"), 59, 19, "\\x", /^a bad escape \\x: JSON has/],
    ["a \\u without four hex digits", edit(SEED3, "This is my", "This \\u12G4 is my"), 59, 19, "\\u12G4", /^a bad escape \\u12G4: \\u takes four hexadecimal digits$/],
    ["a missing colon", edit(SEED3, '"Height": "417"', '"Height" "417"'), 43, 10, '"417"', /^expected ":" after the key "Height", found/],
    ["a missing comma in an object", edit(SEED3, '"Height": "417",', '"Height": "417"'), 44, 1, '"Orientation"', /^expected "," or "}" after the value of "Height"/],
    ["a missing comma in an array", edit(SEED3, '},\n{\n"Key": "x-cos-request-id"', '}\n{\n"Key": "x-cos-request-id"'), 15, 1, "{", /^expected "," or "]" after an item of the array/],
    ["text after the value", SEED3 + "{}", 73, 1, "{}", /^text after the JSON value/],
  ];
  it.each(cases)("%s", (_name, body, line, column, at, reason) => {
    expectFault(body, "syntax", line, column, at, reason);
  });

  it("the fault is where it is, not at the end: NaN on line 43 of 72", () => {
    const e = only(edit(SEED3, '"Height": "417"', '"Height": NaN'));
    expect(e.message).toBe("the body is not valid JSON at line 43, column 11 (offset 830): NaN is not a JSON value");
  });
});

describe("a truncated body is reported at its end, naming what is still open", () => {
  it.each([
    ["inside a string", SEED3.slice(0, SEED3.indexOf("TaskFinish") + 4), 2, 19, /^the body ends inside the string that opens at line 2, column 14$/],
    ["inside an object", SEED3.slice(0, SEED3.indexOf('"Tag"')), 64, 1, /^the body ends inside the object that opens at line 3, column 15$/],
    ["inside an array", SEED3.slice(0, SEED3.indexOf('{\n"Key": "Size"')), 23, 1, /^the body ends inside the array that opens at line 11, column 15$/],
    ["inside a number", SEED3.slice(0, SEED3.indexOf('"Orientation"')).replace(/"417",\n$/, "41"), 43, 13, /^the body ends inside the object that opens at line 40, column 14$/],
    ["inside an escape", SEED3.slice(0, SEED3.indexOf("This is")) + "\\u00", 59, 18, /^the body ends inside the string that opens at line 59, column 13$/],
    ["inside a literal", SEED3.slice(0, SEED3.indexOf('"This is')) + "tr", 59, 15, /^the body ends inside the object that opens at line 30, column 14$/],
  ])("%s", (_what, body, line, column, reason) => {
    expectFault(body, "syntax", line, column, "end", reason);
  });
});

describe("bodies that are no JSON at all", () => {
  it("an XML body decoded as JSON: line 1, column 1, offset 0", () => {
    expectFault(XML, "syntax", 1, 1, "<", /^the body is XML, not JSON: it starts with "<"$/, { format: "json" });
  });

  it("an empty body decoded as JSON", () => {
    expectFault("", "syntax", 1, 1, "end", /^the body holds no JSON value$/, { format: "json" });
  });
});

describe("text that is not Unicode: lone surrogates are refused ('encoding'), with their position", () => {
  it("an escaped lone surrogate (\\ud800)", () => {
    expectFault(edit(SEED3, "This is my", "This \\ud800 is my"), "encoding", 59, 19, "\\ud800", /^the escape \\ud800 is a lone surrogate/);
  });

  it("an escaped low surrogate without its high half (\\udc00)", () => {
    expectFault(edit(SEED3, "This is my", "This \\udc00\\u0041 is my"), "encoding", 59, 19, "\\udc00", /lone surrogate/);
  });

  it("a high surrogate followed by no low one, in a key", () => {
    expectFault(edit(SEED3, '"Tag": "PicProcess"', '"T\\ud83dag": "PicProcess"'), "encoding", 64, 3, "\\ud83d", /lone surrogate/);
  });

  it("a raw lone surrogate in a string body (bytes cannot hold one: they are refused as UTF-8)", () => {
    expectFault(edit(SEED3, "This is my", "This \udc00 is my"), "encoding", 59, 19, "\udc00", /^U\+DC00 is a lone surrogate/);
  });

  it("a pair, escaped, raw or mixed, is one character and is kept", () => {
    for (const written of ["\\ud83d\\ude00", "\ud83d\ude00", "\ud83d\\ude00", "\\ud83d\ude00"]) {
      expect(decodePic(edit(SEED3, "This is my", `This ${written} is my`)).payload.JobsDetail.Operation.UserData).toBe("This 😀 is my PicProcess job.");
    }
  });
});

/** A real gc, for heap figures (vitest starts workers without --expose-gc). */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("limits are applied during the scan, as soon as they are crossed", () => {
  const inJobsDetail = (json: string) => edit(SEED3, '"Tag": "PicProcess",', `"Tag": "PicProcess", "Extra": ${json},`);

  it("a 16 MiB array over maxItems is refused at the 100,001st item: quickly, without building the value, and the fault at its end is never reached", () => {
    const body = inJobsDetail(`[${"1,".repeat(8_300_000)}1, NaN]`);
    expect(body.length).toBeGreaterThan(16_000_000);
    decodeErrors(body); // warm up: compile the scan, flatten the string
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const errors = decodeErrors(body);
    const ms = performance.now() - start;
    const grown = process.memoryUsage().heapUsed - heapBefore;
    const at = lineColumnOf(body, body.indexOf("[1,") + 1 + 2 * 100_000); // the 100,001st item
    expect(errors.map((e) => [e.code, e.path, e.message])).toEqual([
      ["too-large", "JobsDetail.Extra", `over maxItems (100000) items in one array at line ${at.line}, column ${at.column}; reading stopped there`],
    ]);
    expect(ms).toBeLessThan(2000);
    // JSON.parse of this body holds 8.3 million numbers: 66 MB. The scan keeps nothing per item.
    expect(grown).toBeLessThan(8_000_000);
  });

  it("an object over maxItems keys is refused at the key that crosses the limit", () => {
    const keys = Array.from({ length: 100_001 }, (_, i) => `"k${i}": 1`).join(", ");
    const body = inJobsDetail(`{${keys}, "x": NaN}`);
    const at = lineColumnOf(body, body.indexOf('"k100000"'));
    expect(only(body)).toMatchObject({ code: "too-large", path: "JobsDetail.Extra", message: `over maxItems (100000) keys in one object at line ${at.line}, column ${at.column}; reading stopped there` });
  });

  it("maxItems counts per container, with the path of the container that crosses it", () => {
    // 12 CosHeaders; JobsDetail, the largest object, has 11 keys. The NaN after the list is never reached.
    const body = edit(edit(SEED3, '"CosHeaders": [', `"CosHeaders": [${'{"Key": "k", "Value": "v"},'.repeat(8)}`), '"Height": "417"', '"Height": NaN');
    const at = lineColumnOf(body, body.indexOf('{\n"Key": "Size"')); // the 12th item
    expect(only(body, { maxItems: 11 })).toMatchObject({ code: "too-large", path: "JobsDetail.Input.CosHeaders", message: `over maxItems (11) items in one array at line ${at.line}, column ${at.column}; reading stopped there` });
    expect(only(body, { maxItems: 12 }).code).toBe("syntax");
  });

  it("nesting deeper than maxDepth is refused where it crosses the limit, with line and column", () => {
    const e = only(inJobsDetail(`${"[".repeat(70)} garbage`));
    expect([e.code, e.path]).toEqual(["too-deep", ""]);
    // The outer object and JobsDetail are two levels: the 63rd "[" (column 31 + 62) is the 65th.
    expect(e.found).toBe("deeper nesting (over 64) at line 64, column 93");
    expect(SEED3.split("\n")[63]).toBe('"Tag": "PicProcess",');
  });

  it("16 MiB of [ are refused quickly", () => {
    const start = performance.now();
    expect(only("[".repeat(16_000_000)).code).toBe("too-deep");
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("maxNodes counts every value (objects, arrays, strings, numbers, true, false, null) and stops at the one over it", () => {
    const count = (v: unknown): number => 1 + (typeof v === "object" && v !== null ? Object.values(v).reduce<number>((n, x) => n + count(x), 0) : 0);
    const nodes = count(JSON.parse(SEED3));
    expect(decodePic(SEED3, { maxNodes: nodes }).kind).toBe("PicProcessCallback");
    // The last value of the sample, "workflow-test" on line 69, is one too many.
    expect(only(SEED3, { maxNodes: nodes - 1 })).toMatchObject({ code: "too-large", path: "", message: `over maxNodes (${nodes - 1}) objects, arrays and values in the body at line 69, column 17; reading stopped there` });
    expect(SEED3.split("\n")[68]).toBe('"WorkflowName": "workflow-test"');
  });

  it("values spread under maxItems and maxDepth are refused at the 1,000,001st (JSON.parse alone takes seconds on 8 million small arrays)", () => {
    const body = inJobsDetail(`[${Array(130_000).fill(`${"[".repeat(60)}1${"]".repeat(60)}`).join(",")}]`);
    expect(body.length).toBeGreaterThan(15_000_000);
    decodeErrors(body); // warm up
    const start = performance.now();
    const e = only(body);
    expect(performance.now() - start).toBeLessThan(2000);
    expect([e.code, e.path]).toEqual(["too-large", ""]);
    expect(e.message).toMatch(/^over maxNodes \(1000000\) objects, arrays and values in the body at line 64, column \d+; reading stopped there$/);
  });
});

describe("any 16 MiB JSON body is decoded or refused in under 2 s, with a few times its size in extra memory", () => {
  // Each body is decoded in a process of its own (test/security/measure.ts), so that the peak memory is that decode's.
  const ROOM = DEFAULT_LIMITS.maxBytes - SEED3.length - 64;
  const inJobsDetail = (json: string) => edit(SEED3, '"Tag": "PicProcess",', `"Tag": "PicProcess", "Extra": ${json},`);
  /** Arrays of `per` copies of `unit` (within maxItems), in one array, filling about `bytes`. */
  const spread = (unit: string, per: number, bytes = ROOM) => {
    const one = `[${Array(per).fill(unit).join(",")}]`;
    return `[${Array(Math.max(1, Math.floor(bytes / (one.length + 1)))).fill(one).join(",")}]`;
  };
  const item = `{"Key": "x-cos-meta-${"k".repeat(60)}", "Value": "${"v".repeat(70)}"}`;
  const shapes: [string, string, "decoded" | "refused"][] = [
    ["one array over maxItems (16 MiB of 1,)", inJobsDetail(`[${"1,".repeat(Math.floor(ROOM / 2) - 8)}1]`), "refused"],
    ["numbers spread under maxItems, over maxNodes", inJobsDetail(spread("1", 99_000)), "refused"],
    ["numbers with fractions spread, over maxNodes", inJobsDetail(spread("1.0", 99_000)), "refused"],
    ["small arrays nested 60 deep, over maxNodes", inJobsDetail(spread(`${"[".repeat(60)}1${"]".repeat(60)}`, 1000)), "refused"],
    ["empty objects, over maxNodes", inJobsDetail(spread("{}", 99_000)), "refused"],
    ["objects of 99,000 short keys, over maxNodes", inJobsDetail(spread(`{${Array.from({ length: 99_000 }, (_, i) => `"k${i}":1`).join(",")}}`, 1)), "refused"],
    ["one 16 MiB string (over maxTextLength)", inJobsDetail(JSON.stringify("x".repeat(ROOM - 8))), "refused"],
    ["a duplicate key at the end of 10 MB of keys", inJobsDetail(`{${Array.from({ length: 99_000 }, (_, i) => `"key${i}":"${"v".repeat(90)}"`).join(",")},"key0":1}`), "refused"],
    ["a trailing comma at the very end of 16 MiB of strings", inJobsDetail(spread(JSON.stringify("s".repeat(1000)), 1000)).replace(/\]\],$/m, "],],"), "refused"],
    ["975 keys of 16,384 characters (V8 hashes such keys by length alone)", inJobsDetail(`{${Array.from({ length: 970 }, (_, i) => `"${"k".repeat(16_376)}${String(i).padStart(8, "0")}":1`).join(",")}}`), "decoded"],
    ["strings full of escapes, under maxNodes", inJobsDetail(spread(JSON.stringify("a\\n\\u00e9\\\"".repeat(40)), 1000)), "decoded"],
    ["a legitimate body of 99,000 list items of 160 bytes", edit(SEED3, '"CosHeaders": [', `"CosHeaders": [${Array(99_000).fill(item).join(",")},`), "decoded"],
    ["900,000 numbers with fractions beside integer leaves", edit(inJobsDetail(spread("1.0", 90_000, 3_700_000)), '"Width": "500"', '"Width": 500'), "decoded"],
  ];
  it.each(shapes)("%s", (_, body, outcome) => {
    expect(body.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxBytes);
    const cost = measure(body);
    expect(cost.outcome, JSON.stringify(cost)).toBe(outcome);
    expect(cost.cpuMs, JSON.stringify(cost)).toBeLessThan(2000);
    expect(cost.extraBytes, JSON.stringify(cost)).toBeLessThan((outcome === "refused" ? 6 : 10) * Math.max(cost.bytes, 4 * 1024 * 1024));
  });
});

describe("duplicate keys are refused with their path", () => {
  it("in a list item, with its index", () => {
    const e = only(edit(SEED3, '"Key": "EventName",', '"Key": "EventName", "Key": "Other",'));
    expect([e.code, e.path, e.found]).toEqual(["duplicate", "JobsDetail.Input.CosHeaders[2].Key", '"Key" twice (again at line 20, column 21)']);
  });

  it("written differently: \\u0053tate is State", () => {
    expect(only(edit(SEED3, '"Tag": "PicProcess",', '"Tag": "PicProcess", "\\u0053tate": "Failed",'))).toMatchObject({ code: "duplicate", path: "JobsDetail.State" });
  });

  it("in an object of many keys (JobsDetail has 11)", () => {
    expect(only(edit(SEED3, '"Tag": "PicProcess",', '"Tag": "PicProcess", "Code": "Again",'))).toMatchObject({ code: "duplicate", path: "JobsDetail.Code" });
  });

  it("long keys (over 16,383 characters, which V8 hashes by length alone) are compared in full", () => {
    const long = "k".repeat(20_000);
    const twice = edit(SEED3, '"Tag": "PicProcess",', `"Tag": "PicProcess", "${long}x": 1, "${long}y": 2, "${long}x": 3,`);
    expect(only(twice)).toMatchObject({ code: "duplicate", path: childPath("JobsDetail", `${long}x`) });
    const distinct = edit(SEED3, '"Tag": "PicProcess",', `"Tag": "PicProcess", "${long}x": 1, "${long}y": 2,`);
    expect(decodePic(distinct).warnings.map((w) => w.code)).toEqual(["unknown-field", "unknown-field"]);
  });
});

describe("the scan agrees with JSON.parse on which texts are JSON", () => {
  // Random one-character edits of a real sample, from characters that matter to JSON syntax.
  const ALPHABET = [..."{}[],:\"\\ 0123456789.eE+-tfnulrsa/'*\n\t"];
  const edits = fc.tuple(fc.nat(), fc.constantFrom("insert", "replace", "delete"), fc.constantFrom(...ALPHABET));

  it("a body JSON.parse refuses is refused as 'syntax', one error; one it takes has no syntax error", () => {
    fc.assert(
      fc.property(fc.array(edits, { minLength: 1, maxLength: 3 }), (changes) => {
        let body = SEED3;
        for (const [at, how, c] of changes) {
          const i = at % (body.length + 1);
          body = body.slice(0, i) + (how === "delete" ? "" : c) + body.slice(how === "insert" ? i : i + 1);
        }
        let valid = true;
        try {
          JSON.parse(body);
        } catch {
          valid = false;
        }
        let errors: readonly DecodeIssue[] = [];
        try {
          decodeCallback(body, { format: "json" });
        } catch (e) {
          errors = (e as { errors: readonly DecodeIssue[] }).errors;
        }
        if (valid) expect(errors.filter((e) => e.code === "syntax")).toEqual([]);
        else expect(errors.map((e) => e.code)).toEqual(["syntax"]);
      }),
      { numRuns: 3000, seed: 20240609 },
    );
  });
});

describe("numbers a double cannot hold", () => {
  it.each(["1e9990", "-1e400", `1${"0".repeat(400)}`])("%s, which JSON.parse reads as Infinity and JSON cannot write back, is refused where it is (the fuzzer found 1e9990 kept as Infinity)", (n) => {
    const e = only(SEED3.replace('"Code": "Success"', `"Extra": [${n}], "Code": "Success"`));
    expect([e.code, e.path, e.expected]).toEqual(["number", "JobsDetail.Extra[0]", "a number within ±1.8e308"]);
    expect(e.found).toMatch(/at line \d+, column \d+$/);
  });
  it("1e308 is a number like any other", () => {
    expect(decodeCallback(SEED3.replace('"Code": "Success"', '"Extra": [1e308], "Code": "Success"')).warnings.map((w) => w.code)).toEqual(["unknown-field"]);
  });
});

describe("integer leaves take only integer text", () => {
  const width = (text: string) => edit(SEED3, '"Width": "500"', `"Width": ${text}`);

  it.each(["1.0000000000000001", "4.9999999999999999", "1.0", "1e2", "5E0", "500.000", "-0.0", "1.5", "1e300"])("Width %s (a JSON number, not integer text) is refused, naming the text as written", (text) => {
    const e = only(width(text));
    expect([e.path, e.code, e.message]).toEqual([`${IMG}.Width`, "integer", `expected an integer, found ${text}`]);
  });

  it("integers beyond ±2^53 are refused with their text as written, not as JSON.parse rounds them", () => {
    const e = only(width("9007199254740993"));
    expect([e.path, e.code, e.message]).toEqual([`${IMG}.Width`, "integer", "expected an integer within ±2^53, found 9007199254740993"]);
  });

  it("integer text is accepted, as a JSON number or a string: 500, -0, 9007199254740991, \"500\"", () => {
    expect(decodePic(width("500")).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Width).toBe(500);
    expect(decodePic(width("-0")).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Width).toBe(0);
    expect(decodePic(width("9007199254740991")).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Width).toBe(9007199254740991);
    expect(decodePic(SEED3).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Width).toBe(500);
  });

  it("JobsDetail sent as a one-element array: the path has no [0], the number is still found", () => {
    const j = JSON.parse(width("1.0")) as Record<string, unknown>;
    const body = JSON.stringify({ ...j, JobsDetail: [j["JobsDetail"]] }).replace('"Width":1', '"Width":1.0');
    expect(only(body)).toMatchObject({ path: `${IMG}.Width`, code: "integer", message: "expected an integer, found 1.0" });
  });

  it("a repeated node: the number is found in the list item it is in, and in an item sent as a plain value", () => {
    const objects = (list: string) => edit(SEED3, '"ProcessResult": {', `"ProcessResults": {"Object": ${list}}, "ProcessResult": {`);
    const two = objects('[{"Key": "a", "Width": 640}, {"Key": "b", "Width": 640.0}]');
    expect(only(two)).toMatchObject({ path: `${PROC}s.Object[1].Width`, code: "integer", message: "expected an integer, found 640.0" });
    const plain = objects('{"Key": "a", "Width": 6.4e2}');
    expect(only(plain)).toMatchObject({ path: `${PROC}s.Object[0].Width`, code: "integer", message: "expected an integer, found 6.4e2" });
  });

  it("the same text elsewhere in the body does not count: only the number at the leaf's own path", () => {
    // 1.0 sits under an unknown key next to Width, and in another object's Width; the Width read is 1.
    const body = edit(SEED3, '"Width": "500"', '"W": 1.0, "Width": 1').replace('"Width": "417"', '"Width": 417.0');
    expect(decodeErrors(body).map((e) => [e.path, e.message])).toEqual([[`${PROC}.Width`, "expected an integer, found 417.0"]]);
  });

  it("noting such numbers costs little: 900,000 beside 10,000 list items whose integer leaves are JSON numbers", () => {
    const objects = Array.from({ length: 10_000 }, (_, i) => `{"Key": "k${i}", "Width": 640, "Height": 360, "Size": ${i}, "Extra": [1.0, 2.5]}`).join(",");
    const floats = Array.from({ length: 9 }, (_, i) => `"F${i}": [${"1.0,".repeat(99_999)}1.0]`).join(", ");
    const body = edit(SEED3, '"ProcessResult": {', `"ProcessResults": {"Object": [${objects}]}, ${floats}, "ProcessResult": {`);
    decodePic(body); // warm up
    // Processor time, not the wall clock, which a loaded test run inflates.
    const start = process.cpuUsage();
    const r = decodePic(body);
    const used = process.cpuUsage(start);
    const ms = (used.user + used.system) / 1000;
    const objectsRead = r.payload.JobsDetail.Operation.PicProcessResult!.ProcessResults!.Object;
    expect(objectsRead[9_999]).toMatchObject({ Key: "k9999", Width: 640, Height: 360, Size: 9_999 });
    expect(r.warnings[0]).toMatchObject({ code: "unknown-field", path: `${PROC}s.Object[0].Extra` });
    expect(ms).toBeLessThan(2000);
  });

  it("a number written with a fraction where text is due is named as written", () => {
    expect(only(edit(SEED3, '"Value": "1024"', '"Value": 1.0'))).toMatchObject({ path: "JobsDetail.Input.CosHeaders[3].Value", code: "type", found: "the number 1.0" });
  });

  describe("a payload whose JSON sends native numbers (image audit)", () => {
    const AUDIT = readFileSync(join(ROOT, "spec/samples/image-audit-detail-callback/vendor-sample-2.json"), "utf8");
    const withOcr = (location: string) =>
      edit(AUDIT, '"PornInfo": {\n      "HitFlag": 0,', `"PornInfo": {\n      "OcrResults": [{"Text": "t", "Location": ${location}}],\n      "HitFlag": 0,`);

    it("decimal leaves keep taking numbers with a fraction or exponent", () => {
      const r = decodeCallback(withOcr('{"X": 1.0000000000000001, "Y": 1e2, "Height": 2.5, "Width": 10, "Rotate": -0.0}'));
      expect((r.payload as any).JobsDetail.PornInfo.OcrResults[0].Location).toStrictEqual({ X: 1, Y: 100, Height: 2.5, Width: 10, Rotate: 0 });
    });

    it("integer leaves and integer codes refuse them", () => {
      const body = edit(AUDIT, '"PornInfo": {\n      "HitFlag": 0,\n      "Score": 0,', '"PornInfo": {\n      "HitFlag": 0.0,\n      "Score": 1e1,');
      expect(decodeErrors(body).map((e) => [e.path, e.message])).toEqual([
        ["JobsDetail.PornInfo.HitFlag", "expected an integer, found 0.0"],
        ["JobsDetail.PornInfo.Score", "expected an integer, found 1e1"],
      ]);
    });
  });
});

describe("values the spec does not describe (lenient mode)", () => {
  const UNKNOWN = {
    empty: {},
    none: [],
    nested: [[1, 2], [3]],
    withNull: [null, 1, "x"],
    fraction: 1.5,
    integer: 7,
    yes: true,
    no: false,
    nothing: null,
    "a b": "x",
    "1x": "y",
    "Input.BucketId": "z",
    control: "\u0000\u0007",
    deep: { list: [{}, []] },
  };
  const withUnknown = () => {
    const j = JSON.parse(SEED3);
    j.Extra = UNKNOWN;
    j.JobsDetail.Extra = UNKNOWN;
    j.JobsDetail.Input.CosHeaders[1].Extra = UNKNOWN;
    return JSON.stringify(j, null, 2);
  };

  it("survive decode → encode (JSON) → decode unchanged, with the same warnings", () => {
    const first = decodePic(withUnknown());
    expect((first.payload.JobsDetail as any).Extra).toStrictEqual(UNKNOWN);
    const again = decodePic(encodeCallback(first.payload, { format: "json" }));
    deepStrictEqual(again.payload, first.payload);
    expect(again.warnings).toEqual(first.warnings);
    expect(first.warnings.map((w) => w.path)).toEqual(["JobsDetail.Input.CosHeaders[1].Extra", "JobsDetail.Extra", "Extra"]);
  });

  it("through XML, what XML cannot hold is refused with its path and why; nothing is dropped", () => {
    const errors = encodeErrors(decodePic(withUnknown()).payload);
    expect(errors.filter((e) => e.path.startsWith("JobsDetail.Extra")).map((e) => [e.path, e.code, e.found])).toEqual([
      ["JobsDetail.Extra.none", "type", "an empty list: XML has no empty list, and the name would vanish"],
      ["JobsDetail.Extra.nested[0]", "type", "a list inside a list: XML has no lists of lists, and the items would merge into one list"],
      ["JobsDetail.Extra.nested[1]", "type", "a list inside a list: XML has no lists of lists, and the items would merge into one list"],
      [childPath("JobsDetail.Extra", "a b"), "type", '"a b"'],
      [childPath("JobsDetail.Extra", "1x"), "type", '"1x"'],
      [
        "JobsDetail.Extra.control",
        "encoding",
        "U+0000 at index 0 of the text: XML 1.0 cannot carry U+0000, not even as a character reference (of the control characters it allows only tab, line feed and carriage return); JSON can",
      ],
      ["JobsDetail.Extra.deep.list[1]", "type", "a list inside a list: XML has no lists of lists, and the items would merge into one list"],
    ]);
    // The same values at the top and in a list item are refused there too, with their own paths.
    const paths = errors.map((e) => e.path);
    expect(paths).toContain("Extra.none");
    expect(paths).toContain("JobsDetail.Input.CosHeaders[1].Extra.none");
  });

  it("through XML, what XML can hold comes back as XML has it: text, '' for null and {}, a one-item list as its item", () => {
    const m = structuredClone(decodePic(SEED3).payload) as any;
    m.JobsDetail.Extra = { fraction: 1.5, integer: 7, yes: true, nothing: null, empty: {}, one: ["x"], list: [1, null, { k: 2 }], "Input.BucketId": "z", text: " spaced " };
    const back = decodePic(encodeCallback(m)).payload as any;
    expect(back.JobsDetail.Extra).toStrictEqual({ fraction: "1.5", integer: "7", yes: "true", nothing: "", empty: "", one: "x", list: ["1", "", { k: "2" }], "Input.BucketId": "z", text: " spaced " });
  });
});

describe("characters XML 1.0 cannot carry: kept in JSON, refused by the XML writer", () => {
  const model = () => structuredClone(decodePic(SEED3).payload) as any;

  it("\\u0000 decodes, re-encodes to JSON unchanged, and XML refuses it naming the character and the path", () => {
    const r = decodePic(edit(SEED3, "This is my", "This \\u0000 is my"));
    expect(r.payload.JobsDetail.Operation.UserData).toBe("This \u0000 is my PicProcess job.");
    const json = encodeCallback(r.payload, { format: "json" });
    expect(json).toContain("This \\u0000 is my");
    deepStrictEqual(decodePic(json).payload, r.payload);
    expect(encodeErrors(r.payload).map((e) => [e.path, e.code, e.message])).toEqual([
      [
        "JobsDetail.Operation.UserData",
        "encoding",
        "expected text XML 1.0 can carry, found U+0000 at index 5 of the text: XML 1.0 cannot carry U+0000, not even as a character reference (of the control characters it allows only tab, line feed and carriage return); JSON can",
      ],
    ]);
  });

  it("U+FFFF and a lone surrogate are refused by XML with their own reasons", () => {
    const m = model();
    m.JobsDetail.Operation.UserData = "a\uffff";
    m.JobsDetail.Operation.TemplateName = "b\ud800";
    expect(encodeErrors(m).map((x) => [x.path, x.code, x.found]).sort()).toEqual([
      ["JobsDetail.Operation.TemplateName", "encoding", "U+D800 at index 1 of the text: a lone surrogate, half of a UTF-16 pair, is no character"],
      ["JobsDetail.Operation.UserData", "encoding", "U+FFFF at index 1 of the text: U+FFFF is a noncharacter XML 1.0 excludes"],
    ]);
  });

  it("a lone surrogate is refused by the JSON writer too: the decoder would refuse what it wrote", () => {
    const m = model();
    m.JobsDetail.Operation.UserData = "b\udc00";
    m.JobsDetail["k\ud800"] = "v";
    expect(encodeErrors(m, "json").map((x) => [x.path, x.code]).sort()).toEqual([
      ["JobsDetail.Operation.UserData", "encoding"],
      [childPath("JobsDetail", "k\ud800"), "encoding"],
    ].sort());
  });
});
