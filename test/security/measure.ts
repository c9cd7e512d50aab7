import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers.js";

/** What one decode of a hostile body cost, measured in a process of its own. */
export interface Cost {
  readonly bytes: number;
  /** Wall-clock time of the decode. */
  readonly ms: number;
  /**
   * Processor time of the decode (user and system, every thread of the process, garbage
   * collection included): what the decode costs, which a loaded machine (a test run beside a
   * browser) does not inflate as it does the wall clock. The time bounds are on this.
   */
  readonly cpuMs: number;
  /** Peak resident memory during the decode, over what the process held with the body read. */
  readonly extraBytes: number;
  readonly outcome: "decoded" | "refused";
  readonly codes: readonly string[];
  readonly errors: number;
  readonly warnings: number;
  readonly messageLength: number;
}

/**
 * Decodes `body` in a fresh Node process running the built package and reports the time and
 * the peak memory of that one decode. A process of its own so that the peak resident size is
 * this decode's: the body is read from a file and memory settled before the clock starts, and
 * nothing else runs there.
 */
export function measure(body: string, options: object = {}, as: "bytes" | "string" = "bytes"): Cost {
  const dir = mkdtempSync(join(tmpdir(), "ci-measure-"));
  try {
    const file = join(dir, "body");
    writeFileSync(file, body);
    const script = `
      import { readFileSync } from "node:fs";
      import { decodeCallback, CallbackDecodeError } from ${JSON.stringify(join(ROOT, "generated/dist/esm/index.js"))};
      const raw = readFileSync(${JSON.stringify(file)});
      const body = ${as === "bytes" ? "new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)" : 'raw.toString("utf8")'};
      globalThis.gc(); globalThis.gc();
      const before = process.memoryUsage().rss;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      let outcome = "decoded", codes = [], errors = 0, warnings = 0, messageLength = 0;
      try {
        const r = decodeCallback(body, ${JSON.stringify(options)});
        warnings = r.warnings.length; codes = [...new Set(r.warnings.map((w) => w.code))];
      } catch (e) {
        if (!(e instanceof CallbackDecodeError)) throw e;
        outcome = "refused"; errors = e.errors.length; warnings = e.warnings.length; messageLength = e.message.length;
        codes = [...new Set(e.errors.map((x) => x.code))];
      }
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const peak = process.resourceUsage().maxRSS * 1024;
      console.log(JSON.stringify({ bytes: body.length, ms, cpuMs, extraBytes: Math.max(0, peak - before), outcome, codes, errors, warnings, messageLength }));
    `;
    const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 20 });
    return JSON.parse(out) as Cost;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
