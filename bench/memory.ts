/**
 * Extra memory for one decode (issue 10), measured in child processes of its own per (body,
 * pipeline), as the V8 heap plus its external memory (ArrayBuffers, which the XML decoder's
 * document uses, and anything else outside the heap V8 is told of): `heapUsed + external` of
 * `process.memoryUsage()`, the figure V8's GC statistics (`usedHeapSize + externalMemory`) give.
 *
 * Not the process's peak resident size: below a few MB that is the process's start-up, not the
 * decode. A child per measurement: nothing else (the bench's other pipelines, tinybench, other
 * bodies) shares its heap, and its young generation is sized for the measurement. The body is in
 * memory before anything is measured (a string, or a Buffer for the one pipeline whose decode
 * includes the text decoding) and is not counted. Every child runs with
 * `--no-concurrent-array-buffer-sweeping` (ArrayBuffers a GC frees are accounted for when it ends,
 * not later by a background thread) and `--no-concurrent-recompilation` (the optimizing compiler
 * runs on the main thread: a background compile job holds the objects of the decode that started
 * it, seen keeping a decoded document's 600 KB reachable across several full GCs). Neither changes
 * what a decode allocates.
 *
 * Each child warms up (decoding the same body, at least `warmRuns` times and `warmMs` long), lets
 * the heap settle (full GCs until a decode doing nothing measures the same three times in a row:
 * the heap keeps shrinking by a few KB for a few dozen GCs after start-up), then measures. Two
 * children per (body, pipeline):
 *
 * - **allocation** (`--min-semi-space-size = --max-semi-space-size`, 64 MB up to 4 GB): a young
 *   generation big enough that no GC runs during a measured decode, which a `v8.GCProfiler` running
 *   across each confirms (when one ran, the child is run again with a bigger space). A full GC
 *   discards some of the decoders' optimized code (V8 traces it as "marking dependent code for
 *   deoptimization, reason: weak objects"), and the first few decodes after one allocate more while
 *   the code is optimized again (a fifth to a half more for our decoders here). So after the
 *   settling GCs the decode is run again until what it allocates repeats (3 decodes within 0.2%:
 *   the steady state a server is in between two full GCs), each decode after a minor GC that
 *   empties the young generation without touching the optimized code; then `repeats` decodes are
 *   measured the same way, alternating with a decode doing nothing whose figure (the readings' own
 *   objects, a few hundred bytes) is subtracted. With nothing freed during a decode, the heap's
 *   growth is every byte it allocated: **allocated**, an upper bound on the extra memory the decode
 *   can ever take (a process whose GC does not run during the decode does take it). Then
 *   **retained**, three times: a decode, `gc()` twice with its result still referenced, a reading,
 *   the result dropped, `gc()` twice, a reading; the difference is what the result holds (and
 *   anything else the decode left reachable), a lower bound. An earlier result of the same body is
 *   kept meanwhile, as a server keeps some: without it, dropping the result also frees what every
 *   result of the kind shares (its objects' hidden classes and property descriptors, a few KB),
 *   which is measured too (**retained alone**, in results.json).
 * - **peak** (a 1 MB young generation, and `--gc-global` set after the settling so that every GC is
 *   a full mark-compact): after `gc()` twice, a decode during which a GC runs every MB or so
 *   allocated; the profiler records the heap before and after each. Between two GCs the heap only
 *   grows, so the largest of the before-GC readings and the final reading is the highest the heap
 *   rose during the decode: **peak high**, an upper bound on the extra memory live at once (in use
 *   ≥ live), at most about a MB above it. (A GC during the decode may also free some of what was
 *   there before it, optimized code it discards say, which lowers the readings after it: what the
 *   heap lost so, the heap before the decode minus the heap after it once its result is dropped, is
 *   added back.) A full GC leaves exactly what is live, so the largest after-GC reading (or
 *   retained, if larger) is extra memory that was live at once: **peak low**, a lower bound. Here
 *   the decode runs after full GCs and through more of them, so partly in code not yet optimized
 *   again, which allocates more (what escape analysis would have removed): the bracket is that of a
 *   large body's decode in a process whose GC runs during it. A decode that allocates less than
 *   half that young generation sees no GC; the child is not run for it, and its bracket is
 *   [retained, allocated].
 *
 * Not counted: memory outside the JS heap not reported to V8 (V8's own malloc'd buffers, the
 * optimizing compiler's among them), the stack, and the body's own bytes.
 */
