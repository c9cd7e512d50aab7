import { containerEncoder, payloadDir } from "../model/names.js";
import { type ContainerNode, containers, type ModelNode, type PayloadDef, type UnionNode } from "../model/types.js";
import { lit } from "../print/escape.js";
import { runtime } from "../print/runtime-symbols.js";
import { FunctionNames } from "../print/function-names.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { leafSpecOf } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";

const isPlain = (c: ContainerNode) => c.opaque && c.children.length === 0;

/**
 * One encoder per payload: per container, a function that writes the children in spec order
 * and then the fields the spec does not know. It is format-neutral: the runtime's XmlWriter
 * and JsonWriter turn the same calls into XML or JSON. A shared table's containers get one
 * function, however often the table appears.
 */
function emitEncoder(p: PayloadDef): GeneratedFile {
  const dir = payloadDir(p.name);
  const depth = dir.replace(/^src\//, "");
  const f = new TsFile(`${dir}/encode.ts`, specFilesOf(p));
  const writer = f.use(runtime("Writer", depth));
  const fns = new FunctionNames<ContainerNode>();
  const unions = new Map<UnionNode, string>();
  const call = (ch: ModelNode): string => {
    switch (ch.kind) {
      case "leaf":
        return `w.leaf(model, ${lit(ch.name)}, ${lit(leafSpecOf(ch, p).kind)});`;
      case "map":
        return `w.plain(model, ${lit(ch.name)});`;
      case "union":
        return `w.node(model, ${lit(ch.name)}, ${unions.get(ch)!});`;
      case "container":
        return isPlain(ch) ? `w.plain(model, ${lit(ch.name)});` : `w.node(model, ${lit(ch.name)}, ${fns.get(ch)});`;
    }
  };
  // Deepest first, so each body names functions already emitted.
  for (const c of [...containers(p)].reverse()) {
    if (isPlain(c)) continue;
    for (const u of c.children) {
      if (u.kind !== "union" || unions.has(u)) continue;
      const name = `${u.typeName}Writer${unions.size === 0 ? "" : `$${unions.size + 1}`}`;
      unions.set(u, name);
      const variants = u.variants.map((v) => `${lit(v.value)}: ${fns.get(v.node)}`).join(", ");
      f.addConst(name, `${f.use(runtime("unionWriter", depth))}(${lit(u.by)}, { ${variants} }${u.fallback ? `, ${fns.get(u.fallback)}` : ""})`, { doc: `Writes ${u.specPath} as the variant its ${u.by} names.` });
    }
    const known = c.children.map((ch) => ch.name);
    const body = [...c.children.map(call), `w.rest(model, ${lit(known)});`];
    const { name, emit } = fns.claim(c, containerEncoder(c.typeName), body.join("\n"));
    if (!emit) continue;
    f.addFunction({
      name,
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
