import { open } from "node:fs/promises";
import { escapeControls } from "./escape.js";
import { bodyLimit } from "./input.js";
import { CallbackDecodeError, type DecodeIssue, formatIssue } from "./issues.js";
import { type DecodeOptions, resolveOptions } from "./options.js";

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, read chunk by chunk (process.stdin); reading stops past the size limit. */
  readonly stdin: AsyncIterable<Uint8Array>;
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

/** What the CLI knows: the package version, every kind, and decodeCallback for a body of any callback kind. */
export interface CliCatalogue {
  readonly version: string;
  readonly kinds: readonly CliKind[];
  readonly decodeAny: Decode;
}

export const USAGE = `usage: ci-callback decode [FILE|-] [--kind NAME] [--format xml|json] [--strict] [--print-kind]
                          [--max-bytes N] [--max-issues N]
       ci-callback kinds [--json]
       ci-callback send FILE|- URL [--header "Name: value"]... [--content-type TYPE]
       ci-callback --version | --help

decode  Decodes a Tencent Cloud CI callback body (from FILE, or standard input when FILE is
        - or absent) and prints its model as JSON.
  --kind NAME         decode as this payload kind; job responses, which have no match rules,
                      are decoded this way (without it the kind is recognised from the body)
  --format xml|json   the body's format (detected when absent)
  --strict            unknown fields and enum values are errors, not warnings
  --print-kind        print {"kind": ..., "payload": ...} instead of the model alone
  --max-bytes N       refuse a body over N bytes (default 16777216); reading stops just past
                      N bytes, so endless input ends with a too-large error
  --max-issues N      list at most N errors and N warnings (default 100); the list then ends
                      with one too-many-issues line saying how many more there were
kinds   Lists every payload kind: name, title, formats, match rules and source page.
  --json              as a JSON array
send    POSTs a callback body (FILE, or standard input for -) to URL as CI would, to try a
        receiver (createCallbackHandler); prints the answer's status line and body.
        Exits 0 on a 2xx answer, 1 on any other, 2 when the URL cannot be reached.
  --content-type TYPE the Content-Type (default application/xml or application/json, from
                      the body's first character)
  --header, -H "Name: value"  one more request header (X-Ci-Content-Version: Detail)
--version             prints the package version; --help prints this text

Every line on standard error is one warning or error; control characters in it (line breaks,
escapes, bidi controls) are shown escaped (\\n, \\u001b), so data never forges a line. A closed
standard output (ci-callback decode ... | head) ends the command quietly, with its usual status.

exit status: 0 done (warnings on standard error), 1 invalid callback, including one over
--max-bytes (one error per line on standard error), 2 usage error, unreadable file, or a
standard output that cannot be written (a full disk; a closed pipe is not an error)`;

class UsageError extends Error {}

/** Flags that set a positive-integer decode option; a new limit is one more entry. */
const LIMIT_FLAGS: Readonly<Record<string, "maxBytes" | "maxIssues">> = { "--max-bytes": "maxBytes", "--max-issues": "maxIssues" };

interface DecodeArgs {
  command: "decode";
  file: string;
  kind: string | undefined;
  printKind: boolean;
  options: DecodeOptions;
}

function positiveInteger(flag: string, v: string | undefined): number {
  const n = v !== undefined && /^[1-9][0-9]*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} takes a positive integer, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
  return n;
}

interface SendArgs {
  command: "send";
  file: string;
  url: string;
  headers: [string, string][];
}

function parseSend(rest: readonly string[]): SendArgs {
  const positional: string[] = [];
  const headers: [string, string][] = [];
  let type: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "--header" || a === "-H") {
      const v = rest[++i];
      const colon = v === undefined ? -1 : v.indexOf(":");
      if (v === undefined || colon <= 0) throw new UsageError(`${a} takes "Name: value", got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      headers.push([v.slice(0, colon).trim(), v.slice(colon + 1).trim()]);
    } else if (a === "--content-type") {
      type = rest[++i];
      if (type === undefined || type === "") throw new UsageError("--content-type takes a media type (application/xml)");
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option "${a}" for send`);
    else positional.push(a);
  }
  const [file, url, extra] = positional;
  if (file === undefined || url === undefined) throw new UsageError("send takes a FILE (or -) and a URL");
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (!/^https?:\/\//i.test(url)) throw new UsageError(`send takes an http:// or https:// URL, got ${JSON.stringify(url.slice(0, 80))}`);
  if (type !== undefined) headers.push(["content-type", type]);
  return { command: "send", file, url, headers };
}

