/**
 * The receiver's throughput: requests per second of the package's node adapter (node:http,
 * default options) receiving the seed callback (seed-sample-2.xml, each request with a job id of
 * its own so the seen store lets every one through to the handler), against a bare node:http
 * server that only reads the body and answers each request as its body ends. Issue 11's target:
 * at least 0.8× the bare server.
 *
 * The receiver batches by default (ReceiverOptions.batch): the bodies read in one turn of the
 * event loop are decoded and answered together right after it. So that what the batching gives
 * is told from what the decoding costs, two servers are measured beside them: the bare server
 * answering its turn's bodies together after it in the same way (`bare-batched`: receiver ÷ it
 * is the like-for-like ratio), and the receiver with `batch: false`.
 *
 * Two references: the bare server that also runs V8's JSON.parse on the same callback's JSON form
 * for every request and does nothing else (what is left of 0.8× once a request's decode costs as
 * little as V8's native parser does on the same callback), and the bare server that also runs the
 * package's decodeCallback on the body it read, and nothing else (the unbatched receiver less its
 * own steps: seen key and store, handler, answer). Both answer each request as its body ends.
 *
 * With `--ladder`, two more: the receiver with a seen store that does nothing (its key still made),
 * and the receiver with neither store nor key (a constant key): beside the receiver and the decode
 * reference, the steps of a ladder whose differences are what the store and the key cost a request.
 *
 * Each server runs in a process of its own; autocannon (in this process) loads one at a time, in
 * interleaved rounds (every other one in the reverse order), and the median of each is quoted,
 * with the processor time each server spent per request. On a two-core machine the load generator
 * and the server share the cores, for every server alike.
 * Run alone with `npm run bench:receiver [-- --quick] [--ladder] [--rounds N]` (3 rounds by
 * default, 1 quick); bench/run.ts runs it as its last section.
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { withJobIds } from "./bodies.js";
import { buildCompiled } from "./compiled.js";

const ROOT = join(import.meta.dirname, "..");

/** The servers, by mode (see bench/receiver-server.ts), in the order a round loads them. */
const MODES = ["bare", "bare-batched", "json-parse", "decode", "receiver", "receiver-unbatched"] as const;
const LADDER = ["receiver-no-store", "receiver-no-key"] as const;
type Mode = (typeof MODES)[number] | (typeof LADDER)[number];
/** Every mode of bench/receiver-server.ts: the bench's, the ladder's, and decode-batched (for bench:receiver-pair). */
export const SERVER_MODES: readonly string[] = [...MODES, ...LADDER, "decode-batched"];

/** One server over the rounds: medians of its requests per second and of its processor time a request (user + system, µs). */
export interface ServerFigures {
  readonly rps: number;
  /** rps ÷ the bare server's (medians), and the median of the rounds' own ratios (a round's stretch of a faster or slower machine weighs on both alike). */
  readonly ratio: number;
  readonly ratioWithinRounds: number;
  readonly cpuMicros: number;
}

export interface ReceiverFigures {
  readonly body: string;
  readonly bodyBytes: number;
  readonly connections: number;
  readonly secondsPerRound: number;
  /** Each round: every server's requests per second and processor time a request. */
  readonly rounds: Partial<Record<Mode, { readonly rps: number; readonly cpuMicros: number }>>[];
  readonly servers: Partial<Record<Mode, ServerFigures>>;
  /** The target's ratio: the receiver ÷ the bare server (medians), and within rounds. */
  readonly ratio: number;
  readonly ratioWithinRounds: number;
  /** Like for like: the receiver ÷ the bare server that batches its answers as the receiver does (medians), and within rounds. */
  readonly batchedRatio: number;
  readonly batchedRatioWithinRounds: number;
  readonly receiverP99Ms: number;
  /** The bare server's processor time a request ÷ the receiver's: the throughput ratio of servers that each had a core of their own. */
  readonly cpuRatio: number;
}

export interface Stats {
  readonly handled: number;
  readonly requests: number;
  readonly cpuMicros: number;
}

