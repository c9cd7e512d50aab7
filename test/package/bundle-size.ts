// npm run size: bundle sizes of the package's entry points, measured with esbuild (minified, and gzipped).
import { join } from "node:path";
import { rmSync } from "node:fs";
import { generate } from "../../generator/generate.js";
import { readInputs } from "../../generator/inputs.js";
import { write } from "../../generator/output.js";
import { bundle } from "./bundle.js";
import { loadModel } from "../../generator/model/load.js";
import { payloadApi } from "../../generator/model/names.js";

const ROOT = join(import.meta.dirname, "../..");
const FAMILY = join(ROOT, "test/.output/family-size");
rmSync(FAMILY, { recursive: true, force: true });
write(FAMILY, await generate(readInputs(join(ROOT, "test/fixtures/family-spec"), ROOT)));

const real = loadModel(join(ROOT, "spec"), ROOT).payloads;
const kindCases = [real.find((p) => p.source.startsWith("media/callback-") && p.match.length > 0), real.find((p) => p.source.startsWith("audit/") && p.match.length > 0)]
  .filter((p) => p !== undefined)
  .map((p): [string, string, string] => [`tencent-ci-callbacks: ${payloadApi(p.name).decode}`, `import { ${payloadApi(p.name).decode} } from "tencent-ci-callbacks"; console.log(${payloadApi(p.name).decode});`, ROOT]);
const cases: [string, string, string][] = [
  ...kindCases,
  ["tencent-ci-callbacks: everything", `import * as all from "tencent-ci-callbacks"; console.log(all);`, ROOT],
  ["tencent-ci-callbacks: decodeCallback", `import { decodeCallback } from "tencent-ci-callbacks"; console.log(decodeCallback);`, ROOT],
  ["tencent-ci-callbacks: decodePicProcessCallbackJson", `import { decodePicProcessCallbackJson } from "tencent-ci-callbacks"; console.log(decodePicProcessCallbackJson);`, ROOT],
  ["family fixture (3 payloads): everything", `import * as all from "./src/index.ts"; console.log(all);`, FAMILY],
  ["family fixture: decodeMiniCallback only", `import { decodeMiniCallback } from "./src/index.ts"; console.log(decodeMiniCallback);`, FAMILY],
];
console.log("bundle sizes (esbuild, minified; the package has no runtime dependency)");
for (const [name, source, dir] of cases) {
  const b = await bundle(source, dir, true);
  console.log(`  ${name.padEnd(54)} ${String(b.bytes).padStart(7)} B ${String(b.gzip).padStart(6)} B gzip`);
}
