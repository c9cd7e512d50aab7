import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/model/load.js";
import { type ContainerNode, type LeafNode, type Model, type ModelNode, type PayloadDef, containers, walk } from "../../generator/model/types.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CALLBACK = "spec/pic/callback.yaml";
const JOBS_DETAIL = "spec/pic/jobs-detail.yaml";
const JOB_PARTS = "spec/common/job-parts.yaml";

let model: Model;
let payload: PayloadDef;
let nodes: ModelNode[];

/** The node at a model path (without the root); fails the test when there is none. */
function at(path: string): ModelNode {
  const n = nodes.find((x) => x.path === path);
  if (!n) throw new Error(`no node at ${path}`);
  return n;
}
function container(path: string): ContainerNode {
  const n = at(path);
  if (n.kind !== "container") throw new Error(`${path} is not a container`);
  return n;
}
function leaf(path: string): LeafNode {
  const n = at(path);
  if (n.kind !== "leaf") throw new Error(`${path} is not a leaf`);
  return n;
}

const fileLines = new Map<string, string[]>();
function linesOf(file: string): string[] {
  let lines = fileLines.get(file);
  if (!lines) {
    lines = readFileSync(join(ROOT, file), "utf8").split("\n");
    fileLines.set(file, lines);
  }
  return lines;
}

beforeAll(() => {
  model = loadModel(join(ROOT, "spec"), ROOT);
  payload = model.payloads[0]!;
  nodes = [...walk(payload.root)];
});

