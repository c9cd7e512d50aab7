import { checkFields } from "./fields.js";
import { lineOf } from "./located-yaml.js";
import type { At, NodeType, RawRow } from "./raw.js";
import { NODE_TYPES } from "./raw.js";
import type { ProblemList } from "./problems.js";

/** A node name as it appears on the wire: letters, digits, '_' and '-', not starting with a digit. */
export const NODE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Names that would collide with the object model of JavaScript. */
export const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

const ROW_RULES = {
  node: { kind: "string", required: true },
  parent: { kind: "string", required: true },
  description: { kind: "string", required: true },
  vendorType: { kind: "string" },
  type: { kind: "string", required: true },
  table: { kind: "string" },
  presence: { kind: "string", required: true, oneOf: ["required", "optional"] },
  repeated: { kind: "boolean" },
  values: { kind: "string[]" },
  codes: { kind: "map" },
  nullable: { kind: "boolean" },
  closed: { kind: "boolean" },
  by: { kind: "string" },
  variants: { kind: "map" },
  fallback: { kind: "string" },
  documentedAt: { kind: "string" },
  source: { kind: "string" },
  deviation: { kind: "string" },
} as const;

/** Reads `codes:` of an integer-coded enum: integer keys, a meaning each. */
function readCodes(obj: Record<string, unknown>, node: string, rowAt: At, problems: ProblemList): { code: number; meaning: string }[] | undefined {
  const raw = obj["codes"] as Record<string, unknown>;
  const line = rowAt.keyLines["codes"] ?? rowAt.line;
  const out: { code: number; meaning: string }[] = [];
  for (const [key, meaning] of Object.entries(raw)) {
    if (!/^-?\d+$/.test(key) || !Number.isSafeInteger(Number(key))) {
      problems.add(rowAt.file, line, `code "${key}" of node "${node}" is not an integer`, "write codes as { 0: meaning, 1: meaning }");
      return undefined;
    }
    if (typeof meaning !== "string" || meaning.trim() === "") {
      problems.add(rowAt.file, line, `code ${key} of node "${node}" has no meaning`, "give each code a short meaning in our own words");
      return undefined;
    }
    out.push({ code: Number(key), meaning: meaning.trim() });
  }
  if (out.length === 0) {
    problems.add(rowAt.file, line, `node "${node}" has an empty codes mapping`, "list each code with its meaning, or remove codes");
    return undefined;
  }
  return out.sort((a, b) => a.code - b.code);
}

/** Reads `variants:` of a union: value of the `by` leaf → table name. */
function readVariants(obj: Record<string, unknown>, node: string, rowAt: At, problems: ProblemList): { value: string; table: string; line: number }[] | undefined {
  const raw = obj["variants"] as Record<string, unknown>;
  const out: { value: string; table: string; line: number }[] = [];
  for (const [value, table] of Object.entries(raw)) {
    const line = lineOf(raw, value);
    if (typeof table !== "string" || table.trim() === "") {
      problems.add(rowAt.file, line, `variant "${value}" of union "${node}" names no table`, "write variants as { Value: TableName }");
      return undefined;
    }
    out.push({ value, table, line });
  }
  if (out.length === 0) {
    problems.add(rowAt.file, rowAt.keyLines["variants"] ?? rowAt.line, `union "${node}" has no variants`, "list at least one { Value: TableName }");
    return undefined;
  }
  return out;
}

/** Attributes that only some types take: each is a problem on a row of another type. */
const ONLY_FOR: [key: string, types: readonly string[], fix: string][] = [
  ["values", ["enum"], "set type: enum, or remove values"],
  ["closed", ["enum"], "set type: enum, or remove closed"],
  ["codes", ["integer"], "set type: integer, or remove codes"],
  ["table", ["table"], "set type: table, or remove table"],
  ["by", ["union"], "set type: union, or remove by"],
  ["variants", ["union"], "set type: union, or remove variants"],
  ["fallback", ["union"], "set type: union, or remove fallback"],
  ["documentedAt", ["opaque"], "set type: opaque, or remove documentedAt"],
];

