import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Both cores (the default leaves one idle on a two-core machine): 163 s instead of 220 s here.
    maxWorkers: 2,
    // A golden file (toMatchFileSnapshot) that is missing fails, locally as in CI: Vitest would
    // otherwise write it and pass unless CI is set. `vitest run -u` (npm run test:update) still
    // writes and updates them: the command line's update wins over this.
    update: "none",
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", ["json", { outputFile: "test/.output/results.json" }]],
  },
});