describe("loading the real spec", () => {
  it("reads the package facts", () => {
    expect(model.packageName).toBe("tencent-ci-callbacks");
    expect(model.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(model.specDir).toBe(join(ROOT, "spec"));
  });

  it("has one payload, PicProcessCallback, rooted at the container Response", () => {
    expect(model.payloads.map((p) => p.name)).toEqual(["PicProcessCallback"]);
    expect(payload.slug).toBe("pic-process-callback");
    expect(payload.formats).toEqual(["xml", "json"]);
    expect(payload.jsonNumbers).toBe("string");
    expect(payload.root.kind).toBe("container");
    expect(payload.root.name).toBe("Response");
    expect(payload.root.path).toBe("");
    expect(payload.root.specPath).toBe("Response");
    expect(payload.root.parent).toBeUndefined();
    expect(payload.defined.file).toBe(CALLBACK);
    expect(linesOf(CALLBACK)[payload.defined.line - 1]).toContain("payload: PicProcessCallback");
  });

  it("resolves the match rules to leaves", () => {
    expect(payload.match).toEqual([
      { path: "EventName", value: "TaskFinish" },
      { path: "JobsDetail.Tag", value: "PicProcess" },
    ]);
  });

  it("links every node to its parent, and every parent lists it once", () => {
    for (const n of nodes) {
      if (n === payload.root) continue;
      expect(n.parent, n.specPath).toBeDefined();
      expect(n.parent!.children.filter((c) => c === n), n.specPath).toHaveLength(1);
    }
    for (const c of containers(payload)) {
      for (const child of c.children) expect(child.parent).toBe(c);
    }
  });

  it("gives every node its model path and spec path", () => {
    const cos = at("JobsDetail.Input.CosHeaders");
    expect(cos.name).toBe("CosHeaders");
    expect(cos.specPath).toBe("Response.JobsDetail.Input.CosHeaders");
    expect(cos.parent!.path).toBe("JobsDetail.Input");
    for (const n of nodes) {
      if (n === payload.root) continue;
      const parent = n.parent!;
      expect(n.path, n.specPath).toBe(parent.path === "" ? n.name : `${parent.path}.${n.name}`);
      expect(n.specPath).toBe(`Response.${n.path}`);
    }
    const paths = nodes.map((n) => n.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("points every node to the line of its `- node:` row", () => {
    for (const n of nodes) {
      if (n === payload.root) continue;
      expect([CALLBACK, JOBS_DETAIL, JOB_PARTS], n.specPath).toContain(n.defined.file);
      const text = linesOf(n.defined.file)[n.defined.line - 1];
      expect(text, `${n.specPath} at ${n.defined.file}:${n.defined.line}`).toMatch(new RegExp(`^\\s*- node: ${n.name}\\s*$`));
    }
    expect(at("JobsDetail").defined.file).toBe(CALLBACK);
    expect(at("JobsDetail.Input.CosHeaders").defined.file).toBe(JOBS_DETAIL);
    expect(at("JobsDetail.Workflow.RunId").defined.file).toBe(JOB_PARTS);
    expect(at("JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height").defined.file).toBe(JOBS_DETAIL);
  });

  it("builds exactly one node from every row of the spec files", () => {
    const rows = new Set<string>();
    for (const file of [CALLBACK, JOBS_DETAIL, JOB_PARTS]) {
      linesOf(file).forEach((l, i) => {
        if (/^\s*- node: /.test(l)) rows.add(`${file}:${i + 1}`);
      });
    }
    const defined = nodes.filter((n) => n !== payload.root).map((n) => `${n.defined.file}:${n.defined.line}`);
    expect(new Set(defined).size).toBe(defined.length);
    expect(new Set(defined)).toEqual(rows);
  });

  it("marks the nodes instantiated from the shared table with its name", () => {
    expect(at("JobsDetail").table).toBe("PicJobsDetail");
    for (const n of nodes) {
      // A node of type table names the table it holds; the others the table whose row made them.
      if (n.defined.file === JOBS_DETAIL && n.name !== "CosHeaders" && n.name !== "Workflow") expect(n.table, n.specPath).toBe("PicJobsDetail");
    }
    expect(at("JobsDetail.Input.CosHeaders").table).toBe("CosHeader");
    expect(at("JobsDetail.Input.CosHeaders.Key").table).toBe("CosHeader");
    expect(at("JobsDetail.Workflow.Name").table).toBe("JobWorkflow");
    expect(at("JobsDetail.Input").table).toBe("PicJobsDetail");
    expect(at("JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Ave").table).toBe("PicJobsDetail");
    // Rows the payload adds belong to no table.
    expect(at("EventName").table).toBeUndefined();
    expect(payload.root.table).toBeUndefined();
  });

  it("places the payload's own rows inside the table's containers, next to the table's rows", () => {
    expect(container("JobsDetail.Input").children.map((c) => c.name)).toEqual(["BucketId", "Bucket", "Object", "Region", "CosHeaders"]);
    expect(container("JobsDetail.Input.CosHeaders").children.map((c) => c.name)).toEqual(["Key", "Value"]);
    expect(container("JobsDetail.Workflow").children.map((c) => c.name)).toEqual(["RunId", "WorkflowId", "WorkflowName", "Name"]);
  });

  it("keeps presence and repetition", () => {
    const cos = container("JobsDetail.Input.CosHeaders");
    expect(cos.repeated).toBe(true);
    expect(cos.required).toBe(false);
    const jobs = container("JobsDetail");
    expect(jobs.repeated).toBe(false);
    expect(jobs.required).toBe(true);
    expect(jobs.deviations).toHaveLength(1);
    expect(at("JobsDetail.Code").required).toBe(false);
    expect(at("JobsDetail.JobId").required).toBe(true);
  });

  it("gives leaves their kind and enum values", () => {
    const height = leaf("JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height");
    expect(height.leaf).toBe("integer");
    expect(height.values).toBeUndefined();
    expect(height.vendorType).toBe("Int");
    expect(leaf("JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Ave").leaf).toBe("string");
    expect(leaf("JobsDetail.CreationTime").leaf).toBe("timestamp");
    expect(leaf("JobsDetail.Operation.PicProcess.IsPicInfo").leaf).toBe("boolean");
    const state = leaf("JobsDetail.State");
    expect(state.leaf).toBe("enum");
    expect(state.values).toEqual(["Submitted", "Running", "Success", "Failed", "Pause", "Cancel"]);
    expect(leaf("EventName").values).toEqual(["TaskFinish"]);
  });

  it("falls back to the table's or payload's source when a row names none", () => {
    expect(at("JobsDetail.Code").source).toBe("pic/create-pic-jobs.md#Response");
    expect(at("JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Ave").source).toBe("pic/persistent-processing.md#Response-content");
    expect(at("EventName").source).toBe("pic/callback.md");
  });

  it("is frozen", () => {
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.payloads)).toBe(true);
    expect(Object.isFrozen(payload)).toBe(true);
    expect(Object.isFrozen(payload.match)).toBe(true);
    expect(Object.isFrozen(payload.samples)).toBe(true);
    for (const n of nodes) {
      expect(Object.isFrozen(n), n.specPath).toBe(true);
      expect(Object.isFrozen(n.deviations), n.specPath).toBe(true);
      if (n.kind === "container") expect(Object.isFrozen(n.children), n.specPath).toBe(true);
      else if (n.kind === "leaf" && n.values) expect(Object.isFrozen(n.values), n.specPath).toBe(true);
    }
    expect(() => {
      (at("JobsDetail") as { name: string }).name = "Other";
    }).toThrow(TypeError);
  });

  it("gives every container a unique TypeScript type name", () => {
    const all = containers(payload);
    const names = all.map((c) => c.typeName);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
    expect(payload.root.typeName).toBe("PicProcessCallback");
    // Shared tables give their own short names, wherever they appear unchanged.
    expect(container("JobsDetail").typeName).toBe("PicJobsDetail");
    expect(container("JobsDetail.Input").typeName).toBe("PicJobsDetailInput");
    expect(container("JobsDetail.Input.CosHeaders").typeName).toBe("CosHeader");
    expect(container("JobsDetail.Workflow").typeName).toBe("JobWorkflow");
    expect(container("JobsDetail").shared).toBe(true);
    expect(payload.root.shared).toBe(false);
  });

  it("lists the samples with their format and the line that defines them", () => {
    expect(payload.samples.length).toBeGreaterThan(0);
    for (const s of payload.samples) {
      expect(s.format).toBe(s.file.endsWith(".xml") ? "xml" : "json");
      expect(s.defined.file).toBe(CALLBACK);
      expect(linesOf(CALLBACK)[s.defined.line - 1]).toContain(`file: ${s.file}`);
    }
    expect(payload.samples.filter((s) => s.invalid).map((s) => s.file)).toEqual([
      "samples/pic-process-callback/seed-sample-3-as-published.json",
      "samples/pic-process-callback/vendor-sample-3-as-published.json",
    ]);
  });
});
