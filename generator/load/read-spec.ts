import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { checkFields } from "./fields.js";
import { readYaml } from "./located-yaml.js";
import { ProblemList } from "./problems.js";
import { PAYLOAD_RULES, readOverrides, readPayload } from "./payload.js";
import type { RawPackage, RawPage, RawPayload, RawSpec, RawTable } from "./raw.js";
import { NODE_NAME, readRows } from "./rows.js";

const FILE_RULES = { tables: { kind: "list" }, payloads: { kind: "list" }, pages: { kind: "list" } } as const;
const PAGE_RULES = {
  page: { kind: "string", required: true },
  title: { kind: "string", required: true },
  url: { kind: "string" },
} as const;
const PACKAGE_RULES = {
  package: { kind: "string", required: true },
  version: { kind: "string", required: true },
  description: { kind: "string", required: true },
  repository: { kind: "string" },
  directory: { kind: "string" },
  homepage: { kind: "string" },
  keywords: { kind: "string[]" },
} as const;
const HTTPS = /^https:\/\/[^\s"'<>]+$/;
const TABLE_RULES = {
  table: { kind: "string", required: true },
  root: { kind: "string", required: true },
  source: { kind: "string", required: true },
  description: { kind: "string", required: true },
  deviation: { kind: "string" },
  extends: { kind: "string" },
  overrides: { kind: "list" },
  nodes: { kind: "list", required: true },
} as const;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Every .yaml file under the spec folder except samples, in a stable order. */
function specFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "samples") walk(p);
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Reads and shape-checks every file of the spec folder. Problems from all files are
 * collected and thrown together as a SpecError (file:line, what, how to fix).
 * `displayRoot` is the folder paths in messages are relative to.
 */
export function readSpec(dir: string, displayRoot: string = process.cwd()): RawSpec {
  const problems = new ProblemList();
  const tables: RawTable[] = [];
  const payloads: RawPayload[] = [];
  const pages: RawPage[] = [];
  let pkg: RawPackage | undefined;
  const shown = (p: string) => relative(displayRoot, p).split("\\").join("/");

  if (!existsSync(dir)) {
    problems.add(shown(dir), 1, "the spec folder does not exist", "run from the repository root or pass --spec <folder>");
    problems.throwIfAny();
  }
  for (const path of specFiles(dir)) {
    const file = shown(path);
    const doc = readYaml(readFileSync(path, "utf8"), file, problems);
    if (doc === undefined) continue;
    const top = { file, line: 1 };
    if (path === join(dir, "package.yaml")) {
      const { ok, at, obj } = checkFields(doc, "package.yaml", PACKAGE_RULES, problems, top);
      if (ok && !SEMVER.test(String(obj["version"]))) {
        problems.add(file, at.keyLines["version"] ?? 1, `version "${String(obj["version"])}" is not a semantic version`, "write it as MAJOR.MINOR.PATCH, e.g. 1.2.0");
      } else if (ok) {
        for (const key of ["repository", "homepage"]) {
          const url = obj[key] as string | undefined;
          if (url !== undefined && !HTTPS.test(url)) problems.add(file, at.keyLines[key] ?? 1, `${key} "${url}" is not an https address`, "write it as https://...");
        }
        pkg = {
          name: String(obj["package"]),
          version: String(obj["version"]),
          description: String(obj["description"]),
          repository: obj["repository"] as string | undefined,
          directory: obj["directory"] as string | undefined,
          homepage: obj["homepage"] as string | undefined,
          keywords: ((obj["keywords"] as unknown[] | undefined) ?? []).map(String),
          at,
        };
      }
      continue;
    }
    const { ok, obj } = checkFields(doc, `spec file ${file}`, FILE_RULES, problems, top);
    if (!ok) continue;
    for (const t of (obj["tables"] as unknown[] | undefined) ?? []) {
      const r = checkFields(t, "a table", TABLE_RULES, problems, top);
      if (!r.ok) continue;
      const name = String(r.obj["table"]);
      const root = String(r.obj["root"]);
      if (!NODE_NAME.test(root)) {
        problems.add(file, r.at.keyLines["root"] ?? r.at.line, `table root "${root}" is not a valid element name`, "use letters, digits, '_' or '-'");
        continue;
      }
      tables.push({
        table: name,
        root,
        source: String(r.obj["source"]),
        description: String(r.obj["description"]).trim(),
        deviation: (r.obj["deviation"] as string | undefined)?.trim(),
        extends: r.obj["extends"] as string | undefined,
        overrides: readOverrides(r.obj["overrides"] as unknown[] | undefined, `table ${name}`, r.at, problems),
        rows: readRows(r.obj["nodes"], `table ${name}`, problems, r.at),
        at: r.at,
      });
    }
    for (const p of (obj["payloads"] as unknown[] | undefined) ?? []) {
      const r = checkFields(p, "a payload", PAYLOAD_RULES, problems, top);
      if (!r.ok) continue;
      payloads.push(readPayload(r.obj, r.at, dir, problems));
    }
    for (const entry of (obj["pages"] as unknown[] | undefined) ?? []) {
      const page = readPage(entry, pages, problems, top);
      if (page) pages.push(page);
    }
  }
  if (!pkg && !problems.items.some((p) => p.file.endsWith("package.yaml"))) {
    problems.add(shown(join(dir, "package.yaml")), 1, "the spec has no package.yaml", "add package.yaml with package, version and description");
  }
  problems.throwIfAny();
  return { dir, pkg: pkg!, tables, payloads, pages };
}

/** One `pages:` entry: a page named once, without a `#section`, its address an https URL. */
function readPage(entry: unknown, earlier: readonly RawPage[], problems: ProblemList, top: { file: string; line: number }): RawPage | undefined {
  const r = checkFields(entry, "a page", PAGE_RULES, problems, top);
  if (!r.ok) return undefined;
  const page = String(r.obj["page"]);
  const url = r.obj["url"] as string | undefined;
  const line = (key: string) => r.at.keyLines[key] ?? r.at.line;
  if (page.includes("#")) problems.add(r.at.file, line("page"), `page "${page}" has a #section`, "name the page alone; sources add their #section themselves");
  if (url !== undefined && !HTTPS.test(url)) problems.add(r.at.file, line("url"), `the url of page "${page}" is not an https address: "${url}"`, "write the page's public address, https://..., with spaces and quotes percent-encoded");
  const first = earlier.find((p) => p.page === page);
  if (first) problems.add(r.at.file, r.at.line, `page "${page}" is listed twice (first at ${first.at.file}:${first.at.line})`, "keep one entry");
  return first ? undefined : { page, title: String(r.obj["title"]).trim(), url, at: r.at };
}
