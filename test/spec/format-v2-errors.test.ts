import { afterEach, describe, expect, it } from "vitest";
import { PIC_YAML, addRows, cleanUp, expectOnly, expectProblem, lineOf, load, minimalSpec, problemsOf, replaceOnce, row, withPic } from "./fixture.js";

afterEach(cleanUp);

/** A base job table and a table that extends it. */
const JOB_TABLES = `tables:
  - table: BaseJob
    root: JobsDetail
    source: test/job.md
    description: A job.
    nodes:
      - node: Tag
        parent: JobsDetail
        description: Kind.
        type: enum
        values: [A, B]
        presence: required
      - node: Id
        parent: JobsDetail
        description: Id.
        type: string
        presence: required
  - table: AJob
    root: JobsDetail
    extends: BaseJob
    source: test/job.md
    description: A job of kind A.
    overrides:
      - path: JobsDetail.Tag
        values: [A]
        closed: true
        deviation: Fixed for kind A.
    nodes:
      - node: Extra
        parent: JobsDetail
        description: Only kind A has it.
        type: string
        presence: optional
`;
const USES_A = row("Job", "Response", "table", "        table: AJob\n");

describe("format v2: what loads", () => {
  it("a table that extends another inherits its rows and overrides, and a union picks tables by a leaf", () => {
    const pic = addRows(PIC_YAML, USES_A + row("Jobs", "Response", "union", "        by: Tag\n        variants: { A: AJob }\n        fallback: BaseJob\n        repeated: true\n"));
    const model = load({ ...withPic(pic), "tables.yaml": JOB_TABLES });
    const job = model.payloads[0]!.root.children.find((c) => c.name === "Job")!;
    expect(job.kind === "container" && job.children.map((c) => c.name)).toEqual(["Tag", "Id", "Extra"]);
    const tag = job.kind === "container" ? job.children[0]! : undefined;
    expect(tag?.kind === "leaf" && [tag.values, tag.closed]).toEqual([["A"], true]);
    expect(job.kind === "container" && job.typeName).toBe("AJob");
    const union = model.payloads[0]!.root.children.find((c) => c.name === "Jobs")!;
    expect(union.kind === "union" && union.variants.map((v) => [v.value, v.node.typeName])).toEqual([["A", "AJob"]]);
    expect(model.tables.map((t) => t.name)).toEqual(["BaseJob", "AJob"]);
  });

  it("YAML anchors and aliases read as copies of the anchored value", () => {
    const pic = replaceOnce(PIC_YAML, "        description: Identifier of the job.", "        description: &desc Identifier of the job.") + row("Other", "Response.Detail").replace("description: Row Other of the tests.", "description: *desc");
    const model = load(withPic(pic));
    const other = model.payloads[0]!.root.children.find((c) => c.name === "Detail");
    expect(other?.kind === "container" && other.children.map((c) => c.description)).toEqual(["Identifier of the job.", "Identifier of the job."]);
  });

  it("codes, nullable, map and opaque rows load", () => {
    const pic = addRows(PIC_YAML, row("Result", "Response.Detail", "integer", "        codes: { 0: fine, 1: bad }\n        nullable: true\n") + row("Headers", "Response.Detail", "map") + row("Template", "Response.Detail", "opaque", "        documentedAt: CreateMediaTemplate\n"));
    const detail = load(withPic(pic)).payloads[0]!.root.children[1]!;
    expect(detail.kind).toBe("container");
    if (detail.kind !== "container") return;
    const [, result, headers, template] = detail.children;
    expect(result?.kind === "leaf" && [result.codes, result.nullable]).toEqual([[{ code: 0, meaning: "fine" }, { code: 1, meaning: "bad" }], true]);
    expect(headers?.kind).toBe("map");
    expect(template?.kind === "container" && [template.opaque, template.documentedAt]).toEqual([true, "CreateMediaTemplate"]);
  });
});

