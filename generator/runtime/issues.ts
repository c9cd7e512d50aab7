/** Kinds of findings a decoder or validator reports. */
export type IssueCode =
  | "encoding" // bytes are not valid UTF-8
  | "format" // neither XML nor JSON, or a format the payload does not use
  | "too-large" // body over the size limit
  | "too-deep" // nesting over the depth limit
  | "syntax" // not well-formed XML or JSON
  | "dtd" // DOCTYPE / ENTITY declarations are refused
  | "entity" // an entity reference other than the five XML ones or a character reference
  | "wrong-root" // XML root element or JSON top level is not the payload's
  | "unknown-payload" // no payload kind has these discriminator values
  | "missing" // a required node is absent
  | "duplicate" // a single node appears more than once
  | "type" // text where an object is due, an object where text is due, ...
  | "integer"
  | "number"
  | "boolean"
  | "timestamp"
  | "enum" // value outside the enum (a warning in lenient mode, except for discriminators)
  | "unknown-field" // node not in the spec (kept; a warning in lenient mode)
  | "mixed-content" // text inside a container (kept out of the model; reported)
  | "attribute"; // XML attribute (not part of any payload; reported)

/** One finding: where (model path), what was expected, what was found. */
export interface DecodeIssue {
  /** Model path such as `JobsDetail.Input.CosHeaders[1].Value`; "" is the whole body. */
  readonly path: string;
  readonly code: IssueCode;
  /** A lowercase statement about the data: "expected an integer, found \"4x7\"". */
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
}

/** `JobsDetail.Input: expected ..., found ...`; the whole body is shown as `(body)`. */
export function formatIssue(issue: DecodeIssue): string {
  return `${issue.path === "" ? "(body)" : issue.path}: ${issue.message}`;
}

/** Thrown by every decoder when the body breaks the spec; `errors` lists every finding. */
export class CallbackDecodeError extends Error {
  readonly errors: readonly DecodeIssue[];
  readonly warnings: readonly DecodeIssue[];
  constructor(errors: readonly DecodeIssue[], warnings: readonly DecodeIssue[] = []) {
    const head = `invalid callback: ${errors.length} error${errors.length === 1 ? "" : "s"}`;
    super([head, ...errors.map((e) => `  ${formatIssue(e)}`)].join("\n"));
    this.name = "CallbackDecodeError";
    this.errors = errors;
    this.warnings = warnings;
  }
}

/** Appends a property or list index to a model path. */
export function childPath(parent: string, name: string | number): string {
  if (typeof name === "number") return `${parent}[${name}]`;
  return parent === "" ? name : `${parent}.${name}`;
}

/** Renders found data briefly and safely for a message. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    const s = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    return s;
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return `the number ${String(value)}`;
  return `${typeof value} ${String(value)}`;
}
