/**
 * npm run spec:import -- PAGE.md [MORE.md ...] --out DIR
 * Drafts a spec folder (package.yaml, one YAML file per callback page, samples/) and
 * IMPORT-REPORT.md from vendor pages. Bad input: one line on stderr, exit 2.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { importPages, writeDraft } from "./importer.js";
import { PageError } from "./page.js";

const USAGE = `usage: npm run spec:import -- PAGE.md [MORE.md ...] --out DIR
  PAGE.md   a vendor callback page; give the pages it refers to ("Same as \`Response.JobsDetail\`
            in the ... API", e.g. the job's submit page) after it
  --out DIR folder for the draft spec (package.yaml, <page>.yaml, samples/) and IMPORT-REPORT.md`;

function main(argv: string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const pages: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--out") {
      out = argv[++i];
      if (out === undefined) return usage("--out needs a folder");
    } else if (a.startsWith("--")) return usage(`unknown option "${a}"`);
    else pages.push(a);
  }
  if (pages.length === 0) return usage("give at least one vendor page (.md)");
  if (out === undefined) return usage("give the output folder with --out DIR");
  if (existsSync(out) && readdirSync(out).length > 0) {
    // Rewrite an earlier draft whole (stale payload files would be read by the generator);
    // never write into a folder that is not one, such as spec/.
    if (!existsSync(join(out, "IMPORT-REPORT.md"))) return usage(`${out} is not empty and holds no earlier draft (no IMPORT-REPORT.md): give an empty or new folder`);
  }
  try {
    const { drafts, referencePages } = importPages(pages);
    if (existsSync(out)) for (const name of readdirSync(out)) rmSync(join(out, name), { recursive: true, force: true });
    const files = writeDraft(out, drafts, referencePages, `npm run spec:import -- ${argv.join(" ")}`);
    for (const d of drafts) {
      console.log(`spec:import: ${d.payload} from ${d.page.name}: ${d.rows.length} rows, ${d.samples.length} samples, ${d.findings.length} findings`);
    }
    console.log(`spec:import: wrote ${files.length} files to ${out}/; the checklist is ${out}/IMPORT-REPORT.md`);
    return 0;
  } catch (e) {
    if (e instanceof PageError) {
      console.error(`spec:import: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

function usage(what: string): number {
  console.error(`spec:import: ${what}\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // An importer bug, not bad input: keep the stack for the maintainer.
  console.error("spec:import: internal error:", e);
  process.exitCode = 3;
}
