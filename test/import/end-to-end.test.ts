/**
 * Import, generate into a folder of its own (npm run generate -- --spec DIR --out OUT), and decode
 * the draft's samples with OUT/bin/ci-callback.js: no hand edit between the steps.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { decode, FIXTURES, HAVE_VENDOR, run, temp, VENDOR } from "./helpers.js";

function importAndGenerate(pages: string[]): { spec: string; out: string } {
  const dir = temp("e2e");
  const spec = join(dir, "spec");
  const out = join(dir, "out");
  const imp = run("generator/import/cli.ts", [...pages, "--out", spec]);
  expect(imp.status, imp.stderr).toBe(0);
  const gen = run("generator/cli.ts", ["--spec", spec, "--out", out]);
  expect(gen.status, gen.stderr + gen.stdout).toBe(0);
  return { spec, out };
}

/** Every sample the draft lists, with whether it is marked invalid. */
function draftSamples(spec: string): { file: string; invalid: boolean }[] {
  const out: { file: string; invalid: boolean }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== "samples") walk(p);
      else if (e.name.endsWith(".yaml") && e.name !== "package.yaml") {
        const doc = parse(readFileSync(p, "utf8")) as { payloads: { samples: { file: string; invalid?: boolean }[] }[] };
        for (const pl of doc.payloads) for (const s of pl.samples) out.push({ file: join(spec, s.file), invalid: s.invalid === true });
      }
    }
  };
  walk(spec);
  return out;
}

describe("a draft generates and decodes its own samples with no hand edit", () => {
  it("fixture pages outside vendor-docs (a copied callback page and its submit page, one command)", { timeout: 180_000 }, () => {
    const { spec, out } = importAndGenerate([join(FIXTURES, "callback-resize.md"), join(FIXTURES, "submit-resize.md")]);
    const samples = draftSamples(spec);
    expect(samples).toHaveLength(3);
    for (const s of samples) {
      const r = decode(out, s.file);
      expect(r.status, `${s.file}: ${r.stderr}`).toBe(s.invalid ? 1 : 0);
    }
    type Jd = { Operation: { Result: { Width: number; Name: string[] } }; Input: { CosHeaders: { Value: string }[] } };
    const jd = (JSON.parse(decode(out, samples[1]!.file).stdout) as { JobsDetail: Jd }).JobsDetail;
    expect(jd.Operation.Result.Width).toBe(320);
    expect(jd.Operation.Result.Name).toEqual(["b-1.png", "b-2.png"]);
    expect(jd.Input.CosHeaders[1]!.Value).toBe("0001024");
  });

  it.skipIf(!HAVE_VENDOR)("media/callback-transcode.md + media/submit-transcode.md", { timeout: 180_000 }, () => {
    const { spec, out } = importAndGenerate([join(VENDOR, "media", "callback-transcode.md"), join(VENDOR, "media", "submit-transcode.md")]);
    const samples = draftSamples(spec).filter((s) => !s.invalid);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    for (const s of samples) {
      const r = decode(out, s.file);
      expect(r.status, `${s.file}: ${r.stderr}`).toBe(0);
    }
  });

  it.skipIf(!HAVE_VENDOR)("a well-behaved page, media/callback-snapshot.md + media/submit-snapshot.md: every sample of the page decodes", { timeout: 180_000 }, () => {
    const { spec, out } = importAndGenerate([join(VENDOR, "media", "callback-snapshot.md"), join(VENDOR, "media", "submit-snapshot.md")]);
    const samples = draftSamples(spec);
    expect(samples).toHaveLength(3); // the page's three samples (its "all the nodes" block is Sample 1 again)
    expect(samples.every((s) => !s.invalid)).toBe(true);
    for (const s of samples) {
      const r = decode(out, s.file);
      expect(r.status, `${s.file}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ JobsDetail: { Tag: "Snapshot", Operation: { MediaResult: { OutputFile: { ObjectName: ["0.jpg", "1.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg"] } } } } });
    }
  });
});
