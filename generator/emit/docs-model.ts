import { decodeBody, type PayloadDescriptor } from "../runtime/dispatch.js";
import { CallbackDecodeError } from "../runtime/issues.js";
import { interpretedDescriptor } from "../model/interpret.js";
import { describeRules } from "../model/match.js";
import { payloadApi } from "../model/names.js";
import { type ContainerNode, isUnionShape, type Model, type ModelNode, type PayloadDef, splitSource, unionShapes } from "../model/types.js";
import { leafSpecOf } from "./leaf-spec.js";
import { wireRule } from "./wire-rule.js";

/** A source as a reader sees it: the vendor page's title, its address when the spec has one, the section. */
export interface DocsSource {
  /** The page as sources name it (`pic/callback.md`): the Markdown form's link label. */
  page: string;
  title: string;
  url: string | undefined;
  section: string | undefined;
}

/**
 * One node of the reference, in the manner of an API reference's nested attribute list: name,
 * type, presence and list-ness on one line; description, wire rule, values and deviations below;
 * children (or a union's shapes) folded under it.
 */
export interface DocsNode {
  name: string;
  anchor: string;
  /** Short type: `string`, `integer`, `enum`, a container's TypeScript name, `map`, `one of`. */
  type: string;
  /** The type as the reference shows it: `list of ` before a repeated node's. */
  shownType: string;
  required: boolean;
  repeated: boolean;
  nullable: boolean;
  description: string;
  vendorType: string | undefined;
  rule: string;
  values: readonly string[];
  codes: readonly { code: number; meaning: string }[];
  deviations: readonly string[];
  /** Shown only where it differs from the parent's source. */
  source: DocsSource | undefined;
  /** For a union's shape: the value of the union's `by` leaf that selects it. */
  variantOf: string | undefined;
  children: DocsNode[];
  /** A union: its children are its shapes. */
  union: boolean;
}
export interface DocsSample {
  file: string;
  format: string;
  source: DocsSource;
  description: string;
  body: string;
  /** The decoded model as JSON, or the errors of a sample that must be refused. */
  result: string;
  invalid: boolean;
  sameAs: string | undefined;
}
export interface DocsPayload {
  name: string;
  slug: string;
  title: string;
  family: DocsFamily;
  description: string;
  source: DocsSource;
  formats: string;
  match: string;
  decisions: readonly string[];
  root: DocsNode;
  samples: DocsSample[];
  api: ReturnType<typeof payloadApi>;
  exampleSample: string;
}
export interface DocsFamily {
  id: string;
  title: string;
}

/**
 * The families the index groups kinds by: a kind without match rules is a job response; a callback's
 * family is the spec folder it is written in (spec/README.md lists them).
 */
const FAMILIES: readonly (DocsFamily & { folder: string })[] = [
  { folder: "pic", id: "image", title: "Image processing" },
  { folder: "media", id: "media", title: "Media processing" },
  { folder: "ai", id: "ai", title: "AI content recognition" },
  { folder: "audit", id: "moderation", title: "Content moderation" },
  { folder: "workflow", id: "workflow", title: "Workflows" },
];
const RESPONSES: DocsFamily = { id: "responses", title: "Job responses (decoded by name)" };
const OTHER: DocsFamily = { id: "other", title: "Other callbacks" };
export const FAMILY_ORDER: readonly DocsFamily[] = [...FAMILIES, OTHER, RESPONSES];

/** Payloads grouped by family, in FAMILY_ORDER; families with none are left out. */
export function byFamily(payloads: readonly PayloadDef[]): { family: DocsFamily; payloads: PayloadDef[] }[] {
  return FAMILY_ORDER.map((family) => ({ family, payloads: payloads.filter((p) => familyOf(p).id === family.id) })).filter((g) => g.payloads.length > 0);
}

