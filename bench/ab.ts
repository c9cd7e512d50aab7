/**
 * Two commits' decoders side by side in one process: `npm run bench:ab -- REV [BODIES]`.
 *
 * A is the package in generated/ at git revision REV (default HEAD), B the working tree's; both
 * are built as published (bench/compiled.ts) and loaded together. For each body, rounds (R, 41 by
 * default) time A, B and JSON.parse of the same content as JSON, in processor time, alternating
 * their order from round to round; it prints the median of the per-round ratios B/A with its
 * interquartile range, and A's and B's ratio to JSON.parse. The machine's speed drifts by whole
 * seconds, which moves the medians of separate runs (npm run bench) against each other; within a
 * round both sides share it. Comparing a commit with itself gave 0.98 to 0.99× here, interquartile
 * ranges 0.94 to 1.08: differences inside that band are noise.
 *
 * BODIES, comma-separated: xseed xcompact xmedia x100k x1m x3m xspeech (XML: the seed, indented and compact,
 * the media transcode sample, the seed grown to ~100 KB, ~1 MB, ~3.5 MB; xspeech, the speech recognition
 * sample, whose text is past ASCII), jseed jmod jmedia j100k j1m
 * j3m (the same as JSON, and the moderation sample). Any of them with a `b` before it (bxseed, bjmod)
 * is the same body as bytes, a Buffer, as a receiver has it.
 */
import { execSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asReceived, compact, grown } from "./bodies.js";
import { buildCompiled } from "./compiled.js";

type Package = { decodeCallback(body: string | Uint8Array): { payload: unknown }; encodeCallback(model: unknown, options: { format: "json" }): string };

const ROOT = join(import.meta.dirname, "..");
const rev = process.argv[2] ?? "HEAD";
const rounds = Number(process.env.R ?? 41);
const aRoot = mkdtempSync(join(tmpdir(), "bench-ab-"));
execSync(`git archive ${rev} generated | tar -x -C ${aRoot}`, { cwd: ROOT });
symlinkSync(join(ROOT, "node_modules"), join(aRoot, "node_modules"));
const ca = await buildCompiled(aRoot);
const cb = await buildCompiled(ROOT);
const A = (await import(ca.indexUrl)) as Package;
const B = (await import(cb.indexUrl)) as Package;

const sample = (file: string) => readFileSync(join(ROOT, "spec/samples", file), "utf8");
const asJson = (xml: string) => asReceived(B.encodeCallback(B.decodeCallback(xml).payload, { format: "json" }));
const seed = sample("pic-process-callback/seed-sample-2.xml");
const media = sample("media-transcode-callback/vendor-sample-2.xml");
const bodies: Record<string, () => string> = {
  xseed: () => asReceived(seed),
  xcompact: () => asReceived(compact(seed)),
  xmedia: () => asReceived(media),
  x100k: () => asReceived(grown(seed, 1e5)),
  x1m: () => asReceived(grown(seed, 1e6)),
  x3m: () => asReceived(grown(seed, 3.5e6)),
  xspeech: () => asReceived(sample("speech-recognition-callback/vendor-sample-1.xml")),
  jseed: () => asJson(seed),
  jmod: () => asReceived(sample("image-audit-detail-callback/vendor-sample-2.json")),
  jmedia: () => asJson(media),
  j100k: () => asJson(grown(seed, 1e5)),
  j1m: () => asJson(grown(seed, 1e6)),
  j3m: () => asJson(grown(seed, 3.5e6)),
};

const quantile = (xs: readonly number[], f: number) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * f)]!;
try {
  for (const name of (process.argv[3] ?? "xseed,xmedia,x1m,jseed,jmod,jmedia").split(",")) {
    const asBytes = name.startsWith("b") && bodies[name.slice(1)] !== undefined;
    const make = bodies[asBytes ? name.slice(1) : name];
    if (make === undefined) throw new Error(`bench/ab.ts: no body ${name}; there are ${Object.keys(bodies).join(", ")}, each also as bytes (b before it)`);
    const text = make();
    const body = asBytes ? Buffer.from(text) : text;
    const json = name.startsWith(asBytes ? "bj" : "j") ? text : asJson(text);
    if (JSON.stringify(A.decodeCallback(body)) !== JSON.stringify(B.decodeCallback(body))) console.log(`${name}: A and B decode it differently`);
    const n = Math.max(5, Math.round(2e6 / text.length));
    const time = (f: () => unknown) => {
      const start = process.cpuUsage();
      for (let i = 0; i < n; i++) f();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / n;
    };
    const fa = () => A.decodeCallback(body);
    const fb = () => B.decodeCallback(body);
    const fp = () => JSON.parse(json);
    const ba: number[] = [];
    const ap: number[] = [];
    const bp: number[] = [];
    // Warm-up: each side optimized before the first timed round.
    for (let r = 0; r < 3; r++) for (const g of [fa, fb, fp]) time(g);
    for (let r = 0; r < rounds; r++) {
      let a: number;
      let b: number;
      let p: number;
      if (r % 2 === 0) (a = time(fa)), (b = time(fb)), (p = time(fp));
      else (p = time(fp)), (b = time(fb)), (a = time(fa));
      ba.push(b / a);
      ap.push(a / p);
      bp.push(b / p);
    }
    const f = (x: number, d: number) => x.toFixed(d);
    console.log(`${name.padEnd(8)} B/A ${f(quantile(ba, 0.5), 3)} [${f(quantile(ba, 0.25), 3)}-${f(quantile(ba, 0.75), 3)}]  A/JSON.parse ${f(quantile(ap, 0.5), 2)}  B/JSON.parse ${f(quantile(bp, 0.5), 2)}`);
  }
} finally {
  ca.remove();
  cb.remove();
  rmSync(aRoot, { recursive: true, force: true });
}
