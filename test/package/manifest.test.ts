import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/model/load.js";
import { ROOT } from "../helpers.js";

const pkg = JSON.parse(readFileSync(join(ROOT, "generated/package.json"), "utf8"));
const model = loadModel(join(ROOT, "spec"), ROOT);

/** Every file an exports map (or bin/main/types) points at. */
function targets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(targets);
  return [];
}

describe("the package manifest", () => {
  it("takes its version from the spec, and the CHANGELOG has an entry for it", () => {
    expect(pkg.version).toBe(model.version);
    expect(readFileSync(join(ROOT, "generated/CHANGELOG.md"), "utf8")).toContain(`## ${model.version}`);
  });

  it("points every export, bin, main and types entry at a file the build makes", () => {
    const files = [...targets(pkg.exports), pkg.main, pkg.types, pkg.module, ...Object.values(pkg.bin as Record<string, string>)].filter((f) => !f.includes("*"));
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) expect(existsSync(join(ROOT, "generated", f)), f).toBe(true);
    for (const slug of model.payloads.map((p) => p.slug)) expect(existsSync(join(ROOT, "generated/dist/schemas", `${slug}.json`))).toBe(true);
  });

  it("offers ESM and CommonJS, each with its types", () => {
    for (const entry of [".", "./testing"]) {
      expect(Object.keys(pkg.exports[entry])).toEqual(["import", "require"]);
      for (const cond of ["import", "require"]) expect(Object.keys(pkg.exports[entry][cond])).toEqual(["types", "default"]);
    }
  });

  it("declares engines, no side effects, and no runtime dependency (XML is read by its own reader)", () => {
    expect(pkg.engines).toEqual({ node: ">=18" });
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependenciesMeta["fast-check"].optional).toBe(true);
    expect(pkg.license).toBe("MIT");
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "bin", "README.md", "LICENSE", "CHANGELOG.md"]));
  });

  it("names its repository (the folder within it), its home page and keywords, from the spec", () => {
    expect(model.repository).toMatch(/^https:\/\//);
    expect(pkg.repository).toEqual({ type: "git", url: `git+${model.repository}.git`, directory: model.directory });
    expect(pkg.homepage).toBe(model.homepage);
    expect(pkg.keywords.length).toBeGreaterThan(3);
    expect(pkg.keywords).toEqual([...model.keywords]);
  });
});

describe("the package README", () => {
  const readme = readFileSync(join(ROOT, "generated/README.md"), "utf8");
  it("links to the reference, which the package ships (files: docs)", () => {
    expect(pkg.files).toContain("docs");
    expect(readme).toContain("](docs/README.md)");
    expect(readme).toContain(`${model.packageName}/docs/site/index.html`);
    expect(model.homepage).toMatch(/^https:\/\//);
    expect(readme).toContain(model.homepage);
  });
  it("carries a short reference itself: every kind, linked to its page, how to decode and how to narrow", () => {
    for (const p of model.payloads) expect(readme, p.name).toContain(`[\`${p.name}\`](docs/${p.slug}.md)`);
    expect(readme).toMatch(/## Decode\b/);
    expect(readme).toMatch(/## Narrow by payload kind/);
  });
  it("every relative link resolves to a file of the package", () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l));
    expect(links.length).toBeGreaterThan(model.payloads.length);
    for (const l of links) expect(existsSync(join(ROOT, "generated", l.split("#")[0]!)), l).toBe(true);
  });
});
