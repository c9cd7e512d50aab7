import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EmitInput } from "./emit/files.js";
import { loadModel } from "./model/load.js";

export const RUNTIME_DIR = join(dirname(fileURLToPath(import.meta.url)), "runtime");
export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), "emit", "docs-templates");

/** Everything the emitters need, read from disk once: the model, the runtime sources, the samples, the docs templates. */
export function readInputs(specDir: string, displayRoot: string = process.cwd()): EmitInput {
  const model = loadModel(specDir, displayRoot);
  const runtime = readdirSync(RUNTIME_DIR)
    .filter((n) => n.endsWith(".ts"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(RUNTIME_DIR, name), "utf8") }));
  const samples = new Map<string, string>();
  for (const p of model.payloads) for (const s of p.samples) samples.set(s.file, readFileSync(join(model.specDir, s.file), "utf8"));
  const templates = new Map(
    readdirSync(TEMPLATES_DIR)
      .filter((n) => n.endsWith(".hbs"))
      .sort()
      .map((n) => [n, readFileSync(join(TEMPLATES_DIR, n), "utf8")] as const),
  );
  const optional = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);
  const license = optional(join(dirname(fileURLToPath(import.meta.url)), "..", "LICENSE"));
  const changelog = optional(join(model.specDir, "CHANGELOG.md"));
  return { model, runtime, samples, templates, license, changelog };
}
