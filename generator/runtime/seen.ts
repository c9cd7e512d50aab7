/**
 * Redeliveries. CI may send one callback more than once (it retries when an answer is not 200,
 * or arrives too late). The receiver gives each decoded callback a key (bodySeenKey) and, before
 * calling a handler, asks a SeenStore whether that key was handled already; a key is added
 * only after its handler's promise resolved, so a callback whose handler failed (answered 500)
 * is handled again when it is sent again.
 */

import { bodyBytes } from "./input.js";

/**
 * Where the receiver remembers the callbacks it handled. The default is memorySeenStore() (an
 * LRU of 10,000 keys, per process). Receivers behind a load balancer share one store, e.g. Redis:
 *
 * ```ts
 * const seen: SeenStore = {
 *   has: async (key) => (await redis.exists(`ci-callback:${key}`)) === 1,
 *   add: async (key) => void (await redis.set(`ci-callback:${key}`, "1", { EX: 7 * 24 * 3600 })),
 * };
 * ```
 *
 * or a database table with the key as its primary key (`has`: a SELECT; `add`: an INSERT that
 * ignores a conflict). Either method may return a promise; one that rejects makes `has` answer
 * 500 (the sender retries) and `add` is reported to onError (the handler has run: the answer
 * stays 200). Two deliveries of one key that arrive together at one process run the handler
 * once (the second waits for the first); at two processes both may run it unless `has`/`add`
 * are made one atomic claim (Redis `SET key 1 NX`): handlers should still be idempotent.
 */
export interface SeenStore {
  /** True when a callback with this key was handled already. */
  has(key: string): boolean | Promise<boolean>;
  /** Records that the callback with this key was handled (its handler resolved). */
  add(key: string): void | Promise<void>;
}

/** An in-memory SeenStore that keeps the `capacity` most recently added or looked-up keys (default 10,000). */
export function memorySeenStore(capacity = 10_000): SeenStore {
  if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity <= 0) {
    throw new RangeError(`memorySeenStore capacity must be a positive integer, got ${String(capacity)}`);
  }
  // A Map keeps insertion order: the first key is the least recently used (a key looked up or
  // added again is deleted and set again, at the end).
  const keys = new Map<string, true>();
  // The oldest key is taken with one iterator kept from the first eviction on: a Map's iterator
  // goes on past the entries deleted since (and across the Map's rehashing), and every key still
  // there lies ahead of it. A new iterator per eviction would step again over every entry
  // evicted since the Map last rehashed: 9 µs a key once 10,000 were held.
  let oldest: Iterator<string> | undefined;
  return {
    has(key) {
      if (!keys.has(key)) return false;
      keys.delete(key);
      keys.set(key, true);
      return true;
    },
    add(key) {
      keys.delete(key);
      keys.set(key, true);
      if (keys.size > capacity) keys.delete((oldest ??= keys.keys()).next().value as string);
    },
  };
}

/*
 * A 64-bit hash of a model: two 32-bit lanes of a multiply-xorshift mix (not cryptographic).
 * An object's members are hashed each on its own and summed, so their order does not count: the
 * same model gives the same hash whether it came as XML or JSON. Nothing is built to be hashed
 * (no JSON text, no sorted key lists): a seed-sized callback's key costs a few microseconds.
 * The hash of the value last hashed is left in r1 and r2.
 */
let r1 = 0;
let r2 = 0;

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return h ^ (h >>> 16);
}

function hashText(t: string, h1: number, h2: number): void {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  // The length ends each text, so that ["ab", "c"] and ["a", "bc"] differ.
  r1 = Math.imul(h1 ^ (0x10000 + t.length), 2654435761);
  r2 = Math.imul(h2 ^ (0x10000 + t.length), 1597334677);
}

function hashValue(v: unknown, h1: number, h2: number): void {
  if (typeof v === "string") return hashText(v, Math.imul(h1 ^ 0x20001, 2654435761), h2);
  if (typeof v === "number" || typeof v === "boolean") return hashText(String(v), Math.imul(h1 ^ (typeof v === "number" ? 0x20002 : 0x20003), 2654435761), h2);
  if (Array.isArray(v)) {
    h1 = Math.imul(h1 ^ 0x20004, 2654435761);
    for (const x of v) {
      hashValue(x, h1, h2);
      h1 = r1;
      h2 = r2;
    }
    r1 = Math.imul(h1 ^ (0x20005 + v.length), 2654435761);
    r2 = Math.imul(h2 ^ v.length, 1597334677);
    return;
  }
  if (typeof v === "object" && v !== null) {
    let a1 = 0;
    let a2 = 0;
    let n = 0;
    for (const k in v) {
      hashText(k, 0x9e3779b9, 0x85ebca6b);
      hashValue((v as Record<string, unknown>)[k], r1, r2);
      a1 = (a1 + fmix(r1)) | 0;
      a2 = (a2 + fmix(r2)) | 0;
      n++;
    }
    r1 = Math.imul(Math.imul(h1 ^ 0x20006, 2654435761) ^ a1 ^ n, 2654435761);
    r2 = Math.imul(h2 ^ a2, 1597334677);
    return;
  }
  r1 = Math.imul(h1 ^ (v === null ? 0x20008 : 0x20009), 2654435761);
  r2 = h2;
}

