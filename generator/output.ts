import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GeneratedFile } from "./emit/files.js";

/** Folders inside generated/ that the generator does not own: build output and installs. */
const NOT_OURS = new Set(["dist", "node_modules"]);

function existing(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (prefix === "" && NOT_OURS.has(name)) continue;
    const p = join(dir, name);
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    if (statSync(p).isDirectory()) out.push(...existing(p, rel));
    else out.push(rel);
  }
  return out;
}

export interface Drift {
  readonly changed: string[];
  readonly missing: string[];
  readonly extra: string[];
}

/**
 * Compares the files the generator would write with what `outDir` holds; `scope` limits the
 * comparison to some paths (a part of the output written on its own).
 */
export function drift(outDir: string, files: readonly GeneratedFile[], scope: (path: string) => boolean = () => true): Drift {
  const wanted = new Set(files.map((f) => f.path));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const f of files) {
    const p = join(outDir, f.path);
    if (!existsSync(p)) missing.push(f.path);
    else if (readFileSync(p, "utf8") !== f.content) changed.push(f.path);
  }
  const extra = existing(outDir).filter((p) => scope(p) && !wanted.has(p));
  return { changed, missing, extra };
}

/** Writes what changed and removes files the generator no longer produces (within `scope`). Returns the drift it fixed. */
export function write(outDir: string, files: readonly GeneratedFile[], scope?: (path: string) => boolean): Drift {
  const d = drift(outDir, files, scope);
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const path of [...d.changed, ...d.missing]) {
    const f = byPath.get(path)!;
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), f.content);
  }
  for (const path of d.extra) rmSync(join(outDir, path));
  return d;
}
