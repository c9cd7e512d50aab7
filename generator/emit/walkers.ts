import { containerDecoder, containerValidator, leafConst, payloadDir, tableTypesFrom } from "../model/names.js";
import { type ContainerNode, containers, type ModelNode, type PayloadDef, type UnionNode } from "../model/types.js";
import { lit } from "../print/escape.js";
import { runtime, type RuntimeName } from "../print/runtime-symbols.js";
import { FunctionNames } from "../print/function-names.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { inlineJsonLeafTest } from "./json-quick-leaf.js";
import { leafSpecOf } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";

/**
 * The three walkers of a payload's tree share one shape: per container, gather the
 * children, take each spec node in turn, then deal with what is left. A flavour names
 * the runtime pieces that do each step for one input kind.
 */
interface Flavour {
  file: string;
  /** The quick path for a single leaf, tried before `take` (decoders only). */
  quick?: RuntimeName;
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
  xml: { file: "decode-xml.ts", what: "Decodes from XML:", source: "XmlElement", fields: "xmlFields", quick: "quickXmlLeaf", take: "takeField", leaf: "xmlLeaf", rest: "keepUnknownXml", fnName: (c) => containerDecoder(c.typeName, "xml"), decodes: true },
  json: { file: "decode-json.ts", what: "Decodes from JSON:", source: "unknown", fields: "jsonFields", quick: "quickJsonLeaf", take: "takeField", leaf: "jsonLeaf", rest: "keepUnknownJson", fnName: (c) => containerDecoder(c.typeName, "json"), decodes: true },
  check: { file: "validate.ts", what: "Validates a model of", source: "unknown", fields: "modelFields", take: "checkField", leaf: "modelLeaf", rest: "checkUnknown", fnName: (c) => containerValidator(c.typeName), decodes: false },
};

/** The runtime's Presence constants, by required, repeated and nullable. */
const PRESENCE: Record<string, RuntimeName> = {
  "true,false,false": "REQUIRED",
  "false,false,false": "OPTIONAL",
  "true,true,false": "REQUIRED_LIST",
  "false,true,false": "OPTIONAL_LIST",
  "true,false,true": "REQUIRED_NULLABLE",
  "false,false,true": "OPTIONAL_NULLABLE",
  "true,true,true": "REQUIRED_LIST_NULLABLE",
  "false,true,true": "OPTIONAL_LIST_NULLABLE",
};
const PLAIN: Record<"xml" | "json" | "check", { map: RuntimeName; plain: RuntimeName; union: RuntimeName }> = {
  xml: { map: "xmlMap", plain: "xmlPlain", union: "xmlUnion" },
  json: { map: "jsonMap", plain: "jsonPlain", union: "jsonUnion" },
  check: { map: "modelMap", plain: "modelPlain", union: "modelUnion" },
};

