// Every payload kind of the spec with its generated entry points, for the tests that are generic
// over the spec (golden files, round trips, fuzzing): no test names a kind itself.
import { join } from "node:path";
import * as pkg from "../generated/src/index.js";
import * as testing from "../generated/src/testing.js";
import type { DecodeIssue, DecodeOptions, EncodeOptions, ValidationResult } from "../generated/src/index.js";
import { loadModel } from "../generator/model/load.js";
import { payloadApi } from "../generator/model/names.js";
import type { PayloadDef } from "../generator/model/types.js";
import type { Arbitrary } from "fast-check";

const ROOT = join(import.meta.dirname, "..");

export interface KindApi {
  readonly def: PayloadDef;
  readonly name: string;
  /** Callbacks have match rules and are recognised by decodeCallback; job responses are decoded by name. */
  readonly recognised: boolean;
  readonly decode: (body: string | Uint8Array, options?: DecodeOptions) => { kind: string; payload: unknown; warnings: readonly DecodeIssue[] };
  readonly encode: (model: unknown, options?: EncodeOptions) => string;
  readonly validate: (model: unknown, options?: { strict?: boolean }) => ValidationResult;
  readonly arbitrary: (options?: object) => Arbitrary<unknown>;
}

type Fn = (...args: unknown[]) => unknown;
const api = pkg as unknown as Record<string, Fn>;
const arbitraries = testing as unknown as Record<string, Fn>;

let cached: KindApi[] | undefined;
/** Every payload kind, in the spec's order (by name). */
export function kinds(): KindApi[] {
  cached ??= loadModel(join(ROOT, "spec"), ROOT).payloads.map((def) => {
    const n = payloadApi(def.name);
    return {
      def,
      name: def.name,
      recognised: def.match.length > 0,
      decode: api[n.decode] as KindApi["decode"],
      encode: api[n.encode] as KindApi["encode"],
      validate: api[n.validate] as KindApi["validate"],
      arbitrary: arbitraries[n.arbitrary] as KindApi["arbitrary"],
    };
  });
  return cached;
}

export function kind(name: string): KindApi {
  const k = kinds().find((x) => x.name === name);
  if (!k) throw new Error(`no payload kind ${name}`);
  return k;
}
