/**
 * The reconciler: table rows and sample evidence merged into draft rows. The samples are the
 * better witness of the wire: a node seen repeated is a list, a node seen only in samples is
 * added, a type the values contradict is changed; every such decision is also a finding.
 */
import { NODE_TYPES } from "../load/raw.js";
import type { Finding } from "./findings.js";
import { BARE_ARRAY, isContainerType, type Page, type PlacedRow } from "./page.js";
import { collectStats, type NodeStats } from "./sample-stats.js";
import type { Sample } from "./samples.js";

export type DraftType = "container" | "string" | "integer" | "number" | "boolean" | "timestamp" | "opaque" | "map";

export interface DraftRow {
  readonly node: string;
  readonly parent: string;
  readonly path: string;
  readonly vendorText: string | undefined;
  readonly vendorType: string | undefined;
  readonly type: DraftType;
  readonly required: boolean;
  readonly repeated: boolean;
  /** Spec format v2: a JSON sample sends null here. */
  readonly nullable: boolean;
  readonly documentedAt: string | undefined;
  /** Where the row's evidence is: the table row (`page.md:LINE`) or "samples". */
  readonly origin: string;
  readonly fromTable: boolean;
  /** Short notes for the maintainer, also written as a comment above the row. */
  readonly notes: string[];
}

export interface DraftSample {
  readonly sample: Sample;
  readonly index: number;
  readonly invalid: boolean;
}

export interface DraftPayload {
  readonly payload: string;
  readonly page: Page;
  readonly root: string;
  readonly formats: ("xml" | "json")[];
  readonly jsonNumbers: "string" | "native";
  /** Value rules (`EventName: TaskFinish`) and, with spec format v2, presence rules (`WorkflowExecution: { present: true }`). */
  readonly match: Record<string, string | { present: boolean }>;
  /** Paths (without the root) every valid sample has, and paths some sample has. */
  readonly presentInAll: ReadonlySet<string>;
  readonly presentInAny: ReadonlySet<string>;
  readonly rows: DraftRow[];
  readonly samples: DraftSample[];
  readonly findings: Finding[];
}

/** The runtime's timestamp forms (generator/runtime/leaf.ts). */
const TIMESTAMP = /^(-|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?)$/;
const INTEGER = /^-?(0|[1-9]\d{0,15})$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const BOOLEAN = /^(true|false|0|1)$/;

/** Whether the generator on this branch knows a row type (spec format v2 adds `opaque`). */
export function generatorSupports(type: string): boolean {
  return (NODE_TYPES as readonly string[]).includes(type);
}

function vendorLeafType(t: string | undefined): DraftType | undefined {
  if (t === undefined) return undefined;
  const s = t.toLowerCase();
  if (/bool/.test(s)) return "boolean";
  if (/int|long/.test(s)) return "integer";
  if (/float|double|number|decimal/.test(s)) return "number";
  if (/string|text|str/.test(s)) return "string";
  return undefined;
}

function leafType(row: PlacedRow | undefined, st: NodeStats | undefined, note: (kind: Finding["kind"], msg: string) => void): DraftType {
  const values = st?.values ?? [];
  const kinds = st?.jsonKinds ?? new Set();
  const vendor = vendorLeafType(row?.vendorType);
  const all = (re: RegExp) => values.length > 0 && values.every((v) => re.test(v));
  const shown = (vs: string[]) => [...new Set(vs)].slice(0, 3).map((v) => JSON.stringify(v)).join(", ");
  if (vendor === "integer" || vendor === "number") {
    if (values.length === 0 || all(vendor === "integer" ? INTEGER : NUMBER)) return vendor;
    if (vendor === "integer" && all(NUMBER)) {
      note("type", `the table says ${row!.vendorType}, the samples carry decimals (${shown(values.filter((v) => !INTEGER.test(v)))}); drafted as number`);
      return "number";
    }
    note("type", `the table says ${row!.vendorType}, the samples carry ${shown(values.filter((v) => !NUMBER.test(v)))}; drafted as string`);
    return "string";
  }
  if (vendor === "boolean") {
    if (values.length === 0 || all(BOOLEAN)) return "boolean";
    note("type", `the table says ${row!.vendorType}, the samples carry ${shown(values.filter((v) => !BOOLEAN.test(v)))}; drafted as string`);
    return "string";
  }
  if (kinds.has("boolean") && all(BOOLEAN)) {
    if (row) note("type", `the table says ${row.vendorType ?? "nothing"}, the JSON samples carry booleans; drafted as boolean`);
    return "boolean";
  }
  if (kinds.has("number")) {
    const t = all(INTEGER) ? "integer" : all(NUMBER) ? "number" : "string";
    if (row) note("type", `the table says ${row.vendorType ?? "nothing"}, the JSON samples carry numbers (${shown(values)}); drafted as ${t}`);
    return t;
  }
  if (all(TIMESTAMP) && values.some((v) => v !== "-")) return "timestamp";
  if (!row && all(INTEGER)) return "integer";
  return "string";
}

