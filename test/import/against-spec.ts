/**
 * The importer against a curated payload: the draft of a page compared row by row with the
 * payload a maintainer wrote in spec/ from the same page (today: PicProcessCallback from
 * pic/callback.md). A row is right when the curated payload has a node at the same path, of the
 * same kind (container, or the same leaf type) and the same repetition.
 *
 *   npx tsx test/import/against-spec.ts [--vendor DIR]
 */
import { join, resolve } from "node:path";
import { importPages } from "../../generator/import/importer.js";
import type { DraftPayload } from "../../generator/import/reconcile.js";
import { loadModel } from "../../generator/model/load.js";
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
  const curated = model.payloads.find((p) => p.name === "PicProcessCallback")!;
  for (const pages of [["pic/callback.md", "pic/create-pic-jobs.md"], ["pic/callback.md", "pic/create-pic-jobs.md", "pic/persistent-processing.md"]]) {
    const { drafts } = importPages(pages.map((p) => join(vendor, p)));
    const c = compare(drafts[0]!, curated.root);
    console.log(`\n## ${pages.join(" + ")} against spec/ (PicProcessCallback)\n`);
    console.log(`curated nodes ${c.curated}; drafted rows ${c.drafted}; at the same path ${c.common}`);
    console.log(`of those: type right ${c.typeRight} (${c.typeRightEnumAsString} counting the curated enums as string), repetition right ${c.repetitionRight}, all right ${c.allRight}`);
    console.log(`curated nodes the draft lacks (${c.onlyCurated.length}): ${c.onlyCurated.join(", ") || "none"}`);
    console.log(`drafted rows the curated spec lacks (${c.onlyDrafted.length}): ${c.onlyDrafted.join(", ") || "none"}`);
    console.log(`wrong (${c.wrong.length}):\n${c.wrong.map((w) => `  ${w}`).join("\n")}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main(process.argv.slice(2));