import { spawn } from "node:child_process";
import { GCProfiler, setFlagsFromString } from "node:v8";
import type { GenericShape } from "./generic.js";

/** The pipelines whose memory is measured, as named in the bench's tables, and the body each decodes. */
export const MEMORY_PIPELINE_BODY = {
  "our XML decode": "xml",
  "our XML decode, from a Buffer": "xml",
  "generic XML pipeline": "xml",
  "our JSON decode": "json",
  "JSON.parse alone": "json",
  "JSON.parse + ajv": "json",
} as const;
export type MemoryPipeline = keyof typeof MEMORY_PIPELINE_BODY;
export const MEMORY_PIPELINES = Object.keys(MEMORY_PIPELINE_BODY) as MemoryPipeline[];

export type Mode = "allocation" | "peak";

export interface MeasureOptions {
  readonly mode: Mode;
  /** Warm-up: at least this many decodes, and for at least `warmMs`. */
  readonly warmRuns: number;
  readonly warmMs: number;
  /** Measured decodes in an allocation child. */
  readonly repeats: number;
  /** Measured decodes in a peak child (each runs many full GCs: slow on the large bodies). */
  readonly peakRepeats: number;
}

/** What bench/memory-child.ts is to measure (a JSON file). */
export interface MemoryJob {
  /** file: URL of the built package's dist/esm/index.js. */
  readonly packageUrl: string;
  readonly pipeline: MemoryPipeline;
  /** The body's file: XML for the XML pipelines, JSON for the others. */
  readonly bodyFile: string;
  readonly shape: GenericShape;
  readonly options: Omit<MeasureOptions, "mode">;
}

/** One measured decode, in bytes. */
export interface Sample {
  /** In use after the decode − before. Every byte allocated, when no GC ran. */
  readonly grew: number;
  /** GCs that ran during the decode. */
  readonly gcs: number;
  /** The highest in use during the decode (the before-GC readings and the final one) − before. */
  readonly peakInUse: number;
  /** The highest in use right after a GC during the decode − before (0 when none ran). */
  readonly afterGc: number;
  /** What the GCs during the decode freed: `grew + freed` is about what it allocated. */
  readonly freed: number;
  /** In use after `gc()` twice with the result referenced − the same without it (NaN when not measured). */
  readonly retained: number;
  /**
   * In use before the decode − the same after it, its result dropped and `gc()` twice (NaN when not
   * measured): what the VM freed of what was there before (optimized code a GC discarded, say).
   */
  readonly baselineDrop: number;
}

/** What a child prints (one JSON line); the figures of the decode doing nothing already subtracted. */
export interface ChildReport {
  readonly mode: Mode;
  readonly warmRuns: number;
  /** Rounds of settling GCs. */
  readonly settleRounds: number;
  /** Allocation child: decodes run again after the settling GCs, and whether what they allocate repeated by then. */
  readonly rewarmRuns: number;
  readonly steady: boolean;
  /** What each decode run again allocated (allocation child): the way to the steady state. */
  readonly rewarmGrew: readonly number[];
  readonly samples: readonly Sample[];
  /** Allocation child: the retained measurements, an earlier result kept. */
  readonly retained: readonly number[];
  /** Allocation child: the retained measurements, no other result kept. */
  readonly retainedAlone: readonly number[];
  /** The decode doing nothing (median). */
  readonly overhead: { readonly grew: number; readonly retained: number };
}