/** POSTs the body to the URL; the answer's status line and body on standard output. */
async function send(args: SendArgs, body: Uint8Array, io: CliIO): Promise<number> {
  const headers = new Headers(args.headers);
  if (!headers.has("content-type")) {
    const first = /\S/.exec(new TextDecoder().decode(body.subarray(0, 64)))?.[0];
    headers.set("content-type", first === "<" ? "application/xml" : first === "{" || first === "[" ? "application/json" : "application/octet-stream");
  }
  let response: Response;
  try {
    response = await fetch(args.url, { method: "POST", headers, body: body as unknown as BodyInit });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    say(io, `ci-callback: cannot send to ${args.url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    return 2;
  }
  const text = await response.text();
  io.stdout(`${response.status} ${response.statusText}\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}`);
  return response.ok ? 0 : 1;
}

function parseArgs(args: readonly string[]): DecodeArgs | SendArgs | { command: "kinds"; json: boolean } {
  const [command, ...rest] = args;
  if (command === "send") return parseSend(rest);
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
  const limits: Partial<Record<"maxBytes" | "maxIssues", number>> = {};
  const value = (a: string, name: string, i: number): string | undefined => (a === name ? rest[i + 1] : a.slice(name.length + 1));
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const limit = Object.keys(LIMIT_FLAGS).find((f) => a === f || a.startsWith(`${f}=`));
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
    } else if (limit !== undefined) {
      limits[LIMIT_FLAGS[limit]!] = positiveInteger(limit, value(a, limit, i));
      if (a === limit) i++;
    } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option "${a}"`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  return { command, file: file ?? "-", kind, printKind, options: { strict, ...(format ? { format } : {}), ...limits } };
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

/** One line on standard error; the one way the CLI writes there, so no text from the body or the arguments forges a line. */
function say(io: CliIO, line: string): void {
  io.stderr(escapeControls(line) + "\n");
}

const CHUNK = 64 * 1024;

/** The bytes of `source`, or undefined once they pass `limit`: reading stops there (a chunk past it at most). */
async function readUpTo(source: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit) return undefined; // leaving the loop closes the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** A file's bytes, or its size (or undefined when not known) when over `limit`: a regular file's size is checked before reading, and no more than limit+1 bytes are read. */
async function readFileUpTo(path: string, limit: number): Promise<{ bytes: Uint8Array } | { over: number | undefined }> {
  const handle = await open(path, "r");
  try {
    const stat = await handle.stat();
    if (stat.isFile() && stat.size > limit) return { over: stat.size };
    async function* chunks(): AsyncGenerator<Uint8Array> {
      let read = 0;
      for (;;) {
        const buffer = new Uint8Array(Math.min(CHUNK, limit + 1 - read));
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null);
        if (bytesRead === 0) return;
        read += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    }
    const bytes = await readUpTo(chunks(), limit);
    return bytes === undefined ? { over: stat.isFile() ? stat.size : undefined } : { bytes };
  } finally {
    await handle.close();
  }
}

/** The decoders' `too-large` error for a body the CLI stopped reading. */
function tooLarge(max: number, size: number | undefined): CallbackDecodeError {
  const expected = bodyLimit(max);
  const found = size === undefined ? `more than ${max} bytes` : `${size} bytes`;
  return new CallbackDecodeError([{ path: "", code: "too-large", message: `expected ${expected}, found ${found}`, expected, found }]);
}

/** Runs the CLI and returns its exit status. Never throws for bad input. */
export async function runCli(args: readonly string[], io: CliIO, catalogue: CliCatalogue): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  if (args.includes("--version")) {
    io.stdout(catalogue.version + "\n");
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
    say(io, `ci-callback: ${e.message}`);
    io.stderr(USAGE + "\n");
    return 2;
  }
  if (parsed.command === "kinds") return listKinds(catalogue, parsed.json, io);
  const max = parsed.command === "send" ? resolveOptions(undefined).maxBytes : resolveOptions(parsed.options).maxBytes;
  try {
    let body: Uint8Array;
    try {
      if (parsed.file === "-") {
        const bytes = await readUpTo(io.stdin, max);
        if (bytes === undefined) throw tooLarge(max, undefined);
        body = bytes;
      } else {
        const read = await readFileUpTo(parsed.file, max);
        if ("over" in read) throw tooLarge(max, read.over);
        body = read.bytes;
      }
    } catch (e) {
      if (e instanceof CallbackDecodeError) throw e;
      say(io, `ci-callback: cannot read ${parsed.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
    if (parsed.command === "send") return await send(parsed, body, io);
    const { kind, payload, warnings } = decode(body, parsed.options);
    for (const w of warnings) say(io, `warning: ${formatIssue(w)}`);
    io.stdout(JSON.stringify(parsed.printKind ? { kind, payload } : payload, null, 2) + "\n");
    return 0;
  } catch (e) {
    if (!(e instanceof CallbackDecodeError)) throw e;
    for (const w of e.warnings) say(io, `warning: ${formatIssue(w)}`);
    for (const err of e.errors) say(io, `error: ${formatIssue(err)}`);
    return 1;
  }
}

/**
 * The ci-callback command on this process: arguments, standard streams, exit status. A closed
 * standard output or error (a pipe whose reader left, as `| head` does) ends the output quietly:
 * no EPIPE error, no stack trace, and the exit status the command had. Any other write error on
 * standard output is reported on one line, with status 2.
 */
export function main(catalogue: CliCatalogue): void {
  const closed = { stdout: false, stderr: false };
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    closed.stdout = true;
    if (e.code !== "EPIPE") {
      if (!closed.stderr) process.stderr.write(`ci-callback: cannot write standard output: ${e.code ?? e.message}\n`);
      process.exitCode = 2;
    }
  });
  process.stderr.on("error", () => {
    closed.stderr = true;
  });
  const io: CliIO = {
    stdout: (text) => void (closed.stdout || process.stdout.write(text)),
    stderr: (text) => void (closed.stderr || process.stderr.write(text)),
    stdin: process.stdin,
  };
  runCli(process.argv.slice(2), io, catalogue).then(
    (status) => {
      process.exitCode ??= status;
    },
    (e: unknown) => {
      // A bug, not bad input: one line, never a stack trace.
      say(io, `ci-callback: internal error: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 2;
    },
  );
}
