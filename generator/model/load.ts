import { resolve } from "node:path";
import { readSpec } from "../load/read-spec.js";
import { buildModel } from "./build.js";
import type { Model } from "./types.js";

/** Reads, checks and links the spec folder. Throws SpecError listing every problem. */
export function loadModel(specDir: string, displayRoot: string = process.cwd()): Model {
  return buildModel(readSpec(resolve(specDir), displayRoot));
}
