/**
 * A memory child (bench/memory.ts) measuring decodes whose memory is known:
 * `node <flags> --import tsx memory-fixture.ts CASE MODE`. Used by memory.test.ts.
 */
import { measure, type Mode } from "../../bench/memory.js";

const MiB = 2 ** 20;
/**
 * A JavaScript array of n small integers: n × 8 bytes on the heap (64-bit V8, no pointer
 * compression), one backing store. (Filled with 0.5 it would take twice that: the store of
 * n holes, then the store of n doubles it turns into.)
 */
const slots = (n: number) => new Array<number>(n).fill(0);

const cases: Record<string, () => unknown> = {
  nothing: () => undefined,
  /** 10 MiB on the heap, kept. */
  "keeps 10 MiB": () => slots((10 * MiB) / 8),
  /** 10 MiB outside the heap (an ArrayBuffer), kept. */
  "keeps a 10 MiB ArrayBuffer": () => new Uint8Array(10 * MiB),
  /** 10 MiB in 1 KiB arrays, none kept for long. */
  "drops 10 MiB": () => {
    let sum = 0;
    for (let i = 0; i < 10 * 1024; i++) sum += slots(128).length;
    return sum;
  },
  /** 8 MiB live at once (8192 arrays of 1 KiB), then dropped; 1 MiB kept. */
  "8 MiB at once, keeps 1 MiB": () => {
    const tmp: number[][] = [];
    for (let i = 0; i < 8 * 1024; i++) tmp.push(slots(128));
    const out = slots(MiB / 8);
    out[0] = tmp.length;
    tmp.length = 0;
    return out;
  },
};

const report = measure(cases[process.argv[2]!]!, { mode: process.argv[3] as Mode, warmRuns: 2, warmMs: 0, repeats: 3, peakRepeats: 1 });
process.stdout.write(JSON.stringify(report) + "\n");
