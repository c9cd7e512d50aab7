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
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableEnded?: boolean;
  setHeader(name: string, value: string): unknown;
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
 * Reads the body of a node request, at most `max` bytes: past them it stops reading (the stream
 * is paused and left; the connection is closed after the answer). A body a parser already read is
 * taken from req.body when it is text or bytes.
 */
export function readNodeBody(req: NodeRequest, max: number): Promise<BodyRead> {
  const parsed = req.body;
  if (parsed !== undefined && !unreadPlaceholder(req)) {
    if (typeof parsed === "string") return Promise.resolve({ ok: true, body: parsed });
    if (ArrayBuffer.isView(parsed)) return Promise.resolve({ ok: true, body: new Uint8Array(parsed.buffer, parsed.byteOffset, parsed.byteLength) });
    return Promise.resolve({ ok: false, reason: "parsed-body", found: parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `${typeof parsed === "object" ? "an object" : `a ${typeof parsed}`}` });
  }
  if (req.readableEnded === true) return Promise.resolve({ ok: false, reason: "parsed-body", found: "nothing: the request's stream was read before the handler ran, and req.body holds no text or bytes" });
  const length = declaredLength(typeof req.headers["content-length"] === "string" ? req.headers["content-length"] : undefined);
  if (length !== undefined && length > max) return Promise.resolve({ ok: false, reason: "too-large", received: undefined, size: length });
  return readStream(req, max);
}

/** The parts of a readable stream readStream uses. */
export interface ByteStream {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
}

/** Reads a stream to its end, at most `max` bytes: past them it stops (removes its listeners and pauses the stream). */
export function readStream(req: ByteStream, max: number): Promise<BodyRead> {
  return new Promise<BodyRead>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cleanup = () => {
      req.removeListener("data", onData);
      req.removeListener("end", onEnd);
      req.removeListener("error", onError);
      req.removeListener("close", onClose);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
      if (size + bytes.byteLength > max) {
        cleanup();
        req.pause();
        chunks.push(bytes.subarray(0, max - size));
        resolve({ ok: false, reason: "too-large", received: concat(chunks, max), size: undefined });
        return;
      }
      size += bytes.byteLength;
      chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: chunks.length === 0 ? new Uint8Array(0) : concat(chunks, size) });
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error("the request was closed before its body ended"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** Writes an answer; one that leaves a body unread closes the connection once sent, so no more of it is read. */
export function sendNode(req: NodeRequest, res: NodeResponse, a: Answer): void {
  if (res.headersSent || res.writableEnded === true) return;
  res.statusCode = a.status;
  for (const name in a.headers) res.setHeader(name, a.headers[name]!);
  if (a.close) {
    res.setHeader("connection", "close");
    // Destroyed a moment after the answer is written, not at once: a reset that follows the
    // answer too closely can make the client drop it unread.
    res.end(a.body, () => void setTimeout(() => req.destroy(), 50).unref?.());
  } else res.end(a.body);
}

export function nodeAdapter(receiver: Receiver): NodeMiddleware {
  return async (req, res) => {
    let a: Answer;
    try {
      a = await receiver.receive(req.method ?? "GET", nodeHeaders(req.headers), () => readNodeBody(req, receiver.maxBodyBytes));
    } catch {
      // The request failed while being read (the client went away), or the receiver has a bug: a 500 if anyone still listens.
      a = { status: 500, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ ok: false, error: "the request could not be read or handled" }), close: true };
    }
    sendNode(req, res, a);
  };
}
