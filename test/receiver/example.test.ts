import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

/** examples/receiver.mjs, run as the README says, on the built package, with samples POSTed to it. */
let child: ChildProcess;
let url: string;
let out = "";
let err = "";
beforeAll(async () => {
  child = spawn(process.execPath, [join(ROOT, "examples/receiver.mjs"), "0"], { cwd: ROOT });
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (err += d));
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", () => {
      const m = /receiving CI callbacks on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`the example exited (${code}): ${err}`)));
  });
});
afterAll(() => void child.kill("SIGTERM"));

const until = async (what: () => boolean) => {
  for (let i = 0; i < 100 && !what(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe("examples/receiver.mjs", () => {
  it("logs each callback through its typed handler, and refuses an invalid body on stderr", async () => {
    const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"));
    let r = await fetch(url, { method: "POST", headers: { "content-type": "application/xml" }, body: seed });
    expect(r.status).toBe(200);
    await until(() => out.includes("image job"));
    expect(out).toContain("image job c93984788066911ed89ed352d4d9d2084 Success: 500x417");
    const audit = readFileSync(join(ROOT, "spec/samples/text-audit-simple-callback", "vendor-sample-1.json"));
    r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-ci-content-version": "Simple" }, body: audit });
    expect(r.status).toBe(200);
    await until(() => out.includes("TextAuditSimpleCallback"));
    expect(out).toMatch(/TextAuditSimpleCallback \(TextAuditSimpleCallback:[^)]*\) Simple/);
    r = await fetch(url, { method: "POST", headers: { "content-type": "application/xml" }, body: seed.toString().replace("<Width>500</Width>", "<Width>5x</Width>") });
    expect(r.status).toBe(400);
    await until(() => err.includes("refused"));
    expect(err).toContain("refused (400 invalid):\n  JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Width: expected");
  });
});
