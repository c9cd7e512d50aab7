import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const FIXTURES = join(ROOT, "test", "import", "fixtures", "pages");
/** The vendor pages shared with this repository (absent in a bare checkout: those tests are skipped). */
export const VENDOR = resolve(ROOT, "..", "shared", "vendor-docs");
export const HAVE_VENDOR = existsSync(join(VENDOR, "media", "callback-snapshot.md"));

export function temp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `import-${prefix}-`));
}

export function run(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, script), ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function decode(out: string, file: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(out, "bin", "ci-callback.js"), "decode", file], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
