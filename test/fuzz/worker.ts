import { parentPort, workerData } from "node:worker_threads";
import { runRange } from "./run.js";

/** Runs a slice of the fuzz run; writes the index in progress to shared memory for the watchdog. */
const { seed, from, count, deadline, boundMs, progress, maxSaved } = workerData as { seed: number; from: number; count: number; deadline: number; boundMs: number; progress: SharedArrayBuffer; maxSaved: number };
const current = new Int32Array(progress);
const stats = runRange(seed, from, count, deadline, boundMs, (i) => Atomics.store(current, 0, i), maxSaved);
parentPort!.postMessage(stats);
