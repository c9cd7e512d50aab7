import { bodyLimit, type CallbackBody } from "./input.js";
import { CallbackDecodeError, type DecodeIssue, isCallbackDecodeError, show } from "./issues.js";
import { DEFAULT_LIMITS, type DecodeOptions, flag, optionsObject, positive } from "./options.js";
import { fastifyAdapter, type FastifyPlugin } from "./receiver-fastify.js";
import { fetchAdapter } from "./receiver-fetch.js";
import { nodeAdapter, type NodeMiddleware } from "./receiver-node.js";
import { memorySeenStore, type SeenStore, seenKey } from "./seen.js";

/** Request headers as the handlers see them: lower-case names, repeated headers joined with ", ". */
export type CallbackHeaders = Readonly<Record<string, string>>;

/** One decoded callback as a handler receives it. */
export interface ReceivedCallback<K extends string, T> {
  readonly kind: K;
  readonly payload: T;
  /** The request's headers (`x-ci-content-version`, `content-type`, ...), names in lower case. */
  readonly headers: CallbackHeaders;
  /** What lenient decoding kept and reported (unknown fields, unknown enum values). */
  readonly warnings: readonly DecodeIssue[];
  /** The body as received: its bytes, or the text a body parser made of them. */
  readonly body: CallbackBody;
  /** The key of this job state in the seen store (see seenKey). */
  readonly key: string;
}

/** Why a body was refused, and the HTTP status it was answered with. */
export type RefusalReason = "invalid" | "unknown-kind" | "too-large" | "unsupported-type" | "parsed-body";

/** A request that carried no usable callback, as onInvalid and onUnknownKind receive it (before the answer is sent). */
export interface RefusedCallback {
  readonly reason: RefusalReason;
  /** 400 (invalid, unknown kind), 413 (too large) or 415 (unusable Content-Type, or a body already parsed into an object). */
  readonly status: 400 | 413 | 415;
  /** The body as received; for a body over the limit, the bytes read before reading stopped (none when Content-Length said so); undefined when a body parser left only an object. */
  readonly body: CallbackBody | undefined;
  readonly headers: CallbackHeaders;
  /** Every error: where (path, "" for the whole body), what was expected, what was found. */
  readonly errors: readonly DecodeIssue[];
}

/** A handler of one kind: the model, typed, and the whole event (headers, warnings, raw body). */
export type KindHandler<K extends string, T> = (payload: T, event: ReceivedCallback<K, T>) => unknown;

/** The handlers by kind: `{ PicProcessCallback: (payload, { headers }) => ... }`. */
export type KindHandlers<P> = { readonly [K in keyof P & string]?: KindHandler<K, P[K]> };

/** Any decoded callback: a union discriminated by kind. */
export type AnyReceivedCallback<P> = { [K in keyof P & string]: ReceivedCallback<K, P[K]> }[keyof P & string];

export interface ReceiverOptions<P> {
  /** A handler per kind. A kind with none goes to onAny; with neither, it is answered 200 and reported to onUnhandled. */
  readonly on?: KindHandlers<P>;
  /** Handles every decoded callback whose kind has no handler in `on`. */
  readonly onAny?: (event: AnyReceivedCallback<P>) => unknown;
  /** Receives every refused body (invalid, too large, unusable type; unknown kinds too when onUnknownKind is absent) before the answer is sent. */
  readonly onInvalid?: (refused: RefusedCallback) => unknown;
  /** Receives a well-formed body of no callback kind the package knows (e.g. a job response) before the 400 is sent. */
  readonly onUnknownKind?: (refused: RefusedCallback) => unknown;
  /** A decoded callback no handler took (no `on` entry, no onAny); answered 200. */
  readonly onUnhandled?: (event: AnyReceivedCallback<P>) => unknown;
  /** A handler (or a hook, or the seen store) threw or rejected; the answer is 500. Default: console.error. */
  readonly onError?: (error: unknown, event: AnyReceivedCallback<P> | RefusedCallback | undefined) => unknown;
  /** Unknown fields and enum values are errors (400), not warnings. Default false. */
  readonly strict?: boolean;
  /** Largest body read, in bytes; past it the answer is 413 and reading stops. Default 16 MiB (DEFAULT_LIMITS.maxBytes). */
  readonly maxBodyBytes?: number;
  /** Where handled callbacks are remembered, to answer a redelivery 200 without calling the handler again; false to call it for every delivery. Default memorySeenStore(). */
  readonly seen?: SeenStore | false;
  /** The key of a callback in the seen store. Default seenKey(kind, payload). */
  readonly key?: (event: { readonly kind: string; readonly payload: unknown; readonly headers: CallbackHeaders }) => string;
}

