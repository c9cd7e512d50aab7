import { type DecodeIssue, type IssueCode, show } from "./issues.js";
import type { ResolvedOptions } from "./options.js";

/** Collects every error and warning of one decode or validate run. */
export class DecodeContext {
  readonly errors: DecodeIssue[] = [];
  readonly warnings: DecodeIssue[] = [];
  constructor(readonly options: ResolvedOptions) {}

  get strict(): boolean {
    return this.options.strict;
  }

  /** Records an error: `expected <expected>, found <found>`. Returns undefined, the value a failed read yields. */
  error(path: string, code: IssueCode, expected: string, found: string): undefined {
    this.errors.push({ path, code, message: `expected ${expected}, found ${found}`, expected, found });
    return undefined;
  }

  /** Records an error with a message of its own. */
  fail(path: string, code: IssueCode, message: string): void {
    this.errors.push({ path, code, message });
  }

  /** Something the spec does not know, kept in the model: a warning, or an error in strict mode. */
  notice(path: string, code: IssueCode, message: string, expected?: string, found?: string): void {
    const issue: DecodeIssue = { path, code, message, ...(expected !== undefined ? { expected } : {}), ...(found !== undefined ? { found } : {}) };
    (this.strict ? this.errors : this.warnings).push(issue);
  }

  /** Checks one of the size limits; reports `too-large` and returns false when `size` is over it. */
  within(path: string, what: string, size: number, limit: number): boolean {
    if (size <= limit) return true;
    this.error(path, "too-large", `at most ${limit} ${what}`, `${size}`);
    return false;
  }

  /** A value outside an enum: kept and noticed, or always an error for a discriminator. */
  enumValue(path: string, value: string, values: readonly string[], discriminator: boolean): void {
    const expected = `one of ${values.join(", ")}`;
    if (discriminator) this.error(path, "enum", expected, show(value));
    else this.notice(path, "enum", `unknown value ${show(value)} kept; expected ${expected}`, expected, show(value));
  }
}
