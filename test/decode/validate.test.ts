import { describe, expect, it } from "vitest";
import { type DecodeIssue, decodeCallback, validatePicProcessCallback } from "../../generated/src/index.js";
import { sample } from "../helpers.js";
import { IMG, issue } from "./assertions.js";

/** validatePicProcessCallback checks models (built or changed by hand), not bodies. */

const VALID_SAMPLES = ["seed-sample-1.xml", "seed-sample-2.xml", "seed-sample-3.json", "vendor-sample-1.xml", "vendor-sample-2.xml", "vendor-sample-3.json"];

type Json = Record<string, any>;

/** A mutable deep copy of a decoded sample's model. */
function model(name = "seed-sample-2.xml"): Json {
  return structuredClone(decodeCallback(sample(name)).payload) as unknown as Json;
}

describe("validatePicProcessCallback", () => {
  it.each(VALID_SAMPLES)("the decoded %s is valid", (name) => {
    const r = validatePicProcessCallback(decodeCallback(sample(name)).payload);
    expect(r).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it("a model with Height \"417\" (a string) is invalid at ...ImageInfo.Height", () => {
    const m = model();
    m.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = "417";
    const r = validatePicProcessCallback(m);
    expect(r.valid).toBe(false);
    expect(r.errors).toHaveLength(1);
    const e = issue(r.errors, `${IMG}.Height`, "integer");
    expect(typeof e.expected).toBe("string");
    expect(typeof e.found).toBe("string");
  });

  it("a model with a non-integer number is invalid", () => {
    const m = model();
    m.JobsDetail.Operation.PicProcessResult.ProcessResult.Size = 1.5;
    const r = validatePicProcessCallback(m);
    expect(r.valid).toBe(false);
    issue(r.errors, "JobsDetail.Operation.PicProcessResult.ProcessResult.Size", "integer");
  });

  it("CosHeaders as a non-array (one object) is invalid", () => {
    const m = model();
    m.JobsDetail.Input.CosHeaders = m.JobsDetail.Input.CosHeaders[0];
    const r = validatePicProcessCallback(m);
    expect(r.valid).toBe(false);
    issue(r.errors, "JobsDetail.Input.CosHeaders", "type");
  });

  it("CosHeaders as a string is invalid", () => {
    const m = model();
    m.JobsDetail.Input.CosHeaders = "Content-Type: image/jpeg";
    const r = validatePicProcessCallback(m);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.path)).toContain("JobsDetail.Input.CosHeaders");
  });

  it("an empty CosHeaders array is valid", () => {
    const m = model();
    m.JobsDetail.Input.CosHeaders = [];
    expect(validatePicProcessCallback(m).valid).toBe(true);
  });

  it("JobsDetail as an array is invalid in a model (the model holds one object)", () => {
    const m = model();
    m.JobsDetail = [m.JobsDetail];
    const r = validatePicProcessCallback(m);
    expect(r.valid).toBe(false);
    issue(r.errors, "JobsDetail", "type");
  });

  it("a bad CosHeaders item is reported with its index", () => {
    const m = model();
    m.JobsDetail.Input.CosHeaders[3].Value = 1024;
    const r = validatePicProcessCallback(m);
    expect(r.valid).toBe(false);
    issue(r.errors, "JobsDetail.Input.CosHeaders[3].Value", "type");
  });

  it("a missing required node is 'missing' at its path, every error at once", () => {
    const m = model();
    delete m.JobsDetail.JobId;
    delete m.JobsDetail.Workflow.RunId;
    m.JobsDetail.CreationTime = "yesterday";
    const r = validatePicProcessCallback(m);
    expect(r.valid).toBe(false);
    issue(r.errors, "JobsDetail.JobId", "missing");
    issue(r.errors, "JobsDetail.Workflow.RunId", "missing");
    issue(r.errors, "JobsDetail.CreationTime", "timestamp");
  });

  it("an unknown property is a warning, an error when strict", () => {
    const m = model();
    m.JobsDetail.Foo = "bar";
    const lenient = validatePicProcessCallback(m);
    expect(lenient.valid).toBe(true);
    issue(lenient.warnings, "JobsDetail.Foo", "unknown-field");
    const strict = validatePicProcessCallback(m, { strict: true });
    expect(strict.valid).toBe(false);
    issue(strict.errors, "JobsDetail.Foo", "unknown-field");
  });

  it("an unknown enum value is a warning, an error when strict", () => {
    const m = model();
    m.JobsDetail.State = "Weird";
    const lenient = validatePicProcessCallback(m);
    expect(lenient.valid).toBe(true);
    issue(lenient.warnings, "JobsDetail.State", "enum");
    expect(validatePicProcessCallback(m, { strict: true }).valid).toBe(false);
  });

  it("a model decoded leniently with unknown data validates with the same warnings", () => {
    const body = sample("seed-sample-1.xml").replace("<State>Success</State>", "<State>Weird</State><Foo>bar</Foo>");
    const decoded = decodeCallback(body);
    const r = validatePicProcessCallback(decoded.payload);
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => `${w.code} ${w.path}`).sort()).toEqual(decoded.warnings.map((w) => `${w.code} ${w.path}`).sort());
  });

  it.each([
    ["null", null],
    ["a string", "<Response/>"],
    ["an array", []],
    ["a number", 1],
  ])("%s is invalid, without throwing", (_what, value) => {
    const r = validatePicProcessCallback(value);
    expect(r.valid).toBe(false);
    issue(r.errors, "", "type");
  });

  it("an empty object lists both missing top-level nodes", () => {
    const r = validatePicProcessCallback({});
    expect(r.valid).toBe(false);
    issue(r.errors, "EventName", "missing");
    issue(r.errors, "JobsDetail", "missing");
  });

  it("does not change the model it checks", () => {
    const m = model();
    m.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = "417";
    const before = structuredClone(m);
    validatePicProcessCallback(m);
    expect(m).toStrictEqual(before);
  });
});
