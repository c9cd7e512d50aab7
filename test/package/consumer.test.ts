import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, SAMPLES } from "../helpers.js";

/**
 * The package as a stranger consumes it: packed with npm pack, installed from the tarball into
 * a fresh project (dependencies from the npm cache or registry), a consumer compiled under
 * strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess, run as ESM and as CommonJS,
 * and the CLI run through npx.
 */
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
let project: string;

const CONSUMER = (module: "esm" | "cjs") => `
// The same source compiles to ESM (.mts: import condition) and CommonJS (.cts: require condition).
import { readFileSync } from "node:fs";
import { CallbackDecodeError, decodeCallback, encodeCallback, isPicProcessCallback, type CallbackPayload, type PicProcessCallback } from "tencent-ci-callbacks";

function describeJob(p: PicProcessCallback): string {
  const info = p.JobsDetail.Operation.PicProcessResult?.OriginalInfo?.ImageInfo;
  const headers = p.JobsDetail.Input.CosHeaders ?? [];
  const first = headers[0]; // noUncheckedIndexedAccess: possibly undefined
  return [p.EventName, p.JobsDetail.Tag, info?.Width ?? "-", info?.Ave ?? "-", headers.length, first?.Value ?? "-"].join(" ");
}

const out: string[] = [];
for (const file of process.argv.slice(2)) {
  try {
    const result = decodeCallback(readFileSync(file));
    if (result.kind === "PicProcessCallback") out.push(describeJob(result.payload));
    const payload: CallbackPayload = result.payload;
    if (isPicProcessCallback(payload)) out.push("guard " + payload.JobsDetail.JobId);
    out.push("roundtrip " + String(JSON.stringify(decodeCallback(encodeCallback(payload)).payload) === JSON.stringify(payload)));
  } catch (e) {
    if (e instanceof CallbackDecodeError) out.push("refused " + e.errors.map((x) => x.code + "@" + (x.path || "(body)")).join(","));
    else throw e;
  }
}
// Type-checked only: misuse must not compile.
export function misuse(p: PicProcessCallback): void {
  // @ts-expect-error Width is a number
  const width: string | undefined = p.JobsDetail.Operation.PicProcessResult?.OriginalInfo?.ImageInfo?.Width;
  // @ts-expect-error Workflow is optional
  const run: string = p.JobsDetail.Workflow.RunId;
  void width;
  void run;
}
console.log(["${module}", ...out].join("\\n"));
`;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "consumer-"));
  execFileSync("npm", ["pack", "--pack-destination", project], { cwd: join(ROOT, "generated"), stdio: "pipe" });
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"))!;
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${tarball}`, "@types/node@20"], { cwd: project, stdio: "pipe" });
  writeFileSync(join(project, "consumer.mts"), CONSUMER("esm"));
  writeFileSync(join(project, "consumer.cts"), CONSUMER("cjs"));
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, types: ["node"], outDir: "out" }, files: ["consumer.mts", "consumer.cts"] }),
  );
  cpSync(SAMPLES, join(project, "samples"), { recursive: true });
}, 180_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("a fresh project that installs the packed tarball", () => {
  it("ships what it should: dist (ESM, CommonJS, schemas), bin, README, LICENSE, CHANGELOG; no sources or tests", () => {
    const files = execFileSync("tar", ["-tzf", readdirSync(project).find((f) => f.endsWith(".tgz"))!], { cwd: project, encoding: "utf8" }).split("\n");
    for (const f of ["package/dist/esm/index.js", "package/dist/esm/index.d.ts", "package/dist/cjs/index.js", "package/dist/cjs/index.d.ts", "package/dist/cjs/package.json", "package/dist/schemas/pic-process-callback.json", "package/bin/ci-callback.js", "package/README.md", "package/LICENSE", "package/CHANGELOG.md"]) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith("package/src/"))).toBe(false);
  });

  it("compiles a consumer under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess", () => {
    const r = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.each([
    ["ESM", "out/consumer.mjs"],
    ["CommonJS", "out/consumer.cjs"],
  ])("runs as %s and decodes the seed's samples", (_kind, file) => {
    const samples = ["seed-sample-1.xml", "seed-sample-2.xml", "seed-sample-3.json", "seed-sample-3-as-published.json"].map((s) => `samples/${s}`);
    const out = execFileSync(process.execPath, [file, ...samples], { cwd: project, encoding: "utf8" }).trim().split("\n");
    expect(out.slice(1)).toEqual([
      "TaskFinish PicProcess 500 0xc64847 0 -",
      "guard c93984788066911ed89ed352d4d9d2084",
      "roundtrip true",
      "TaskFinish PicProcess 500 0xc64847 4 image/jpeg",
      "guard c93984788066911ed89ed352d4d9d2084",
      "roundtrip true",
      "TaskFinish PicProcess 500 0xc64847 4 image/jpeg",
      "guard c93984788066911ed89ed352d4d9d2084",
      "roundtrip true",
      "refused syntax@(body)",
    ]);
  });

  it("runs the CLI through npx", () => {
    const r = spawnSync("npx", ["--no-install", "ci-callback", "decode", "samples/seed-sample-2.xml"], { cwd: project, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).JobsDetail.Input.CosHeaders[3]).toEqual({ Key: "Size", Value: "1024" });
    const bad = spawnSync("npx", ["--no-install", "ci-callback", "decode", "samples/seed-sample-3-as-published.json"], { cwd: project, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: \(body\): the body is not valid JSON at line 39/);
  });
});
