import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorOf } from "../../generator/emit/docs-model.js";
import { loadModel } from "../../generator/model/load.js";
import { type ModelNode, type PayloadDef, walk } from "../../generator/model/types.js";
import { serveDocs } from "../../generator/serve-docs.js";
import { ROOT } from "../helpers.js";

/**
 * The generated site in a real browser: Debian's Chromium (installed by .ci/run; CHROMIUM_PATH
 * points elsewhere), driven by playwright-core, against the site served on 127.0.0.1 and opened
 * from file://. Every page is checked at 1280 and 390 px; screenshots of each land in
 * test/.output/screenshots (git-ignored).
 */
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const SITE = join(ROOT, "generated/docs/site");
const SHOTS = join(ROOT, "test/.output/screenshots");
const model = loadModel(join(ROOT, "spec"), ROOT);
const SIZES = [["wide", 1280, 900], ["phone", 390, 844]] as const;
const PAGES = ["index", ...model.payloads.map((p) => p.slug), "decoding"];

/** The deepest node of a kind, union shapes included: its deep link has the most folds to open. */
function deepest(p: PayloadDef): ModelNode {
  const depth = (n: ModelNode) => anchorOf(n).split(".").length;
  return walk(p.root).reduce((a, b) => (depth(b) > depth(a) ? b : a));
}

/**
 * A node name that some kind has and the first kind lacks (the search must find it on the other
 * kind's page), with the kind that has it.
 */
function elsewhere(): { from: PayloadDef; name: string; kind: PayloadDef; anchor: string } {
  const from = model.payloads[0]!;
  const own = new Set(walk(from.root).map((n) => n.name.toLowerCase()));
  for (const kind of model.payloads) {
    for (const n of walk(kind.root)) {
      if (n.parent && !own.has(n.name.toLowerCase()) && /^[A-Za-z]/.test(n.name)) return { from, name: n.name, kind, anchor: anchorOf(n) };
    }
  }
  throw new Error("every kind has the same node names: no search across kinds to test");
}

let server: Server;
let browser: Browser;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (the CI script does), or set CHROMIUM_PATH to a Chromium or Chrome binary`);
  server = await serveDocs(SITE, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
});

async function open(url: string, width = 1280, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url);
  return page;
}

/**
 * What a reader would see go wrong with the layout: the page scrolling sideways, an element
 * (outside a code block that scrolls on purpose) reaching past the right edge, or text clipped by
 * an element that hides its overflow.
 */
function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const sideways = document.documentElement.scrollWidth - window.innerWidth;
    if (sideways > 0) faults.push(`the page scrolls sideways by ${sideways}px`);
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.split(" ")[0]}` : ""} "${(e.textContent ?? "").trim().slice(0, 40)}"`;
    for (const e of document.body.querySelectorAll("*")) {
      if (e.closest("pre, .scroll, .vh")) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > window.innerWidth + 1 || r.left < -1) faults.push(`${name(e)} reaches past the screen (${Math.round(r.left)}..${Math.round(r.right)})`);
      const style = getComputedStyle(e);
      const clips = style.overflowX === "hidden" || style.overflowX === "clip" || style.textOverflow === "ellipsis";
      if (clips && e.scrollWidth > e.clientWidth + 1) faults.push(`${name(e)} cuts its text (${e.scrollWidth} > ${e.clientWidth})`);
    }
    return faults.slice(0, 10);
  });
}

/** The bottom of the bar that stays on screen (0 when it scrolls away with the page). */
function barBottom(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bar = document.querySelector(".bar");
    if (!bar) return 0;
    const p = getComputedStyle(bar).position;
    return p === "sticky" || p === "fixed" ? bar.getBoundingClientRect().bottom : 0;
  });
}

/** After a deep link: the target is shown (every fold around it open), on screen and not under the bar. */
async function expectLanded(page: Page, id: string, height: number): Promise<void> {
  const target = page.locator(`[id="${id}"]`);
  await expect(target.isVisible(), `#${id} is visible`).resolves.toBe(true);
  const closed = await target.evaluate((e) => {
    let n = 0;
    for (let x = e.parentElement; x; x = x.parentElement) if (x.tagName === "DETAILS" && !(x as HTMLDetailsElement).open) n++;
    return n;
  });
  expect(closed, `folds still closed around #${id}`).toBe(0);
  const top = await target.evaluate((e) => e.getBoundingClientRect().top);
  expect(top, `#${id} is below the sticky bar`).toBeGreaterThanOrEqual(await barBottom(page));
  expect(top, `#${id} is on screen`).toBeLessThan(height);
}

