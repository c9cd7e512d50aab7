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
 * object (or null) for an optional container yields undefined (absent). maxItems is applied
 * by the scan before JSON.parse (json-parse.ts), as soon as a container crosses it.
 */
export function jsonFields(value: unknown, path: string, ctx: DecodeContext, emptyIsAbsent: boolean): FieldsT<unknown> | undefined {
  if ((value === null || (isObject(value) && Object.keys(value).length === 0)) && emptyIsAbsent) return undefined;
  if (!isObject(value)) return ctx.error(path, "type", "an object", show(value));
  const fields = new Fields<unknown>();
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (Array.isArray(v)) fields.set(key, { items: [...v], from: "array" });
    else fields.set(key, v === null ? { items: [], from: "null" } : { items: [v], from: "value" });
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

/**
 * Applies maxTextLength inside a value the spec does not describe (the scan has applied maxItems
 * and maxDepth). A path is built only for what is reported: a body may hold millions of plain
 * values, and a string per value would cost more than the rest of the decoding.
 */
export function checkPlain(value: unknown, path: string, ctx: DecodeContext): void {
  const max = ctx.options.maxTextLength;
  const trail: (string | number)[] = []; // the way down from `path`
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.length > max) ctx.within(trail.reduce<string>((p, k) => childPath(p, k), path), "characters of text", v.length, max);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === "object" || typeof item === "string") {
          trail.push(i);
          walk(item);
          trail.pop();
        }
      }
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) {
        trail.push(k);
        walk(v[k]);
        trail.pop();
      }
    }
  };
  walk(value);
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
