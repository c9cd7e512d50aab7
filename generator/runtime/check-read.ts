import type { DecodeContext } from "./context.js";
import type { Presence } from "./fields.js";
import { type Path, pathTo, show } from "./issues.js";
import { checkLeafValue, type LeafSpec } from "./leaf.js";

/** Occurrences of one name in a model object: an array's items, or one value. */
interface FieldEntry<S> {
  readonly items: S[];
  readonly from: "array" | "value";
}

/** The properties of a model object, taken one by one by the generated validator; what is left is unknown. */
class Fields<S> {
  private readonly map = new Map<string, FieldEntry<S>>();

  set(name: string, entry: FieldEntry<S>): void {
    this.map.set(name, entry);
  }

  take(name: string): FieldEntry<S> | undefined {
    const entry = this.map.get(name);
    this.map.delete(name);
    return entry;
  }

  /** Children the decoder did not take, in document order. */
  rest(): [string, FieldEntry<S>][] {
    return [...this.map.entries()];
  }
}

/** Checks one value of a model at `path`. */
export type Checker = (value: unknown, path: Path, ctx: DecodeContext) => void;

/** The properties of a model object, or an error when the value is not an object. */
export function modelFields(value: unknown, path: Path, ctx: DecodeContext): Fields<unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return ctx.error(path, "type", "an object", show(value));
  const fields = new Fields<unknown>();
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    fields.set(key, Array.isArray(v) ? { items: v, from: "array" } : { items: [v], from: "value" });
  }
  return fields;
}

/** Checks one property: present when required, an array exactly when repeated, each value by `check`. */
export function checkField(fields: Fields<unknown>, parent: Path, ctx: DecodeContext, name: string, presence: Presence, check: Checker): void {
  const path = pathTo(parent, name);
  const entry = fields.take(name);
  if (entry?.from === "value" && entry.items[0] === null && presence.nullable) return;
  if (entry === undefined || (entry.from === "value" && entry.items[0] === undefined)) {
    if (presence.required) ctx.error(path, "missing", `${name} (required)`, "nothing");
    return;
  }
  if (presence.repeated !== (entry.from === "array")) {
    ctx.error(path, "type", presence.repeated ? "an array" : "a single value", entry.from === "array" ? `an array of ${entry.items.length}` : show(entry.items[0]));
    return;
  }
  if (presence.repeated) entry.items.forEach((v, i) => check(v, pathTo(path, i), ctx));
  else check(entry.items[0], path, ctx);
}

export function modelLeaf(spec: LeafSpec): Checker {
  return (value, path, ctx) => checkLeafValue(spec, value, path, ctx);
}

/** Reports properties the spec does not know (warnings; errors in strict mode). */
export function checkUnknown(fields: Fields<unknown>, path: Path, ctx: DecodeContext, open = false): void {
  if (open) return;
  for (const [name] of fields.rest()) {
    ctx.notice(pathTo(path, name), "unknown-field", `unknown property ${show(name)}; it is not in the spec`);
  }
}
