// A server for bench/receiver.ts, in a process of its own: `bare` only reads the body and answers
// 200; `receiver` is the package's node adapter (default options: the in-memory seen store on)
// with a PicProcessCallback handler. argv: mode, file: URL of the built package's index.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const [mode, indexUrl] = process.argv.slice(2);
let listener: (req: IncomingMessage, res: ServerResponse) => void;
let handled = 0;
let requests = 0;
if (mode === "bare") {
  listener = (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (body.byteLength > 0) handled++;
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end('{"ok":true}');
    });
  };
} else {
  const { createCallbackHandler } = (await import(indexUrl!)) as typeof import("../generated/src/index.js");
  const handler = createCallbackHandler({
    on: {
      PicProcessCallback: (payload) => {
        if (payload.JobsDetail.JobId) handled++;
      },
    },
  });
  listener = (req, res) => {
    requests++;
    void handler.node(req, res);
  };
}
const server = createServer(listener);
server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
// Asked, it tells how many requests it took and how much processor time it has used (µs).
process.on("message", () => {
  const cpu = process.cpuUsage();
  process.send!({ handled, requests, cpuMicros: cpu.user + cpu.system });
});
process.on("SIGINT", () => process.exit(0));