/** What the adapters answer: status, headers and a JSON body. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** True when the connection should be closed once the answer is sent (a body left unread). */
  readonly close?: boolean;
}

/** What an adapter read of the body. */
export type BodyRead =
  | { readonly ok: true; readonly body: CallbackBody }
  | { readonly ok: false; readonly reason: "too-large"; readonly received: Uint8Array | undefined; readonly size: number | undefined }
  | { readonly ok: false; readonly reason: "parsed-body"; readonly found: string };

/** The receiver's adapters: a node:http / Express / Connect middleware, a fetch handler, and a Fastify plugin. */
export interface CallbackHandler {
  /** `(req, res, next?)` for node:http, Express and Connect; mount it on the callback path, before any body parser. It answers every request it is given. */
  readonly node: NodeMiddleware;
  /** `(request) => Promise<Response>` for fetch runtimes: Hono (`c.req.raw`), Next.js route handlers, Deno, Bun, Workers. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The same as fetch (the name the issue gave it). */
  readonly handle: (request: Request) => Promise<Response>;
  /** A Fastify plugin: `app.register(handler.fastify, { path: "/ci-callback" })`. It keeps the raw body of every content type for its route. */
  readonly fastify: FastifyPlugin;
}

type Decode = (body: CallbackBody, options: DecodeOptions) => { kind: string; payload: unknown; warnings: readonly DecodeIssue[] };

