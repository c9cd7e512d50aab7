import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../../generator/model/load.js";

const ROOT = join(import.meta.dirname, "../..");

export interface Seed {
  readonly name: string;
  readonly format: "xml" | "json";
  readonly text: string;
  /** The payload kind that decodes it by name: set for job responses, which decodeCallback does not recognise. */
  readonly kind: string | undefined;
  /** The payload's XML root element. */
  readonly root: string;
}

/** Every valid sample of every payload in the spec: the starting points of mutation. */
export function seeds(): Seed[] {
  const model = loadModel(join(ROOT, "spec"), ROOT);
  return model.payloads.flatMap((p) =>
    p.samples.filter((s) => !s.invalid).map((s) => ({ name: s.file, format: s.format, text: readFileSync(join(model.specDir, s.file), "utf8"), kind: p.match.length > 0 ? undefined : p.name, root: p.root.name })),
  );
}
