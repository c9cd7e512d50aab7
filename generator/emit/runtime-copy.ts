import { slashHeader } from "../print/header.js";
import type { EmitInput, GeneratedFile } from "./files.js";

/** The hand-written runtime (generator/runtime/*.ts), copied into the package so it stands alone. */
export function emitRuntime({ runtime }: EmitInput): GeneratedFile[] {
  return runtime.map(({ name, text }) => ({
    path: `src/runtime/${name}`,
    content: slashHeader([`generator/runtime/${name}`]) + "\n" + text,
  }));
}
