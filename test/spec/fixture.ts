import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { formatProblem, SpecError, type SpecProblem } from "../../generator/load/problems.js";
import { loadModel } from "../../generator/model/load.js";
import type { Model } from "../../generator/model/types.js";

/** A spec folder as text: path relative to the folder → file content. */
export type SpecFiles = Record<string, string>;

export const PACKAGE_YAML = `# Package-level facts of the test spec.
package: test-callbacks
version: 0.1.0
description: Decoders for the callbacks of the tests.
`;

/**
 * The payload file of the minimal valid spec. `nodes:` is the last key of the payload,
 * so `addRows` can append rows at the end of the text, and `addPayloadKeys` appends keys
 * (overrides:, samples:) after the rows.
 */
export const PIC_YAML = `# The one payload of the test spec.
payloads:
  - payload: TestCallback
    title: Test callback
    description: A callback for the tests.
    source: test/callback.md
    formats: [xml, json]
    root: Response
    jsonNumbers: string
    match: {EventName: TaskFinish}
    nodes:
      - node: EventName
        parent: Response
        description: Event that triggered the callback.
        vendorType: String
        type: enum
        values: [TaskFinish]
        presence: required
      - node: Detail
        parent: Response
        description: Details of the job.
        vendorType: Container
        type: container
        presence: required
      - node: JobId
        parent: Response.Detail
        description: Identifier of the job.
        vendorType: String
        type: string
        presence: required
`;

/** The minimal valid spec: package.yaml plus pic.yaml. */
export function minimalSpec(): SpecFiles {
  return { "package.yaml": PACKAGE_YAML, "pic.yaml": PIC_YAML };
}

/** Replaces `from` by `to`; fails when `from` does not occur exactly once (keeps fixtures honest). */
export function replaceOnce(text: string, from: string, to: string): string {
  const first = text.indexOf(from);
  if (first < 0) throw new Error(`fixture: ${JSON.stringify(from)} does not occur`);
  if (text.indexOf(from, first + 1) >= 0) throw new Error(`fixture: ${JSON.stringify(from)} occurs more than once`);
  return text.slice(0, first) + to + text.slice(first + from.length);
}

/** Appends rows (written at the indentation of the payload's rows) to the end of the `nodes:` list. */
export function addRows(text: string, rows: string): string {
  return text + rows;
}

/**
 * 1-based line of the `nth` (1-based) line containing `marker`. Throws when there is no
 * such line, and, for nth = 1, when the marker is on more than one line (use nth then).
 */
export function lineOf(text: string, marker: string, nth?: number): number {
  const hits: number[] = [];
  text.split("\n").forEach((l, i) => {
    if (l.includes(marker)) hits.push(i + 1);
  });
  if (hits.length === 0) throw new Error(`fixture: no line contains ${JSON.stringify(marker)}`);
  if (nth === undefined) {
    if (hits.length > 1) throw new Error(`fixture: ${JSON.stringify(marker)} is on lines ${hits.join(", ")}; pass nth`);
    return hits[0]!;
  }
  const line = hits[nth - 1];
  if (line === undefined) throw new Error(`fixture: ${JSON.stringify(marker)} is on fewer than ${nth} lines`);
  return line;
}

const made: string[] = [];

/** A fresh, empty temporary folder; removed by `cleanUp`. */
export function tempDir(prefix = "spec-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes the files into a fresh temporary folder and returns the folder. */
export function writeSpec(files: SpecFiles): string {
  const dir = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** Removes every folder made by `tempDir` / `writeSpec`. */
export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes the spec and loads it, with paths shown relative to the spec folder. */
export function load(files: SpecFiles): Model {
  const dir = writeSpec(files);
  return loadModel(dir, dir);
}

/** The problems of a spec that must fail to load (fails when it loads or throws something else). */
export function problemsOf(files: SpecFiles): readonly SpecProblem[] {
  try {
    load(files);
  } catch (e) {
    if (e instanceof SpecError) return e.problems;
    throw e;
  }
  throw new Error("expected the spec to be refused, but it loaded");
}

/** Asserts one problem at file:line whose message matches every pattern, and that it says how to fix it. */
export function expectProblem(problems: readonly SpecProblem[], file: string, line: number, ...message: (string | RegExp)[]): SpecProblem {
  const here = problems.filter((p) => p.file === file && p.line === line && message.every((m) => (typeof m === "string" ? p.message.includes(m) : m.test(p.message))));
  expect(here, `no problem at ${file}:${line} matching ${message.join(" / ")}; got:\n${problems.map(formatProblem).join("\n")}`).toHaveLength(1);
  const p = here[0]!;
  expect(p.fix.trim()).not.toBe("");
  return p;
}

/** Asserts that the spec has exactly one problem, at file:line, and returns it. */
export function expectOnly(problems: readonly SpecProblem[], file: string, line: number, ...message: (string | RegExp)[]): SpecProblem {
  expect(problems.map(formatProblem)).toHaveLength(1);
  return expectProblem(problems, file, line, ...message);
}

/** The minimal spec with pic.yaml replaced by `pic`. */
export function withPic(pic: string) {
  return { ...minimalSpec(), "pic.yaml": pic };
}

/** A row for the payload's nodes list. */
export function row(node: string, parent: string, type = "string", extra = ""): string {
  return `      - node: ${node}
        parent: ${parent}
        description: Row ${node} of the tests.
        type: ${type}
${extra}        presence: optional
`;
}

