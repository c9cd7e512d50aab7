import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { describeRules } from "../../generator/model/match.js";
import { loadModel } from "../../generator/model/load.js";
import { ROOT, SAMPLES, sample } from "../helpers.js";

const bin = join(ROOT, "generated/bin/ci-callback.js");
function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: "utf8", ...(input !== undefined ? { input } : {}) });
}
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe("ci-callback decode", () => {
  it("prints the model of a file as JSON and exits 0", () => {
    const r = run(["decode", join(SAMPLES, "seed-sample-2.xml")]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(decodeCallback(sample("seed-sample-2.xml")).payload);
  });

  it("reads standard input for - and when no file is given", () => {
    for (const args of [["decode", "-"], ["decode"]]) {
      const r = run(args, sample("seed-sample-3.json"));
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).JobsDetail.Input.CosHeaders[3]).toEqual({ Key: "Size", Value: "1024" });
    }
  });

  it("exits 1 with one error per line, each naming its path, for an invalid payload", () => {
    const body = sample("seed-sample-1.xml").replace("<Height>417</Height>", "<Height>4x7</Height>").replace(/<JobId>.*<\/JobId>/, "");
    const r = run(["decode", "-"], body);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^error: JobsDetail\.JobId: expected JobId \(required\), found nothing$/),
      expect.stringMatching(/^error: JobsDetail\.Operation\.PicProcessResult\.OriginalInfo\.ImageInfo\.Height: expected an integer, found "4x7"$/),
    ]);
  });

  it("names the position of a JSON syntax error (the seed's sample 3 as published)", () => {
    const r = run(["decode", join(SAMPLES, "seed-sample-3-as-published.json")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: \(body\): the body is not valid JSON at line 39, column \d+/);
    noStack(r.stderr);
  });

  it("prints warnings on stderr and still exits 0; --strict makes them errors", () => {
    const body = sample("seed-sample-1.xml").replace("<State>Success</State>", "<State>Paused</State><Extra>x</Extra>");
    const lenient = run(["decode", "-"], body);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toContain("warning: JobsDetail.State: unknown value");
    expect(lenient.stderr).toContain("warning: JobsDetail.Extra: unknown element <Extra>");
    expect(JSON.parse(lenient.stdout).JobsDetail.Extra).toBe("x");
    const strict = run(["decode", "-", "--strict"], body);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain("error: JobsDetail.State:");
    expect(strict.stderr).toContain("error: JobsDetail.Extra:");
  });

  it("honours --format", () => {
    expect(run(["decode", "--format", "json", join(SAMPLES, "seed-sample-1.xml")]).status).toBe(1);
    expect(run(["decode", "--format=xml", join(SAMPLES, "seed-sample-1.xml")]).status).toBe(0);
  });

  it.each([
    [[], "missing command"],
    [["encode"], 'unknown command "encode"'],
    [["decode", "--pretty"], 'unknown option "--pretty"'],
    [["decode", "--format", "yaml"], "--format takes xml or json"],
    [["decode", "a.xml", "b.xml"], 'unexpected argument "b.xml"'],
    [["decode", "no/such/file.xml"], "cannot read no/such/file.xml"],
  ])("exits 2 on a usage error: %j", (args, message) => {
    const r = run(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    noStack(r.stderr);
  });

  it("works through npx from the repository root", () => {
    const r = spawnSync("npx", ["--no-install", "ci-callback", "decode", "spec/samples/pic-process-callback/seed-sample-1.xml"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Ave).toBe("0xc64847");
  });
});

describe("ci-callback kinds and decode --kind", () => {
  const model = loadModel(join(ROOT, "spec"), ROOT);

  it("kinds --json lists every payload kind with its title, formats, match rules and source page", () => {
    const r = run(["kinds", "--json"]);
    expect(r.status).toBe(0);
    const kinds = JSON.parse(r.stdout) as { name: string; title: string; formats: string[]; match: string | null; source: string }[];
    expect(kinds.map((k) => k.name)).toEqual(model.payloads.map((p) => p.name));
    for (const k of kinds) {
      const p = model.payloads.find((x) => x.name === k.name)!;
      expect(k).toEqual({ name: p.name, title: p.title, formats: [...p.formats], match: p.match.length === 0 ? null : describeRules(p.match), source: p.source.replace(/#.*$/, "") });
      // The source is a page under vendor-docs, as media/callback-transcode.md.
      expect(existsSync(join(ROOT, "..", "shared", "vendor-docs", k.source)) || k.source.startsWith("seed/"), k.source).toBe(true);
    }
    expect(kinds.find((k) => k.name === "PicProcessCallback")).toMatchObject({ match: "EventName=TaskFinish, JobsDetail.Tag=PicProcess", source: "pic/callback.md" });
  });

  it("kinds prints one entry per kind for people", () => {
    const r = run(["kinds"]);
    expect(r.status).toBe(0);
    for (const p of model.payloads) expect(r.stdout).toContain(`${p.name}\n  ${p.title}; `);
    expect(r.stdout).toContain("a job response: decode with --kind");
  });

  it("decode --kind decodes a job response, which decodeCallback does not recognise", () => {
    const response = model.payloads.find((p) => p.match.length === 0 && p.samples.some((s) => !s.invalid));
    expect(response, "the spec has a job response with a sample").toBeDefined();
    const file = join(ROOT, "spec", response!.samples.find((s) => !s.invalid)!.file);
    // Without --kind it is taken for a callback: refused, or read as the callback it resembles
    // (a DescribeMediaJob body has the legacy media callback's shape), never as the response.
    const plain = run(["decode", file, "--print-kind"]);
    if (plain.status === 0) expect(JSON.parse(plain.stdout).kind).not.toBe(response!.name);
    else expect(plain.stderr).toMatch(/^error: /m);
    const r = run(["decode", file, "--kind", response!.name, "--print-kind"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).kind).toBe(response!.name);
    const model2 = run(["decode", file, `--kind=${response!.name}`]);
    expect(JSON.parse(model2.stdout)).toEqual(JSON.parse(r.stdout).payload);
  });

  it("decode --print-kind names the recognised kind; the JSON is the model alone without it", () => {
    const r = run(["decode", join(SAMPLES, "seed-sample-2.xml"), "--print-kind"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.kind).toBe("PicProcessCallback");
    expect(out.payload).toEqual(JSON.parse(run(["decode", join(SAMPLES, "seed-sample-2.xml")]).stdout));
  });

  it("an unknown --kind or a missing value is a usage error (exit 2), not a stack trace", () => {
    for (const args of [["decode", "x.xml", "--kind", "NoSuchKind"], ["decode", "x.xml", "--kind"], ["kinds", "--yaml"]]) {
      const r = run(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^ci-callback: /);
      noStack(r.stderr);
    }
  });
});
