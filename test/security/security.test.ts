import { beforeAll, describe, expect, it } from "vitest";
import { type DecodeOptions, DEFAULT_LIMITS, encodeCallback } from "../../generated/src/index.js";
import { check } from "../fuzz/oracle.js";
import { decodeErrors, decodePic, inJobsDetail, sample } from "../helpers.js";

/**
 * A callback endpoint is public: anyone can POST anything to it. Each case below says why it
 * exists. Every case runs through the fuzzer's oracle: it must end in CallbackDecodeError (with
 * a code and a path on every error) or in a documented acceptance (a model that validates and
 * re-encodes unchanged), with no prototype changed, within a hang guard of 2 s (the real
 * answers take milliseconds; the guard only trips on super-linear work).
 */
const GUARD_MS = 2000;
const XML = sample("seed-sample-2.xml");
const JSON_BODY = sample("seed-sample-3.json");
const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

/** The errors of a refused body; with the default options, the oracle must call it a refusal too. */
function refusal(body: string | Uint8Array, options?: DecodeOptions) {
  if (options === undefined) expect(check(typeof body === "string" ? bytes(body) : body, GUARD_MS).kind).toBe("refused");
  return decodeErrors(body, options);
}

function accepted(body: string | Uint8Array) {
  expect(check(typeof body === "string" ? bytes(body) : body, GUARD_MS)).toEqual({ kind: "decoded" });
  return decodePic(body);
}

// The guard is for super-linear work, not for the first call's compilation: one decode, validate and
// re-encode of each format first (under a loaded machine that first call alone took over 2 s once).
beforeAll(() => {
  check(bytes(XML), 60_000);
  check(bytes(JSON_BODY), 60_000);
});


describe("entity expansion and DTDs are refused ('dtd')", () => {
  const cases: [string, string, string][] = [
    [
      "billion laughs",
      "ten nested entities of ten references each expand a 1 KB body to 1 GB",
      `<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>${XML.replace("TaskFinish", "&d;")}`,
    ],
    ["quadratic blow-up", "one 50 KB entity referenced 5,000 times needs no nesting to reach 250 MB", `<!DOCTYPE r [<!ENTITY x "${"x".repeat(50_000)}">]>${XML.replace("This is my PicProcess job.", "&x;".repeat(5000))}`],
    ["external entity", "a SYSTEM entity reads local files or makes requests (XXE)", `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${XML.replace("This is my PicProcess job.", "&x;")}`],
    ["external DTD", "fetching a DTD is a request to a host the sender chooses", `<!DOCTYPE Response SYSTEM "http://127.0.0.1:9/evil.dtd">${XML}`],
    ["parameter entities", "parameter entities run inside the DTD itself, before any element", `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]>${XML}`],
  ];
  it.each(cases)("%s — %s", (_name, _reason, body) => {
    expect(refusal(body).map((e) => [e.code, e.path])).toEqual([["dtd", ""]]);
  });

  it("a DOCTYPE inside CDATA is data, not a declaration — and is kept exactly", () => {
    const body = XML.replace("This is my PicProcess job.", "<![CDATA[<!DOCTYPE x [<!ENTITY a 'b'>]>]]>");
    expect(accepted(body).payload.JobsDetail.Operation.UserData).toBe("<!DOCTYPE x [<!ENTITY a 'b'>]>");
  });
});

describe("nesting is bounded ('too-deep'), in XML and JSON — a recursive reader would exhaust the stack", () => {
  it("100,000 nested elements", () => {
    expect(refusal(inJobsDetail("<a>".repeat(100_000) + "</a>".repeat(100_000))).map((e) => e.code)).toEqual(["too-deep"]);
  });
  it("100,000 nested JSON arrays", () => {
    expect(refusal(JSON_BODY.replace('"Code": "Success"', `"Deep": ${"[".repeat(100_000)}${"]".repeat(100_000)}, "Code": "Success"`)).map((e) => e.code)).toEqual(["too-deep"]);
  });
  it(`the limit (default ${DEFAULT_LIMITS.maxDepth}) is configurable`, () => {
    const body = inJobsDetail("<a><b><c>x</c></b></a>");
    expect(accepted(body).warnings.map((w) => w.path)).toEqual(["JobsDetail.a"]);
    expect(refusal(body, { maxDepth: 4 }).map((e) => e.code)).toEqual(["too-deep"]);
  });
});

