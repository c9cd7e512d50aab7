import { childPath, type DecodeIssue, show } from "./issues.js";
import type { LeafKind } from "./leaf.js";
import { hasOwn, setOwn } from "./own.js";
import { isXmlName } from "./xml-names.js";

/** Writes one container's children in spec order; emitted encoders call it, one writer per format. */
export interface Writer {
  /** A leaf (or a list of leaves) of `model`, when present. */
  leaf(model: object, name: string, kind: LeafKind): void;
  /** A container (or a list of containers) of `model`, when present, written by `write`. */
  node(model: object, name: string, write: (model: object, w: Writer) => void): void;
  /** The properties of `model` the spec does not know, kept as they are. */
  rest(model: object, known: readonly string[]): void;
  /** A map or opaque node of `model`, when present: plain data written as it is. */
  plain(model: object, name: string): void;
}

const ENCODE_ERROR = Symbol.for("tencent-ci-callbacks.CallbackEncodeError");

/**
 * Thrown by encoders when a model cannot be written: it breaks the spec, or XML cannot hold it.
 * `instanceof` and isCallbackEncodeError recognise another copy's errors by a brand, as for CallbackDecodeError.
 */
export class CallbackEncodeError extends Error {
  readonly errors: readonly DecodeIssue[];
  constructor(errors: readonly DecodeIssue[]) {
    super([`cannot encode the model: ${errors.length} error${errors.length === 1 ? "" : "s"}`, ...errors.map((e) => `  ${e.path === "" ? "(model)" : e.path}: ${e.message}`)].join("\n"));
    this.name = "CallbackEncodeError";
    this.errors = errors;
    Object.defineProperty(this, ENCODE_ERROR, { value: true });
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return this === CallbackEncodeError ? isCallbackEncodeError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** True for a CallbackEncodeError thrown by any copy of the package (ESM or CommonJS build, another install). */
export function isCallbackEncodeError(value: unknown): value is CallbackEncodeError {
  return typeof value === "object" && value !== null && (value as { [ENCODE_ERROR]?: unknown })[ENCODE_ERROR] === true;
}

function own(model: object, name: string): unknown {
  return hasOwn(model, name) ? (model as Record<string, unknown>)[name] : undefined;
}

/** Characters XML 1.0 cannot carry, even escaped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Half of a UTF-16 pair without its other half: no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const unit = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;

/** Which character of `text` XML 1.0 cannot carry, where, and why; undefined when it can carry them all. */
function notXml(text: string): string | undefined {
  const m = NOT_XML.exec(text);
  if (!m) return undefined;
  const c = text.charCodeAt(m.index);
  const why =
    c >= 0xd800 && c <= 0xdfff
      ? "a lone surrogate, half of a UTF-16 pair, is no character"
      : c >= 0xfffe
        ? `${unit(c)} is a noncharacter XML 1.0 excludes`
        : `XML 1.0 cannot carry ${unit(c)}, not even as a character reference (of the control characters it allows only tab, line feed and carriage return); JSON can`;
  return `${unit(c)} at index ${m.index} of the text: ${why}`;
}

/** The lone surrogate in `text`, where, and why: JSON decoders refuse it. Undefined when there is none. */
function loneSurrogate(text: string): string | undefined {
  const m = LONE_SURROGATE.exec(text);
  return m ? `${unit(text.charCodeAt(m.index))} at index ${m.index}: a lone surrogate, half of a UTF-16 pair, is no character (decoders refuse it)` : undefined;
}

/** XML text as the vendor writes it: `&`, `<` and `>` escaped; CR as a reference so it survives parsing. */
function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

abstract class PathWriter implements Writer {
  /** Where the writer is: names and list indexes, as childPath takes them. */
  protected readonly path: (string | number)[] = [];
  readonly errors: DecodeIssue[] = [];
  protected here(name?: string | number): string {
    const all = name === undefined ? this.path : [...this.path, name];
    return all.reduce<string>((p, s) => childPath(p, s), "");
  }
  protected fail(path: string, expected: string, found: string, code: DecodeIssue["code"] = "type"): void {
    this.errors.push({ path, code, message: `expected ${expected}, found ${found}`, expected, found });
  }
  abstract leaf(model: object, name: string, kind: LeafKind): void;
  abstract node(model: object, name: string, write: (model: object, w: Writer) => void): void;
  abstract rest(model: object, known: readonly string[]): void;
  plain(model: object, name: string): void {
    const value = own(model, name);
    if (value !== undefined) this.rest({ [name]: value }, []);
  }
}

/**
 * Writes XML the way CI sends it: elements in spec order, four-space indentation, no declaration.
 * Values the spec does not describe are written as XML can hold them: a list as sibling elements,
 * an object as child elements, a number or boolean as its text, null and {} as an empty element.
 * What XML cannot hold is refused, never dropped: a name that is no XML name, a character XML 1.0
 * excludes, an empty list (the name would vanish) and a list inside a list (it would merge into
 * the outer one).
 */
export class XmlWriter extends PathWriter {
  private readonly lines: string[] = [];
  private depth = 1;

  constructor(private readonly root: string) {
    super();
  }

  private line(text: string): void {
    this.lines.push("    ".repeat(this.depth) + text);
  }

  private text(path: string, value: unknown): string | undefined {
    const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    if (text === undefined) {
      this.fail(path, "text, a number or a boolean", show(value));
      return undefined;
    }
    const bad = notXml(text);
    if (bad !== undefined) {
      this.fail(path, "text XML 1.0 can carry", bad, "encoding");
      return undefined;
    }
    return escapeText(text);
  }

  /** A value the spec does not describe, under `name`: a list as sibling elements, anything else as one element. */
  private element(name: string, value: unknown): void {
    const path = this.here(name);
    if (!isXmlName(name)) return this.fail(path, "a name XML can carry", show(name));
    if (!Array.isArray(value)) return this.one(name, value, undefined);
    if (value.length === 0) return this.fail(path, "a list XML can carry", "an empty list: XML has no empty list, and the name would vanish");
    value.forEach((item: unknown, i) => {
      if (Array.isArray(item)) this.fail(childPath(path, i), "a list XML can carry", "a list inside a list: XML has no lists of lists, and the items would merge into one list");
      else this.one(name, item, i);
    });
  }

  /** One element `name` (item `index` of a list) holding `value`: child elements for an object, else text. */
  private one(name: string, value: unknown, index: number | undefined): void {
    const at = index === undefined ? [name] : [name, index];
    if (value !== null && typeof value === "object" && Object.keys(value).length > 0) {
      this.line(`<${name}>`);
      this.path.push(...at);
      this.depth++;
      for (const key of Object.keys(value)) this.element(key, (value as Record<string, unknown>)[key]);
      this.depth--;
      this.path.length -= at.length;
      return this.line(`</${name}>`);
    }
    if (value === null || value === undefined || typeof value === "object") return this.line(`<${name}/>`);
    const text = this.text(index === undefined ? this.here(name) : childPath(this.here(name), index), value);
    if (text !== undefined) this.line(`<${name}>${text}</${name}>`);
  }

  leaf(model: object, name: string): void {
    const value = own(model, name);
    if (value === undefined) return;
    // A list of leaves: the spec knows the name is repeated, so an empty list is simply absent.
    if (Array.isArray(value)) value.forEach((v: unknown, i) => this.one(name, v, i));
    else this.one(name, value, undefined);
  }

  node(model: object, name: string, write: (model: object, w: Writer) => void): void {
    const value = own(model, name);
    if (value === undefined) return;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item: object, i) => {
      const at = Array.isArray(value) ? [name, i] : [name];
      this.line(`<${name}>`);
      this.path.push(...at);
      this.depth++;
      write(item, this);
      this.depth--;
      this.path.length -= at.length;
      this.line(`</${name}>`);
    });
  }

