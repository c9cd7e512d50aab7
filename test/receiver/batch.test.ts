import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { type CallbackHandlerOptions, createCallbackHandler } from "../../generated/src/index.js";
import { withJobIds } from "../../bench/bodies.js";
import { ROOT } from "../helpers.js";

/**
 * The receiver's batching (the `batch` option, on by default): the bodies whose reading ended in
 * one turn of the event loop are decoded, handled and answered together right after it
 * (setImmediate), in the order they were read; with `batch: false` each as soon as it is read.
 * The requests here are EventEmitters given their body synchronously, so that what runs in which
 * turn is known; the same paths over real HTTP are in receiver.test.ts and load.test.ts.
 */
const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");
const bodyOf = withJobIds(seed);

class FakeRequest extends EventEmitter {
  readonly method = "POST";
  readonly headers = { "content-type": "application/xml" };
  pause(): void {}
  destroy(): void {}
}

interface Written {
  status?: number;
  body?: string;
}

function fakeResponse(): { res: { headersSent: boolean; writableEnded: boolean; writeHead(status: number): unknown; end(body: string): unknown }; written: Written } {
  const written: Written = {};
  const res = {
    headersSent: false,
    writableEnded: false,
    writeHead(status: number) {
      written.status = status;
      res.headersSent = true;
      return res;
    },
    end(body: string) {
      written.body = body;
      res.writableEnded = true;
      return res;
    },
  };
  return { res, written };
}

/** Sends `bodies` to the node middleware in one turn (each read to its end at once); what each was answered. */
function sendAll(options: Partial<CallbackHandlerOptions>, bodies: readonly string[], handled: string[]) {
  const handler = createCallbackHandler({
    on: {
      PicProcessCallback: (payload) => {
        const id = payload.JobsDetail.JobId;
        handled.push(id);
        if (id.endsWith("-fails")) throw new Error(`handler failed for ${id}`);
      },
    },
    onError: () => undefined,
    ...options,
  });
  const answers: Written[] = [];
  const settled: Promise<void>[] = [];
  for (const body of bodies) {
    const req = new FakeRequest();
    const { res, written } = fakeResponse();
    answers.push(written);
    settled.push(handler.node(req as never, res as never));
    req.emit("data", Buffer.from(body));
    req.emit("end");
  }
  return { answers, settled: Promise.all(settled) };
}

/** The real setImmediate, kept before any test fakes the timers. */
const realSetImmediate = setImmediate;
const nextTurn = () => new Promise<void>((resolve) => realSetImmediate(resolve));

describe("the receiver's batch option", () => {
  it("by default, handles the bodies read in one turn after it, together, in the order they were read", async () => {
    const handled: string[] = [];
    const bodies = [0, 1, 2, 3].map(bodyOf);
    const { answers, settled } = sendAll({}, bodies, handled);
    // Nothing is decoded or answered in the turn the bodies were read in.
    expect(handled).toEqual([]);
    expect(answers.map((a) => a.status)).toEqual([undefined, undefined, undefined, undefined]);
    await nextTurn();
    expect(handled).toEqual(bodies.map((b) => /<JobId>([^<]*)</.exec(b)![1]));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await settled;
  });

  it("with batch: false, handles and answers each body as soon as it is read", async () => {
    const handled: string[] = [];
    const { answers, settled } = sendAll({ batch: false }, [bodyOf(0), bodyOf(1)], handled);
    expect(handled).toHaveLength(2);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await settled;
  });

  it("a handler that throws fails its own request only: the rest of the batch is handled and answered", async () => {
    const handled: string[] = [];
    const failing = bodyOf(1).replace(/<JobId>([^<]*)</, "<JobId>$1-fails<");
    const { answers, settled } = sendAll({}, [bodyOf(0), failing, bodyOf(2)], handled);
    await settled;
    expect(handled).toHaveLength(3);
    expect(answers.map((a) => a.status)).toEqual([200, 500, 200]);
    expect(JSON.parse(answers[1]!.body!).error).toMatch(/handler failed; send the callback again/);
  });

  it("an answer that cannot be written is reported to onError; the rest of the batch is still answered", async () => {
    const errors: unknown[] = [];
    const handler = createCallbackHandler({ on: { PicProcessCallback: () => undefined }, onError: (e) => void errors.push(e) });
    const answers: Written[] = [];
    const settled: Promise<void>[] = [];
    for (let i = 0; i < 3; i++) {
      const req = new FakeRequest();
      const { res, written } = fakeResponse();
      if (i === 1)
        res.writeHead = () => {
          throw new Error("the socket is gone");
        };
      answers.push(written);
      settled.push(handler.node(req as never, res as never));
      req.emit("data", Buffer.from(bodyOf(100 + i)));
      req.emit("end");
    }
    await Promise.all(settled);
    expect(answers.map((a) => a.status)).toEqual([200, undefined, 200]);
    expect(errors.map((e) => (e as Error).message)).toEqual(["the socket is gone"]);
  });

  it("a body twice in one batch reaches the handler once; the second is answered as a duplicate", async () => {
    const handled: string[] = [];
    const { answers, settled } = sendAll({}, [bodyOf(7), bodyOf(7), bodyOf(8)], handled);
    await settled;
    expect(handled).toHaveLength(2);
    expect(answers.map((a) => JSON.parse(a.body!))).toEqual([
      { ok: true, kind: "PicProcessCallback" },
      { ok: true, kind: "PicProcessCallback", duplicate: true },
      { ok: true, kind: "PicProcessCallback" },
    ]);
  });

  it("an invalid body in a batch is refused alone", async () => {
    const handled: string[] = [];
    const invalid = bodyOf(1).replace("<JobsDetail>", "<JobsDetail><JobsDetail>");
    const { answers, settled } = sendAll({}, [bodyOf(0), invalid, bodyOf(2)], handled);
    await settled;
    expect(handled).toHaveLength(2);
    expect(answers.map((a) => a.status)).toEqual([200, 400, 200]);
  });

  it("the fetch handler batches too: a request read within a turn is handled after it (with batch: false, within it)", async () => {
    const request = (i: number) => new Request("http://127.0.0.1/", { method: "POST", headers: { "content-type": "application/xml" }, body: bodyOf(i) });
    /** Lets the request's body be read: promise jobs only, no turn of the event loop. */
    const microtasks = async () => {
      for (let i = 0; i < 200; i++) await Promise.resolve();
    };
    for (const batch of [true, false]) {
      const handled: string[] = [];
      const handler = createCallbackHandler({ batch, on: { PicProcessCallback: (p) => void handled.push(p.JobsDetail.JobId) } });
      const responses = [handler.handle(request(0)), handler.handle(request(1))];
      await microtasks();
      expect(handled, `batch: ${batch}`).toHaveLength(batch ? 0 : 2);
      expect((await Promise.all(responses)).map((r) => r.status)).toEqual([200, 200]);
      expect(handled).toHaveLength(2);
    }
  });

  it("answers under fake timers installed after the package loaded (it keeps the real setImmediate)", async () => {
    vi.useFakeTimers();
    try {
      const handled: string[] = [];
      const { answers, settled } = sendAll({}, [bodyOf(0), bodyOf(1)], handled);
      await nextTurn();
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });

  it("is checked when the handler is made", () => {
    expect(() => createCallbackHandler({ batch: "yes" as never })).toThrow(/option batch must be/);
  });
});