describe("sizes are bounded ('too-large') with defaults generous for every legitimate payload", () => {
  it("a body over maxBytes is refused before it is parsed — memory is the attacker's lever", () => {
    const big = XML.replace("This is my PicProcess job.", "x".repeat(DEFAULT_LIMITS.maxBytes));
    expect(refusal(big).map((e) => e.code)).toEqual(["too-large"]);
    expect(refusal(bytes(big)).map((e) => e.code)).toEqual(["too-large"]);
  });

  it("a legitimate body of several MB with thousands of list items decodes with the defaults", () => {
    const headers = "<CosHeaders><Key>x-cos-meta-k</Key><Value>0001024</Value></CosHeaders>".repeat(40_000);
    const objects = "<Object><Key>snap/out.jpg</Key><Format>jpg</Format><Width>640</Width><Height>360</Height><Size>12345</Size></Object>".repeat(10_000);
    const body = XML.replace("<CosHeaders>", `${headers}<CosHeaders>`).replace("<ProcessResult>", `<ProcessResults>${objects}</ProcessResults><ProcessResult>`);
    expect(body.length).toBeGreaterThan(3_500_000);
    const { payload } = decodePic(body);
    expect(payload.JobsDetail.Input.CosHeaders).toHaveLength(40_004);
    expect(payload.JobsDetail.Operation.PicProcessResult!.ProcessResults!.Object).toHaveLength(10_000);
  });

  it("a text node over maxTextLength is refused at its path, and the limit is configurable", () => {
    const body = XML.replace("This is my PicProcess job.", "y".repeat(2000));
    expect(refusal(body, { maxTextLength: 1000 }).map((e) => [e.code, e.path])).toEqual([["too-large", "JobsDetail.Operation.UserData"]]);
    expect(decodePic(body, { maxTextLength: 2000 }).payload.JobsDetail.Operation.UserData).toHaveLength(2000);
    const json = JSON_BODY.replace("This is my PicProcess job.", "y".repeat(2000));
    expect(refusal(json, { maxTextLength: 1000 }).map((e) => [e.code, e.path])).toEqual([["too-large", "JobsDetail.Operation.UserData"]]);
  });

  it("a sibling list over maxItems is refused at its container, and the limit is configurable", () => {
    const body = XML.replace("<CosHeaders>", "<CosHeaders><Key>k</Key><Value>v</Value></CosHeaders>".repeat(100) + "<CosHeaders>");
    expect(refusal(body, { maxItems: 50 }).map((e) => [e.code, e.path])).toEqual([["too-large", "JobsDetail.Input"]]);
    expect(decodePic(body, { maxItems: 200 }).payload.JobsDetail.Input.CosHeaders).toHaveLength(104);
    const json = JSON.stringify({ ...JSON.parse(JSON_BODY), EventName: "TaskFinish" }).replace('"CosHeaders":[', `"CosHeaders":[${'{"Key":"k","Value":"v"},'.repeat(100)}`);
    expect(refusal(json, { maxItems: 50 }).map((e) => [e.code, e.path])).toEqual([["too-large", "JobsDetail.Input.CosHeaders"]]);
  });
});