/** The receiver, whatever the transport: reads headers and body through its adapter, answers one Answer. */
export interface Receiver {
  readonly maxBodyBytes: number;
  receive(method: string, headers: CallbackHeaders, read: () => Promise<BodyRead>): Promise<Answer>;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

function answer(status: number, body: object, extra?: Record<string, string>, close?: boolean): Answer {
  return { status, headers: extra ? { ...JSON_TYPE, ...extra } : JSON_TYPE, body: JSON.stringify(body), ...(close ? { close } : {}) };
}

function issue(code: DecodeIssue["code"], expected: string, found: string): DecodeIssue {
  return { path: "", code, message: `expected ${expected}, found ${found}`, expected, found };
}

export const ACCEPTED_TYPES = "application/xml, text/xml or application/json (any +xml or +json type; text/plain, application/octet-stream or none to detect the format)";

/** The format a Content-Type asks for, its charset, or why it is unusable. */
export function mediaType(value: string | undefined): { format: "xml" | "json" | undefined; charset: string | undefined } | { refused: DecodeIssue } {
  if (value === undefined || value.trim() === "") return { format: undefined, charset: undefined };
  const [type = "", ...params] = value.split(";");
  const t = type.trim().toLowerCase();
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    charset = p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  let format: "xml" | "json" | undefined;
  if (t === "application/xml" || t === "text/xml" || (t.endsWith("+xml") && t.includes("/"))) format = "xml";
  else if (t === "application/json" || t === "text/json" || (t.endsWith("+json") && t.includes("/"))) format = "json";
  else if (t !== "text/plain" && t !== "application/octet-stream") return { refused: issue("format", `a Content-Type of ${ACCEPTED_TYPES}`, show(value)) };
  if (charset !== undefined) {
    try {
      const d = new TextDecoder(charset);
      if (d.encoding === "replacement" || d.encoding === "x-user-defined") throw new RangeError(charset);
    } catch {
      return { refused: issue("encoding", "a charset this platform decodes (utf-8, gbk, iso-8859-1, ...)", `charset=${show(charset)}`) };
    }
  }
  return { format, charset };
}

function headerOf(headers: CallbackHeaders, name: string): string | undefined {
  return headers[name];
}

export function createReceiver<P>(options: ReceiverOptions<P>, decode: Decode): CallbackHandler {
  const o = optionsObject(options) as ReceiverOptions<P>;
  const maxBodyBytes = positive(o.maxBodyBytes, DEFAULT_LIMITS.maxBytes, "maxBodyBytes");
  const strict = flag(o.strict, false, "strict");
  const on = (o.on ?? {}) as Record<string, KindHandler<string, unknown> | undefined>;
  if (typeof on !== "object" || on === null) throw new TypeError("option on must be an object of handlers by kind");
  for (const [k, h] of Object.entries(on)) if (h !== undefined && typeof h !== "function") throw new TypeError(`option on.${k} must be a function, got ${typeof h}`);
  for (const name of ["onAny", "onInvalid", "onUnknownKind", "onUnhandled", "onError", "key"] as const) {
    if (o[name] !== undefined && typeof o[name] !== "function") throw new TypeError(`option ${name} must be a function, got ${typeof o[name]}`);
  }
  const seen: SeenStore | undefined = o.seen === false ? undefined : (o.seen ?? memorySeenStore());
  if (seen !== undefined && (typeof seen.has !== "function" || typeof seen.add !== "function")) throw new TypeError("option seen must be a SeenStore ({ has(key), add(key) }) or false");
  const keyOf = o.key ?? ((e: { kind: string; payload: unknown }) => seenKey(e.kind, e.payload));
  // One options object per format, made once (not spread for every body).
  const decodeOptions = { strict, maxBytes: maxBodyBytes };
  const decodeOptionsFor = { xml: { ...decodeOptions, format: "xml" as const }, json: { ...decodeOptions, format: "json" as const } };
  const onError =
    o.onError ??
    ((error: unknown, event: { kind?: string; reason?: string } | undefined) => {
      console.error(`tencent-ci-callbacks receiver: ${event?.kind ?? event?.reason ?? "request"} failed:`, error);
    });
  /** The 200 answer of each kind, made once. */
  const handledAnswers = new Map<string, Answer>();
  const handledAnswer = (kind: string): Answer => {
    let a = handledAnswers.get(kind);
    if (a === undefined) handledAnswers.set(kind, (a = answer(200, { ok: true, kind })));
    return a;
  };
  /** Callbacks being handled now, by key: a second delivery waits for the first (true when it succeeded). */
  const inflight = new Map<string, Promise<boolean>>();

  async function refuse(refused: RefusedCallback, message: string, extra?: Record<string, string>, close?: boolean): Promise<Answer> {
    const hook = refused.reason === "unknown-kind" ? (o.onUnknownKind ?? o.onInvalid) : o.onInvalid;
    if (hook) {
      try {
        await hook(refused);
      } catch (error) {
        await report(error, refused);
        return answer(500, { ok: false, error: `the ${refused.reason === "unknown-kind" ? "onUnknownKind" : "onInvalid"} hook failed; the body was not recorded, send it again` }, undefined, close);
      }
    }
    return answer(refused.status, { ok: false, error: message, errors: refused.errors }, extra, close);
  }

  async function report(error: unknown, event: AnyReceivedCallback<P> | RefusedCallback | undefined): Promise<void> {
    try {
      await onError(error, event as never);
    } catch {
      // An onError that fails itself has nowhere left to report to.
    }
  }

  async function handle(event: AnyReceivedCallback<P>): Promise<boolean> {
    const handler = on[event.kind];
    try {
      if (handler) await handler(event.payload, event as ReceivedCallback<string, unknown>);
      else if (o.onAny) await o.onAny(event);
      else if (o.onUnhandled) await o.onUnhandled(event);
      return true;
    } catch (error) {
      await report(error, event);
      return false;
    }
  }

  async function receive(method: string, headers: CallbackHeaders, read: () => Promise<BodyRead>): Promise<Answer> {
    if (method !== "POST") return answer(405, { ok: false, error: `method ${method} is not allowed here: CI callbacks are POSTed` }, { allow: "POST" });
    const got = await read();
    if (!got.ok) {
      if (got.reason === "parsed-body") {
        const found = `a body already parsed into ${got.found} by a body parser`;
        const expected = "the raw body: mount the callback handler before any body parser (express.json(), express.urlencoded(), bodyParser), or give its route a raw parser (express.raw({ type: () => true }))";
        return refuse({ reason: "parsed-body", status: 415, body: undefined, headers, errors: [issue("format", expected, found)] }, `the request body was already parsed into ${got.found}; the callback handler needs the raw body`);
      }
      const found = got.size !== undefined ? `Content-Length ${got.size}` : `more than ${maxBodyBytes} bytes`;
      return refuse({ reason: "too-large", status: 413, body: got.received, headers, errors: [issue("too-large", bodyLimit(maxBodyBytes), found)] }, `the body is over the limit of ${maxBodyBytes} bytes (maxBodyBytes)`, undefined, true);
    }
    const raw = got.body;
    const type = mediaType(headerOf(headers, "content-type"));
    if ("refused" in type) return refuse({ reason: "unsupported-type", status: 415, body: raw, headers, errors: [type.refused] }, `unusable Content-Type: ${type.refused.message}`);
    let body: CallbackBody = raw;
    if (type.charset !== undefined && typeof raw !== "string") {
      try {
        body = new TextDecoder(type.charset, { fatal: true }).decode(raw);
      } catch {
        const errors = [issue("encoding", `text in the Content-Type's charset (${type.charset})`, `bytes that are not valid ${type.charset}`)];
        return refuse({ reason: "invalid", status: 400, body: raw, headers, errors }, "invalid callback: 1 error");
      }
    }
    let decoded: { kind: string; payload: unknown; warnings: readonly DecodeIssue[] };
    try {
      decoded = decode(body, type.format === undefined ? decodeOptions : decodeOptionsFor[type.format]);
    } catch (error) {
      if (!isCallbackDecodeError(error)) {
        await report(error, undefined);
        return answer(500, { ok: false, error: "decoding failed unexpectedly (a bug in tencent-ci-callbacks; please report it)" });
      }
      const errors = (error as CallbackDecodeError).errors;
      const unknown = errors.some((e) => e.code === "unknown-payload" || (e.code === "wrong-root" && e.found?.startsWith("<") === true));
      const message = unknown ? "no callback kind has this shape (a job response, or a kind this package does not know)" : (error as Error).message.split("\n")[0]!;
      return refuse({ reason: unknown ? "unknown-kind" : "invalid", status: 400, body: raw, headers, errors }, message);
    }
    let key: string;
    try {
      key = keyOf({ kind: decoded.kind, payload: decoded.payload, headers });
    } catch (error) {
      await report(error, undefined);
      return answer(500, { ok: false, error: "the key function failed" });
    }
    const event = { kind: decoded.kind, payload: decoded.payload, headers, warnings: decoded.warnings, body: raw, key } as AnyReceivedCallback<P>;
    const earlier = inflight.get(key);
    if (earlier !== undefined) {
      return (await earlier) ? answer(200, { ok: true, kind: decoded.kind, duplicate: true }) : answer(500, { ok: false, error: `the ${decoded.kind} handler failed on an earlier delivery of this callback; send it again` });
    }
    let done!: (ok: boolean) => void;
    inflight.set(key, new Promise<boolean>((resolve) => (done = resolve)));
    let ok = false;
    try {
      if (seen) {
        let already: boolean;
        try {
          already = await seen.has(key);
        } catch (error) {
          await report(error, event);
          return answer(500, { ok: false, error: "the seen store failed; send the callback again" });
        }
        if (already) {
          ok = true;
          return answer(200, { ok: true, kind: decoded.kind, duplicate: true });
        }
      }
      ok = await handle(event);
      if (!ok) return answer(500, { ok: false, error: `the ${decoded.kind} handler failed; send the callback again` });
      if (seen) {
        try {
          await seen.add(key);
        } catch (error) {
          await report(error, event);
        }
      }
      return handledAnswer(decoded.kind);
    } finally {
      inflight.delete(key);
      done(ok);
    }
  }

  const receiver: Receiver = { maxBodyBytes, receive };
  const fetch = fetchAdapter(receiver);
  return { node: nodeAdapter(receiver), fetch, handle: fetch, fastify: fastifyAdapter(receiver) };
}
