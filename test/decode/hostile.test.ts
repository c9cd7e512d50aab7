import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { type DecodeIssue, decodeCallback } from "../../generated/src/index.js";
import { UTF8_CHUNK, utf8Over } from "../../generated/src/runtime/input.js";
import { decodeErrors, sample, decodePic } from "../helpers.js";
import { edit } from "./assertions.js";

/**
 * Hostile and malformed bodies: DTDs and entity declarations, deep nesting, size limits,
 * prototype pollution, bad encodings, byte-order marks, and bodies that are no callback at
 * all. Times are measured only as generous bounds (a refusal must not take seconds).
 */

const SEED1 = sample("seed-sample-1.xml");
const SEED2 = sample("seed-sample-2.xml");
const SEED3 = sample("seed-sample-3.json");

/**
 * A hang guard, not a benchmark: these refusals take a few milliseconds, and the bound is
 * hundreds of times that, so only super-linear work (the bug these tests were written
 * against: 6 KB of "<a" took 10 s) can trip it. Speed itself is measured by scripts.
 */
const QUICK_MS = 2000;

/** Decodes and returns the errors with the time the refusal took. */
function timedErrors(body: string | Uint8Array, options?: Parameters<typeof decodeCallback>[1]): { errors: readonly DecodeIssue[]; ms: number } {
  const start = performance.now();
  const errors = decodeErrors(body, options);
  return { errors, ms: performance.now() - start };
}

/** Exactly one error, with this code, on the whole body. */
function expectOnly(errors: readonly DecodeIssue[], code: string): void {
  expect(errors.map((e) => `${e.code} ${e.path}`), JSON.stringify(errors)).toEqual([`${code} `]);
}

/** SEED1 with `xml` inserted inside JobsDetail, after Tag. */
function insideJobsDetail(xml: string): string {
  return edit(SEED1, "<Tag>PicProcess</Tag>", "<Tag>PicProcess</Tag>" + xml);
}

/** SEED3 with `json` (raw text) as the value of an extra key inside JobsDetail. */
function jsonInsideJobsDetail(key: string, json: string): string {
  return edit(SEED3, '"Tag": "PicProcess",', `"Tag": "PicProcess", ${JSON.stringify(key)}: ${json},`);
}

