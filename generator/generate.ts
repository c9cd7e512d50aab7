import type { EmitInput, Emitter, GeneratedFile } from "./emit/files.js";
import { emitArbitraryModules } from "./emit/arbitraries.js";
import { emitDocs } from "./emit/docs.js";
import { emitEncoders } from "./emit/encoder.js";
import { emitPackageFiles } from "./emit/package-files.js";
import { emitPackageIndex } from "./emit/package-index.js";
import { emitPayloadModules } from "./emit/payload-module.js";
import { emitRuntime } from "./emit/runtime-copy.js";
import { emitSchemas } from "./emit/schema.js";
import { emitTypes } from "./emit/types.js";
import { emitJsonDecoders, emitValidators, emitXmlDecoders } from "./emit/walkers.js";

/** Every output of the generator, one emitter each. */
export const EMITTERS: Readonly<Record<string, Emitter>> = {
  schema: emitSchemas,
  types: emitTypes,
  "decode-xml": emitXmlDecoders,
  "decode-json": emitJsonDecoders,
  validate: emitValidators,
  encode: emitEncoders,
  arbitraries: emitArbitraryModules,
  "payload-module": emitPayloadModules,
  "package-index": emitPackageIndex,
  runtime: emitRuntime,
  package: emitPackageFiles,
  docs: emitDocs,
};

/** Runs the named emitters (all, by default) and returns their files sorted by path; two emitters may not write one path. */
export async function emitGroup(input: EmitInput, names: readonly string[] = Object.keys(EMITTERS)): Promise<{ file: GeneratedFile; emitter: string }[]> {
  const out: { file: GeneratedFile; emitter: string }[] = [];
  for (const name of names) for (const file of await EMITTERS[name]!(input)) out.push({ file, emitter: name });
  return out;
}

/** The files of a group, sorted by path; two emitters may not write one path. */
export function collect(parts: readonly { file: GeneratedFile; emitter: string }[]): GeneratedFile[] {
  const byPath = new Map<string, { file: GeneratedFile; emitter: string }>();
  for (const part of parts) {
    const first = byPath.get(part.file.path);
    if (first) throw new Error(`internal: emitters ${first.emitter} and ${part.emitter} both write ${part.file.path}`);
    byPath.set(part.file.path, part);
  }
  return [...byPath.values()].map((v) => v.file).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Runs every emitter and returns the files sorted by path; two emitters may not write one path. */
export async function generate(input: EmitInput): Promise<GeneratedFile[]> {
  return collect(await emitGroup(input));
}
