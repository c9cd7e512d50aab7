/**
 * One vendor page read whole: its samples, and every row of its node tables placed at a full
 * path from the root (`Response.JobsDetail.Input.Region`). Parents come from the Parent Node
 * column, checked against the samples and the rows placed so far, or, for tables without that
 * column, from the heading above the table ("`Section` has the following sub-nodes").
 */
import { readFileSync } from "node:fs";
import { readBlocks } from "./markdown-blocks.js";
import type { VendorRow } from "./node-tables.js";
import { extractSamples, type Sample, type SampleNode } from "./samples.js";
import { walkSections, type PageStructure } from "./sections.js";
import type { Finding } from "./findings.js";

export interface PlacedRow {
  readonly path: string;
  readonly node: string;
  readonly vendorType: string | undefined;
  readonly description: string;
  readonly required: boolean | undefined;
  /** `page.md:LINE` of the row; a copied row keeps its origin. */
  readonly origin: string;
  /** The reference the row was copied through, if any. */
  readonly via: string | undefined;
}

export interface PlacedReference {
  readonly at: string;
  readonly target: string;
  readonly samePage: boolean;
  readonly text: string;
  readonly origin: string;
}

export interface Page {
  /** The path as given on the command line (shown in messages). */
  readonly file: string;
  /** The page's name in sources: the path under vendor-docs when it is there, else the file name. */
  readonly name: string;
  readonly root: string;
  readonly structure: PageStructure;
  readonly samples: Sample[];
  readonly rows: Map<string, PlacedRow>;
  readonly references: PlacedReference[];
  readonly findings: Finding[];
}

export class PageError extends Error {}

const join = (a: string, b: string) => (a === "" ? b : `${a}.${b}`);
const last = (p: string) => p.slice(p.lastIndexOf(".") + 1);

/** Full paths of every node the samples show, and which of them hold children. */
export function samplePaths(root: string, samples: readonly Sample[]): { all: Set<string>; containers: Set<string> } {
  const all = new Set<string>();
  const containers = new Set<string>([root]);
  const visit = (n: SampleNode, parent: string) => {
    const p = join(parent, n.name);
    all.add(p);
    if (n.children !== undefined) {
      containers.add(p);
      for (const c of n.children) visit(c, p);
    }
  };
  for (const s of samples) if (s.nodes && (s.rootName === undefined || s.rootName === root)) for (const n of s.nodes) visit(n, root);
  return { all, containers };
}

function rootOf(structure: PageStructure, samples: readonly Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) if (s.rootName) counts.set(s.rootName, (counts.get(s.rootName) ?? 0) + 1);
  // A callback page's samples are Response bodies; a submit page shows Request and Response bodies.
  if (counts.has("Response")) return "Response";
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) return best[0];
  for (const t of structure.tables) for (const r of t.rows) if (r.parent !== undefined && r.parent !== "") return r.parent.split(".")[0]!;
  return "Body";
}

const CONTAINER_TYPE = /container|object|array|struct|map|list/i;
const LEAF_ARRAY = /^(string|int|integer|float|number|long|double|boolean|bool)\s*array$/i;
/** A type column that says only "Array": a list of what the samples show. */
export const BARE_ARRAY = /^array$/i;
export function isContainerType(t: string | undefined): boolean {
  return t !== undefined && CONTAINER_TYPE.test(t) && !LEAF_ARRAY.test(t.trim());
}

export function readPage(file: string, name: string): Page {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new PageError(`${file}: cannot read the page (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) — give the path of a vendor page (.md)`);
  }
  const structure = walkSections(readBlocks(text));
  if (structure.tables.length === 0 && structure.references.length === 0) {
    throw new PageError(`${file}: no node table found — the importer needs a table with a "Node Name" (or "Parameter") column and a "Type" column`);
  }
  const samples = extractSamples(structure.codes);
  const root = rootOf(structure, samples);
  return placeRows(file, name, root, structure, samples);
}