/** A server's counts and processor time so far (see bench/receiver-server.ts). */
export function stats(s: Server): Promise<Stats> {
  return new Promise((resolve) => {
    s.child.once("message", (m) => resolve(m as Stats));
    s.child.send("stats");
  });
}

export interface Server {
  readonly child: ChildProcess;
  readonly port: number;
}

/** Starts one of bench/receiver-server.ts's servers, in a process of its own, on a free port. */
export async function startServer(mode: string, indexUrl: string): Promise<Server> {
  const child = fork(join(ROOT, "bench/receiver-server.ts"), [mode, indexUrl], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the ${mode} server exited (${code})`)));
  });
  return { child, port };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The bench's body: the seed callback, given a job id of its own in every request (so the seen store lets each through). */
export const SEED_FILE = "spec/samples/pic-process-callback/seed-sample-2.xml";

/** An autocannon load of `connections` connections POSTing the seed, each request with a job id of its own. */
export function seedLoad(connections: number): (port: number, seconds: number) => ReturnType<typeof autocannon> {
  const withJobId = withJobIds(readFileSync(join(ROOT, SEED_FILE), "utf8"));
  let counter = 0;
  return (port, seconds) =>
    autocannon({
      url: `http://127.0.0.1:${port}/`,
      connections,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, method: "POST", headers: { "content-type": "application/xml" }, body: withJobId(counter++) }) }],
    });
}

/**
 * Loads one server for a round of `seconds`: its requests per second (autocannon's average, and
 * its total ÷ the round's seconds), its processor time per request and autocannon's p99. Throws
 * when a request failed or did not reach the server's handler.
 */
export async function loadRound(s: Server, load: ReturnType<typeof seedLoad>, seconds: number): Promise<{ rps: number; totalRps: number; cpuMicros: number; p99: number }> {
  const before = await stats(s);
  const r = await load(s.port, seconds);
  const after = await stats(s);
  const n = after.requests - before.requests;
  if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) throw new Error(`the receiver bench had ${r.errors} errors, ${r.timeouts} timeouts and ${r.non2xx} answers other than 2xx`);
  if (after.handled - before.handled !== n) throw new Error(`${n} requests, ${after.handled - before.handled} handled`);
  return { rps: r.requests.average, totalRps: r.requests.total / seconds, cpuMicros: (after.cpuMicros - before.cpuMicros) / n, p99: r.latency.p99 };
}

export async function benchReceiver(indexUrl: string, quick: boolean, ladder = false, roundsWanted?: number): Promise<ReceiverFigures> {
  const connections = 32;
  const seconds = quick ? 3 : 10;
  const roundsCount = roundsWanted ?? (quick ? 1 : 3);
  const modes: Mode[] = [...MODES, ...(ladder ? LADDER : [])];
  const servers = new Map<Mode, Server>();
  const load = seedLoad(connections);
  try {
    for (const m of modes) servers.set(m, await startServer(m, indexUrl));
    // Warm-up (JIT, sockets), not counted.
    for (const s of servers.values()) await load(s.port, quick ? 1 : 3);
    const rounds: ReceiverFigures["rounds"][number][] = [];
    const p99: number[] = [];
    const round = (s: Server) => loadRound(s, load, seconds);
    for (let i = 0; i < roundsCount; i++) {
      // Every other round loads the servers in the reverse order, so that a drift of the machine's
      // speed over a round weighs on the first and the last alike.
      const got: ReceiverFigures["rounds"][number] = {};
      for (const m of i % 2 === 0 ? modes : [...modes].reverse()) {
        const r = await round(servers.get(m)!);
        (got as Record<Mode, { rps: number; cpuMicros: number }>)[m] = { rps: r.rps, cpuMicros: r.cpuMicros };
        if (m === "receiver") p99.push(r.p99);
      }
      rounds.push(got);
    }
    const rpsOf = (m: Mode) => rounds.map((r) => r[m]!.rps);
    const figures: Partial<Record<Mode, ServerFigures>> = {};
    for (const m of modes) {
      figures[m] = {
        rps: median(rpsOf(m)),
        ratio: median(rpsOf(m)) / median(rpsOf("bare")),
        ratioWithinRounds: median(rounds.map((r) => r[m]!.rps / r.bare!.rps)),
        cpuMicros: median(rounds.map((r) => r[m]!.cpuMicros)),
      };
    }
    const receiver = figures.receiver!;
    return {
      body: SEED_FILE.slice(SEED_FILE.lastIndexOf("/") + 1),
      bodyBytes: readFileSync(join(ROOT, SEED_FILE)).byteLength,
      connections,
      secondsPerRound: seconds,
      rounds,
      servers: figures,
      ratio: receiver.ratio,
      ratioWithinRounds: receiver.ratioWithinRounds,
      batchedRatio: receiver.rps / figures["bare-batched"]!.rps,
      batchedRatioWithinRounds: median(rounds.map((r) => r.receiver!.rps / r["bare-batched"]!.rps)),
      receiverP99Ms: median(p99),
      cpuRatio: figures.bare!.cpuMicros / receiver.cpuMicros,
    };
  } finally {
    for (const s of servers.values()) s.child.kill();
  }
}