function digest(payload: unknown): string {
  hashValue(payload, 0xdeadbeef, 0x41c6ce57);
  const h1 = fmix(r1 ^ Math.imul(r2, 0x27d4eb2d));
  const h2 = fmix(r2 ^ Math.imul(h1, 0x165667b1));
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

function text(v: unknown): string {
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

function first(v: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === "object" && x !== null ? (x as Record<string, unknown>) : undefined;
}

const encoder = new TextEncoder();

/**
 * A 64-bit hash of a body as received (not cryptographic), as 16 hex digits: of its bytes, four
 * at a time (a text that a body parser made of them is hashed as its UTF-8 bytes, so it has the
 * digest of the bytes it came from). Two lanes of murmur3's 32-bit mix (the second with other
 * constants), the length folded in at the end. Each four bytes are read as one little-endian
 * word through a DataView (any offset; a Buffer from node's pool may start at any byte), a
 * quarter of the reads of taking them byte by byte, with the same digest.
 */
export function bodyDigest(body: string | ArrayBuffer | ArrayBufferView): string {
  const b = typeof body === "string" ? encoder.encode(body) : bodyBytes(body)!;
  const length = b.length;
  const view = new DataView(b.buffer, b.byteOffset, length);
  const whole = length & ~3;
  let h1 = 0x9747b28c;
  let h2 = 0x41c6ce57;
  for (let i = 0; i <= whole; i += 4) {
    let k: number;
    if (i < whole) k = view.getInt32(i, true);
    else if (i < length) k = b[i]! | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((length - i) << 28); // the last 1 to 3 bytes, and how many
    else break;
    let a = Math.imul(k, 0xcc9e2d51);
    h1 ^= Math.imul((a << 15) | (a >>> 17), 0x1b873593);
    h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
    a = Math.imul(k, 0x85ebca6b);
    h2 ^= Math.imul((a << 16) | (a >>> 16), 0xc2b2ae35);
    h2 = (Math.imul((h2 << 17) | (h2 >>> 15), 9) + 0x38b34ae5) | 0;
  }
  const f1 = fmix(h1 ^ length ^ Math.imul(h2, 0x27d4eb2d));
  const f2 = fmix(h2 ^ length ^ Math.imul(f1, 0x165667b1));
  return (f2 >>> 0).toString(16).padStart(8, "0") + (f1 >>> 0).toString(16).padStart(8, "0");
}

/** The readable part of a key: `kind:job:state` (see seenKey). */
function jobState(kind: string, payload: unknown): string {
  const model = first(payload) ?? {};
  const detail = first(model["JobsDetail"]) ?? first(model["WorkflowExecution"]);
  const data = first(model["data"]);
  const job = detail ? text(detail["JobId"]) || text(detail["RunId"]) : data ? text(data["trace_id"]) : "";
  const state = detail ? text(detail["State"]) : data ? text(data["result"]) : "";
  return `${kind}:${job}:${state}`;
}

/**
 * The receiver's default key of one delivery: `kind:job:state:digest`, `digest` a 64-bit hash of
 * the body as received (bodyDigest). CI sends a callback again (after an answer other than 200,
 * or none in time) as the same message: the same bytes, so the same key. Any other callback, of
 * another job, another state or anything else that differs, has other bytes and so another key,
 * and is handled. Bodies are not compared as models: the same job state sent in another format,
 * or re-serialised with its members in another order or other spacing, is another key and runs
 * the handler again (handlers should be idempotent all the same). For that, pass
 * `key: (e) => seenKey(e.kind, e.payload)`, which hashes the model (a few µs more a callback).
 */
export function bodySeenKey(kind: string, payload: unknown, body: string | ArrayBuffer | ArrayBufferView): string {
  return `${jobState(kind, payload)}:${bodyDigest(body)}`;
}

/**
 * The key of one job state, whatever its format (the receiver's default is bodySeenKey; pass
 * `key: (e) => seenKey(e.kind, e.payload)` for this one): `kind:job:state:digest`. `job` and `state` are there to be read
 * (in a Redis key, a log): the job's id and state where the model has them
 * (JobsDetail.JobId and .State, WorkflowExecution.RunId and .State, or the moderation Simple
 * shape's data.trace_id and data.result), else empty. `digest` is a 64-bit hash of the whole
 * model (the order of an object's members aside, so the XML and the JSON form of one callback agree): a redelivery is the
 * same model again, while two callbacks of one job that differ in anything (another state,
 * another progress, another result) are two keys, and neither is dropped.
 */
export function seenKey(kind: string, payload: unknown): string {
  return `${jobState(kind, payload)}:${digest(payload)}`;
}
