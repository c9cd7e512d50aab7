import { containerEncoder, payloadDir } from "../model/names.js";
import { containers, type PayloadDef } from "../model/types.js";
import { lit } from "../print/escape.js";
import { runtime } from "../print/runtime-symbols.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { leafSpecOf } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";

/**
 * One encoder per payload: per container, a function that writes the children in spec order
 * and then the fields the spec does not know. It is format-neutral: the runtime's XmlWriter
 * and JsonWriter turn the same calls into XML or JSON.
 */
function emitEncoder(p: PayloadDef): GeneratedFile {
  const dir = payloadDir(p.name);
  const f = new TsFile(`${dir}/encode.ts`, specFilesOf(p));
  const writer = f.use(runtime("Writer", dir.replace(/^src\//, "")));
  for (const c of containers(p)) {
    const known = `${c.typeName}Names`;
    f.addConst(known, `${lit(c.children.map((ch) => ch.name))} as const`, { doc: `The nodes of ${c.specPath} the spec knows.` });
    const body = c.children.map((ch) =>
      ch.kind === "leaf" ? `w.leaf(model, ${lit(ch.name)}, ${lit(leafSpecOf(ch, p).kind)});` : `w.node(model, ${lit(ch.name)}, ${containerEncoder(ch.typeName)});`,
    );
    body.push(`w.rest(model, ${known});`);
    f.addFunction({
      name: containerEncoder(c.typeName),
      exported: c.parent === undefined,
      doc: `Writes ${c.specPath} (${c.defined.file}:${c.defined.line}).`,
      params: [
        { name: "model", type: "object" },
        { name: "w", type: writer },
      ],
      returns: "void",
      body,
    });
  }
  return { path: f.path, content: f.toText() };
}

export function emitEncoders({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.map(emitEncoder);
}
