import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { anchorOf } from "../../generator/emit/docs-model.js";
import { loadModel } from "../../generator/model/load.js";
import { walk } from "../../generator/model/types.js";
import { ROOT } from "../helpers.js";

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

describe("the site works offline", () => {
  it("loads nothing from another host: no remote scripts, styles, fonts or images", () => {
    for (const f of readdirSync(SITE)) {
      const text = read(join(SITE, f));
      expect(text, f).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
      expect(text, f).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
      expect(text, f).not.toMatch(/@import/i);
    }
  });
  it("is readable on a phone: a viewport and scrollable tables", () => {
    for (const f of readdirSync(SITE).filter((x) => x.endsWith(".html"))) expect(read(join(SITE, f))).toContain('name="viewport"');
    expect(read(join(SITE, "style.css"))).toMatch(/@media \(max-width/);
  });
});
