import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memorySeenStore } from "../../generated/src/index.js";

/**
 * memorySeenStore against the plainest LRU there is: a list of keys, most recent last. The
 * store takes its oldest key with one iterator kept across evictions (see seen.ts); here long
 * random runs of has/add, with few keys and small capacities (so that keys are evicted, looked
 * up again and added again many times, and the Map rehashes under the iterator), must answer
 * every has() as the list does.
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
  it("answers has() as a list-based LRU does, over long runs of has and add", () => {
    const op = fc.record({ add: fc.boolean(), key: fc.integer({ min: 0, max: 40 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(op, { minLength: 1, maxLength: 3000 }), (capacity, ops) => {
        const store = memorySeenStore(capacity);
        const list = new ListLru(capacity);
        for (const { add, key } of ops) {
          const k = `k${key}`;
          if (add) {
            store.add(k);
            list.add(k);
          } else expect(store.has(k)).toBe(list.has(k));
        }
        for (let key = 0; key <= 40; key++) expect(store.has(`k${key}`)).toBe(list.has(`k${key}`));
      }),
      { numRuns: 300 },
    );
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
