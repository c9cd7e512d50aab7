/**
 * Redeliveries. CI may send one callback more than once (it retries when an answer is not 200,
 * or arrives too late). The receiver gives each decoded callback a key (seenKey) and, before
 * calling a handler, asks a SeenStore whether that key was handled already; a key is added
 * only after its handler's promise resolved, so a callback whose handler failed (answered 500)
 * is handled again when it is sent again.
 */

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
  // A Map keeps insertion order: the first key is the least recently used.
  const keys = new Map<string, true>();
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
      if (keys.size > capacity) keys.delete(keys.keys().next().value as string);
    },
  };
}

/** A 64-bit hash of a text as 16 hex digits (two 32-bit lanes of a multiply-xorshift mix; not cryptographic). */
function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

/** JSON with every object's keys sorted: the same model gives the same text whether it came as XML or JSON. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

function text(v: unknown): string {
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

function first(v: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === "object" && x !== null ? (x as Record<string, unknown>) : undefined;
}

/**
 * The key of one job state: `kind:job:state:digest`. `job` and `state` are there to be read
 * (in a Redis key, a log): the job's id and state where the model has them
 * (JobsDetail.JobId and .State, WorkflowExecution.RunId and .State, or the moderation Simple
 * shape's data.trace_id and data.result), else empty. `digest` is a 64-bit hash of the whole
 * model (keys sorted, so the XML and the JSON form of one callback agree): a redelivery is the
 * same model again, while two callbacks of one job that differ in anything (another state,
 * another progress, another result) are two keys, and neither is dropped.
 */
export function seenKey(kind: string, payload: unknown): string {
  const model = first(payload) ?? {};
  const detail = first(model["JobsDetail"]) ?? first(model["WorkflowExecution"]);
  const data = first(model["data"]);
  const job = detail ? text(detail["JobId"]) || text(detail["RunId"]) : data ? text(data["trace_id"]) : "";
  const state = detail ? text(detail["State"]) : data ? text(data["result"]) : "";
  return `${kind}:${job}:${state}:${hash64(canonical(payload))}`;
}
