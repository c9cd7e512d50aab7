import type { Answer, BodyRead, CallbackHeaders, Receiver } from "./receiver.js";
import { declaredLength } from "./receiver-node.js";
import { setOwn } from "./own.js";

function fetchHeaders(headers: Headers): CallbackHeaders {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => setOwn(out, name, value));
  return out;
}

/** Reads a Request's body, at most `max` bytes: past them the stream is cancelled. */
export async function readFetchBody(request: Request, max: number): Promise<BodyRead> {
  const length = declaredLength(request.headers.get("content-length") ?? undefined);
  if (length !== undefined && length > max) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too-large", received: undefined, size: length };
  }
  if (request.body === null) return { ok: true, body: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      chunks.push(value.subarray(0, max - size));
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too-large", received: join(chunks, max), size: undefined };
    }
    size += value.byteLength;
    chunks.push(value);
  }
  return { ok: true, body: join(chunks, size) };
}

function join(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function toResponse(a: Answer): Response {
  const headers = new Headers(a.headers);
  if (a.close) headers.set("connection", "close");
  return new Response(a.body, { status: a.status, headers });
}

/** `(request) => Promise<Response>` for fetch runtimes. The promise never rejects: a request that cannot be read is answered 500. */
export function fetchAdapter(receiver: Receiver): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return toResponse(await receiver.receive(request.method, fetchHeaders(request.headers), () => readFetchBody(request, receiver.maxBodyBytes)));
    } catch {
      return toResponse({ status: 500, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ ok: false, error: "the request could not be read or handled" }) });
    }
  };
}
