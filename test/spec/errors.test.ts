import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SpecError, formatProblem } from "../../generator/load/problems.js";
import { loadModel } from "../../generator/model/load.js";
import { PACKAGE_YAML, PIC_YAML, addRows, cleanUp, expectOnly, expectProblem, lineOf, load, minimalSpec, problemsOf, replaceOnce, row, tempDir, withPic, writeSpec } from "./fixture.js";

const ROOT = join(import.meta.dirname, "..", "..");

afterEach(cleanUp);

/** Two tables that contain each other: TableA has a node of type table TableB, and TableB one of TableA. */
const CYCLE_TABLES = `tables:
  - table: TableA
    root: A
    source: test/a.md
    description: Table A.
    nodes:
      - node: Label
        parent: A
        description: A label.
        type: string
        presence: required
      - node: ToB
        parent: A
        description: A table B inside table A.
        type: table
        table: TableB
        presence: optional
  - table: TableB
    root: B
    source: test/b.md
    description: Table B.
    nodes:
      - node: Label
        parent: B
        description: A label.
        type: string
        presence: required
      - node: ToA
        parent: B
        description: A table A inside table B.
        type: table
        table: TableA
        presence: optional
`;

describe("the minimal fixture", () => {
  it("loads without problems", () => {
    const model = load(minimalSpec());
    expect(model.packageName).toBe("test-callbacks");
    expect(model.version).toBe("0.1.0");
    expect(model.payloads).toHaveLength(1);
    const p = model.payloads[0]!;
    expect(p.name).toBe("TestCallback");
    expect(p.root.name).toBe("Response");
    expect(p.root.children.map((c) => c.name)).toEqual(["EventName", "Detail"]);
    expect(p.match).toEqual([{ path: "EventName", value: "TaskFinish" }]);
    expect(p.formats).toEqual(["xml", "json"]);
    expect(p.jsonNumbers).toBe("string");
    const jobId = p.root.children[1]!.kind === "container" ? p.root.children[1]!.children[0]! : undefined;
    expect(jobId?.path).toBe("Detail.JobId");
    expect(jobId?.defined).toEqual({ file: "pic.yaml", line: lineOf(PIC_YAML, "- node: JobId") });
  });

  it("also loads with the rows, overrides, samples and tables the tests add", () => {
    let pic = addRows(PIC_YAML, row("Note", "Response.Detail") + row("State", "Response.Detail", "enum", "        values: [A, B]\n"));
    pic = replaceOnce(pic, "    match: {EventName: TaskFinish}\n", "    match:\n      EventName: TaskFinish\n      Detail.JobId: x\n");
    pic += "    overrides:\n      - path: Detail.State\n        values: [A]\n        deviation: Only A here.\n";
    pic += "    samples:\n      - file: samples/test/one.xml\n        source: test/callback.md#Sample\n        description: A sample.\n";
    const model = load({ ...withPic(pic), "samples/test/one.xml": "<Response/>\n" });
    const p = model.payloads[0]!;
    expect(p.match).toEqual([
      { path: "EventName", value: "TaskFinish" },
      { path: "Detail.JobId", value: "x" },
    ]);
    expect(p.samples.map((s) => s.file)).toEqual(["samples/test/one.xml"]);
  });
});

