import { ProblemList } from "../load/problems.js";
import type { RawOverride, RawPayload, RawSpec, RawTable } from "../load/raw.js";
import { attachRows, checkNonEmpty, type Ctx, type MContainer, type MNode } from "./attach.js";
import { slug, typeName } from "./names.js";
import type { ContainerNode, MatchRule, Model, ModelNode, PayloadDef, SampleDef } from "./types.js";
import { walk } from "./types.js";

function applyOverride(o: RawOverride, p: RawPayload, ctx: Ctx): void {
  const node = ctx.index.get(`${p.root}.${o.path}`);
  const line = o.at.keyLines["path"] ?? o.at.line;
  if (!node) {
    ctx.problems.add(o.at.file, line, `override path "${o.path}" names no node of payload ${p.payload}`, "write the model path without the root, e.g. JobsDetail.State");
    return;
  }
  if (o.values) {
    if (node.kind !== "leaf" || node.leaf !== "enum") {
      ctx.problems.add(o.at.file, o.at.keyLines["values"] ?? line, `override of "${o.path}" gives values, but the node is not an enum`, "remove values, or make the node an enum in its table");
      return;
    }
    if (o.values.length === 0) {
      ctx.problems.add(o.at.file, o.at.keyLines["values"] ?? line, `override of "${o.path}" gives an empty list of values`, "list the values this payload allows");
      return;
    }
    node.values = o.values;
  }
  if (o.required !== undefined) node.required = o.required;
  if (o.description !== undefined) node.description = o.description.trim();
  node.deviations = [...node.deviations, o.deviation];
}

function buildMatch(p: RawPayload, ctx: Ctx): MatchRule[] {
  const out: MatchRule[] = [];
  for (const m of p.match) {
    const node = ctx.index.get(`${p.root}.${m.path}`);
    const fix = "name a single string or enum leaf by its model path, e.g. JobsDetail.Tag";
    if (!node || node.kind !== "leaf") {
      ctx.problems.add(m.at.file, m.at.line, `match path "${m.path}" of payload ${p.payload} is not a leaf of the payload`, fix);
      continue;
    }
    let n: MNode | undefined = node;
    let repeated = false;
    while (n) {
      repeated ||= n.repeated;
      n = n.parent as MContainer | undefined;
    }
    if (repeated || (node.leaf !== "string" && node.leaf !== "enum")) {
      ctx.problems.add(m.at.file, m.at.line, `match path "${m.path}" of payload ${p.payload} is ${repeated ? "inside a repeated node" : `a ${node.leaf} leaf`}`, fix);
      continue;
    }
    if (node.leaf === "enum" && !node.values!.includes(m.value)) {
      ctx.problems.add(m.at.file, m.at.line, `match value "${m.value}" is not among the values of ${m.path} (${node.values!.join(", ")})`, "add the value to the enum or fix the match");
      continue;
    }
    out.push({ path: m.path, value: m.value });
  }
  return out;
}

function buildSamples(p: RawPayload, problems: ProblemList): SampleDef[] {
  const files = new Set(p.samples.map((s) => s.file));
  return p.samples.map((s) => {
    if (s.sameAs !== undefined && !files.has(s.sameAs)) {
      problems.add(s.at.file, s.at.keyLines["sameAs"] ?? s.at.line, `sameAs "${s.sameAs}" is not a sample of payload ${p.payload}`, "name another sample's file exactly as listed");
    }
    return {
      file: s.file,
      format: s.file.endsWith(".xml") ? "xml" : "json",
      source: s.source,
      description: s.description,
      invalid: s.invalid,
      sameAs: s.sameAs,
      defined: { file: s.at.file, line: s.at.line },
    };
  });
}

function rootOf(name: string, payload: string, description: string, at: { file: string; line: number }, source: string): MContainer {
  return {
    kind: "container",
    name,
    path: "",
    specPath: name,
    parent: undefined,
    description,
    vendorType: "Container",
    required: true,
    repeated: false,
    source,
    deviations: [],
    defined: { file: at.file, line: at.line },
    table: undefined,
    children: [],
    typeName: typeName(payload, ""),
  };
}

