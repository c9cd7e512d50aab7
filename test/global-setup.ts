import { spawnSync } from "node:child_process";

/**
 * The CLI tests run the built package (generated/dist). Build it before every run (it takes
 * well under a second), so the tests never exercise a dist/ older than generated/src.
 */
export default function setup(): void {
  const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "generated/tsconfig.json"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("building generated/ failed");
}
