import { describe, expect, it } from "vitest";
import { CallbackEncodeError, encodeCallback, encodePicProcessCallback, type PicProcessCallback } from "../../generated/src/index.js";
import { sample, decodePic } from "../helpers.js";

const model = (): PicProcessCallback => structuredClone(decodePic(sample("seed-sample-2.xml")).payload) as PicProcessCallback;

function encodeErrors(m: unknown, format: "xml" | "json" = "xml") {
  try {
    encodeCallback(m as PicProcessCallback, { format });
  } catch (e) {
    if (e instanceof CallbackEncodeError) return e.errors;
    throw e;
  }
  throw new Error("expected the model to be refused");
}

describe("encodeCallback writes callbacks the way CI sends them", () => {
  it("XML by default: the root element, elements in spec order, repeated nodes as siblings", () => {
    const xml = encodeCallback(model());
    expect(xml.startsWith("<Response>\n    <EventName>TaskFinish</EventName>\n    <JobsDetail>\n")).toBe(true);
    expect(xml.match(/<CosHeaders>/g)).toHaveLength(4);
    expect(xml).toContain("<Height>417</Height>");
    expect(xml).toContain("<Ave>0xc64847</Ave>");
    expect(xml).toContain("<Value>1024</Value>");
  });

  it("JSON in the job callbacks' style: numbers as strings, lists as arrays, JobsDetail an object", () => {
    const json = JSON.parse(encodePicProcessCallback(model(), { format: "json" }));
    expect(json.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height).toBe("417");
    expect(json.JobsDetail.Input.CosHeaders).toHaveLength(4);
    expect(Array.isArray(json.JobsDetail)).toBe(false);
  });

  it("escapes text so that it decodes back exactly", () => {
    const m = model();
    m.JobsDetail.Operation.UserData = "a < b && c > d ]]> \"q\" 'a'\r\nnext\ttab 😀";
    const xml = encodeCallback(m);
    expect(xml).toContain("a &lt; b &amp;&amp; c &gt; d ]]&gt; \"q\" 'a'&#13;\nnext\ttab 😀");
    expect(decodePic(xml).payload.JobsDetail.Operation.UserData).toBe(m.JobsDetail.Operation.UserData);
  });

  it("keeps unknown fields when it writes them back", () => {
    const m = model() as any;
    m.JobsDetail.Extra = { Nested: ["a", "b"] };
    const { payload, warnings } = decodePic(encodeCallback(m));
    expect((payload.JobsDetail as any).Extra).toEqual({ Nested: ["a", "b"] });
    expect(warnings.map((w) => w.path)).toEqual(["JobsDetail.Extra"]);
  });

  it("refuses a model that breaks the spec, listing every error with its path", () => {
    const m = model() as any;
    m.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = "417";
    delete m.JobsDetail.JobId;
    m.JobsDetail.Input.CosHeaders = { Key: "a", Value: "b" };
    expect(encodeErrors(m).map((e) => [e.path, e.code])).toEqual([
      ["JobsDetail.JobId", "missing"],
      ["JobsDetail.Input.CosHeaders", "type"],
      ["JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height", "integer"],
    ]);
  });

  it("refuses text XML cannot carry, and names XML cannot hold; JSON carries the text", () => {
    const m = model() as any;
    m.JobsDetail.Operation.UserData = "bell\u0007";
    m.JobsDetail["bad name"] = "x";
    expect(encodeErrors(m).map((e) => e.path).sort()).toEqual(["JobsDetail.Operation.UserData", `JobsDetail["bad name"]`]);
    delete m.JobsDetail["bad name"];
    expect(decodePic(encodeCallback(m, { format: "json" })).payload.JobsDetail.Operation.UserData).toBe("bell\u0007");
  });

  it("refuses a model of no known kind, naming what it found", () => {
    const m = model() as any;
    m.EventName = "NoSuchEvent";
    const errors = encodeErrors(m);
    expect(errors.map((e) => [e.path, e.code])).toEqual([["", "unknown-payload"]]);
    expect(errors[0]!.found).toContain('EventName="NoSuchEvent"');
  });
});