describe("maxItems is counted the same way in XML and JSON", () => {
  const withObjects = (n: number) => {
    const m = structuredClone(decodePic(XML).payload) as any;
    m.JobsDetail.Operation.PicProcessResult.ProcessResults = { Object: Array.from({ length: n }, (_, i) => ({ Key: `k${i}` })) };
    return m;
  };

  it("a list over the limit is one error at its place, with no follow-on 'missing' for a required list", () => {
    const m = withObjects(20);
    expect(refusal(encodeCallback(m, { format: "json" }), { maxItems: 15 }).map((e) => [e.code, e.path])).toEqual([["too-large", "JobsDetail.Operation.PicProcessResult.ProcessResults.Object"]]);
    expect(refusal(encodeCallback(m, { format: "xml" }), { maxItems: 15 }).map((e) => [e.code, e.path])).toEqual([["too-large", "JobsDetail.Operation.PicProcessResult.ProcessResults"]]);
  });

  it("counts child elements, not the white space between them: 12 indented elements fit a limit of 12", () => {
    const m = withObjects(12);
    expect(decodePic(encodeCallback(m, { format: "xml" }), { maxItems: 12 }).payload.JobsDetail.Operation.PicProcessResult!.ProcessResults!.Object).toHaveLength(12);
    expect(decodePic(encodeCallback(m, { format: "json" }), { maxItems: 12 }).payload.JobsDetail.Operation.PicProcessResult!.ProcessResults!.Object).toHaveLength(12);
  });
});

describe("many errors stay linear", () => {
  it("40,000 broken list items, with maxIssues raised, give 40,000 errors within the hang guard — reporting must not be quadratic (it took 15 s once)", () => {
    const body = XML.replace("<CosHeaders>", "<CosHeaders><Key><x/></Key><Value>v</Value></CosHeaders>".repeat(40_000) + "<CosHeaders>");
    const started = performance.now();
    const errors = decodeErrors(body, { maxIssues: 50_000 });
    expect(performance.now() - started).toBeLessThan(GUARD_MS);
    expect(errors).toHaveLength(40_000);
    expect(errors[39_999]).toMatchObject({ code: "type", path: "JobsDetail.Input.CosHeaders[39999].Key" });
  });
  it("with the default cap the same body stops at 100 errors and says so", () => {
    const body = XML.replace("<CosHeaders>", "<CosHeaders><Key><x/></Key><Value>v</Value></CosHeaders>".repeat(40_000) + "<CosHeaders>");
    const errors = refusal(body);
    expect(errors).toHaveLength(DEFAULT_LIMITS.maxIssues + 1);
    expect(errors[DEFAULT_LIMITS.maxIssues]).toMatchObject({ code: "too-many-issues", path: "" });
  });
});

