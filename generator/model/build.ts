import { ProblemList } from "../load/problems.js";
import type { RawPayload, RawSpec } from "../load/raw.js";
import { ISSUE_CODES } from "../runtime/issues.js";
import { applyOverride, attachRows, checkNonEmpty, type Ctx, type EffectiveTable, type MContainer } from "./attach.js";
import { buildMatch, checkOverlap } from "./match.js";
import { slug, typeName } from "./names.js";
import { SharedNames } from "./shared-names.js";
import { checkUnused, effectiveTables } from "./tables.js";
import type { ContainerNode, Model, ModelNode, PayloadDef, SampleDef, SourcePage, SpecRef, TableDef } from "./types.js";
import { splitSource, walk } from "./types.js";

const WARNING = /^(.*): ([a-z-]+)$/;

function buildSamples(p: RawPayload, problems: ProblemList): SampleDef[] {
  const files = new Set(p.samples.map((s) => s.file));
  return p.samples.map((s) => {
    if (s.sameAs !== undefined && !files.has(s.sameAs)) {
      problems.add(s.at.file, s.at.keyLines["sameAs"] ?? s.at.line, `sameAs "${s.sameAs}" is not a sample of payload ${p.payload}`, "name another sample's file exactly as listed");
    }
    for (const w of s.warnings) {
      const m = WARNING.exec(w);
      if (!m || !(m[2]! in ISSUE_CODES)) {
        problems.add(s.at.file, s.at.keyLines["warnings"] ?? s.at.line, `warning "${w}" of sample ${s.file} is not "<path>: <code>" with a known code`, `write it as JobsDetail.Foo: unknown-field; codes: ${Object.keys(ISSUE_CODES).join(", ")}`);
      }
    }
    for (const e of s.errors) {
      if (!(e in ISSUE_CODES)) problems.add(s.at.file, s.at.keyLines["errors"] ?? s.at.line, `error code "${e}" of sample ${s.file} is not known`, `use one of: ${Object.keys(ISSUE_CODES).join(", ")}`);
    }
    return {
      file: s.file,
      format: s.file.endsWith(".xml") ? "xml" : "json",
      source: s.source,
      description: s.description,
      invalid: s.invalid,
      sameAs: s.sameAs,
      warnings: Object.freeze([...s.warnings]),
      errors: Object.freeze([...s.errors]),
      decodesAs: s.decodesAs,
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
    nullable: false,
    source,
    deviations: [],
    defined: { file: at.file, line: at.line },
    table: undefined,
    children: [],
    typeName: typeName(payload, ""),
    shared: false,
    typeTable: undefined,
    opaque: false,
    documentedAt: undefined,
  };
}

function deepFreeze(node: ModelNode): void {
  for (const n of walk(node)) {
    Object.freeze(n.deviations);
    if (n.kind === "container") Object.freeze(n.children);
    if (n.kind === "union") Object.freeze(n.variants);
    if (n.kind === "leaf") {
      if (n.values) Object.freeze(n.values);
      if (n.codes) Object.freeze(n.codes);
    }
    Object.freeze(n);
  }
}

/** Each table on its own (so an unused table's problems surface too), bases first. */
function buildTables(tables: Map<string, EffectiveTable>, ctxBase: Omit<Ctx, "index" | "payload" | "tableRefs">, names: SharedNames): TableDef[] {
  // Bases first; a cycle of extends (already reported) counts as no base.
  const depth = (e: EffectiveTable, seen: string[] = []): number => {
    const base = e.table.extends;
    return base && tables.has(base) && !seen.includes(base) ? 1 + depth(tables.get(base)!, [...seen, e.table.table]) : 0;
  };
  const ordered = [...tables.values()].sort((a, b) => depth(a) - depth(b));
  const built: { e: EffectiveTable; root: MContainer }[] = [];
  for (const e of ordered) {
    const t = e.table;
    const root = rootOf(t.root, t.table, t.description, t.at, t.source);
    root.specPath = t.root;
    const ctx: Ctx = { ...ctxBase, used: new Set(), payload: t.table, index: new Map([[root.specPath, root]]), tableRefs: new Set() };
    attachRows(root, e.rows, t.root, t.table, t.source, ctx, [t.table]);
    for (const o of e.overrides) applyOverride(o, ctx.index.get(o.path), `table ${t.table}`, `write the path from the table's root, e.g. ${t.root}.Tag`, ctx);
    checkNonEmpty(root, ctx);
    built.push({ e, root });
  }
  for (const { e, root } of built) names.registerRoot(root, e.table.table);
  for (const { e, root } of built) names.register(root, e.table.table);
  return built.map(({ e: { table: t }, root }) => {
    names.apply(root);
    deepFreeze(root as ContainerNode);
    return Object.freeze({ name: t.table, description: t.description, source: t.source, deviation: t.deviation, extends: t.extends, root: root as ContainerNode, defined: { file: t.at.file, line: t.at.line } });
  });
}

/**
 * Links the shape-checked spec into the model: tables resolved (extends) and instantiated where
 * they are used, payload rows attached (also into table nodes), overrides applied, match rules
 * and samples resolved, shared types named. Every problem is collected and thrown together; the
 * result is frozen.
 */
export function buildModel(spec: RawSpec): Model {
  const problems = new ProblemList();
  const tables = effectiveTables(spec.tables, problems);
  const names = new SharedNames();
  const tableDefs = buildTables(tables, { problems, tables, used: new Set() }, names);

  const payloads: PayloadDef[] = [];
  const seen = new Map<string, RawPayload>();
  const typeNames = new Map<string, string>();
  const used = new Set<string>();
  for (const p of spec.payloads) {
    const first = seen.get(p.payload);
    if (first) {
      problems.add(p.at.file, p.at.line, `payload "${p.payload}" is defined twice (first at ${first.at.file}:${first.at.line})`, "rename one of them");
      continue;
    }
    seen.set(p.payload, p);
    if (tables.has(p.payload)) problems.add(p.at.file, p.at.line, `payload "${p.payload}" has the name of a table`, "payloads and tables become TypeScript types: give them different names");
    const root = rootOf(p.root, p.payload, p.description, p.at, p.source);
    const ctx: Ctx = { problems, tables, used, payload: p.payload, index: new Map([[root.specPath, root]]), tableRefs: new Set() };
    attachRows(root, p.rows, p.root, undefined, p.source, ctx, []);
    for (const o of p.overrides) applyOverride(o, ctx.index.get(`${p.root}.${o.path}`), `payload ${p.payload}`, "write the model path without the root, e.g. JobsDetail.State", ctx);
    checkNonEmpty(root, ctx);
    const match = buildMatch(p, ctx);
    names.apply(root);
    for (const n of walk(root as ContainerNode)) {
      if ((n.kind !== "container" && n.kind !== "union") || n.shared) continue;
      const owner = typeNames.get(n.typeName);
      if (owner !== undefined && owner !== `${p.payload}:${n.specPath}`) {
        problems.add(n.defined.file, n.defined.line, `the TypeScript name ${n.typeName} of "${n.specPath}" is also the name of "${owner}"`, "rename the payload or one of the nodes");
      }
      if (names.tableOf(n.typeName)) problems.add(n.defined.file, n.defined.line, `the TypeScript name ${n.typeName} of "${n.specPath}" is also a shared table's type`, "rename the payload or the table");
      typeNames.set(n.typeName, `${p.payload}:${n.specPath}`);
    }
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
        matchAt: { file: p.at.file, line: p.at.keyLines["match"] ?? p.at.line },
        decisions: Object.freeze([...p.decisions]),
        deviation: p.deviation,
        root: root as ContainerNode,
        samples: Object.freeze(samples),
        defined: { file: p.at.file, line: p.at.line },
      }),
    );
  }
  if (payloads.length === 0 && spec.payloads.length === 0) {
    problems.add(spec.pkg.at.file, 1, "the spec defines no payload", "add a file with payloads:");
  }
  checkUnused(tables, used, problems);
  checkOverlap(payloads, problems);
  const kinds = new Set(payloads.map((p) => p.name));
  for (const p of payloads) {
    for (const s of p.samples) {
      if (s.decodesAs !== undefined && !kinds.has(s.decodesAs)) {
        problems.add(s.defined.file, s.defined.line, `sample ${s.file} decodesAs "${s.decodesAs}", which is no payload`, `name a payload: ${[...kinds].slice(0, 6).join(", ")}${kinds.size > 6 ? ", ..." : ""}`);
      }
    }
  }
  const pages = checkPages(spec, payloads, tableDefs, problems);
  // Deduplicate: a shared table's problem shows once, not once per payload using it.
  const keys = new Set<string>();
  const unique = new ProblemList();
  for (const p of problems.items) {
    const key = `${p.file}:${p.line}:${p.message}`;
    if (!keys.has(key)) unique.items.push(p);
    keys.add(key);
  }
  unique.throwIfAny();
  payloads.sort((a, b) => a.name.localeCompare(b.name));
  return Object.freeze({
    packageName: spec.pkg.name,
    version: spec.pkg.version,
    description: spec.pkg.description,
    repository: spec.pkg.repository,
    directory: spec.pkg.directory,
    homepage: spec.pkg.homepage,
    keywords: Object.freeze([...spec.pkg.keywords]),
    specDir: spec.dir,
    payloads: Object.freeze(payloads),
    tables: Object.freeze(tableDefs),
    pages,
  });
}

