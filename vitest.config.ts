import { configDefaults, defineConfig } from "vitest/config";

const BROWSER = "test/docs/browser.test.ts";

export default defineConfig({
  test: {
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
    // The docs' browser test runs after every other test, on its own: Chromium on two cores would
    // otherwise slow the tests that hold a time bound (a fuzz regression's 5 s, seen at 6.6 s beside it).
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, BROWSER], globalSetup: ["test/global-setup.ts"], sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: "browser", include: [BROWSER], sequence: { groupOrder: 1 } } },
    ],
  },
});
