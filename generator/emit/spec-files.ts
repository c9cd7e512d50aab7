import type { PayloadDef } from "../model/types.js";
import { walk } from "../model/types.js";

const memo = new WeakMap<PayloadDef, string[]>();

/** The spec files a payload was built from, for generated-file headers (the model is frozen: computed once). */
export function specFilesOf(p: PayloadDef): string[] {
  let files = memo.get(p);
  if (!files) {
    const set = new Set<string>([p.defined.file]);
    for (const n of walk(p.root)) set.add(n.defined.file);
    memo.set(p, (files = [...set].sort()));
  }
  return files;
}
