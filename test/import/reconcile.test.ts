import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importPages } from "../../generator/import/importer.js";
import type { DraftPayload } from "../../generator/import/reconcile.js";
import { FIXTURES, HAVE_VENDOR, VENDOR } from "./helpers.js";

function draft(): DraftPayload {
  const { drafts } = importPages([join(FIXTURES, "callback-resize.md"), join(FIXTURES, "submit-resize.md")]);
  expect(drafts).toHaveLength(1);
  return drafts[0]!;
}
const row = (d: DraftPayload, path: string) => d.rows.find((r) => r.path === `Response.${path}`);
const findings = (d: DraftPayload, kind: string) => d.findings.filter((f) => f.kind === kind).map((f) => f.path);

describe("the reconciler (fixture pages callback-resize.md + submit-resize.md)", () => {
  it("names the payload after the page, recognises it by EventName and Tag, and lists the formats seen", () => {
    const d = draft();
    expect(d.payload).toBe("PagesResizeCallback");
    expect(d.match).toEqual({ EventName: "TaskFinish", "JobsDetail.Tag": "Resize" });
    expect(d.formats).toEqual(["xml", "json"]);
    expect(d.jsonNumbers).toBe("string"); // the JSON sample sends "Width": "320"
  });

  it("resolves 'Same as Response.JobsDetail' against the submit page, and 'in the request' within it", () => {
    const d = draft();
    expect(row(d, "JobsDetail.JobId")).toMatchObject({ type: "string", fromTable: true, origin: "pages/submit-resize.md:75" });
    expect(row(d, "JobsDetail.Operation.Output.Region")).toMatchObject({ fromTable: true });
    expect(findings(d, "reference")).toEqual(["Response.JobsDetail"]);
  });

  it("follows the samples where they contradict the tables, and says so", () => {
    const d = draft();
    // Parent: the table writes Response.Operation.Result.
    expect(row(d, "JobsDetail.Operation.Result.Width")).toMatchObject({ parent: "Response.JobsDetail.Operation.Result", type: "integer" });
    expect(findings(d, "parent")).toContain("Response.JobsDetail.Operation.Result");
    // Repetition: a String the samples repeat is a list.
    expect(row(d, "JobsDetail.Operation.Result.Name")).toMatchObject({ repeated: true });
    expect(findings(d, "repetition")).toContain("Response.JobsDetail.Operation.Result.Name");
    // A Container array that holds the match node stays single.
    expect(row(d, "JobsDetail")).toMatchObject({ repeated: false, type: "container" });
  });

  it("adds nodes seen only in samples, flagged, with a type from their values", () => {
    const d = draft();
    expect(row(d, "JobsDetail.Input.BucketId")).toMatchObject({ fromTable: false, type: "string" });
    expect(row(d, "JobsDetail.Operation.Result.Retries")).toMatchObject({ fromTable: false, type: "integer" });
    expect(findings(d, "sample-only")).toEqual(["Response.JobsDetail.Input.BucketId", "Response.JobsDetail.Operation.Result.Retries"]);
  });

  it("keeps table nodes no sample shows, optional, and reports them", () => {
    const d = draft();
    expect(row(d, "JobsDetail.Input.Bucket")).toMatchObject({ required: false });
    expect(findings(d, "table-only")).toEqual(["Response.JobsDetail.Input.Bucket", "Response.JobsDetail.Operation.Output.Region"]);
    // Required in the table, but no sample carries it: optional.
    expect(findings(d, "presence")).toEqual(["Response.JobsDetail.Operation.Output.Region"]);
  });

  it("refines String by the values: a timestamp, and header values stay text", () => {
    const d = draft();
    expect(row(d, "JobsDetail.CreationTime")).toMatchObject({ type: "timestamp" });
    expect(row(d, "JobsDetail.Input.CosHeaders.Value")).toMatchObject({ type: "string" });
    expect(row(d, "JobsDetail.Input.CosHeaders")).toMatchObject({ type: "container", repeated: true });
  });

  it("keeps a malformed sample as invalid, with the position of the fault", () => {
    const d = draft();
    expect(d.samples.map((s) => s.invalid)).toEqual([false, false, true]);
    const bad = d.findings.find((f) => f.kind === "malformed-sample")!;
    expect(bad.message).toContain("not well-formed JSON at line 6, column 5: a trailing comma before }");
    expect(bad.message).toContain("on the page: line 132, column 5");
  });

  it("writes every description as the placeholder quoting the vendor", async () => {
    const { payloadYaml } = await import("../../generator/import/yaml-writer.js");
    const yaml = payloadYaml(draft());
    expect(yaml).toContain(`description: 'TODO: describe in our own words (vendor: "Width in pixels")'`);
    expect(yaml).toContain("TODO: describe in our own words (vendor: none; seen only in samples)");
    expect(yaml).not.toMatch(/description: (?!['"]?TODO)/);
  });
});

describe.skipIf(!HAVE_VENDOR)("a moderation page (audit/callback-text.md): JSON only, two shapes, tables without a Parent column", () => {
  it("drafts one payload per shape, tells them apart by a presence rule, and drafts cos_headers as a map", () => {
    const { drafts } = importPages([join(VENDOR, "audit", "callback-text.md")]);
    expect(drafts.map((d) => d.payload)).toEqual(["AuditTextCallbackSimple", "AuditTextCallbackDetail"]);
    const [simple, detail] = drafts as [DraftPayload, DraftPayload];
    expect(simple.match).toEqual({ "data.event": "ReviewText", EventName: { present: false } });
    expect(detail.match).toEqual({ EventName: "ReviewText" });
    expect(simple.formats).toEqual(["json"]);
    expect(simple.rows.find((r) => r.path === "Body.data.cos_headers")).toMatchObject({ type: "map" });
    // "`xx_info` is as described below" applies to every *_info node.
    expect(simple.rows.find((r) => r.path === "Body.data.porn_info.hit_flag")).toMatchObject({ type: "integer", fromTable: true });
    // Rows of "`Section` has the following sub-nodes" (no Parent column) go under JobsDetail.Section, a list in the samples.
    expect(detail.rows.find((r) => r.path === "Body.JobsDetail.Section")).toMatchObject({ repeated: true });
    expect(detail.rows.find((r) => r.path === "Body.JobsDetail.Section.StartByte")).toMatchObject({ type: "integer", fromTable: true });
  });
});

describe.skipIf(!HAVE_VENDOR)("choosing the page a reference points to", () => {
  it("among submit pages sharing a Tag, the one whose file name matches the callback page's", async () => {
    const { readdirSync } = await import("node:fs");
    const submits = readdirSync(join(VENDOR, "media")).filter((f) => f.startsWith("submit-")).map((f) => join(VENDOR, "media", f));
    for (const [callback, submit] of [
      ["callback-tsc-transcode.md", "media/submit-tsc-transcode.md"],
      ["callback-transcode.md", "media/submit-transcode.md"],
      ["callback-segment.md", "media/submit-segment.md"], // its samples are all malformed: no Tag to go by
    ] as const) {
      const { drafts } = importPages([join(VENDOR, "media", callback), ...submits]);
      const ref = drafts[0]!.findings.find((f) => f.kind === "reference" && f.path === "Response.JobsDetail")!;
      expect(ref.message, callback).toContain(`against ${submit}`);
    }
  });
});
