import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CallbackDecodeError, type DecodeIssue, type DecodeOptions, type DecodeResult, decodeCallback, type PicProcessCallback } from "../generated/src/index.js";

export const ROOT = join(import.meta.dirname, "..");
export const SAMPLES = join(ROOT, "spec/samples/pic-process-callback");

export function sample(name: string): string {
  return readFileSync(join(SAMPLES, name), "utf8");
}

/** Decodes (with decodeCallback unless told) and returns the errors it throws (fails the test when nothing is thrown). */
export function decodeErrors(body: string | Uint8Array, options?: DecodeOptions, decode: (body: string | Uint8Array, options?: DecodeOptions) => unknown = decodeCallback): readonly DecodeIssue[] {
  try {
    decode(body, options);
  } catch (e) {
    if (e instanceof CallbackDecodeError) return e.errors;
    throw e;
  }
  throw new Error("expected the body to be refused, but it decoded");
}

/**
 * decodeCallback on an image-processing callback body, typed as that kind: the decoding-rule
 * tests use the seed's samples and go through the same dispatch as any body.
 */
export function decodePic(body: string | Uint8Array, options?: DecodeOptions): DecodeResult<"PicProcessCallback", PicProcessCallback> {
  const r = decodeCallback(body, options);
  if (r.kind !== "PicProcessCallback") throw new Error(`expected a PicProcessCallback, decoded a ${r.kind}`);
  return r;
}

/** The seed's XML sample (seed-sample-2.xml) with `xml` inserted in JobsDetail, after <Code>. */
export function inJobsDetail(xml: string): string {
  return sample("seed-sample-2.xml").replace("<Code>Success</Code>", `<Code>Success</Code>${xml}`);
}
