import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadModel } from "../../generator/model/load.js";
import { splitSource, walk } from "../../generator/model/types.js";
import { ROOT } from "../helpers.js";
import { cleanUp, expectOnly, lineOf, load, minimalSpec, PACKAGE_YAML, PIC_YAML, problemsOf } from "./fixture.js";

afterEach(cleanUp);

/** The pages a source names: each page's title and public address (spec/README.md, "Source pages"). */
const PAGES = `pages:
  - page: test/callback.md
    title: Test Callback
    url: https://example.com/docs/test-callback
`;

describe("pages: the vendor pages sources name", () => {
  it("gives each page its title and address", () => {
    const model = load({ ...minimalSpec(), "pages.yaml": PAGES });
    expect(model.pages.map((p) => [p.page, p.title, p.url])).toEqual([["test/callback.md", "Test Callback", "https://example.com/docs/test-callback"]]);
  });

  it("a spec without pages lists none and names no problem", () => {
    expect(load(minimalSpec()).pages).toEqual([]);
  });

  it("a url that is not an https address is an error at its line", () => {
    const text = PAGES.replace("https://example.com/docs/test-callback", "javascript:alert(1)");
    expectOnly(problemsOf({ ...minimalSpec(), "pages.yaml": text }), "pages.yaml", lineOf(text, "url:"), /not an https address/);
  });

  it("a page listed twice, or with a #section, is an error at its line", () => {
    const twice = `${PAGES}  - page: test/callback.md\n    title: Again\n`;
    expectOnly(problemsOf({ ...minimalSpec(), "pages.yaml": twice }), "pages.yaml", lineOf(twice, "page: test/callback.md", 2), /listed twice/);
    const section = PAGES.replace("page: test/callback.md", "page: test/callback.md#Samples");
    expect(problemsOf({ ...minimalSpec(), "pages.yaml": section }).some((p) => p.line === lineOf(section, "page:") && /#section/.test(p.message))).toBe(true);
  });

  it("once pages are listed, a source naming another page is an error where it is named", () => {
    const pages = PAGES.replace("test/callback.md", "test/other.md");
    const spec = { ...minimalSpec(), "pages.yaml": pages };
    expectOnly(problemsOf(spec), "pic.yaml", lineOf(PIC_YAML, "- payload: TestCallback"), /source page "test\/callback.md" is not listed in pages:/);
  });

  it("the real spec names every source's page, with a title", () => {
    const model = loadModel(join(ROOT, "spec"), ROOT);
    const pages = new Map(model.pages.map((p) => [p.page, p]));
    const sources = model.payloads.flatMap((p) => [p.source, ...walk(p.root).map((n) => n.source), ...p.samples.map((s) => s.source)]);
    for (const s of sources) expect(pages.get(splitSource(s).page)?.title, s).toBeTruthy();
    expect(model.pages.filter((p) => p.url).length).toBeGreaterThan(model.pages.length / 2);
  });
});

describe("package.yaml: repository, directory, homepage, keywords", () => {
  const withFields = (fields: string) => ({ ...minimalSpec(), "package.yaml": `${PACKAGE_YAML}${fields}` });
  it("are read into the model", () => {
    const model = load(withFields("repository: https://example.com/r\ndirectory: generated\nhomepage: https://example.com/h\nkeywords: [a, b]\n"));
    expect([model.repository, model.directory, model.homepage, model.keywords]).toEqual(["https://example.com/r", "generated", "https://example.com/h", ["a", "b"]]);
  });
  it("an address that is not https is an error at its line", () => {
    const spec = withFields("homepage: http://example.com/h\n");
    expectOnly(problemsOf(spec), "package.yaml", lineOf(spec["package.yaml"], "homepage:"), /homepage "http:\/\/example.com\/h" is not an https address/);
  });
});
