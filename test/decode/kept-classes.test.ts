import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * V8's optimized code refers weakly to the hidden classes (maps) of the objects it reads, and a
 * map that no object holds dies at a full GC, deoptimizing every function compiled against it.
 * The runtime keeps one reader (with its document, open elements and context) and one JSON walk
 * alive for that reason (KEPT_READER, KEPT_WALK). Here a child process of the built package
 * (generated/dist) decodes a body of each format until V8 has optimized the reader, runs two
 * full GCs, decodes again, and V8's own trace (--trace-opt, --trace-deopt) says which functions
 * were deoptimized for "weak objects" after the GCs: none of the reader's, the document's or
 * the walk's. (Without the kept objects, 27 functions were, all but two of them the runtime's;
 * the two are generated decoders whose model objects' classes died, which this does not cover.)
 */
const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kept-classes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHILD = `
import { readFileSync } from "node:fs";
const { decodeCallback, encodeCallback } = await import(process.argv[2]);
const seed = readFileSync(process.argv[3], "utf8");
const item = /<CosHeaders>[\\s\\S]*?<\\/CosHeaders>/.exec(seed)[0];
const xml = seed.replace(item, item.repeat(600) + "<!-- a comment: read by the reader, not the scanner -->");
const json = encodeCallback(decodeCallback(xml).payload, { format: "json" });
for (let i = 0; i < 400; i++) { decodeCallback(xml); decodeCallback(json); }
console.log("=== full GCs");
globalThis.gc(); globalThis.gc();
for (let i = 0; i < 3; i++) { decodeCallback(xml); decodeCallback(json); }
console.log("=== done");
`;

/** The runtime's functions that read the reader's, the document's, the open elements', the context's or the walk's fields. */
const READER_FUNCTIONS = ["document", "startTag", "name", "placePending", "skipSpace", "blank", "holds", "countText", "firstChild", "nextSibling", "nameIdOf", "raw", "setOwnText", "xmlFields", "quickXmlLeaf", "simpleText", "value"];

describe("the reader's hidden classes outlive full GCs", () => {
  it("no function of the reader, the document or the JSON walk is deoptimized for weak objects after two full GCs", () => {
    const script = join(dir, "child.mjs");
    writeFileSync(script, CHILD);
    const index = pathToFileURL(join(ROOT, "generated/dist/esm/index.js")).href;
    const seed = join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml");
    const out = execFileSync(process.execPath, ["--expose-gc", "--trace-opt", "--trace-deopt", script, index, seed], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const [before, after = ""] = out.split("=== full GCs");
    expect(after).toContain("=== done");
    // Not vacuous: V8 had optimized the reader's functions before the GCs.
    const optimized = new Set([...before!.matchAll(/completed (?:compiling|optimizing) \S+ <JSFunction (\S+) .*target TURBOFAN/g)].map((m) => m[1]));
    for (const f of ["startTag", "name", "placePending", "document", "value"]) expect(optimized, f).toContain(f);
    const deoptimized = [...after.matchAll(/<SharedFunctionInfo ([^>]*)>\) \(opt id \d+\) for deoptimization, reason: weak objects/g)].map((m) => m[1]!);
    expect(deoptimized.filter((f) => READER_FUNCTIONS.includes(f))).toEqual([]);
  }, 60_000);
});
