// A callback receiver on node:http, with the built package (npm run generate builds it):
//
//   node examples/receiver.mjs [PORT]          # default 8080; PORT=0 picks a free one
//   npx ci-callback send spec/samples/pic-process-callback/seed-sample-2.xml http://127.0.0.1:8080/
//   curl -H 'Content-Type: application/xml' --data-binary @spec/samples/pic-process-callback/seed-sample-2.xml http://127.0.0.1:8080/
//
// Give CI the URL as the callback address of a queue, a workflow or a job (Callback).
import { createServer } from "node:http";
import { createCallbackHandler, formatIssue } from "tencent-ci-callbacks";

const handler = createCallbackHandler({
  on: {
    // Each handler gets its kind's model, typed, and the event: headers, warnings, raw body.
    PicProcessCallback: async (payload) => {
      const info = payload.JobsDetail.Operation.PicProcessResult?.OriginalInfo?.ImageInfo;
      console.log(`image job ${payload.JobsDetail.JobId} ${payload.JobsDetail.State}: ${info?.Width}x${info?.Height}`);
    },
    MediaTranscodeCallback: async (payload) => {
      console.log(`transcode ${payload.JobsDetail.JobId} ${payload.JobsDetail.State} -> ${payload.JobsDetail.Operation.Output?.Object}`);
    },
  },
  // Every other kind. The answer is 200 once this promise resolves; if it rejects, 500 and CI sends it again.
  onAny: async (event) => console.log(`${event.kind} (${event.key})`, event.headers["x-ci-content-version"] ?? ""),
  // Bodies refused (400, 413, 415): kept before the answer goes, with the raw body and every error.
  onInvalid: (refused) => {
    console.warn(`refused (${refused.status} ${refused.reason}):`);
    for (const e of refused.errors) console.warn(`  ${formatIssue(e)}`);
  },
  onUnknownKind: (refused) => console.warn(`no callback kind: ${refused.errors.map(formatIssue).join("; ")}`),
  maxBodyBytes: 16 * 1024 * 1024,
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const server = createServer((req, res) => {
  if (req.url === "/healthz") return void res.end("ok\n");
  void handler.node(req, res);
});
server.listen(port, () => console.log(`receiving CI callbacks on http://127.0.0.1:${server.address().port}/`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
