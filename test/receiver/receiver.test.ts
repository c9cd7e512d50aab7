import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CallbackEvent,
  type CallbackHandlerOptions,
  type CallbackKind,
  callbackDescriptors,
  createCallbackHandler,
  decodeCallback,
  type DecodeIssue,
  type RefusedCallback,
} from "../../generated/src/index.js";
import { loadModel } from "../../generator/model/load.js";
import { ROOT } from "../helpers.js";
import { post, postStream } from "./post.js";
import { type Running, SERVER_KINDS, type ServerKind, start } from "./servers.js";

/**
 * The receiver over real HTTP: each of the four servers (node:http, Express 5, Fastify 5, Hono on
 * @hono/node-server) runs a createCallbackHandler on 127.0.0.1, and every sample of the spec is
 * POSTed to it, then hostile and broken requests.
 */
const model = loadModel(join(ROOT, "spec"), ROOT);
const KINDS = callbackDescriptors.map((d) => d.kind);
const typeOf = (format: "xml" | "json") => (format === "xml" ? "application/xml" : "application/json");

interface Calls {
  handled: { kind: string; payload: unknown; headers: Readonly<Record<string, string>> }[];
  invalid: RefusedCallback[];
  unknown: RefusedCallback[];
  errors: unknown[];
}

/** A handler with a typed handler for every callback kind that records what it receives. */
function recording(options: Partial<CallbackHandlerOptions> = {}, behaviour?: (event: CallbackEvent) => unknown) {
  const calls: Calls = { handled: [], invalid: [], unknown: [], errors: [] };
  const on: Record<string, (payload: unknown, event: CallbackEvent) => unknown> = {};
  for (const k of KINDS)
    on[k] = (payload, event) => {
      expect(event.kind).toBe(k);
      expect(event.payload).toBe(payload);
      calls.handled.push({ kind: k, payload, headers: event.headers });
      return behaviour?.(event);
    };
  const handler = createCallbackHandler({
    on: on as CallbackHandlerOptions["on"],
    onInvalid: (r) => void calls.invalid.push(r),
    onUnknownKind: (r) => void calls.unknown.push(r),
    onError: (e) => void calls.errors.push(e),
    ...options,
  });
  return { handler, calls };
}

const issues = (errors: readonly DecodeIssue[]) => errors.map((e) => ({ ...e }));

// Every server with the default batching (bodies of one turn of the event loop answered together after it), and node:http without.
const SERVERS: [ServerKind, boolean][] = [...SERVER_KINDS.map((k): [ServerKind, boolean] => [k, true]), ["node:http", false]];

