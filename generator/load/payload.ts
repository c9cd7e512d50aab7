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
  deviation: { kind: "string" },
  nodes: { kind: "list", required: true },
  overrides: { kind: "list" },
  samples: { kind: "list" },
} as const;
export const OVERRIDE_RULES = {
  path: { kind: "string", required: true },
  values: { kind: "string[]" },
  closed: { kind: "boolean" },
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
  warnings: { kind: "string[]" },
  errors: { kind: "string[]" },
  decodesAs: { kind: "string" },
} as const;

/** Reads `overrides:` of a payload or table. */
export function readOverrides(list: unknown[] | undefined, owner: string, at: At, problems: ProblemList): RawOverride[] {
  const overrides: RawOverride[] = [];
  for (const o of list ?? []) {
    const r = checkFields(o, `an override of ${owner}`, OVERRIDE_RULES, problems, at);
    if (!r.ok) continue;
    overrides.push({
      path: String(r.obj["path"]),
      values: (r.obj["values"] as unknown[] | undefined)?.map(String),
      required: r.obj["presence"] === undefined ? undefined : r.obj["presence"] === "required",
      closed: r.obj["closed"] as boolean | undefined,
      description: r.obj["description"] as string | undefined,
      deviation: String(r.obj["deviation"]).trim(),
      at: r.at,
    });
  }
  return overrides;
}

/** One match rule: `path: value`, or `path: { present: true | false }`. */
function readMatch(matchObj: Record<string, unknown>, name: string, at: At, problems: ProblemList): RawMatch[] {
  const out: RawMatch[] = [];
  for (const [path, value] of Object.entries(matchObj)) {
    const ruleAt = { ...at, line: lineOf(matchObj, path) };
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      out.push({ path, value: String(value), present: undefined, at: ruleAt });
      continue;
    }
    const keys = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
    const present = keys.length === 1 && keys[0] === "present" ? (value as Record<string, unknown>)["present"] : undefined;
    if (typeof present !== "boolean") {
      problems.add(at.file, ruleAt.line, `match rule "${path}" of payload ${name} is neither a value nor { present: true | false }`, `write ${path}: <value>, or ${path}: { present: true } / { present: false }`);
      continue;
    }
    out.push({ path, value: undefined, present, at: ruleAt });
  }
  return out;
}

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
  const match = readMatch(matchObj, name, at, problems);
  if (obj["match"] !== undefined && Object.keys(matchObj).length === 0) {
    problems.add(at.file, at.keyLines["match"] ?? at.line, `payload ${name} has an empty match`, "name at least one node whose value identifies this payload, e.g. EventName: TaskFinish, or remove match");
  }
  const overrides = readOverrides(obj["overrides"] as unknown[] | undefined, name, at, problems);
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
    const format = file.endsWith(".xml") ? "xml" : "json";
    if (!formats.includes(format)) {
      problems.add(r.at.file, r.at.keyLines["file"] ?? r.at.line, `sample "${file}" is ${format.toUpperCase()}, but payload ${name} lists the formats ${formats.join(", ")}`, `add ${format} to formats, or list the sample under the payload it belongs to`);
      continue;
    }
    const errors = ((r.obj["errors"] as unknown[] | undefined) ?? []).map(String);
    const invalid = r.obj["invalid"] === true;
    if (errors.length > 0 && !invalid) {
      problems.add(r.at.file, r.at.keyLines["errors"] ?? r.at.line, `sample "${file}" lists errors but is not invalid`, "add invalid: true, or remove errors");
      continue;
    }
    if (invalid && (r.obj["warnings"] !== undefined || r.obj["decodesAs"] !== undefined)) {
      problems.add(r.at.file, r.at.keyLines["invalid"] ?? r.at.line, `invalid sample "${file}" also gives ${r.obj["warnings"] !== undefined ? "warnings" : "decodesAs"}`, "an invalid sample is refused: give its error codes with errors:");
      continue;
    }
    samples.push({
      file,
      source: String(r.obj["source"]),
      description: String(r.obj["description"]).trim(),
      invalid,
      sameAs: r.obj["sameAs"] as string | undefined,
      warnings: ((r.obj["warnings"] as unknown[] | undefined) ?? []).map(String),
      errors,
      decodesAs: r.obj["decodesAs"] as string | undefined,
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
    deviation: (obj["deviation"] as string | undefined)?.trim(),
    rows: readRows(obj["nodes"], `payload ${name}`, problems, at),
    overrides,
    samples,
    at,
  };
}
