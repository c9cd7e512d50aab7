/**
 * The importer against a curated payload: the draft of a page compared row by row with the
 * payload a maintainer wrote in spec/ from the same page (every curated callback payload whose
 * `source` is a callback page of vendor-docs). A row is right when the curated payload has a
 * node at the same path, of the same kind (container, opaque, map, or the same leaf type; an
 * enum counts as the draft's string) and the same repetition.
 *
 *   npx tsx test/import/against-spec.ts [--vendor DIR] [--details]
 */
import { join, resolve } from "node:path";
import { importPages } from "../../generator/import/importer.js";
import type { DraftPayload } from "../../generator/import/reconcile.js";
import { loadModel } from "../../generator/model/load.js";
import { CALLBACK_PAGES, companions } from "./hit-rate.js";
import type { ModelNode } from "../../generator/model/types.js";
import { walk } from "../../generator/model/types.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

export interface Comparison {
  curated: number;
  drafted: number;
  common: number;
  typeRight: number;
  /** Right when an enum of the curated spec counts as the draft's string (the draft never drafts enums). */
  typeRightEnumAsString: number;
  repetitionRight: number;
  allRight: number;
  onlyCurated: string[];
  onlyDrafted: string[];
  wrong: string[];
}

export function compare(draft: DraftPayload, curated: ModelNode): Comparison {
  const want = new Map<string, ModelNode>();
  for (const n of walk(curated as never) as Iterable<ModelNode>) if (n.path !== "") want.set(n.path, n);
  const strip = (p: string) => p.slice(draft.root.length + 1);
  const c: Comparison = { curated: want.size, drafted: draft.rows.length, common: 0, typeRight: 0, typeRightEnumAsString: 0, repetitionRight: 0, allRight: 0, onlyCurated: [], onlyDrafted: [], wrong: [] };
  const seen = new Set<string>();
  for (const r of draft.rows) {
    const path = strip(r.path);
    const n = want.get(path);
    if (!n) {
      c.onlyDrafted.push(path);
      continue;
    }
    seen.add(path);
    c.common++;
    const kind = n.kind === "container" ? (n.opaque ? "opaque" : "container") : n.kind === "leaf" ? n.leaf : n.kind;
    const typeRight = kind === r.type;
    const lenient = typeRight || (kind === "enum" && r.type === "string");
    const repRight = n.repeated === r.repeated;
    if (typeRight) c.typeRight++;
    if (lenient) c.typeRightEnumAsString++;
    if (repRight) c.repetitionRight++;
    if (lenient && repRight) c.allRight++;
    else c.wrong.push(`${path}: draft ${r.type}${r.repeated ? "[]" : ""}, spec ${kind}${n.repeated ? "[]" : ""}`);
  }
  for (const p of want.keys()) if (!seen.has(p)) c.onlyCurated.push(p);
  return c;
}

function main(argv: string[]): void {
  const vendor = argv[0] === "--vendor" ? resolve(argv[1]!) : resolve(ROOT, "..", "shared", "vendor-docs");
  const model = loadModel(join(ROOT, "spec"), ROOT);
  const curatedBy = (page: string) => model.payloads.filter((p) => p.match.length > 0 && p.source.replace(/#.*$/, "") === page);
  console.log("| page | draft payload | curated payload | curated nodes | drafted rows | same path | type right (enum as string) | repetition right | all right | curated nodes not drafted |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const total = { curated: 0, drafted: 0, common: 0, allRight: 0 };
  const details: string[] = [];
  for (const page of CALLBACK_PAGES(vendor)) {
    const curated = curatedBy(page);
    if (curated.length === 0) continue;
    const { drafts } = importPages([join(vendor, page), ...companions(vendor, page)]);
    for (const d of drafts) {
      // The curated payload this draft is closest to (a page may hold several: Simple and Detail).
      const scored = curated.map((p) => ({ p, c: compare(d, p.root) })).sort((a, b) => b.c.common - a.c.common);
      const { p, c } = scored[0]!;
      console.log(`| ${page} | ${d.payload} | ${p.name} | ${c.curated} | ${c.drafted} | ${c.common} | ${c.typeRight} (${c.typeRightEnumAsString}) | ${c.repetitionRight} | ${c.allRight} | ${c.onlyCurated.length} |`);
      total.curated += c.curated;
      total.drafted += c.drafted;
      total.common += c.common;
      total.allRight += c.allRight;
      if (c.wrong.length > 0) details.push(`${d.payload} vs ${p.name}:\n${c.wrong.map((w) => `  ${w}`).join("\n")}`);
    }
  }
  console.log(`| **total** | | | ${total.curated} | ${total.drafted} | ${total.common} | | | ${total.allRight} | |`);
  if (argv.includes("--details")) console.log(`\n${details.join("\n")}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main(process.argv.slice(2));