describe.each(SERVERS)("the receiver on %s (batch: %s)", (serverKind, batch) => {
  let server: Running;
  let calls: Calls;
  beforeAll(async () => {
    const r = recording({ seen: false, maxBodyBytes: 1024 * 1024, batch });
    calls = r.calls;
    server = await start(serverKind, r.handler);
  });
  afterAll(() => server.close());
  const reset = () => {
    calls.handled.length = calls.invalid.length = calls.unknown.length = calls.errors.length = 0;
  };

  for (const p of model.payloads) {
    const callback = p.match.length > 0;
    for (const s of p.samples) {
      const text = readFileSync(join(model.specDir, s.file));
      if (!callback) {
        if (s.invalid) continue;
        // Job responses are not callbacks, but most have the shape of the legacy media callback
        // (<Response><JobsDetail> without EventName), and decodeCallback takes them as one: the
        // receiver answers each as decodeCallback decodes it.
        let as: string | undefined;
        try {
          as = decodeCallback(text).kind;
        } catch {
          as = undefined;
        }
        it(`answers the job response ${s.file} as decodeCallback takes it (${as ?? "refused"})`, async () => {
          reset();
          const r = await post(server.url, text, { "content-type": typeOf(s.format) });
          if (as !== undefined) {
            expect(r.json).toEqual({ ok: true, kind: as });
            expect(calls.handled.map((c) => c.kind)).toEqual([as]);
            return;
          }
          expect(r.status).toBe(400);
          expect(calls.handled).toEqual([]);
          const refused = [...calls.unknown, ...calls.invalid];
          expect(refused).toHaveLength(1);
          expect(refused[0]!.reason).toBe(refused[0]!.errors.some((e) => e.code === "unknown-payload") ? "unknown-kind" : "invalid");
          expect(Buffer.from(refused[0]!.body as Uint8Array).equals(text)).toBe(true);
        });
        continue;
      }
      if (s.invalid) {
        it(`answers the invalid sample ${s.file} 400 with its errors, after onInvalid`, async () => {
          reset();
          const r = await post(server.url, text, { "content-type": typeOf(s.format) });
          expect(r.status).toBe(400);
          let expected: readonly DecodeIssue[] = [];
          try {
            decodeCallback(text, { format: s.format });
          } catch (e) {
            expected = (e as { errors: readonly DecodeIssue[] }).errors;
          }
          expect(expected.length).toBeGreaterThan(0);
          expect(r.json.errors).toEqual(issues(expected));
          expect(calls.handled).toEqual([]);
          expect(calls.invalid).toHaveLength(1);
          expect(calls.invalid[0]!.errors).toEqual(expected);
          expect(calls.invalid[0]!.headers["content-type"]).toBe(typeOf(s.format));
        });
        continue;
      }
      it(`delivers ${s.file} to the ${s.decodesAs ?? p.name} handler, with the headers, and answers 200`, async () => {
        reset();
        const r = await post(server.url, text, { "content-type": `${typeOf(s.format)}; charset=utf-8`, "x-ci-content-version": "Detail" });
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ ok: true, kind: s.decodesAs ?? p.name });
        expect(calls.handled).toHaveLength(1);
        expect(calls.handled[0]!.kind).toBe(s.decodesAs ?? p.name);
        expect(calls.handled[0]!.payload).toStrictEqual(decodeCallback(text).payload);
        expect(calls.handled[0]!.headers["x-ci-content-version"]).toBe("Detail");
        expect(calls.invalid).toEqual([]);
      });
    }
  }

  const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");
  const seedJson = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-3.json"), "utf8");

  it("detects the format when there is no Content-Type (XML and JSON), and takes text/plain", async () => {
    reset();
    for (const [body, type] of [
      [seed, undefined],
      [seedJson, undefined],
      [seed, "text/plain"],
    ] as const) {
      // Bytes, so that fetch adds no Content-Type of its own (it gives a string text/plain).
      const r = await fetch(server.url, { method: "POST", body: Buffer.from(body), headers: type ? { "content-type": type } : {} });
      expect(r.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await r.json()).toEqual({ ok: true, kind: "PicProcessCallback" });
    }
    expect(calls.handled.map((c) => [c.kind, c.headers["content-type"]])).toEqual([
      ["PicProcessCallback", undefined],
      ["PicProcessCallback", undefined],
      ["PicProcessCallback", "text/plain"],
    ]);
  });

  it("decodes by the Content-Type's format: XML sent as JSON is refused, 400, and JSON sent as XML; blanks before either are fine", async () => {
    reset();
    const r = await post(server.url, seed, { "content-type": "application/json" });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].code).toBe("syntax");
    expect(calls.invalid).toHaveLength(1);
    const json = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-3.json"), "utf8");
    for (const body of [json, `\n ${json}`]) {
      const x = await post(server.url, body, { "content-type": "application/xml" });
      expect(x.status).toBe(400);
      expect(x.json.errors[0].code).toBe("syntax");
    }
    expect(calls.invalid).toHaveLength(3);
    expect((await post(server.url, `\n ${json}`, { "content-type": "application/json" })).status).toBe(200);
    expect((await post(server.url, `\n ${seed}`, { "content-type": "application/xml; charset=utf-8" })).status).toBe(200);
    expect(calls.handled).toHaveLength(2);
  });

  it("honours the charset: GBK and UTF-16 bodies, and a charset that overrides the XML declaration", async () => {
    reset();
    // 中文 in GBK is D6 D0 CE C4.
    const [head, tail] = seed.split("<Message/>");
    expect(tail, "the seed has an empty <Message/>").toBeDefined();
    const gbk = Buffer.concat([Buffer.from(head! + "<Message>", "latin1"), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from("</Message>" + tail, "latin1")]);
    let r = await post(server.url, gbk, { "content-type": "application/xml; charset=GBK" });
    expect(r.status).toBe(200);
    expect((calls.handled[0]!.payload as { JobsDetail: { Message?: string } }).JobsDetail.Message).toBe("中文");
    r = await post(server.url, Buffer.from(seed.replace("<Message/>", "<Message>中文</Message>"), "utf16le"), { "content-type": 'text/xml; charset="utf-16le"' });
    expect(r.status).toBe(200);
    expect((calls.handled[1]!.payload as { JobsDetail: { Message?: string } }).JobsDetail.Message).toBe("中文");
    // The header wins over the declaration (RFC 7303): UTF-8 bytes declared GBK inside, utf-8 in the header.
    const declared = `<?xml version="1.0" encoding="GBK"?>\n` + seed.replace(/^<\?xml[^>]*\?>\s*/, "").replace("<Message/>", "<Message>中文</Message>");
    r = await post(server.url, Buffer.from(declared, "utf8"), { "content-type": "application/xml; charset=utf-8" });
    expect(r.status).toBe(200);
    expect((calls.handled[2]!.payload as { JobsDetail: { Message?: string } }).JobsDetail.Message).toBe("中文");
    // Bytes that are not valid in the declared charset: 400, encoding.
    r = await post(server.url, Buffer.from([...Buffer.from(seed.slice(0, 60)), 0xff, 0xfe, 0xfd]), { "content-type": "application/xml; charset=utf-8" });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([expect.objectContaining({ code: "encoding", path: "" })]);
  });

  it("answers 415 for an unusable Content-Type or charset, after onInvalid, with what it accepts", async () => {
    reset();
    for (const type of ["application/x-www-form-urlencoded", "image/png", "multipart/form-data; boundary=x", "application/xml; charset=klingon"]) {
      const r = await post(server.url, seed, { "content-type": type });
      expect(r.status, type).toBe(415);
      expect(r.json.error).toMatch(/Content-Type/);
      expect(r.json.errors[0].message).toMatch(/^expected (a Content-Type of application\/xml|a charset this platform decodes)/);
    }
    expect(calls.invalid.map((c) => [c.reason, c.status])).toEqual(Array(4).fill(["unsupported-type", 415]));
    expect(Buffer.from(calls.invalid[0]!.body as Uint8Array).toString()).toBe(seed);
    expect(calls.handled).toEqual([]);
  });

  it("answers 405 with Allow: POST to other methods, calling nothing", async () => {
    reset();
    for (const method of ["GET", "PUT", "DELETE"]) {
      const r = await fetch(server.url, { method, ...(method === "GET" ? {} : { body: seed }) });
      expect(r.status, method).toBe(405);
      expect(r.headers.get("allow")).toBe("POST");
      expect((await r.json()).error).toMatch(new RegExp(`method ${method} is not allowed`));
    }
    expect(calls.handled).toEqual([]);
    expect(calls.invalid).toEqual([]);
  });

  it("answers 413 to a Content-Length over maxBodyBytes without reading the body", async () => {
    reset();
    const r = await postStream(server.url, 64 * 1024 * 1024, true);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0]).toMatchObject({ code: "too-large", expected: "a body of at most 1048576 bytes", found: "Content-Length 67108864" });
    expect(calls.invalid.map((c) => c.reason)).toEqual(["too-large"]);
    // The request head and what came with it: not the body, not even up to the limit.
    console.log(`${serverKind}: 413 on Content-Length: ${server.maxBytesRead()} bytes read of 64 MiB`);
    expect(server.maxBytesRead()).toBeLessThan(1024 * 1024);
  });

  it("answers 413 to a chunked body past maxBodyBytes and reads no further", async () => {
    reset();
    const r = await postStream(server.url, 256 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0]).toMatchObject({ code: "too-large", found: "more than 1048576 bytes" });
    expect(calls.invalid).toHaveLength(1);
    expect((calls.invalid[0]!.body as Uint8Array).byteLength).toBe(1024 * 1024);
    expect(r.written).toBeLessThan(64 * 1024 * 1024);
    console.log(`${serverKind}: 413 on a chunked body: ${r.written} bytes written, ${server.maxBytesRead()} read`);
    expect(server.maxBytesRead()).toBeLessThan(2 * 1024 * 1024);
  });

  it("still serves after the hostile requests", async () => {
    reset();
    const r = await post(server.url, seed, { "content-type": "application/xml" });
    expect(r.status).toBe(200);
    expect(calls.handled).toHaveLength(1);
  });

  if (serverKind === "fastify") {
    it("leaves the app's own JSON parser to its other routes", async () => {
      const r = await post(server.url.replace(/\/cb$/, "/json"), '{"a":1}', { "content-type": "application/json" });
      expect(r.json).toEqual({ parsed: { a: 1 } });
    });
  }
});

