import { rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate.js";
import { loadModel } from "../../generator/model/load.js";
import { containerDecoder, payloadApi } from "../../generator/model/names.js";
import { readInputs } from "../../generator/inputs.js";
import { write } from "../../generator/output.js";
import { ROOT } from "../helpers.js";
import { bundle } from "./bundle.js";

/**
 * Importing one payload's decoder must not pull in the others. Checked with esbuild on a
 * package generated from the family fixture (three payloads), and on the real package:
 * neither the testing support (fast-check) nor the generator comes along.
 */
const OUT = join(ROOT, "test/.output/family-shaking");

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  write(OUT, await generate(readInputs(join(ROOT, "test/fixtures/family-spec"), ROOT)));
});

describe("tree-shaking", () => {
  it("a bundle of one payload's decoder holds that payload and none of the others", async () => {
    const one = await bundle(`import { decodeMiniCallback } from "./src/index.ts"; console.log(decodeMiniCallback);`, OUT, false);
    expect(one.code).toContain("decodeMiniCallbackXmlNode");
    for (const other of ["decodeAuditImageCallbackJsonNode", "decodeDescribeMiniJobsXmlNode", "forbidden_status", "NextToken"]) expect(one.code).not.toContain(other);
    const all = await bundle(`import * as all from "./src/index.ts"; console.log(all);`, OUT, false);
    for (const name of ["decodeMiniCallbackXmlNode", "decodeAuditImageCallbackJsonNode", "decodeDescribeMiniJobsXmlNode"]) expect(all.code).toContain(name);
    expect(one.bytes).toBeLessThan(all.bytes);
  });

  // One media kind and one moderation kind of the real package: each decoder comes alone.
  const real = loadModel(join(ROOT, "spec"), ROOT).payloads;
  const picks = [real.find((p) => p.source.startsWith("media/callback-") && p.match.length > 0), real.find((p) => p.source.startsWith("audit/") && p.match.length > 0)];
  it.each(picks.map((p, i) => [["a media kind", "a moderation kind"][i]!, p] as const))("the real package bundles %s's decoder without the other payloads", async (_, p) => {
    expect(p, "the spec has such a kind").toBeDefined();
    const api = payloadApi(p!.name);
    const one = await bundle(`import { ${api.decode} } from "tencent-ci-callbacks"; console.log(${api.decode});`, ROOT, false);
    const own = p!.formats.map((f) => containerDecoder(p!.root.typeName, f));
    for (const name of own) expect(one.code).toContain(name);
    for (const other of real.filter((x) => x !== p)) {
      for (const f of other.formats) expect(one.code, other.name).not.toContain(`function ${containerDecoder(other.root.typeName, f)}(`);
    }
  });

  it("the real package's decoder bundles without the testing support or the generator", async () => {
    const one = await bundle(`import { decodePicProcessCallbackXml } from "tencent-ci-callbacks"; console.log(decodePicProcessCallbackXml);`, ROOT, false);
    expect(one.code).toContain("decodePicProcessCallbackXmlNode");
    for (const absent of ["fast-check", "fc.record", "handlebars", "ts-morph", "containerArbitrary"]) expect(one.code).not.toContain(absent);
  });
});
