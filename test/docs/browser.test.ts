import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/model/load.js";
import { walk } from "../../generator/model/types.js";
import { serveDocs } from "../../generator/serve-docs.js";
import { ROOT } from "../helpers.js";

/**
 * The generated site in a real browser: Debian's Chromium (installed by .ci/run), driven by
 * playwright-core, against the site served on 127.0.0.1 and opened from file://. Screenshots
 * of every page, wide and phone-sized, land in test/.output/screenshots (git-ignored).
 */
const CHROMIUM = "/usr/bin/chromium";
const SITE = join(ROOT, "generated/docs/site");
const SHOTS = join(ROOT, "test/.output/screenshots");
const model = loadModel(join(ROOT, "spec"), ROOT);
// The tests that follow a node use the image-processing callback, whose nodes they name.
const payload = model.payloads.find((p) => p.name === "PicProcessCallback")!;

let server: Server;
let browser: Browser;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (the CI script does)`);
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

describe("the docs site in Chromium", () => {
  it("the index lists every payload kind, and a link leads to its page", async () => {
    const page = await open(`${base}/`);
    for (const p of model.payloads) await expect(page.getByRole("link", { name: p.title }).first().isVisible()).resolves.toBe(true);
    await page.locator("main").getByRole("link", { name: payload.title }).click();
    expect(page.url()).toBe(`${base}/${payload.slug}.html`);
    await expect(page.locator("h1").textContent()).resolves.toContain(payload.title);
    await page.close();
  });

  it("following a link in the node tree lands on the node's anchor", async () => {
    const page = await open(`${base}/${payload.slug}.html`);
    const anchor = "JobsDetail.Operation.PicProcessResult";
    await page.locator(`.tree a[href="#${anchor}"]`).click();
    expect(new URL(page.url()).hash).toBe(`#${anchor}`);
    expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe(anchor);
    const box = await page.locator(`[id="${anchor}"]`).boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(900);
    const leaf = "JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height";
    await page.goto(`${base}/${payload.slug}.html#${leaf}`);
    expect(await page.evaluate(() => document.querySelector(":target")?.tagName)).toBe("TR");
    await page.close();
  });

  it("the filter box narrows the tables to the matching node names", async () => {
    const page = await open(`${base}/${payload.slug}.html`);
    const all = await page.locator("section.node-table tbody tr").count();
    const expected = [...walk(payload.root)].filter((n) => n.parent && n.name.toLowerCase().includes("height")).length;
    await page.locator("#filter").fill("Height");
    const visible = page.locator("section.node-table:not([hidden]) tbody tr:not([hidden])");
    await expect(visible.count()).resolves.toBe(expected);
    for (const name of await visible.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-node")))) expect(name).toMatch(/height/i);
    await expect(page.locator("#filter-count").textContent()).resolves.toBe(`${expected} nodes match`);
    await page.locator("#filter").fill("");
    await expect(page.locator("section.node-table tbody tr:not([hidden])").count()).resolves.toBe(all);
    await page.close();
  });

  it("works from file:// with no server, filter included", async () => {
    const page = await open(pathToFileURL(join(SITE, `${payload.slug}.html`)).href);
    await page.locator("#filter").fill("CosHeaders");
    await expect(page.locator("section.node-table:not([hidden]) tbody tr:not([hidden])").count()).resolves.toBe(1);
    await page.locator(".site-nav a", { hasText: "Index" }).click();
    expect(page.url()).toMatch(/index\.html$/);
    await page.close();
  });

  it("fits a phone-sized screen: the page does not scroll sideways, the tables do", async () => {
    const page = await open(`${base}/${payload.slug}.html`, 390, 844);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it("saves a screenshot of every page, wide and phone-sized", async () => {
    const pages = ["index", ...model.payloads.map((p) => p.slug), "decoding"];
    // One tab per size, reused: opening a tab costs more than rendering most pages.
    const tabs = await Promise.all(([["wide", 1280, 900], ["phone", 390, 844]] as const).map(async ([label, w, h]) => ({ label, page: await open("about:blank", w, h) })));
    for (const name of pages) {
      await Promise.all(
        tabs.map(async ({ label, page }) => {
          await page.goto(`${base}/${name}.html`);
          const file = join(SHOTS, `${name}-${label}.png`);
          await page.screenshot({ path: file, fullPage: false });
          expect(existsSync(file)).toBe(true);
        }),
      );
    }
    for (const { page } of tabs) await page.close();
  }, 20_000 + 3_000 * (model.payloads.length + 2));

  it("no request left this machine", () => {
    expect(requests.length).toBeGreaterThan(10);
    const outside = requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith("file://") && !u.startsWith("data:"));
    expect(outside).toEqual([]);
  });
});
