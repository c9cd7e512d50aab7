// The server of the receiver's load test, in a process of its own (so that its memory is its
// own): the built package's node adapter on node:http, a typed handler for every callback kind
// that counts each job id it receives, and the peak of its memory, sampled every 20 ms.
// Run with --expose-gc. Reports { port } at start and its counts on the message "report".
import { createServer } from "node:http";
import { callbackDescriptors, createCallbackHandler } from "../../generated/dist/esm/index.js";
import { idOf } from "./load-id.mjs";

const handled = {};
let invalid = 0;
let unknown = 0;
const on = {};
for (const { kind } of callbackDescriptors) {
  on[kind] = async (payload, event) => {
    if (event.kind !== kind) throw new Error(`the ${kind} handler got a ${event.kind}`);
    const key = `${kind}|${idOf(payload)}`;
    handled[key] = (handled[key] ?? 0) + 1;
    await new Promise((r) => setImmediate(r)); // as if it wrote somewhere
  };
}
const handler = createCallbackHandler({ on, onInvalid: () => void invalid++, onUnknownKind: () => void unknown++ });
const server = createServer(handler.node);

globalThis.gc();
const baseline = process.memoryUsage();
let peakRss = baseline.rss;
let peakHeap = baseline.heapUsed;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
setInterval(sample, 20).unref();

server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (m) => {
  if (m !== "report") return;
  sample();
  globalThis.gc();
  const after = process.memoryUsage();
  process.send({ handled, invalid, unknown, baseline: { rss: baseline.rss, heapUsed: baseline.heapUsed }, peak: { rss: peakRss, heapUsed: peakHeap }, after: { rss: after.rss, heapUsed: after.heapUsed } });
});
