import { readFileSync } from "node:fs";
import type { DecodeOptions } from "./options.js";
import { CallbackDecodeError, type DecodeIssue, formatIssue } from "./issues.js";

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Uint8Array;
}

type Decode = (body: Uint8Array, options: DecodeOptions) => { kind: string; payload: unknown; warnings: readonly DecodeIssue[] };

/** One payload kind as the CLI lists it, with its own decoder. */
export interface CliKind {
  readonly name: string;
  readonly title: string;
  readonly formats: readonly string[];
  /** How decodeCallback recognises it ("EventName=TaskFinish, JobsDetail.Tag=Transcode"), or "" for job responses. */
  readonly match: string;
  /** The vendor page it comes from, as a path under vendor-docs (media/callback-transcode.md). */
  readonly source: string;
  readonly decode: Decode;
}

/** What the CLI knows: every kind, and decodeCallback for a body of any callback kind. */
export interface CliCatalogue {
  readonly kinds: readonly CliKind[];
  readonly decodeAny: Decode;
}

export const USAGE = `usage: ci-callback decode [FILE|-] [--kind NAME] [--format xml|json] [--strict] [--print-kind]
       ci-callback kinds [--json]

decode  Decodes a Tencent Cloud CI callback body (from FILE, or standard input when FILE is
        - or absent) and prints its model as JSON.
  --kind NAME         decode as this payload kind; job responses, which have no match rules,
                      are decoded this way (without it the kind is recognised from the body)
  --format xml|json   the body's format (detected when absent)
  --strict            unknown fields and enum values are errors, not warnings
  --print-kind        print {"kind": ..., "payload": ...} instead of the model alone
kinds   Lists every payload kind: name, title, formats, match rules and source page.
  --json              as a JSON array

exit status: 0 done (warnings on standard error), 1 invalid callback (one error per line on
standard error), 2 usage error or unreadable file`;

class UsageError extends Error {}

interface DecodeArgs {
  command: "decode";
  file: string;
  kind: string | undefined;
  printKind: boolean;
  options: DecodeOptions;
}

function parseArgs(args: readonly string[]): DecodeArgs | { command: "kinds"; json: boolean } {
  const [command, ...rest] = args;
  if (command === "kinds") {
    for (const a of rest) if (a !== "--json") throw new UsageError(`unknown option "${a}" for kinds`);
    return { command, json: rest.includes("--json") };
  }
  if (command !== "decode") throw new UsageError(command === undefined ? "missing command" : `unknown command "${command}"`);
  let file: string | undefined;
  let format: "xml" | "json" | undefined;
  let kind: string | undefined;
  let strict = false;
  let printKind = false;
  const value = (a: string, name: string, i: number): string | undefined => (a === name ? rest[i + 1] : a.slice(name.length + 1));
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "--strict") strict = true;
    else if (a === "--print-kind") printKind = true;
    else if (a === "--format" || a.startsWith("--format=")) {
      const v = value(a, "--format", i);
      if (a === "--format") i++;
      if (v !== "xml" && v !== "json") throw new UsageError(`--format takes xml or json, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      format = v;
    } else if (a === "--kind" || a.startsWith("--kind=")) {
      kind = value(a, "--kind", i);
      if (a === "--kind") i++;
      if (kind === undefined || kind === "") throw new UsageError("--kind takes the name of a payload kind (see ci-callback kinds)");
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option "${a}"`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  return { command, file: file ?? "-", kind, printKind, options: { strict, ...(format ? { format } : {}) } };
}

function listKinds(catalogue: CliCatalogue, json: boolean, io: CliIO): number {
  const rows = catalogue.kinds.map(({ name, title, formats, match, source }) => ({ name, title, formats, match: match === "" ? null : match, source }));
  if (json) {
    io.stdout(JSON.stringify(rows, null, 2) + "\n");
    return 0;
  }
  for (const r of rows) {
    io.stdout(`${r.name}\n  ${r.title}; ${r.formats.join(", ")}; ${r.match === null ? "a job response: decode with --kind" : `recognised by ${r.match}`}\n  source: ${r.source}\n`);
  }
  return 0;
}

/** Runs the CLI and returns its exit status. Never throws for bad input. */
export function runCli(args: readonly string[], io: CliIO, catalogue: CliCatalogue): number {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  let decode: Decode = catalogue.decodeAny;
  try {
    parsed = parseArgs(args);
    if (parsed.command === "decode" && parsed.kind !== undefined) {
      const name = parsed.kind;
      const kind = catalogue.kinds.find((k) => k.name === name);
      if (!kind) throw new UsageError(`unknown kind ${JSON.stringify(name.slice(0, 80))}; ci-callback kinds lists them`);
      decode = kind.decode;
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`ci-callback: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.command === "kinds") return listKinds(catalogue, parsed.json, io);
  let body: Uint8Array;
  try {
    body = parsed.file === "-" ? io.readStdin() : readFileSync(parsed.file);
  } catch (e) {
    io.stderr(`ci-callback: cannot read ${parsed.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  try {
    const { kind, payload, warnings } = decode(body, parsed.options);
    for (const w of warnings) io.stderr(`warning: ${formatIssue(w)}\n`);
    io.stdout(JSON.stringify(parsed.printKind ? { kind, payload } : payload, null, 2) + "\n");
    return 0;
  } catch (e) {
    if (!(e instanceof CallbackDecodeError)) throw e;
    for (const w of e.warnings) io.stderr(`warning: ${formatIssue(w)}\n`);
    for (const err of e.errors) io.stderr(`error: ${formatIssue(err)}\n`);
    return 1;
  }
}
