// A server for bench/receiver.ts, in a process of its own: `bare` only reads the body and answers
// 200, each request as its body ends; `bare-batched` the same, answering the bodies whose reading
// ended in one turn of the event loop together right after it (setImmediate), as the receiver
// does by default; `json-parse` is the bare server that also runs JSON.parse on the callback's
// JSON form (made once at start) for every request: what the receiver would cost if decoding cost
// no more than V8's own parser and the receiver nothing else; `decode` is the bare server that
// also runs the package's decodeCallback on the body it read, and does nothing else: what is left
// of the receiver (unbatched) once its own steps (seen key and store, handler, answer) cost
// nothing, and `decode-batched` the same answering as `bare-batched` does; `receiver` is the package's node adapter (default options: the in-memory seen store
// on, bodies batched) with a PicProcessCallback handler; `receiver-unbatched` the same with
// `batch: false`; `receiver-no-store` the same as `receiver` with a seen store that does nothing
// (the key is still made), and `receiver-no-key` with neither (a constant key): the steps of the
// receiver's ladder (`npm run bench:receiver -- --ladder`), whose differences are the store's cost
// and the key's.
// argv: mode, file: URL of the built package's index.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const [mode, indexUrl] = process.argv.slice(2);
let listener: (req: IncomingMessage, res: ServerResponse) => void;
let handled = 0;
let requests = 0;
const batched = mode === "bare-batched" || mode === "decode-batched";
if (mode === "bare" || mode === "bare-batched" || mode === "json-parse" || mode === "decode" || mode === "decode-batched") {
  // What the server does with each body besides reading it: nothing (bare); JSON.parse of the
  // seed's JSON form, made once by the package's own decoder and encoder (the same callback as the
  // body); or decodeCallback of the body. The package is loaded only for those two.
  type Found = { JobsDetail?: { JobId?: string } };
  let work: ((body: Buffer) => Found) | undefined;
  if (mode !== "bare" && mode !== "bare-batched") {
    const { decodeCallback, encodeCallback } = (await import(indexUrl!)) as typeof import("../generated/src/index.js");
    if (mode === "json-parse") {
      const json = encodeCallback(decodeCallback(readFileSync(new URL("../spec/samples/pic-process-callback/seed-sample-2.xml", import.meta.url), "utf8")).payload, { format: "json" });
      work = () => JSON.parse(json) as Found;
    } else work = (body) => decodeCallback(body).payload as Found;
  }
  const answer = (body: Buffer, res: ServerResponse) => {
    // Counted as handled only when the parse (or the decode) found the callback's job (it always does).
    const found = work?.(body);
    if (body.byteLength > 0 && (found === undefined || found.JobsDetail?.JobId)) handled++;
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end('{"ok":true}');
  };
  // bare-batched, decode-batched: the bodies read in this turn, answered together after it.
  let queued: [Buffer, ServerResponse][] = [];
  const drain = () => {
    const jobs = queued;
    queued = [];
    for (const [body, res] of jobs) answer(body, res);
  };
  listener = (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (!batched) answer(body, res);
      else if (queued.push([body, res]) === 1) setImmediate(drain);
    });
  };
} else {
  const { createCallbackHandler } = (await import(indexUrl!)) as typeof import("../generated/src/index.js");
  const nothing = { has: () => false, add: () => {} };
  const handler = createCallbackHandler({
    on: {
      PicProcessCallback: (payload) => {
        if (payload.JobsDetail.JobId) handled++;
      },
    },
    ...(mode === "receiver-no-store" ? { seen: nothing } : mode === "receiver-no-key" ? { seen: nothing, key: () => "key" } : mode === "receiver-unbatched" ? { batch: false } : {}),
  });
  listener = (req, res) => {
    requests++;
    void handler.node(req, res);
  };
}
/** Requests whose response is over (sent, or its connection closed): the same count, in every mode. */
let over = 0;
const server = createServer((req, res) => {
  res.once("close", () => over++);
  listener(req, res);
});
server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
// Asked, it tells how many requests it took, how many reached the handler (or the decode), and how
// much processor time it has used (µs): once every request it took is over (at most 2 s), so that
// a request taken before the load stopped, whose body the receiver has read but not yet handled
// (it batches), is counted on both sides.
process.on("message", async () => {
  const until = Date.now() + 2000;
  while (over < requests && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
  const cpu = process.cpuUsage();
  process.send!({ handled, requests, cpuMicros: cpu.user + cpu.system });
});
process.on("SIGINT", () => process.exit(0));
