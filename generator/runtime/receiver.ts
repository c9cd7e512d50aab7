import { bodyLimit, type CallbackBody } from "./input.js";
import { CallbackDecodeError, type DecodeIssue, isCallbackDecodeError, show } from "./issues.js";
import { DEFAULT_LIMITS, type DecodeOptions, flag, optionsObject, positive } from "./options.js";
import { fastifyAdapter, type FastifyPlugin } from "./receiver-fastify.js";
import { fetchAdapter } from "./receiver-fetch.js";
import { nodeAdapter, type NodeMiddleware } from "./receiver-node.js";
import { bodySeenKey, memorySeenStore, type SeenStore } from "./seen.js";

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
  /** The key of this delivery in the seen store (see bodySeenKey, or the `key` option). */
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
  /**
   * Decode and answer together the bodies whose reading ended in one turn of the event loop,
   * right after it (setImmediate), rather than each as its body ends: every adapter, where
   * setImmediate exists (node, Bun); elsewhere (Workers, browsers) each body is answered at once.
   * Default true. Under load the decoder's code and data stay in the processor's caches from one
   * body to the next, and the answers are written one after another (see the README's Speed
   * section for what it gave the node adapter). A body waits at most for the other bodies of its
   * turn; false answers each as soon as its body is read.
   */
  readonly batch?: boolean;
  /** Largest body read, in bytes; past it the answer is 413 and reading stops. Default 16 MiB (DEFAULT_LIMITS.maxBytes). */
  readonly maxBodyBytes?: number;
  /** Where handled callbacks are remembered, to answer a redelivery 200 without calling the handler again; false to call it for every delivery. Default memorySeenStore(). */
  readonly seen?: SeenStore | false;
  /**
   * The key of a callback in the seen store. Default bodySeenKey(kind, payload, body): kind, job
   * id, state and a hash of the body's bytes, so a redelivery (the same bytes again) is recognised.
   * `(e) => seenKey(e.kind, e.payload)` hashes the model instead: the XML and the JSON form of one
   * job state are then one key.
   */
  readonly key?: (event: { readonly kind: string; readonly payload: unknown; readonly headers: CallbackHeaders; readonly body: CallbackBody }) => string;
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

type Decode = (body: CallbackBody, options: DecodeOptions | undefined) => { kind: string; payload: unknown; warnings: readonly DecodeIssue[] };

/** The receiver, whatever the transport: reads headers and body through its adapter, answers one Answer. */
export interface Receiver {
  readonly maxBodyBytes: number;
  /** The answer to a request of a method other than POST; undefined for a POST, whose body is then read. */
  refuseMethod(method: string): Answer | undefined;
  /**
   * The answer to a POST whose body was read: returned as it is when nothing the receiver called
   * (handler, hooks, seen store) returned a promise, else a promise of it. Never throws or rejects.
   */
  answerBody(headers: CallbackHeaders, got: BodyRead): Answer | Promise<Answer>;
  /**
   * answerBody, called with `done` after the current turn of the event loop together with every
   * other body read in it (see ReceiverOptions.batch), or at once when bodies are not batched.
   * `done` is called once, with what answerBody returned (or a 500 when it threw); what it throws
   * is reported to onError.
   */
  answerSoon(headers: CallbackHeaders, got: BodyRead, done: (answer: Answer | Promise<Answer>) => void): void;
  /** refuseMethod, then the body read by `read`, then answerBody: for adapters whose reading is a promise anyway. */
  receive(method: string, headers: CallbackHeaders, read: () => Promise<BodyRead>): Promise<Answer>;
}

/**
 * The platform's setImmediate (node, Bun), read without node's types; undefined elsewhere
 * (browsers, Workers). Read once, when the module loads: fake timers that a test installs later
 * (vi.useFakeTimers, jest's) do not hold back the receiver's answers.
 */
const setImmediateHere = (globalThis as { setImmediate?: (run: () => void) => unknown }).setImmediate;

/** A body waiting for its batch (see answerSoon). */
interface Queued {
  readonly headers: CallbackHeaders;
  readonly got: BodyRead;
  readonly done: (answer: Answer | Promise<Answer>) => void;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

function answer(status: number, body: object, extra?: Record<string, string>, close?: boolean): Answer {
  return { status, headers: extra ? { ...JSON_TYPE, ...extra } : JSON_TYPE, body: JSON.stringify(body), ...(close ? { close } : {}) };
}

/** True for a promise, or any object or function with a then method (what await would wait for). */
function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}

