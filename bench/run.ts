/**
 * `npm run bench`: the package's decoders against what a user would write instead, in one
 * process, interleaved, with tinybench. For each body it first checks that every pipeline
 * yields the same model, then measures each pipeline in several interleaved rounds and prints
 * the median ops/s, MB/s and the ratios; then the generator's full run. Writes everything to
 * bench/results.json. (Peak memory per decode is not measured here yet: the peak resident size
 * of a child process is dominated by its start-up below a few MB; see issue 10.)
 * `--quick` runs fewer and shorter rounds (for a look, not for figures to quote).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { Bench } from "tinybench";
import { XMLParser } from "fast-xml-parser";
import { decodeCallback, encodeCallback } from "../generated/src/index.js";
import { loadModel } from "../generator/model/load.js";
import { genericPipeline } from "./generic.js";

const ROOT = join(import.meta.dirname, "..");
const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 2 : 5;
const TIME_MS = quick ? 100 : 300;

const model = loadModel(join(ROOT, "spec"), ROOT);
const sampleText = (file: string) => readFileSync(join(ROOT, "spec", file), "utf8");

interface Body {
  readonly name: string;
  readonly kind: string;
  /** Undefined for a kind CI sends as JSON only (the moderation callbacks). */
  readonly xml: string | undefined;
  readonly json: string;
}

/** The seed's workflow sample grown to about `bytes` by repeating its first CosHeaders element. */
function grown(seed: string, bytes: number): string {
  const item = /<CosHeaders>[\s\S]*?<\/CosHeaders>/.exec(seed)![0];
  const times = Math.max(0, Math.round((bytes - seed.length) / item.length));
  return seed.replace(item, item.repeat(times + 1));
}
const compact = (xml: string) => xml.replace(/>\s+</g, "><").trim();

/** A body in both formats: the JSON is the package's own encoding of the XML's model. */
function body(name: string, xml: string): Body {
  const { kind, payload } = decodeCallback(xml);
  return { name, kind, xml, json: encodeCallback(payload as never, { format: "json" }) };
}
/** A body of a kind CI sends as JSON only. */
function jsonOnly(name: string, json: string): Body {
  return { name, kind: decodeCallback(json).kind, xml: undefined, json };
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

/**
 * A model with its empty values left out, for comparing: in the package's model an empty value
 * (<Message/>, "", null) is an absent one; fast-xml-parser and JSON.parse keep "" and null.
 */
function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== "" && x !== null).map(([k, x]) => [k, withoutEmpty(x)]));
  return v;
}

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

for (const b of bodies) {
  const payload = model.payloads.find((p) => p.name === b.kind)!;
  const generic = genericPipeline(payload, ROOT);
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
    const bench = new Bench({ time: TIME_MS, warmupTime: 50 });
    for (const name of order) bench.add(name, tasks[name]!.fn);
    await bench.run();
    for (const t of bench.tasks) {
      const mean = t.result && "throughput" in t.result ? t.result.throughput.mean : NaN;
      hz.set(t.name, [...(hz.get(t.name) ?? []), mean]);
    }
  }
  for (const [name, values] of hz) {
    const sorted = [...values].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    rows.push({ body: b.name, bytes: tasks[name]!.bytes, pipeline: name, opsPerSecond: median, mbPerSecond: (median * tasks[name]!.bytes) / 1e6 });
  }
  const get = (name: string) => rows.find((x) => x.body === b.name && x.pipeline === name)!.opsPerSecond;
  console.log(`\n${b.name} (${b.kind}; XML ${xml?.length ?? "-"} bytes, JSON ${b.json.length} bytes)`);
  for (const name of Object.keys(tasks)) {
    const row = rows.find((x) => x.body === b.name && x.pipeline === name)!;
    console.log(`  ${name.padEnd(30)} ${row.opsPerSecond.toFixed(1).padStart(12)} ops/s ${row.mbPerSecond.toFixed(1).padStart(8)} MB/s`);
  }
  const xmlRatios = xml === undefined ? "" : `our XML / generic XML ${(get("our XML decode") / get("generic XML pipeline")).toFixed(2)}×; JSON.parse / our XML ${(get("JSON.parse alone") / get("our XML decode")).toFixed(2)}×; `;
  console.log(`  ratios: ${xmlRatios}JSON.parse / our JSON ${(get("JSON.parse alone") / get("our JSON decode")).toFixed(2)}×; our JSON / (JSON.parse + ajv) ${(get("our JSON decode") / get("JSON.parse + ajv")).toFixed(2)}×`);
}

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

const results = {
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown" },
  rounds: ROUNDS,
  timePerTaskMs: TIME_MS,
  throughput: rows,
  generatorSeconds: Math.min(...runs) / 1000,
};
if (!quick) writeFileSync(join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
console.log(quick ? "\n(--quick: figures not written)" : "\nwritten to bench/results.json");
