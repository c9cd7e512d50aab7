/**
 * `npm run bench`: the package's decoders against what a user would write instead.
 *
 * The package measured is the one users run: generated/ built by the package's own build into a
 * temporary folder (bench/compiled.ts: tsc's emit, one JavaScript file per module, as published)
 * and loaded with `import()`. Not generated/src through tsx, whose transform adds `__name(...)`
 * calls (keepNames) that show in profiles and that no user runs; not generated/dist, which is not
 * committed and may be older than generated/src.
 *
 * For each body it first checks that every pipeline yields the same model, then measures each
 * pipeline in one process, in several interleaved rounds, with tinybench, and prints the median
 * ops/s, MB/s and the ratios. Then the cost per byte of each pipeline on each body, and how flat
 * it is from the seed to 3.5 MB (the seed and the bodies grown from it: the largest ns/byte over
 * the smallest). Then the extra memory of one decode, per body and pipeline, each in child
 * processes of its own (bench/memory.ts says how and what the figures bound). Then the
 * generator's full run. Then the receiver over HTTP (bench/receiver.ts: requests per second of
 * the node adapter against a bare node:http server). Writes everything to bench/results.json.
 * `--quick` runs fewer and shorter rounds and warm-ups (for a look, not for figures to quote)
 * and writes nothing.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { build } from "esbuild";
import { Bench } from "tinybench";
import { XMLParser } from "fast-xml-parser";
import { loadModel } from "../generator/model/load.js";
import { asReceived, compact, grown } from "./bodies.js";
import { buildCompiled } from "./compiled.js";
import { genericPipeline, genericShape, type GenericShape, withoutEmpty } from "./generic.js";
import { benchReceiver, printReceiver } from "./receiver.js";
import { MEMORY_PIPELINE_BODY, MEMORY_PIPELINES, measureMemory, type MemoryFigures, type MemoryJob, type MemoryPipeline } from "./memory.js";

const ROOT = join(import.meta.dirname, "..");
const quick = process.argv.includes("--quick");
/*
 * Many short rounds rather than a few long ones. This machine's speed drifts by whole seconds:
 * in one process, JSON.parse of the seed's JSON took 7.5 to 12.7 us from one 300 ms round to the
 * next (scratch measurement, 2026-11-29), so with 5 rounds of 300 ms a task each, a median could
 * fall in a slow stretch for one pipeline and a fast one for another. 15 rounds of 100 ms put
 * the tasks of a round closer in time and give the medians more rounds. Each task runs for TIME_MS
 * and at least ITERATIONS calls (tinybench's default of 64, and of 16 warm-up calls, would make a
 * round of the 3.5 MB body's generic pipeline, about a second a call, last over a minute).
 */
const ROUNDS = quick ? 2 : 15;
const TIME_MS = 100;
const ITERATIONS = quick ? 2 : 5;
const WARMUP_ITERATIONS = 2;

const model = loadModel(join(ROOT, "spec"), ROOT);
const compiled = await buildCompiled(ROOT);
process.on("exit", compiled.remove);
// Interrupted (Ctrl-C, a kill): the temporary folder goes too ("exit" does not run on a signal).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(128 + (signal === "SIGINT" ? 2 : 15)));
const { decodeCallback, encodeCallback } = (await import(compiled.indexUrl)) as typeof import("../generated/src/index.js");
const sampleText = (file: string) => readFileSync(join(ROOT, "spec", file), "utf8");

interface Body {
  readonly name: string;
  readonly kind: string;
  /** Undefined for a kind CI sends as JSON only (the moderation callbacks). */
  readonly xml: string | undefined;
  readonly json: string;
}

/** A body in both formats: the JSON is the package's own encoding of the XML's model. */
function body(name: string, xml: string): Body {
  const { kind, payload } = decodeCallback(xml);
  return { name, kind, xml: asReceived(xml), json: asReceived(encodeCallback(payload as never, { format: "json" })) };
}
/** A body of a kind CI sends as JSON only. */
function jsonOnly(name: string, json: string): Body {
  return { name, kind: decodeCallback(json).kind, xml: undefined, json: asReceived(json) };
}

const seed = sampleText("samples/pic-process-callback/seed-sample-2.xml");
const bodies: Body[] = [
  body("seed (indented)", seed),
  body("seed (compact)", compact(seed)),
  body("~100 KB", grown(seed, 100_000)),
  body("~1 MB", grown(seed, 1_000_000)),
  body("~3.5 MB", grown(seed, 3_500_000)),
  body("media: transcode", sampleText("samples/media-transcode-callback/vendor-sample-2.xml")),
  jsonOnly("moderation: image detail (JSON only)", sampleText("samples/image-audit-detail-callback/vendor-sample-2.json")),
];