type GcFunction = (options?: { type?: "major" | "minor" }) => void;
const collect = (): GcFunction => {
  const f = (globalThis as { gc?: GcFunction }).gc;
  if (typeof f !== "function") throw new Error("bench/memory.ts: the child needs node --expose-gc");
  return f;
};

/** In use: the heap and the external memory. */
function reading(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}
let held: unknown;
/** An earlier result, kept while a result's size is measured (see measure()). */
let anchor: unknown;

/** The GCs a profiler saw, reduced to numbers: its own objects are garbage before anything else is read. */
function gcReadings(profiler: GCProfiler): { gcs: number; highestBefore: number; highestAfter: number; freed: number } {
  const { statistics } = profiler.stop();
  let highestBefore = -Infinity;
  let highestAfter = -Infinity;
  let freed = 0;
  for (const s of statistics) {
    const before = s.beforeGC.heapStatistics.usedHeapSize + s.beforeGC.heapStatistics.externalMemory;
    const after = s.afterGC.heapStatistics.usedHeapSize + s.afterGC.heapStatistics.externalMemory;
    highestBefore = Math.max(highestBefore, before);
    highestAfter = Math.max(highestAfter, after);
    freed += before - after;
  }
  return { gcs: statistics.length, highestBefore, highestAfter, freed };
}

/**
 * One decode between two readings, after a minor GC (the young generation emptied, the optimized
 * code kept) or a major one (`gc()` twice: nothing but live objects left); then, if `retained`,
 * the result's size: `gc()` twice, a reading, the result dropped, `gc()` twice, a reading.
 */