function emitWalker(p: PayloadDef, flavourName: "xml" | "json" | "check"): GeneratedFile {
  const flavour = FLAVOURS[flavourName];
  const dir = payloadDir(p.name);
  const depth = dir.replace(/^src\//, "");
  const f = new TsFile(`${dir}/${flavour.file}`, specFilesOf(p));
  const rt = (name: RuntimeName) => f.use(runtime(name, depth));
  const leafConsts = new Map<string, string>();
  const names = new FunctionNames<ContainerNode>();
  const unions = new Map<UnionNode, string>();
  // Per distinct list of names, for the decoders: one constant, named after the first container with it.
  const listConsts = new Map<string, string>();
  const listConst = (kind: "Fields" | "Model", c: ContainerNode, initializer: (names: string[]) => string, doc: string): string => {
    const key = `${kind} ${lit(c.children.map((ch) => ch.name))}`;
    let name = listConsts.get(key);
    if (name === undefined) {
      const base = `${c.typeName}${kind}`;
      const taken = new Set(listConsts.values());
      name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}$${i}`;
      listConsts.set(key, name);
      f.addConst(name, initializer(c.children.map((ch) => ch.name)), { doc });
    }
    return name;
  };
  // The spec nodes of a container, in the order the decoder takes them.
  const fieldsOf = (c: ContainerNode): string =>
    listConst("Fields", c, (names) => `${rt("fieldNames")}(${names.map((n) => lit(n)).join(", ")})`, `The spec nodes of ${c.specPath}, in the order the decoder takes them.`);
  // The constructor of a container's model objects (never naming __proto__, which would set the prototype).
  const modelOf = (c: ContainerNode): string =>
    listConst(
      "Model",
      c,
      (names) => `${rt("modelShape")}(function (sized) {\n  if (sized) { ${names.filter((n) => n !== "__proto__").map((n) => `this[${lit(n)}] = undefined;`).join(" ")} }\n})`,
      `Model objects of ${c.specPath}: plain objects with room for its nodes (see modelShape).`,
    );

  // Leaf readers first: one constant per distinct leaf spec, shared by every container.
  for (const c of containers(p)) {
    for (const child of c.children) {
      if (child.kind !== "leaf") continue;
      const data = leafSpecOf(child, p);
      const spec = lit(data);
      if (leafConsts.has(spec)) continue;
      const name = data.values || data.codes ? leafConst(c.typeName, child.name) : `${data.kind}Leaf`;
      leafConsts.set(spec, [...leafConsts.values()].includes(name) ? `${name}$${leafConsts.size}` : name);
      f.addConst(leafConsts.get(spec)!, `${rt(flavour.leaf)}(${spec})`);
    }
  }
  // Containers deepest first, so a function's body can name the functions of its children.
  const ordered = [...containers(p)].reverse();
  const readerOf = (n: ModelNode): string => {
    switch (n.kind) {
      case "leaf":
        return leafConsts.get(lit(leafSpecOf(n, p)))!;
      case "map":
        return rt(PLAIN[flavourName].map);
      case "union":
        return unions.get(n)!;
      case "container":
        return n.opaque && n.children.length === 0 ? rt(PLAIN[flavourName].plain) : names.get(n);
    }
  };
  const emitUnion = (u: UnionNode) => {
    if (unions.has(u)) return;
    const name = `${u.typeName}${flavourName === "check" ? "Checker" : flavourName === "xml" ? "XmlReader" : "JsonReader"}${unions.size === 0 ? "" : `$${unions.size + 1}`}`;
    unions.set(u, name);
    const variants = u.variants.map((v) => `${lit(v.value)}: ${readerOf(v.node)}`).join(", ");
    const fallback = u.fallback ? `, fallback: ${readerOf(u.fallback)}` : "";
    f.addConst(name, `${rt(PLAIN[flavourName].union)}({ by: ${lit(u.by)}, variants: { ${variants} }${fallback} })`, { doc: `Picks the shape of ${u.specPath} by ${u.by}.` });
  };
  for (const c of ordered) {
    if (c.opaque && c.children.length === 0) continue;
    for (const child of c.children) if (child.kind === "union") emitUnion(child);
    const body: string[] = [];
    body.push(flavour.decodes ? `const fields = ${rt(flavour.fields)}(src, path, ctx, emptyIsAbsent, ${fieldsOf(c)});` : `const fields = ${rt(flavour.fields)}(src, path, ctx);`);
    body.push(`if (fields === undefined) return${flavour.decodes ? " undefined" : ""};`);
    if (flavour.decodes) body.push(`const out = new ${modelOf(c)}(false);`, "let v: unknown;", "let stored = 0;");
    if (flavourName === "json") body.push("const o = src as Record<string, unknown>;");
    // The JSON decoder's inline quick paths: the locals they use are declared once the children are written.
    const declaredAt = body.length;
    let inlined = 0;
    let usesNoText = false;
    for (const child of c.children) {
      const presence = rt(PRESENCE[`${child.required},${child.repeated},${child.nullable === true}`]!);
      // JSON's reads are under the node's constant name (see quickJsonLeaf and jsonNext); never __proto__, an accessor.
      const byName = flavourName === "json" && child.name !== "__proto__";
      // (rt imports what it names: INHERITED only for the reads that use it.)
      const inherited = byName ? `${rt("INHERITED")}[${lit(child.name)}]` : "";
      // A single leaf with nothing to report is read by the quick path; anything else, by takeField.
      const quick = flavour.quick !== undefined && child.kind === "leaf" && !child.repeated && (flavourName === "xml" || byName);
      // An optional JSON node whose read is undefined is absent (JSON has no undefined, and a value
      // Object.prototype lends is not undefined): nothing to take or report, so nothing is called.
      // `v` then holds the read, and serves as the first read below (the quick path's, or takeField's).
      const skipsAbsent = flavour.decodes && byName && !child.required;
      const value = `o[${lit(child.name)}]`;
      const first = skipsAbsent ? "v" : value;
      const source = byName ? `${rt("jsonNext")}(fields, ${quick ? value : first}, ${inherited})` : "fields";
      let take = `${rt(flavour.take)}(${source}, path, ctx, ${lit(child.name)}, ${presence}, ${readerOf(child)})`;
      if (quick) take = flavourName === "xml" ? `${rt(flavour.quick!)}(fields, ${lit(child.name)}, ${readerOf(child)}, ctx) ?? ${take}` : `${rt(flavour.quick!)}(fields, ${first}, ${inherited}, ${lit(child.name)}, ${readerOf(child)}, ctx) ?? ${take}`;
      // An optional single leaf that is "" is absent with nothing to report: taken without a read.
      if (skipsAbsent && quick) take = `v === "" ? ${rt("emptyJsonLeaf")}(fields, ${lit(child.name)}, ${inherited}) : ${take}`;
      const absent = skipsAbsent ? `(v = ${value}) !== undefined && ` : "";
      // A store under a constant name: each site learns the model's shape, unlike a store by a variable name.
      // A JSON leaf whose value passes its kind's inline test is stored at once (see json-quick-leaf.ts); else as below.
      const inline = flavourName === "json" && quick && child.kind === "leaf" ? inlineJsonLeafTest(leafSpecOf(child, p), value, inherited, rt("isTimestamp")) : undefined;
      if (inline !== undefined) {
        inlined++;
        usesNoText ||= inline.usesNoText;
        body.push(`if (${inline.test}) (out[${lit(child.name)}] = ${inline.value}), stored++, taken++;`);
      }
      const otherwise = inline !== undefined ? "else " : "";
      if (!flavour.decodes) body.push(`${take};`);
      else if (child.name === "__proto__") body.push(`if ((v = ${take}) !== undefined) ${rt("setOwn")}(out, "__proto__", v), stored++;`);
      else body.push(`${otherwise}if (${absent}(v = ${take}) !== undefined) (out[${lit(child.name)}] = v), stored++;`);
    }
    if (inlined > 0) body.splice(declaredAt, 0, "let taken = 0;", `const max = ${rt("inlineTextMax")}(ctx);`, ...(usesNoText ? ["const noText = max >= 0 && ctx.jsonNumberText === undefined;"] : []));
    const open = inlined > 0 ? `, ${c.opaque}, taken` : c.opaque ? ", true" : "";
    body.push(flavour.decodes ? `stored += ${rt(flavour.rest)}(fields, out, path, ctx${open});` : `${rt(flavour.rest)}(fields, path, ctx${open});`);
    if (flavour.decodes) {
      if (c.typeTable !== undefined) f.use({ name: c.typeName, from: tableTypesFrom(c.typeTable, depth), typeOnly: true });
      else f.use({ name: c.typeName, from: "./types.js", typeOnly: true });
      body.push(`return ${rt("finish")}<${c.typeName}>(out, stored, emptyIsAbsent);`);
    }
    const { name, emit } = names.claim(c, flavour.fnName(c), body.join("\n"));
    if (!emit) continue;
    const where = `${c.specPath} (${c.defined.file}:${c.defined.line})`;
    const source = flavour.source === "unknown" ? "unknown" : rt(flavour.source);
    f.addFunction({
      name,
      exported: c.parent === undefined,
      doc: `${flavour.what} ${where}.`,
      params: [
        { name: "src", type: source },
        { name: "path", type: rt("Path") },
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
  return model.payloads.filter((p) => p.formats.includes("xml")).map((p) => emitWalker(p, "xml"));
}

export function emitJsonDecoders({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.filter((p) => p.formats.includes("json")).map((p) => emitWalker(p, "json"));
}

export function emitValidators({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.map((p) => emitWalker(p, "check"));
}