function titleCase(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** PicCallback, MediaTranscodeCallback, AuditTextCallback, WorkflowLegacyCallback. */
export function payloadName(pageName: string): string {
  const parts = pageName.replace(/\.md$/i, "").split("/");
  const base = parts.pop()!;
  const dir = parts.pop() ?? "";
  const rest = base.replace(/(^|-)callback(-|$)/i, "$1").replace(/^-|-$/g, "");
  return `${titleCase(dir)}${titleCase(rest)}Callback`;
}

const MATCH_CANDIDATES = ["EventName", "JobsDetail.Tag", "event_name", "data.event", "event"];

/** One payload's share of a page: which samples (by index) and which top-level nodes. */
export interface Shape {
  readonly name: string;
  readonly samples: ReadonlySet<number>;
  /** Top-level node names of this shape; undefined: every row of the page. */
  readonly topLevel: ReadonlySet<string> | undefined;
  readonly note: string | undefined;
}

/**
 * A page whose samples have disjoint top-level nodes (moderation pages: a Simple callback with
 * code/data/message and a Detail callback with EventName/JobsDetail) holds several payloads:
 * one per group of samples sharing a top-level node. Rows go to the shape whose samples hold
 * their top-level node; rows of top-level nodes no sample shows go to the first shape.
 */
export function shapesOf(page: Page): Shape[] {
  const name = payloadName(page.name);
  const valid = page.samples.map((s, i) => ({ s, i })).filter(({ s }) => s.nodes && (s.rootName === undefined || s.rootName === page.root));
  const groups: { tops: Set<string>; samples: Set<number> }[] = [];
  for (const { s, i } of valid) {
    const tops = new Set(s.nodes!.map((n) => n.name));
    const hits = groups.filter((g) => [...tops].some((t) => g.tops.has(t)));
    const merged = { tops, samples: new Set([i]) };
    for (const h of hits) {
      for (const t of h.tops) merged.tops.add(t);
      for (const k of h.samples) merged.samples.add(k);
      groups.splice(groups.indexOf(h), 1);
    }
    groups.push(merged);
  }
  groups.sort((a, b) => Math.min(...a.samples) - Math.min(...b.samples));
  const all = new Set(page.samples.map((_, i) => i));
  if (groups.length <= 1) return [{ name, samples: all, topLevel: undefined, note: undefined }];
  // Malformed samples (and samples with another root) go with the nearest valid sample before them.
  for (let i = 0; i < page.samples.length; i++) {
    if (groups.some((g) => g.samples.has(i))) continue;
    const before = groups.filter((g) => Math.min(...g.samples) < i).sort((a, b) => Math.max(...b.samples) - Math.max(...a.samples))[0] ?? groups[0]!;
    before.samples.add(i);
  }
  const taken = new Set(groups.flatMap((g) => [...g.tops]));
  const orphans = [...page.rows.values()].map((r) => r.path.split(".")[1]!).filter((t) => !taken.has(t));
  for (const t of orphans) groups[0]!.tops.add(t);
  return groups.map((g, k) => {
    const heading = page.samples[Math.min(...g.samples)]!.heading;
    const word = /\(([A-Za-z][A-Za-z0-9]*)\)/.exec(heading)?.[1];
    return {
      name: `${name}${word ? word[0]!.toUpperCase() + word.slice(1) : `Shape${k + 1}`}`,
      samples: g.samples,
      topLevel: g.tops,
      note: `the page's samples come in ${groups.length} shapes with no top-level node in common; this payload is the one with ${[...g.tops].map((t) => `\`${t}\``).join(", ")} (samples ${[...g.samples].sort((x, y) => x - y).map((i) => i + 1).join(", ")})`,
    };
  });
}

export function reconcilePage(page: Page): DraftPayload[] {
  return shapesOf(page).map((shape) => reconcile(page, shape));
}

export function reconcile(page: Page, shape: Shape = { name: payloadName(page.name), samples: new Set(page.samples.map((_, i) => i)), topLevel: undefined, note: undefined }): DraftPayload {
  const root = page.root;
  const findings: Finding[] = [...page.findings];
  const samples: DraftSample[] = [];
  if (shape.note) findings.push({ kind: "match", path: page.root, message: shape.note, origin: undefined });
  // A sample of another job kind published on this page (a JobsDetail.Tag most samples do not
  // have) would blur the payload: it is left out, and said so.
  const tagOf = (s: Sample) => s.nodes?.find((n) => n.name === "JobsDetail")?.children?.find((c) => c.name === "Tag")?.text;
  const tags = page.samples.filter((s, i) => shape.samples.has(i) && tagOf(s)).map((s) => tagOf(s)!);
  const counts = new Map<string, number>();
  for (const t of tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  const major = [...counts.entries()].find(([, n]) => n * 2 > tags.length)?.[0];
  page.samples.forEach((s, i) => {
    if (!shape.samples.has(i)) return;
    const tag = tagOf(s);
    if (major !== undefined && tag !== undefined && tag !== major && !s.fault) {
      findings.push({ kind: "match", path: `sample ${i + 1}`, message: `sample "${s.heading}" has JobsDetail.Tag ${tag}, the page's other samples ${major}: left out of this payload (it belongs to the ${tag} callback; v2 spec files can list it with decodesAs)`, origin: `${page.name}:${s.line}` });
      return;
    }
    if (s.fault) {
      const at = /line (\d+), column (\d+)/.exec(s.fault);
      const onPage = at ? `; on the page: line ${s.line + Number(at[1]) - 1}, column ${at[2]}` : "";
      findings.push({ kind: "malformed-sample", path: `sample ${i + 1}`, message: `${s.format.toUpperCase()} sample "${s.heading}" is ${s.fault} (in the sample${onPage})`, origin: `${page.name}:${s.line}` });
      samples.push({ sample: s, index: i + 1, invalid: true });
    } else if (s.rootName !== undefined && s.rootName !== root) {
      findings.push({ kind: "malformed-sample", path: `sample ${i + 1}`, message: `XML sample "${s.heading}" has the root <${s.rootName}>, not <${root}>; left out of the draft`, origin: `${page.name}:${s.line}` });
    } else samples.push({ sample: s, index: i + 1, invalid: false });
  });
  const good = samples.filter((d) => !d.invalid).map((d) => d.sample);
  const stats = collectStats(root, good);

  // Rows of this payload: every table row under the root, plus every path the samples show.
  const inShape = (p: string) => p.startsWith(root + ".") && (shape.topLevel === undefined || shape.topLevel.has(p.split(".")[1]!));
  const rows = new Map<string, PlacedRow>([...page.rows].filter(([p]) => inShape(p)));
  if (shape.topLevel) {
    for (let i = findings.length - 1; i >= 0; i--) if (findings[i]!.path.startsWith(root + ".") && !inShape(findings[i]!.path)) findings.splice(i, 1);
  }
  const paths = new Set<string>([...rows.keys(), ...stats.byPath.keys()]);
  for (const p of [...paths]) {
    for (let q = p.slice(0, p.lastIndexOf(".")); q.includes("."); q = q.slice(0, q.lastIndexOf("."))) paths.add(q);
  }
  const children = new Map<string, string[]>();
  const parentOf = (p: string) => p.slice(0, p.lastIndexOf("."));
  const rank = (p: string) => {
    const row = [...rows.keys()].indexOf(p);
    return row >= 0 ? row : rows.size + (stats.byPath.get(p)?.order ?? 0);
  };
  for (const p of [...paths].sort((a, b) => rank(a) - rank(b))) {
    const list = children.get(parentOf(p)) ?? [];
    list.push(p);
    children.set(parentOf(p), list);
  }

  // Match rules: a leaf every sample carries with one and the same value.
  const match: Record<string, string | { present: boolean }> = {};
  for (const candidate of MATCH_CANDIDATES) {
    const st = stats.byPath.get(`${root}.${candidate}`);
    if (!st || good.length === 0) continue;
    const values = [...new Set(st.values)];
    if (st.samples.size === good.length && values.length === 1 && st.maxSiblings <= 1 && !st.hasChildren) match[candidate] = values[0]!;
    else
      findings.push({
        kind: "match",
        path: `${root}.${candidate}`,
        message: `not used to recognise the payload: ${st.samples.size < good.length ? `only ${st.samples.size} of ${good.length} samples carry it` : `the samples carry ${values.map((v) => JSON.stringify(v)).join(", ")}`}`,
        origin: undefined,
      });
  }
  const matchAncestors = new Set<string>();
  for (const [rule, v] of Object.entries(match)) {
    if (typeof v !== "string") continue;
    const segs = rule.split(".");
    for (let i = 1; i < segs.length; i++) matchAncestors.add(`${root}.${segs.slice(0, i).join(".")}`);
  }
  const rel = (p: string) => p.slice(root.length + 1);
  const presentInAll = new Set([...stats.byPath.values()].filter((st) => good.length > 0 && st.samples.size === good.length).map((st) => rel(st.path)));
  const presentInAny = new Set([...stats.byPath.keys()].map(rel));
  if (Object.keys(match).length === 0 && good.length > 0) {
    // Spec format v2: recognise the payload by a top-level node every sample has.
    const top = [...presentInAll].filter((p) => !p.includes(".")).sort((a, b) => Number(stats.byPath.get(`${root}.${b}`)!.hasChildren) - Number(stats.byPath.get(`${root}.${a}`)!.hasChildren))[0];
    if (top !== undefined && generatorSupports("map")) {
      match[top] = { present: true };
      findings.push({ kind: "match", path: `${root}.${top}`, message: `no EventName or JobsDetail.Tag with one value in every sample: recognised by the presence of \`${top}\` — check that no other payload has it`, origin: undefined });
    } else {
      findings.push({ kind: "match", path: root, message: "no match rule could be drafted (no EventName or JobsDetail.Tag with one value in every sample): decode it by name", origin: undefined });
    }
  }

  const draft: DraftRow[] = [];
  const opaque = generatorSupports("opaque");
  const visit = (parent: string) => {
    for (const path of children.get(parent) ?? []) {
      const row = rows.get(path);
      const st = stats.byPath.get(path);
      const notes: string[] = [];
      const note = (kind: Finding["kind"], message: string) => {
        notes.push(message);
        findings.push({ kind, path, message, origin: row?.origin });
      };
      const kids = children.get(path) ?? [];
      const name = path.slice(path.lastIndexOf(".") + 1);
      let type: DraftType;
      const keys = kids.map((k) => k.slice(k.lastIndexOf(".") + 1));
      const headerLike = keys.length > 0 && kids.every((k) => !rows.has(k) && !children.has(k)) && keys.some((k) => k.includes("-"));
      if (generatorSupports("map") && (headerLike || (row !== undefined && /object|map/i.test(row.vendorType ?? "") && /\bmap\b/i.test(row.description)))) {
        type = "map";
        note("type", `free-form name/value pairs (${headerLike ? `keys such as ${keys.slice(0, 2).map((k) => `\`${k}\``).join(", ")}` : "the table calls it a map"}): drafted as a map`);
      } else if (kids.length > 0 || st?.hasChildren) {
        type = "container";
        if (row && row.vendorType !== undefined && !isContainerType(row.vendorType) && !/array/i.test(row.vendorType)) {
          note("type", `the table says ${row.vendorType}, the ${st?.hasChildren ? "samples show" : "tables give"} child nodes; drafted as a container`);
        }
      } else if (row && BARE_ARRAY.test(row.vendorType?.trim() ?? "") && !st?.hasChildren) {
        type = leafType(row, st, note);
        note("type", `the table says only ${row.vendorType}; no sample shows an element with sub-nodes: drafted as a list of ${type}`);
      } else if ((row && isContainerType(row.vendorType) && !st?.valueSeen) || (st && st.emptySeen && !st.valueSeen && st.jsonKinds.size === 0 && !row)) {
        const ref = page.references.find((r) => r.at === path);
        if (opaque) {
          type = "opaque";
          note("left-out", `a container with no known sub-nodes${ref ? ` (${ref.text})` : ""}: drafted as opaque, kept whole`);
        } else {
          findings.push({
            kind: "left-out",
            path,
            message: `left out: a ${row?.vendorType ?? "container"} with no known sub-nodes${ref ? ` (${ref.text}, not resolved)` : ""}${st ? "; the samples show it only empty, so they decode with an unknown-field warning" : ""}`,
            origin: row?.origin,
          });
          continue;
        }
      } else type = leafType(row, st, note);

      if (!row && !st) note("sample-only", "in no table row and no sample, but table rows name it in their parent path: added as their container");
      else if (!row) note("sample-only", `seen in ${st!.samples.size} of ${good.length} samples, in no table: added`);
      else if (!st) findings.push({ kind: "table-only", path, message: `in the table (${row.origin}${row.via ? `, via ${row.via}` : ""}), never seen in a sample`, origin: row.origin });

      const vendorArray = row?.vendorType !== undefined && /array|list/i.test(row.vendorType);
      const seenRepeated = (st?.maxSiblings ?? 0) >= 2;
      let repeated = vendorArray || seenRepeated;
      if (matchAncestors.has(path) && repeated) {
        repeated = false;
        if (seenRepeated) note("repetition", `the samples repeat it, but it holds the match node ${Object.keys(match).join(", ")}; drafted single — check the samples`);
        else note("repetition", `the table says ${row!.vendorType}, every sample has one; drafted single since it holds the match node (a one-element JSON array is still accepted)`);
      } else if (seenRepeated && row && !vendorArray) note("repetition", `the table says ${row.vendorType ?? "nothing"} (single), a sample repeats it (${st!.maxSiblings} times): drafted as a list`);

      let required = false;
      if (row?.required === true) {
        const missing = stats.present.map((set, k) => ({ set, k })).filter(({ set }) => set.has(parentOf(path)) || parentOf(path) === root).filter(({ set }) => !set.has(path));
        if (good.length > 0 && missing.length === 0 && (type === "container" || (st?.valueSeen === true && !st.emptySeen))) required = true;
        else if (missing.length > 0) note("presence", `the table says required, but ${missing.length} sample(s) lack it; drafted optional`);
      }
      draft.push({
        node: name,
        parent,
        path,
        vendorText: row?.description,
        vendorType: row?.vendorType,
        type,
        required,
        repeated,
        nullable: generatorSupports("map") && (st?.jsonKinds.has("null") ?? false),
        documentedAt: type === "opaque" ? (page.references.find((r) => r.at === path)?.text ?? /same as .*/i.exec(row?.description ?? "")?.[0]) : undefined,
        origin: row?.origin ?? "samples",
        fromTable: row !== undefined,
        notes,
      });
      if (type === "container") visit(path);
    }
  };
  visit(root);

  // Drop containers left without rows (every child left out): they would be spec errors.
  const hasChild = (p: string) => draft.some((r) => r.parent === p);
  for (let i = draft.length - 1; i >= 0; i--) {
    const r = draft[i]!;
    if (r.type === "container" && !hasChild(r.path)) {
      draft.splice(i, 1);
      // Its "added from the samples" finding no longer applies; say once why it is missing.
      const stale = findings.findIndex((f) => f.path === r.path && f.kind === "sample-only");
      if (stale >= 0) findings.splice(stale, 1);
      findings.push({ kind: "left-out", path: r.path, message: `left out: every node under it was left out${r.fromTable ? "" : " (seen only in samples)"}`, origin: r.origin === "samples" ? undefined : r.origin });
    }
  }

  const numericAsString = draft.some((r) => (r.type === "integer" || r.type === "number") && stats.byPath.get(r.path)?.jsonKinds.has("string"));
  const formats = [...new Set(samples.map((d) => d.sample.format))].sort().reverse() as ("xml" | "json")[];
  return {
    payload: shape.name,
    page,
    root,
    formats: formats.length > 0 ? formats : ["xml"],
    jsonNumbers: numericAsString ? "string" : "native",
    match,
    presentInAll,
    presentInAny,
    rows: draft,
    samples,
    findings,
  };
}