describe("spec problems (file, line, what, fix)", () => {
  it("reports an unknown parent", () => {
    const pic = addRows(PIC_YAML, row("Extra", "Response.Nope"));
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "parent: Response.Nope"), 'unknown parent "Response.Nope"', '"Extra"');
    expect(p.fix).toContain("Response.Detail");
  });

  it("reports a node defined twice under the same parent", () => {
    const pic = addRows(PIC_YAML, row("JobId", "Response.Detail"));
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "- node: JobId", 2), '"JobId" is defined twice', "Response.Detail");
    expect(p.message).toContain(`pic.yaml:${lineOf(pic, "- node: JobId", 1)}`);
  });

  it("accepts the same name under different parents", () => {
    const pic = addRows(PIC_YAML, row("JobId", "Response"));
    expect(() => load(withPic(pic))).not.toThrow();
  });

  it("reports an unknown type", () => {
    const pic = addRows(PIC_YAML, row("Extra", "Response.Detail", "strng"));
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "type: strng"), 'unknown type "strng"', '"Extra"');
    expect(p.fix).toContain("string");
  });

  it("reports a cycle between two tables", () => {
    const problems = problemsOf({ ...minimalSpec(), "tables.yaml": CYCLE_TABLES });
    // Each table, checked on its own, runs into the cycle at the `table:` key that closes it.
    const a = expectProblem(problems, "tables.yaml", lineOf(CYCLE_TABLES, "        table: TableA"), "cycle", "TableA → TableB → TableA");
    const b = expectProblem(problems, "tables.yaml", lineOf(CYCLE_TABLES, "        table: TableB"), "cycle", "TableB → TableA → TableB");
    for (const p of [a, b]) {
      expect(p.message).toContain("TableA");
      expect(p.message).toContain("TableB");
    }
  });

  it("reports a cycle reached from a payload once, not again for the payload", () => {
    const pic = addRows(PIC_YAML, row("UsesA", "Response", "table", "        table: TableA\n"));
    const problems = problemsOf({ ...withPic(pic), "tables.yaml": CYCLE_TABLES });
    const cycles = problems.filter((p) => p.message.includes("cycle"));
    expect(cycles.map((p) => p.line).sort((a, b) => a - b)).toEqual([lineOf(CYCLE_TABLES, "        table: TableB"), lineOf(CYCLE_TABLES, "        table: TableA")]);
    const keys = problems.map((p) => `${p.file}:${p.line}:${p.message}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reports children placed under a leaf", () => {
    const pic = addRows(PIC_YAML, row("Sub", "Response.Detail.JobId"));
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "parent: Response.Detail.JobId"), '"Sub"', "leaf");
    expect(p.fix).toContain("container");
  });

  it("reports an enum without values", () => {
    const pic = replaceOnce(PIC_YAML, "        values: [TaskFinish]\n", "");
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "type: enum"), 'enum node "EventName" has no values');
  });

  it("reports an enum with an empty list of values", () => {
    const pic = replaceOnce(PIC_YAML, "values: [TaskFinish]", "values: []");
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "type: enum"), 'enum node "EventName" has no values');
  });

  it("reports values on a node that is not an enum", () => {
    const pic = addRows(PIC_YAML, row("Extra", "Response.Detail", "string", "        values: [A, B]\n"));
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "values: [A, B]"), '"Extra" has values', "string");
  });

  it("reports an unknown field in a row (a typo)", () => {
    const jobIdPresence = lineOf(PIC_YAML, "presence: required", 3);
    const lines = PIC_YAML.split("\n");
    lines[jobIdPresence - 1] = "        presense: required";
    const pic = lines.join("\n");
    const problems = problemsOf(withPic(pic));
    const p = expectProblem(problems, "pic.yaml", lineOf(pic, "presense:"), 'unknown field "presense"');
    expect(p.fix).toContain("presence");
    // The row then lacks presence: reported at the row.
    expectProblem(problems, "pic.yaml", lineOf(pic, "- node: JobId"), '"presence"');
    expect(problems).toHaveLength(2);
  });

  it("reports a missing required field at its row", () => {
    const pic = replaceOnce(PIC_YAML, "        description: Identifier of the job.\n", "");
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "- node: JobId"), '"description"');
    expect(p.fix).toContain("description:");
  });

  it("reports a node of type table naming an unknown table", () => {
    const pic = addRows(PIC_YAML, row("Job", "Response", "table", "        table: NoSuchTable\n"));
    expectProblem(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "table: NoSuchTable"), '"Job"', 'unknown table "NoSuchTable"');
  });

  it("reports only the unknown table, not the emptiness that follows from it", () => {
    const pic = addRows(PIC_YAML, row("Job", "Response", "table", "        table: NoSuchTable\n"));
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "table: NoSuchTable"), 'unknown table "NoSuchTable"');
  });

  it("reports an invalid payload root by name", () => {
    const pic = replaceOnce(PIC_YAML, "root: Response", "root: 1Resp");
    expectProblem(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "root: 1Resp"), 'root "1Resp"', "not a valid element name");
  });

  it("reports a node of type table that names no table", () => {
    const pic = addRows(PIC_YAML, row("Job", "Response", "table"));
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "type: table"), '"Job"', "names no table");
  });

  it("reports a YAML syntax error with its line", () => {
    const pic = replaceOnce(PIC_YAML, "    title: Test callback", "    title: Test: callback");
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "title: Test: callback"), "YAML syntax error");
  });

  it("reports a YAML syntax error in one file and the problems of the others", () => {
    const pic = replaceOnce(PIC_YAML, "    title: Test callback", "    title: Test: callback");
    const pkg = replaceOnce(PACKAGE_YAML, "version: 0.1.0", "version: one");
    const problems = problemsOf({ "package.yaml": pkg, "pic.yaml": pic });
    expectProblem(problems, "pic.yaml", lineOf(pic, "title: Test: callback"), "YAML syntax error");
    expectProblem(problems, "package.yaml", lineOf(pkg, "version: one"), '"one" is not a semantic version');
  });

  it("reports an invalid node name", () => {
    const pic = addRows(PIC_YAML, row("1abc", "Response.Detail"));
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "- node: 1abc"), '"1abc"', "not a valid element name");
    expect(p.fix).toContain("letter");
  });

  it("reports a reserved node name", () => {
    const pic = addRows(PIC_YAML, row("__proto__", "Response.Detail"));
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "- node: __proto__"), '"__proto__"', "reserved");
  });

  it("reports an override whose path names no node", () => {
    const pic = PIC_YAML + "    overrides:\n      - path: Detail.Nope\n        deviation: Testing.\n";
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "path: Detail.Nope"), '"Detail.Nope"', "TestCallback");
    expect(p.fix).toContain("model path");
  });

  it("reports override values on a node that is not an enum", () => {
    const pic = PIC_YAML + "    overrides:\n      - path: Detail.JobId\n        values: [A]\n        deviation: Testing.\n";
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "values: [A]"), '"Detail.JobId"', "not an enum");
  });

  it("reports a match path that is not a leaf, at the line of that match entry", () => {
    const pic = replaceOnce(PIC_YAML, "    match: {EventName: TaskFinish}\n", "    match:\n      EventName: TaskFinish\n      Detail: Something\n");
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "Detail: Something"), 'match path "Detail"', "not a leaf");
  });

  it("reports a match path that names no node", () => {
    const pic = replaceOnce(PIC_YAML, "match: {EventName: TaskFinish}", "match: {EventName: TaskFinish, Detail.Nope: x}");
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "Detail.Nope: x"), 'match path "Detail.Nope"', "not a leaf");
  });

  it("reports a match value that is not among the enum's values", () => {
    const pic = replaceOnce(PIC_YAML, "match: {EventName: TaskFinish}", "match: {EventName: TaskStart}");
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "match: {EventName: TaskStart}"), '"TaskStart"', "EventName");
    expect(p.message).toContain("TaskFinish");
  });

  it("reports a sample file that does not exist", () => {
    const pic = PIC_YAML + "    samples:\n      - file: samples/test/missing.xml\n        source: test/callback.md#Sample\n        description: A sample.\n";
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "file: samples/test/missing.xml"), '"samples/test/missing.xml"', "does not exist");
    expect(p.fix).toContain("relative to the spec folder");
  });

  it("reports a payload defined twice", () => {
    const second = PIC_YAML.slice(PIC_YAML.indexOf("  - payload: TestCallback"));
    const pic = PIC_YAML + second;
    const first = lineOf(pic, "- payload: TestCallback", 1);
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "- payload: TestCallback", 2), '"TestCallback" is defined twice');
    expect(p.message).toContain(`pic.yaml:${first}`);
  });

  it("reports a payload defined twice in two files", () => {
    const problems = problemsOf({ ...minimalSpec(), "zz/other.yaml": PIC_YAML });
    const p = expectOnly(problems, "zz/other.yaml", lineOf(PIC_YAML, "- payload: TestCallback"), '"TestCallback" is defined twice');
    expect(p.message).toContain(`pic.yaml:${lineOf(PIC_YAML, "- payload: TestCallback")}`);
  });

  it("reports a parent that does not start with the root", () => {
    const pic = addRows(PIC_YAML, row("Extra", "Body.Detail"));
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "parent: Body.Detail"), '"Body.Detail"', '"Response"');
    expect(p.fix).toContain("Response");
  });

  it("reports a parent that only shares a prefix with the root", () => {
    const pic = addRows(PIC_YAML, row("Extra", "ResponseX"));
    expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "parent: ResponseX"), '"ResponseX"', "does not start with the root");
  });

  it("reports an empty container", () => {
    const pic = addRows(PIC_YAML, row("Empty", "Response", "container"));
    const p = expectOnly(problemsOf(withPic(pic)), "pic.yaml", lineOf(pic, "- node: Empty"), '"Response.Empty"', "no child nodes");
    expect(p.fix).toContain("parent");
  });

  it("reports a version that is not a semantic version", () => {
    const pkg = replaceOnce(PACKAGE_YAML, "version: 0.1.0", "version: 1.2.x");
    const p = expectOnly(problemsOf({ ...minimalSpec(), "package.yaml": pkg }), "package.yaml", lineOf(pkg, "version: 1.2.x"), '"1.2.x" is not a semantic version');
    expect(p.fix).toContain("MAJOR.MINOR.PATCH");
  });

  it("reports a missing package.yaml", () => {
    const files = minimalSpec();
    delete files["package.yaml"];
    expectOnly(problemsOf(files), "package.yaml", 1, "no package.yaml");
  });

  it("reports every shape problem of the spec at once, sorted by file and line", () => {
    const pic = addRows(PIC_YAML, row("1abc", "Response.Detail") + row("Extra", "Response.Detail", "strng"));
    const pkg = replaceOnce(PACKAGE_YAML, "version: 0.1.0", "version: 1.2.x");
    const tables = replaceOnce(CYCLE_TABLES, "      - node: ToA", "      - node: ToA\n        presense: optional");
    const problems = problemsOf({ "package.yaml": pkg, "pic.yaml": pic, "tables.yaml": tables });
    expectProblem(problems, "package.yaml", lineOf(pkg, "version: 1.2.x"), "semantic version");
    expectProblem(problems, "pic.yaml", lineOf(pic, "- node: 1abc"), '"1abc"');
    expectProblem(problems, "pic.yaml", lineOf(pic, "type: strng"), '"strng"');
    expectProblem(problems, "tables.yaml", lineOf(tables, "presense: optional"), 'unknown field "presense"');
    expect(problems).toHaveLength(4);
    const order = problems.map((p) => `${p.file}:${String(p.line).padStart(5, "0")}`);
    expect(order).toEqual([...order].sort());
  });

  it("reports a typo in a payload's own fields together with the problems of its rows", () => {
    let pic = addRows(PIC_YAML, row("Extra", "Response.Detail", "strng"));
    pic = replaceOnce(pic, "    title: Test callback\n", "    title: Test callback\n    titel: Test callback\n");
    const problems = problemsOf(withPic(pic));
    expectProblem(problems, "pic.yaml", lineOf(pic, "titel:"), 'unknown field "titel"');
    expectProblem(problems, "pic.yaml", lineOf(pic, "type: strng"), 'unknown type "strng"');
    expect(problems).toHaveLength(2);
  });

  it("reports every linking problem of the spec at once", () => {
    let pic = addRows(PIC_YAML, row("Extra", "Response.Nope") + row("JobId", "Response.Detail") + row("Sub", "Response.EventName") + row("Empty", "Response", "container"));
    pic = replaceOnce(pic, "match: {EventName: TaskFinish}", "match: {EventName: TaskStart}");
    pic += "    overrides:\n      - path: Detail.Nope\n        deviation: Testing.\n";
    const problems = problemsOf(withPic(pic));
    expectProblem(problems, "pic.yaml", lineOf(pic, "parent: Response.Nope"), "unknown parent");
    expectProblem(problems, "pic.yaml", lineOf(pic, "- node: JobId", 2), "defined twice");
    expectProblem(problems, "pic.yaml", lineOf(pic, "parent: Response.EventName"), "leaf");
    expectProblem(problems, "pic.yaml", lineOf(pic, "- node: Empty"), "no child nodes");
    expectProblem(problems, "pic.yaml", lineOf(pic, "match: {EventName: TaskStart}"), '"TaskStart"');
    expectProblem(problems, "pic.yaml", lineOf(pic, "path: Detail.Nope"), '"Detail.Nope"');
    expect(problems).toHaveLength(6);
  });

  it("reports the problems of several payloads and an unused table at once", () => {
    const other = replaceOnce(addRows(PIC_YAML, row("Extra", "Response.Nope")), "payload: TestCallback", "payload: OtherCallback");
    const tables = `tables:
  - table: Unused
    root: U
    source: test/u.md
    description: A table no payload uses.
    nodes:
      - node: Lost
        parent: U.Nowhere
        description: A row with an unknown parent.
        type: string
        presence: optional
`;
    const pic = addRows(PIC_YAML, row("Sub", "Response.Detail.JobId"));
    const problems = problemsOf({ ...minimalSpec(), "pic.yaml": pic, "other.yaml": other, "tables.yaml": tables });
    expectProblem(problems, "other.yaml", lineOf(other, "parent: Response.Nope"), "unknown parent");
    expectProblem(problems, "pic.yaml", lineOf(pic, "parent: Response.Detail.JobId"), "leaf");
    expectProblem(problems, "tables.yaml", lineOf(tables, "parent: U.Nowhere"), "unknown parent");
    expectProblem(problems, "tables.yaml", lineOf(tables, "- table: Unused"), "used by no payload");
    // OtherCallback is a copy of TestCallback: its match rules are the same.
    expectProblem(problems, "pic.yaml", lineOf(pic, "match:"), "can both match one");
    expect(problems).toHaveLength(5);
  });
});

describe("formatting problems", () => {
  it("renders file:line: message — fix", () => {
    const pic = addRows(PIC_YAML, row("Extra", "Response.Detail", "strng"));
    const [p] = problemsOf(withPic(pic));
    const line = lineOf(pic, "type: strng");
    const text = formatProblem(p!);
    expect(text).toBe(`pic.yaml:${line}: ${p!.message} — ${p!.fix}`);
    expect(text).toMatch(new RegExp(`^pic\\.yaml:${line}: .+ — .+$`));
  });

  it("puts every problem in the SpecError's message", () => {
    const pic = addRows(PIC_YAML, row("1abc", "Response.Detail") + row("Extra", "Response.Detail", "strng"));
    const dir = writeSpec(withPic(pic));
    let error: unknown;
    try {
      loadModel(dir, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const e = error as SpecError;
    expect(e.problems).toHaveLength(2);
    for (const p of e.problems) expect(e.message).toContain(formatProblem(p));
  });

  it("shows paths relative to the display root", () => {
    const pic = addRows(PIC_YAML, row("Extra", "Response.Detail", "strng"));
    const dir = writeSpec({ "package.yaml": PACKAGE_YAML, "pic/callback.yaml": pic });
    let error: unknown;
    try {
      loadModel(dir, join(dir, ".."));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const [p] = (error as SpecError).problems;
    expect(p!.file).toBe(`${relative(join(dir, ".."), dir)}/pic/callback.yaml`);
    expect(p!.line).toBe(lineOf(pic, "type: strng"));
  });
});

describe("the generator CLI", () => {
  it("reports spec problems as file:line without a stack trace", () => {
    const pic = addRows(PIC_YAML, row("Extra", "Response.Nope"));
    const spec = writeSpec(withPic(pic));
    const out = tempDir("spec-test-out-");
    const r = spawnSync(join(ROOT, "node_modules/.bin/tsx"), ["generator/cli.ts", "--spec", spec, "--out", out, "--no-build"], { cwd: ROOT, encoding: "utf8" });
    const shown = relative(ROOT, join(spec, "pic.yaml")).split("\\").join("/");
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${shown}:${lineOf(pic, "parent: Response.Nope")}: unknown parent "Response.Nope"`);
    expect(r.stderr).toContain(" — ");
    expect(r.stderr).not.toContain("    at ");
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
