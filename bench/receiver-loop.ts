/**
 * The node adapter's own cost, without sockets: `npm run bench:receiver-loop`. Each request is a
 * fake one (an EventEmitter with the seed as its one chunk, each with a job id of its own) and a
 * response that only records what it is given, through the adapter's whole path (body events,
 * decode, seen key, store, handler, answer); beside it, the decode alone and the seen key alone,
 * on the same bodies. Prints processor time per request, the least of 7 rounds of 20,000. Over
 * HTTP (bench/receiver.ts) every step costs more (node's own work between them evicts the
 * decoder's code and data from the caches), but the shares are the same.
 */
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withJobIds } from "./bodies.js";
import { buildCompiled } from "./compiled.js";

const ROOT = join(import.meta.dirname, "..");
const compiled = await buildCompiled(ROOT);
try {
  const { createCallbackHandler, decodeCallback, bodySeenKey } = (await import(compiled.indexUrl)) as typeof import("../generated/src/index.js");
  const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");
  const withJobId = withJobIds(seed);
  const N = 1 << 16;
  // Far more bodies than the seen store keeps (10,000): each has been evicted when it comes round again, so every one reaches the handler.
  const bodies = Array.from({ length: N }, (_, i) => Buffer.from(withJobId(i)));
  let handled = 0;
  // batch: false, so that each request runs its whole path at once (batched, a loop of synchronous requests would only queue the bodies until the loop ends).
  const handler = createCallbackHandler({ batch: false, on: { PicProcessCallback: (p) => void (p.JobsDetail.JobId && handled++) } });
  const headers = { host: "127.0.0.1", "content-type": "application/xml", "content-length": String(bodies[0]!.length), connection: "keep-alive" };
  class FakeRequest extends EventEmitter {
    method = "POST";
    headers = headers;
    pause() {}
    destroy() {}
  }
  let answered = 0;
  const res = { headersSent: false, writableEnded: false, writeHead: () => res, end: () => void answered++ };
  const decoded = decodeCallback(bodies[0]!);
  let k = 0;
  const next = () => bodies[k++ % N]!;
  const tasks: Record<string, () => unknown> = {
    "node adapter, whole path": () => {
      const req = new FakeRequest();
      void handler.node(req, res);
      req.emit("data", next());
      req.emit("end");
    },
    "decodeCallback alone": () => decodeCallback(next()),
    "bodySeenKey alone": () => bodySeenKey(decoded.kind, decoded.payload, next()),
  };
  const best: Record<string, number> = {};
  const n = 20_000;
  for (let round = 0; round < 7; round++) {
    for (const [name, f] of Object.entries(tasks)) {
      const t = process.cpuUsage();
      for (let i = 0; i < n; i++) f();
      const u = process.cpuUsage(t);
      best[name] = Math.min(best[name] ?? Infinity, (u.user + u.system) / n);
    }
  }
  const calls = 7 * n;
  if (handled !== calls || answered !== calls) throw new Error(`${calls} requests, ${handled} handled, ${answered} answered`);
  console.log(`the node adapter without sockets (seed-sample-2.xml, ${bodies[0]!.length} bytes; least of 7 rounds of ${n}):`);
  for (const [name, micros] of Object.entries(best)) console.log(`  ${name.padEnd(26)} ${micros.toFixed(1)} µs a request`);
} finally {
  compiled.remove();
}