function issue(code: DecodeIssue["code"], expected: string, found: string): DecodeIssue {
  return { path: "", code, message: `expected ${expected}, found ${found}`, expected, found };
}

export const ACCEPTED_TYPES = "application/xml, text/xml or application/json (any +xml or +json type; text/plain, application/octet-stream or none to detect the format)";

type MediaType = { format: "xml" | "json" | undefined; charset: string | undefined } | { refused: DecodeIssue };

const NO_TYPE: MediaType = Object.freeze({ format: undefined, charset: undefined });
/** What each Content-Type value seen lately meant (its parse is a split, trims and a TextDecoder): at most MEDIA_TYPES_KEPT values, cleared when full. Shared by requests, so frozen, the refusal's issue too. */
const mediaTypes = new Map<string, MediaType>();
const MEDIA_TYPES_KEPT = 64;

/** The format a Content-Type asks for, its charset, or why it is unusable. */
export function mediaType(value: string | undefined): MediaType {
  if (value === undefined) return NO_TYPE;
  let t = mediaTypes.get(value);
  if (t === undefined) {
    if (mediaTypes.size >= MEDIA_TYPES_KEPT) mediaTypes.clear();
    mediaTypes.set(value, (t = parseMediaType(value)));
  }
  return t;
}

function parseMediaType(value: string): MediaType {
  if (value.trim() === "") return NO_TYPE;
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
  else if (t !== "text/plain" && t !== "application/octet-stream") return Object.freeze({ refused: Object.freeze(issue("format", `a Content-Type of ${ACCEPTED_TYPES}`, show(value))) });
  if (charset !== undefined) {
    try {
      const d = new TextDecoder(charset);
      if (d.encoding === "replacement" || d.encoding === "x-user-defined") throw new RangeError(charset);
    } catch {
      return Object.freeze({ refused: Object.freeze(issue("encoding", "a charset this platform decodes (utf-8, gbk, iso-8859-1, ...)", `charset=${show(charset)}`)) });
    }
  }
  return Object.freeze({ format, charset });
}

/** How a callback's handling ended: the answer, and whether it was handled (a delivery waiting on it is then a duplicate). */
interface Outcome {
  readonly answer: Answer;
  readonly ok: boolean;
}