const fxp = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
function ceiling(xml: string): number {
  let n = 0;
  for (let i = xml.indexOf("<"); i >= 0; i = xml.indexOf("<", i + 1)) n++;
  return n;
}

interface Row {
  body: string;
  bytes: number;
  pipeline: string;
  opsPerSecond: number;
  mbPerSecond: number;
}
const rows: Row[] = [];
/** Issue 10's ratios per body, each the median of the ratios within the rounds. */
interface RoundRatios {
  body: string;
  oursOverGeneric?: number;
  xmlOverJsonParse?: number;
  jsonOverJsonParse: number;
}
const roundRatios: RoundRatios[] = [];
const median = (values: readonly number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const shapes = new Map<string, GenericShape>();

const throughputStart = performance.now();
for (const b of bodies) {
  const payload = model.payloads.find((p) => p.name === b.kind)!;
  const shape = genericShape(payload, compiled.schema(payload.slug));
  shapes.set(b.name, shape);
  const generic = genericPipeline(shape);
  const ours = withoutEmpty(decodeCallback(b.json).payload);
  // Every pipeline yields the same model before anything is timed.
  const same: [string, unknown][] = [["JSON.parse + ajv", withoutEmpty(generic.json(b.json))]];
  const xml = b.xml;
  if (xml !== undefined) same.push(["our XML decode", withoutEmpty(decodeCallback(xml).payload)], ["generic XML pipeline", withoutEmpty(generic.xml(xml))]);
  for (const [name, m] of same) if (!isDeepStrictEqual(m, ours)) throw new Error(`${b.name}: ${name} yields another model than our JSON decode`);

  const tasks: Record<string, { fn: () => unknown; bytes: number }> = {
    ...(xml === undefined
      ? {}
      : {
          "our XML decode": { fn: () => decodeCallback(xml), bytes: xml.length },
          "generic XML pipeline": { fn: () => generic.xml(xml), bytes: xml.length },
          "fast-xml-parser alone": { fn: () => fxp.parse(xml), bytes: xml.length },
          "indexOf('<') loop (ceiling)": { fn: () => ceiling(xml), bytes: xml.length },
        }),
    "our JSON decode": { fn: () => decodeCallback(b.json), bytes: b.json.length },
    "JSON.parse alone": { fn: () => JSON.parse(b.json), bytes: b.json.length },
    "JSON.parse + ajv": { fn: () => generic.json(b.json), bytes: b.json.length },
  };
  const hz = new Map<string, number[]>();
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved: each round runs every pipeline once, in a rotated order.
    const names = Object.keys(tasks);
    const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
    const bench = new Bench({ time: TIME_MS, iterations: ITERATIONS, warmupTime: 50, warmupIterations: WARMUP_ITERATIONS });
    for (const name of order) bench.add(name, tasks[name]!.fn);
    await bench.run();
    for (const t of bench.tasks) {
      const mean = t.result && "throughput" in t.result ? t.result.throughput.mean : NaN;
      hz.set(t.name, [...(hz.get(t.name) ?? []), mean]);
    }
  }
  for (const [name, values] of hz) {
    const m = median(values);
    rows.push({ body: b.name, bytes: tasks[name]!.bytes, pipeline: name, opsPerSecond: m, mbPerSecond: (m * tasks[name]!.bytes) / 1e6 });
  }
  const get = (name: string) => rows.find((x) => x.body === b.name && x.pipeline === name)!.opsPerSecond;
  console.log(`\n${b.name} (${b.kind}; XML ${xml?.length ?? "-"} bytes, JSON ${b.json.length} bytes)`);
  for (const name of Object.keys(tasks)) {
    const row = rows.find((x) => x.body === b.name && x.pipeline === name)!;
    console.log(`  ${name.padEnd(30)} ${row.opsPerSecond.toFixed(1).padStart(12)} ops/s ${row.mbPerSecond.toFixed(1).padStart(8)} MB/s`);
  }
  // Issue 10's ratios, of the pipelines' medians; then the same ratios taken within each round
  // (every pipeline of a round runs back to back) and their median: a stretch of time when the
  // whole machine runs slower moves a pipeline's median against another's, and hardly a ratio
  // within one round.
  const ratiosBy = (of: (a: string, b: string) => number): RoundRatios => ({
    body: b.name,
    ...(xml === undefined ? {} : { oursOverGeneric: of("our XML decode", "generic XML pipeline"), xmlOverJsonParse: of("JSON.parse alone", "our XML decode") }),
    jsonOverJsonParse: of("JSON.parse alone", "our JSON decode"),
  });
  const ratioText = (r: RoundRatios) =>
    `${r.oursOverGeneric === undefined ? "" : `our XML / generic XML ${r.oursOverGeneric.toFixed(2)}×; JSON.parse / our XML ${r.xmlOverJsonParse!.toFixed(2)}×; `}JSON.parse / our JSON ${r.jsonOverJsonParse.toFixed(2)}×`;
  console.log(`  ratios: ${ratioText(ratiosBy((x, y) => get(x) / get(y)))}; our JSON / (JSON.parse + ajv) ${(get("our JSON decode") / get("JSON.parse + ajv")).toFixed(2)}×`);
  const within = ratiosBy((x, y) => median(hz.get(x)!.map((v, r) => v / hz.get(y)![r]!)));
  roundRatios.push(within);
  console.log(`  ratios within rounds (median of ${ROUNDS}): ${ratioText(within)}`);
}

