import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * The CLI tests run the built package (generated/dist). Build it once when it is missing,
 * so `npm test` works on a fresh checkout where `npm run generate` has not run yet.
 */
export default function setup(): void {
  if (existsSync("generated/dist/cli.js")) return;
  const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "generated/tsconfig.json"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("building generated/ failed");
}
