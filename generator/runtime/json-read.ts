import type { DecodeContext } from "./context.js";
import { type Fields as FieldsT, Fields, type Reader } from "./fields.js";
import { childPath, show } from "./issues.js";
import { type LeafSpec, leafFromJson } from "./leaf.js";
import { setOwn } from "./own.js";

export function isObject(v: unknown): v is Record<string, unknown> {
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
  const keys = Object.keys(value);
  if (!ctx.within(path, "keys", keys.length, ctx.options.maxItems)) return undefined;
  const fields = new Fields<unknown>();
  for (const key of keys) {
    const v = value[key];
    if (Array.isArray(v)) {
      // Refuse the container, as XML does for too many children: dropping only the key would add a follow-on "missing".
      if (!ctx.within(childPath(path, key), "items", v.length, ctx.options.maxItems)) return undefined;
      fields.set(key, { items: [...v], from: "array" });
    } else fields.set(key, v === null ? { items: [], from: "null" } : { items: [v], from: "value" });
  }
  return fields;
}

/** A reader for one JSON leaf; empty strings and null of optional leaves are absent. */
export function jsonLeaf(spec: LeafSpec): Reader<unknown> {
  return (value, path, ctx, emptyIsAbsent) => {
    if ((value === "" || value === null) && emptyIsAbsent) return undefined;
    if (value === null) return ctx.error(path, "type", "a value", "null");
    if (typeof value === "string" && !ctx.within(path, "characters of text", value.length, ctx.options.maxTextLength)) return undefined;
    return leafFromJson(spec, value, path, ctx);
  };
}

/** Applies the text and item limits inside a value the spec does not describe. */
export function checkPlain(value: unknown, path: string, ctx: DecodeContext): void {
  if (typeof value === "string") ctx.within(path, "characters of text", value.length, ctx.options.maxTextLength);
  else if (Array.isArray(value)) {
    if (ctx.within(path, "items", value.length, ctx.options.maxItems)) value.forEach((v, i) => checkPlain(v, childPath(path, i), ctx));
  } else if (isObject(value)) {
    const keys = Object.keys(value);
    if (ctx.within(path, "keys", keys.length, ctx.options.maxItems)) for (const k of keys) checkPlain(value[k], childPath(path, k), ctx);
  }
}

/** Keeps every key the decoder did not take, as it came, and reports it (unless `open`: an opaque node). */
export function keepUnknownJson(fields: FieldsT<unknown>, out: object, path: string, ctx: DecodeContext, open = false): void {
  for (const [name, entry] of fields.rest()) {
    const value = entry.from === "array" ? entry.items : (entry.items[0] ?? null);
    checkPlain(value, childPath(path, name), ctx);
    setOwn(out, name, value);
    if (!open) ctx.notice(childPath(path, name), "unknown-field", `unknown key ${show(name)} kept as is; it is not in the spec`);
  }
}
