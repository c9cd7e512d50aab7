/**
 * The receiver's throughput: requests per second of the package's node adapter (node:http,
 * default options) receiving the seed callback (seed-sample-2.xml, each request with a job id of
 * its own so the seen store lets every one through to the handler), against a bare node:http
 * server that only reads the body. Issue 11's target: at least 0.8× the bare server.
 *
 * A third server is the reference for that target: the bare server that also runs V8's JSON.parse
 * on the same callback's JSON form for every request, and does nothing else. It shows what is left
 * of 0.8× once a request's decode costs as little as V8's native parser does on the same
 * callback (our XML decode takes 2.6 to 3.2 times as long in npm run bench). A fourth is the bare
 * server that also runs the package's decodeCallback on the body it read, and nothing else: the
 * receiver less its own steps (seen key and store, handler, answer), so that the two side by side
 * tell the decode's share of the gap from the receiver's.
 *
 * With `--ladder`, two more: the receiver with a seen store that does nothing (its key still made),
 * and the receiver with neither store nor key (a constant key): beside the receiver and the decode
 * reference, the steps of a ladder whose differences are what the store and the key cost a request.
 *
 * Each server runs in a process of its own; autocannon (in this process) loads one at a time,
 * in interleaved rounds (every other one in the reverse order), and the median of each is quoted, with the processor time each server
 * spent per request (which a loaded machine distorts less). On a two-core machine the load
 * generator and the server share the cores, for both servers alike.
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

export interface ReceiverFigures {
  readonly body: string;
  readonly bodyBytes: number;
  readonly connections: number;
  readonly secondsPerRound: number;
  readonly rounds: {
    readonly bare: number;
    readonly jsonParse: number;
    readonly decode: number;
    readonly receiver: number;
    readonly bareCpuMicros: number;
    readonly jsonParseCpuMicros: number;
    readonly decodeCpuMicros: number;
    readonly receiverCpuMicros: number;
    readonly noStore?: number;
    readonly noKey?: number;
    readonly noStoreCpuMicros?: number;
    readonly noKeyCpuMicros?: number;
  }[];
  readonly bareRps: number;
  readonly receiverRps: number;
  readonly ratio: number;
  /** The median of the rounds' own receiver ÷ bare: a round's stretch of a faster or slower machine weighs on both sides alike. */
  readonly ratioWithinRounds: number;
  /** The reference server (bare + JSON.parse of the callback's JSON form): its requests per second, and ÷ bare. */
  readonly jsonParseRps: number;
  readonly jsonParseRatio: number;
  readonly jsonParseCpuMicros: number;
  /** The decode reference (bare + decodeCallback of the body): its requests per second, and ÷ bare. */
  readonly decodeRps: number;
  readonly decodeRatio: number;
  readonly decodeCpuMicros: number;
  readonly receiverP99Ms: number;
  /** The server process's processor time per request (user + system, µs), median of the rounds: what a loaded machine distorts least. */
  readonly bareCpuMicros: number;
  readonly receiverCpuMicros: number;
  /** bareCpuMicros / receiverCpuMicros: the throughput ratio of servers that each had a core of their own. */
  readonly cpuRatio: number;
  /** With --ladder: the receiver with a store that does nothing, and with neither store nor key (requests per second, ÷ bare, processor time a request). */
  readonly ladder?: {
    readonly noStoreRps: number;
    readonly noStoreRatio: number;
    readonly noStoreCpuMicros: number;
    readonly noKeyRps: number;
    readonly noKeyRatio: number;
    readonly noKeyCpuMicros: number;
  };
}

interface Stats {
  readonly handled: number;
  readonly requests: number;
  readonly cpuMicros: number;
}

function stats(s: Server): Promise<Stats> {
  return new Promise((resolve) => {
    s.child.once("message", (m) => resolve(m as Stats));
    s.child.send("stats");
  });
}

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
}

type Mode = "bare" | "json-parse" | "decode" | "receiver" | "receiver-no-store" | "receiver-no-key";

