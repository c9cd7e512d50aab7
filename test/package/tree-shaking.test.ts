import { rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate.js";
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

  it("the real package's decoder bundles without the testing support or the generator", async () => {
    const one = await bundle(`import { decodePicProcessCallbackXml } from "tencent-ci-callbacks"; console.log(decodePicProcessCallbackXml);`, ROOT, false);
    expect(one.code).toContain("decodePicProcessCallbackXmlNode");
    for (const absent of ["fast-check", "fc.record", "handlebars", "ts-morph", "containerArbitrary"]) expect(one.code).not.toContain(absent);
  });
});
