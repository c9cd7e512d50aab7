/**
 * One memory measurement's child process (bench/memory.ts): `node <flags> memory-child.mjs JOB`,
 * JOB a JSON file ({@link MemoryJob}). bench/run.ts bundles this file with esbuild (no minify,
 * no keepNames) so that the child runs plain JavaScript, the package as built. Prints its report.
 */
import { readFileSync } from "node:fs";
import { genericPipeline } from "./generic.js";
import { measure, type MemoryJob, type MemoryPipeline, type Mode } from "./memory.js";

const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as MemoryJob;
const mode = process.argv[3] as Mode;
const { decodeCallback } = (await import(job.packageUrl)) as typeof import("../generated/src/index.js");
// The body in memory before anything is measured: a flat string, as readFileSync gives, or the bytes.
const text = readFileSync(job.bodyFile, "utf8");
const bytes = readFileSync(job.bodyFile);
const generic = genericPipeline(job.shape);
const decodes: Record<MemoryPipeline, () => unknown> = {
  "our XML decode": () => decodeCallback(text),
  "our XML decode, from a Buffer": () => decodeCallback(bytes),
  "generic XML pipeline": () => generic.xml(text),
  "our JSON decode": () => decodeCallback(text),
  "JSON.parse alone": () => JSON.parse(text),
  "JSON.parse + ajv": () => generic.json(text),
};
const report = measure(decodes[job.pipeline], { ...job.options, mode });
process.stdout.write(JSON.stringify(report) + "\n");