async function startServer(mode: Mode, indexUrl: string): Promise<Server> {
  const child = fork(join(ROOT, "bench/receiver-server.ts"), [mode, indexUrl], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the ${mode} server exited (${code})`)));
  });
  return { child, port };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchReceiver(indexUrl: string, quick: boolean, ladder = false, roundsWanted?: number): Promise<ReceiverFigures> {
  const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");
  let counter = 0;
  const withJobId = withJobIds(seed);
  const bodyOf = () => withJobId(counter++);
  const connections = 32;
  const seconds = quick ? 3 : 10;
  const roundsCount = roundsWanted ?? (quick ? 1 : 3);
  const servers = { bare: await startServer("bare", indexUrl), jsonParse: await startServer("json-parse", indexUrl), decode: await startServer("decode", indexUrl), receiver: await startServer("receiver", indexUrl) };
  const steps = ladder ? { noStore: await startServer("receiver-no-store", indexUrl), noKey: await startServer("receiver-no-key", indexUrl) } : undefined;
  const load = (port: number, duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}/`,
      connections,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, method: "POST", headers: { "content-type": "application/xml" }, body: bodyOf() }) }],
    });
  try {
    // Warm-up (JIT, sockets), not counted.
    for (const s of [...Object.values(servers), ...Object.values(steps ?? {})]) await load(s.port, quick ? 1 : 3);
    const rounds: ReceiverFigures["rounds"][number][] = [];
    const p99: number[] = [];
    /** Loads one server for a round: its requests per second and its processor time per request. */
    const round = async (s: Server) => {
      const before = await stats(s);
      const r = await load(s.port, seconds);
      const after = await stats(s);
      if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) throw new Error(`the receiver bench had ${r.errors} errors, ${r.timeouts} timeouts and ${r.non2xx} answers other than 2xx`);
      if (after.handled - before.handled !== after.requests - before.requests) throw new Error(`${after.requests - before.requests} requests, ${after.handled - before.handled} handled`);
      return { rps: r.requests.average, cpu: (after.cpuMicros - before.cpuMicros) / (after.requests - before.requests), p99: r.latency.p99 };
    };
    for (let i = 0; i < roundsCount; i++) {
      // Every other round loads the servers in the reverse order, so that a drift of the machine's
      // speed over a round weighs on the first and the last alike.
      const order: Server[] = [servers.bare, servers.jsonParse, servers.decode, servers.receiver, ...(steps ? [steps.noStore, steps.noKey] : [])];
      const got = new Map<Server, Awaited<ReturnType<typeof round>>>();
      for (const s of i % 2 === 0 ? order : [...order].reverse()) got.set(s, await round(s));
      const bare = got.get(servers.bare)!;
      const jsonParse = got.get(servers.jsonParse)!;
      const decode = got.get(servers.decode)!;
      const receiver = got.get(servers.receiver)!;
      const noStore = steps && got.get(steps.noStore);
      const noKey = steps && got.get(steps.noKey);
      rounds.push({
        bare: bare.rps,
        jsonParse: jsonParse.rps,
        decode: decode.rps,
        receiver: receiver.rps,
        bareCpuMicros: bare.cpu,
        jsonParseCpuMicros: jsonParse.cpu,
        decodeCpuMicros: decode.cpu,
        receiverCpuMicros: receiver.cpu,
        ...(noStore && noKey ? { noStore: noStore.rps, noKey: noKey.rps, noStoreCpuMicros: noStore.cpu, noKeyCpuMicros: noKey.cpu } : {}),
      });
      p99.push(receiver.p99);
    }
    const bareRps = median(rounds.map((r) => r.bare));
    const receiverRps = median(rounds.map((r) => r.receiver));
    const bareCpuMicros = median(rounds.map((r) => r.bareCpuMicros));
    const receiverCpuMicros = median(rounds.map((r) => r.receiverCpuMicros));
    const jsonParseRps = median(rounds.map((r) => r.jsonParse));
    const decodeRps = median(rounds.map((r) => r.decode));
    return {
      body: "seed-sample-2.xml",
      bodyBytes: Buffer.byteLength(seed),
      connections,
      secondsPerRound: seconds,
      rounds,
      bareRps,
      receiverRps,
      ratio: receiverRps / bareRps,
      ratioWithinRounds: median(rounds.map((r) => r.receiver / r.bare)),
      jsonParseRps,
      jsonParseRatio: jsonParseRps / bareRps,
      jsonParseCpuMicros: median(rounds.map((r) => r.jsonParseCpuMicros)),
      decodeRps,
      decodeRatio: decodeRps / bareRps,
      decodeCpuMicros: median(rounds.map((r) => r.decodeCpuMicros)),
      receiverP99Ms: median(p99),
      bareCpuMicros,
      receiverCpuMicros,
      cpuRatio: bareCpuMicros / receiverCpuMicros,
      ...(steps
        ? {
            ladder: {
              noStoreRps: median(rounds.map((r) => r.noStore!)),
              noStoreRatio: median(rounds.map((r) => r.noStore!)) / bareRps,
              noStoreCpuMicros: median(rounds.map((r) => r.noStoreCpuMicros!)),
              noKeyRps: median(rounds.map((r) => r.noKey!)),
              noKeyRatio: median(rounds.map((r) => r.noKey!)) / bareRps,
              noKeyCpuMicros: median(rounds.map((r) => r.noKeyCpuMicros!)),
            },
          }
        : {}),
    };
  } finally {
    for (const s of [...Object.values(servers), ...Object.values(steps ?? {})]) s.child.kill();
  }
}

