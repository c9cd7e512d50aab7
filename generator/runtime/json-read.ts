import type { DecodeContext } from "./context.js";
import { type Fields as FieldsT, Fields, type Reader } from "./fields.js";
import { childPath, show } from "./issues.js";
import { type LeafSpec, leafFromJson } from "./leaf.js";
import { setOwn } from "./own.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The keys of a JSON object as fields. A single node may arrive as a one-element array
 * (JobsDetail on some pages); a repeated node may arrive as a plain value. An empty
 * object (or null) for an optional container yields undefined (absent).
 */
export function jsonFields(value: unknown, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): FieldsT<unknown> | undefined {
  if ((value === null || (isObject(value) && Object.keys(value).length === 0)) && emptyIsAbsent) return undefined;
  if (!isObject(value)) return ctx.error(path, "type", "an object", show(value));
  const fields = new Fields<unknown>();
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (Array.isArray(v)) fields.set(key, { items: [...v], from: "array" });
    else fields.set(key, { items: v === null ? [] : [v], from: "value" });
  }
  return fields;
}

/** A reader for one JSON leaf; empty strings and null of optional leaves are absent. */
export function jsonLeaf(spec: LeafSpec): Reader<unknown> {
  return (value, path, ctx, emptyIsAbsent) => {
    if ((value === "" || value === null) && emptyIsAbsent) return undefined;
    if (value === null) return ctx.error(path, "type", "a value", "null");
    return leafFromJson(spec, value, path, ctx);
  };
}

/** Keeps every key the decoder did not take, as it came, and reports it. */
export function keepUnknownJson(fields: FieldsT<unknown>, out: object, path: string, ctx: DecodeContext): void {
  for (const [name, entry] of fields.rest()) {
    setOwn(out, name, entry.from === "array" ? entry.items : (entry.items[0] ?? null));
    ctx.notice(childPath(path, name), "unknown-field", `unknown key "${name}" kept as is; it is not in the spec`);
  }
}
