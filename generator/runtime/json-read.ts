import type { DecodeContext } from "./context.js";
import { type FieldNames, FieldSource, type LeafReader } from "./fields.js";
import { type Path, pathTo, show } from "./issues.js";
import { type LeafSpec, leafFromJson, plainJsonNumber, plainLeafValue } from "./leaf.js";
import { hasOwn, setOwn } from "./own.js";

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The keys of one JSON object as its decoder takes them: read where they are, nothing copied. */
class JsonFields extends FieldSource<unknown> {
  from: "array" | "value" | "null" = "value";
  value: unknown = undefined;
  object: Record<string, unknown> = {};
  names: FieldNames | undefined;
  /** The decode this source serves (set by jsonFields, let go by keepUnknownJson). */
  ctx: DecodeContext | undefined = undefined;

  /** How many of the spec's names the object has (taken so far). */
  present = 0;

  /** The value of the next node taken, and Object.prototype's under its name, when the decoder read them (see jsonNext). */
  private next: unknown = undefined;
  private nextInherited: unknown = undefined;
  private hasNext = false;

  /** See jsonNext. */
  setNext(v: unknown, inherited: unknown): void {
    this.next = v;
    this.nextInherited = inherited;
    this.hasNext = true;
  }

  take(name: string): number {
    let v: unknown;
    if (this.hasNext) {
      v = this.next;
      this.hasNext = false;
      this.next = undefined;
      // JSON has no undefined: the key is absent. A value equal to the inherited one may be inherited.
      if (v === undefined || (v === this.nextInherited && !hasOwn(this.object, name))) return 0;
    } else {
      if (!hasOwn(this.object, name)) return 0;
      v = this.object[name];
    }
    this.present++;
    this.value = v;
    if (v === null) {
      this.from = "null";
      return -1;
    }
    if (Array.isArray(v)) {
      this.from = "array";
      // The array's members, counted once, as it is taken (see DecodeContext.jsonSeparators).
      if (v.length > 1) this.ctx!.jsonSeparators += v.length - 1;
      return v.length;
    }
    this.from = "value";
    return 1;
  }

  item(i: number): unknown {
    return this.from === "array" ? (this.value as unknown[])[i] : this.value;
  }
}

/**
 * The keys of a JSON object as fields, by the spec nodes of `names`. A single node may arrive
 * as a one-element array (JobsDetail on some pages); a repeated node may arrive as a plain
 * value. An empty object (or null) for an optional container yields undefined (absent).
 * maxItems is applied by the scan before JSON.parse (json-parse.ts), as soon as a container crosses it.
 */
export function jsonFields(value: unknown, path: Path, ctx: DecodeContext, emptyIsAbsent: boolean, names: FieldNames): FieldSource<unknown> | undefined {
  if (emptyIsAbsent && (value === null || (isObject(value) && !hasOwn(value, names.names[0] ?? "") && isEmpty(value)))) return undefined;
  if (!isObject(value)) return ctx.error(path, "type", "an object", show(value));
  const fields = spareFields.pop() ?? new JsonFields();
  fields.object = value;
  fields.names = names;
  fields.ctx = ctx;
  fields.present = 0;
  return fields;
}

/**
 * Field sources no decoder is using, kept for the next object: a source is in use from
 * jsonFields to keepUnknownJson (which its decoder always calls last), so there are never
 * more than the depth of the body. Decoding is synchronous: no two bodies share them.
 */
const spareFields: JsonFields[] = [];
const NOTHING: Record<string, unknown> = Object.freeze({});

/** True for an object with no own enumerable key. */
function isEmpty(value: object): boolean {
  for (const k in value) if (hasOwn(value, k)) return false;
  return true;
}

/** A reader for one JSON leaf; empty strings and null of optional leaves are absent. */
export function jsonLeaf(spec: LeafSpec): LeafReader<unknown> {
  const read = (value: unknown, path: Path, ctx: DecodeContext, emptyIsAbsent: boolean) => {
    if ((value === "" || value === null) && emptyIsAbsent) return undefined;
    if (value === null) return ctx.error(path, "type", "a value", "null");
    if (typeof value === "string" && !ctx.within(path, "characters of text", value.length, ctx.options.maxTextLength)) return undefined;
    return leafFromJson(spec, value, path, ctx);
  };
  return Object.assign(read, { spec });
}

/** Object.prototype, whose property a JSON object's missing key reads as (see quickJsonLeaf). */
export const INHERITED = Object.prototype as Record<string, unknown>;

/**
 * The quick path for a single leaf `name`, taken before takeField: its model value when the
 * object has it and there is nothing to report about it (a non-empty string within
 * maxTextLength that plainLeafValue takes, or a number plainJsonNumber takes), counted as
 * taken. Otherwise undefined, with nothing taken: takeField then reads the leaf and reports
 * what there is. Either way the model is the same.
 *
 * `v` is the object's `name` and `inherited` Object.prototype's (INHERITED), both read by the
 * decoder under a constant name: such a site learns the one shape its objects have, where a
 * read here by a variable name looks the name up every time (measured: a fifth of the JSON
 * decoders' time on the seed). A value equal to the inherited one may come from there, the
 * object's own property missing: only then is the object asked whether the property is its own.
 */
