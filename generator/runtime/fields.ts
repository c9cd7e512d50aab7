import type { DecodeContext } from "./context.js";
import { type Path, PathTo } from "./issues.js";
import type { LeafSpec } from "./leaf.js";
import { knownNameId } from "./xml-document.js";

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
/** The same for nodes whose JSON null is a value (made once here, not by every call of a decoder). */
export const REQUIRED_NULLABLE: Presence = Object.freeze({ required: true, repeated: false, nullable: true });
export const OPTIONAL_NULLABLE: Presence = Object.freeze({ required: false, repeated: false, nullable: true });
export const REQUIRED_LIST_NULLABLE: Presence = Object.freeze({ required: true, repeated: true, nullable: true });
export const OPTIONAL_LIST_NULLABLE: Presence = Object.freeze({ required: false, repeated: true, nullable: true });

/**
 * Reads one occurrence. `emptyIsAbsent` is true for a single optional node, whose empty
 * element (or empty JSON string or object) means "absent": the reader then returns undefined.
 * A reader that finds an error reports it and returns undefined too.
 */
export type Reader<S> = (src: S, path: Path, ctx: DecodeContext, emptyIsAbsent: boolean) => unknown;

/** A reader for one leaf, with the spec it reads by (for the decoders' quick path). */
export type LeafReader<S> = Reader<S> & { readonly spec: LeafSpec };

/**
 * The spec nodes of one container, in spec order: the order its decoder takes them in. Made
 * once per container when a payload module loads; the XML reader knows its names by number.
 */
export class FieldNames {
  /** Each name's number in the XML documents (see knownNameId). */
  readonly ids: Int32Array;
  private readonly known: Set<string>;
  constructor(readonly names: readonly string[]) {
    this.ids = Int32Array.from(names, knownNameId);
    this.known = new Set(names);
  }
  has(name: string): boolean {
    return this.known.has(name);
  }
  /** The slot of an XML name number, or -1; `hint` is where to look first (children come mostly in spec order). */
  slotOfId(id: number, hint: number): number {
    const { ids } = this;
    if (hint < ids.length && ids[hint] === id) return hint;
    for (let s = 0; s < ids.length; s++) if (ids[s] === id) return s;
    return -1;
  }
}

/** The spec nodes of one container (emitted once per container). */
export function fieldNames(...names: string[]): FieldNames {
  return new FieldNames(names);
}

/** The constructor of one container's model objects (see modelShape). */
export type ModelShape = new (sized: boolean) => Record<string, unknown>;

/**
 * The constructor of one container's model objects: plain objects (their prototype is
 * Object.prototype, as `{}`'s), made with room for the container's nodes. `{}` has room for
 * four properties; each further one stored past its room copies them all into a bigger store
 * (a model object of 20 nodes: 670 bytes made, where 190 are kept). V8 sizes the objects of a
 * constructor by the properties its code assigns to `this`, and after the first few objects
 * trims that to what they used: the generated constructor names every node in a branch that
 * never runs (`sized` is always false), so its objects start with room for all of them, and
 * get none of them until the decoder stores one.
 */
export function modelShape(assign: (this: Record<string, unknown>, sized: boolean) => void): ModelShape {
  (assign as unknown as { prototype: object }).prototype = Object.prototype;
  return assign as unknown as ModelShape;
}

/**
 * The named children of one container, as the generated decoder takes them one by one in
 * spec order (`take`), with no map or list built per container: an XML element's children or
 * a JSON object's keys are read where they are. What is not taken is unknown. A source also
 * lends the paths of the nodes read from it (one object each for the node and its items, re-
 * pointed at every read), so that reading a node allocates no path.
 */
export abstract class FieldSource<S> {
  /**
   * Takes the spec node `name`: how many occurrences it has (0 when absent; -1 for JSON null).
   * The occurrences are then read with `item(0)`, `item(1)`, … in order.
   */
  abstract take(name: string): number;
  abstract item(i: number): S;
  /** How the last node taken arrived: "elements" (XML siblings), "array", "value" or "null" (JSON). */
  abstract readonly from: "elements" | "array" | "value" | "null";
  private readonly nodePath = new PathTo("", "");
  private readonly itemPath = new PathTo("", 0);
  /** The path of node `name` of the container at `parent`. */
  pathOf(parent: Path, name: string): PathTo {
    return this.nodePath.point(parent, name);
  }
  /** The path of item `i` of the node at `path` (as pathOf gave it). */
  itemPathOf(path: Path, i: number): PathTo {
    return this.itemPath.point(path, i);
  }
}

/**
 * Takes the node `name` out of `fields` and returns its model value: a list for a repeated
 * node (even with one element), one value otherwise, or undefined when it is absent (or
 * wrong: the error is then reported). The generated decoder stores it under its name; paths
 * are built only for what is reported.
 */
export function takeField<S>(fields: FieldSource<S>, parent: Path, ctx: DecodeContext, name: string, presence: Presence, read: Reader<S>): unknown {
  const count = fields.take(name);
  if (count < 0 && presence.nullable) return null;
  // An empty list is absent, as an empty optional element is: XML cannot tell the two apart.
  if (count <= 0) {
    if (presence.required) ctx.error(fields.pathOf(parent, name), "missing", `${name} (required)`, "nothing");
    return undefined;
  }
  const path = fields.pathOf(parent, name);
  if (presence.repeated) {
    // An empty item (<Md5Info/>, "" or {}) is no item, as the JSON form of the same body omits it;
    // a list of empty items is absent.
    // Made with room for every item (an empty array's first push makes room for 17: 184 bytes for
    // a list of one); an item that reads as nothing shortens it.
    const list: unknown[] = new Array<unknown>(count);
    let kept = 0;
    const errorsBefore = ctx.errors.length;
    for (let i = 0; i < count; i++) {
      const v = read(fields.item(i), fields.itemPathOf(path, i), ctx, true);
      if (v !== undefined) list[kept++] = v;
    }
    if (kept < count) list.length = kept;
    if (kept > 0) return list;
    if (presence.required && ctx.errors.length === errorsBefore) ctx.error(path, "missing", `${name} (required)`, "only empty items");
    return undefined;
  }
  if (count > 1) {
    const found = fields.from === "array" ? `an array of ${count}` : `${count} of them`;
    ctx.error(path, "duplicate", `one ${name}`, found);
    return undefined;
  }
  const errorsBefore = ctx.errors.length;
  const v = read(fields.item(0), path, ctx, !presence.required);
  // A required value that read as nothing is missing, unless the read already said why.
  if (v === undefined && presence.required && ctx.errors.length === errorsBefore) ctx.error(path, "missing", `${name} (required)`, "an empty value");
  return v;
}

/**
 * The decoded container, or undefined for an optional one that came out empty (every child
 * absent, e.g. <OriginalInfo><Etag/></OriginalInfo>): empty and absent are one thing.
 * `stored` is how many properties the decoder stored in `out`.
 */
export function finish<T>(out: object, stored: number, emptyIsAbsent: boolean): T | undefined {
  return emptyIsAbsent && stored === 0 ? undefined : (out as T);
}
