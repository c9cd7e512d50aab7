import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureMemory } from "../../bench/memory.js";

/**
 * The bench's memory method (bench/memory.ts) on decodes whose memory is known. Nothing here
 * is timed: the figures are bytes, read from the V8 heap of child processes. They are exact
 * to within a KB or so (the readings' own objects are subtracted as measured on a decode doing
 * nothing, and a heap after a full GC varies by a few hundred bytes): hence the 4 KiB margins.
 */
const MiB = 2 ** 20;
const SLACK = 4 * 1024;
let dir: string;
let fixture: string;
beforeAll(async () => {
  // Bundled, as the bench bundles its child: plain node starts in a tenth of tsx's time.
  dir = mkdtempSync(join(tmpdir(), "ci-bench-memory-test-"));
  fixture = join(dir, "memory-fixture.mjs");
  await build({ entryPoints: [join(import.meta.dirname, "memory-fixture.ts")], outfile: fixture, bundle: true, platform: "node", format: "esm", logLevel: "error" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A 100 KB "body": the peak child runs whatever the allocation child finds.
const measured = (name: string) => measureMemory([fixture, name], 100_000);

describe("bench/memory.ts measures what a decode allocates, keeps and holds at its peak", () => {
  it("a decode that does nothing: about 0 bytes once the readings' own objects are subtracted", async () => {
    const m = await measured("nothing");
    expect(m.gcsInAllocationRun).toBe(0);
    expect(Math.abs(m.allocated)).toBeLessThan(SLACK);
    expect(Math.abs(m.retained)).toBeLessThan(SLACK);
  });

  it("a decode keeping a 10 MiB array: at least 10 MiB allocated, retained and at its peak", async () => {
    const m = await measured("keeps 10 MiB");
    expect(m.gcsInAllocationRun).toBe(0);
    for (const x of [m.allocated, m.retained, m.peakLow, m.peakHigh]) expect(x).toBeGreaterThanOrEqual(10 * MiB - SLACK);
    expect(m.allocated).toBeLessThan(10 * MiB + SLACK);
  });

  it("a decode keeping a 10 MiB ArrayBuffer (external memory): the same", async () => {
    const m = await measured("keeps a 10 MiB ArrayBuffer");
    for (const x of [m.allocated, m.retained, m.peakLow, m.peakHigh]) expect(x).toBeGreaterThanOrEqual(10 * MiB - SLACK);
    expect(m.allocated).toBeLessThan(10 * MiB + SLACK);
  });

  it("a decode allocating 10 MiB it drops as it goes: 10 MiB allocated, little retained, a peak of a few MiB at most", async () => {
    const m = await measured("drops 10 MiB");
    expect(m.gcsInAllocationRun).toBe(0);
    expect(m.allocated).toBeGreaterThanOrEqual(10 * MiB);
    expect(m.retained).toBeLessThan(64 * 1024);
    expect(m.peakMeasured).toBe(true);
    expect(m.gcsInPeakRun).toBeGreaterThan(0);
    expect(m.peakHigh).toBeLessThan(3 * MiB);
  });

  it("a decode holding 8 MiB at once and keeping 1 MiB: the peak bracket holds 8 MiB, retained is 1 MiB", async () => {
    const m = await measured("8 MiB at once, keeps 1 MiB");
    expect(m.allocated).toBeGreaterThanOrEqual(9 * MiB);
    expect(m.retained).toBeGreaterThanOrEqual(1 * MiB - SLACK);
    expect(m.retained).toBeLessThan(1.5 * MiB);
    expect(m.peakLow).toBeGreaterThanOrEqual(6 * MiB);
    expect(m.peakHigh).toBeGreaterThanOrEqual(8 * MiB);
    expect(m.peakLow).toBeLessThanOrEqual(m.peakHigh);
    expect(m.peakHigh).toBeLessThanOrEqual(m.allocated);
  });
});
