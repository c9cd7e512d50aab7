import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { check } from "./oracle.js";
import { MAX_SAVED, REGRESSIONS, runRange } from "./run.js";

/**
 * The fuzzer's inputs that once failed (test/fuzz/regressions/*.bin, each with a .txt saying
 * what it found) must now pass the oracle; and a short fuzz run with a fixed seed finds nothing.
 * Longer runs: npm run fuzz -- --seconds 600.
 */
describe("fuzz regressions", () => {
  const files = readdirSync(REGRESSIONS).filter((f) => f.endsWith(".bin")).sort();

  // The oracle's first call loads what it checks with (measured: 6.1 s, then 10 ms for the same
  // input), which is no input's doing: it is paid here, so that each input's bound is its own work.
  beforeAll(() => {
    expect(check(readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml")), Infinity).kind).toBe("decoded");
  });

  it("there are saved regressions to replay", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s passes the oracle", (file) => {
    const kindFile = join(REGRESSIONS, file.replace(/\.bin$/, ".kind"));
    const kind = existsSync(kindFile) ? readFileSync(kindFile, "utf8").trim() : undefined;
    const outcome = check(readFileSync(join(REGRESSIONS, file)), 5000, kind);
    expect(outcome.kind, readFileSync(join(REGRESSIONS, file.replace(/\.bin$/, ".txt")), "utf8") + JSON.stringify(outcome)).not.toBe("finding");
  });
});

describe("a failing fuzz run", () => {
  it(`keeps at most a bounded number of regression files (${MAX_SAVED} by default)`, () => {
    const dir = mkdtempSync(join(tmpdir(), "fuzz-bound-"));
    // A bound of 0 ms makes every input a finding.
    const stats = runRange(7, 0, 30, Date.now() + 60_000, 0, () => {}, 4, dir);
    expect(stats.findings).toHaveLength(30);
    expect(readdirSync(dir).filter((f) => f.endsWith(".bin")).length).toBeLessThanOrEqual(4);
    expect(stats.findings.filter((f) => f.file.startsWith("(not saved")).length).toBeGreaterThanOrEqual(26);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("a short fuzz run", () => {
  it("2,000 mutated inputs (seed 20261128): every one decodes and round-trips, or is refused with a typed error", () => {
    const stats = runRange(20261128, 0, 2000, Date.now() + 120_000, 5000);
    expect(stats.findings).toEqual([]);
    expect(stats.tried).toBe(2000);
    // The mutations reach both sides of the oracle.
    expect(stats.decoded).toBeGreaterThan(100);
    expect(Object.keys(stats.refused).length).toBeGreaterThan(5);
  });
});
