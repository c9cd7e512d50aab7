import type { PayloadDef } from "../model/types.js";
import { walk } from "../model/types.js";

/** The spec files a payload was built from, for generated-file headers. */
export function specFilesOf(p: PayloadDef): string[] {
  const files = new Set<string>([p.defined.file]);
  for (const n of walk(p.root)) files.add(n.defined.file);
  return [...files].sort();
}
