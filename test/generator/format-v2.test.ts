import { spawnSync } from "node:child_process";
import Ajv2020 from "ajv/dist/2020.js";
import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/model/load.js";
import { ROOT } from "../helpers.js";
import { fixturePackage } from "./fixture-package.js";

/**
 * The format additions the whole callback family needs, each used by the fixture under
 * test/fixtures/format-v2: tables that extend tables, closed enums, opaque subtrees (with and
 * without rows), unions picked by a leaf, maps, integer-coded enums, nullable leaves, presence
 * matching, JSON-only payloads with another root, shared table types.
 */
let OUT: string;
let pkg: any;
let testing: any;

beforeAll(async () => {
  ({ dir: OUT, pkg, testing } = await fixturePackage("format-v2", "format-v2"));
});

const job = (tag: string, op = "") => `<JobsDetail><JobId>j-${tag}</JobId><Tag>${tag}</Tag><Input><Object>in.mp4</Object></Input><Operation>${op}</Operation></JobsDetail>`;
const refusal = (f: () => unknown): any[] => {
  try {
    f();
  } catch (e: any) {
    return e.errors;
  }
  throw new Error("not refused");
};

describe("format v2 features in a generated package", () => {
  it("compiles under strict TypeScript", () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", join(OUT, "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("emits each shared table's types once, and payloads import them (extends keeps the base's names)", () => {
    for (const t of ["base-job", "transcode-job", "snapshot-job"]) expect(existsSync(join(OUT, `src/tables/${t}.ts`)), t).toBe(true);
    const transcodeTypes = readFileSync(join(OUT, "src/tables/transcode-job.ts"), "utf8");
    expect(transcodeTypes).toMatch(/export interface TranscodeJob \{/);
    // Input is the base table's, unchanged: the base's type is reused, not redeclared.
    expect(transcodeTypes).toMatch(/import type \{ BaseJobInput \} from "\.\/base-job\.js";/);
    expect(transcodeTypes).not.toMatch(/interface TranscodeJobInput/);
    const callbackTypes = readFileSync(join(OUT, "src/payloads/transcode-callback/types.ts"), "utf8");
    expect(callbackTypes).toMatch(/JobsDetail: TranscodeJob;/);
    const describeTypes = readFileSync(join(OUT, "src/payloads/describe-jobs-response/types.ts"), "utf8");
    expect(describeTypes).toMatch(/JobsDetail\?: \(TranscodeJob \| SnapshotJob \| BaseJob\)\[\];/);
    expect(describeTypes).toMatch(/NextToken\?: \(?string \| null\)?;/);
  });

  it("keeps an opaque subtree whole, as plain data, without warnings", () => {
    const body = `<Response><EventName>TaskFinish</EventName>${job("Transcode", "<Transcode><Video><Codec>H.264</Codec><Fps>25</Fps></Video><Audio><Codec>aac</Codec></Audio><Audio><Codec>mp3</Codec></Audio></Transcode>")}</Response>`;
    const r = pkg.decodeCallback(body);
    expect(r.kind).toBe("TranscodeCallback");
    expect(r.warnings).toEqual([]);
    expect(r.payload.JobsDetail.Operation.Transcode).toEqual({ Video: { Codec: "H.264", Fps: "25" }, Audio: [{ Codec: "aac" }, { Codec: "mp3" }] });
    const json = pkg.decodeCallback(pkg.encodeCallback(r.payload, { format: "json" }));
    expect(json.payload).toEqual(r.payload);
  });

  it("decodes the rows given to an opaque node and keeps the rest without warnings", () => {
    const r = pkg.decodeDescribeJobsResponse(`<Response>${job("Snapshot", "<Snapshot><Mode>Interval</Mode><Count>3</Count></Snapshot>")}</Response>`);
    expect(r.warnings).toEqual([]);
    expect(r.payload.JobsDetail[0].Operation.Snapshot).toEqual({ Mode: "Interval", Count: "3" });
  });

  it("picks each union item's shape by its Tag; an unlisted Tag takes the fallback with a warning", () => {
    const body = `<Response>${job("Transcode", "<Transcode><A>1</A></Transcode>")}${job("Snapshot", "<Snapshot><Mode>Average</Mode></Snapshot>")}${job("Animation", "<UserData>u</UserData>")}</Response>`;
    const r = pkg.decodeDescribeJobsResponse(body);
    expect(r.payload.JobsDetail.map((j: any) => j.Tag)).toEqual(["Transcode", "Snapshot", "Animation"]);
    expect(r.payload.JobsDetail[0].Operation.Transcode).toEqual({ A: "1" });
    expect(r.payload.JobsDetail[2].Operation.UserData).toBe("u");
    expect(r.warnings.map((w: any) => [w.path, w.code])).toEqual([["JobsDetail[2].Tag", "variant"], ["JobsDetail[2].Tag", "enum"]]);
    // The same body as JSON decodes to the same model.
    expect(pkg.decodeDescribeJobsResponse(pkg.encodeDescribeJobsResponse(r.payload, { format: "json" })).payload).toEqual(r.payload);
    expect(refusal(() => pkg.decodeDescribeJobsResponse(body, { strict: true })).map((e) => e.code)).toEqual(["variant", "enum"]);
  });

  it("publishes a union's schema that accepts an item fitting both a variant and the fallback (anyOf, not oneOf)", () => {
    const schema = JSON.parse(readFileSync(join(OUT, "src/payloads/describe-jobs-response/schema.json"), "utf8"));
    const validate = new Ajv2020.default({ strict: true }).compile(schema);
    const model = pkg.decodeDescribeJobsResponse(`<Response>${job("Transcode")}${job("Snapshot")}</Response>`).payload;
    expect(validate(model), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ JobsDetail: [{ JobId: "j", Tag: "Transcode", Input: { Object: 1 }, Operation: {} }] })).toBe(false);
  });

  it("samples decode with exactly the warnings they name, and are refused with exactly the codes they name", () => {
    const model = loadModel(join(ROOT, "test/fixtures/format-v2"), ROOT);
    const samples = model.payloads.flatMap((p) => p.samples.map((s) => ({ p, s })));
    expect(samples.some(({ s }) => s.warnings.length > 0) && samples.some(({ s }) => s.errors.length > 0)).toBe(true);
    for (const { p, s } of samples) {
      const body = readFileSync(join(model.specDir, s.file), "utf8");
      const decode = pkg[`decode${p.name}`];
      if (s.invalid) expect([...new Set(refusal(() => decode(body)).map((e) => e.code))]).toEqual(s.errors);
      else expect(decode(body).warnings.map((w: any) => `${w.path}: ${w.code}`)).toEqual(s.warnings);
    }
  });

  it("recognises a payload by presence and absence of nodes", () => {
    const legacy = pkg.decodeCallback(`<Response>${job("Transcode")}</Response>`);
    expect(legacy.kind).toBe("LegacyJobCallback");
    const current = pkg.decodeCallback(`<Response><EventName>TaskFinish</EventName>${job("Transcode")}</Response>`);
    expect(current.kind).toBe("TranscodeCallback");
    expect(pkg.isLegacyJobCallback(legacy.payload)).toBe(true);
    expect(pkg.isLegacyJobCallback(current.payload)).toBe(false);
  });

  it("refuses a body of a kind the spec does not know with one short unknown-payload error", () => {
    const errors = refusal(() => pkg.decodeCallback(`<Response><EventName>TaskFinish</EventName>${job("Concat")}</Response>`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "unknown-payload", found: 'EventName="TaskFinish", JobsDetail.Tag="Concat"' });
  });

  it("decodes maps, integer codes and nullable leaves of a JSON-only payload with its own root", () => {
    const r = pkg.decodeCallback('{"code": 0, "data": {"event": "ReviewImage", "result": 2, "cos_headers": {"x-cos-meta-id": "0042", "__proto__": "x"}, "label": null}}');
    expect(r.kind).toBe("AuditSimpleCallback");
    expect(r.warnings).toEqual([]);
    expect(r.payload.data.cos_headers["x-cos-meta-id"]).toBe("0042");
    expect(Object.getOwnPropertyDescriptor(r.payload.data.cos_headers, "__proto__")?.value).toBe("x");
    expect(r.payload.data.label).toBeNull();
    const unknownCode = pkg.decodeCallback('{"code": 0, "data": {"event": "ReviewImage", "result": 9}}');
    expect(unknownCode.payload.data.result).toBe(9);
    expect(unknownCode.warnings.map((w: any) => [w.path, w.code])).toEqual([["data.result", "enum"]]);
    const badMap = refusal(() => pkg.decodeCallback('{"code": 0, "data": {"event": "ReviewImage", "result": 0, "cos_headers": {"a": 1}}}'));
    expect(badMap.map((e) => [e.path, e.code])).toEqual([["data.cos_headers.a", "type"]]);
    expect(pkg.validateAuditSimpleCallback(r.payload).valid).toBe(true);
  });

  it("round-trips every model its arbitraries make, through XML and JSON", () => {
    for (const [name, formats] of [["TranscodeCallback", ["xml", "json"]], ["DescribeJobsResponse", ["xml", "json"]], ["LegacyJobCallback", ["xml"]]] as const) {
      const arb = testing[`${name[0]!.toLowerCase()}${name.slice(1)}Arbitrary`]();
      fc.assert(
        fc.property(arb, (m: any) => {
          for (const format of formats) {
            const back = pkg[`decode${name}`](pkg[`encode${name}`](m, { format }), { format });
            expect(back.payload).toEqual(m);
          }
        }),
        { numRuns: 100 },
      );
    }
    fc.assert(fc.property(testing.auditSimpleCallbackArbitrary(), (m: any) => {
          expect(pkg.decodeAuditSimpleCallback(pkg.encodeAuditSimpleCallback(m)).payload).toEqual(m);
        }), { numRuns: 100 });
  });
});
