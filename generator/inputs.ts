import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EmitInput } from "./emit/files.js";
import { loadModel } from "./model/load.js";

export const RUNTIME_DIR = join(dirname(fileURLToPath(import.meta.url)), "runtime");

/** Everything the emitters need, read from disk once: the model, the runtime sources, the samples. */
export function readInputs(specDir: string, displayRoot: string = process.cwd()): EmitInput {
  const model = loadModel(specDir, displayRoot);
  const runtime = readdirSync(RUNTIME_DIR)
    .filter((n) => n.endsWith(".ts"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(RUNTIME_DIR, name), "utf8") }));
  const samples = new Map<string, string>();
  for (const p of model.payloads) for (const s of p.samples) samples.set(s.file, readFileSync(join(model.specDir, s.file), "utf8"));
  return { model, runtime, samples };
}
