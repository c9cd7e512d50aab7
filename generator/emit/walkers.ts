import { containerDecoder, containerValidator, leafConst, payloadDir } from "../model/names.js";
import { type ContainerNode, containers, type PayloadDef } from "../model/types.js";
import { lit } from "../print/escape.js";
import { runtime, type RuntimeName } from "../print/runtime-symbols.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { leafSpecOf } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";

/**
 * The three walkers of a payload's tree share one shape: per container, gather the
 * children, take each spec node in turn, then deal with what is left. A flavour names
 * the runtime pieces that do each step for one input kind.
 */
interface Flavour {
  file: string;
  what: string;
  source: RuntimeName | "unknown";
  fields: RuntimeName;
  take: RuntimeName;
  leaf: RuntimeName;
  rest: RuntimeName;
  fnName: (c: ContainerNode) => string;
  /** Decoders return the model (or undefined when absent); the validator returns nothing. */
  decodes: boolean;
}

export const FLAVOURS: Record<"xml" | "json" | "check", Flavour> = {
  xml: { file: "decode-xml.ts", what: "Decodes from XML:", source: "XmlElement", fields: "xmlFields", take: "takeField", leaf: "xmlLeaf", rest: "keepUnknownXml", fnName: (c) => containerDecoder(c.typeName, "xml"), decodes: true },
  json: { file: "decode-json.ts", what: "Decodes from JSON:", source: "unknown", fields: "jsonFields", take: "takeField", leaf: "jsonLeaf", rest: "keepUnknownJson", fnName: (c) => containerDecoder(c.typeName, "json"), decodes: true },
  check: { file: "validate.ts", what: "Validates a model of", source: "unknown", fields: "modelFields", take: "checkField", leaf: "modelLeaf", rest: "checkUnknown", fnName: (c) => containerValidator(c.typeName), decodes: false },
};

const PRESENCE: Record<string, RuntimeName> = { "true,false": "REQUIRED", "false,false": "OPTIONAL", "true,true": "REQUIRED_LIST", "false,true": "OPTIONAL_LIST" };

function emitWalker(p: PayloadDef, flavour: Flavour): GeneratedFile {
  const dir = payloadDir(p.name);
  const depth = dir.replace(/^src\//, "");
  const f = new TsFile(`${dir}/${flavour.file}`, specFilesOf(p));
  const rt = (name: RuntimeName) => f.use(runtime(name, depth));
  const leafConsts = new Map<string, string>();

  // Leaf readers first: one constant per distinct leaf spec, shared by every container.
  for (const c of containers(p)) {
    for (const child of c.children) {
      if (child.kind !== "leaf") continue;
      const data = leafSpecOf(child, p);
      const spec = lit(data);
      if (leafConsts.has(spec)) continue;
      const name = data.values ? leafConst(c.typeName, child.name) : `${data.kind}Leaf`;
      leafConsts.set(spec, name);
      f.addConst(name, `${rt(flavour.leaf)}(${spec})`);
    }
  }
  for (const c of containers(p)) {
    const body: string[] = [];
    body.push(flavour.decodes ? `const fields = ${rt(flavour.fields)}(src, path, ctx, emptyIsAbsent);` : `const fields = ${rt(flavour.fields)}(src, path, ctx);`);
    body.push(`if (fields === undefined) return${flavour.decodes ? " undefined" : ""};`);
    if (flavour.decodes) body.push("const out = {};");
    for (const child of c.children) {
      const reader = child.kind === "container" ? flavour.fnName(child) : leafConsts.get(lit(leafSpecOf(child, p)))!;
    const presence = rt(PRESENCE[`${child.required},${child.repeated}`]!);
      const target = flavour.decodes ? "out, " : "";
      body.push(`${rt(flavour.take)}(fields, ${target}path, ctx, ${lit(child.name)}, ${presence}, ${reader});`);
    }
    body.push(flavour.decodes ? `${rt(flavour.rest)}(fields, out, path, ctx);` : `${rt(flavour.rest)}(fields, path, ctx);`);
    if (flavour.decodes) {
      f.use({ name: c.typeName, from: "./types.js", typeOnly: true });
      body.push(`return ${rt("finish")}<${c.typeName}>(out, emptyIsAbsent);`);
    }
    const where = `${c.specPath} (${c.defined.file}:${c.defined.line})`;
    const source = flavour.source === "unknown" ? "unknown" : rt(flavour.source);
    f.addFunction({
      name: flavour.fnName(c),
      exported: c.parent === undefined,
      doc: `${flavour.what} ${where}.`,
      params: [
        { name: "src", type: source },
        { name: "path", type: "string" },
        { name: "ctx", type: rt("DecodeContext") },
        ...(flavour.decodes ? [{ name: "emptyIsAbsent", type: "boolean" }] : []),
      ],
      returns: flavour.decodes ? `${c.typeName} | undefined` : "void",
      body,
    });
  }
  return { path: f.path, content: f.toText() };
}

export function emitXmlDecoders({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.filter((p) => p.formats.includes("xml")).map((p) => emitWalker(p, FLAVOURS.xml));
}

export function emitJsonDecoders({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.filter((p) => p.formats.includes("json")).map((p) => emitWalker(p, FLAVOURS.json));
}

export function emitValidators({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.map((p) => emitWalker(p, FLAVOURS.check));
}
