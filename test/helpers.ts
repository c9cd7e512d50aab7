import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CallbackDecodeError, type DecodeIssue, type DecodeOptions, decodeCallback } from "../generated/src/index.js";

export const ROOT = join(import.meta.dirname, "..");
export const SAMPLES = join(ROOT, "spec/samples/pic-process-callback");

export function sample(name: string): string {
  return readFileSync(join(SAMPLES, name), "utf8");
}

/** Decodes and returns the errors it throws (fails the test when nothing is thrown). */
export function decodeErrors(body: string | Uint8Array, options?: DecodeOptions): readonly DecodeIssue[] {
  try {
    decodeCallback(body, options);
  } catch (e) {
    if (e instanceof CallbackDecodeError) return e.errors;
    throw e;
  }
  throw new Error("expected the body to be refused, but it decoded");
}
