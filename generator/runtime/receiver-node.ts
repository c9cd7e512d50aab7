import type { Answer, BodyRead, CallbackHeaders, Receiver } from "./receiver.js";
import { setOwn } from "./own.js";

/**
 * The parts of node's IncomingMessage the middleware uses (Express's and Connect's requests are
 * IncomingMessages). Declared here so that the package needs neither node's types nor a framework's.
 */
export interface NodeRequest {
  readonly method?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Set by a body parser that ran before the middleware: a string or Buffer is used, an object refused. */
  readonly body?: unknown;
  readonly readableEnded?: boolean;
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
  destroy(error?: Error): unknown;
}

/** The parts of node's ServerResponse the middleware uses. */
export interface NodeResponse {
  readonly headersSent: boolean;
  readonly writableEnded?: boolean;
  writeHead(status: number, headers: Readonly<Record<string, string>>): unknown;
  end(chunk: string, callback?: () => void): unknown;
}

/**
 * `(req, res, next?)`: a node:http request listener, and an Express or Connect middleware. It
 * answers every request it is given (so mount it on the callback's path); `next` is accepted
 * for the middleware shape and never called. The promise it returns never rejects.
 */
export type NodeMiddleware = (req: NodeRequest, res: NodeResponse, next?: (error?: unknown) => void) => Promise<void>;

const encoder = new TextEncoder();

/** Headers with lower-case names (node's already are), repeated ones joined with ", ". */
export function nodeHeaders(headers: NodeRequest["headers"]): CallbackHeaders {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const v = headers[name];
    if (v !== undefined) setOwn(out, name.toLowerCase(), typeof v === "string" ? v : v.join(", "));
  }
  return out;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The Content-Length header as a number, when it is one. */
export function declaredLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** An object a body parser left, told apart from the `{}` body-parser 1 sets without reading (Express 4: its parsers skip other types). */
function unreadPlaceholder(req: NodeRequest & { _body?: unknown }): boolean {
  const b = req.body;
  return typeof b === "object" && b !== null && !Array.isArray(b) && Object.keys(b).length === 0 && req._body !== true && req.readableEnded !== true;
}

/**
 * Reads the body of a node request, at most `max` bytes, and calls `done` once with what was read,
 * or with an error when the request failed or closed before its end. Past `max` it stops reading
 * (the stream is paused and left; the connection is closed after the answer). A body a parser
 * already read is taken from req.body when it is text or bytes (`done` is then called at once).
 */
export function readNodeBody(req: NodeRequest, max: number, done: (got: BodyRead | undefined, error?: unknown) => void): void {
  const parsed = req.body;
  if (parsed !== undefined && !unreadPlaceholder(req)) {
    if (typeof parsed === "string") return done({ ok: true, body: parsed });
    if (ArrayBuffer.isView(parsed)) return done({ ok: true, body: new Uint8Array(parsed.buffer, parsed.byteOffset, parsed.byteLength) });
    return done({ ok: false, reason: "parsed-body", found: parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `${typeof parsed === "object" ? "an object" : `a ${typeof parsed}`}` });
  }
  if (req.readableEnded === true) return done({ ok: false, reason: "parsed-body", found: "nothing: the request's stream was read before the handler ran, and req.body holds no text or bytes" });
  const length = declaredLength(typeof req.headers["content-length"] === "string" ? req.headers["content-length"] : undefined);
  if (length !== undefined && length > max) return done({ ok: false, reason: "too-large", received: undefined, size: length });
  readStreamTo(req, max, done);
}

/** The parts of a readable stream readStream uses. */
export interface ByteStream {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
}

/**
 * Reads a stream to its end, at most `max` bytes, and calls `done` once: with what was read, or
 * with an error. Past `max` it stops (removes its listeners and pauses the stream). After the end
 * its listeners are left on the stream (a late close or error finds `done` called, and does
 * nothing): removing them would cost each request more than they hold.
 */