describe("every page in Chromium at 1280 and 390 px", () => {
  for (const [label, width, height] of SIZES) {
    it(`${label} (${width} px): no sideways scroll, no text cut, headings and deep links clear of the sticky bar; a screenshot of each`, async () => {
      const page = await open("about:blank", width, height);
      for (const name of PAGES) {
        await page.goto(`${base}/${name}.html`);
        expect(await layoutFaults(page), `${name} at ${width} px`).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`) });
        // Each heading with an anchor, reached by its link, sits below the bar (an in-page link: the
        // hash changes without a reload, which keeps the test light on the two cores it shares).
        const headings = await page.locator("main h2[id], main section[id] > h2").evaluateAll((hs) => hs.map((h) => h.id || h.parentElement!.id));
        for (const id of headings) {
          await page.evaluate((hash) => {
            location.hash = hash;
          }, id);
          const top = await page.locator(`[id="${id}"]`).evaluate((e) => e.getBoundingClientRect().top);
          const scrollable = await page.evaluate(() => document.documentElement.scrollHeight - window.scrollY > window.innerHeight + 1);
          // A heading near the end of a short page cannot scroll to the top; it must still clear the bar.
          if (scrollable) expect(top, `${name}#${id} at ${width} px`).toBeGreaterThanOrEqual(await barBottom(page));
          expect(top, `${name}#${id} on screen`).toBeLessThan(height);
        }
        const p = model.payloads.find((x) => x.slug === name);
        if (!p) continue;
        // The deepest node's deep link opens its ancestors and lands on it.
        const deep = anchorOf(deepest(p));
        await page.goto(`${base}/${name}.html#${deep}`);
        await expectLanded(page, deep, height);
        // Everything unfolded: still no sideways scroll and no text cut.
        // "Expand all" opens the reference's folds; the samples' are opened here too.
        await page.locator("button[data-fold=open]").click();
        expect(await page.evaluate(() => document.querySelectorAll("details.children:not([open])").length), `${name}: folds left closed by Expand all`).toBe(0);
        await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
        expect(await layoutFaults(page), `${name} unfolded at ${width} px`).toEqual([]);
      }
      await page.close();
    }, 60_000 + 8_000 * PAGES.length);
  }
});

describe("the docs site in Chromium", () => {
  it("the index groups every kind by family, and a link leads to its page", async () => {
    const page = await open(`${base}/`);
    const families = page.locator("section.family");
    expect(await families.count()).toBeGreaterThan(1);
    const listed = await page.locator("section.family .kinds > li > a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(listed.sort()).toEqual(model.payloads.map((p) => `${p.slug}.html`).sort());
    const p = model.payloads[0]!;
    await page.locator("main").getByRole("link", { name: p.title, exact: true }).click();
    expect(page.url()).toBe(`${base}/${p.slug}.html`);
    await expect(page.locator("h1").textContent()).resolves.toContain(p.title);
    await page.close();
  });

  for (const [label, width, height] of SIZES) {
    it(`${label}: the search finds a node on another kind's page, and its link lands on the node`, async () => {
      const { from, name, kind, anchor } = elsewhere();
      const page = await open(`${base}/${from.slug}.html`, width, height);
      await page.locator("#search").fill(name);
      const link = page.locator(`#search-results a[href="${kind.slug}.html#${anchor}"]`).first();
      await link.waitFor({ state: "attached" });
      // The entry's kinds beyond the first four are one click away.
      if (!(await link.isVisible())) await page.locator("#search-results button.more").first().click();
      await link.click();
      await page.waitForURL(`${base}/${kind.slug}.html#${anchor}`);
      await expectLanded(page, anchor, height);
      await page.close();
    });
  }

  it("the search finds kinds and enum values in every kind", async () => {
    const page = await open(`${base}/index.html`);
    const p = model.payloads.at(-1)!;
    // The first search loads the index: wait for the results rather than count at once.
    await page.locator("#search").fill(p.name);
    await page.locator(`#search-results a[href="${p.slug}.html"]`).first().waitFor({ state: "attached", timeout: 5_000 });
    const leaf = model.payloads.flatMap((x) => walk(x.root).map((n) => ({ x, n }))).find(({ n }) => n.kind === "leaf" && (n.values?.length ?? 0) > 1)!;
    await page.locator("#search").fill((leaf.n as { values: readonly string[] }).values[1]!);
    await page.locator(`#search-results a[href="${leaf.x.slug}.html#${anchorOf(leaf.n)}"]`).first().waitFor({ state: "attached", timeout: 5_000 });
    await page.close();
  });

  it("works from file:// with no server: search across kinds, deep links, folding", async () => {
    const { from, name, kind, anchor } = elsewhere();
    const page = await open(pathToFileURL(join(SITE, `${from.slug}.html`)).href);
    await page.locator("#search").fill(name);
    const link = page.locator(`#search-results a[href="${kind.slug}.html#${anchor}"]`).first();
    await link.waitFor({ state: "attached" });
    if (!(await link.isVisible())) await page.locator("#search-results button.more").first().click();
    await link.click();
    await page.waitForURL(/#/);
    expect(page.url()).toBe(`${pathToFileURL(join(SITE, `${kind.slug}.html`)).href}#${anchor}`);
    await expectLanded(page, anchor, 900);
    await page.locator("button[data-fold=close]").click();
    await expect(page.locator("details.children[open]").count()).resolves.toBe(0);
    await page.locator("button[data-fold=open]").click();
    await expect(page.locator("details.children:not([open])").count()).resolves.toBe(0);
    await page.locator(".bar a", { hasText: "All kinds" }).click();
    expect(page.url()).toMatch(/index\.html$/);
    await page.close();
  });

  it("samples are folded, each with the model it decodes to", async () => {
    const p = model.payloads.reduce((a, b) => (b.samples.length > a.samples.length ? b : a));
    const page = await open(`${base}/${p.slug}.html`);
    const samples = page.locator("details.sample");
    await expect(samples.count()).resolves.toBe(p.samples.length);
    await expect(page.locator("details.sample[open]").count()).resolves.toBe(0);
    await samples.first().locator("summary").click();
    await expect(samples.first().locator("pre.result").isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("no request left this machine", () => {
    expect(requests.length).toBeGreaterThan(10);
    const outside = requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith("file://") && !u.startsWith("data:") && u !== "about:blank");
    expect(outside).toEqual([]);
  });
});