function placeRows(file: string, name: string, root: string, structure: PageStructure, samples: Sample[]): Page {
  const findings: Finding[] = [];
  const rows = new Map<string, PlacedRow>();
  const references: PlacedReference[] = [];
  const { containers } = samplePaths(root, samples);
  /** Containers known from rows, newest last, with the table they came from. */
  const placedContainers: { path: string; table: number }[] = [];
  const known = () => new Set([...containers, ...placedContainers.map((c) => c.path)]);

  const fixed = new Set<string>();
  const fixParent = (vendor: string, lead: readonly string[], line: number): string => {
    const k = known();
    if (k.has(vendor)) return vendor;
    const want = lead.length === 1 ? lead[0]! : last(vendor);
    const head = vendor.split(".")[0];
    const segs = vendor.split(".");
    const candidates = [...k].filter((p) => last(p) === want && p.split(".")[0] === head);
    if (candidates.length === 0) return vendor;
    const score = (p: string) => {
      const ps = p.split(".");
      let n = 0;
      while (n < ps.length && n < segs.length && ps[ps.length - 1 - n] === segs[segs.length - 1 - n]) n++;
      return n;
    };
    candidates.sort((a, b) => score(b) - score(a) || a.length - b.length);
    const chosen = candidates[0]!;
    const key = `${vendor}\u0000${chosen}`;
    if (fixed.has(key)) return chosen;
    fixed.add(key);
    findings.push({
      kind: "parent",
      path: chosen,
      message: `the table gives the parent \`${vendor}\`, but ${containers.has(chosen) ? "the samples place" : "the other tables place"} \`${want}\` at \`${chosen}\`; its rows were placed there${candidates.length > 1 ? ` (other candidates: ${candidates.slice(1).map((c) => `\`${c}\``).join(", ")})` : ""}`,
      origin: `${name}:${line}`,
    });
    return chosen;
  };

  const place = (row: VendorRow, parent: string, tableIndex: number, via?: string) => {
    const path = join(parent, row.node);
    if (!rows.has(path)) {
      rows.set(path, { path, node: row.node, vendorType: row.type, description: row.description, required: row.required, origin: `${name}:${row.line}`, via });
    }
    if (isContainerType(row.type) || row.reference) placedContainers.push({ path, table: tableIndex });
    if (row.reference) references.push({ at: path, target: row.reference.target, samePage: row.reference.samePage, text: row.reference.text, origin: `${name}:${row.line}` });
  };

  /** Where the rows of a table headed "`X` has the following sub-nodes" go. */
  const resolveLead = (x: string, line: number): string[] => {
    if (x === root) return [root];
    const pattern = x.includes("xx") ? new RegExp(`^${x.split("xx").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[A-Za-z0-9]+")}$`) : undefined;
    const named = (p: string) => (pattern ? pattern.test(last(p)) : last(p) === x);
    const fromRows = placedContainers.filter((c) => named(c.path));
    if (fromRows.length > 0) {
      const newest = Math.max(...fromRows.map((c) => c.table));
      return [...new Set(fromRows.filter((c) => c.table === newest).map((c) => c.path))];
    }
    if (x.includes(".")) return [x.startsWith(root + ".") ? x : join(root, x)];
    const fromSamples = [...containers].filter(named);
    if (fromSamples.length > 0) return fromSamples;
    findings.push({ kind: "unplaced", path: x, message: `the table under "\`${x}\` has the following sub-nodes" names a node that neither the samples nor the other tables have; its rows were left out`, origin: `${name}:${line}` });
    return [];
  };

  // Tables and "will also contain" sentences in page order: a sentence's node is then known to
  // the tables below it (the Workflow table's wrong parent is corrected to where the sentence put it).
  const items = [...structure.tables.map((t, ti) => ({ line: t.line, table: t, ti })), ...structure.sentences.map((x) => ({ line: x.line, sentence: x }))].sort((a, b) => a.line - b.line);
  for (const item of items) {
    if ("sentence" in item) {
      const x = item.sentence!;
      place(x.row, fixParent(x.parent, [last(x.parent)], x.line), structure.tables.length);
      continue;
    }
    const { table: t, ti } = item as { table: (typeof structure.tables)[number]; ti: number };
    if (t.columns.parent !== undefined) {
      for (const row of t.rows) {
        if (row.parent === "" || row.parent === undefined) continue; // the root row ("Response | None | Container")
        place(row, fixParent(row.parent, t.lead, row.line), ti);
      }
      continue;
    }
    // A top-level table under a "Request" heading describes the request, not the body this page's samples show.
    const top = t.headings.some((h) => /\brequest\b/i.test(h)) && !t.headings.some((h) => /\bresponse\b/i.test(h)) && root !== "Request" ? "Request" : root;
    const parents = t.lead.length === 0 ? [top] : t.lead.flatMap((x) => resolveLead(x, t.line));
    for (const parent of parents) for (const row of t.rows) if (!(parent === root && row.node === root)) place(row, parent, ti);
  }
  for (const r of structure.references) {
    for (const x of r.names) {
      for (const at of resolveLead(x, r.line)) {
        const samePage = /in the (request|response)\b/i.test(r.text);
        references.push({ at, target: r.target, samePage, text: r.text, origin: `${name}:${r.line}` });
      }
    }
  }
  return { file, name, root, structure, samples, rows, references, findings };
}
