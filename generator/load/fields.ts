import { lineOf, where } from "./located-yaml.js";
import type { At } from "./raw.js";
import type { ProblemList } from "./problems.js";

type Kind = "string" | "boolean" | "string[]" | "map" | "list";
export interface FieldRule {
  kind: Kind;
  required?: boolean;
  oneOf?: readonly string[];
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

function matches(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof v === "string" && v.trim() !== "";
    case "boolean":
      return typeof v === "boolean";
    case "string[]":
      return Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number");
    case "map":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "list":
      return Array.isArray(v);
  }
}

const describeKind: Record<Kind, string> = {
  string: "a non-empty text",
  boolean: "true or false",
  "string[]": "a list of texts, e.g. [A, B]",
  map: "a mapping of key: value",
  list: "a list of entries (- ...)",
};

/**
 * Checks one mapping of the spec against its rules: unknown keys (typos), missing
 * required keys, wrong kinds and values outside a closed set. Returns the mapping's
 * position and whether it is usable (unknown keys are reported but do not make it unusable).
 */
export function checkFields(
  value: unknown,
  what: string,
  rules: Record<string, FieldRule>,
  problems: ProblemList,
  fallback: { file: string; line: number },
): { ok: boolean; at: At; obj: Record<string, unknown> } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.add(fallback.file, fallback.line, `${what} must be a mapping, found ${kindOf(value)}`, "write it as key: value lines");
    return { ok: false, at: { ...fallback, keyLines: {} }, obj: {} };
  }
  const obj = value as Record<string, unknown>;
  const w = where(obj);
  const at: At = { file: w.file, line: w.line, keyLines: w.keyLines };
  let ok = true;
  const known = Object.keys(rules);
  for (const key of Object.keys(obj)) {
    if (!Object.prototype.hasOwnProperty.call(rules, key)) {
      // Reported, but the rest of the mapping is still read, so its other problems show too.
      problems.add(w.file, lineOf(obj, key), `unknown field "${key}" in ${what}`, `use one of: ${known.join(", ")}`);
    }
  }
  for (const [key, rule] of Object.entries(rules)) {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (rule.required) {
        problems.add(w.file, w.line, `${what} has no "${key}"`, `add ${key}: (${describeKind[rule.kind]})`);
        ok = false;
      }
      continue;
    }
    if (!matches(rule.kind, v)) {
      problems.add(w.file, lineOf(obj, key), `"${key}" of ${what} must be ${describeKind[rule.kind]}, found ${kindOf(v)}`, `write ${key} as ${describeKind[rule.kind]}`);
      ok = false;
      continue;
    }
    if (rule.oneOf && !rule.oneOf.includes(String(v))) {
      problems.add(w.file, lineOf(obj, key), `"${key}" of ${what} is "${String(v)}", which is not known`, `use one of: ${rule.oneOf.join(", ")}`);
      ok = false;
    }
  }
  return { ok, at, obj };
}
