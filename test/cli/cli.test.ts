import { spawnSync } from "node:child_process";
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeCallback, formatIssue } from "../../generated/src/index.js";
import { describeRules } from "../../generator/model/match.js";
import { loadModel } from "../../generator/model/load.js";
import { decodeErrors, ROOT, SAMPLES, sample } from "../helpers.js";

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

describe("ci-callback on hostile input and closed pipes", () => {
  const dir = mkdtempSync(join(tmpdir(), "ci-callback-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  /** Runs a shell command line (bash, for PIPESTATUS) with $BIN set to the CLI. */
  const shell = (script: string) => spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, BIN: bin }, timeout: 60_000, killSignal: "SIGKILL" });
  const lines = (text: string) => text.split("\n").filter((l) => l !== "");
  const SEED1 = sample("seed-sample-1.xml");
  const DEFAULT_TOO_LARGE = "error: (body): expected a body of at most 16777216 bytes, found more than 16777216 bytes";

  it("--version prints the package version, alone or after a command", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "generated/package.json"), "utf8")) as { version: string };
    for (const args of [["--version"], ["decode", "--version"], ["kinds", "--version"]]) {
      const r = run(args);
      expect([r.status, r.stdout, r.stderr], args.join(" ")).toEqual([0, `${version}\n`, ""]);
    }
  });

  it("endless standard input (yes | ci-callback decode -) ends in a few seconds with one too-large error, in bounded memory", () => {
    // The CLI records its peak memory through a preload (process.resourceUsage at exit), and runs
    // under a 2 GB address-space cap so that a CLI which read everything fails fast instead of
    // filling the machine.
    const rss = join(dir, "max-rss");
    const preload = file("rss.cjs", `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(rss)}, String(process.resourceUsage().maxRSS)));`);
    const start = Date.now();
    const r = shell(`yes | (ulimit -v 2000000; exec node --require ${JSON.stringify(preload)} "$BIN" decode -)`);
    const seconds = (Date.now() - start) / 1000;
    expect(r.stderr).toBe(DEFAULT_TOO_LARGE + "\n");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(seconds).toBeLessThan(10);
    const maxRssMb = Number(readFileSync(rss, "utf8")) / 1024;
    expect(maxRssMb).toBeGreaterThan(16); // it did read the 16 MiB it may hold
    expect(maxRssMb).toBeLessThan(200);
  });

  it("an endless FILE (/dev/zero) is read only up to the limit too", () => {
    const r = run(["decode", "/dev/zero", "--max-bytes", "1000"]);
    expect([r.status, r.stderr]).toEqual([1, "error: (body): expected a body of at most 1000 bytes, found more than 1000 bytes\n"]);
  });

  it("a huge FILE is refused by its size, before it is read, with the decoder's own error", () => {
    const huge = join(dir, "huge.xml");
    const fd = openSync(huge, "w");
    ftruncateSync(fd, 8 * 1024 * 1024 * 1024); // 8 GiB, sparse: reading it all would take far longer than the test allows
    closeSync(fd);
    const start = Date.now();
    const r = run(["decode", huge]);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, "", "error: (body): expected a body of at most 16777216 bytes, found 8589934592 bytes\n"]);
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  it("--max-bytes N sets the limit: a body of N bytes decodes, one of N+1 gets the decoder's too-large error", () => {
    const body = file("seed1.xml", SEED1);
    const n = Buffer.byteLength(SEED1);
    expect(run(["decode", body, "--max-bytes", String(n)]).status).toBe(0);
    expect(run(["decode", "-", `--max-bytes=${n}`], SEED1).status).toBe(0);
    const decoder = `error: ${formatIssue(decodeErrors(Buffer.from(SEED1), { maxBytes: n - 1 })[0]!)}\n`;
    const fromFile = run(["decode", body, "--max-bytes", String(n - 1)]);
    expect([fromFile.status, fromFile.stderr]).toEqual([1, decoder]);
    const fromStdin = run(["decode", "-", "--max-bytes", String(n - 1)], SEED1);
    expect([fromStdin.status, fromStdin.stderr]).toEqual([1, `error: (body): expected a body of at most ${n - 1} bytes, found more than ${n - 1} bytes\n`]);
  });

  it.each([["0"], ["-5"], ["1.5"], ["abc"], ["1e3"], [""], ["99999999999999999999"]])("--max-bytes %j is a usage error (exit 2)", (n) => {
    for (const args of [["decode", "x.xml", "--max-bytes", n], ["decode", "x.xml", `--max-bytes=${n}`]]) {
      const r = run(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^ci-callback: --max-bytes takes a positive integer, got /);
      noStack(r.stderr);
    }
    expect(run(["decode", "x.xml", "--max-bytes"]).stderr).toMatch(/^ci-callback: --max-bytes takes a positive integer, got nothing/);
  });

  it("--max-issues N lists at most N warnings (or errors), then one line saying how many more", () => {
    const extra = Array.from({ length: 50 }, (_, i) => `<Extra${i}>v</Extra${i}>`).join("");
    const body = SEED1.replace("<Tag>PicProcess</Tag>", `<Tag>PicProcess</Tag>${extra}`);
    const r = run(["decode", "-", "--max-issues", "3"], body);
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual([...[0, 1, 2].map((i) => expect.stringMatching(new RegExp(`^warning: JobsDetail\\.Extra${i}: `))), "warning: (body): 47 more warnings not listed (maxIssues is 3)"]);
    expect(lines(run(["decode", "-"], body).stderr)).toHaveLength(50); // the default is 100
    const strict = run(["decode", "-", "--strict", "--max-issues=2"], body);
    expect(strict.status).toBe(1);
    expect(lines(strict.stderr)).toHaveLength(3);
    expect(lines(strict.stderr)[2]).toMatch(/^error: \(body\): stopped after 2 errors \(maxIssues\)/);
    for (const n of ["0", "2.5", "x"]) {
      const bad = run(["decode", "-", "--max-issues", n], body);
      expect([bad.status, bad.stderr.split("\n")[0]]).toEqual([2, `ci-callback: --max-issues takes a positive integer, got ${JSON.stringify(n)}`]);
    }
  });

  it("a closed standard output (| head -c 10) ends quietly: no EPIPE, no stack trace, the usual exit status", () => {
    // A 1 MB model: far more than a pipe holds, so the writes do meet the closed pipe.
    const big = file("big.xml", SEED1.replace("This is my PicProcess job.", "x".repeat(1_000_000)));
    const r = shell(`node "$BIN" decode ${JSON.stringify(big)} | head -c 10; echo "status=\${PIPESTATUS[0]}" >&2`);
    expect(r.stdout).toBe("{\n  \"Event");
    expect(r.stderr).toBe("status=0\n");
  });

  it("a standard output that cannot be written (/dev/full) is one line on stderr and exit status 2", () => {
    const r = shell(`node "$BIN" decode ${JSON.stringify(join(SAMPLES, "seed-sample-1.xml"))} > /dev/full`);
    expect([r.status, r.stderr]).toEqual([2, "ci-callback: cannot write standard output: ENOSPC\n"]);
  });

  it("a closed standard error ends quietly too, with the usual exit status", () => {
    const extra = Array.from({ length: 5000 }, (_, i) => `<Extra${i}>v</Extra${i}>`).join("");
    const noisy = file("noisy.xml", SEED1.replace("<Tag>PicProcess</Tag>", `<Tag>PicProcess</Tag>${extra}`));
    const r = shell(`node "$BIN" decode ${JSON.stringify(noisy)} 2>&1 >/dev/null | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`);
    expect(r.stdout).toBe("status=0\n");
  });

  /** C0 and C1 controls (a newline too: every line is one issue), DEL, line separators, bidi controls, lone surrogates. */
  const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  it("a JSON key that holds a forged error line yields exactly one warning line, escaped, and exit 0", () => {
    const key = "\nerror: JobsDetail.JobId: expected JobId (required), found nothing\u001b[31m\u202e\r\u2028\u0085";
    const body = sample("seed-sample-3.json").replace('"Tag": "PicProcess",', `"Tag": "PicProcess", ${JSON.stringify(key)}: "x",`);
    const r = run(["decode", "-"], body);
    expect(r.status).toBe(0);
    const out = r.stderr.split("\n");
    expect(out.pop()).toBe(""); // ends with a newline
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^warning: /);
    expect(out[0]).toContain("error: JobsDetail.JobId");
    expect(out[0]).toContain("\\n"); // the newline, shown escaped
    expect(out[0]).not.toMatch(RAW_CONTROL);
    expect(lines(r.stderr).filter((l) => l.startsWith("error:"))).toEqual([]);
  });

  it("an XML text that holds control characters is shown escaped in an error line", () => {
    const body = SEED1.replace("<Height>417</Height>", "<Height>4&#10;error: forged&#x9B;2J&#x202E;&#133;</Height>");
    const r = run(["decode", "-"], body);
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: JobsDetail\.Operation\.PicProcessResult\.OriginalInfo\.ImageInfo\.Height: /);
    expect(r.stderr.slice(0, -1)).not.toMatch(RAW_CONTROL);
  });

  it("arguments are shown escaped in usage errors", () => {
    const r = run(["decode", "--bad\nerror: forged\u001b[2J"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe('ci-callback: unknown option "--bad\\nerror: forged\\u001b[2J"');
    expect(lines(r.stderr).filter((l) => l.startsWith("error:"))).toEqual([]);
  });

  it("with exit status 0, no line on standard error starts with error:", () => {
    const bodies = [sample("seed-sample-2.xml"), SEED1.replace("<State>Success</State>", "<State>Paused\nerror: x</State>")];
    for (const body of bodies) {
      const r = run(["decode", "-"], body);
      expect(r.status).toBe(0);
      expect(lines(r.stderr).filter((l) => !l.startsWith("warning: "))).toEqual([]);
    }
  });
});
