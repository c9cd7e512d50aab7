import { spawn } from "node:child_process";
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_MODULES = resolve(dirname(fileURLToPath(import.meta.url)), "..", "node_modules");

/**
 * A package generated outside this repository (`npm run generate -- --out /tmp/x`) cannot see
 * the repository's node_modules, which hold the types its compilation needs (@types/node).
 * Links `out/node_modules` to them when `out` cannot resolve them itself.
 */
export function linkDependencies(out: string): void {
  const here = resolve(out);
  try {
    createRequire(join(here, "package.json")).resolve("@types/node/package.json");
    return;
  } catch {
    // not resolvable from out: link below
  }
  if (!existsSync(join(here, "node_modules"))) symlinkSync(REPO_MODULES, join(here, "node_modules"), "dir");
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(rel, e.name)) : [join(rel, e.name)]));
}

/**
 * Builds the generated package: ESM with declarations to dist/esm (tsc), CommonJS with
 * declarations to dist/cjs (marked "type": "commonjs": the same JavaScript turned into CommonJS
 * by esbuild, and the same declarations), and each payload's JSON Schema to dist/schemas.
 * A second tsc run for CommonJS would double the build's time. tsc runs with --noCheck: it
 * emits without type-checking, which takes 40% off the build; the generated sources are
 * type-checked by npm test (its tsc run compiles the tests, which import every payload module
 * through src/index.ts, under strict options) and by the consumer test against the built package.
 * Returns the exit status of the first step that fails, or 0.
 */
export async function buildPackage(out: string): Promise<number> {
  const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  const dist = resolve(out, "dist");
  linkDependencies(out);
  rmSync(dist, { recursive: true, force: true });
  const status = await new Promise<number>((done) => {
    const child = spawn(process.execPath, [tsc, "-p", resolve(out, "tsconfig.json"), "--noCheck"], { stdio: "inherit" });
    child.on("close", (code) => done(code ?? 1));
    child.on("error", () => done(1));
  });
  if (status !== 0) return status;
  const esm = join(dist, "esm");
  const cjs = join(dist, "cjs");
  const files = filesUnder(esm);
  await build({ entryPoints: files.filter((f) => f.endsWith(".js")).map((f) => join(esm, f)), outdir: cjs, outbase: esm, format: "cjs", target: "es2022", platform: "node", bundle: false, logLevel: "error" });
  for (const rel of files.filter((f) => !f.endsWith(".js"))) {
    mkdirSync(dirname(join(cjs, rel)), { recursive: true });
    copyFileSync(join(esm, rel), join(cjs, rel));
  }
  writeFileSync(join(cjs, "package.json"), '{ "type": "commonjs" }\n');
  const payloads = resolve(out, "src", "payloads");
  mkdirSync(join(dist, "schemas"), { recursive: true });
  for (const slug of existsSync(payloads) ? readdirSync(payloads) : []) {
    const schema = join(payloads, slug, "schema.json");
    if (existsSync(schema)) copyFileSync(schema, join(dist, "schemas", `${slug}.json`));
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const status = await buildPackage(process.argv[2] ?? "generated");
  if (status !== 0) console.error("build: the generated package does not compile (see above)");
  process.exitCode = status;
}
