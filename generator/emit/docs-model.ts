import { decodeBody, type PayloadDescriptor } from "../runtime/dispatch.js";
import { CallbackDecodeError } from "../runtime/issues.js";
import { interpretedDescriptor } from "../model/interpret.js";
import { describeRules } from "../model/match.js";
import { payloadApi } from "../model/names.js";
import { type ContainerNode, isUnionShape, type ModelNode, type PayloadDef, unionShapes, walk } from "../model/types.js";
import { leafSpecOf } from "./leaf-spec.js";

/** What the docs templates render: one view of the model, shared by the Markdown and HTML forms. */
export interface DocsRow {
  name: string;
  anchor: string;
  /** For a container: the anchor of its own table. */
  link: string | undefined;
  parent: string;
  description: string;
  vendorType: string;
  tsType: string;
  presence: "required" | "optional";
  repeated: boolean;
  rule: string;
  values: readonly string[];
  source: string;
  deviations: readonly string[];
}
export interface DocsTable {
  anchor: string;
  specPath: string;
  typeName: string;
  description: string;
  rows: DocsRow[];
}
export interface DocsTreeItem {
  name: string;
  anchor: string;
  note: string;
  children: DocsTreeItem[];
}
export interface DocsSample {
  file: string;
  format: string;
  source: string;
  description: string;
  body: string;
  /** The decoded model as JSON, or the errors of a sample that must be refused. */
  result: string;
  invalid: boolean;
}
export interface DocsPayload {
  name: string;
  slug: string;
  title: string;
  description: string;
  source: string;
  formats: string;
  match: string;
  decisions: readonly string[];
  tree: DocsTreeItem[];
  tables: DocsTable[];
  samples: DocsSample[];
  api: ReturnType<typeof payloadApi>;
  exampleSample: string;
}

/**
 * The anchor of a node: its model path (`JobsDetail.Operation.PicProcessResult`); the root's is
 * its element name. Inside a union the variant's type names the step, as the variants share paths:
 * `JobsDetail[TranscodeJobsDetail].Operation`.
 */
export function anchorOf(n: ModelNode): string {
  if (n.path === "") return n.name;
  const parts: string[] = [];
  for (let x: ModelNode = n; x.parent; x = x.parent) parts.unshift(isUnionShape(x) ? `${x.name}[${(x as ContainerNode).typeName}]` : x.name);
  return parts.join(".");
}



function tsType(n: ModelNode, p: PayloadDef): string {
  let t: string;
  if (n.kind === "container") t = n.opaque && n.children.length === 0 ? "PlainValue" : n.typeName;
  else if (n.kind === "union") t = n.typeName;
  else if (n.kind === "map") t = "Record<string, string>";
  else {
    const spec = leafSpecOf(n, p);
    if (spec.kind === "integer" || spec.kind === "number") t = "number";
    else if (spec.kind === "boolean") t = "boolean";
    else if (spec.kind === "enum") t = spec.values!.map((v) => JSON.stringify(v)).join(" | ") + (spec.discriminator ? "" : " | string");
    if (spec.codes) t = spec.codes.join(" | ") + " | number";
    else t = "string";
  }
  if (n.nullable) t = `${t} | null`;
  return n.repeated ? (t.includes("|") ? `(${t})[]` : `${t}[]`) : t;
}