describe("__proto__, constructor and prototype are data — a name must never reach a prototype", () => {
  const names = ["__proto__", "constructor", "prototype"];
  it.each(names)("<%s> elements are kept as own properties", (name) => {
    const { payload, warnings } = accepted(inJobsDetail(`<${name}><polluted>yes</polluted></${name}>`));
    expect(Object.getOwnPropertyDescriptor(payload.JobsDetail, name)?.value).toEqual({ polluted: "yes" });
    expect(Object.getPrototypeOf(payload.JobsDetail)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(["unknown-field"]);
  });
  it.each(names)('"%s" JSON keys are kept as own properties', (name) => {
    const { payload } = accepted(JSON_BODY.replace('"Code": "Success"', `"${name}": {"polluted": "yes"}, "Code": "Success"`));
    expect(Object.getOwnPropertyDescriptor(payload.JobsDetail, name)?.value).toEqual({ polluted: "yes" });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("encodings", () => {
  it("invalid UTF-8 in a Uint8Array is refused ('encoding') — a replacement character would alter data", () => {
    const body = bytes(XML);
    const at = XML.indexOf("This is my");
    const broken = new Uint8Array([...body.subarray(0, at), 0xc3, 0x28, ...body.subarray(at)]);
    expect(refusal(broken).map((e) => e.code)).toEqual(["encoding"]);
  });
  it("a UTF-8 byte-order mark is accepted — some senders write one", () => {
    expect(accepted(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(XML)])).payload.EventName).toBe("TaskFinish");
    expect(accepted(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(JSON_BODY)])).payload.EventName).toBe("TaskFinish");
  });
});

describe("XML features no callback uses are accepted as documented", () => {
  it("attributes are reported ('attribute' warning) and not kept; strict mode refuses them", () => {
    const body = XML.replace("<Region>ap-chongqing</Region>", '<Region zone="a">ap-chongqing</Region>');
    const { payload, warnings } = accepted(body);
    expect(payload.JobsDetail.Input.Region).toBe("ap-chongqing");
    expect(warnings.map((w) => [w.code, w.path])).toEqual([["attribute", "JobsDetail.Input.Region.@zone"]]);
    expect(refusal(body, { strict: true }).map((e) => e.code)).toEqual(["attribute"]);
  });
  it("namespaces: an xmlns declaration is not data (no warning); a prefixed name is another name (kept as unknown)", () => {
    const body = XML.replace("<Response>", '<Response xmlns:ci="urn:ci">').replace("<Code>Success</Code>", "<Code>Success</Code><ci:Note>n</ci:Note>");
    const { payload, warnings } = accepted(body);
    expect((payload.JobsDetail as unknown as Record<string, unknown>)["ci:Note"]).toBe("n");
    expect(warnings.map((w) => w.code).sort()).toEqual(["unknown-field"]);
  });
  it("comments and processing instructions are ignored; the text around them is kept", () => {
    const body = XML.replace("This is my PicProcess job.", "This <!-- c --> is<?pi x?> mine").replace("<Response>", "<?xml version='1.0'?><!-- c --><Response>");
    expect(accepted(body).payload.JobsDetail.Operation.UserData).toBe("This  is mine");
  });
  it("mixed content: text beside elements in a container is reported and not kept; text alone is a type error", () => {
    const mixed = XML.replace("<Input>", "<Input>stray");
    expect(accepted(mixed).warnings.map((w) => [w.code, w.path])).toEqual([["mixed-content", "JobsDetail.Input"]]);
    expect(refusal(mixed, { strict: true }).map((e) => e.code)).toEqual(["mixed-content"]);
    const only = XML.replace(/<Workflow>[\s\S]*<\/Workflow>/, "<Workflow>text</Workflow>");
    expect(refusal(only).map((e) => [e.code, e.path])).toEqual([["type", "JobsDetail.Workflow"]]);
  });
});

describe("shapes that cannot be trusted are refused", () => {
  it("a repeated element the spec says is single ('duplicate') — which copy is right cannot be known", () => {
    const body = XML.replace("<State>Success</State>", "<State>Success</State><State>Failed</State>");
    expect(refusal(body).map((e) => [e.code, e.path])).toEqual([["duplicate", "JobsDetail.State"]]);
  });
  it("JSON with a duplicate key ('duplicate') — JSON.parse would keep the last copy silently", () => {
    const body = JSON_BODY.replace('"State": "Success",', '"State": "Success", "State": "Failed",');
    expect(refusal(body).map((e) => [e.code, e.path])).toEqual([["duplicate", "JobsDetail.State"]]);
  });
  it("JSON with non-string leaves where strings are due ('type') — coercing would invent text", () => {
    const body = JSON_BODY.replace('"Value": "1024"', '"Value": 1024').replace('"UserData": "This is my PicProcess job."', '"UserData": true');
    expect(refusal(body).map((e) => [e.code, e.path])).toEqual([
      ["type", "JobsDetail.Input.CosHeaders[3].Value"],
      ["type", "JobsDetail.Operation.UserData"],
    ]);
  });
  it.each([
    ["a wrong root", "<Request><EventName>TaskFinish</EventName></Request>", "wrong-root"],
    ["a truncated XML body", XML.slice(0, XML.length / 2), "syntax"],
    ["a truncated JSON body", JSON_BODY.slice(0, JSON_BODY.length / 2), "syntax"],
    ["an empty body", "", "format"],
    ["a blank body", " \n\t ", "format"],
  ])("%s", (_name, body, code) => {
    expect(refusal(body).map((e) => e.code)).toEqual([code]);
  });
});
