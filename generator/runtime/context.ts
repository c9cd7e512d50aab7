import { cut, escapeControls } from "./escape.js";
import { type DecodeIssue, type IssueCode, type Path, pathText, show } from "./issues.js";
import type { Parsed } from "./json-verified.js";
import type { ResolvedOptions } from "./options.js";

/** A JSON body whose proof parseJson left, in whole or in part, to after the decoders: its text, and JSON.parse's value with the counts made before it. */
export interface PendingJson {
  readonly text: string;
  readonly parsed: Parsed;
  /** Set when the walk proved all but the text of the value's numbers: how many of them are not whole (see numbersProved). */
  readonly fractions?: number;
}

/** Longest message (or expected/found text) an issue carries; anything longer is cut. */
const MAX_MESSAGE = 400;

/** Thrown inside a run once its errors reach maxIssues: the rest of the body is not read. */
class IssueCapReached extends Error {}

/** Every text of an issue as a person may safely print it: escaped and of bounded length. */
function safe(text: string): string {
  return cut(escapeControls(text), MAX_MESSAGE);
}

/** A step of run: called with no argument. */
const runStep = (step: () => void): void => step();

/**
 * Collects the errors and warnings of one decode, validate or encode run, at most
 * `maxIssues` of each. The error that reaches the cap ends the run (see `run`); warnings past
 * the cap are only counted. Every text is escaped and cut as it is recorded, so no text from
 * a body reaches a message, a path or a terminal as it came.
 */
export class DecodeContext {
  readonly errors: DecodeIssue[] = [];
  readonly warnings: DecodeIssue[] = [];
  private moreWarnings = 0;
  private stopped = false;
  /** The parsed XML body being decoded (an XmlDocument), read by the XML readers. */
  document: unknown = undefined;
  /** Set by the JSON parser when a body has numbers with a fraction, an exponent or 16+ digits: their text as written, by model path. */
  jsonNumberText?: (path: string, value: number) => string | undefined;
  /**
   * How parseJson (json-parse.ts) proves JSON.parse's value: "walk", before the decoders (its
   * callers but decodeBody); "tally", leaving the proof, in whole or in part, to after the
   * decoders (decodeBody, which then checks it: see pendingJson); "unproved", the pre-check and
   * careful path at once (decodeBody's second run, when the proof after the decoders failed).
   */
  jsonProofBy: "walk" | "tally" | "unproved" = "walk";
  /** Set by parseJson when it left the proof to after the decoders (their tally, or the text of numbers): the text and what JSON.parse made of it. */
  pendingJson: PendingJson | undefined = undefined;
  /** One fewer than the members of each JSON object and array the decoders read, each counted once (see tallyProves). */
  jsonSeparators = 0;
  /**
   * The JSON numbers the decoders read, each counted once (see tallyProves): how many were read
   * for an integer leaf, how many are not whole (written with a fraction or an exponent, as no
   * whole number needs to be), and how many are 1e15 or more (or not finite).
   */
  jsonIntegerNumbers = 0;
  jsonFractions = 0;
  jsonLargeNumbers = 0;

  /** Counts a JSON number a decoder read, once: for an integer leaf or not (see tallyProves). */
  jsonNumber(value: number, integerLeaf: boolean): void {
    if (integerLeaf) this.jsonIntegerNumbers++;
    if (!Number.isInteger(value)) {
      this.jsonFractions++;
      if (!Number.isFinite(value)) this.jsonLargeNumbers++;
    } else if (!(value < 1e15 && value > -1e15)) this.jsonLargeNumbers++;
  }
  constructor(readonly options: ResolvedOptions) {}

  get strict(): boolean {
    return this.options.strict;
  }

  private push(list: DecodeIssue[], path: Path, code: IssueCode, message: string, expected?: string, found?: string): void {
    if (list === this.warnings && list.length >= this.options.maxIssues) {
      this.moreWarnings++;
      return;
    }
    const issue: DecodeIssue = {
      path: safe(pathText(path)),
      code,
      message: safe(message),
      ...(expected !== undefined ? { expected: safe(expected) } : {}),
      ...(found !== undefined ? { found: safe(found) } : {}),
    };
    list.push(issue);
    if (list === this.errors && list.length >= this.options.maxIssues) {
      this.stopped = true;
      throw new IssueCapReached();
    }
  }

  /** Records an error: `expected <expected>, found <found>`. Returns undefined, the value a failed read yields. */
  error(path: Path, code: IssueCode, expected: string, found: string): undefined {
    this.push(this.errors, path, code, `expected ${expected}, found ${found}`, expected, found);
    return undefined;
  }

  /** Records an error with a message of its own. */
  fail(path: Path, code: IssueCode, message: string): void {
    this.push(this.errors, path, code, message);
  }

  /** Something the spec does not know, kept in the model: a warning, or an error in strict mode. */
  notice(path: Path, code: IssueCode, message: string, expected?: string, found?: string): void {
    this.push(this.strict ? this.errors : this.warnings, path, code, message, expected, found);
  }

  /** True once the warnings are over the cap: callers may skip building the text of further ones. */
  get warningsFull(): boolean {
    return !this.strict && this.warnings.length >= this.options.maxIssues;
  }

  /** Checks one of the size limits; reports `too-large` and returns false when `size` is over it. */
  within(path: Path, what: string, size: number, limit: number): boolean {
    if (size <= limit) return true;
    this.error(path, "too-large", `at most ${limit} ${what}`, `${size}`);
    return false;
  }

  /** A value outside an enum: kept and noticed, or always an error for a discriminator. */
  enumValue(path: Path, value: string, values: readonly string[], discriminator: boolean): void {
    const expected = `one of ${values.join(", ")}`;
    if (discriminator) this.error(path, "enum", expected, show(value));
    else this.notice(path, "enum", `unknown value ${show(value)} kept; expected ${expected}`, expected, show(value));
  }

  /**
   * Runs one decode, validate or encode step. When the errors reach maxIssues the step ends
   * there and the list closes with a `too-many-issues` error; warnings past the cap close
   * their list with one that says how many more there were. Returns false when the step ended early.
   */
  run(step: () => void): boolean {
    this.call(runStep, step, undefined);
    return !this.stopped;
  }

  /**
   * run, for a step given its two arguments and this context, so that no closure is made for
   * it (decoding calls it once a body). Returns what the step returned, or undefined when it
   * ended early.
   */
  call<A, B, R>(step: (a: A, b: B, ctx: DecodeContext) => R, a: A, b: B): R | undefined {
    if (this.stopped) return undefined;
    try {
      return step(a, b, this);
    } catch (e) {
      if (!(e instanceof IssueCapReached)) throw e;
      this.errors.push({ path: "", code: "too-many-issues", message: `stopped after ${this.options.maxIssues} errors (maxIssues); the rest of the body was not checked` });
      return undefined;
    } finally {
      if (this.moreWarnings > 0) {
        this.warnings.push({ path: "", code: "too-many-issues", message: `${this.moreWarnings} more warning${this.moreWarnings === 1 ? "" : "s"} not listed (maxIssues is ${this.options.maxIssues})` });
        this.moreWarnings = 0;
      }
    }
  }
}