describe.each(SERVER_KINDS)("handlers on %s", (serverKind) => {
  const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");
  const other = seed.replace(/<JobId>[^<]*<\/JobId>/, "<JobId>c-second-job</JobId>");

  it("answer 500 when a handler throws or rejects (reported to onError), and the redelivery is handled again", async () => {
    let mode: "throw" | "reject" | "ok" = "throw";
    const { handler, calls } = recording({}, () => {
      if (mode === "throw") throw new Error("database down");
      if (mode === "reject") return Promise.reject(new Error("queue full"));
      return undefined;
    });
    const server = await start(serverKind, handler);
    try {
      let r = await post(server.url, seed, { "content-type": "application/xml" });
      expect(r.status).toBe(500);
      expect(r.json.error).toMatch(/PicProcessCallback handler failed/);
      mode = "reject";
      r = await post(server.url, seed, { "content-type": "application/xml" });
      expect(r.status).toBe(500);
      expect(calls.errors.map((e) => (e as Error).message)).toEqual(["database down", "queue full"]);
      mode = "ok";
      r = await post(server.url, seed, { "content-type": "application/xml" });
      expect(r.json).toEqual({ ok: true, kind: "PicProcessCallback" });
      expect(calls.handled).toHaveLength(3);
      // Now handled: a redelivery (the same body again) is answered 200 without the handler.
      r = await post(server.url, seed, { "content-type": "application/xml" });
      expect(r.json).toEqual({ ok: true, kind: "PicProcessCallback", duplicate: true });
      expect(calls.handled).toHaveLength(3);
      r = await post(server.url, other, { "content-type": "application/xml" });
      expect(r.json).toEqual({ ok: true, kind: "PicProcessCallback" });
      expect(calls.handled).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it("answer 200 only once the handler's promise resolved", async () => {
    let release!: () => void;
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const { handler } = recording({}, () => {
      entered();
      return new Promise<void>((r) => (release = r));
    });
    const server = await start(serverKind, handler);
    try {
      let answered = false;
      const reply = post(server.url, seed, { "content-type": "application/xml" }).then((r) => ((answered = true), r));
      await inHandler;
      await new Promise((r) => setTimeout(r, 150));
      expect(answered).toBe(false);
      release();
      expect((await reply).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("answer 500 when onInvalid fails, so the sender sends the body again", async () => {
    const { handler } = recording({
      onInvalid: () => {
        throw new Error("disk full");
      },
    });
    const server = await start(serverKind, handler);
    try {
      const r = await post(server.url, seed.replace("<Width>", "<Width>x"), { "content-type": "application/xml" });
      expect(r.status).toBe(500);
      expect(r.json.error).toMatch(/onInvalid hook failed/);
    } finally {
      await server.close();
    }
  });
});

describe("the node adapter behind Express body parsers", () => {
  const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");
  it("uses a Buffer (express.raw) or a string (express.text) that a parser made, and refuses a parsed object with 415 saying why", async () => {
    const express = (await import("express")).default;
    const { createServer } = await import("node:http");
    const { handler, calls } = recording({ seen: false });
    const app = express();
    app.post("/raw", express.raw({ type: () => true }), handler.node);
    app.post("/text", express.text({ type: () => true }), handler.node);
    app.post("/json", express.json({ type: () => true }), handler.node);
    app.post("/urlencoded", express.urlencoded({ extended: false, type: () => true }), handler.node);
    // express.json() for JSON only, mounted first: an XML body passes through unread and is decoded.
    app.post("/json-only", express.json(), handler.node);
    const server = createServer(app);
    await new Promise<void>((d) => server.listen(0, "127.0.0.1", d));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect((await post(`${base}/raw`, seed, { "content-type": "application/xml" })).status).toBe(200);
      expect((await post(`${base}/text`, seed, { "content-type": "application/xml" })).status).toBe(200);
      expect((await post(`${base}/json-only`, seed, { "content-type": "application/xml" })).status).toBe(200);
      expect(calls.handled.map((c) => c.kind)).toEqual(["PicProcessCallback", "PicProcessCallback", "PicProcessCallback"]);
      const json = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-3.json"), "utf8");
      for (const path of ["/json", "/urlencoded"]) {
        const r = await post(`${base}${path}`, path === "/json" ? json : "a=1", { "content-type": path === "/json" ? "application/json" : "application/x-www-form-urlencoded" });
        expect(r.status, path).toBe(415);
        expect(r.json.error).toMatch(/already parsed into an object/);
        expect(r.json.errors[0].expected).toMatch(/mount the callback handler before any body parser/);
      }
      expect(calls.invalid.map((c) => c.reason)).toEqual(["parsed-body", "parsed-body"]);
      expect(calls.handled).toHaveLength(3);
    } finally {
      await new Promise<void>((d) => {
        server.close(() => d());
        server.closeAllConnections();
      });
    }
  });
});

describe("the seen store", () => {
  const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");
  it("hashes the model in seenKey: the XML and the JSON form of one callback are one key, any change in the model another", async () => {
    const { decodeCallback, encodeCallback, seenKey } = await import("../../generated/src/index.js");
    const { kind, payload } = decodeCallback(seed);
    const json = encodeCallback(payload, { format: "json" });
    const key = seenKey(kind, payload);
    expect(key).toMatch(/^PicProcessCallback:c93984788066911ed89ed352d4d9d2084:Success:[0-9a-f]{16}$/);
    expect(seenKey(kind, decodeCallback(json).payload)).toBe(key);
    const changed = seed.replace(/<State>Success<\/State>/, "<State>Failed</State>");
    expect(seenKey(kind, decodeCallback(changed).payload)).not.toBe(key);
    // Any difference deep in the model is another key; the order of an object's members is not.
    expect(seenKey(kind, decodeCallback(seed.replace("<Width>500</Width>", "<Width>501</Width>")).payload)).not.toBe(key);
    expect(seenKey(kind, decodeCallback(seed.replace("<Ave>0xc64847</Ave>", "<Ave>0xC64847</Ave>")).payload)).not.toBe(key);
    const reordered = Object.fromEntries(Object.entries(payload as object).reverse());
    expect(Object.keys(reordered)).not.toEqual(Object.keys(payload as object));
    expect(seenKey(kind, reordered)).toBe(key);
  });

  it("hashes the body in bodyDigest: the same bytes are one digest, however held (text as its UTF-8); any other byte, or length, another", async () => {
    const { bodyDigest, bodySeenKey, decodeCallback } = await import("../../generated/src/index.js");
    const bytes = Buffer.from(seed);
    const digest = bodyDigest(bytes);
    expect(digest).toMatch(/^[0-9a-f]{16}$/);
    const copy = new Uint8Array(bytes);
    expect(bodyDigest(copy)).toBe(digest);
    expect(bodyDigest(copy.buffer)).toBe(digest);
    expect(bodyDigest(new DataView(copy.buffer))).toBe(digest);
    const digests = new Set<string>([digest]);
    // Every byte counts, the last ones too (the body's length is no multiple of 4 here), and so does the length.
    expect(bytes.length % 4).not.toBe(0);
    for (const at of [0, 1, 2, 3, 100, bytes.length - 3, bytes.length - 2, bytes.length - 1]) {
      const other = Buffer.from(bytes);
      other[at] = other[at]! ^ 1;
      digests.add(bodyDigest(other));
    }
    for (let cut = 1; cut <= 4; cut++) digests.add(bodyDigest(bytes.subarray(0, bytes.length - cut)));
    digests.add(bodyDigest(Buffer.concat([bytes, Buffer.from([0])])));
    expect(digests.size).toBe(1 + 8 + 4 + 1);
    // Text (from a body parser) is hashed as its UTF-8 bytes: the digest of the bytes it came from.
    expect(bodyDigest(seed)).toBe(digest);
    expect(bodyDigest(`${seed}\u4e2d`)).toBe(bodyDigest(Buffer.from(`${seed}\u4e2d`)));
    const texts = new Set([seed, seed.slice(0, -1), `${seed} `, seed.replace("Success", "Sucdess"), `${seed}\u4e2d`, `${seed}\u4e2e`].map((t) => bodyDigest(t)));
    expect(texts.size).toBe(6);
    const { kind, payload } = decodeCallback(seed);
    expect(bodySeenKey(kind, payload, bytes)).toBe(`PicProcessCallback:c93984788066911ed89ed352d4d9d2084:Success:${digest}`);
  });

  it("gives bodyDigest's values of earlier versions (keys kept in a shared seen store stay valid across an upgrade), at every offset of the bytes", async () => {
    const { bodyDigest } = await import("../../generated/src/index.js");
    // Computed by the byte-by-byte bodyDigest of 9ca2f00's parent.
    const known: [string, string][] = [
      ["", "df3d1fe347294fe6"],
      ["a", "01876d80f37f5a67"],
      ["abcd", "787b4ad825f831a5"],
      ["abcde", "8d6b6cb22f1294b9"],
      ["<Response>\n<EventName>TaskFinish</EventName>\n</Response>\n", "2b4b382fa8b667d7"],
    ];
    for (const [text, digest] of known) {
      for (let offset = 0; offset < 4; offset++) {
        const held = Buffer.alloc(offset + text.length + 3, 0xff);
        held.write(text, offset, "latin1");
        expect(bodyDigest(held.subarray(offset, offset + text.length)), `${JSON.stringify(text)} at offset ${offset}`).toBe(digest);
      }
    }
  });

  it("by default keys a delivery by its body: a redelivery (the same bytes) is recognised, another state or body is not; a store of one's own", async () => {
    const { bodySeenKey, decodeCallback, encodeCallback } = await import("../../generated/src/index.js");
    const { kind, payload } = decodeCallback(seed);
    const json = encodeCallback(payload, { format: "json" });
    const changed = seed.replace(/<State>Success<\/State>/, "<State>Failed</State>");
    const store = new Map<string, number>();
    const { handler, calls } = recording({
      seen: { has: async (k) => store.has(k), add: async (k) => void store.set(k, Date.now()) },
    });
    const server = await start("node:http", handler);
    try {
      expect((await post(server.url, seed, { "content-type": "application/xml" })).json).toEqual({ ok: true, kind });
      expect((await post(server.url, seed, { "content-type": "application/xml" })).json).toEqual({ ok: true, kind, duplicate: true });
      expect((await post(server.url, changed, { "content-type": "application/xml" })).json).toEqual({ ok: true, kind });
      // The same job state as JSON is other bytes: handled again (the model-hashing seenKey makes it one, below).
      expect((await post(server.url, json, { "content-type": "application/json" })).json).toEqual({ ok: true, kind });
      expect((await post(server.url, changed, { "content-type": "application/xml" })).json).toEqual({ ok: true, kind, duplicate: true });
      const keyOf = (body: string) => bodySeenKey(kind, decodeCallback(body).payload, Buffer.from(body));
      expect([...store.keys()]).toEqual([keyOf(seed), keyOf(changed), keyOf(json)]);
      expect(calls.handled).toHaveLength(3);
      // Deliveries of one callback that arrive together run the handler once.
      const again = seed.replace(/<JobId>[^<]*<\/JobId>/, "<JobId>c-concurrent</JobId>");
      const replies = await Promise.all(Array.from({ length: 8 }, () => post(server.url, again, { "content-type": "application/xml" })));
      expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(replies.filter((r) => r.json.duplicate === true)).toHaveLength(7);
      expect(calls.handled).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it("takes a key function: seenKey makes the XML and the JSON form of one job state one key", async () => {
    const { decodeCallback, encodeCallback, seenKey } = await import("../../generated/src/index.js");
    const { kind, payload } = decodeCallback(seed);
    const json = encodeCallback(payload, { format: "json" });
    const keys: string[] = [];
    const { handler, calls } = recording({
      key: (e) => {
        expect(Buffer.isBuffer(e.body) || typeof e.body === "string").toBe(true);
        keys.push(seenKey(e.kind, e.payload));
        return keys.at(-1)!;
      },
    });
    const server = await start("node:http", handler);
    try {
      expect((await post(server.url, seed, { "content-type": "application/xml" })).json).toEqual({ ok: true, kind });
      expect((await post(server.url, json, { "content-type": "application/json" })).json).toEqual({ ok: true, kind, duplicate: true });
      expect(keys).toEqual([seenKey(kind, payload), seenKey(kind, payload)]);
      expect(calls.handled).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("with the default store and a handler that takes its time, runs the handler once for deliveries that arrive together", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { handler, calls } = recording({}, () => gate);
    const server = await start("node:http", handler);
    try {
      const replies = Promise.all(Array.from({ length: 6 }, () => post(server.url, seed, { "content-type": "application/xml" })));
      await new Promise((r) => setTimeout(r, 200));
      expect(calls.handled).toHaveLength(1);
      release();
      const answered = await replies;
      expect(answered.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(answered.filter((r) => r.json.duplicate === true)).toHaveLength(5);
      expect(calls.handled).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  for (const style of ["sync", "async"] as const) {
    it(`answers 500 when the store's has fails (${style}), 200 when its add fails (reported to onError), and handles the redelivery again`, async () => {
      const fail = (what: string) => (style === "sync" ? () => { throw new Error(what); } : () => Promise.reject(new Error(what)));
      let hasFails = true;
      const keys = new Set<string>();
      const { handler, calls } = recording({
        seen: {
          has: (k) => (hasFails ? fail("has down")() : style === "sync" ? keys.has(k) : Promise.resolve(keys.has(k))) as boolean,
          add: (k) => (keys.size === 0 ? fail("add down")() : void keys.add(k)) as void,
        },
      });
      const server = await start("node:http", handler);
      try {
        let r = await post(server.url, seed, { "content-type": "application/xml" });
        expect(r.status).toBe(500);
        expect(r.json.error).toMatch(/the seen store failed/);
        expect(calls.handled).toHaveLength(0);
        hasFails = false;
        r = await post(server.url, seed, { "content-type": "application/xml" });
        expect(r.json).toEqual({ ok: true, kind: "PicProcessCallback" });
        expect(calls.handled).toHaveLength(1);
        expect(calls.errors.map((e) => (e as Error).message)).toEqual(["has down", "add down"]);
        // The add failed: the store does not know it, and the redelivery runs the handler again.
        keys.add("something");
        r = await post(server.url, seed, { "content-type": "application/xml" });
        expect(r.json).toEqual({ ok: true, kind: "PicProcessCallback" });
        expect(calls.handled).toHaveLength(2);
        r = await post(server.url, seed, { "content-type": "application/xml" });
        expect(r.json).toEqual({ ok: true, kind: "PicProcessCallback", duplicate: true });
        expect(calls.handled).toHaveLength(2);
      } finally {
        await server.close();
      }
    });
  }

  it("in memory keeps the most recent keys", async () => {
    const { memorySeenStore } = await import("../../generated/src/index.js");
    const store = memorySeenStore(2);
    store.add("a");
    store.add("b");
    expect(store.has("a")).toBe(true); // a is now the most recent
    store.add("c");
    expect([store.has("a"), store.has("b"), store.has("c")]).toEqual([true, false, true]);
    expect(() => memorySeenStore(0)).toThrow(/capacity must be a positive integer, got 0/);
  });
});

describe("createCallbackHandler's options", () => {
  it("are checked when the handler is made", () => {
    expect(() => createCallbackHandler({ maxBodyBytes: 0 })).toThrow(RangeError);
    expect(() => createCallbackHandler({ maxBodyBytes: "10" as never })).toThrow(/option maxBodyBytes must be a positive integer, got the string "10"/);
    expect(() => createCallbackHandler({ on: { PicProcessCallback: 1 as never } })).toThrow(/option on.PicProcessCallback must be a function/);
    expect(() => createCallbackHandler({ seen: {} as never })).toThrow(/option seen must be a SeenStore/);
  });

  it("type each handler with its kind's model (checked by tsc)", () => {
    const h = createCallbackHandler({
      on: {
        PicProcessCallback: (payload, event) => {
          const width: number | undefined = payload.JobsDetail.Operation.PicProcessResult?.OriginalInfo?.ImageInfo?.Width;
          const version: string | undefined = event.headers["x-ci-content-version"];
          return [width, version];
        },
        WorkflowCallback: (payload) => payload.WorkflowExecution.RunId,
        // @ts-expect-error job responses are not callbacks: the receiver has no handler for them
        DescribeMediaJobResponse: () => undefined,
      },
      onAny: (event) => {
        if (event.kind === "TextAuditSimpleCallback") return event.payload.data.trace_id;
        return event.kind satisfies CallbackKind;
      },
    });
    expect(Object.keys(h).sort()).toEqual(["fastify", "fetch", "handle", "node"]);
  });
});

describe("a body of no callback kind", () => {
  it("reaches onUnknownKind (or onInvalid when there is none) and is answered 400 with the errors", async () => {
    const { handler, calls } = recording();
    const { handler: fallback, calls: fallbackCalls } = recording({ onUnknownKind: undefined });
    const a = await start("node:http", handler);
    const b = await start("node:http", fallback);
    try {
      const unknown = '{"EventName":"TaskFinish","JobsDetail":{"Tag":"VideoTag","JobId":"j1"}}';
      for (const [server, c] of [
        [a, calls.unknown],
        [b, fallbackCalls.invalid],
      ] as const) {
        const r = await post(server.url, unknown, { "content-type": "application/json" });
        expect(r.status).toBe(400);
        expect(r.json.error).toMatch(/no callback kind has this shape/);
        expect(r.json.errors.map((e: DecodeIssue) => e.code)).toContain("unknown-payload");
        expect(c).toHaveLength(1);
        expect(c[0]).toMatchObject({ reason: "unknown-kind", status: 400 });
        expect(Buffer.from(c[0]!.body as Uint8Array).toString()).toBe(unknown);
      }
      const r = await post(a.url, "<Other><X/></Other>", { "content-type": "application/xml" });
      expect(r.json.errors[0]).toMatchObject({ code: "wrong-root", found: "<Other>" });
      expect(calls.unknown).toHaveLength(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