describe("format v2: spec problems (file, line, what, fix)", () => {
  it("reports a table that no payload uses", () => {
    const problems = problemsOf({ ...minimalSpec(), "tables.yaml": JOB_TABLES });
    expectProblem(problems, "tables.yaml", lineOf(JOB_TABLES, "- table: AJob"), '"AJob" is used by no payload');
    expectProblem(problems, "tables.yaml", lineOf(JOB_TABLES, "- table: BaseJob"), '"BaseJob" is used by no payload');
  });

  it("counts a base table as used when a table that extends it is", () => {
    const pic = addRows(PIC_YAML, USES_A);
    expect(load({ ...withPic(pic), "tables.yaml": JOB_TABLES }).tables).toHaveLength(2);
  });

  it("reports extends naming an unknown table, a cycle of extends, and a root that differs from the base's", () => {
    const unknown = replaceOnce(JOB_TABLES, "extends: BaseJob", "extends: NoSuchJob");
    const problems = problemsOf({ ...withPic(addRows(PIC_YAML, USES_A)), "tables.yaml": unknown });
    expectProblem(problems, "tables.yaml", lineOf(unknown, "extends: NoSuchJob"), 'unknown table "NoSuchJob"');
    // The table keeps its own rows: its use reports nothing more.
    expect(problems.filter((p) => p.file === "pic.yaml")).toEqual([]);
    const cycle = replaceOnce(JOB_TABLES, "    nodes:\n      - node: Tag", "    extends: AJob\n    nodes:\n      - node: Tag");
    expectProblem(problemsOf({ ...withPic(addRows(PIC_YAML, USES_A)), "tables.yaml": cycle }), "tables.yaml", lineOf(cycle, "extends: AJob"), "cycle");
    const root = replaceOnce(JOB_TABLES, "    root: JobsDetail\n    extends", "    root: Job\n    extends");
    expectProblem(problemsOf({ ...withPic(addRows(PIC_YAML, USES_A)), "tables.yaml": root }), "tables.yaml", lineOf(root, "    root: Job\n    extends"), 'root "Job"');
  });

  it("reports a union without by or variants, a variant naming an unknown table, and a variant without the by leaf", () => {
    const noBy = addRows(PIC_YAML, row("Jobs", "Response", "union", "        variants: { A: AJob }\n"));
    expectProblem(problemsOf({ ...withPic(noBy), "tables.yaml": JOB_TABLES }), "pic.yaml", lineOf(noBy, "type: union"), "needs by and variants");
    const unknown = addRows(PIC_YAML, row("Jobs", "Response", "union", "        by: Tag\n        variants: { A: AJob, C: CJob }\n"));
    expectProblem(problemsOf({ ...withPic(unknown), "tables.yaml": JOB_TABLES }), "pic.yaml", lineOf(unknown, "variants:"), 'unknown table "CJob"');
    const noLeaf = addRows(PIC_YAML, row("Jobs", "Response", "union", "        by: Kind\n        variants: { A: AJob }\n"));
    expectProblem(problemsOf({ ...withPic(noLeaf), "tables.yaml": JOB_TABLES }), "pic.yaml", lineOf(noLeaf, "variants:"), 'no single string or enum leaf "Kind"');
    const wrongValue = addRows(PIC_YAML, row("Jobs", "Response", "union", "        by: Tag\n        variants: { B: AJob }\n"));
    expectProblem(problemsOf({ ...withPic(wrongValue), "tables.yaml": JOB_TABLES }), "pic.yaml", lineOf(wrongValue, "variants:"), 'variant "B"', "not among the values");
  });

  it("reports rows placed inside a union or a map", () => {
    const pic = addRows(PIC_YAML, row("Headers", "Response.Detail", "map") + row("Inside", "Response.Detail.Headers"));
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "parent: Response.Detail.Headers"), "a map");
  });

  it("reports attributes on rows of the wrong type", () => {
    const codes = addRows(PIC_YAML, row("Result", "Response.Detail", "string", "        codes: { 0: fine }\n"));
    expectOnly(problemsOf(withPic(codes)), "pic.yaml", lineOf(codes, "codes:"), "has codes but its type is string");
    const closed = addRows(PIC_YAML, row("Kind", "Response.Detail", "string", "        closed: true\n"));
    expectOnly(problemsOf(withPic(closed)), "pic.yaml", lineOf(closed, "closed: true"), "has closed but its type is string");
    const by = addRows(PIC_YAML, row("Kind", "Response.Detail", "container", "        by: Tag\n"));
    expectProblem(problemsOf(withPic(by)), "pic.yaml", lineOf(by, "by: Tag"), "has by but its type is container");
  });

  it("reports codes that are not integers or have no meaning", () => {
    const pic = addRows(PIC_YAML, row("Result", "Response.Detail", "integer", "        codes: { x: fine }\n"));
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "codes:"), 'code "x"', "not an integer");
  });

  it("reports YAML merge keys, which are not supported", () => {
    const pic = replaceOnce(PIC_YAML, "      - node: JobId\n", "      - <<: {}\n        node: JobId\n");
    expectProblem(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "<<:"), "merge keys");
  });

  it("reports two payloads whose match rules can both hold for one body, at the second", () => {
    const other = replaceOnce(PIC_YAML, "payload: TestCallback", "payload: OtherCallback");
    const problems = problemsOf({ ...minimalSpec(), "other.yaml": other });
    expectOnly(problems, "pic.yaml", lineOf(PIC_YAML, "match:"), "OtherCallback", "TestCallback", "can both match one");
    // One more rule does not tell them apart (a body can meet both); an absence against a value does.
    const more = replaceOnce(other, "match: {EventName: TaskFinish}", "match: {EventName: TaskFinish, Detail.JobId: x}");
    expect(problemsOf({ ...minimalSpec(), "other.yaml": more }).map((p) => p.message).join("\n")).toContain("can both match one");
    const absent = replaceOnce(other, "match: {EventName: TaskFinish}", "match: {EventName: {present: false}, Detail: {present: true}}");
    expect(load({ ...minimalSpec(), "other.yaml": absent }).payloads).toHaveLength(2);
  });

  it("reports a match rule that is neither a value nor a presence", () => {
    const pic = replaceOnce(PIC_YAML, "match: {EventName: TaskFinish}", "match: {EventName: {present: yes}}");
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "match:"), "neither a value nor { present");
  });

  it("reports a sample whose format is not among the payload's, and wrong sample expectations", () => {
    const json = replaceOnce(PIC_YAML, "formats: [xml, json]", "formats: [xml]");
    const files = { ...minimalSpec(), "samples/s.json": "{}", "samples/t.xml": "<Response/>" };
    const withSamples = (pic: string, extra: string) => ({ ...files, "pic.yaml": pic + `    samples:\n${extra}` });
    const sample = (file: string, more = "") => `      - file: ${file}\n        source: test/s.md\n        description: A sample.\n${more}`;
    const a = withSamples(json, sample("samples/s.json"));
    expectOnly(problemsOf(a), "pic.yaml", lineOf(a["pic.yaml"], "file: samples/s.json"), "is JSON", "formats xml");
    const b = withSamples(PIC_YAML, sample("samples/t.xml", "        errors: [syntax]\n"));
    expectOnly(problemsOf(b), "pic.yaml", lineOf(b["pic.yaml"], "errors:"), "lists errors but is not invalid");
    const c = withSamples(PIC_YAML, sample("samples/t.xml", "        warnings: [\"Detail.X unknown-field\"]\n"));
    expectOnly(problemsOf(c), "pic.yaml", lineOf(c["pic.yaml"], "warnings:"), "is not \"<path>: <code>\"");
    const d = withSamples(PIC_YAML, sample("samples/t.xml", "        decodesAs: NoSuchCallback\n"));
    expectOnly(problemsOf(d), "pic.yaml", lineOf(d["pic.yaml"], "- file: samples/t.xml"), 'decodesAs "NoSuchCallback"');
  });
});
