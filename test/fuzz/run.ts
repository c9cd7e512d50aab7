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

/** Input `index` of the run with `seed` (the same on every machine), and the kind that decodes it by name, if any. */
export function inputAt(seed: number, index: number): { input: Uint8Array; kind: string | undefined } {
  const m = mutate(SEEDS(), Rng.for(seed, index));
  return { input: m.input, kind: m.seed.kind };
}
let cached: ReturnType<typeof seeds> | undefined;
const SEEDS = () => (cached ??= seeds());

/** A failing run keeps at most this many regression files (the rest are counted, not saved). */
export const MAX_SAVED = 20;

/**
 * Saves a failing input as a regression fixture (replayed by test/fuzz/fuzz.test.ts) and returns
 * its file name. A job response's input keeps its kind in `<name>.kind`, so the replay decodes it by name.
 */
export function saveFinding(input: Uint8Array, reason: string, seed: number, index: number, kind?: string, dir = REGRESSIONS): string {
  const name = createHash("sha256").update(input).digest("hex").slice(0, 16);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.bin`), input);
  writeFileSync(join(dir, `${name}.txt`), `found by npm run fuzz (seed ${seed}, input ${index}): ${reason}\n`);
  if (kind) writeFileSync(join(dir, `${name}.kind`), `${kind}\n`);
  return `${name}.bin`;
}

/**
 * Runs inputs `from`, `from + 1`, ... of the run with `seed` until `count` are done or
 * `deadline` (epoch ms) passes. `onInput` is told each index before it runs, so a watchdog
 * can name the input that hangs.
 */
export function runRange(seed: number, from: number, count: number, deadline: number, boundMs: number, onInput: (index: number) => void = () => {}, maxSaved = MAX_SAVED, dir = REGRESSIONS): RunStats {
  const stats: RunStats = { tried: 0, decoded: 0, refused: {}, findings: [], slowestMs: 0 };
  for (let i = from; i < from + count && Date.now() < deadline; i++) {
    onInput(i);
    const { input, kind } = inputAt(seed, i);
    const started = performance.now();
    const outcome = check(input, boundMs, kind);
    stats.slowestMs = Math.max(stats.slowestMs, performance.now() - started);
    stats.tried++;
    if (outcome.kind === "decoded") stats.decoded++;
    else if (outcome.kind === "refused") for (const c of outcome.codes) stats.refused[c] = (stats.refused[c] ?? 0) + 1;
    else stats.findings.push({ index: i, reason: outcome.reason, file: stats.findings.length < maxSaved ? saveFinding(input, outcome.reason, seed, i, kind, dir) : "(not saved: the run keeps at most " + maxSaved + ")" });
  }
  return stats;
}
