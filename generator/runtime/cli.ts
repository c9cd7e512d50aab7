import { readFileSync } from "node:fs";
import type { DecodeOptions } from "./options.js";
import { CallbackDecodeError, type DecodeIssue, formatIssue } from "./issues.js";

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Uint8Array;
}

type Decode = (body: Uint8Array, options: DecodeOptions) => { payload: unknown; warnings: readonly DecodeIssue[] };

export const USAGE = `usage: ci-callback decode [FILE|-] [--format xml|json] [--strict]

Decodes a Tencent Cloud CI callback body (from FILE, or standard input when FILE is - or
absent) and prints its model as JSON.
  --format xml|json   the body's format (detected when absent)
  --strict            unknown fields and enum values are errors, not warnings

exit status: 0 decoded (warnings on standard error), 1 invalid callback (one error per
line on standard error), 2 usage error or unreadable file`;

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { file: string; options: DecodeOptions } {
  const [command, ...rest] = args;
  if (command !== "decode") throw new UsageError(command === undefined ? "missing command" : `unknown command "${command}"`);
  let file: string | undefined;
  let format: "xml" | "json" | undefined;
  let strict = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "--strict") strict = true;
    else if (a === "--format" || a.startsWith("--format=")) {
      const v = a === "--format" ? rest[++i] : a.slice("--format=".length);
      if (v !== "xml" && v !== "json") throw new UsageError(`--format takes xml or json, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      format = v;
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option "${a}"`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  return { file: file ?? "-", options: { strict, ...(format ? { format } : {}) } };
}

/** Runs the CLI and returns its exit status. Never throws for bad input. */
export function runCli(args: readonly string[], io: CliIO, decode: Decode): number {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`ci-callback: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  let body: Uint8Array;
  try {
    body = parsed.file === "-" ? io.readStdin() : readFileSync(parsed.file);
  } catch (e) {
    io.stderr(`ci-callback: cannot read ${parsed.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  try {
    const { payload, warnings } = decode(body, parsed.options);
    for (const w of warnings) io.stderr(`warning: ${formatIssue(w)}\n`);
    io.stdout(JSON.stringify(payload, null, 2) + "\n");
    return 0;
  } catch (e) {
    if (!(e instanceof CallbackDecodeError)) throw e;
    for (const w of e.warnings) io.stderr(`warning: ${formatIssue(w)}\n`);
    for (const err of e.errors) io.stderr(`error: ${formatIssue(err)}\n`);
    return 1;
  }
}
