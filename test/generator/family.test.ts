import { deepStrictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { containers } from "../../generator/model/types.js";
import { ROOT } from "../helpers.js";
import { fixturePackage } from "./fixture-package.js";

/**
 * The spec format must already say what the rest of the payload family needs. This fixture
 * spec uses each feature: a shared table used single (callback) and as a list (API response),
 * an enum whose values differ by context (overrides), a JSON-only payload with snake_case
 * names and real JSON numbers, and hostile text in descriptions and enum values. The package
 * generated from it must compile under strict TypeScript and decode what it should.
 */
let OUT: string;
let pkg: any;
let testing: any;

beforeAll(async () => {
  ({ dir: OUT, pkg, testing } = await fixturePackage("family-spec", "family"));
});

describe("a package generated from the family fixture", () => {
  it("compiles under strict TypeScript, hostile spec text included", () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", join(OUT, "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
    const types = readFileSync(join(OUT, "src/payloads/mini-callback/types.ts"), "utf8");
    expect(types).not.toMatch(/\*\/ process\.exit/);
  });

  it("decodes a shared table as one object in the callback and as a list in the response", () => {
    const job = "<JobsDetail><JobId>j1</JobId><Tag>PicProcess</Tag><State>Success</State></JobsDetail>";
    const cb = pkg.decodeMiniCallback(`<Response><EventName>TaskFinish</EventName>${job}</Response>`);
    expect(cb.payload.JobsDetail).toEqual({ JobId: "j1", Tag: "PicProcess", State: "Success" });
    const one = pkg.decodeDescribeMiniJobs(`<Response>${job}</Response>`);
    expect(one.payload.JobsDetail).toEqual([{ JobId: "j1", Tag: "PicProcess", State: "Success" }]);
    const two = pkg.decodeDescribeMiniJobs(`<Response>${job}${job.replace("j1", "j2")}<NextToken/></Response>`);
    expect(two.payload.JobsDetail.map((j: any) => j.JobId)).toEqual(["j1", "j2"]);
  });

  it("applies enum values by context: Running is known to the response, not to the callback", () => {
    const job = "<JobsDetail><JobId>j1</JobId><Tag>PicProcess</Tag><State>Running</State></JobsDetail>";
    expect(pkg.decodeDescribeMiniJobs(`<Response>${job}</Response>`).warnings).toEqual([]);
    const cb = pkg.decodeMiniCallback(`<Response><EventName>TaskFinish</EventName>${job}</Response>`);
    expect(cb.payload.JobsDetail.State).toBe("Running");
    expect(cb.warnings).toEqual([expect.objectContaining({ path: "JobsDetail.State", code: "enum" })]);
  });

  it("decodes hostile enum values exactly", () => {
    for (const note of ['a"b', "`${x}`", "*/", "it's"]) {
      const body = JSON.stringify({ EventName: "TaskFinish", JobsDetail: { JobId: "j", Tag: "PicProcess", State: "Failed", Note: note } });
      const r = pkg.decodeMiniCallback(body);
      expect(r.payload.JobsDetail.Note).toBe(note);
      expect(r.warnings).toEqual([]);
    }
  });

  it("decodes a JSON-only payload with snake_case names and real JSON numbers", () => {
    const body = JSON.stringify({ code: 0, message: "", data: { event: "ReviewImage", forbidden_status: 1, porn_info: { hit_flag: 1, score: 88.5 }, state: "Success" } });
    const r = pkg.decodeCallback(body);
    expect(r.kind).toBe("AuditImageCallback");
    expect(r.payload).toEqual({ code: 0, data: { event: "ReviewImage", forbidden_status: 1, porn_info: { hit_flag: 1, score: 88.5 }, state: "Success" } });
    expect(() => pkg.decodeAuditImageCallback("<Response/>")).toThrow(/a body in json/);
  });

  it("recognises each payload kind by its match rules, and only the payloads that have them", () => {
    expect(pkg.callbackDescriptors.map((d: any) => d.kind)).toEqual(["AuditImageCallback", "MiniCallback"]);
    const cb = pkg.decodeCallback('{"EventName":"TaskFinish","JobsDetail":[{"JobId":"j","Tag":"PicProcess","State":"Success"}]}');
    expect(cb.kind).toBe("MiniCallback");
    // A kind the spec does not know: one short error that names what was found.
    let error: any;
    try {
      pkg.decodeCallback('{"code":0,"data":{"event":"ReviewVideo","forbidden_status":0}}');
    } catch (e) {
      error = e;
    }
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ code: "unknown-payload", path: "" });
    expect(error.errors[0].found).toBe('data.event="ReviewVideo"');
    expect(error.errors[0].message.length).toBeLessThan(200);
  });

  it("names types after wire names in PascalCase", async () => {
    const { loadModel } = await import("../../generator/model/load.js");
    const audit = loadModel(join(ROOT, "test/fixtures/family-spec"), ROOT).payloads.find((p) => p.name === "AuditImageCallback")!;
    expect(containers(audit).map((c) => c.typeName)).toEqual(["AuditImageCallback", "AuditImageCallbackData", "AuditImageCallbackDataPornInfo"]);
  });

  it("round-trips every model of every payload through its encoder, in each of its formats", () => {
    const payloads = [
      ["MiniCallback", testing.miniCallbackArbitrary(), ["xml", "json"]],
      ["DescribeMiniJobs", testing.describeMiniJobsArbitrary(), ["xml"]],
      ["AuditImageCallback", testing.auditImageCallbackArbitrary(), ["json"]],
    ] as const;
    for (const [name, models, formats] of payloads) {
      for (const format of formats) {
        fc.assert(
          fc.property(models, (m: unknown) => {
            deepStrictEqual(pkg[`decode${name}`](pkg[`encode${name}`](m, { format })).payload, m);
          }),
          { numRuns: 200 },
        );
      }
    }
  });

  it("writes JSON numbers as strings or as numbers, as the payload's style says", () => {
    const audit = pkg.encodeAuditImageCallback({ code: 0, data: { event: "ReviewImage", forbidden_status: 1, porn_info: { hit_flag: 0, score: 1.5 } } }, { format: "json" });
    expect(JSON.parse(audit).data.porn_info).toEqual({ hit_flag: 0, score: 1.5 });
    const job = pkg.encodeMiniCallback({ EventName: "TaskFinish", JobsDetail: { JobId: "j", Tag: "PicProcess", State: "Success" } }, { format: "json" });
    expect(JSON.parse(job).JobsDetail.JobId).toBe("j");
    expect(() => pkg.encodeAuditImageCallback({ code: 0, data: { event: "ReviewImage", forbidden_status: 1 } }, { format: "xml" })).toThrow(/found xml/);
  });

  it("narrows the union by kind and by type guard to the right payload type (type-checked)", () => {
    writeFileSync(
      join(OUT, "narrow.ts"),
      `import { decodeCallback, isAuditImageCallback, isMiniCallback, type CallbackPayload } from "./src/index.js";
export function byKind(body: string): number {
  const r = decodeCallback(body);
  if (r.kind === "MiniCallback") {
    const tag: "PicProcess" = r.payload.JobsDetail.Tag;
    // @ts-expect-error a MiniCallback has no data
    void r.payload.data;
    return tag.length;
  }
  const blocked: number = r.payload.data.forbidden_status;
  // @ts-expect-error an AuditImageCallback has no JobsDetail
  void r.payload.JobsDetail;
  return blocked;
}
export function byGuard(p: CallbackPayload): number {
  if (isAuditImageCallback(p)) return p.data.forbidden_status;
  if (isMiniCallback(p)) return p.JobsDetail.JobId.length;
  // @ts-expect-error not narrowed: either kind
  return p.code;
}
`,
    );
    writeFileSync(join(OUT, "tsconfig.narrow.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true, rootDir: "." }, include: ["src", "narrow.ts"] }));
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", join(OUT, "tsconfig.narrow.json")], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