describe("DOCTYPE and ENTITY declarations are refused with 'dtd'", () => {
  const billionLaughs = [
    '<?xml version="1.0"?>',
    "<!DOCTYPE lolz [",
    ' <!ENTITY lol "lol">',
    ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
    ' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">',
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
    ' <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">',
    ' <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">',
    ' <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">',
    ' <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">',
    ' <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">',
    ' <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">',
    "]>",
  ].join("\n");

  it("billion laughs, quickly", () => {
    const body = billionLaughs + "\n" + SEED1.replace("This is my PicProcess job.", "&lol9;");
    const { errors, ms } = timedErrors(body);
    expectOnly(errors, "dtd");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("billion laughs as a Uint8Array, quickly", () => {
    const body = new TextEncoder().encode(billionLaughs + "\n<Response><EventName>&lol9;</EventName></Response>");
    const { errors, ms } = timedErrors(body);
    expectOnly(errors, "dtd");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("an external entity (SYSTEM file:///etc/passwd), quickly", () => {
    const body = '<?xml version="1.0"?>\n<!DOCTYPE Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + SEED1.replace("This is my PicProcess job.", "&xxe;");
    const { errors, ms } = timedErrors(body);
    expectOnly(errors, "dtd");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("an external DTD (DOCTYPE ... SYSTEM)", () => {
    expectOnly(decodeErrors('<!DOCTYPE Response SYSTEM "http://example.com/evil.dtd">\n' + SEED1), "dtd");
  });

  it("a bare DOCTYPE without entities", () => {
    expectOnly(decodeErrors("<!DOCTYPE Response>\n" + SEED1), "dtd");
  });

  it("a lower-case doctype", () => {
    expectOnly(decodeErrors("<!doctype Response>\n" + SEED1), "dtd");
  });

  it("the 'dtd' error says what was expected and found", () => {
    const [e] = decodeErrors("<!DOCTYPE Response>\n" + SEED1);
    expect(typeof e!.expected).toBe("string");
    expect(typeof e!.found).toBe("string");
  });

  it("a DOCTYPE after a comment that contains the text <![CDATA[", () => {
    // The comment ends at -->; the DOCTYPE that follows is a real declaration.
    const body = '<!--<![CDATA[--><!DOCTYPE Response [<!ENTITY x "y">]><!--]]>-->\n' + SEED1;
    expectOnly(decodeErrors(body), "dtd");
  });

  it("is not fooled by DOCTYPE text inside CDATA, which is data", () => {
    const r = decodePic(SEED1.replace("This is my PicProcess job.", "<![CDATA[<!DOCTYPE x [<!ENTITY y 'z'>]>]]>"));
    expect(r.payload.JobsDetail.Operation.UserData).toBe("<!DOCTYPE x [<!ENTITY y 'z'>]>");
  });

  it("is not fooled by a DOCTYPE inside a comment, which is ignored", () => {
    expect(decodePic("<!-- <!DOCTYPE x> -->\n" + SEED1).payload).toStrictEqual(decodePic(SEED1).payload);
  });
});

describe("nesting deeper than the limit is 'too-deep'", () => {
  it("10,000 nested unknown elements inside JobsDetail, quickly", () => {
    const body = insideJobsDetail("<A>".repeat(10_000) + "x" + "</A>".repeat(10_000));
    const { errors, ms } = timedErrors(body);
    expectOnly(errors, "too-deep");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("10,000 nested unknown elements with attributes inside JobsDetail", () => {
    const body = insideJobsDetail('<A x="1">'.repeat(10_000) + "x" + "</A>".repeat(10_000));
    expectOnly(decodeErrors(body), "too-deep");
  });

  it("10,000 nested unknown elements whose attribute value contains />", () => {
    // Attribute values may hold "/>"; the element is still an open tag, not a self-closing one.
    const body = insideJobsDetail('<A x="/>">'.repeat(10_000) + "x" + "</A>".repeat(10_000));
    expectOnly(decodeErrors(body), "too-deep");
  });

  it("10,000 unclosed nested elements (also truncated) are refused quickly", () => {
    const { errors, ms } = timedErrors("<Response><JobsDetail>" + "<A>".repeat(10_000));
    expect(errors).toHaveLength(1);
    expect(["too-deep", "syntax"]).toContain(errors[0]!.code);
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("10,000 nested JSON arrays inside JobsDetail, quickly", () => {
    const { errors, ms } = timedErrors(jsonInsideJobsDetail("Deep", "[".repeat(10_000) + "]".repeat(10_000)));
    expectOnly(errors, "too-deep");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("10,000 nested JSON objects inside JobsDetail", () => {
    const body = jsonInsideJobsDetail("Deep", '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000));
    expectOnly(decodeErrors(body), "too-deep");
  });

  it("10,000 nested JSON arrays as the whole body", () => {
    expectOnly(decodeErrors("[".repeat(10_000) + "]".repeat(10_000)), "too-deep");
  });

  it("brackets inside JSON strings do not count as nesting", () => {
    const r = decodePic(jsonInsideJobsDetail("Text", JSON.stringify("[{".repeat(10_000) + '\\"')));
    expect(typeof (r.payload.JobsDetail as unknown as Record<string, unknown>).Text).toBe("string");
  });

  it("moderate nesting of unknown elements within the default limit is kept", () => {
    const r = decodePic(insideJobsDetail("<A>".repeat(20) + "x" + "</A>".repeat(20)));
    let v: unknown = (r.payload.JobsDetail as unknown as Record<string, unknown>).A;
    for (let i = 1; i < 20; i++) v = (v as Record<string, unknown>).A;
    expect(v).toBe("x");
  });

  it("options.maxDepth raises the limit: 300 nested unknown elements are kept whole with maxDepth 400, refused at the default (64)", () => {
    // First in JobsDetail, so that every other child of JobsDetail is read after the reader came back from depth 300.
    const body = edit(SEED1, "<JobsDetail>", "<JobsDetail>" + "<A>".repeat(300) + "x" + "</A>".repeat(300));
    expectOnly(decodeErrors(body), "too-deep");
    const r = decodePic(body, { maxDepth: 400 });
    const { A, ...rest } = r.payload.JobsDetail as unknown as Record<string, unknown>;
    let v: unknown = A;
    for (let i = 1; i < 300; i++) v = (v as Record<string, unknown>).A;
    expect(v).toBe("x");
    expect({ ...r.payload, JobsDetail: rest }).toStrictEqual(decodePic(SEED1).payload);
    expect(r.warnings.map((w) => w.code)).toEqual(["unknown-field"]);
  });

  it("options.maxDepth lowers the limit, for XML and JSON", () => {
    expectOnly(decodeErrors(SEED1, { maxDepth: 3 }), "too-deep");
    expectOnly(decodeErrors(SEED3, { maxDepth: 3 }), "too-deep");
    expect(decodePic(SEED1, { maxDepth: 10 }).payload).toStrictEqual(decodePic(SEED1).payload);
    expect(decodePic(SEED3, { maxDepth: 10 }).payload).toStrictEqual(decodePic(SEED3).payload);
  });
});

describe("a body larger than options.maxBytes is 'too-large'", () => {
  const size = (s: string) => new TextEncoder().encode(s).byteLength;

  it.each([
    ["XML string", SEED1],
    ["JSON string", SEED3],
  ])("%s", (_what, body) => {
    expectOnly(decodeErrors(body, { maxBytes: 100 }), "too-large");
    expectOnly(decodeErrors(body, { maxBytes: size(body) - 1 }), "too-large");
  });

  it.each([
    ["XML bytes", SEED1],
    ["JSON bytes", SEED3],
  ])("%s", (_what, body) => {
    const bytes = new TextEncoder().encode(body);
    expectOnly(decodeErrors(bytes, { maxBytes: bytes.byteLength - 1 }), "too-large");
  });

  it("a body of exactly maxBytes is accepted", () => {
    expect(decodePic(SEED1, { maxBytes: size(SEED1) }).kind).toBe("PicProcessCallback");
    expect(decodePic(new TextEncoder().encode(SEED3), { maxBytes: size(SEED3) }).kind).toBe("PicProcessCallback");
  });

  it("the limit counts UTF-8 bytes, not string characters", () => {
    const body = SEED1.replace("This is my PicProcess job.", "中".repeat(100));
    expect(body.length).toBeLessThan(size(body) - 100);
    expectOnly(decodeErrors(body, { maxBytes: body.length + 50 }), "too-large");
  });

  it("a string body's UTF-8 size is counted as TextEncoder counts it, in chunks that never cut a surrogate pair", () => {
    // utf8Over encodes UTF8_CHUNK characters at a time into one kept array: pairs and lone halves on every side of a chunk's end.
    const CHUNK = UTF8_CHUNK;
    const bodies = [
      "a".repeat(CHUNK - 1) + "\u{1F600}" + "b".repeat(10), // a pair across the first chunk's end
      "a".repeat(CHUNK - 2) + "\u{1F600}", // a pair that ends the chunk
      "a".repeat(CHUNK - 1) + "\uD800" + "b", // a lone high half at the chunk's end
      "a".repeat(CHUNK - 1) + "\uDC00" + "\uD800", // lone halves on both sides
      "\u{1F600}".repeat(CHUNK + 3), // pairs across every chunk's end
      "中".repeat(2 * CHUNK + 5), // three bytes a character, chunks full
      "x".repeat(3 * CHUNK + 7),
      "",
    ];
    for (const body of bodies) {
      const bytes = size(body);
      expect(utf8Over(body, bytes), `${body.length} characters, ${bytes} bytes`).toBe(false);
      if (bytes > 0) expect(utf8Over(body, bytes - 1), `${body.length} characters, ${bytes} bytes`).toBe(true);
    }
    // Through decode: a body of three-byte characters whose size in characters is under the limit and in bytes over it.
    const wide = SEED1.replace("This is my PicProcess job.", "中".repeat(CHUNK + 1));
    expectOnly(decodeErrors(wide, { maxBytes: size(wide) - 1 }), "too-large");
    expect(decodePic(wide, { maxBytes: size(wide) }).payload).toStrictEqual(decodePic(wide).payload);
  });

  it("a too-large refusal is quick even for a huge hostile body", () => {
    const huge = "<Response>" + "<A>".repeat(2_000_000);
    const { errors, ms } = timedErrors(huge, { maxBytes: 1024 });
    expectOnly(errors, "too-large");
    expect(ms).toBeLessThan(QUICK_MS);
  });
});

describe("__proto__, constructor and prototype are kept as plain data", () => {
  function expectNoPollution(jobsDetail: object): void {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    expect(Object.getPrototypeOf(jobsDetail)).toBe(Object.prototype);
    for (const key of ["__proto__", "constructor", "prototype"]) {
      expect(Object.prototype.hasOwnProperty.call(jobsDetail, key), `JobsDetail should own ${key}`).toBe(true);
    }
  }

  it("as XML elements inside JobsDetail", () => {
    const body = insideJobsDetail(
      "<__proto__><polluted>yes</polluted></__proto__>" + "<constructor><prototype><polluted>yes</polluted></prototype></constructor>" + "<prototype>p</prototype>",
    );
    const r = decodePic(body);
    const jd = r.payload.JobsDetail as unknown as Record<string, unknown>;
    expectNoPollution(jd);
    expect(Object.getOwnPropertyDescriptor(jd, "__proto__")!.value).toStrictEqual({ polluted: "yes" });
    expect(Object.getOwnPropertyDescriptor(jd, "constructor")!.value).toStrictEqual({ prototype: { polluted: "yes" } });
    expect(Object.getOwnPropertyDescriptor(jd, "prototype")!.value).toBe("p");
    expect(r.payload.JobsDetail.JobId).toBe("c93984788066911ed89ed352d4d9d2084");
    for (const key of ["__proto__", "constructor", "prototype"]) {
      expect(r.warnings.some((w) => w.path === `JobsDetail.${key}` && w.code === "unknown-field"), key).toBe(true);
    }
  });

  it("as JSON keys inside JobsDetail", () => {
    const body = edit(SEED3, '"Tag": "PicProcess",', '"Tag": "PicProcess", "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": "p",');
    const r = decodePic(body);
    const jd = r.payload.JobsDetail as unknown as Record<string, unknown>;
    expectNoPollution(jd);
    expect(Object.getOwnPropertyDescriptor(jd, "__proto__")!.value).toStrictEqual({ polluted: "yes" });
    expect(Object.getOwnPropertyDescriptor(jd, "prototype")!.value).toBe("p");
    for (const key of ["__proto__", "constructor", "prototype"]) {
      expect(r.warnings.some((w) => w.path === `JobsDetail.${key}` && w.code === "unknown-field"), key).toBe(true);
    }
  });

  it("as XML elements nested inside an unknown element", () => {
    const r = decodePic(insideJobsDetail("<Foo><__proto__><polluted>yes</polluted></__proto__></Foo>"));
    const foo = (r.payload.JobsDetail as unknown as Record<string, unknown>).Foo as object;
    expect(Object.getPrototypeOf(foo)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(foo, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("as XML elements and JSON keys in the Response itself", () => {
    const xml = decodePic(SEED1.replace("<EventName>", "<__proto__><polluted>yes</polluted></__proto__><EventName>"));
    expect(Object.getPrototypeOf(xml.payload)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(xml.payload, "__proto__")).toBe(true);
    const json = decodePic(SEED3.replace("{", '{"__proto__": {"polluted": "yes"},'));
    expect(Object.getPrototypeOf(json.payload)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(json.payload, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("strict mode refuses them as unknown fields", () => {
    const errors = decodeErrors(insideJobsDetail("<__proto__><polluted>yes</polluted></__proto__>"), { strict: true });
    expect(errors.some((e) => e.path === "JobsDetail.__proto__" && e.code === "unknown-field")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("bytes that are not UTF-8 are 'encoding'", () => {
  const enc = new TextEncoder();
  function withBytes(text: string, at: number, bytes: number[]): Uint8Array {
    const b = enc.encode(text);
    return new Uint8Array([...b.subarray(0, at), ...bytes, ...b.subarray(at)]);
  }

  it.each([
    ["FF FE in XML", SEED1, [0xff, 0xfe]],
    ["FF FE in JSON", SEED3, [0xff, 0xfe]],
    ["a lone continuation byte in XML", SEED1, [0x80]],
    ["an overlong encoding (C0 80) in JSON", SEED3, [0xc0, 0x80]],
    ["an encoded surrogate (ED A0 80) in XML", SEED1, [0xed, 0xa0, 0x80]],
    ["a truncated sequence (E4 B8) in XML", SEED1, [0xe4, 0xb8]],
  ] as const)("%s", (_what, text, bytes) => {
    // Insert inside UserData so the invalid bytes sit in text the model would keep.
    const at = enc.encode(text.slice(0, text.indexOf("This is my"))).byteLength;
    expectOnly(decodeErrors(withBytes(text, at, [...bytes])), "encoding");
  });

  it("a truncated multi-byte sequence at the very end", () => {
    expectOnly(decodeErrors(withBytes(SEED3, enc.encode(SEED3).byteLength, [0xe4])), "encoding");
  });
});

describe("a UTF-8 byte-order mark is accepted", () => {
  const BOM = [0xef, 0xbb, 0xbf];
  it.each([
    ["XML", SEED2],
    ["JSON", SEED3],
  ])("%s as bytes EF BB BF", (_what, text) => {
    const bytes = new Uint8Array([...BOM, ...new TextEncoder().encode(text)]);
    const r = decodePic(bytes);
    expect(r.payload).toStrictEqual(decodePic(text).payload);
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ["XML", SEED2],
    ["JSON", SEED3],
  ])("%s as a \\uFEFF string prefix", (_what, text) => {
    expect(decodePic("\uFEFF" + text).payload).toStrictEqual(decodePic(text).payload);
  });

  it("with an explicit format", () => {
    expect(decodePic("\uFEFF" + SEED1, { format: "xml" }).kind).toBe("PicProcessCallback");
    expect(decodePic("\uFEFF" + SEED3, { format: "json" }).kind).toBe("PicProcessCallback");
  });

  it("a body that is only a BOM is refused as empty ('format')", () => {
    expectOnly(decodeErrors("\uFEFF"), "format");
    expectOnly(decodeErrors(new Uint8Array(BOM)), "format");
  });
});

describe("bodies that are neither XML nor JSON are 'format'", () => {
  it.each([
    ["an empty string", ""],
    ["whitespace only", "  \n\t\r\n  "],
    ["plain text", "hello"],
    ["a form body", "EventName=TaskFinish&JobsDetail=x"],
    ["a JSON string", '"<Response/>"'],
    ["a JSON number", "42"],
  ])("%s", (_what, body) => {
    const errors = decodeErrors(body);
    expectOnly(errors, "format");
  });

  it("an empty Uint8Array", () => {
    expectOnly(decodeErrors(new Uint8Array(0)), "format");
  });

  it("whitespace-only bytes", () => {
    expectOnly(decodeErrors(new TextEncoder().encode(" \n ")), "format");
  });
});

describe("malformed bodies are refused quickly", () => {
  // A few kilobytes of unterminated tags must be refused in milliseconds, like any other
  // malformed body: a pre-parse scan must not backtrack over the whole body at every '<'.
  it("3,000 unterminated '<a' tags (6 KB)", () => {
    const { errors, ms } = timedErrors("<a".repeat(3_000));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("syntax");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("one 150,000-character unterminated tag name", () => {
    const { errors, ms } = timedErrors("<Response><" + "a".repeat(150_000));
    expect(errors[0]!.code).toBe("syntax");
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("60,000 unterminated CDATA openers inside the root (540 KB)", () => {
    const { errors, ms } = timedErrors("<Response>" + "<![CDATA[".repeat(60_000));
    expect(errors[0]!.code).toBe("syntax");
    expect(ms).toBeLessThan(QUICK_MS);
  });
});

/**
 * The JSON decoders read each node under its constant name, so a value Object.prototype holds
 * under that name is read too when the object lacks it (see quickJsonLeaf, emptyJsonLeaf and
 * takeField): it must be told apart from the object's own, and lend the model nothing.
 */
describe("a polluted Object.prototype lends the JSON decoders nothing", () => {
  const MODERATION = readFileSync(new URL("../../spec/samples/image-audit-detail-callback/vendor-sample-2.json", import.meta.url), "utf8");
  const LENT: Record<string, unknown> = { Url: "https://lent.example/", Category: "", Text: "", CompressionResult: 0, Code: "Lent", PornInfo: { HitFlag: 1 } };
  function polluted<T>(enumerable: boolean, run: () => T): T {
    for (const [name, value] of Object.entries(LENT)) Object.defineProperty(Object.prototype, name, { value, enumerable, configurable: true, writable: true });
    try {
      return run();
    } finally {
      for (const name of Object.keys(LENT)) delete (Object.prototype as Record<string, unknown>)[name];
    }
  }
  const clean = (body: string) => {
    const r = decodeCallback(body);
    return { payload: JSON.parse(JSON.stringify(r.payload)) as unknown, warnings: r.warnings };
  };

  it.each([false, true])("the moderation sample (own Category and Text empty, no Url or Code), enumerable %s: the same model and warnings", (enumerable) => {
    const expected = clean(MODERATION);
    const r = polluted(enumerable, () => decodeCallback(MODERATION));
    const jd = (r.payload as unknown as { JobsDetail: Record<string, unknown> }).JobsDetail;
    for (const name of ["Url", "Code", "Category", "Text"]) expect(Object.prototype.hasOwnProperty.call(jd, name), name).toBe(false);
    expect(JSON.parse(JSON.stringify(r.payload))).toStrictEqual(expected.payload);
    expect(r.warnings).toStrictEqual(expected.warnings);
  });

  it.each([false, true])("without its own Category, CompressionResult and PornInfo but with an unknown key, enumerable %s: none lent, the unknown key kept and reported", (enumerable) => {
    // JobsDetail's own Category is its first (the scenes' come after it). One lent "" and one
    // unknown key: were the lent one counted as taken, the counts would match and hide the unknown one.
    const body = MODERATION.replace(/"Category": "",(\s*"SubLabel": "",)/, '"Extra": "kept",$1').replace('"CompressionResult": 0,', "").replace(/"PornInfo": \{[^}]*\},/, "");
    for (const gone of ['"CompressionResult"', '"PornInfo"']) expect(body.indexOf(gone), gone).toBe(-1);
    expect(body.match(/"Category"/g)).toHaveLength(1); // AdsInfo's
    const expected = clean(body);
    const r = polluted(enumerable, () => decodeCallback(body));
    const jd = (r.payload as unknown as { JobsDetail: Record<string, unknown> }).JobsDetail;
    for (const name of Object.keys(LENT)) expect(Object.prototype.hasOwnProperty.call(jd, name), name).toBe(false);
    expect(jd.Extra).toBe("kept");
    expect(JSON.parse(JSON.stringify(r.payload))).toStrictEqual(expected.payload);
    expect(r.warnings.map((w) => `${w.code} ${w.path}`)).toEqual(["unknown-field JobsDetail.Extra"]);
  });
});
