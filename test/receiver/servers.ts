// Real servers on 127.0.0.1 (port 0) around one callback handler: node:http, Express 5, Fastify 5,
// and Hono on @hono/node-server. Each serves the handler at /cb and counts the bytes it read from
// every connection (to check that a body over the limit is not read to its end).
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import type { CallbackHandler } from "../../generated/src/index.js";

export interface Running {
  readonly name: string;
  /** The callback URL (…/cb). */
  readonly url: string;
  /** The most bytes read from any one connection so far. */
  readonly maxBytesRead: () => number;
  readonly close: () => Promise<void>;
}

export type ServerKind = "node:http" | "express" | "fastify" | "hono";
export const SERVER_KINDS: readonly ServerKind[] = ["node:http", "express", "fastify", "hono"];

function watch(server: Server): () => number {
  const sockets = new Set<Socket>();
  let max = 0;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => {
      max = Math.max(max, s.bytesRead);
      sockets.delete(s);
    });
  });
  return () => Math.max(max, ...[...sockets].map((s) => s.bytesRead));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
}

export async function start(kind: ServerKind, handler: CallbackHandler): Promise<Running> {
  switch (kind) {
    case "node:http": {
      const server = createServer((req, res) => {
        if (req.url !== "/cb") return void res.writeHead(404).end();
        void handler.node(req, res);
      });
      const maxBytesRead = watch(server);
      return { name: kind, url: await listen(server), maxBytesRead, close: closer(server) };
    }
    case "express": {
      const app = express();
      app.all("/cb", handler.node);
      const server = createServer(app);
      const maxBytesRead = watch(server);
      return { name: kind, url: await listen(server), maxBytesRead, close: closer(server) };
    }
    case "fastify": {
      const app = Fastify();
      await app.register(handler.fastify, { path: "/cb" });
      // A sibling route of the same app: its JSON parser is Fastify's own, untouched by the plugin's.
      app.post("/json", async (request) => ({ parsed: request.body }));
      const maxBytesRead = watch(app.server);
      await app.listen({ port: 0, host: "127.0.0.1" });
      return { name: kind, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/cb`, maxBytesRead, close: () => app.close() };
    }
    case "hono": {
      const app = new Hono();
      app.all("/cb", (c) => handler.fetch(c.req.raw));
      const server = await new Promise<Server>((done) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => done(s as Server)) as Server;
      });
      const maxBytesRead = watch(server);
      return { name: kind, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, maxBytesRead, close: closer(server) };
    }
  }
}
