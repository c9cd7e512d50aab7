/**
 * Measures the importer on every callback page of vendor-docs: imports each (with the submit
 * pages of its group, for the references), generates the draft into a temporary folder, decodes
 * the draft's own samples with the generated CLI, and prints one Markdown table row per page.
 *
 *   npx tsx test/import/hit-rate.ts [--vendor DIR] [--keep DIR] [PAGE ...]
 *
 * A row "came out right with no hand edit" when it comes from a vendor table, the samples show
 * it, and the reconciler had nothing to say about its parent, type or repetition ("confirmed").
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { importPages, writeDraft } from "../../generator/import/importer.js";
import { sampleFile } from "../../generator/import/yaml-writer.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

export interface PageMeasure {
  page: string;
  payload: string;
  rows: number;
  confirmed: number;
  tableOnly: number;
  sampleOnly: number;
  adjusted: number;
  samples: number;
  malformed: number;
  decoded: number;
  generated: boolean;
  findings: number;
  failures: string[];
}

/** The pages a callback page's references may point to: the submit pages of its group. */
export function companions(vendor: string, page: string): string[] {
  const group = page.split("/")[0]!;
  const dir = join(vendor, group);
  if (group === "pic") return [join(dir, "create-pic-jobs.md")];
  if (group === "media" || group === "ai") return readdirSync(dir).filter((f) => f.startsWith("submit-")).sort().map((f) => join(dir, f));
  return [];
}

export function measure(vendor: string, page: string, work: string): PageMeasure {
  const spec = join(work, "spec");
  const out = join(work, "out");
  const { drafts, referencePages } = importPages([join(vendor, page), ...companions(vendor, page)]);
  writeDraft(spec, drafts, referencePages, `hit-rate ${page}`);
  const rows = drafts.flatMap((d) => d.rows);
  const samples = drafts.flatMap((d) => d.samples);
  const m: PageMeasure = {
    page,
    payload: drafts.map((d) => d.payload + (Object.keys(d.match).length === 0 ? " (no match)" : "")).join(", "),
    rows: rows.length,
    confirmed: 0,
    tableOnly: 0,
    sampleOnly: rows.filter((r) => !r.fromTable).length,
    adjusted: 0,
    samples: samples.length,
    malformed: samples.filter((s) => s.invalid).length,
    decoded: 0,
    generated: false,
    findings: drafts.reduce((n, d) => n + d.findings.length, 0),
    failures: [],
  };
  const tableOnly = new Set(drafts.flatMap((d) => d.findings.filter((f) => f.kind === "table-only").map((f) => `${d.payload}:${f.path}`)));
  for (const d of drafts) {
    for (const r of d.rows) {
      if (!r.fromTable) continue;
      if (r.notes.length > 0) m.adjusted++;
      else if (tableOnly.has(`${d.payload}:${r.path}`)) m.tableOnly++;
      else m.confirmed++;
    }
  }
  const gen = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "generator", "cli.ts"), "--spec", spec, "--out", out], { cwd: ROOT, encoding: "utf8" });
  if (gen.status !== 0) {
    m.failures.push(`generate: ${(gen.stderr || gen.stdout).trim().split("\n").slice(0, 6).join(" | ")}`);
    return m;
  }
  m.generated = true;
  for (const x of drafts) {
    for (const s of x.samples) {
      if (s.invalid) continue;
      const file = join(spec, sampleFile(x, s));
      // A payload without match rules is not among decodeCallback's kinds: decode it by name.
      const r =
        Object.keys(x.match).length > 0
          ? spawnSync(process.execPath, [join(out, "bin", "ci-callback.js"), "decode", file], { encoding: "utf8" })
          : spawnSync(process.execPath, ["--input-type=module", "-e", BY_NAME, join(out, "dist", "esm", "index.js"), `decode${x.payload}`, file], { encoding: "utf8" });
      if (r.status === 0) m.decoded++;
      else m.failures.push(`${x.payload} sample-${s.index}: ${r.stderr.trim().split("\n").slice(0, 3).join(" | ")}`);
    }
  }
  return m;
}

const BY_NAME = `
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [mod, fn, file] = process.argv.slice(1);
const pkg = await import(pathToFileURL(mod).href);
try { pkg[fn](readFileSync(file, "utf8")); } catch (e) { console.error(String(e.errors ? e.errors.map((x) => x.path + ": " + x.message).join("; ") : e)); process.exit(1); }
`;

export const CALLBACK_PAGES = (vendor: string): string[] => {
  const list = (dir: string, re: RegExp) => (existsSync(join(vendor, dir)) ? readdirSync(join(vendor, dir)).filter((f) => re.test(f)).sort().map((f) => `${dir}/${f}`) : []);
  return [...list("pic", /^callback\.md$/), ...list("media", /^callback-.*\.md$/), ...list("ai", /^callback-.*\.md$/), ...list("audit", /^callback-.*\.md$/), ...list("workflow", /^callback.*\.md$/)];
};

function main(argv: string[]): void {
  let vendor = resolve(ROOT, "..", "shared", "vendor-docs");
  let keep: string | undefined;
  const pages: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--vendor") vendor = resolve(argv[++i]!);
    else if (argv[i] === "--keep") keep = resolve(argv[++i]!);
    else pages.push(argv[i]!);
  }
  const todo = pages.length > 0 ? pages : CALLBACK_PAGES(vendor);
  console.log("| page | payload | rows drafted | confirmed (table + samples, no note) | table only | samples only | adjusted | samples decoded | findings |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const failures: string[] = [];
  const total = { rows: 0, confirmed: 0, samples: 0, decoded: 0 };
  for (const page of todo) {
    const work = keep ? join(keep, page.replace(/[/.]/g, "-")) : mkdtempSync(join(tmpdir(), "hit-rate-"));
    rmSync(work, { recursive: true, force: true });
    const m = measure(vendor, page, work);
    if (!keep) rmSync(work, { recursive: true, force: true });
    const pct = (a: number, b: number) => (b === 0 ? "-" : `${Math.round((100 * a) / b)}%`);
    const valid = m.samples - m.malformed;
    console.log(
      `| ${m.page} | ${m.payload} | ${m.rows} | ${m.confirmed} (${pct(m.confirmed, m.rows)}) | ${m.tableOnly} | ${m.sampleOnly} | ${m.adjusted} | ${m.generated ? `${m.decoded}/${valid}` : "generate failed"}${m.malformed ? ` (+${m.malformed} malformed)` : ""} | ${m.findings} |`,
    );
    total.rows += m.rows;
    total.confirmed += m.confirmed;
    total.samples += valid;
    total.decoded += m.decoded;
    failures.push(...m.failures.map((f) => `${m.page}: ${f}`));
  }
  console.log(`| **total** | | ${total.rows} | ${total.confirmed} | | | | ${total.decoded}/${total.samples} | |`);
  if (failures.length > 0) console.log(`\nFailures:\n${failures.map((f) => `- ${f}`).join("\n")}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main(process.argv.slice(2));
