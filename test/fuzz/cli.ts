import { Worker } from "node:worker_threads";
import { inputAt, MAX_SAVED, type RunStats, saveFinding } from "./run.js";

const USAGE = `usage: npm run fuzz -- [--seconds N | --count N] [--seed N] [--bound-ms N] [--hang-ms N]
Mutates the sample payloads and checks every input: it must decode to a model that validates
(and re-encodes unchanged) or be refused with CallbackDecodeError, within --bound-ms (default 1000),
without changing a prototype. Failing inputs are saved under test/fuzz/regressions/ (at most ${MAX_SAVED} a run).`;

function args(argv: string[]) {
  const o = { seconds: 60, count: Number.MAX_SAFE_INTEGER, seed: Date.now() % 2 ** 31, boundMs: 1000, hangMs: 10_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${argv[i]} needs a number`);
    if (argv[i] === "--seconds") o.seconds = v;
    else if (argv[i] === "--count") (o.count = v), (o.seconds = Number.MAX_SAFE_INTEGER / 1e6);
    else if (argv[i] === "--seed") o.seed = v;
    else if (argv[i] === "--bound-ms") o.boundMs = v;
    else if (argv[i] === "--hang-ms") o.hangMs = v;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return o;
}

/** Runs one worker over [from, from + count); if an input hangs, saves it and goes on after it. */
function slice(seed: number, from: number, count: number, deadline: number, boundMs: number, hangMs: number, maxSaved: number): Promise<RunStats & { next: number }> {
  const progress = new SharedArrayBuffer(4);
  const current = new Int32Array(progress);
  Atomics.store(current, 0, from);
  // worker.mjs registers tsx, then loads worker.ts.
  const worker = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: { seed, from, count, deadline, boundMs, progress, maxSaved } });
  return new Promise((resolve, reject) => {
    let last = from;
    let since = Date.now();
    const watchdog = setInterval(() => {
      const now = Atomics.load(current, 0);
      if (now !== last) return void ((last = now), (since = Date.now()));
      if (Date.now() - since < hangMs) return;
      clearInterval(watchdog);
      void worker.terminate();
      const reason = `no answer within ${hangMs} ms (hang)`;
      const { input, kind } = inputAt(seed, now);
      const file = maxSaved > 0 ? saveFinding(input, reason, seed, now, kind) : "(not saved)";
      resolve({ tried: now - from + 1, decoded: 0, refused: {}, findings: [{ index: now, reason, file }], slowestMs: hangMs, next: now + 1 });
    }, 250);
    worker.once("message", (stats: RunStats) => {
      clearInterval(watchdog);
      resolve({ ...stats, next: from + stats.tried });
    });
    worker.once("error", (e) => {
      clearInterval(watchdog);
      reject(e);
    });
  });
}

async function main(): Promise<number> {
  const o = args(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + o.seconds * 1000;
  const total: RunStats = { tried: 0, decoded: 0, refused: {}, findings: [], slowestMs: 0 };
  console.log(`fuzz: seed ${o.seed}, ${o.count === Number.MAX_SAFE_INTEGER ? `${o.seconds} s` : `${o.count} inputs`}, bound ${o.boundMs} ms per input`);
  let next = 0;
  while (next < o.count && Date.now() < deadline) {
    const saved = total.findings.filter((f) => !f.file.startsWith("(")).length;
    const s = await slice(o.seed, next, Math.min(o.count - next, 5000), deadline, o.boundMs, o.hangMs, Math.max(0, MAX_SAVED - saved));
    total.tried += s.tried;
    total.decoded += s.decoded;
    for (const [k, v] of Object.entries(s.refused)) total.refused[k] = (total.refused[k] ?? 0) + v;
    total.findings.push(...s.findings);
    total.slowestMs = Math.max(total.slowestMs, s.slowestMs);
    next = s.next;
    if (s.tried === 0) break;
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz: ${total.tried} inputs in ${seconds.toFixed(0)} s (${(total.tried / seconds).toFixed(0)}/s); ${total.decoded} decoded and re-encoded unchanged; slowest ${total.slowestMs.toFixed(0)} ms`);
  console.log(`fuzz: refused by code (an input may count under several): ${JSON.stringify(total.refused)}`);
  console.log(`fuzz: ${total.findings.length} finding(s)`);
  for (const f of total.findings) console.log(`  input ${f.index}: ${f.reason} → test/fuzz/regressions/${f.file}`);
  return total.findings.length > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exitCode = 2;
  },
);