export function familyOf(p: PayloadDef): DocsFamily {
  if (p.match.length === 0) return RESPONSES;
  const folders = p.defined.file.split("/").slice(0, -1);
  return FAMILIES.find((f) => folders.includes(f.folder)) ?? OTHER;
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

/** Resolves sources to page titles and addresses (spec/pages.yaml); a page the spec does not list shows as written. */
export function sourceResolver(model: Model): (source: string) => DocsSource {
  const pages = new Map(model.pages.map((p) => [p.page, p]));
  return (source) => {
    const { page, section } = splitSource(source);
    const known = pages.get(page);
    return { page, title: known?.title ?? page, url: known?.url, section: section?.replace(/-/g, " ") };
  };
}

export function shortType(n: ModelNode, p: PayloadDef): string {
  if (n.kind === "container") return n.opaque && n.children.length === 0 ? "plain data" : n.typeName;
  if (n.kind === "union") return n.typeName;
  if (n.kind === "map") return "map of text";
  const spec = leafSpecOf(n, p);
  return spec.codes ? "integer code" : spec.kind;
}

/** The linked pages a payload's docs name, once each, in the order they first appear: the Markdown form's link definitions. */
export function linkedPages(v: DocsPayload): { page: string; url: string }[] {
  const found = new Map<string, string>();
  const note = (s: DocsSource | undefined) => {
    if (s?.url && !found.has(s.page)) found.set(s.page, s.url);
  };
  const visit = (n: DocsNode): void => {
    note(n.source);
    n.children.forEach(visit);
  };
  note(v.source);
  visit(v.root);
  v.samples.forEach((s) => note(s.source));
  return [...found].map(([page, url]) => ({ page, url }));
}

function variantLabel(u: Extract<ModelNode, { kind: "union" }>, shape: ContainerNode): string {
  const value = u.variants.find((v) => v.node === shape)?.value;
  return value === undefined ? `${u.by} = any other value` : `${u.by} = ${value}`;
}

function docsNode(n: ModelNode, p: PayloadDef, source: (s: string) => DocsSource, parentSource: string | undefined, variantOf?: string): DocsNode {
  const shapes = n.kind === "union" ? unionShapes(n) : [];
  const children =
    n.kind === "container"
      ? n.children.map((c) => docsNode(c, p, source, n.source))
      : shapes.map((s) => docsNode(s, p, source, n.source, n.kind === "union" ? variantLabel(n, s) : undefined));
  return {
    name: n.name,
    anchor: anchorOf(n),
    type: shortType(n, p),
    shownType: `${n.repeated ? "list of " : ""}${shortType(n, p)}`,
    required: n.required,
    repeated: n.repeated,
    nullable: n.nullable,
    description: n.description,
    vendorType: n.vendorType,
    rule: wireRule(n, p),
    values: n.kind === "leaf" ? (leafSpecOf(n, p).values ?? []) : [],
    codes: n.kind === "leaf" ? (n.codes ?? []) : [],
    deviations: n.deviations,
    source: parentSource === n.source ? undefined : source(n.source),
    variantOf,
    children,
    union: n.kind === "union",
  };
}

function decodeSample(descriptor: PayloadDescriptor, body: string): string {
  try {
    return JSON.stringify(decodeBody(body, undefined, [descriptor]).payload, null, 2);
  } catch (e) {
    if (!(e instanceof CallbackDecodeError)) throw e;
    return e.errors.map((x) => `${x.path === "" ? "(body)" : x.path}: ${x.message}`).join("\n");
  }
}

export function docsPayload(p: PayloadDef, samples: ReadonlyMap<string, string>, source: (s: string) => DocsSource): DocsPayload {
  const descriptor = interpretedDescriptor(p);
  const docsSamples = p.samples.map((s) => {
    const body = samples.get(s.file)!;
    return { file: s.file, format: s.format.toUpperCase(), source: source(s.source), description: s.description, body: body.trimEnd(), result: decodeSample(descriptor, body), invalid: s.invalid, sameAs: s.sameAs };
  });
  const first = p.samples.find((s) => !s.invalid);
  return {
    name: p.name,
    slug: p.slug,
    title: p.title,
    family: familyOf(p),
    description: p.description,
    source: source(p.source),
    formats: p.formats.map((f) => f.toUpperCase()).join(" and "),
    match: describeRules(p.match),
    decisions: p.decisions,
    root: docsNode(p.root, p, source, p.source),
    samples: docsSamples,
    api: payloadApi(p.name),
    exampleSample: first ? `spec/${first.file}` : "callback.xml",
  };
}
