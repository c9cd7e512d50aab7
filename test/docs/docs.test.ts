import { packageReadme } from "../../generator/emit/package-readme.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { emitDocs } from "../../generator/emit/docs.js";
import { anchorOf } from "../../generator/emit/docs-model.js";
import { readInputs } from "../../generator/inputs.js";
import { loadModel } from "../../generator/model/load.js";
import { walk } from "../../generator/model/types.js";
import { ROOT } from "../helpers.js";
import { cleanUp, PACKAGE_YAML, PIC_YAML, writeSpec } from "../spec/fixture.js";

const DOCS = join(ROOT, "generated/docs");
const SITE = join(DOCS, "site");
const model = loadModel(join(ROOT, "spec"), ROOT);
const read = (p: string) => readFileSync(p, "utf8");
const decodeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, "=").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const ids = (html: string) => new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeHtml(m[1]!)));

describe("every node of the spec is in both forms of the docs, with its anchor", () => {
  for (const p of model.payloads) {
    const md = read(join(DOCS, `${p.slug}.md`));
    const html = read(join(SITE, `${p.slug}.html`));
    const htmlIds = ids(html);
    const mdIds = ids(md);
    it(`${p.name}: ${[...walk(p.root)].length} nodes`, () => {
      for (const n of walk(p.root)) {
        const anchor = anchorOf(n);
        expect(htmlIds.has(anchor), `site: #${anchor}`).toBe(true);
        expect(mdIds.has(anchor), `markdown: #${anchor}`).toBe(true);
      }
    });
    it(`${p.name}: anchors are unique in each form`, () => {
      for (const text of [md, html]) {
        const all = [...text.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
        expect(all.length).toBe(new Set(all).size);
      }
    });
  }
});

describe("every internal link resolves", () => {
  const check = (dir: string, file: string, links: string[], idsOf: (f: string) => Set<string>) => {
    for (const link of links) {
      if (/^[a-z]+:/i.test(link)) continue;
      const [target, anchor] = link.split("#") as [string, string | undefined];
      const targetFile = target === "" ? file : target;
      expect(existsSync(join(dir, targetFile)), `${file} → ${link}`).toBe(true);
      if (anchor !== undefined) expect(idsOf(targetFile).has(decodeURIComponent(anchor)), `${file} → ${link}`).toBe(true);
    }
  };
  // Each page's ids are read once: the union payloads' pages hold thousands of links.
  const siteIds = new Map<string, Set<string>>();
  const idsOfSite = (t: string) => siteIds.get(t) ?? siteIds.set(t, ids(read(join(SITE, t)))).get(t)!;
  it("in the static site", () => {
    const pages = readdirSync(SITE).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBe(model.payloads.length + 2);
    for (const f of pages) {
      const links = [...read(join(SITE, f)).matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decodeHtml(m[1]!));
      expect(links.length).toBeGreaterThan(3);
      check(SITE, f, links, idsOfSite);
    }
  });
  const docsIds = new Map<string, Set<string>>();
  const idsOfDocs = (t: string) => docsIds.get(t) ?? docsIds.set(t, ids(read(join(DOCS, t)))).get(t)!;
  it("in the Markdown", () => {
    for (const f of readdirSync(DOCS).filter((x) => x.endsWith(".md"))) {
      const links = [...read(join(DOCS, f)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
      expect(links.length).toBeGreaterThan(0);
      check(DOCS, f, links, idsOfDocs);
    }
  });
});

describe("the Markdown's links to the vendor's pages", () => {
  it("every reference link ([title][page]) has its definition on the same page, an https address", () => {
    let links = 0;
    for (const f of readdirSync(DOCS).filter((x) => x.endsWith(".md"))) {
      const text = read(join(DOCS, f));
      const defined = new Map([...text.matchAll(/^\[([^\]]+)\]: (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const prose = text.replace(/^(`{3,})[\s\S]*?^\1$/gm, "");
      for (const m of prose.matchAll(/\]\[([^\]]+)\]/g)) {
        expect(defined.get(m[1]!), `${f}: [${m[1]}]`).toMatch(/^https:\/\//);
        links++;
      }
    }
    expect(links).toBeGreaterThan(0);
  });
});

describe("the site works offline", () => {
  it("loads nothing from another host: no remote scripts, styles, fonts or images (links to the vendor's pages are only links)", () => {
    for (const f of readdirSync(SITE)) {
      const text = read(join(SITE, f));
      expect(text, f).not.toMatch(/\ssrc="(?:https?:)?\/\//i);
      expect(text, f).not.toMatch(/<(?!a\s)[a-z]+\s[^>]*href="(?:https?:)?\/\//i);
      expect(text, f).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
      expect(text, f).not.toMatch(/@import/i);
    }
  });
  it("is readable on a phone: a viewport on every page (test/docs/browser.test.ts checks the layout at 390 px)", () => {
    for (const f of readdirSync(SITE).filter((x) => x.endsWith(".html"))) expect(read(join(SITE, f))).toContain('name="viewport"');
  });
});

describe("the reference across kinds", () => {
  const index = (() => {
    const sandbox: { window: { CI_DOCS_INDEX?: { kinds: string[][]; nodes: [string, string, string, number[]][]; values: [string, string, string, number[]][] } } } = { window: {} };
    runInNewContext(read(join(SITE, "search-index.js")), sandbox);
    return sandbox.window.CI_DOCS_INDEX!;
  })();

  it("the search index holds every kind, every node of every kind and every enum value, each pointing at an anchor on that kind's page", () => {
    expect(index.kinds.map((k) => k[0])).toEqual(model.payloads.map((p) => p.slug));
    const nodes = new Set(index.nodes.flatMap(([, anchor, , kinds]) => kinds.map((k) => `${index.kinds[k]![0]}#${anchor}`)));
    const values = new Set(index.values.flatMap(([value, , anchor, kinds]) => kinds.map((k) => `${index.kinds[k]![0]}#${anchor}=${value}`)));
    for (const [i, p] of model.payloads.entries()) {
      const html = ids(read(join(SITE, `${p.slug}.html`)));
      for (const n of walk(p.root)) {
        if (!n.parent) continue;
        expect(nodes.has(`${p.slug}#${anchorOf(n)}`), `${p.name}: ${anchorOf(n)}`).toBe(true);
        if (n.kind === "leaf") for (const v of n.values ?? []) expect(values.has(`${p.slug}#${anchorOf(n)}=${v}`), `${p.name}: ${anchorOf(n)} = ${v}`).toBe(true);
      }
      for (const [, anchor, , kinds] of index.nodes) if (kinds.includes(i)) expect(html.has(anchor), `${p.slug}.html#${anchor}`).toBe(true);
    }
  });

  it("the index lists every kind once, under its family", () => {
    const html = read(join(SITE, "index.html"));
    const sections = [...html.matchAll(/<section class="family" id="family-([a-z]+)">([\s\S]*?)<\/section>/g)];
    expect(sections.map((m) => m[1])).toEqual(expect.arrayContaining(["image", "media", "ai", "moderation", "workflow", "responses"]));
    const listed = sections.flatMap((m) => [...m[2]!.matchAll(/<li><a href="([^"]+)\.html">/g)].map((l) => l[1]));
    expect(listed.sort()).toEqual(model.payloads.map((p) => p.slug).sort());
    const responses = sections.find((m) => m[1] === "responses")![2]!;
    for (const p of model.payloads) expect(responses.includes(`href="${p.slug}.html"`), p.name).toBe(p.match.length === 0);
  });

  it("sources read as the vendor page's title, linked where the spec records its address; no file names", () => {
    for (const p of model.payloads) {
      const html = read(join(SITE, `${p.slug}.html`));
      // Where a source is shown: the page's "Vendor page", and each node's and sample's "Source".
      const shown = [...html.matchAll(/<p(?: class="src")?>(?:Vendor page:|<span class="label">Source<\/span>)([\s\S]*?)<\/p>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, " "));
      expect(shown.length, p.name).toBeGreaterThan(p.samples.length);
      for (const text of shown) expect(text, p.name).not.toMatch(/\.(?:md|txt)\b|#/);
      const page = model.pages.find((x) => x.page === p.source.split("#")[0])!;
      expect(html, p.name).toContain(page.url ? `<a href="${page.url.replace(/=/g, "&#x3D;")}" rel="external">${page.title}</a>` : page.title);
    }
  });

  it("spec text reaching the site is escaped", () => {
    const dir = writeSpec({
      "package.yaml": PACKAGE_YAML,
      "pic.yaml": PIC_YAML.replace("description: Identifier of the job.", 'description: "<img src=x onerror=alert(1)> & </li>"'),
      "pages.yaml": 'pages:\n  - page: test/callback.md\n    title: "<script>alert(1)</script>"\n    url: https://example.com/a?b=1&c=2\n',
    });
    const inputs = readInputs(dir, dir);
    const files = emitDocs(inputs);
    const html = files.filter((f) => f.path.endsWith(".html")).map((f) => f.content).join("\n");
    expect(html).toContain("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &lt;/li&gt;");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('href="https://example.com/a?b&#x3D;1&amp;c&#x3D;2"');
    expect(html).not.toMatch(/<img|<script>alert/);
    const md = files.filter((f) => f.path.endsWith(".md")).map((f) => f.content).join("\n");
    expect(md).not.toMatch(/<img|<script>/);
    // The package README names the same page (its table of kinds links each kind's vendor page).
    const readme = packageReadme(inputs.model);
    expect(readme).toContain("[&lt;script&gt;alert(1)&lt;/script&gt;](https://example.com/a?b=1&c=2)");
    expect(readme).not.toMatch(/<script>/);
    cleanUp();
  });
});
