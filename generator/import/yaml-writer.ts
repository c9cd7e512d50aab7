/**
 * The YAML writer: a draft payload as a spec file in the format of spec/README.md, with the
 * reconciler's notes as comments above the rows they concern, and its samples as files.
 */
import { Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from "yaml";
import { slug } from "../model/names.js";
import { plainText } from "./markdown-blocks.js";
import type { DraftPayload, DraftSample } from "./reconcile.js";

export const PLACEHOLDER = "TODO: describe in our own words";

/** The vendor's text, shortened, inside the placeholder the maintainer replaces. */
export function placeholder(vendor: string | undefined): string {
  if (vendor === undefined || vendor.trim() === "") return `${PLACEHOLDER} (vendor: none; seen only in samples)`;
  let v = plainText(vendor).replace(/`/g, "").replace(/"/g, "'");
  if (v.length > 80) v = `${v.slice(0, 77).replace(/\s+\S*$/, "")}...`;
  return `${PLACEHOLDER} (vendor: "${v}")`;
}

function anchor(heading: string): string {
  return plainText(heading)
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

export function sampleFile(d: DraftPayload, s: DraftSample): string {
  return `samples/${slug(d.payload)}/sample-${s.index}${s.invalid ? "-as-published" : ""}.${s.sample.format}`;
}

/** The spec file of one payload, as YAML text. */
export function payloadYaml(d: DraftPayload): string {
  const page = d.page.name;
  const nodes = d.rows.map((r) => {
    const row: Record<string, unknown> = {
      node: r.node,
      parent: r.parent,
      description: placeholder(r.vendorText),
    };
    if (r.vendorType !== undefined) row["vendorType"] = r.vendorType;
    row["type"] = r.type;
    if (r.type === "opaque") row["documentedAt"] = r.documentedAt ?? "TODO: where the vendor documents it";
    row["presence"] = r.required ? "required" : "optional";
    if (r.repeated) row["repeated"] = true;
    if (r.nullable) row["nullable"] = true;
    const originPage = r.origin === "samples" ? page : r.origin.replace(/:\d+$/, "");
    if (originPage !== page) row["source"] = originPage;
    return row;
  });
  const payload: Record<string, unknown> = {
    payload: d.payload,
    title: `TODO: title (vendor page: ${page})`,
    source: page,
    description: `${PLACEHOLDER}: what this callback reports and when CI sends it.`,
    formats: d.formats,
    root: d.root,
    jsonNumbers: d.jsonNumbers,
  };
  if (Object.keys(d.match).length > 0) payload["match"] = d.match;
  payload["nodes"] = nodes;
  payload["samples"] = d.samples.map((s) => {
    const entry: Record<string, unknown> = {
      file: sampleFile(d, s),
      source: `${page}#${anchor(s.sample.heading)}`,
      description: `TODO: describe (vendor heading: "${plainText(s.sample.heading).replace(/"/g, "'")}")`,
    };
    if (s.invalid) entry["invalid"] = true;
    return entry;
  });
  const doc = new Document({ payloads: [payload] });
  doc.commentBefore = ` Draft imported from ${page} by npm run spec:import. Every description is a placeholder;
 IMPORT-REPORT.md is the curation checklist. Comments above rows say where the draft departs
 from the vendor's table (or has no table row) and why.`;
  const seq = doc.getIn(["payloads", 0, "nodes"]) as YAMLSeq;
  if (isSeq(seq)) {
    d.rows.forEach((r, i) => {
      const item = seq.items[i];
      const lines = [r.origin === "samples" ? "from the samples" : `vendor row ${r.origin}`, ...r.notes];
      if (isMap(item)) (item as YAMLMap).commentBefore = lines.map((l) => ` ${l}`).join("\n");
    });
  }
  return doc.toString({ lineWidth: 0 });
}

export function packageYaml(name: string): string {
  const doc = new Document({ package: name, version: "0.0.0", description: `${PLACEHOLDER}: a draft imported from vendor pages.` });
  doc.commentBefore = " Draft package of npm run spec:import: try it with npm run generate -- --spec <this folder> --out <folder>.";
  return doc.toString();
}
