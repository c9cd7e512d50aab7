import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { decodeCallback, validatePicProcessCallback } from "../../generated/src/index.js";
import { loadModel } from "../../generator/model/load.js";
import { ROOT } from "../helpers.js";

/**
 * A second, independent check of every decoded sample: the published JSON Schema (through
 * ajv, a reference implementation of draft 2020-12) and the generated validator must both
 * accept the model, and both must reject a broken copy at the same place.
 */
const model = loadModel(join(ROOT, "spec"), ROOT);

for (const payload of model.payloads) {
  const schema = JSON.parse(readFileSync(join(ROOT, "generated/src/payloads", payload.slug, "schema.json"), "utf8"));
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);

  describe(`${payload.name} schema and validator`, () => {
    for (const s of payload.samples.filter((x) => !x.invalid)) {
      it(`accept the model of ${s.file}`, () => {
        const decoded = decodeCallback(readFileSync(join(model.specDir, s.file), "utf8")).payload;
        expect(validate(decoded), JSON.stringify(validate.errors)).toBe(true);
        expect(validatePicProcessCallback(decoded)).toEqual({ valid: true, errors: [], warnings: [] });
      });
    }

    it("both reject a model whose integer leaf is text, at the same path", () => {
      const decoded = structuredClone(decodeCallback(readFileSync(join(model.specDir, payload.samples[0]!.file), "utf8")).payload) as any;
      decoded.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = "417";
      expect(validate(decoded)).toBe(false);
      expect(validate.errors![0]!.instancePath).toBe("/JobsDetail/Operation/PicProcessResult/OriginalInfo/ImageInfo/Height");
      const r = validatePicProcessCallback(decoded);
      expect(r.valid).toBe(false);
      expect(r.errors.map((e) => e.path)).toEqual(["JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height"]);
    });
  });
}
