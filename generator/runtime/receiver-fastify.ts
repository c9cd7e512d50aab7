import type { Answer, Receiver } from "./receiver.js";
import { type ByteStream, declaredLength, nodeHeaders, type NodeRequest, readStream } from "./receiver-node.js";

/** The parts of a Fastify request the plugin uses. */
export interface FastifyRequestLike {
  readonly method: string;
  readonly raw: NodeRequest;
  readonly body?: unknown;
}

/** The parts of a Fastify reply the plugin uses. */
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(payload: string): FastifyReplyLike;
  readonly raw: { on(event: string, listener: (...args: any[]) => void): unknown };
}

/** The parts of a Fastify instance the plugin uses (so the package needs no Fastify types). */
export interface FastifyInstanceLike {
  removeAllContentTypeParsers(): unknown;
  addContentTypeParser(type: string, parser: (request: any, payload: any, done: (error: Error | null, body?: unknown) => void) => void): unknown;
  route(options: { method: string[]; url: string; handler: (request: any, reply: any) => Promise<unknown> }): unknown;
}

export interface FastifyReceiverOptions {
  /** The route's path, under the prefix the plugin is registered with. Default "/". */
  readonly path?: string;
}

/**
 * A Fastify plugin (`app.register(handler.fastify, { path: "/ci-callback" })`). In its own
 * encapsulated context it replaces every content-type parser with one that keeps the raw body
 * stream for every type (XML, JSON, any other, none), so the receiver reads, limits and decodes
 * the bytes itself, and routes the path for every method (405 for all but POST).
 */
export type FastifyPlugin = (instance: FastifyInstanceLike, options: FastifyReceiverOptions) => Promise<void>;

const METHODS = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT", "OPTIONS"];

/** The body stream the parser kept (wrapped, so Fastify does not take it for a reply stream). */
class RawBody {
  constructor(readonly stream: ByteStream) {}
}

export function fastifyAdapter(receiver: Receiver): FastifyPlugin {
  return async (instance, options) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser("*", (_request, payload: ByteStream, done) => done(null, new RawBody(payload)));
    instance.route({
      method: METHODS,
      url: options?.path ?? "/",
      handler: async (request: FastifyRequestLike, reply: FastifyReplyLike) => {
        const raw = request.raw;
        const stream = request.body instanceof RawBody ? request.body.stream : raw;
        const max = receiver.maxBodyBytes;
        let a: Answer;
        try {
          a = await receiver.receive(request.method, nodeHeaders(raw.headers), async () => {
            const length = declaredLength(typeof raw.headers["content-length"] === "string" ? raw.headers["content-length"] : undefined);
            if (length !== undefined && length > max) return { ok: false, reason: "too-large", received: undefined, size: length };
            return readStream(stream, max);
          });
        } catch {
          a = { status: 500, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ ok: false, error: "the request could not be read or handled" }), close: true };
        }
        reply.code(a.status);
        for (const name in a.headers) reply.header(name, a.headers[name]!);
        if (a.close) {
          reply.header("connection", "close");
          reply.raw.on("finish", () => void setTimeout(() => raw.destroy(), 50).unref?.());
        }
        return reply.send(a.body);
      },
    });
  };
}
