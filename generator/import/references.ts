/**
 * The reference resolver: "Same as `Request.Operation.Output` in the request" copies the rows
 * under that path of the same page; "Same as `Response.JobsDetail` in the ... API" copies them
 * from another page given on the command line (the submit page whose samples share the
 * callback's JobsDetail.Tag, else the next page given after the callback page).
 */
import type { Page, PlacedReference } from "./page.js";

function under(path: string, prefix: string): boolean {
  return path.startsWith(prefix + ".");
}

/** Candidate forms of a target path: as written, and rooted at the page's root. */
function targetsIn(page: Page, target: string): string[] {
  const forms = [target];
  if (!target.startsWith(page.root + ".") && !target.startsWith("Request.") && !target.startsWith("Response.")) forms.push(`${page.root}.${target}`);
  return forms;
}

function rowsUnder(page: Page, target: string): string | undefined {
  return targetsIn(page, target).find((t) => [...page.rows.keys()].some((p) => under(p, t)));
}

/** Copies the rows (and references) under `from` in `source` to `at` in `dest`. Returns how many rows were new. */
function copy(source: Page, from: string, dest: Page, at: string, via: string): number {
  let added = 0;
  for (const row of [...source.rows.values()]) {
    if (!under(row.path, from)) continue;
    const path = at + row.path.slice(from.length);
    if (dest.rows.has(path)) continue;
    dest.rows.set(path, { ...row, path, via: row.via ?? via });
    added++;
  }
  if (source !== dest) {
    // What the source page found out while placing these rows (a parent it corrected) concerns the copies too.
    for (const f of source.findings) {
      if ((f.kind === "parent" || f.kind === "unplaced") && (f.path === from || under(f.path, from))) {
        dest.findings.push({ ...f, path: at + f.path.slice(from.length) });
      }
    }
  }
  for (const r of [...source.references]) {
    if (!under(r.at, from) && r.at !== from) continue;
    const moved = at + r.at.slice(from.length);
    if (source !== dest && r.samePage) continue; // already resolved inside its own page
    if (dest.references.some((x) => x.at === moved && x.target === r.target)) continue;
    dest.references.push({ ...r, at: moved });
  }
  return added;
}

function describe(r: PlacedReference): string {
  return `"${r.text}"`;
}

/** Resolves the references of one page against itself, repeatedly, so chains resolve too. */
export function resolveSamePage(page: Page): void {
  const done = new Set<PlacedReference>();
  for (let round = 0; round < 6; round++) {
    let progress = false;
    for (const r of [...page.references]) {
      if (!r.samePage || done.has(r)) continue;
      const from = rowsUnder(page, r.target);
      if (from === undefined) continue;
      done.add(r);
      progress = copy(page, from, page, r.at, `${r.target} (${r.origin})`) > 0 || progress;
    }
    if (!progress) break;
  }
}

function tagOf(page: Page): string | undefined {
  for (const s of page.samples) for (const n of s.nodes ?? []) if (n.name === "JobsDetail") for (const c of n.children ?? []) if (c.name === "Tag" && c.text) return c.text;
  return undefined;
}

/** Resolves every reference of `page` (same page first, then the other pages), recording findings. */
export function resolveReferences(page: Page, pages: readonly Page[]): void {
  resolveSamePage(page);
  const tag = tagOf(page);
  const index = pages.indexOf(page);
  const others = pages.filter((p) => p !== page);
  // References copied in with another page's rows are appended while this runs: resolve them too.
  for (let i = 0; i < page.references.length && i < 500; i++) {
    const r = page.references[i]!;
    if (r.samePage) {
      const from = rowsUnder(page, r.target);
      page.findings.push({
        kind: "reference",
        path: r.at,
        message: from ? `resolved ${describe(r)} within the page` : `${describe(r)} names \`${r.target}\`, which this page's tables do not describe; \`${r.at}\` keeps only what the samples show`,
        origin: r.origin,
      });
      continue;
    }
    // Candidates: other pages with rows under the target, except those whose samples show another
    // JobsDetail.Tag. Several may remain (Transcode: submit-transcode, submit-av-transcode,
    // submit-tsc-transcode; a page whose samples are all malformed shows no Tag): prefer the one
    // whose file name matches the callback page's, then one whose samples show the same Tag, then
    // the first page given after the callback page.
    const tagScore = (o: Page) => (tag !== undefined && tagOf(o) === tag ? 1 : 0);
    const candidates = others
      .filter((o) => rowsUnder(o, r.target) !== undefined)
      .filter((o) => tag === undefined || tagOf(o) === undefined || tagOf(o) === tag)
      .sort((a, b) => likeness(page, b) - likeness(page, a) || tagScore(b) - tagScore(a) || Number(pages.indexOf(b) > index) - Number(pages.indexOf(a) > index));
    const chosen = candidates[0];
    const byTag = chosen !== undefined && tagScore(chosen) === 1;
    if (!chosen) {
      page.findings.push({
        kind: "reference",
        path: r.at,
        message: `${describe(r)} is not resolved: no other page given has rows under \`${r.target}\` (add the page it names to the command); \`${r.at}\` keeps only what the samples show`,
        origin: r.origin,
      });
      continue;
    }
    const from = rowsUnder(chosen, r.target)!;
    const n = copy(chosen, from, page, r.at, `${r.target} in ${chosen.name}`);
    page.findings.push({
      kind: "reference",
      path: r.at,
      message: `resolved ${describe(r)} against ${chosen.name}${byTag ? ` (its samples have JobsDetail.Tag ${tag})` : ""}: ${n} rows copied`,
      origin: r.origin,
    });
  }
}

/** How alike two pages' file names are once "callback" and "submit" are taken out: 2 equal, 1 one contains the other. */
function likeness(a: Page, b: Page): number {
  const stem = (p: Page) => p.name.replace(/^.*\//, "").replace(/\.md$/i, "").replace(/(^|-)(callback|submit|create)(-|$)/gi, "$1").replace(/^-|-$/g, "");
  const [x, y] = [stem(a), stem(b)];
  if (x === "" || y === "") return 0;
  return x === y ? 2 : x.includes(y) || y.includes(x) ? 1 : 0;
}
