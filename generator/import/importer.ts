/**
 * The importer end to end: read the pages, resolve their references, reconcile each callback
 * page with its samples, and write the draft spec and IMPORT-REPORT.md to the output folder.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { readPage, PageError, type Page } from "./page.js";
import { generatorSupports, payloadName, reconcilePage, type DraftPayload } from "./reconcile.js";
import { resolveReferences, resolveSamePage } from "./references.js";
import { slug } from "../model/names.js";
import { report } from "./report-writer.js";
import { packageYaml, payloadYaml, sampleFile } from "./yaml-writer.js";

/** The name a page goes by in `source:` fields: its path under vendor-docs/, else `folder/file.md`. */
export function pageName(file: string): string {
  const abs = resolve(file).split(sep).join("/");
  const i = abs.lastIndexOf("/vendor-docs/");
  if (i >= 0) return abs.slice(i + "/vendor-docs/".length);
  return `${basename(dirname(abs))}/${basename(abs)}`;
}

function isCallbackPage(p: Page): boolean {
  if (/callback/i.test(basename(p.name))) return true;
  return p.samples.some((s) => (s.nodes ?? []).some((n) => n.name === "EventName" || n.name === "event_name"));
}

export function importPages(files: readonly string[]): { drafts: DraftPayload[]; referencePages: string[] } {
  const pages = files.map((f) => readPage(f, pageName(f)));
  for (const p of pages) resolveSamePage(p);
  const callbacks = pages.filter(isCallbackPage);
  if (callbacks.length === 0) {
    throw new PageError(`none of the pages is a callback page (its file name has "callback", or its samples carry EventName) — give the callback page first, then the pages it refers to`);
  }
  for (const p of callbacks) resolveReferences(p, pages);
  const drafts = callbacks.flatMap(reconcilePage);
  const seen = new Map<string, number>();
  const named = drafts.map((d) => {
    const n = (seen.get(d.payload) ?? 0) + 1;
    seen.set(d.payload, n);
    return n === 1 ? d : { ...d, payload: `${d.payload}${n}` };
  });
  separate(named);
  return { drafts: named, referencePages: pages.filter((p) => !callbacks.includes(p)).map((p) => p.name) };
}

const requires = (v: string | { present: boolean }) => typeof v === "string" || v.present;

/** Whether some rule of `a` and some rule of `b` cannot both hold (as generator/model/match.ts decides). */
function disjoint(a: DraftPayload, b: DraftPayload): boolean {
  for (const [x, xv] of Object.entries(a.match)) {
    for (const [y, yv] of Object.entries(b.match)) {
      if (x === y && typeof xv === "string" && typeof yv === "string" && xv !== yv) return true;
      if (typeof xv !== "string" && !xv.present && requires(yv) && (y === x || y.startsWith(x + "."))) return true;
      if (typeof yv !== "string" && !yv.present && requires(xv) && (x === y || x.startsWith(y + "."))) return true;
    }
  }
  return false;
}

/**
 * Two drafts that could both match one body (the moderation page's Simple and Detail shapes,
 * recognised by data.event and EventName) get a presence rule that tells them apart: the one
 * whose samples never carry a node the other requires says that node is absent.
 */
function separate(drafts: readonly DraftPayload[]): void {
  if (!generatorSupports("map")) return; // presence rules are spec format v2
  for (const a of drafts) {
    for (const b of drafts) {
      if (a === b || Object.keys(a.match).length === 0 || Object.keys(b.match).length === 0) continue;
      if (!a.formats.some((f) => b.formats.includes(f)) || a.root !== b.root || disjoint(a, b)) continue;
      const absentInA = Object.entries(b.match).find(([p, v]) => requires(v) && !a.presentInAny.has(p));
      if (absentInA) {
        a.match[absentInA[0]] = { present: false };
        a.findings.push({ kind: "match", path: `${a.root}.${absentInA[0]}`, message: `\`${absentInA[0]}\` must be absent: that is what tells this payload from ${b.payload}, whose match requires it`, origin: undefined });
        continue;
      }
      a.findings.push({ kind: "match", path: a.root, message: `this payload and ${b.payload} can both match one body, and no node tells them apart in the samples: write a match rule by hand`, origin: undefined });
    }
  }
}

export function writeDraft(outDir: string, drafts: readonly DraftPayload[], referencePages: readonly string[], command: string): string[] {
  const written: string[] = [];
  const put = (rel: string, text: string) => {
    const p = join(outDir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    written.push(rel);
  };
  put("package.yaml", packageYaml("tencent-ci-callbacks-draft"));
  for (const d of drafts) {
    const file = d.page.name.replace(/\.md$/i, "");
    const base = payloadName(d.page.name);
    const suffix = d.payload.startsWith(base) ? d.payload.slice(base.length) : d.payload;
    put(suffix !== "" ? `${file}-${slug(suffix)}.yaml` : `${file}.yaml`, payloadYaml(d));
    for (const s of d.samples) put(sampleFile(d, s), s.sample.body.endsWith("\n") ? s.sample.body : `${s.sample.body}\n`);
  }
  put("IMPORT-REPORT.md", report(drafts, referencePages, outDir, command));
  return written;
}
