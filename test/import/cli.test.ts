import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, run, temp } from "./helpers.js";

const CLI = "generator/import/cli.ts";

describe("npm run spec:import: bad input is one line and exit 2", () => {
  it("a missing page", () => {
    const r = run(CLI, ["no/such/page.md", "--out", temp("cli")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^spec:import: no\/such\/page\.md: cannot read the page \(ENOENT\)/)]);
  });

  it("a page with no node table", () => {
    const dir = temp("cli");
    const page = join(dir, "callback-empty.md");
    writeFileSync(page, "## Nothing here\n\nJust prose.\n");
    const r = run(CLI, [page, "--out", join(dir, "out")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("no node table found");
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("no --out, or an unknown option", () => {
    expect(run(CLI, [join(FIXTURES, "callback-resize.md")]).status).toBe(2);
    expect(run(CLI, [join(FIXTURES, "callback-resize.md"), "--bogus", "--out", temp("cli")]).status).toBe(2);
  });

  it("writes package.yaml, the payload's YAML, its samples and IMPORT-REPORT.md", () => {
    const out = temp("cli");
    const r = run(CLI, [join(FIXTURES, "callback-resize.md"), join(FIXTURES, "submit-resize.md"), "--out", out]);
    expect(r.status).toBe(0);
    for (const f of ["package.yaml", "pages/callback-resize.yaml", "samples/pages-resize-callback/sample-1.xml", "samples/pages-resize-callback/sample-2.json", "samples/pages-resize-callback/sample-3-as-published.json", "IMPORT-REPORT.md"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const report = readFileSync(join(out, "IMPORT-REPORT.md"), "utf8");
    for (const section of ["Malformed samples", "Nodes seen in samples but in no table", "Table nodes never seen in a sample", "Parents the samples contradict", "Repetition the samples contradict"]) {
      expect(report).toContain(section);
    }
  });
});

describe("npm run spec:import: the output folder", () => {
  it("refuses a non-empty folder that holds no earlier draft (such as spec/), and rewrites an earlier draft whole", () => {
    const r = run(CLI, [join(FIXTURES, "callback-resize.md"), "--out", "spec"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("holds no earlier draft");
    const out = temp("cli");
    expect(run(CLI, [join(FIXTURES, "callback-resize.md"), join(FIXTURES, "submit-resize.md"), "--out", out]).status).toBe(0);
    writeFileSync(join(out, "stale.yaml"), "payloads: []\n");
    expect(run(CLI, [join(FIXTURES, "callback-resize.md"), join(FIXTURES, "submit-resize.md"), "--out", out]).status).toBe(0);
    expect(existsSync(join(out, "stale.yaml"))).toBe(false);
    expect(existsSync(join(out, "IMPORT-REPORT.md"))).toBe(true);
  });
});
