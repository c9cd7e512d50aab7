import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";
import type { DecodeIssue } from "../../generated/src/index.js";

/** Paths the decoding tests use again and again. */
export const IMG = "JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo";
export const PROC = "JobsDetail.Operation.PicProcessResult.ProcessResult";

/**
 * Two ways' results of one text, as the differential tests compare them: undefined when they are
 * the same, else a line to show (the text and both results, cut short).
 */
export function difference(text: string, names: readonly [string, string], a: unknown, b: unknown): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  return `${JSON.stringify(text.slice(0, 300))}\n${names[0]}: ${JSON.stringify(a).slice(0, 400)}\n${names[1]}: ${JSON.stringify(b).slice(0, 400)}`;
}

/** Replaces `from` by `to`, failing when `from` does not occur exactly once (no silent no-op edits). */
export function edit(body: string, from: string | RegExp, to: string): string {
  if (typeof from === "string") {
    expect(body.split(from).length - 1, `"${from}" should occur once in the body`).toBe(1);
    return body.replace(from, () => to);
  }
  expect(from.test(body), `${String(from)} should match the body`).toBe(true);
  return body.replace(from, () => to);
}

/** The issue with this path and code; fails with the whole list when there is none. */
export function issue(issues: readonly DecodeIssue[], path: string, code: string): DecodeIssue {
  const found = issues.find((e) => e.path === path && e.code === code);
  expect(found, `expected a "${code}" issue at "${path}" among ${JSON.stringify(issues, null, 2)}`).toBeDefined();
  return found!;
}

/** An issue says what was expected and what was found. */
export function expectExpectedFound(e: DecodeIssue): void {
  expect(typeof e.expected, `issue ${JSON.stringify(e)} should say what was expected`).toBe("string");
  expect(typeof e.found, `issue ${JSON.stringify(e)} should say what was found`).toBe("string");
  expect(e.expected).not.toBe("");
  expect(e.found).not.toBe("");
}