export function printReceiver(f: ReceiverFigures): void {
  console.log(`\nreceiver (node adapter, ${f.body} ${(f.bodyBytes / 1000).toFixed(1)} KB, ${f.connections} connections, median of ${f.rounds.length} × ${f.secondsPerRound} s):`);
  console.log(`  bare node:http, reads the body   ${Math.round(f.bareRps).toLocaleString("en")} req/s`);
  console.log(`  createCallbackHandler().node     ${Math.round(f.receiverRps).toLocaleString("en")} req/s (p99 ${f.receiverP99Ms} ms)`);
  console.log(`  receiver ÷ bare                  ${f.ratio.toFixed(2)}× (target ≥ 0.8×); within rounds (median of ${f.rounds.length}) ${f.ratioWithinRounds.toFixed(2)}×`);
  console.log(`  server processor time a request: bare ${f.bareCpuMicros.toFixed(0)} µs, receiver ${f.receiverCpuMicros.toFixed(0)} µs: ${f.cpuRatio.toFixed(2)}× (the ratio with a core each)`);
  console.log(`  reference: bare + JSON.parse of the callback's JSON form, nothing else: ${Math.round(f.jsonParseRps).toLocaleString("en")} req/s, ${f.jsonParseRatio.toFixed(2)}× bare (${f.jsonParseCpuMicros.toFixed(0)} µs a request)`);
  console.log(`  reference: bare + decodeCallback of the body, nothing else: ${Math.round(f.decodeRps).toLocaleString("en")} req/s, ${f.decodeRatio.toFixed(2)}× bare (${f.decodeCpuMicros.toFixed(0)} µs a request)`);
  if (f.ladder) {
    const l = f.ladder;
    console.log(`  ladder: the receiver with a seen store that does nothing (key made): ${Math.round(l.noStoreRps).toLocaleString("en")} req/s, ${l.noStoreRatio.toFixed(2)}× bare (${l.noStoreCpuMicros.toFixed(0)} µs a request)`);
    console.log(`          with neither store nor key: ${Math.round(l.noKeyRps).toLocaleString("en")} req/s, ${l.noKeyRatio.toFixed(2)}× bare (${l.noKeyCpuMicros.toFixed(0)} µs a request)`);
  }
  for (const [i, r] of f.rounds.entries()) {
    console.log(
      `    round ${i + 1}: bare ${Math.round(r.bare)} req/s (${r.bareCpuMicros.toFixed(0)} µs), JSON.parse ${Math.round(r.jsonParse)} req/s (${r.jsonParseCpuMicros.toFixed(0)} µs), decode ${Math.round(r.decode)} req/s (${r.decodeCpuMicros.toFixed(0)} µs), receiver ${Math.round(r.receiver)} req/s (${r.receiverCpuMicros.toFixed(0)} µs)` +
        (r.noStore !== undefined ? `, no store ${Math.round(r.noStore)} req/s (${r.noStoreCpuMicros!.toFixed(0)} µs), no key ${Math.round(r.noKey!)} req/s (${r.noKeyCpuMicros!.toFixed(0)} µs)` : ""),
    );
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