function one(decode: () => unknown, start: "minor" | "major", retained: boolean): Sample {
  const gc = collect();
  const profiler = new GCProfiler();
  if (start === "minor") gc({ type: "minor" });
  else {
    gc();
    gc();
  }
  profiler.start();
  const before = reading();
  held = decode();
  const after = reading();
  const g = gcReadings(profiler);
  let kept = NaN;
  let baselineDrop = NaN;
  if (retained) {
    gc();
    gc();
    const withResult = reading();
    held = undefined;
    gc();
    gc();
    const without = reading();
    kept = withResult - without;
    baselineDrop = before - without;
  }
  held = undefined;
  return {
    grew: after - before,
    gcs: g.gcs,
    peakInUse: Math.max(after, g.highestBefore) - before,
    afterGc: g.gcs ? g.highestAfter - before : 0,
    freed: g.freed,
    retained: kept,
    baselineDrop,
  };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const nothing = () => undefined;

/** In the child: warms `decode` up, lets the heap settle, then measures it (see the module's comment). */
export function measure(decode: () => unknown, options: MeasureOptions): ChildReport {
  collect();
  let warmRuns = 0;
  for (const t0 = performance.now(); warmRuns < options.warmRuns || performance.now() - t0 < options.warmMs; warmRuns++) held = decode();
  held = undefined;
  const seen: number[] = [];
  let settleRounds = 0;
  while (settleRounds++ < 40) {
    seen.push(one(nothing, "major", true).retained);
    if (seen.length >= 3 && seen.slice(-3).every((x) => x === seen.at(-1))) break;
  }

  if (options.mode === "peak") {
    // Every GC a full mark-compact from here on (the young generation's size is a start-up flag).
    setFlagsFromString("--gc-global");
    const noop = [0, 1, 2].map(() => one(nothing, "major", true));
    const overhead = { grew: median(noop.map((s) => s.grew)), retained: median(noop.map((s) => s.retained)) };
    const noopDrop = median(noop.map((s) => s.baselineDrop));
    const samples = Array.from({ length: options.peakRepeats }, () => {
      const s = one(decode, "major", true);
      // What the GCs during the decode freed of the heap before it lowered the readings after
      // them: added back, so that the highest reading stays an upper bound (the lower one stays a
      // lower bound). With no GC during the decode, nothing was.
      const drop = s.gcs ? Math.max(0, s.baselineDrop - noopDrop) : 0;
      return {
        ...s,
        grew: s.grew - overhead.grew,
        peakInUse: s.peakInUse - overhead.grew + drop,
        afterGc: s.gcs ? Math.max(0, s.afterGc - overhead.grew) : 0,
        retained: s.retained - overhead.retained,
        baselineDrop: drop,
      };
    });
    const retained = samples.map((s) => s.retained);
    return { mode: "peak", warmRuns, settleRounds, rewarmRuns: 0, steady: false, rewarmGrew: [], samples, retained, retainedAlone: retained, overhead };
  }

  // Run again until what a decode allocates repeats: the optimized code the settling GCs discarded is back.
  const rewarmGrew: number[] = [];
  let steady = false;
  for (const t0 = performance.now(); rewarmGrew.length < 40 && (rewarmGrew.length < 6 || performance.now() - t0 < 20_000); ) {
    rewarmGrew.push(one(decode, "minor", false).grew);
    const last = rewarmGrew.slice(-3);
    if (rewarmGrew.length >= 6 && Math.max(...last) - Math.min(...last) <= 0.002 * Math.max(...last)) {
      steady = true;
      break;
    }
  }
  const noop: Sample[] = [];
  const raw: Sample[] = [];
  for (let i = 0; i < Math.max(3, options.repeats); i++) {
    noop.push(one(nothing, "minor", false));
    if (i < options.repeats) raw.push(one(decode, "minor", false));
  }
  const grew = median(noop.map((s) => s.grew));
  const samples = raw.map((s) => ({ ...s, grew: s.grew - grew, peakInUse: s.peakInUse - grew }));
  // What a result holds does not depend on how optimized the code that built it was. First with
  // an earlier result kept, as a server has some: what one more result holds. Then alone, which
  // adds what results of the kind share and the last one's release frees (the hidden classes
  // and property descriptors of its objects, a few KB: see retainedAlone).
  const noopRetained = median([0, 1, 2].map(() => one(nothing, "minor", true).retained));
  anchor = decode();
  const retained = [0, 1, 2].map(() => one(decode, "minor", true).retained - noopRetained);
  anchor = undefined;
  const retainedAlone = [0, 1, 2].map(() => one(decode, "minor", true).retained - noopRetained);
  return { mode: "allocation", warmRuns, settleRounds, rewarmRuns: rewarmGrew.length, steady, rewarmGrew, samples, retained, retainedAlone, overhead: { grew, retained: noopRetained } };
}

/** Node's flags for a child of this mode. */
export function childFlags(mode: Mode, semiSpaceMB: number): string[] {
  const semi = mode === "peak" ? 1 : semiSpaceMB;
  return ["--expose-gc", "--no-concurrent-array-buffer-sweeping", "--no-concurrent-recompilation", `--min-semi-space-size=${semi}`, `--max-semi-space-size=${semi}`];
}

/** Runs `node <flags> ...args <mode>` and reads its report (its last line of output). */
export function runChild(args: readonly string[], mode: Mode, semiSpaceMB = 64): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...childFlags(mode, semiSpaceMB), ...args, mode], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0) return reject(new Error(`memory child (${args.join(" ")} ${mode}) failed with ${code ?? signal}:\n${err}`));
      const lines = out.trim().split("\n");
      resolve(JSON.parse(lines[lines.length - 1]!) as ChildReport);
    });
  });
}

