import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seeds } from "./corpus.js";
import { mutate } from "./mutate.js";
import { check } from "./oracle.js";
import { Rng } from "./prng.js";

export const REGRESSIONS = join(import.meta.dirname, "regressions");

export interface RunStats {
  tried: number;
  decoded: number;
  refused: Record<string, number>;
  findings: { index: number; reason: string; file: string }[];
  slowestMs: number;
}

/** The bytes of input `index` of the run with `seed`: the same on every machine. */
export function inputAt(seed: number, index: number): Uint8Array {
  return mutate(SEEDS(), Rng.for(seed, index)).input;
}
let cached: ReturnType<typeof seeds> | undefined;
const SEEDS = () => (cached ??= seeds());

/** Saves a failing input as a regression fixture (replayed by test/fuzz/fuzz.test.ts) and returns its file name. */
export function saveFinding(input: Uint8Array, reason: string, seed: number, index: number): string {
  const name = createHash("sha256").update(input).digest("hex").slice(0, 16);
  mkdirSync(REGRESSIONS, { recursive: true });
  writeFileSync(join(REGRESSIONS, `${name}.bin`), input);
  writeFileSync(join(REGRESSIONS, `${name}.txt`), `found by npm run fuzz (seed ${seed}, input ${index}): ${reason}\n`);
  return `${name}.bin`;
}

/**
 * Runs inputs `from`, `from + 1`, ... of the run with `seed` until `count` are done or
 * `deadline` (epoch ms) passes. `onInput` is told each index before it runs, so a watchdog
 * can name the input that hangs.
 */
export function runRange(seed: number, from: number, count: number, deadline: number, boundMs: number, onInput: (index: number) => void = () => {}): RunStats {
  const stats: RunStats = { tried: 0, decoded: 0, refused: {}, findings: [], slowestMs: 0 };
  for (let i = from; i < from + count && Date.now() < deadline; i++) {
    onInput(i);
    const input = inputAt(seed, i);
    const started = performance.now();
    const outcome = check(input, boundMs);
    stats.slowestMs = Math.max(stats.slowestMs, performance.now() - started);
    stats.tried++;
    if (outcome.kind === "decoded") stats.decoded++;
    else if (outcome.kind === "refused") for (const c of outcome.codes) stats.refused[c] = (stats.refused[c] ?? 0) + 1;
    else stats.findings.push({ index: i, reason: outcome.reason, file: saveFinding(input, outcome.reason, seed, i) });
  }
  return stats;
}
