import { rmSync } from "node:fs";
import { join } from "node:path";
import { generate } from "../../generator/generate.js";
import { readInputs } from "../../generator/inputs.js";
import { write } from "../../generator/output.js";
import { ROOT } from "../helpers.js";

/** Generates the package of a fixture spec (test/fixtures/<name>) into test/.output/<out> and loads its two entries. */
export async function fixturePackage(spec: string, out: string): Promise<{ dir: string; pkg: any; testing: any }> {
  const dir = join(ROOT, "test/.output", out);
  rmSync(dir, { recursive: true, force: true });
  write(dir, await generate(readInputs(join(ROOT, "test/fixtures", spec), ROOT)));
  return { dir, pkg: await import(join(dir, "src/index.ts")), testing: await import(join(dir, "src/testing.ts")) };
}