  rest(model: object, known: readonly string[]): void {
    for (const key of Object.keys(model)) if (!known.includes(key)) this.element(key, (model as Record<string, unknown>)[key]);
  }

  /** The whole document, once the root's children are written. */
  document(): string {
    return [`<${this.root}>`, ...this.lines, `</${this.root}>`].join("\n") + "\n";
  }
}

/**
 * Builds the JSON form: lists as arrays, numbers and booleans as strings when the payload's JSON
 * style says so. Text with a lone surrogate is refused: JSON could write it (as \\ud800), but it is
 * no Unicode text and the decoders refuse it.
 */
export class JsonWriter extends PathWriter {
  private target: Record<string, unknown> = {};
  readonly result = this.target;

  constructor(private readonly numbersAsStrings: boolean) {
    super();
  }

  private scalar(value: unknown, kind: LeafKind): unknown {
    if (this.numbersAsStrings && (typeof value === "number" || typeof value === "boolean") && kind !== "string") return String(value);
    return value;
  }

  /** Refuses every string (and name) of `value` that holds a lone surrogate. */
  private unicode(path: string, value: unknown): void {
    if (typeof value === "string") {
      const bad = loneSurrogate(value);
      if (bad !== undefined) this.fail(path, "Unicode text", bad, "encoding");
    } else if (Array.isArray(value)) value.forEach((v: unknown, i) => this.unicode(childPath(path, i), v));
    else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        const bad = loneSurrogate(key);
        if (bad !== undefined) this.fail(childPath(path, key), "a name in Unicode", bad, "encoding");
        this.unicode(childPath(path, key), (value as Record<string, unknown>)[key]);
      }
    }
  }

  leaf(model: object, name: string, kind: LeafKind): void {
    const value = own(model, name);
    if (value === undefined) return;
    this.unicode(this.here(name), value);
    setOwn(this.target, name, Array.isArray(value) ? value.map((v) => this.scalar(v, kind)) : this.scalar(value, kind));
  }

  node(model: object, name: string, write: (model: object, w: Writer) => void): void {
    const value = own(model, name);
    if (value === undefined) return;
    const one = (item: object, index: number | undefined): Record<string, unknown> => {
      const outer = this.target;
      const at = index === undefined ? [name] : [name, index];
      this.target = {};
      this.path.push(...at);
      write(item, this);
      this.path.length -= at.length;
      const built = this.target;
      this.target = outer;
      return built;
    };
    setOwn(this.target, name, Array.isArray(value) ? value.map((v: object, i) => one(v, i)) : one(value as object, undefined));
  }

  rest(model: object, known: readonly string[]): void {
    for (const key of Object.keys(model)) {
      if (known.includes(key)) continue;
      const value = (model as Record<string, unknown>)[key];
      this.unicode(this.here(), { [key]: value });
      setOwn(this.target, key, value);
    }
  }
}

type WriteFn = (model: object, w: Writer) => void;

/** Writes a union item as the variant its `by` value names; an unlisted value with `fallback`, or as plain data. */
export function unionWriter(by: string, variants: Readonly<Record<string, WriteFn>>, fallback?: WriteFn): WriteFn {
  return (model, w) => {
    const tag = own(model, by);
    const write = typeof tag === "string" && hasOwn(variants, tag) ? variants[tag] : fallback;
    if (write) write(model, w);
    else w.rest(model, []);
  };
}
