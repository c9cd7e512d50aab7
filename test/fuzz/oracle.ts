import { isDeepStrictEqual } from "node:util";
import { CallbackDecodeError, type DecodeIssue, DEFAULT_LIMITS, decodeCallback, formatIssue } from "../../generated/src/index.js";
import { compareReaders } from "../decode/xml-reference.js";
import { kind as kindApi } from "../kinds.js";

/** What one input did: decoded (and checked), refused with a typed error, or a finding. */
export type Outcome = { kind: "decoded" } | { kind: "refused"; codes: string[] } | { kind: "finding"; reason: string };

const prototypeNames = () => [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).join(","));
const PROTOTYPES = prototypeNames();

/** True when every object in the model has a plain prototype: no name reached one. */
function plainPrototypes(value: unknown): boolean {
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && value.every(plainPrototypes);
  if (value && typeof value === "object") {
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    return Object.keys(value).every((k) => plainPrototypes((value as Record<string, unknown>)[k]));
  }
  return true;
}

/** Characters that must never reach a message as they are (they forge or hide lines on a terminal). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a list of issues: too many, or a text that is unsafe to print or too long. */
function badIssues(issues: readonly DecodeIssue[]): string | undefined {
  if (issues.length > DEFAULT_LIMITS.maxIssues + 1) return `${issues.length} issues, over maxIssues + 1`;
  for (const i of issues) {
    const line = formatIssue(i);
    if ([i.path, i.message, i.expected ?? "", i.found ?? ""].some((t) => UNSAFE.test(t))) return `an issue text that is not escaped: ${JSON.stringify(line.slice(0, 200))}`;
    if (line.length > 1000) return `an issue of ${line.length} characters`;
  }
  return undefined;
}

/**
 * The fuzzer's oracle. A body must either decode to a model that validates, has plain
 * prototypes and survives encode → decode unchanged, or be refused with CallbackDecodeError
 * whose every error has a code and a path. Anything else (another exception, a slow answer,
 * a changed prototype) is a finding. `kind` decodes with that payload's own decoder (job
 * responses, which decodeCallback does not recognise); otherwise decodeCallback picks the kind.
 * An XML input also goes through the reference reader (fast-xml-parser), which must agree.
 */
export function check(input: Uint8Array, boundMs: number, kind?: string): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    const { kind: decodedKind, payload, warnings } = kind ? kindApi(kind).decode(input) : decodeCallback(input);
    const bad = badIssues(warnings);
    outcome = bad ? { kind: "finding", reason: bad } : checkModel(decodedKind, payload, input);
  } catch (e) {
    if (!(e instanceof CallbackDecodeError)) outcome = { kind: "finding", reason: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
    else if (e.errors.length === 0 || e.errors.some((x) => typeof x.code !== "string" || typeof x.path !== "string" || x.message === "")) {
      outcome = { kind: "finding", reason: `a CallbackDecodeError without code, path or message: ${JSON.stringify(e.errors)}` };
    } else {
      const bad = badIssues(e.errors) ?? badIssues(e.warnings);
      outcome = bad ? { kind: "finding", reason: bad } : { kind: "refused", codes: [...new Set(e.errors.map((x) => x.code))] };
    }
  }
  const ms = performance.now() - started;
  if (ms > boundMs) return { kind: "finding", reason: `took ${ms.toFixed(0)} ms (bound ${boundMs} ms)` };
  if (!isDeepStrictEqual(prototypeNames(), PROTOTYPES) || ({} as Record<string, unknown>)["polluted"] !== undefined) {
    return { kind: "finding", reason: "a prototype changed" };
  }
  if (outcome.kind !== "finding") {
    const reference = againstReference(input);
    if (reference !== undefined) return { kind: "finding", reason: reference };
  }
  return outcome;
}

/** Bodies longer than this are not given to the reference reader (it is not linear on every shape). */
const REFERENCE_MAX = 300_000;

/**
 * The same XML input through fast-xml-parser, the reference reader: the same tree, both
 * refuse, or ours refuses for a rule it names (see test/decode/xml-reference.ts). Returns the
 * finding, if any.
 */
function againstReference(input: Uint8Array): string | undefined {
  if (input.length > REFERENCE_MAX || formatOf(input) !== "xml") return undefined;
  const text = new TextDecoder("utf-8").decode(input);
  const result = compareReaders(text);
  return "finding" in result ? `against the reference reader: ${result.finding}` : undefined;
}

/** The body's own format, read as the decoder reads it (a UTF-16 byte-order mark included). */
function formatOf(input: Uint8Array): "xml" | "json" {
  const utf16 = (input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff);
  const head = new TextDecoder(utf16 ? (input[0] === 0xff ? "utf-16le" : "utf-16be") : "utf-8").decode(input.subarray(0, 64));
  return /^\s*</.test(head.replace(/^\uFEFF/, "")) ? "xml" : "json";
}

function checkModel(kind: string, payload: unknown, input: Uint8Array): Outcome {
  const api = kindApi(kind);
  const v = api.validate(payload);
  if (!v.valid) return { kind: "finding", reason: `decoded to a model that does not validate: ${JSON.stringify(v.errors)}` };
  if (!plainPrototypes(payload)) return { kind: "finding", reason: "the model has an object with an unusual prototype" };
  const format = formatOf(input);
  let again: string;
  try {
    again = api.encode(payload, { format });
  } catch (e) {
    // Re-encoded in the input's own format, a decoded model must always be writable.
    return { kind: "finding", reason: `the decoded model does not encode: ${e instanceof Error ? e.message : String(e)}` };
  }
  const back = api.decode(again, { format }).payload;
  if (!isDeepStrictEqual(back, payload)) return { kind: "finding", reason: "decode(encode(model)) differs from the model" };
  return { kind: "decoded" };
}
