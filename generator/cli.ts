import { spawnSync } from "node:child_process";
import { relative } from "node:path";
import { buildPackage } from "./build.js";
import type { EmitInput } from "./emit/files.js";
import { collect, EMITTERS, emitGroup, generate } from "./generate.js";
import { readInputs } from "./inputs.js";
import { syncWasmModules } from "./wasm.js";
import { SpecError, formatProblem } from "./load/problems.js";
import { drift, write } from "./output.js";

const USAGE = `usage: npm run generate -- [--check] [--no-build] [--spec DIR] [--out DIR]
  --check      write nothing; exit 1 and list the files that differ when the output is stale
  --no-build   do not compile the package to dist/ after writing
  --spec DIR   spec folder (default: spec)
  --out DIR    output folder (default: generated)`;

interface Args {
  check: boolean;
  build: boolean;
  spec: string;
  out: string;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { check: false, build: true, spec: "spec", out: "generated" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--check") args.check = true;
    else if (a === "--no-build") args.build = false;
    else if (a === "--spec" || a === "--out") {
      const v = argv[++i];
      if (v === undefined) return `${a} needs a folder`;
      args[a === "--spec" ? "spec" : "out"] = v;
    } else return `unknown argument "${a}"`;
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === "string") {
    console.error(`generate: ${args}\n${USAGE}`);
    return 2;
  }
  // GENERATE_TIMING=1 prints how long each phase took (on standard error).
  const started = performance.now();
  const phase = (name: string) => process.env["GENERATE_TIMING"] && console.error(`generate: ${name} at ${((performance.now() - started) / 1000).toFixed(2)} s`);
  // The WebAssembly modules' bytes first: the runtime copied into the package holds them.
  const wasmStale = await syncWasmModules(args.check);
  if (!args.check && wasmStale.length > 0 && process.env["GENERATE_WASM_WRITTEN"] === undefined) {
    // This process loaded the runtime with the bytes as they were (the docs decode the samples
    // with it): the rest runs in a fresh one, which loads what was just written.
    const again = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, GENERATE_WASM_WRITTEN: "1" } });
    return again.status ?? 1;
  }
  let input: EmitInput;
  try {
    input = readInputs(args.spec);
    phase("spec read and linked");
  } catch (e) {
    if (e instanceof SpecError) {
      console.error(`generate: the spec has ${e.problems.length} problem(s); nothing was written:`);
      for (const p of e.problems) console.error(formatProblem(p));
      return 1;
    }
    throw e;
  }
  if (args.check) {
    const files = await generate(input);
    const d = drift(args.out, files);
    const stale = [...d.changed.map((p) => `changed: ${p}`), ...d.missing.map((p) => `missing: ${p}`), ...d.extra.map((p) => `extra:   ${p}`)];
    for (const m of wasmStale) stale.push(`changed: ${relative(process.cwd(), m.module)} (not what ${relative(process.cwd(), m.wat)} assembles to)`);
    if (stale.length > 0) {
      console.error(`${args.out}/ is stale — run npm run generate. Files that differ:`);
      for (const s of stale) console.error(`  ${s}`);
      return 1;
    }
    console.log(`${args.out}/ is up to date (${files.length} files).`);
    return 0;
  }
  // The package first; while tsc builds it (another process), this one renders the docs.
  const isDocs = (path: string) => path.startsWith("docs/");
  const code = collect(await emitGroup(input, Object.keys(EMITTERS).filter((n) => n !== "docs")));
  phase("package emitted");
  const first = write(args.out, code, (p) => !isDocs(p));
  phase("package written");
  const building = args.build ? buildPackage(args.out) : Promise.resolve(0);
  const docs = collect(await emitGroup(input, ["docs"]));
  if (docs.some((f) => !isDocs(f.path)) || code.some((f) => isDocs(f.path))) throw new Error("internal: only the docs emitter writes under docs/");
  const second = write(args.out, docs, isDocs);
  phase("docs emitted and written");
  const count = (k: keyof typeof first) => first[k].length + second[k].length;
  const touched = count("changed") + count("missing") + count("extra");
  console.log(`generate: ${code.length + docs.length} files in ${args.out}/; ${touched === 0 ? "none changed" : `${count("changed")} changed, ${count("missing")} added, ${count("extra")} removed`}.`);
  const status = await building;
  phase("package built");
  if (status !== 0) {
    console.error("generate: the build of the generated package failed (see above).");
    return 1;
  }
  if (args.build) console.log(`generate: built ${args.out}/dist/.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Internal failures (a generator bug, not bad input) keep their stack for the maintainer.
    console.error("generate: internal error:", e);
    process.exitCode = 3;
  },
);