/**
 * The pages sources name. Once the spec lists pages (spec/pages.yaml), every source must name one
 * of them, so the docs can give each its title; the first place an unknown page is named is the error.
 */
function checkPages(spec: RawSpec, payloads: readonly PayloadDef[], tables: readonly TableDef[], problems: ProblemList): readonly SourcePage[] {
  const pages = spec.pages.map((p) => Object.freeze({ page: p.page, title: p.title, url: p.url, defined: { file: p.at.file, line: p.at.line } }));
  if (pages.length === 0) return Object.freeze(pages);
  const known = new Set(pages.map((p) => p.page));
  const reported = new Set<string>();
  const check = (source: string, at: SpecRef) => {
    const { page } = splitSource(source);
    if (known.has(page) || reported.has(page)) return;
    reported.add(page);
    problems.add(at.file, at.line, `source page "${page}" is not listed in pages:`, `add it to ${pages[0]!.defined.file} with its title (and url, if it has a public address)`);
  };
  for (const t of tables) {
    check(t.source, t.defined);
    for (const n of walk(t.root)) check(n.source, n.defined);
  }
  for (const p of payloads) {
    check(p.source, p.defined);
    for (const n of walk(p.root)) check(n.source, n.defined);
    for (const s of p.samples) check(s.source, s.defined);
  }
  return Object.freeze(pages);
}