export function quickJsonLeaf(fields: FieldSource<unknown>, v: unknown, inherited: unknown, name: string, leaf: LeafReader<unknown>, ctx: DecodeContext): unknown {
  let value: unknown;
  if (typeof v === "string") value = v !== "" && v.length <= ctx.options.maxTextLength ? plainLeafValue(leaf.spec, v) : undefined;
  else if (typeof v === "number") value = plainJsonNumber(leaf.spec, v, ctx);
  else return undefined;
  if (value === undefined) return undefined;
  const source = fields as JsonFields;
  if (v === inherited && !hasOwn(source.object, name)) return undefined;
  source.present++;
  // Counted here when taken here; a number not taken here, leafFromJson counts.
  if (typeof v === "number") ctx.jsonNumber(v, leaf.spec.kind === "integer");
  return value;
}

/**
 * The quick path for an optional single leaf whose value is the empty string: absent, with
 * nothing to report (an empty optional leaf is absent, whatever its kind; see jsonLeaf), and
 * taken as takeField would take it (counted as present when the object has it as its own, so
 * that keepUnknownJson does not take it for unknown). Always undefined. `inherited` is
 * Object.prototype's value under `name`, as in quickJsonLeaf.
 */
export function emptyJsonLeaf(fields: FieldSource<unknown>, name: string, inherited: unknown): undefined {
  const source = fields as JsonFields;
  if (inherited !== "" || hasOwn(source.object, name)) source.present++;
  return undefined;
}

/**
 * For the tests: `on` false turns the JSON decoders' inline quick path off (see
 * generator/emit/json-quick-leaf.ts), so that every leaf goes quickJsonLeaf's way. Always on
 * otherwise.
 */
export const inlineQuickPath: { on: boolean } = { on: true };

/**
 * The text limit a JSON decoder's inline quick path tests with, read once per object:
 * maxTextLength, or -1 (no value passes) when the tests turned the path off.
 */
export function inlineTextMax(ctx: DecodeContext): number {
  return inlineQuickPath.on ? ctx.options.maxTextLength : -1;
}

/**
 * Gives the next `take` of `fields` the node's value `v` and Object.prototype's value under
 * its name, both read by the decoder under the node's constant name (see quickJsonLeaf), so
 * that the take looks nothing up by a variable name. Returns `fields`.
 */
export function jsonNext(fields: FieldSource<unknown>, v: unknown, inherited: unknown): FieldSource<unknown> {
  (fields as JsonFields).setNext(v, inherited);
  return fields;
}

/**
 * Applies maxTextLength inside a value the spec does not describe (the scan has applied maxItems
 * and maxDepth), and counts the members of its objects and arrays and its numbers
 * (DecodeContext.jsonSeparators, jsonNumber).
 * A path is built only for what is reported: a body may hold millions of plain values, and a
 * string per value would cost more than the rest of the decoding.
 */
export function checkPlain(value: unknown, path: Path, ctx: DecodeContext): void {
  const max = ctx.options.maxTextLength;
  const trail: (string | number)[] = []; // the way down from `path`
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.length > max) ctx.within(trail.reduce<Path>((p, k) => pathTo(p, k), path), "characters of text", v.length, max);
    } else if (typeof v === "number") ctx.jsonNumber(v, false);
    else if (Array.isArray(v)) {
      if (v.length > 1) ctx.jsonSeparators += v.length - 1;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === "number") ctx.jsonNumber(item, false);
        else if (typeof item === "object" || typeof item === "string") {
          trail.push(i);
          walk(item);
          trail.pop();
        }
      }
    } else if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length > 1) ctx.jsonSeparators += keys.length - 1;
      for (const k of keys) {
        trail.push(k);
        walk(v[k]);
        trail.pop();
      }
    }
  };
  walk(value);
}

/**
 * Keeps every key the decoder did not take, as it came, and reports it (unless `open`: an
 * opaque node). Returns how many it kept. `taken` is how many keys the decoder took by its
 * inline quick path (see generator/emit/json-quick-leaf.ts), which counts them itself.
 */
export function keepUnknownJson(fields: FieldSource<unknown>, out: object, path: Path, ctx: DecodeContext, open = false, taken = 0): number {
  const source = fields as JsonFields;
  const { object, names } = source;
  const present = source.present + taken;
  // Let go of the body's data, so that a spare source holds none of it.
  source.object = NOTHING;
  source.value = undefined;
  source.ctx = undefined;
  spareFields.push(source);
  // Every key one of the spec's (each was counted as it was taken): nothing unknown. Counted
  // with for-in, which allocates nothing (Object.keys makes an array per object); it also meets
  // keys that Object.prototype enumerates, so a count equal to the spec's keys taken is exact.
  let count = 0;
  for (const _ in object) count++;
  // The object's members, counted once: its decoder calls this once (see DecodeContext.jsonSeparators).
  if (count > 1) ctx.jsonSeparators += count - 1;
  if (count === present) return 0;
  let kept = 0;
  for (const name of Object.keys(object)) {
    if (names!.has(name)) continue;
    const value = object[name];
    checkPlain(value, pathTo(path, name), ctx);
    setOwn(out, name, value);
    kept++;
    if (!open) ctx.notice(pathTo(path, name), "unknown-field", `unknown key ${show(name)} kept as is; it is not in the spec`);
  }
  return kept;
}
