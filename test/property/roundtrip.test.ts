import { deepStrictEqual } from "node:assert/strict";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCallback, decodePicProcessCallback, encodeCallback, encodePicProcessCallback, validatePicProcessCallback } from "../../generated/src/index.js";
import { picProcessCallbackArbitrary } from "../../generated/src/testing.js";

/**
 * Round trips over every model the spec allows (arbitraries generated from the spec):
 * decode(encode(m)) deep-equals m in XML and in JSON, and both encodings of one model
 * decode to the same model. A failure prints the smallest model that breaks it.
 * Models may hold data fields named `constructor` or `__proto__`, so equality is
 * node:assert's deepStrictEqual (prototypes compared as prototypes), not toStrictEqual
 * (which reads `.constructor`, here a data field).
 */
/** PROPERTY_RUNS=20000 npx vitest run test/property for a longer search. */
const RUNS = { numRuns: Number(process.env["PROPERTY_RUNS"] ?? 300) };

describe("PicProcessCallback round trips", () => {
  const models = picProcessCallbackArbitrary();

  it("every generated model is valid (the arbitraries stay inside the spec)", () => {
    fc.assert(
      fc.property(models, (m) => {
        expect(validatePicProcessCallback(m).errors).toEqual([]);
      }),
      RUNS,
    );
  });

  it("decode(encode(m, xml)) deep-equals m", () => {
    fc.assert(
      fc.property(models, (m) => {
        deepStrictEqual(decodeCallback(encodeCallback(m, { format: "xml" })).payload, m);
      }),
      RUNS,
    );
  });

  it("decode(encode(m, json)) deep-equals m", () => {
    fc.assert(
      fc.property(models, (m) => {
        deepStrictEqual(decodeCallback(encodeCallback(m, { format: "json" })).payload, m);
      }),
      RUNS,
    );
  });

  it("the XML and JSON encodings of one model decode to the same model", () => {
    fc.assert(
      fc.property(models, (m) => {
        const xml = decodePicProcessCallback(encodePicProcessCallback(m, { format: "xml" })).payload;
        const json = decodePicProcessCallback(encodePicProcessCallback(m, { format: "json" })).payload;
        deepStrictEqual(json, xml);
      }),
      RUNS,
    );
  });

  it("models without unknown fields or values decode in strict mode with no warnings", () => {
    const known = picProcessCallbackArbitrary({ unknownFields: false, unknownEnumValues: false });
    fc.assert(
      fc.property(known, fc.constantFrom("xml" as const, "json" as const), (m, format) => {
        const r = decodeCallback(encodeCallback(m, { format }), { strict: true });
        expect(r.warnings).toEqual([]);
        deepStrictEqual(r.payload, m);
      }),
      RUNS,
    );
  });
});