function rule(n: ModelNode, p: PayloadDef): string {
  const parts: string[] = [];
  if (n.kind === "container" && n.opaque) parts.push(`kept whole as plain data${n.children.length > 0 ? " beside the nodes listed" : ""}, no warnings${n.documentedAt ? `; documented by the vendor at ${n.documentedAt}` : ""}`);
  else if (n.kind === "container") parts.push("object of its child nodes");
  else if (n.kind === "map") parts.push("object of name → text pairs, names kept as sent");
  else if (n.kind === "union") parts.push(`shape chosen by ${n.by}: ${n.variants.map((v) => `${v.value} → ${v.node.typeName}`).join(", ")}${n.fallback ? `; other values → ${n.fallback.typeName}` : "; other values kept as plain data"} (with a warning)`);
  else {
    const spec = leafSpecOf(n, p);
    parts.push(
      {
        string: "kept as text, exactly",
        integer: 'integer from text ("417" → 417) or a JSON number',
        number: "number from text or a JSON number",
        boolean: "true/false (also 1/0) from text, or a JSON boolean",
        timestamp: "kept as text; must look like 2022-07-18T15:16:43+0800 (or -)",
        enum: spec.discriminator ? (spec.values!.length === 1 ? `must be exactly ${spec.values![0]}: tells payload kinds apart` : "must be one of the values listed, even in lenient mode") : "kept as text; another value is kept with a warning (an error in strict mode)",
      }[spec.kind] ?? spec.kind,
    );
    if (n.kind === "leaf" && n.codes) parts.push(`codes: ${n.codes.map((c) => `${c.code} = ${c.meaning}`).join("; ")}; another code is kept with a warning`);
  }
  if (n.nullable) parts.push("JSON null kept as null");
  if (n.repeated) parts.push("list even with one element");
  else if (!n.required) parts.push("empty element = absent");
  return parts.join("; ");
}

function row(n: ModelNode, p: PayloadDef): DocsRow {
  return {
    name: n.name,
    anchor: anchorOf(n),
    link: n.kind === "container" && n.children.length > 0 ? anchorOf(n) : undefined,
    parent: n.parent!.specPath,
    description: n.description,
    vendorType: n.vendorType ?? "(not in the vendor's table)",
    tsType: tsType(n, p),
    presence: n.required ? "required" : "optional",
    repeated: n.repeated,
    rule: rule(n, p),
    values: n.kind === "leaf" ? (leafSpecOf(n, p).values ?? []) : [],
    source: n.source,
    deviations: n.deviations,
  };
}

function tree(c: ContainerNode): DocsTreeItem[] {
  return c.children.map((n) => ({
    name: n.name,
    anchor: anchorOf(n),
    note: [n.repeated ? "list" : "", n.required ? "" : "optional"].filter(Boolean).join(", "),
    children: n.kind === "container" ? tree(n) : (n.kind === "union" ? unionShapes(n) : []).map((v) => ({ name: `${v.name} (${v.typeName})`, anchor: anchorOf(v), note: "variant", children: tree(v) })),
  }));
}

function decodeSample(descriptor: PayloadDescriptor, body: string): string {
  try {
    return JSON.stringify(decodeBody(body, undefined, [descriptor]).payload, null, 2);
  } catch (e) {
    if (!(e instanceof CallbackDecodeError)) throw e;
    return e.errors.map((x) => `${x.path === "" ? "(body)" : x.path}: ${x.message}`).join("\n");
  }
}

export function docsPayload(p: PayloadDef, samples: ReadonlyMap<string, string>): DocsPayload {
  const descriptor = interpretedDescriptor(p);
  const docsSamples = p.samples.map((s) => {
    const body = samples.get(s.file)!;
    return { file: s.file, format: s.format.toUpperCase(), source: s.source, description: s.description, body: body.trimEnd(), result: decodeSample(descriptor, body), invalid: s.invalid };
  });
  const first = p.samples.find((s) => !s.invalid);
  return {
    name: p.name,
    slug: p.slug,
    title: p.title,
    description: p.description,
    source: p.source,
    formats: p.formats.map((f) => f.toUpperCase()).join(" and "),
    match: describeRules(p.match),
    decisions: p.decisions,
    tree: [{ name: p.root.name, anchor: anchorOf(p.root), note: "root", children: tree(p.root) }],
    tables: [...walk(p.root)].filter((c): c is ContainerNode => c.kind === "container" && c.children.length > 0).map((c) => ({ anchor: anchorOf(c), specPath: c.specPath, typeName: c.typeName, description: c.description, rows: c.children.map((ch) => row(ch, p)) })),
    samples: docsSamples,
    api: payloadApi(p.name),
    exampleSample: first ? `spec/${first.file}` : "callback.xml",
  };
}
