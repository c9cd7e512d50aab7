/** The report writer: IMPORT-REPORT.md, the maintainer's curation checklist for a draft. */
import type { Finding, FindingKind } from "./findings.js";
import type { DraftPayload } from "./reconcile.js";

const SECTIONS: ReadonlyArray<{ kind: FindingKind; title: string; hint: string }> = [
  { kind: "malformed-sample", title: "Malformed samples", hint: "kept as `invalid: true` (the decoder must refuse them); add a corrected copy if the fix is obvious" },
  { kind: "sample-only", title: "Nodes seen in samples but in no table", hint: "added to the draft; find where the vendor documents them, or record a deviation" },
  { kind: "table-only", title: "Table nodes never seen in a sample", hint: "drafted optional; check that the vendor really sends them" },
  { kind: "parent", title: "Parents the samples contradict", hint: "the draft follows the samples" },
  { kind: "type", title: "Types the samples contradict", hint: "the draft follows the sample values" },
  { kind: "repetition", title: "Repetition the samples contradict", hint: "a node seen repeated is a list" },
  { kind: "presence", title: "Presence", hint: "required only when the table says so and every sample has it" },
  { kind: "reference", title: "References to other tables", hint: "" },
  { kind: "unplaced", title: "Tables that could not be placed", hint: "their rows are not in the draft" },
  { kind: "left-out", title: "Left out or kept opaque", hint: "" },
  { kind: "match", title: "Recognising the payload", hint: "" },
];

function line(f: Finding): string {
  const where = f.origin ? ` (${f.origin})` : "";
  return `- [ ] \`${f.path}\`: ${f.message}${where}`;
}

export function payloadSection(d: DraftPayload, outDir: string): string {
  const fromTables = d.rows.filter((r) => r.fromTable).length;
  const bad = d.samples.filter((s) => s.invalid).length;
  const out: string[] = [];
  out.push(`## ${d.payload} — ${d.page.name}`, "");
  out.push("| | |", "| --- | --- |");
  out.push(`| rows drafted | ${d.rows.length} (${fromTables} from tables, ${d.rows.length - fromTables} from samples only) |`);
  out.push(`| rows with a note | ${d.rows.filter((r) => r.notes.length > 0).length} |`);
  out.push(`| samples | ${d.samples.length} (${bad} malformed) |`);
  out.push(`| formats, root | ${d.formats.join(", ")}; \`<${d.root}>\`; JSON numbers ${d.jsonNumbers} |`);
  out.push(`| match | ${Object.entries(d.match).map(([k, v]) => `\`${k}: ${typeof v === "string" ? v : `{ present: ${v.present} }`}\``).join(", ") || "none"} |`);
  out.push("");
  for (const s of SECTIONS) {
    const items = d.findings.filter((f) => f.kind === s.kind);
    if (items.length === 0) continue;
    out.push(`### ${s.title} (${items.length})`, "");
    if (s.hint) out.push(`_${s.hint}._`, "");
    out.push(...items.map(line), "");
  }
  out.push(`### Descriptions (${d.rows.length + d.samples.length + 1})`, "");
  out.push(`- [ ] every \`description\` and the \`title\` in \`${outDir}\` is a TODO placeholder quoting the vendor: write them in our own words`, "");
  return out.join("\n");
}

export function report(drafts: readonly DraftPayload[], referencePages: readonly string[], outDir: string, command: string): string {
  const out: string[] = ["# Import report", ""];
  out.push(`Command: \`${command}\``, "");
  out.push(`Callback pages drafted: ${drafts.map((d) => d.page.name).join(", ")}.`);
  if (referencePages.length > 0) out.push(`Pages read for references: ${referencePages.join(", ")}.`);
  out.push("", "Try the draft: `npm run generate -- --spec " + outDir + " --out <folder>`, then `node <folder>/bin/ci-callback.js decode <sample>`.", "");
  out.push("| payload | rows | from samples only | findings | samples (malformed) |", "| --- | --- | --- | --- | --- |");
  for (const d of drafts) {
    out.push(`| ${d.payload} | ${d.rows.length} | ${d.rows.filter((r) => !r.fromTable).length} | ${d.findings.length} | ${d.samples.length} (${d.samples.filter((s) => s.invalid).length}) |`);
  }
  out.push("");
  for (const d of drafts) out.push(payloadSection(d, outDir));
  return out.join("\n");
}
