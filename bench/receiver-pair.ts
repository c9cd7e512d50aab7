/**
 * Two of bench/receiver.ts's servers side by side: `npm run bench:receiver-pair -- FIRST SECOND
 * [--cycles N] [--seconds S] [--connections C]` (defaults: 10 cycles of rounds of 2 s, 32
 * connections). FIRST and SECOND are modes of bench/receiver-server.ts: bare, bare-batched,
 * json-parse, decode, decode-batched, receiver, receiver-unbatched, receiver-no-store,
 * receiver-no-key.
 *
 * Each cycle loads SECOND, FIRST, FIRST, SECOND (short rounds, in the order A B B A), so that a
 * drift of the machine's speed within a cycle weighs on both alike; the machine's speed here moves
 * by a third and more from one minute to the next, which separates the rounds of bench/receiver.ts
 * (10 s each, six servers) by whole minutes. It prints each cycle, then the median of the cycles'
 * ratios FIRST ÷ SECOND, of requests a second and of processor time a request (SECOND's ÷ FIRST's,
 * so that both read "how much better FIRST does"), each with its interquartile range.
 */
import { join } from "node:path";
import { buildCompiled } from "./compiled.js";
import { loadRound, SERVER_MODES, type Server, seedLoad, startServer } from "./receiver.js";

const ROOT = join(import.meta.dirname, "..");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!(n > 0)) throw new Error(`--${name} needs a positive number, got ${process.argv[at + 1]}`);
  return n;
}

const [first, second] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"));
if (first === undefined || second === undefined || !SERVER_MODES.includes(first) || !SERVER_MODES.includes(second)) {
  console.error(`usage: npm run bench:receiver-pair -- FIRST SECOND [--cycles N] [--seconds S] [--connections C]; modes: ${SERVER_MODES.join(", ")}`);
  process.exit(2);
}
const cycles = option("cycles", 10);
const seconds = option("seconds", 2);
const connections = option("connections", 32);

const load = seedLoad(connections);
/** One round: requests a second (autocannon's total ÷ the round's seconds), and the server's processor time a request (µs). */
async function round(s: Server): Promise<{ rps: number; cpu: number }> {
  const r = await loadRound(s, load, seconds);
  return { rps: r.totalRps, cpu: r.cpuMicros };
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: readonly number[], q: number) => sorted(xs)[Math.floor((xs.length - 1) * q)]!;
const summary = (xs: readonly number[]) => `${quantile(xs, 0.5).toFixed(3)} [${quantile(xs, 0.25).toFixed(3)}–${quantile(xs, 0.75).toFixed(3)}]`;

const compiled = await buildCompiled(ROOT);
const servers: Server[] = [];
try {
  const a = await startServer(first, compiled.indexUrl);
  servers.push(a);
  const b = await startServer(second, compiled.indexUrl);
  servers.push(b);
  // Warm-up (JIT, sockets), not counted.
  await load(a.port, 3);
  await load(b.port, 3);
  const rpsRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let i = 0; i < cycles; i++) {
    const b1 = await round(b);
    const a1 = await round(a);
    const a2 = await round(a);
    const b2 = await round(b);
    const ra = (a1.rps + a2.rps) / 2;
    const rb = (b1.rps + b2.rps) / 2;
    const ca = (a1.cpu + a2.cpu) / 2;
    const cb = (b1.cpu + b2.cpu) / 2;
    rpsRatios.push(ra / rb);
    cpuRatios.push(cb / ca);
    console.log(`cycle ${i + 1}: ${first} ${Math.round(ra)} req/s (${ca.toFixed(1)} µs), ${second} ${Math.round(rb)} req/s (${cb.toFixed(1)} µs): ${(ra / rb).toFixed(3)}×`);
  }
  console.log(`${first} ÷ ${second}, median of ${cycles} cycles [interquartile range]: requests a second ${summary(rpsRatios)}; processor time a request, ${second}'s ÷ ${first}'s ${summary(cpuRatios)}`);
} finally {
  for (const s of servers) s.child.kill();
  compiled.remove();
}
