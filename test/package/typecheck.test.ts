import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "../helpers.js";

/**
 * The build emits without type-checking (tsc --noCheck, for speed); this is where the generated
 * package is type-checked under its own strict options (exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess, ...).
 */
it("the generated package type-checks under its own tsconfig", () => {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "generated/tsconfig.json"), "--noEmit"], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
});
