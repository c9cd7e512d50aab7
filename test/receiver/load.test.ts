import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackDescriptors } from "../../generated/src/index.js";
import { ROOT } from "../helpers.js";
import { kindsCovered, type LoadBody, loadBodies } from "./load-bodies.js";

/**
 * A bounded concurrent load with a real load generator (autocannon, 50 connections) on the node
 * adapter over node:http, in a server process of its own: 5,000 valid callbacks (every callback
 * kind, each with a job id of its own) and 1,000 invalid ones, mixed. Every valid one must reach
 * its kind's handler exactly once, every invalid one onInvalid, and the server's memory must stay
 * bounded.
 */
const VALID = 5000;
const INVALID = 1000;
const CONNECTIONS = 50;

interface Report {
  handled: Record<string, number>;
  invalid: number;
  unknown: number;
  baseline: { rss: number; heapUsed: number };
  peak: { rss: number; heapUsed: number };
  after: { rss: number; heapUsed: number };
}

let child: ChildProcess;
let port: number;
beforeAll(async () => {
  child = fork(join(ROOT, "test/receiver/load-server.mjs"), { execArgv: ["--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the load server exited (${code})`)));
  });
});
afterAll(() => void child.kill());

const report = () =>
  new Promise<Report>((resolve) => {
    child.once("message", (m) => resolve(m as Report));
    child.send("report");
  });
const MB = 1024 * 1024;

describe("the receiver under load", () => {
  it(`takes ${VALID + INVALID} requests on ${CONNECTIONS} connections: each valid callback handled exactly once, each invalid one refused through onInvalid, memory bounded`, async () => {
    const bodies = loadBodies(ROOT, VALID, INVALID);
    expect(kindsCovered(bodies)).toBe(callbackDescriptors.length);
    const built: LoadBody[] = [];
    let next = 0;
    const started = performance.now();
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/`,
      connections: CONNECTIONS,
      amount: bodies.length,
      timeout: 30,
      requests: [
        {
          setupRequest: (req) => {
            // autocannon builds a request ahead on each connection: the last few built are not sent.
            const b = bodies[next++ % bodies.length]!;
            built.push(b);
            return { ...req, method: "POST", path: "/", headers: { "content-type": b.contentType }, body: b.body };
          },
        },
      ],
    });
    const seconds = (performance.now() - started) / 1000;
    const r = await report();
    const ok = result["2xx"];
    const refused = result.non2xx;
    const handledKeys = Object.keys(r.handled);
    console.log(
      `load: ${result.requests.total} requests in ${seconds.toFixed(1)} s (${Math.round(result.requests.total / seconds)}/s, p99 latency ${result.latency.p99} ms); ` +
        `${ok} answered 200, ${refused} 400; server memory: rss ${(r.baseline.rss / MB).toFixed(0)} MB at start, peak ${(r.peak.rss / MB).toFixed(0)} MB; ` +
        `heap ${(r.baseline.heapUsed / MB).toFixed(1)} MB, peak ${(r.peak.heapUsed / MB).toFixed(1)} MB, ${(r.after.heapUsed / MB).toFixed(1)} MB after a GC`,
    );
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(ok + refused).toBe(bodies.length);
    // Exactly once: each job id reached its kind's handler once, and as many did as were answered 200.
    expect(Object.values(r.handled).every((n) => n === 1)).toBe(true);
    expect(handledKeys.length).toBe(ok);
    const validBuilt = new Set(built.filter((b) => b.kind !== undefined).map((b) => `${b.kind}|${b.id}`));
    for (const k of handledKeys) expect(validBuilt.has(k), k).toBe(true);
    // Everything built was sent but the requests built ahead at the end (at most one per connection).
    expect(built.length - bodies.length).toBeLessThanOrEqual(CONNECTIONS);
    expect(built.length).toBeGreaterThanOrEqual(bodies.length);
    const sent = built.slice(0, bodies.length);
    expect(ok).toBe(sent.filter((b) => b.kind !== undefined).length);
    expect(ok).toBe(VALID);
    // Every invalid body reached onInvalid, and was answered 400.
    expect(refused).toBe(INVALID);
    expect(r.invalid).toBe(INVALID);
    expect(r.unknown).toBe(0);
    // Memory: the peak stays within 150 MB of the idle server's, and nothing is kept but the seen keys.
    expect(r.peak.rss - r.baseline.rss).toBeLessThan(150 * MB);
    expect(r.after.heapUsed - r.baseline.heapUsed).toBeLessThan(16 * MB);
  });
});
