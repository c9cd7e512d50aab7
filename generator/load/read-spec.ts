import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { checkFields } from "./fields.js";
import { lineOf, readYaml } from "./located-yaml.js";
import { ProblemList } from "./problems.js";
import type { At, RawMatch, RawOverride, RawPackage, RawPayload, RawSample, RawSpec, RawTable } from "./raw.js";
import { NODE_NAME, readRows } from "./rows.js";

const FILE_RULES = { tables: { kind: "list" }, payloads: { kind: "list" } } as const;
const PACKAGE_RULES = {
  package: { kind: "string", required: true },
  version: { kind: "string", required: true },
  description: { kind: "string", required: true },
} as const;
const TABLE_RULES = {
  table: { kind: "string", required: true },
  root: { kind: "string", required: true },
  source: { kind: "string", required: true },
  description: { kind: "string", required: true },
  nodes: { kind: "list", required: true },
} as const;
const PAYLOAD_RULES = {
  payload: { kind: "string", required: true },
  title: { kind: "string", required: true },
  description: { kind: "string", required: true },
  source: { kind: "string", required: true },
  formats: { kind: "string[]", required: true },
  root: { kind: "string", required: true },
  jsonNumbers: { kind: "string", required: true, oneOf: ["string", "native"] },
  match: { kind: "map" },
  decisions: { kind: "string[]" },
  nodes: { kind: "list", required: true },
  overrides: { kind: "list" },
  samples: { kind: "list" },
} as const;
const OVERRIDE_RULES = {
  path: { kind: "string", required: true },
  values: { kind: "string[]" },
  presence: { kind: "string", oneOf: ["required", "optional"] },
  description: { kind: "string" },
  deviation: { kind: "string", required: true },
} as const;
const SAMPLE_RULES = {
  file: { kind: "string", required: true },
  source: { kind: "string", required: true },
  description: { kind: "string", required: true },
  invalid: { kind: "boolean" },
  sameAs: { kind: "string" },
} as const;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Every .yaml file under the spec folder except samples, in a stable order. */
function specFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "samples") walk(p);
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Reads and shape-checks every file of the spec folder. Problems from all files are
 * collected and thrown together as a SpecError (file:line, what, how to fix).
 * `displayRoot` is the folder paths in messages are relative to.
 */
export function readSpec(dir: string, displayRoot: string = process.cwd()): RawSpec {
  const problems = new ProblemList();
  const tables: RawTable[] = [];
  const payloads: RawPayload[] = [];
  let pkg: RawPackage | undefined;
  const shown = (p: string) => relative(displayRoot, p).split("\\").join("/");

  if (!existsSync(dir)) {
    problems.add(shown(dir), 1, "the spec folder does not exist", "run from the repository root or pass --spec <folder>");
    problems.throwIfAny();
  }
  for (const path of specFiles(dir)) {
    const file = shown(path);
    const doc = readYaml(readFileSync(path, "utf8"), file, problems);
    if (doc === undefined) continue;
    const top = { file, line: 1 };
    if (path === join(dir, "package.yaml")) {
      const { ok, at, obj } = checkFields(doc, "package.yaml", PACKAGE_RULES, problems, top);
      if (ok && !SEMVER.test(String(obj["version"]))) {
        problems.add(file, at.keyLines["version"] ?? 1, `version "${String(obj["version"])}" is not a semantic version`, "write it as MAJOR.MINOR.PATCH, e.g. 1.2.0");
      } else if (ok) {
        pkg = { name: String(obj["package"]), version: String(obj["version"]), description: String(obj["description"]), at };
      }
      continue;
    }
    const { ok, obj } = checkFields(doc, `spec file ${file}`, FILE_RULES, problems, top);
    if (!ok) continue;
    for (const t of (obj["tables"] as unknown[] | undefined) ?? []) {
      const r = checkFields(t, "a table", TABLE_RULES, problems, top);
      if (!r.ok) continue;
      const name = String(r.obj["table"]);
      const root = String(r.obj["root"]);
      if (!NODE_NAME.test(root)) {
        problems.add(file, r.at.keyLines["root"] ?? r.at.line, `table root "${root}" is not a valid element name`, "use letters, digits, '_' or '-'");
        continue;
      }
      tables.push({
        table: name,
        root,
        source: String(r.obj["source"]),
        description: String(r.obj["description"]).trim(),
        rows: readRows(r.obj["nodes"], `table ${name}`, problems, r.at),
        at: r.at,
      });
    }
    for (const p of (obj["payloads"] as unknown[] | undefined) ?? []) {
      const r = checkFields(p, "a payload", PAYLOAD_RULES, problems, top);
      if (!r.ok) continue;
      payloads.push(readPayload(r.obj, r.at, dir, problems));
    }
  }
  if (!pkg && !problems.items.some((p) => p.file.endsWith("package.yaml"))) {
    problems.add(shown(join(dir, "package.yaml")), 1, "the spec has no package.yaml", "add package.yaml with package, version and description");
  }
  problems.throwIfAny();
  return { dir, pkg: pkg!, tables, payloads };
}

