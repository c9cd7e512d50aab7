/**
 * Redeliveries. CI may send one callback more than once (it retries when an answer is not 200,
 * or arrives too late). The receiver gives each decoded callback a key (bodySeenKey) and, before
 * calling a handler, asks a SeenStore whether that key was handled already; a key is added
 * only after its handler's promise resolved, so a callback whose handler failed (answered 500)
 * is handled again when it is sent again.
 */

import { bodyDigest, fmix, hexDigest } from "./body-digest.js";
import { resized } from "./int32-array.js";

export { bodyDigest } from "./body-digest.js";

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

/**
 * An in-memory SeenStore that keeps the `capacity` most recently added or looked-up keys (default 10,000).
 *
 * It holds no string: each key is kept as a 64-bit hash of its text (two 32-bit lanes, seeded at
 * random for each store), in typed arrays: a hash table with linear probing and a doubly linked
 * list from the least recently used key to the most. Under load a Map of 10,000 strings cost the
 * receiver 15 to 40 µs a request on loopback (each key outlives a few young-generation
 * collections, so the old generation filled with them), while a has() and an add() in a loop
 * cost 1.5 µs. Two keys are taken for one only when their hashes
 * agree in all 64 bits: with 10,000 keys held, a chance of about 5e-16 for each key looked up,
 * the order of the body digest's own (see bodyDigest). The arrays start small and double as keys
 * come, up to `capacity`.
 */
export function memorySeenStore(capacity = 10_000): SeenStore {
  if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity <= 0) {
    throw new RangeError(`memorySeenStore capacity must be a positive integer, got ${String(capacity)}`);
  }
  const lru = new HashedLru(capacity);
  // Methods that need no `this`, as a store made of two functions has: `{ has: store.has }` works.
  return { has: (key) => lru.has(key), add: (key) => lru.add(key) };
}

/** The seeds of the two lanes: random, so that nobody can choose keys that collide (or fill one run of the table) in a store they have not seen. */
function seed(): number {
  return (Math.random() * 0x100000000) | 0;
}

/** A null link of the list, and the table's empty slot (slots hold a node's index + 1). */
const NONE = -1;

/**
 * The LRU behind memorySeenStore. Nodes are indexes into the arrays: `h1`/`h2` its key's hash,
 * `older`/`newer` its neighbours in the list (NONE at either end). `slots` is the hash table:
 * each slot 0 or a node's index + 1, found from the hash's low bits and the slots after it (no
 * tombstones: a removal moves back the entries that followed, Knuth's algorithm R), at most half full.
 */
class HashedLru implements SeenStore {
  private readonly seed1 = seed();
  private readonly seed2 = seed();
  private h1 = new Int32Array(0);
  private h2 = new Int32Array(0);
  private older = new Int32Array(0);
  private newer = new Int32Array(0);
  private slots = new Int32Array(0);
  private mask = 0;
  private count = 0;
  private oldest = NONE;
  private newest = NONE;
  /** The key last hashed and its hash: the receiver asks has(key), then add(key) for the same key once its handler resolved. */
  private lastKey: string | undefined = undefined;
  private k1 = 0;
  private k2 = 0;

  constructor(private readonly capacity: number) {
    this.grow(Math.min(capacity, 64));
  }

  has(key: string): boolean {
    this.hash(key);
    const node = this.find();
    if (node === NONE) return false;
    this.touch(node);
    return true;
  }

  add(key: string): void {
    this.hash(key);
    let node = this.find();
    if (node !== NONE) return this.touch(node);
    if (this.count === this.capacity) {
      // The least recently used key makes room: its node is reused.
      node = this.oldest;
      this.unslot(node);
      this.unlink(node);
    } else {
      if (this.count === this.h1.length) this.grow(Math.min(this.capacity, this.count * 2));
      node = this.count++;
    }
    this.h1[node] = this.k1;
    this.h2[node] = this.k2;
    this.slot(node);
    this.append(node);
  }

  /** Two lanes of a multiply-rotate mix over the key's UTF-16 units, its length folded in, each finished with fmix. */
  private hash(key: string): void {
    if (key === this.lastKey) return;
    this.lastKey = key;
    let a = this.seed1;
    let b = this.seed2;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0xcc9e2d51);
      a = Math.imul((a << 15) | (a >>> 17), 0x1b873593);
      b = Math.imul(b ^ c, 0x85ebca6b);
      b = Math.imul((b << 13) | (b >>> 19), 0xc2b2ae35);
    }
    a = fmix(a ^ key.length);
    b = fmix(b ^ key.length ^ a);
    this.k1 = a;
    this.k2 = b;
  }

  /** The node whose key has the hash last made, or NONE. */
  private find(): number {
    const { slots, mask, h1, h2, k1, k2 } = this;
    for (let i = k1 & mask; ; i = (i + 1) & mask) {
      const n = slots[i]! - 1;
      if (n === NONE) return NONE;
      if (h1[n] === k1 && h2[n] === k2) return n;
    }
  }

  /** Enters `node` in the first free slot from its hash's. */
  private slot(node: number): void {
    const { slots, mask } = this;
    let i = this.h1[node]! & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = node + 1;
  }

  /** Takes `node` out of the table, moving back each entry after it that its own slot allows. */
  private unslot(node: number): void {
    const { slots, mask, h1 } = this;
    let i = h1[node]! & mask;
    while (slots[i] !== node + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; slots[j] !== 0; j = (j + 1) & mask) {
      const home = h1[slots[j]! - 1]! & mask;
      // The entry at j may move to the hole at i when its home slot is not in (i, j] (cyclically).
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        slots[i] = slots[j]!;
        i = j;
      }
    }
    slots[i] = 0;
  }

  private unlink(node: number): void {
    const o = this.older[node]!;
    const n = this.newer[node]!;
    if (o === NONE) this.oldest = n;
    else this.newer[o] = n;
    if (n === NONE) this.newest = o;
    else this.older[n] = o;
  }

  private append(node: number): void {
    this.older[node] = this.newest;
    this.newer[node] = NONE;
    if (this.newest === NONE) this.oldest = node;
    else this.newer[this.newest] = node;
    this.newest = node;
  }

  /** Makes `node` the most recently used. */
  private touch(node: number): void {
    if (node === this.newest) return;
    this.unlink(node);
    this.append(node);
  }

  /** Room for `nodes` nodes, and a table of at least twice as many slots (a power of two), the nodes there entered again. */
  private grow(nodes: number): void {
    this.h1 = resized(this.h1, nodes);
    this.h2 = resized(this.h2, nodes);
    this.older = resized(this.older, nodes);
    this.newer = resized(this.newer, nodes);
    let size = 16;
    while (size < nodes * 2) size *= 2;
    if (size !== this.slots.length) {
      this.slots = new Int32Array(size);
      this.mask = size - 1;
      for (let n = 0; n < this.count; n++) this.slot(n);
    }
  }
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
  return hexDigest(h1, h2);
}

function text(v: unknown): string {
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

function first(v: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === "object" && x !== null ? (x as Record<string, unknown>) : undefined;
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
