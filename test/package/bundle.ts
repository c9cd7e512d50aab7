import { build } from "esbuild";
import { gzipSync } from "node:zlib";

/** Bundles `source` (an ES module importing from `resolveDir`) the way an application's bundler would. */
export async function bundle(source: string, resolveDir: string, minify: boolean, external: string[] = []): Promise<{ code: string; bytes: number; gzip: number }> {
  const r = await build({
    stdin: { contents: source, resolveDir, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    minify,
    treeShaking: true,
    external,
    logLevel: "silent",
  });
  const code = r.outputFiles[0]!.text;
  return { code, bytes: Buffer.byteLength(code), gzip: gzipSync(code).length };
}