console.log(`\n(throughput: ${((performance.now() - throughputStart) / 1000).toFixed(0)} s)`);

// Cost per byte: ns per byte of each pipeline on each body; flat from the seed to 3.5 MB when
// the largest over the smallest, on the seed and the bodies grown from it, is near 1.
const GROWN = ["seed (indented)", "~100 KB", "~1 MB", "~3.5 MB"];
interface Cost {
  pipeline: string;
  nsPerByte: Record<string, number>;
  /** The largest ns/byte over the smallest, on GROWN. */
  seedTo3_5MBMaxOverMin: number;
}
const costs: Cost[] = [];
const pipelines = [...new Set(rows.map((r) => r.pipeline))];
console.log(`\ncost per byte (ns/byte = 1e9 / (ops/s × bytes); max/min over ${GROWN.join(", ")})`);
console.log(`  ${"".padEnd(30)} ${bodies.map((b) => b.name.slice(0, 16).padStart(16)).join(" ")} ${"max/min".padStart(8)}`);
for (const pipeline of pipelines) {
  const nsPerByte: Record<string, number> = {};
  for (const r of rows.filter((x) => x.pipeline === pipeline)) nsPerByte[r.body] = 1e9 / (r.opsPerSecond * r.bytes);
  const grown = GROWN.map((g) => nsPerByte[g]).filter((x): x is number => x !== undefined);
  const cost = { pipeline, nsPerByte, seedTo3_5MBMaxOverMin: grown.length ? Math.max(...grown) / Math.min(...grown) : NaN };
  costs.push(cost);
  const cells = bodies.map((b) => (nsPerByte[b.name] === undefined ? "-" : nsPerByte[b.name]!.toFixed(2)).padStart(16));
  console.log(`  ${pipeline.padEnd(30)} ${cells.join(" ")} ${cost.seedTo3_5MBMaxOverMin.toFixed(2).padStart(7)}×`);
}

