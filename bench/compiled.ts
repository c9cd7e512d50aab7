import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildPackage } from "../generator/build.js";

/**
 * The generated package as its users run it: generated/ (src, tsconfig.json, package.json)
 * copied to a temporary folder and built there by the package's own build (generator/build.ts,
 * what `npm run build` runs: tsc's emit to dist/esm, one JavaScript file per module as
 * published, and each payload's schema to dist/schemas). Not generated/src through tsx, whose
 * on-the-fly transform adds `__name(...)` calls (esbuild's keepNames) that users' code never
 * runs; and not generated/dist, which is not committed and may be absent or older than
 * generated/src. The build writes nothing under generated/.
 */
export interface Compiled {
  /** The temporary folder: dist/ and a node_modules link to the repository's. */
  readonly dir: string;
  /** file: URL of dist/esm/index.js, for `import()`. */
  readonly indexUrl: string;
  /** The built JSON Schema of a payload kind. */
  readonly schema: (slug: string) => object;
  readonly remove: () => void;
}

export async function buildCompiled(root: string): Promise<Compiled> {
  const dir = mkdtempSync(join(tmpdir(), "ci-bench-pkg-"));
  try {
    cpSync(join(root, "generated", "src"), join(dir, "src"), { recursive: true });
    for (const f of ["tsconfig.json", "package.json"]) copyFileSync(join(root, "generated", f), join(dir, f));
    const status = await buildPackage(dir);
    if (status !== 0) throw new Error(`the package's build failed (exit status ${status})`);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    indexUrl: pathToFileURL(join(dir, "dist", "esm", "index.js")).href,
    schema: (slug) => JSON.parse(readFileSync(join(dir, "dist", "schemas", `${slug}.json`), "utf8")) as object,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
