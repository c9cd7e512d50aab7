import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallbackHandler } from "../../generated/src/index.js";
import { ROOT, SAMPLES, sample } from "../helpers.js";

/** ci-callback send FILE URL, against a real receiver on 127.0.0.1. */
const bin = join(ROOT, "generated/bin/ci-callback.js");
function run(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

const received: { kind: string; version: string | undefined; type: string | undefined }[] = [];
let server: Server;
let url: string;
beforeAll(async () => {
  const handler = createCallbackHandler({
    seen: false,
    onAny: (e) => void received.push({ kind: e.kind, version: e.headers["x-ci-content-version"], type: e.headers["content-type"] }),
  });
  server = createServer(handler.node);
  await new Promise<void>((d) => server.listen(0, "127.0.0.1", d));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((d) => server.close(() => d())));

describe("ci-callback send", () => {
  it("POSTs a file with the Content-Type of its format and the headers given, prints the answer, exits 0", async () => {
    received.length = 0;
    let r = await run(["send", join(SAMPLES, "seed-sample-2.xml"), url, "-H", "X-Ci-Content-Version: Detail"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('200 OK\n{"ok":true,"kind":"PicProcessCallback"}\n');
    r = await run(["send", "-", url], sample("seed-sample-3.json"));
    expect(r.status).toBe(0);
    expect(received).toEqual([
      { kind: "PicProcessCallback", version: "Detail", type: "application/xml" },
      { kind: "PicProcessCallback", version: undefined, type: "application/json" },
    ]);
  });

  it("exits 1 on an answer other than 2xx, printing it", async () => {
    const r = await run(["send", "-", url, "--content-type", "image/png"], sample("seed-sample-2.xml"));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^415 Unsupported Media Type\n\{"ok":false,"error":"unusable Content-Type/);
    const invalid = await run(["send", "-", url], sample("seed-sample-2.xml").replace("<Width>500</Width>", "<Width>5x</Width>"));
    expect(invalid.status).toBe(1);
    expect(JSON.parse(invalid.stdout.split("\n")[1]!).errors[0]).toMatchObject({ path: "JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Width", code: "integer" });
  });

  it("exits 2 with one line when the URL cannot be reached or the arguments are wrong", async () => {
    const closed = createServer();
    await new Promise<void>((d) => closed.listen(0, "127.0.0.1", d));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((d) => closed.close(() => d()));
    let r = await run(["send", join(SAMPLES, "seed-sample-2.xml"), `http://127.0.0.1:${port}/`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ci-callback: cannot send to http://127.0.0.1:${port}/: ECONNREFUSED\n`);
    for (const [args, message] of [
      [["send", "x.xml"], "send takes a FILE (or -) and a URL"],
      [["send", "x.xml", "ftp://host/"], 'send takes an http:// or https:// URL, got "ftp://host/"'],
      [["send", "x.xml", url, "-H", "novalue"], '-H takes "Name: value", got "novalue"'],
    ] as const) {
      r = await run([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr.split("\n")[0]).toBe(`ci-callback: ${message}`);
    }
  });
});