export function createReceiver<P>(options: ReceiverOptions<P>, decode: Decode): CallbackHandler {
  const o = optionsObject(options) as ReceiverOptions<P>;
  const maxBodyBytes = positive(o.maxBodyBytes, DEFAULT_LIMITS.maxBytes, "maxBodyBytes");
  const strict = flag(o.strict, false, "strict");
  const batch = flag(o.batch, true, "batch") && setImmediateHere !== undefined;
  const on = (o.on ?? {}) as Record<string, KindHandler<string, unknown> | undefined>;
  if (typeof on !== "object" || on === null) throw new TypeError("option on must be an object of handlers by kind");
  for (const [k, h] of Object.entries(on)) if (h !== undefined && typeof h !== "function") throw new TypeError(`option on.${k} must be a function, got ${typeof h}`);
  for (const name of ["onAny", "onInvalid", "onUnknownKind", "onUnhandled", "onError", "key"] as const) {
    if (o[name] !== undefined && typeof o[name] !== "function") throw new TypeError(`option ${name} must be a function, got ${typeof o[name]}`);
  }
  const seen: SeenStore | undefined = o.seen === false ? undefined : (o.seen ?? memorySeenStore());
  if (seen !== undefined && (typeof seen.has !== "function" || typeof seen.add !== "function")) throw new TypeError("option seen must be a SeenStore ({ has(key), add(key) }) or false");
  const keyOf = o.key ?? ((e: { kind: string; payload: unknown; body: CallbackBody }) => bodySeenKey(e.kind, e.payload, e.body));
  // One options object per format, made once (not spread for every body).
  // With the defaults, none (the decoder's resolution of options is then made once, not for every body).
  const decodeOptions = strict === false && maxBodyBytes === DEFAULT_LIMITS.maxBytes ? undefined : { strict, maxBytes: maxBodyBytes };
  const decodeOptionsFor = { xml: { ...decodeOptions, format: "xml" as const }, json: { ...decodeOptions, format: "json" as const } };
  /**
   * The options for a body of a format the Content-Type named. When the body's first character
   * already says that format (`<`, or `{` or `[`), as nearly every body's does, the format is left to
   * the decoder's detection, which reads that character and comes to the same format; else it is
   * given, and a body of the other format is refused.
   */
  const optionsFor = (format: "xml" | "json", body: CallbackBody): DecodeOptions | undefined => {
    const first = typeof body === "string" ? body.charCodeAt(0) : body instanceof Uint8Array ? body[0] : undefined;
    return (format === "xml" ? first === 0x3c : first === 0x7b || first === 0x5b) ? decodeOptions : decodeOptionsFor[format];
  };
  const onError =
    o.onError ??
    ((error: unknown, event: { kind?: string; reason?: string } | undefined) => {
      console.error(`tencent-ci-callbacks receiver: ${event?.kind ?? event?.reason ?? "request"} failed:`, error);
    });
  /** The 200 answers of each kind (handled, and duplicate), made once. */
  const handledAnswers = new Map<string, Answer>();
  const duplicateAnswers = new Map<string, Answer>();
  const handledAnswer = (kind: string): Answer => {
    let a = handledAnswers.get(kind);
    if (a === undefined) handledAnswers.set(kind, (a = answer(200, { ok: true, kind })));
    return a;
  };
  const duplicateAnswer = (kind: string): Answer => {
    let a = duplicateAnswers.get(kind);
    if (a === undefined) duplicateAnswers.set(kind, (a = answer(200, { ok: true, kind, duplicate: true })));
    return a;
  };
  const handlerFailed = (kind: string): Outcome => ({ answer: answer(500, { ok: false, error: `the ${kind} handler failed; send the callback again` }), ok: false });
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

  /** Calls the callback's handler (or onAny, or onUnhandled): what it returned, or throws what it threw. */
  function callHandler(event: AnyReceivedCallback<P>): unknown {
    const handler = on[event.kind];
    if (handler) return handler(event.payload, event as ReceivedCallback<string, unknown>);
    if (o.onAny) return o.onAny(event);
    if (o.onUnhandled) return o.onUnhandled(event);
    return undefined;
  }

  /*
   * A decoded callback's way to its answer: the seen store's has, the handler, the seen store's
   * add. Each step is taken at once when the step before returned no promise, so a callback whose
   * handler and store answer synchronously is answered without a turn of the event loop (and no
   * other delivery can come between its steps). At the first promise, the key is entered in
   * `inflight` (so that a delivery of the same key that arrives meanwhile waits for this one) and
   * the rest runs in `later`.
   */
  function settle(event: AnyReceivedCallback<P>): Answer | Promise<Answer> {
    const { kind, key } = event;
    if (inflight.size !== 0) {
      const earlier = inflight.get(key);
      if (earlier !== undefined) {
        return earlier.then((ok) => (ok ? duplicateAnswer(kind) : answer(500, { ok: false, error: `the ${kind} handler failed on an earlier delivery of this callback; send it again` })));
      }
    }
    if (seen) {
      let already: boolean | PromiseLike<boolean>;
      try {
        already = seen.has(key);
      } catch (error) {
        return track(key, seenFailed(error, event));
      }
      if (isThenable(already)) return track(key, later(event, already));
      if (already) return duplicateAnswer(kind);
    }
    return afterHas(event);
  }

  /** The handler, then the seen store's add: at once as far as nothing returns a promise. */
  function afterHas(event: AnyReceivedCallback<P>): Answer | Promise<Answer> {
    let result: unknown;
    try {
      result = callHandler(event);
    } catch (error) {
      return track(event.key, report(error, event).then(() => handlerFailed(event.kind)));
    }
    if (isThenable(result)) return track(event.key, later(event, undefined, result));
    if (seen) {
      let added: void | PromiseLike<void>;
      try {
        added = seen.add(event.key);
      } catch (error) {
        return track(event.key, report(error, event).then(() => ({ answer: handledAnswer(event.kind), ok: true })));
      }
      if (isThenable(added)) return track(event.key, later(event, undefined, undefined, added));
    }
    return handledAnswer(event.kind);
  }

  async function seenFailed(error: unknown, event: AnyReceivedCallback<P>): Promise<Outcome> {
    await report(error, event);
    return { answer: answer(500, { ok: false, error: "the seen store failed; send the callback again" }), ok: false };
  }

  /** The steps of settle from the first promise on: `has` pending, or else the handler's `result` pending, or else `added`. */
  async function later(event: AnyReceivedCallback<P>, has: PromiseLike<boolean> | undefined, result?: unknown, added?: PromiseLike<void>): Promise<Outcome> {
    if (has !== undefined) {
      let already: boolean;
      try {
        already = await has;
      } catch (error) {
        return seenFailed(error, event);
      }
      if (already) return { answer: duplicateAnswer(event.kind), ok: true };
      try {
        result = callHandler(event);
      } catch (error) {
        await report(error, event);
        return handlerFailed(event.kind);
      }
    }
    if (added === undefined) {
      try {
        await result;
      } catch (error) {
        await report(error, event);
        return handlerFailed(event.kind);
      }
    }
    if (seen) {
      try {
        await (added ?? seen.add(event.key));
      } catch (error) {
        await report(error, event);
      }
    }
    return { answer: handledAnswer(event.kind), ok: true };
  }

  /** Holds `key` in inflight until `outcome` settles (it never rejects), then answers with it. */
  function track(key: string, outcome: Promise<Outcome>): Promise<Answer> {
    let done!: (ok: boolean) => void;
    inflight.set(key, new Promise<boolean>((resolve) => (done = resolve)));
    return outcome.then((o) => {
      inflight.delete(key);
      done(o.ok);
      return o.answer;
    });
  }

  function refuseMethod(method: string): Answer | undefined {
    if (method === "POST") return undefined;
    return answer(405, { ok: false, error: `method ${method} is not allowed here: CI callbacks are POSTed` }, { allow: "POST" });
  }

  function answerBody(headers: CallbackHeaders, got: BodyRead): Answer | Promise<Answer> {
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
    const type = mediaType(headers["content-type"]);
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
      decoded = decode(body, type.format === undefined ? decodeOptions : optionsFor(type.format, body));
    } catch (error) {
      if (!isCallbackDecodeError(error)) {
        return report(error, undefined).then(() => answer(500, { ok: false, error: "decoding failed unexpectedly (a bug in tencent-ci-callbacks; please report it)" }));
      }
      const errors = (error as CallbackDecodeError).errors;
      const unknown = errors.some((e) => e.code === "unknown-payload" || (e.code === "wrong-root" && e.found?.startsWith("<") === true));
      const message = unknown ? "no callback kind has this shape (a job response, or a kind this package does not know)" : (error as Error).message.split("\n")[0]!;
      return refuse({ reason: unknown ? "unknown-kind" : "invalid", status: 400, body: raw, headers, errors }, message);
    }
    let key: string;
    try {
      key = keyOf({ kind: decoded.kind, payload: decoded.payload, headers, body: raw });
    } catch (error) {
      return report(error, undefined).then(() => answer(500, { ok: false, error: "the key function failed" }));
    }
    return settle({ kind: decoded.kind, payload: decoded.payload, headers, warnings: decoded.warnings, body: raw, key } as AnyReceivedCallback<P>);
  }

  async function receive(method: string, headers: CallbackHeaders, read: () => Promise<BodyRead>): Promise<Answer> {
    const refused = refuseMethod(method);
    if (refused !== undefined) return refused;
    const got = await read();
    return new Promise<Answer>((resolve) => answerSoon(headers, got, resolve));
  }

  /** Bodies read in this turn of the event loop, answered together after it (see the batch option). */
  let queued: Queued[] = [];
  const drain = () => {
    const jobs = queued;
    queued = [];
    for (const job of jobs) answerNow(job.headers, job.got, job.done);
  };
  function answerNow(headers: CallbackHeaders, got: BodyRead, done: Queued["done"]): void {
    let a: Answer | Promise<Answer>;
    try {
      a = answerBody(headers, got);
    } catch (error) {
      // A bug of the receiver's (answerBody does not throw): reported, answered 500, and the rest of its batch still answered.
      a = report(error, undefined).then(() => answer(500, { ok: false, error: "the request could not be handled (a bug in tencent-ci-callbacks; please report it)" }));
    }
    try {
      done(a);
    } catch (error) {
      // An adapter that could not write its answer (its socket gone): reported; the rest of a batch is still answered.
      void report(error, undefined);
    }
  }
  function answerSoon(headers: CallbackHeaders, got: BodyRead, done: Queued["done"]): void {
    if (!batch) return answerNow(headers, got, done);
    if (queued.push({ headers, got, done }) === 1) setImmediateHere!(drain);
  }

  const receiver: Receiver = { maxBodyBytes, refuseMethod, answerBody, answerSoon, receive };
  const fetch = fetchAdapter(receiver);
  return { node: nodeAdapter(receiver), fetch, handle: fetch, fastify: fastifyAdapter(receiver) };
}
