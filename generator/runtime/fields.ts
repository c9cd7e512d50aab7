import type { DecodeContext } from "./context.js";
import { childPath } from "./issues.js";
import { setOwn } from "./own.js";

/** Occurrences of one name inside a container: XML sibling elements, or a JSON value. */
export interface FieldEntry<S> {
  readonly items: S[];
  /** Where the occurrences came from: "elements" (XML siblings), "array", "value" or "null" (JSON). */
  readonly from: "elements" | "array" | "value" | "null";
}

/** The named children of one container, taken one by one by the generated decoder; what is left is unknown. */
export class Fields<S> {
  private readonly map = new Map<string, FieldEntry<S>>();

  add(name: string, item: S): void {
    const entry = this.map.get(name);
    if (entry) entry.items.push(item);
    else this.map.set(name, { items: [item], from: "elements" });
  }

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

/** Presence of a node in its container, from the spec. */
export interface Presence {
  readonly required: boolean;
  readonly repeated: boolean;
  /** JSON null is a value (kept as null), not "absent". */
  readonly nullable?: boolean;
}
export const REQUIRED: Presence = Object.freeze({ required: true, repeated: false });
export const OPTIONAL: Presence = Object.freeze({ required: false, repeated: false });
export const REQUIRED_LIST: Presence = Object.freeze({ required: true, repeated: true });
export const OPTIONAL_LIST: Presence = Object.freeze({ required: false, repeated: true });

/**
 * Reads one occurrence. `emptyIsAbsent` is true for a single optional node, whose empty
 * element (or empty JSON string or object) means "absent": the reader then returns undefined.
 * A reader that finds an error reports it and returns undefined too.
 */
export type Reader<S> = (src: S, path: string, ctx: DecodeContext, emptyIsAbsent: boolean) => unknown;

/**
 * Takes the node `name` out of `fields` and stores its model value in `out`: a list
 * for a repeated node (even with one element), one value otherwise.
 */
export function takeField<S>(fields: Fields<S>, out: object, parent: string, ctx: DecodeContext, name: string, presence: Presence, read: Reader<S>): void {
  const path = childPath(parent, name);
  const entry = fields.take(name);
  if (entry?.from === "null" && presence.nullable) {
    setOwn(out, name, null);
    return;
  }
  // An empty list is absent, as an empty optional element is: XML cannot tell the two apart.
  if (entry === undefined || entry.items.length === 0) {
    if (presence.required) ctx.error(path, "missing", `${name} (required)`, "nothing");
    return;
  }
  if (presence.repeated) {
    // An empty item (<Md5Info/>, "" or {}) is no item, as the JSON form of the same body omits it;
    // a list of empty items is absent.
    const list: unknown[] = [];
    const errorsBefore = ctx.errors.length;
    entry.items.forEach((item, i) => {
      const v = read(item, childPath(path, i), ctx, true);
      if (v !== undefined) list.push(v);
    });
    if (list.length > 0) setOwn(out, name, list);
    else if (presence.required && ctx.errors.length === errorsBefore) ctx.error(path, "missing", `${name} (required)`, "only empty items");
    return;
  }
  if (entry.items.length > 1) {
    const found = entry.from === "array" ? `an array of ${entry.items.length}` : `${entry.items.length} of them`;
    ctx.error(path, "duplicate", `one ${name}`, found);
    return;
  }
  const errorsBefore = ctx.errors.length;
  const v = read(entry.items[0]!, path, ctx, !presence.required);
  if (v !== undefined) setOwn(out, name, v);
  // A required value that read as nothing is missing, unless the read already said why.
  else if (presence.required && ctx.errors.length === errorsBefore) ctx.error(path, "missing", `${name} (required)`, "an empty value");
}

/**
 * The decoded container, or undefined for an optional one that came out empty (every child
 * absent, e.g. <OriginalInfo><Etag/></OriginalInfo>): empty and absent are one thing.
 */
export function finish<T>(out: object, emptyIsAbsent: boolean): T | undefined {
  return emptyIsAbsent && Object.keys(out).length === 0 ? undefined : (out as T);
}
