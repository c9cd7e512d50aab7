import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memorySeenStore } from "../../generated/src/index.js";

/**
 * memorySeenStore against the plainest LRU there is: a list of keys, most recent last. The
 * store keeps 64-bit hashes of its keys in typed arrays (a table with linear probing, whose
 * removals move entries back, and a linked list; see seen.ts); here long random runs of has/add,
 * with few keys and small capacities (so that keys are evicted, looked up again and added again
 * many times, and entries are moved back in the table), and with larger ones (so that the
 * arrays grow while keys are held), must answer every has() as the list does.
 */
class ListLru {
  private keys: string[] = [];
  constructor(private readonly capacity: number) {}
  has(key: string): boolean {
    const i = this.keys.indexOf(key);
    if (i < 0) return false;
    this.keys.splice(i, 1);
    this.keys.push(key);
    return true;
  }
  add(key: string): void {
    const i = this.keys.indexOf(key);
    if (i >= 0) this.keys.splice(i, 1);
    this.keys.push(key);
    if (this.keys.length > this.capacity) this.keys.shift();
  }
}

describe("memorySeenStore is an LRU of its capacity", () => {
  /** Random runs of has and add on keys 0..keys (named by `name`) through a store of each capacity in [least, most], against the list. */
  const agreesWithList = (least: number, most: number, keys: number, maxLength: number, numRuns: number, name: (key: number) => string) => {
    const op = fc.record({ add: fc.boolean(), key: fc.integer({ min: 0, max: keys }) });
    fc.assert(
      fc.property(fc.integer({ min: least, max: most }), fc.array(op, { minLength: 1, maxLength }), (capacity, ops) => {
        const store = memorySeenStore(capacity);
        const list = new ListLru(capacity);
        for (const { add, key } of ops) {
          const k = name(key);
          if (add) {
            store.add(k);
            list.add(k);
          } else expect(store.has(k)).toBe(list.has(k));
        }
        for (let key = 0; key <= keys; key++) expect(store.has(name(key))).toBe(list.has(name(key)));
      }),
      { numRuns },
    );
  };

  it("answers has() as a list-based LRU does, over long runs of has and add", () => {
    agreesWithList(1, 12, 40, 3000, 300, (key) => `k${key}`);
  });

  it("answers as the list does while its arrays grow (capacities up to 300)", () => {
    agreesWithList(60, 300, 600, 4000, 60, (key) => `job-${key}:Success`);
  });

  it("tells apart keys of any length and content: empty, long, past ASCII, differing in one character", () => {
    const store = memorySeenStore(100);
    const keys = ["", "a", "b", "ab", "ba", "x".repeat(10_000), `${"x".repeat(9_999)}y`, "中文:job:Success", "\ud800", "k\u0000", "k"];
    for (const k of keys) {
      expect(store.has(k)).toBe(false);
      store.add(k);
      expect(store.has(k)).toBe(true);
    }
    for (const k of keys) expect(store.has(k)).toBe(true);
    expect(store.has("x".repeat(10_001))).toBe(false);
  });

  it("its methods work apart from the store, as those of a store made of two functions do", () => {
    const { has, add } = memorySeenStore(2);
    add("a");
    expect([has("a"), has("b")]).toEqual([true, false]);
  });

  it("holds no more memory than its capacity needs, however many keys a sender makes it see", () => {
    // Its arrays are ArrayBuffers outside the heap: 16 bytes a node and a table of at most 4 nodes' worth of slots.
    const before = process.memoryUsage().arrayBuffers;
    const store = memorySeenStore(1000);
    for (let i = 0; i < 200_000; i++) store.add(`PicProcessCallback:job-${i}:Success:${(i * 2654435761) >>> 0}`);
    const grown = process.memoryUsage().arrayBuffers - before;
    // 1,000 nodes take 16 KB and their table 16 KB; a store that kept every key would take over 3 MB.
    expect(grown).toBeLessThan(512 * 1024);
    expect(store.has("PicProcessCallback:job-199999:Success:" + ((199_999 * 2654435761) >>> 0))).toBe(true);
  });

  it("after 50,000 keys through a store of 1,000, it holds exactly the last 1,000", () => {
    const store = memorySeenStore(1000);
    for (let i = 0; i < 50_000; i++) store.add(`key-${i}`);
    expect(store.has("key-48999")).toBe(false);
    let held = 0;
    for (let i = 49_000; i < 50_000; i++) if (store.has(`key-${i}`)) held++;
    expect(held).toBe(1000);
  });
});
