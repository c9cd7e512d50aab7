import { parentPort, workerData } from "node:worker_threads";
import { seeds } from "./corpus.js";
import { check } from "./oracle.js";
import { runRange } from "./run.js";

/** Runs a slice of the fuzz run; writes the index in progress to shared memory for the watchdog. */
const { seed, from, count, deadline, boundMs, progress, maxSaved } = workerData as { seed: number; from: number; count: number; deadline: number; boundMs: number; progress: SharedArrayBuffer; maxSaved: number };
const current = new Int32Array(progress);
// Warm up untimed: the first decode of each kind loads and compiles its modules, which the time
// bound is not about (it once made the first input of every slice a "finding").
for (const s of seeds()) check(new TextEncoder().encode(s.text), Number.MAX_SAFE_INTEGER, s.kind);
const stats = runRange(seed, from, count, deadline, boundMs, (i) => Atomics.store(current, 0, i), maxSaved);
parentPort!.postMessage(stats);