function deepFreeze(node: ModelNode): void {
  for (const n of walk(node)) {
    Object.freeze(n.deviations);
    if (n.kind === "container") Object.freeze(n.children);
    else if (n.values) Object.freeze(n.values);
    Object.freeze(n);
  }
}

/**
 * Links the shape-checked spec into the model: tables instantiated where they are used,
 * payload rows attached (also into table nodes), overrides applied, match rules and
 * samples resolved. Every problem is collected and thrown together; the result is frozen.
 */
export function buildModel(spec: RawSpec): Model {
  const problems = new ProblemList();
  const tables = new Map<string, RawTable>();
  for (const t of spec.tables) {
    const first = tables.get(t.table);
    if (first) problems.add(t.at.file, t.at.line, `table "${t.table}" is defined twice (first at ${first.at.file}:${first.at.line})`, "rename one of them");
    else tables.set(t.table, t);
  }
  // Check every table on its own, so an unused table's problems surface too.
  for (const t of tables.values()) {
    const root = rootOf(t.root, "Table", t.description, t.at, t.source);
    const ctx: Ctx = { problems, tables, payload: `Table${t.table}`, index: new Map([[root.specPath, root]]), tableRefs: new Set() };
    attachRows(root, t.rows, t.root, t.table, t.source, ctx, [t.table]);
    checkNonEmpty(root, ctx);
  }

  const payloads: PayloadDef[] = [];
  const names = new Map<string, RawPayload>();
  const typeNames = new Map<string, string>();
  for (const p of spec.payloads) {
    const first = names.get(p.payload);
    if (first) {
      problems.add(p.at.file, p.at.line, `payload "${p.payload}" is defined twice (first at ${first.at.file}:${first.at.line})`, "rename one of them");
      continue;
    }
    names.set(p.payload, p);
    const root = rootOf(p.root, p.payload, p.description, p.at, p.source);
    const ctx: Ctx = { problems, tables, payload: p.payload, index: new Map([[root.specPath, root]]), tableRefs: new Set() };
    attachRows(root, p.rows, p.root, undefined, p.source, ctx, []);
    for (const o of p.overrides) applyOverride(o, p, ctx);
    checkNonEmpty(root, ctx);
    for (const n of walk(root as ContainerNode)) {
      if (n.kind !== "container") continue;
      const owner = typeNames.get(n.typeName);
      if (owner !== undefined && owner !== n.specPath) {
        problems.add(n.defined.file, n.defined.line, `the TypeScript name ${n.typeName} of "${n.specPath}" is also the name of "${owner}"`, "rename the payload or one of the nodes");
      }
      typeNames.set(n.typeName, `${p.payload}:${n.specPath}`);
    }
    const match = buildMatch(p, ctx);
    const samples = buildSamples(p, problems);
    deepFreeze(root as ContainerNode);
    payloads.push(
      Object.freeze({
        name: p.payload,
        slug: slug(p.payload),
        title: p.title,
        description: p.description,
        source: p.source,
        formats: Object.freeze([...p.formats]),
        jsonNumbers: p.jsonNumbers,
        match: Object.freeze(match),
        decisions: Object.freeze([...p.decisions]),
        root: root as ContainerNode,
        samples: Object.freeze(samples),
        defined: { file: p.at.file, line: p.at.line },
      }),
    );
  }
  if (payloads.length === 0 && spec.payloads.length === 0) {
    problems.add(spec.pkg.at.file, 1, "the spec defines no payload", "add a file with payloads:");
  }
  // Deduplicate: a shared table's problem shows once, not once per payload using it.
  const seen = new Set<string>();
  const unique = new ProblemList();
  for (const p of problems.items) {
    const key = `${p.file}:${p.line}:${p.message}`;
    if (!seen.has(key)) unique.items.push(p);
    seen.add(key);
  }
  unique.throwIfAny();
  payloads.sort((a, b) => a.name.localeCompare(b.name));
  return Object.freeze({
    packageName: spec.pkg.name,
    version: spec.pkg.version,
    description: spec.pkg.description,
    specDir: spec.dir,
    payloads: Object.freeze(payloads),
  });
}