// Extra memory for one decode: two child processes per (body, pipeline), running the built
// package and this bundled child script as plain JavaScript (bench/memory.ts).
const childScript = join(compiled.dir, "memory-child.mjs");
await build({ entryPoints: [join(ROOT, "bench/memory-child.ts")], outfile: childScript, bundle: true, packages: "external", platform: "node", format: "esm", target: "es2022", logLevel: "error" });
// A peak child's decode of a large body runs hundreds of full GCs: one is measured there.
const memoryOptions = (bodyBytes: number) => (quick ? { warmRuns: 2, warmMs: 200, repeats: 3, peakRepeats: 1 } : { warmRuns: 5, warmMs: 1000, repeats: 7, peakRepeats: bodyBytes >= 1e6 ? 1 : 3 });
interface MemoryRow extends MemoryFigures {
  body: string;
  pipeline: MemoryPipeline;
  /** The body's length in bytes (UTF-8): the XML's for the XML pipelines, the JSON's for the others. */
  bodyBytes: number;
  allocatedPerBodyByte: number;
  retainedPerBodyByte: number;
  peakLowPerBodyByte: number;
  peakHighPerBodyByte: number;
}
const memory: MemoryRow[] = [];
const size = (n: number) => (Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} KB`);
const times = (n: number, of: number) => `${(n / of).toFixed(1)}×`;
const memoryStart = performance.now();
console.log(`\nextra memory for one decode (bench/memory.ts; × = per byte of body; peak: [live at once, at least; heap's highest])`);
for (const [i, b] of bodies.entries()) {
  const files = { xml: join(compiled.dir, `body-${i}.xml`), json: join(compiled.dir, `body-${i}.json`) };
  if (b.xml !== undefined) writeFileSync(files.xml, b.xml);
  writeFileSync(files.json, b.json);
  console.log(`\n${b.name} (XML ${b.xml === undefined ? "-" : Buffer.byteLength(b.xml)} bytes, JSON ${Buffer.byteLength(b.json)} bytes)`);
  console.log(`  ${"".padEnd(30)} ${"allocated".padStart(17)} ${"peak".padStart(29)} ${"retained".padStart(16)}`);
  for (const pipeline of MEMORY_PIPELINES) {
    const xml = MEMORY_PIPELINE_BODY[pipeline] === "xml";
    if (xml && b.xml === undefined) continue;
    const bodyFile = xml ? files.xml : files.json;
    const bodyBytes = Buffer.byteLength(xml ? b.xml! : b.json);
    const job: MemoryJob = { packageUrl: compiled.indexUrl, pipeline, bodyFile, shape: shapes.get(b.name)!, options: memoryOptions(bodyBytes) };
    const jobFile = join(compiled.dir, `job-${i}-${MEMORY_PIPELINES.indexOf(pipeline)}.json`);
    writeFileSync(jobFile, JSON.stringify(job));
    const f = await measureMemory([childScript, jobFile], bodyBytes);
    memory.push({ body: b.name, pipeline, bodyBytes, ...f, allocatedPerBodyByte: f.allocated / bodyBytes, retainedPerBodyByte: f.retained / bodyBytes, peakLowPerBodyByte: f.peakLow / bodyBytes, peakHighPerBodyByte: f.peakHigh / bodyBytes });
    const notes = [
      f.gcsInAllocationRun > 0 ? `a GC ran during the decode even with ${f.semiSpaceMB} MB semi-spaces: allocated is not an allocation count` : "",
      f.steady ? "" : "no steady state before measuring: allocated may include the optimizing compiler's work",
    ].filter(Boolean);
    const cells = [
      `${size(f.allocated)} ${times(f.allocated, bodyBytes).padStart(6)}`.padStart(17),
      `${size(f.peakLow)}-${size(f.peakHigh)} ${times(f.peakLow, bodyBytes)}-${times(f.peakHigh, bodyBytes)}`.padStart(29),
      `${size(f.retained)} ${times(f.retained, bodyBytes).padStart(5)}`.padStart(16),
    ];
    console.log(`  ${pipeline.padEnd(30)} ${cells.join(" ")}${notes.length ? `  (${notes.join("; ")})` : ""}`);
  }
}
for (const [title, cell] of [
  ["allocated / retained, per byte of body", (m: MemoryRow) => `${m.allocatedPerBodyByte.toFixed(1)} / ${m.retainedPerBodyByte.toFixed(1)}`],
  ["peak (live at once, at least - heap's highest), per byte of body", (m: MemoryRow) => `${m.peakLowPerBodyByte.toFixed(1)} - ${m.peakHighPerBodyByte.toFixed(1)}`],
] as const) {
  console.log(`\n${title}`);
  console.log(`  ${"".padEnd(24)} ${MEMORY_PIPELINES.map((p) => p.slice(0, 16).padStart(16)).join(" ")}`);
  for (const b of bodies) {
    const cells = MEMORY_PIPELINES.map((p) => {
      const m = memory.find((x) => x.body === b.name && x.pipeline === p);
      return (m ? cell(m) : "-").padStart(16);
    });
    console.log(`  ${b.name.slice(0, 24).padEnd(24)} ${cells.join(" ")}`);
  }
}
console.log(`\n(memory: ${((performance.now() - memoryStart) / 1000).toFixed(0)} s)`);

// The generator's full run (spec → generated package, built), twice; the faster is quoted.
const runs: number[] = [];
for (let i = 0; i < (quick ? 1 : 2); i++) {
  const out = mkdtempSync(join(tmpdir(), "ci-bench-gen-"));
  const t0 = performance.now();
  execFileSync(process.execPath, ["--import", "tsx", "generator/cli.ts", "--out", out], { cwd: ROOT, stdio: "ignore" });
  runs.push(performance.now() - t0);
  rmSync(out, { recursive: true, force: true });
}
console.log(`\ngenerator full run: ${(Math.min(...runs) / 1000).toFixed(1)} s`);

// The receiver over HTTP: the node adapter against a bare node:http server (bench/receiver.ts).
const receiver = await benchReceiver(compiled.indexUrl, quick);
printReceiver(receiver);

const results = {
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown" },
  rounds: ROUNDS,
  timePerTaskMs: TIME_MS,
  throughput: rows,
  ratiosWithinRounds: roundRatios,
  costPerByte: { seedTo3_5MB: GROWN, pipelines: costs },
  memory: { method: "bench/memory.ts", options: { small: memoryOptions(0), from1MB: memoryOptions(1e6) }, rows: memory },
  generatorSeconds: Math.min(...runs) / 1000,
  receiver,
};
if (!quick) writeFileSync(join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
console.log(quick ? "\n(--quick: figures not written)" : "\nwritten to bench/results.json");