function readPayload(obj: Record<string, unknown>, at: At, dir: string, problems: ProblemList): RawPayload {
  const name = String(obj["payload"]);
  if (!NODE_NAME.test(String(obj["root"]))) {
    problems.add(at.file, at.keyLines["root"] ?? at.line, `root "${String(obj["root"])}" of payload ${name} is not a valid element name`, "use letters, digits, '_' or '-', starting with a letter or '_'");
  }
  const formats = (obj["formats"] as string[]).map(String);
  for (const f of formats) {
    if (f !== "xml" && f !== "json") {
      problems.add(at.file, at.keyLines["formats"] ?? at.line, `payload ${name} lists the unknown format "${f}"`, "use xml, json or both");
    }
  }
  if (formats.length === 0) problems.add(at.file, at.keyLines["formats"] ?? at.line, `payload ${name} lists no format`, "list xml, json or both");
  const matchObj = (obj["match"] as Record<string, unknown> | undefined) ?? {};
  const match: RawMatch[] = Object.entries(matchObj).map(([path, value]) => ({
    path,
    value: String(value),
    at: { ...at, line: lineOf(matchObj, path) },
  }));
  if (obj["match"] !== undefined && match.length === 0) {
    problems.add(at.file, at.keyLines["match"] ?? at.line, `payload ${name} has an empty match`, "name at least one node whose value identifies this payload, e.g. EventName: TaskFinish, or remove match");
  }
  const overrides: RawOverride[] = [];
  for (const o of (obj["overrides"] as unknown[] | undefined) ?? []) {
    const r = checkFields(o, `an override of ${name}`, OVERRIDE_RULES, problems, at);
    if (!r.ok) continue;
    overrides.push({
      path: String(r.obj["path"]),
      values: (r.obj["values"] as unknown[] | undefined)?.map(String),
      required: r.obj["presence"] === undefined ? undefined : r.obj["presence"] === "required",
      description: r.obj["description"] as string | undefined,
      deviation: String(r.obj["deviation"]).trim(),
      at: r.at,
    });
  }
  const samples: RawSample[] = [];
  for (const s of (obj["samples"] as unknown[] | undefined) ?? []) {
    const r = checkFields(s, `a sample of ${name}`, SAMPLE_RULES, problems, at);
    if (!r.ok) continue;
    const file = String(r.obj["file"]);
    if (!existsSync(join(dir, file))) {
      problems.add(r.at.file, r.at.keyLines["file"] ?? r.at.line, `sample file "${file}" does not exist`, "give the path relative to the spec folder, e.g. samples/<payload>/<name>.xml");
      continue;
    }
    if (!/\.(xml|json)$/.test(file)) {
      problems.add(r.at.file, r.at.keyLines["file"] ?? r.at.line, `sample file "${file}" is neither .xml nor .json`, "name the file after its format");
      continue;
    }
    samples.push({
      file,
      source: String(r.obj["source"]),
      description: String(r.obj["description"]).trim(),
      invalid: r.obj["invalid"] === true,
      sameAs: r.obj["sameAs"] as string | undefined,
      at: r.at,
    });
  }
  return {
    payload: name,
    title: String(obj["title"]),
    description: String(obj["description"]).trim(),
    source: String(obj["source"]),
    formats: formats.filter((f): f is "xml" | "json" => f === "xml" || f === "json"),
    root: String(obj["root"]),
    jsonNumbers: obj["jsonNumbers"] as "string" | "native",
    match,
    decisions: ((obj["decisions"] as string[] | undefined) ?? []).map((d) => String(d).trim()),
    rows: readRows(obj["nodes"], `payload ${name}`, problems, at),
    overrides,
    samples,
    at,
  };
}