/** The figures for one (body, pipeline), in bytes. */
export interface MemoryFigures {
  /** Every byte one decode allocates (the median of the measured decodes, no GC during any). */
  readonly allocated: number;
  /** What one more result holds, an earlier result of the same body kept (median of three). */
  readonly retained: number;
  /** What the result holds with no other result kept: retained, plus what results of the kind share (hidden classes, property descriptors). */
  readonly retainedAlone: number;
  /** Extra memory live at once during the decode, at least (the peak child; retained when it did not run). */
  readonly peakLow: number;
  /** The highest the heap rose during the decode, with a 1 MB young generation and full GCs (the peak child; allocated when it did not run). */
  readonly peakHigh: number;
  /** Whether the peak child ran: not when the decode allocates less than half its young generation, so that no GC would run in it. */
  readonly peakMeasured: boolean;
  /** The young generation (one semi-space, MB) that let the allocation child's decodes run without a GC. */
  readonly semiSpaceMB: number;
  /** GCs during the allocation child's measured decodes: 0, or `allocated` is not an allocation count. */
  readonly gcsInAllocationRun: number;
  /** Whether the allocation child reached a steady state before measuring. */
  readonly steady: boolean;
  /** GCs during the peak child's measured decode (median). */
  readonly gcsInPeakRun: number;
  /** What the peak child's decode allocated (its growth plus what its GCs freed): more than `allocated` when it ran in less optimized code. */
  readonly allocatedInPeakRun: number;
  /** Each of the allocation child's measured decodes, and the decodes run again before them. */
  readonly allocatedSamples: readonly number[];
  readonly rewarmAllocated: readonly number[];
  readonly warmRuns: number;
  /** The decode doing nothing, subtracted (allocation child). */
  readonly overhead: { readonly grew: number; readonly retained: number };
}

/**
 * Both children for one (body, pipeline), side by side; `args` runs the child's script with its
 * job (the mode is appended). The allocation child's young generation starts at 64 MB; while a GC
 * runs during its measured decodes, it is run again with one at least twice as big and 1.5 times
 * what the decodes took (the heap's growth plus what the GCs freed), up to 4 GB: bigger than
 * needed would cost time (a full GC takes 0.2 s with 1 GB semi-spaces here).
 */
export async function measureMemory(args: readonly string[], bodyBytes: number): Promise<MemoryFigures> {
  const allocation = async () => {
    let semi = 64;
    let report = await runChild(args, "allocation", semi);
    while (report.samples.some((s) => s.gcs > 0) && semi < 4096) {
      const took = Math.max(...report.samples.map((s) => s.grew + s.freed));
      const before = semi;
      while (semi < 2 * before || semi * 2 ** 20 < 1.5 * took) semi *= 2;
      report = await runChild(args, "allocation", semi);
    }
    return { semi, report };
  };
  // The peak child is started at once for a body of 100 KB or more (its decodes allocate MBs);
  // for a smaller one, only if the allocation child's decodes took half its young generation.
  const early = bodyBytes >= 100_000 ? runChild(args, "peak") : undefined;
  const { semi, report: alloc } = await allocation();
  const a = alloc.samples;
  const allocated = median(a.map((s) => s.grew));
  const peak = early ?? (allocated >= 2 ** 19 ? runChild(args, "peak") : undefined);
  const p = peak === undefined ? undefined : (await peak).samples;
  const retained = median(alloc.retained);
  return {
    allocated,
    retained,
    retainedAlone: median(alloc.retainedAlone),
    // Both ends of the bracket from the same process.
    peakLow: p ? Math.max(0, median(p.map((s) => Math.max(s.retained, s.afterGc)))) : retained,
    peakHigh: p ? median(p.map((s) => s.peakInUse)) : allocated,
    peakMeasured: p !== undefined,
    semiSpaceMB: semi,
    gcsInAllocationRun: Math.max(...a.map((s) => s.gcs)),
    steady: alloc.steady,
    gcsInPeakRun: p ? median(p.map((s) => s.gcs)) : 0,
    allocatedInPeakRun: p ? median(p.map((s) => s.grew + s.freed)) : allocated,
    allocatedSamples: a.map((s) => s.grew),
    rewarmAllocated: alloc.rewarmGrew,
    warmRuns: alloc.warmRuns,
    overhead: alloc.overhead,
  };
}
