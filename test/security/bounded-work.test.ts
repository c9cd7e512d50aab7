import { describe, expect, it } from "vitest";
import { CallbackDecodeError, DEFAULT_LIMITS, formatIssue } from "../../generated/src/index.js";
import { decodeErrors, decodePic, inJobsDetail, sample } from "../helpers.js";
import { measure } from "./measure.js";

/**
 * Work bounded by the body, whatever its shape. A decoder behind a public URL must answer
 * any body up to maxBytes with a model or a CallbackDecodeError, in bounded time and memory,
 * with a bounded list of issues. Each case below broke the decoder before (the figures in
 * the comments are what it did then, on this machine).
 */
const XML = sample("seed-sample-2.xml");
const MAX = DEFAULT_LIMITS.maxBytes;
/** `unit` repeated to fill about `bytes` characters. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.floor(bytes / unit.length));
/** Room left for a flood inside the seed under maxBytes. */
const ROOM = MAX - XML.length - 64;

function refused(body: string, options?: object): CallbackDecodeError {
  try {
    decodePic(body, options);
  } catch (e) {
    if (e instanceof CallbackDecodeError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("issue lists are bounded by maxIssues (default 100), ending with how many more", () => {
  it("5.5 million bad references spread over many texts: 100 errors and one too-many-issues, not a RangeError (was: Invalid string length)", () => {
    const body = inJobsDetail(fill(`<U>${"&x;".repeat(1000)}</U>`, ROOM));
    expect(body.length).toBeGreaterThan(16_000_000);
    const e = refused(body);
    expect(e.errors).toHaveLength(DEFAULT_LIMITS.maxIssues + 1);
    expect(e.errors.slice(0, -1).every((i) => i.code === "entity")).toBe(true);
    expect(e.errors.at(-1)).toMatchObject({ code: "too-many-issues", path: "" });
    expect(e.message.length).toBeLessThan(30_000);
  });

  it("a &#0; flood in one text is refused at once", () => {
    const e = refused(inJobsDetail(`<U>${fill("&#0;", ROOM)}</U>`));
    expect(e.errors.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxIssues + 1);
  });

  it("warnings past the cap are counted, not listed: one closing warning says how many", () => {
    const { warnings } = decodePic(inJobsDetail("<Extra>x</Extra>"));
    expect(warnings).toHaveLength(1);
    const many = decodePic(inJobsDetail(Array.from({ length: 250 }, (_, i) => `<U${i}>x</U${i}>`).join("")));
    expect(many.warnings).toHaveLength(DEFAULT_LIMITS.maxIssues + 1);
    expect(many.warnings.at(-1)).toMatchObject({ code: "too-many-issues", message: "150 more warnings not listed (maxIssues is 100)" });
  });

  it("the cap is an option", () => {
    const body = inJobsDetail(Array.from({ length: 30 }, () => "<U>&x;</U>").join(""));
    expect(decodeErrors(body, { maxIssues: 5 }).map((i) => i.code)).toEqual(["entity", "entity", "entity", "entity", "entity", "too-many-issues"]);
    expect(decodeErrors(body, { maxIssues: 1000 })).toHaveLength(30);
  });
});

describe("attributes count: against maxItems (with child elements), their names and values against maxTextLength", () => {
  it("1 million attributes on <Response> (was: 11–18 s, 1 million issues, a 73-million-character message): one too-large error", () => {
    const body = `<Response ${Array.from({ length: 1_000_000 }, (_, i) => `a${i}="v"`).join(" ")}>${XML.slice(XML.indexOf("<Response>") + 10)}`;
    const started = performance.now();
    const e = refused(body);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(e.errors.map((i) => i.code)).toEqual(["too-large"]);
    expect(e.errors[0]!.message).toMatch(/over maxItems \(100000\) child elements and attributes in one element at line 1, column \d+; reading stopped there/);
  });

  it("99,990 attributes on one element are within maxItems: each is a warning, listed up to the cap", () => {
    const body = XML.replace("<Response>", `<Response ${Array.from({ length: 99_990 }, (_, i) => `a${i}="v"`).join(" ")}>`);
    const { warnings } = decodePic(body);
    expect(warnings).toHaveLength(DEFAULT_LIMITS.maxIssues + 1);
    expect(warnings[0]).toMatchObject({ code: "attribute", path: "@a0" });
    expect(warnings.at(-1)!.message).toBe("99890 more warnings not listed (maxIssues is 100)");
  });

  it("attributes and child elements of one element add up against maxItems", () => {
    // 60 attributes and 60 child elements: 120 items, more than any element of the seed has.
    const body = inJobsDetail(`<P ${Array.from({ length: 60 }, (_, i) => `a${i}="v"`).join(" ")}>${"<c/>".repeat(60)}</P>`);
    expect(decodeErrors(body, { maxItems: 119 }).map((i) => [i.code, i.path])).toEqual([["too-large", "JobsDetail.P"]]);
    expect(decodePic(body, { maxItems: 120 }).warnings.map((w) => w.code)).toContain("unknown-field");
  });

  it("an attribute value or name over maxTextLength is refused while reading", () => {
    expect(decodeErrors(inJobsDetail(`<P a="${"v".repeat(101)}"/>`), { maxTextLength: 100 }).map((i) => i.code)).toEqual(["too-large"]);
    expect(decodeErrors(inJobsDetail(`<P ${"n".repeat(101)}="v"/>`), { maxTextLength: 100 }).map((i) => i.code)).toEqual(["too-large"]);
  });

  it("a JSON key is a name too: over maxTextLength it is refused while reading (escapes counted as the characters they stand for)", () => {
    const json = (key: string) => sample("seed-sample-3.json").replace('"Code": "Success"', `"${key}": 1, "Code": "Success"`);
    expect(decodeErrors(json("k".repeat(101)), { maxTextLength: 100 }).map((i) => [i.code, i.path])).toEqual([["too-large", "JobsDetail"]]);
    expect(decodePic(json("\\u0041".repeat(100)), { maxTextLength: 100 }).warnings.map((w) => w.code)).toEqual(["unknown-field"]);
  });
});

describe("values shown in messages are cut: a few dozen characters and the length", () => {
  it("an 8 MB attribute value is shown as its first characters and its length (was: copied whole into the warning)", () => {
    const { warnings } = decodePic(XML.replace("<Response>", `<Response note="${"v".repeat(8_000_000)}">`), { maxTextLength: 8_000_000 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message.length).toBeLessThan(200);
    expect(warnings[0]!.message).toContain("(8000000 characters)");
  });

  it("an 8 MB JSON key is cut in the path and the message", () => {
    const json = sample("seed-sample-3.json").replace('"Code": "Success"', `"${"k".repeat(8_000_000)}": 1, "Code": "Success"`);
    const { warnings } = decodePic(json, { maxTextLength: 8_000_000 });
    expect(warnings).toHaveLength(1);
    expect(formatIssue(warnings[0]!).length).toBeLessThan(300);
    expect(warnings[0]!.path).toContain("(8000000 characters)");
  });
});

describe("limits are checked while reading: any 16 MiB body is decoded or refused in under 2 s with a few times its size in extra memory", () => {
  // Each body is decoded in a process of its own (test/security/measure.ts), so that the peak memory is that decode's.
  // Figures here (2 cores, Node 20), before → after: over maxItems 1.35 s, +221 MiB → 0.07 s, +18 MiB.
  const shapes: [string, string, "decoded" | "refused"][] = [
    ["over maxItems in one element (16 MiB of <a/>)", inJobsDetail(`<P>${fill("<a/>", ROOM - 8)}</P>`), "refused"],
    ["elements spread under maxItems, over maxNodes", inJobsDetail(fill(`<P>${"<a/>".repeat(99_000)}</P>`, ROOM)), "refused"],
    ["leaf elements spread", inJobsDetail(fill(`<P>${"<a>x</a>".repeat(99_000)}</P>`, ROOM)), "refused"],
    ["nesting at the depth limit, repeated", inJobsDetail(fill("<a>".repeat(60) + "</a>".repeat(60), ROOM)), "refused"],
    ["attributes spread", inJobsDetail(fill("<a x='1' y='2' z='3'/>", ROOM)), "refused"],
    ["one 16 MiB text", inJobsDetail(`<U>${fill("x", ROOM - 8)}</U>`), "refused"],
    ["a reference flood in one text", inJobsDetail(`<U>${fill("&x;", ROOM - 8)}</U>`), "refused"],
    ["comments", inJobsDetail(fill("<!---->", ROOM)), "decoded"],
    ["CDATA sections", inJobsDetail(`<U>${fill("<![CDATA[x]]>", Math.min(ROOM, 6_000_000))}</U>`), "decoded"],
    ["processing instructions", inJobsDetail(fill("<?p?>", ROOM)), "decoded"],
    ["white space", inJobsDetail(fill(" ", ROOM)), "decoded"],
    ["a legitimate body of 100,000 list items (3.6 MB)", XML.replace("<CosHeaders>", "<CosHeaders><Key>x-cos-meta-k</Key><Value>0001024</Value></CosHeaders>".repeat(99_000) + "<CosHeaders>"), "decoded"],
  ];
  it.each(shapes)("%s", (_, body, outcome) => {
    const cost = measure(body);
    expect(cost.outcome, JSON.stringify(cost)).toBe(outcome);
    expect(cost.errors + cost.warnings).toBeLessThanOrEqual(2 * (DEFAULT_LIMITS.maxIssues + 1));
    expect(cost.cpuMs, JSON.stringify(cost)).toBeLessThan(2000);
    // The body itself is decoded from bytes into a string of its size: that is one of the few times.
    // A body that decodes holds its model too (a legitimate 100,000-item list: 7.7 times here).
    expect(cost.extraBytes, JSON.stringify(cost)).toBeLessThan((outcome === "refused" ? 6 : 10) * Math.max(cost.bytes, 4 * 1024 * 1024));
  });
});
