import { checkFields } from "./fields.js";
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
  source: { kind: "string" },
  deviation: { kind: "string" },
} as const;

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
    if (values && type !== "enum") {
      problems.add(rowAt.file, line("values"), `node "${node}" has values but its type is ${type}`, "set type: enum, or remove values");
      good = false;
    }
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
    if (obj["table"] !== undefined && type !== "table") {
      problems.add(rowAt.file, line("table"), `node "${node}" names a table but its type is ${type}`, "set type: table, or remove table");
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
      source: obj["source"] as string | undefined,
      deviation: (obj["deviation"] as string | undefined)?.trim(),
      at: rowAt,
    });
  });
  return rows;
}
