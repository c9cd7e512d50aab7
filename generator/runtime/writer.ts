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

/** XML text as the vendor writes it: `&`, `<` and `>` escaped; CR as a reference so it survives parsing. */
function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

abstract class PathWriter implements Writer {
  protected readonly path: (string | number)[] = [];
  readonly errors: DecodeIssue[] = [];
  protected here(name?: string | number): string {
    const all = name === undefined ? this.path : [...this.path, name];
    return all.reduce<string>((p, s) => childPath(p, s), "");
  }
  protected fail(path: string, expected: string, found: string): void {
    this.errors.push({ path, code: "type", message: `expected ${expected}, found ${found}`, expected, found });
  }
  abstract leaf(model: object, name: string, kind: LeafKind): void;
  abstract node(model: object, name: string, write: (model: object, w: Writer) => void): void;
  abstract rest(model: object, known: readonly string[]): void;
  plain(model: object, name: string): void {
    const value = own(model, name);
    if (value !== undefined) this.rest({ [name]: value }, []);
  }
}

/** Writes XML the way CI sends it: elements in spec order, four-space indentation, no declaration. */
export class XmlWriter extends PathWriter {
  private readonly lines: string[] = [];

  constructor(private readonly root: string) {
    super();
  }

  private line(text: string): void {
    this.lines.push("    ".repeat(this.path.length + 1) + text);
  }

  private text(path: string, value: unknown): string | undefined {
    const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    if (text === undefined) {
      this.fail(path, "text, a number or a boolean", show(value));
      return undefined;
    }
    if (NOT_XML.test(text)) {
      this.fail(path, "text XML 1.0 can carry", "a control character, a lone surrogate or U+FFFE/U+FFFF");
      return undefined;
    }
    return escapeText(text);
  }

  private element(name: string, value: unknown, index: number | undefined): void {
    const path = this.here(name) + (index === undefined ? "" : `[${index}]`);
    if (!isXmlName(name)) return this.fail(path, "a name XML can carry", show(name));
    if (value === null || value === undefined) return this.line(`<${name}/>`);
    if (Array.isArray(value)) return value.forEach((v, i) => this.element(name, v, i));
    if (typeof value === "object") {
      this.line(`<${name}>`);
      this.path.push(index === undefined ? name : `${name}[${index}]`);
      for (const key of Object.keys(value)) this.element(key, (value as Record<string, unknown>)[key], undefined);
      this.path.pop();
      return this.line(`</${name}>`);
    }
    const text = this.text(path, value);
    if (text !== undefined) this.line(`<${name}>${text}</${name}>`);
  }

  leaf(model: object, name: string): void {
    const value = own(model, name);
    if (value !== undefined) this.element(name, value, undefined);
  }

  node(model: object, name: string, write: (model: object, w: Writer) => void): void {
    const value = own(model, name);
    if (value === undefined) return;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item: object, i) => {
      this.line(`<${name}>`);
      this.path.push(Array.isArray(value) ? `${name}[${i}]` : name);
      write(item, this);
      this.path.pop();
      this.line(`</${name}>`);
    });
  }

  rest(model: object, known: readonly string[]): void {
    for (const key of Object.keys(model)) if (!known.includes(key)) this.element(key, (model as Record<string, unknown>)[key], undefined);
  }

  /** The whole document, once the root's children are written. */
  document(): string {
    return [`<${this.root}>`, ...this.lines, `</${this.root}>`].join("\n") + "\n";
  }
}

/** Builds the JSON form: lists as arrays, numbers and booleans as strings when the payload's JSON style says so. */
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

  leaf(model: object, name: string, kind: LeafKind): void {
    const value = own(model, name);
    if (value === undefined) return;
    setOwn(this.target, name, Array.isArray(value) ? value.map((v) => this.scalar(v, kind)) : this.scalar(value, kind));
  }

  node(model: object, name: string, write: (model: object, w: Writer) => void): void {
    const value = own(model, name);
    if (value === undefined) return;
    const one = (item: object, at: string | number): Record<string, unknown> => {
      const outer = this.target;
      this.target = {};
      this.path.push(at);
      write(item, this);
      this.path.pop();
      const built = this.target;
      this.target = outer;
      return built;
    };
    setOwn(this.target, name, Array.isArray(value) ? value.map((v: object, i) => one(v, `${name}[${i}]`)) : one(value as object, name));
  }

  rest(model: object, known: readonly string[]): void {
    for (const key of Object.keys(model)) if (!known.includes(key)) setOwn(this.target, key, (model as Record<string, unknown>)[key]);
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
