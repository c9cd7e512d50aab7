import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

/**
 * A golden file that is missing must fail `npm test`, locally (CI unset) as in CI. Vitest writes
 * a missing file snapshot and passes unless CI is set; the project's vitest.config.ts says
 * `update: "none"`. This runs the real Vitest with that config file, unchanged, on a one-test
 * project in a temporary folder whose golden file does not exist, and checks that the run fails
 * and writes nothing, while `vitest run -u` (npm run test:update) writes it and passes.
 */
const project = mkdtempSync(join(tmpdir(), "missing-golden-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));
mkdirSync(join(project, "test"));
// The config's include (test/**/*.test.ts) and globalSetup (test/global-setup.ts) resolve against --root.
writeFileSync(join(project, "test/global-setup.ts"), "export default function setup() {}\n");
// --globals: the test needs no import of vitest, which does not resolve from a temporary folder.
writeFileSync(join(project, "test/probe.test.ts"), 'it("matches its golden file", async () => {\n  await expect("golden text\\n").toMatchFileSnapshot("probe.golden.txt");\n});\n');
const golden = join(project, "test/probe.golden.txt");

function vitest(args: string[], ci: boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CI;
  delete env.UPDATE_SNAPSHOT;
  if (ci) env.CI = "true";
  return spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", join(ROOT, "vitest.config.ts"), "--root", project, "--globals", ...args], { cwd: project, encoding: "utf8", env, timeout: 120_000 });
}

describe("a missing golden file", () => {
  it.each([
    ["locally (CI unset)", false],
    ["in CI (CI=true)", true],
  ])("fails the run and is not written, %s", (_where, ci) => {
    rmSync(golden, { force: true });
    const r = vitest([], ci);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/1 failed/);
    expect(existsSync(golden)).toBe(false);
  });

  it("is written by vitest run -u (npm run test:update), and then passes", () => {
    rmSync(golden, { force: true });
    const update = vitest(["-u"], false);
    expect(update.status, update.stdout + update.stderr).toBe(0);
    expect(readFileSync(golden, "utf8")).toBe("golden text\n");
    const again = vitest([], false);
    expect(again.status, again.stdout + again.stderr).toBe(0);
  });
});