export function printReceiver(f: ReceiverFigures): void {
  const s = f.servers;
  const rps = (x: ServerFigures) => `${Math.round(x.rps).toLocaleString("en")} req/s`;
  const line = (label: string, x: ServerFigures) => console.log(`  ${label.padEnd(52)} ${rps(x)}, ${x.ratio.toFixed(2)}× bare (${x.ratioWithinRounds.toFixed(2)}× within rounds), ${x.cpuMicros.toFixed(0)} µs a request`);
  console.log(`\nreceiver (node adapter, ${f.body} ${(f.bodyBytes / 1000).toFixed(1)} KB, ${f.connections} connections, median of ${f.rounds.length} × ${f.secondsPerRound} s):`);
  console.log(`  bare node:http, reads the body   ${rps(s.bare!)} (${s.bare!.cpuMicros.toFixed(0)} µs a request)`);
  console.log(`  createCallbackHandler().node     ${rps(s.receiver!)} (p99 ${f.receiverP99Ms} ms; ${s.receiver!.cpuMicros.toFixed(0)} µs a request)`);
  console.log(`  receiver ÷ bare                  ${f.ratio.toFixed(2)}× (target ≥ 0.8×); within rounds (median of ${f.rounds.length}) ${f.ratioWithinRounds.toFixed(2)}×`);
  console.log(`  server processor time a request: bare ÷ receiver ${f.cpuRatio.toFixed(2)}× (the ratio with a core each)`);
  console.log(`  like for like: receiver ÷ the bare server batching its answers as the receiver does: ${f.batchedRatio.toFixed(2)}× (${f.batchedRatioWithinRounds.toFixed(2)}× within rounds)`);
  line("the bare server, batching its answers", s["bare-batched"]!);
  line("the receiver with batch: false", s["receiver-unbatched"]!);
  line("reference: bare + JSON.parse of the callback's JSON", s["json-parse"]!);
  line("reference: bare + decodeCallback of the body", s.decode!);
  if (s["receiver-no-store"] && s["receiver-no-key"]) {
    line("ladder: the receiver, a seen store that does nothing", s["receiver-no-store"]);
    line("ladder: the receiver, neither store nor key", s["receiver-no-key"]);
  }
  for (const [i, r] of f.rounds.entries()) {
    console.log(`    round ${i + 1}: ${Object.entries(r).map(([m, x]) => `${m} ${Math.round(x.rps)} req/s (${x.cpuMicros.toFixed(0)} µs)`).join(", ")}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const compiled = await buildCompiled(ROOT);
  try {
    const at = process.argv.indexOf("--rounds");
    const rounds = at >= 0 ? Number(process.argv[at + 1]) : undefined;
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) throw new Error(`--rounds needs a positive whole number, got ${process.argv[at + 1]}`);
    printReceiver(await benchReceiver(compiled.indexUrl, process.argv.includes("--quick"), process.argv.includes("--ladder"), rounds));
  } finally {
    compiled.remove();
  }
}
