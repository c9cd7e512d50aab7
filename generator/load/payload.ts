import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkFields } from "./fields.js";
import { lineOf } from "./located-yaml.js";
import type { ProblemList } from "./problems.js";
import type { At, RawMatch, RawOverride, RawPayload, RawSample } from "./raw.js";
import { NODE_NAME, readRows } from "./rows.js";

/** Shape of a payload entry (`payloads:`), its overrides and its samples. */
export const PAYLOAD_RULES = {
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

/** Reads one shape-checked payload entry: formats, root, match rules, rows, overrides and samples. */
export function readPayload(obj: Record<string, unknown>, at: At, dir: string, problems: ProblemList): RawPayload {
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