export function readStreamTo(req: ByteStream, max: number, done: (got: BodyRead | undefined, error?: unknown) => void): void {
  // The body most often comes in one chunk: it is kept as it is, with no list and no copy.
  let first: Uint8Array | undefined;
  let chunks: Uint8Array[] | undefined;
  let size = 0;
  let finished = false;
  const cleanup = () => {
    req.removeListener("data", onData);
    req.removeListener("end", onEnd);
    req.removeListener("error", onError);
    req.removeListener("close", onClose);
  };
  const onData = (chunk: Uint8Array | string) => {
    if (finished) return;
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    if (size + bytes.byteLength > max) {
      finished = true;
      cleanup();
      req.pause();
      const all = chunks ?? (first === undefined ? [] : [first]);
      all.push(bytes.subarray(0, max - size));
      done({ ok: false, reason: "too-large", received: concat(all, max), size: undefined });
      return;
    }
    size += bytes.byteLength;
    if (first === undefined) first = bytes;
    else (chunks ??= [first]).push(bytes);
  };
  const onEnd = () => {
    if (finished) return;
    finished = true;
    done({ ok: true, body: chunks !== undefined ? concat(chunks, size) : (first ?? new Uint8Array(0)) });
  };
  const onError = (error: unknown) => {
    if (finished) return;
    finished = true;
    cleanup();
    done(undefined, error);
  };
  const onClose = () => {
    if (finished) return;
    finished = true;
    cleanup();
    done(undefined, new Error("the request was closed before its body ended"));
  };
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", onError);
  req.on("close", onClose);
}

/** readStreamTo as a promise: what was read, or a rejection with the stream's error. */
export function readStream(req: ByteStream, max: number): Promise<BodyRead> {
  return new Promise<BodyRead>((resolve, reject) => readStreamTo(req, max, (got, error) => (got !== undefined ? resolve(got) : reject(error))));
}

/** The headers of an answer that closes the connection once sent. */
function closing(a: Answer): Record<string, string> {
  return { ...a.headers, connection: "close" };
}

/** Writes an answer; one that leaves a body unread closes the connection once sent, so no more of it is read. */
export function sendNode(req: NodeRequest, res: NodeResponse, a: Answer): void {
  if (res.headersSent || res.writableEnded === true) return;
  // writeHead with the answer's headers object (made once per answer), as a bare node:http server writes them.
  res.writeHead(a.status, a.close ? closing(a) : a.headers);
  if (a.close) {
    // Destroyed a moment after the answer is written, not at once: a reset that follows the
    // answer too closely can make the client drop it unread.
    res.end(a.body, () => void setTimeout(() => req.destroy(), 50).unref?.());
  } else res.end(a.body);
}

const RESOLVED = Promise.resolve();

/** The answer to a request that could not be read (the client went away) or met a bug of the receiver's. */
const UNREADABLE: Answer = { status: 500, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ ok: false, error: "the request could not be read or handled" }), close: true };

export function nodeAdapter(receiver: Receiver): NodeMiddleware {
  return (req, res) => {
    let headers: CallbackHeaders;
    try {
      const refused = receiver.refuseMethod(req.method ?? "GET");
      if (refused !== undefined) {
        sendNode(req, res, refused);
        return RESOLVED;
      }
      headers = nodeHeaders(req.headers);
    } catch {
      sendNode(req, res, UNREADABLE);
      return RESOLVED;
    }
    return new Promise<void>((resolve) => {
      readNodeBody(req, receiver.maxBodyBytes, (got) => {
        // The request failed while being read (the client went away): a 500 if anyone still listens.
        if (got === undefined) {
          sendNode(req, res, UNREADABLE);
          return resolve();
        }
        receiver.answerSoon(headers, got, (a) => {
          if (a instanceof Promise) {
            a.then(
              (x) => sendNode(req, res, x),
              () => sendNode(req, res, UNREADABLE),
            ).then(resolve);
            return;
          }
          try {
            sendNode(req, res, a);
          } finally {
            resolve();
          }
        });
      });
    });
  };
}