/** Shape-checks the `nodes:` rows of a table or payload. Rows with problems are left out. */
export function readRows(list: unknown, owner: string, problems: ProblemList, at: At): RawRow[] {
  if (!Array.isArray(list)) {
    problems.add(at.file, at.keyLines["nodes"] ?? at.line, `"nodes" of ${owner} must be a list of rows`, "write each row as - node: Name");
    return [];
  }
  const rows: RawRow[] = [];
  list.forEach((item, i) => {
    const what = `row ${i + 1} of ${owner}`;
    const { ok, at: rowAt, obj } = checkFields(item, what, ROW_RULES, problems, at);
    if (!ok) return;
    const node = String(obj["node"]);
    const type = String(obj["type"]);
    let good = true;
    const line = (k: string) => rowAt.keyLines[k] ?? rowAt.line;
    if (!NODE_NAME.test(node)) {
      problems.add(rowAt.file, line("node"), `node name "${node}" is not a valid element name`, "use letters, digits, '_' or '-', starting with a letter or '_'");
      good = false;
    } else if (RESERVED_NAMES.has(node)) {
      problems.add(rowAt.file, line("node"), `node name "${node}" is reserved in JavaScript`, "rename the node; the decoders keep such names only as unknown fields");
      good = false;
    }
    if (!(NODE_TYPES as readonly string[]).includes(type)) {
      problems.add(rowAt.file, line("type"), `unknown type "${type}" for node "${node}"`, `use one of: ${NODE_TYPES.join(", ")}`);
      good = false;
    }
    const values = obj["values"] as (string | number)[] | undefined;
    if (type === "enum" && (!values || values.length === 0)) {
      problems.add(rowAt.file, line("type"), `enum node "${node}" has no values`, "add values: [A, B, ...] listing the allowed values");
      good = false;
    }
    for (const [key, types, fix] of ONLY_FOR) {
      if (obj[key] !== undefined && (NODE_TYPES as readonly string[]).includes(type) && !types.includes(type)) {
        problems.add(rowAt.file, line(key), `node "${node}" has ${key} but its type is ${type}`, fix);
        good = false;
      }
    }
    if (type === "union" && (obj["by"] === undefined || obj["variants"] === undefined)) {
      problems.add(rowAt.file, line("type"), `union node "${node}" needs by and variants`, "add by: <leaf that picks the variant> and variants: { Value: TableName }");
      good = false;
    }
    const codes = obj["codes"] !== undefined && type === "integer" ? readCodes(obj, node, rowAt, problems) : undefined;
    if (obj["codes"] !== undefined && type === "integer" && !codes) good = false;
    const variants = obj["variants"] !== undefined && type === "union" ? readVariants(obj, node, rowAt, problems) : undefined;
    if (obj["variants"] !== undefined && type === "union" && !variants) good = false;
    if (values) {
      const seen = new Set<string>();
      for (const v of values.map(String)) {
        if (seen.has(v)) {
          problems.add(rowAt.file, line("values"), `enum node "${node}" lists the value "${v}" twice`, "list each value once");
          good = false;
        }
        seen.add(v);
      }
    }
    if (type === "table" && obj["table"] === undefined) {
      problems.add(rowAt.file, line("type"), `node "${node}" has type table but names no table`, "add table: <name of a table defined under tables:>");
      good = false;
    }
    if (!good) return;
    rows.push({
      node,
      parent: String(obj["parent"]),
      description: String(obj["description"]).trim(),
      vendorType: obj["vendorType"] as string | undefined,
      type: type as NodeType,
      table: obj["table"] as string | undefined,
      required: obj["presence"] === "required",
      repeated: obj["repeated"] === true,
      values: values?.map(String),
      codes,
      nullable: obj["nullable"] === true,
      closed: obj["closed"] === true,
      by: obj["by"] as string | undefined,
      variants,
      fallback: obj["fallback"] as string | undefined,
      documentedAt: (obj["documentedAt"] as string | undefined)?.trim(),
      source: obj["source"] as string | undefined,
      deviation: (obj["deviation"] as string | undefined)?.trim(),
      at: rowAt,
    });
  });
  return rows;
}
